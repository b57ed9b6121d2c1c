// `npm start`: the whole Pollinate marketplace end to end (see README.md).

import { existsSync } from 'node:fs';
import { SingleBar } from 'cli-progress';
import { parseOptions, USAGE, UsageError } from './options.js';
import { renderReport } from './report-text.js';
import { runQuickstart } from './run.js';

async function main(): Promise<number> {
  let options: ReturnType<typeof parseOptions>;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
  if (options.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (options.catalog !== undefined && !existsSync(options.catalog)) {
    process.stderr.write(`--catalog ${options.catalog}: no such folder\n`);
    return 2;
  }
  if (options.db !== undefined && existsSync(options.db)) {
    process.stderr.write(
      `--db ${options.db} already exists: pass a new file (each run publishes the catalog from scratch)\n`,
    );
    return 2;
  }
  const started = performance.now();
  const log = (line: string) => {
    if (!options.json) process.stdout.write(`${line}\n`);
  };
  log(
    `Pollinate quickstart · seed ${options.seed}${options.seedGiven ? '' : ` (replay with --seed ${options.seed})`}`,
  );

  const bars = new Map<string, SingleBar>();
  const report = await runQuickstart({
    seed: options.seed,
    ...(options.catalog ? { catalog: options.catalog } : {}),
    ...(options.db ? { db: options.db } : {}),
    onStep: log,
    onProgress: (step, done, total, label) => {
      let bar = bars.get(step);
      if (!bar) {
        bar = new SingleBar({
          format: `${step === 'publish' ? 'publishing ' : 'simulating '} [{bar}] {value}/{total} {label}`,
          barCompleteChar: '█',
          barIncompleteChar: '░',
          hideCursor: true,
          stream: process.stderr,
          noTTYOutput: true,
          notTTYSchedule: 2000,
          clearOnComplete: false,
        });
        bar.start(total, 0, { label: '' });
        bars.set(step, bar);
      }
      bar.update(done, { label: label ?? '' });
      if (done >= total) bar.stop();
    },
  });
  for (const bar of bars.values()) bar.stop();

  if (options.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else {
    process.stdout.write(`\n${renderReport(report)}\n`);
    process.stdout.write(`Finished in ${((performance.now() - started) / 1000).toFixed(1)} s.\n`);
  }
  return 0;
}

main().then(
  (code) => finish(code),
  (error: unknown) => {
    process.stderr.write(
      `quickstart failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    finish(1);
  },
);

/** Sets the exit code; exits for sure shortly after, even if a socket lingers. */
function finish(code: number): void {
  process.exitCode = code;
  setTimeout(() => process.exit(code), 1_000).unref();
}
