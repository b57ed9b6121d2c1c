// Command-line options of `npm start` (node:util parseArgs).

import { randomInt } from 'node:crypto';
import { parseArgs } from 'node:util';

/** What a run does. */
export interface QuickstartOptions {
  /** Seed of the simulation's random source. */
  seed: number;
  /** Whether the seed was given (`--seed`), i.e. the run is meant to be replayed. */
  seedGiven: boolean;
  /** Print the report as JSON instead of screens. */
  json: boolean;
  /** SQLite file to keep; `undefined` uses a temporary folder removed at the end. */
  db?: string;
  /** Catalog folder: a pattern catalog (examples/catalog layout) or a Markdown pattern library. */
  catalog?: string;
  /** Print the help text and exit. */
  help: boolean;
}

/** The help text. */
export const USAGE = `Usage: npm start -- [options]

Runs the whole Pollinate marketplace end to end: starts a registry in-process, publishes a
catalog, simulates adoption and reviews, syncs three deployments' pattern network, and
prints the marketplace screens.

Options:
  --catalog <dir>  pattern catalog (default examples/catalog) or a Markdown pattern
                   library, e.g. ../shared/datasets/dstudio-pattern-library
  --seed <n>       seed of the simulation (integer); the same seed replays the same run
  --db <file>      keep the registry's SQLite database in <file> (default: a temporary file)
  --json           print the report as JSON instead of screens
  -h, --help       show this help
`;

/** Thrown for bad command-line input; the message is meant for the user. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Parses `argv` (without node and the script). */
export function parseOptions(argv: readonly string[]): QuickstartOptions {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values } = parsed;
  let seed = randomInt(1, 1_000_000);
  if (values.seed !== undefined) {
    if (!/^-?\d{1,10}$/.test(values.seed) || Math.abs(Number(values.seed)) > 0x7fff_ffff) {
      throw new UsageError(
        `--seed must be an integer between -2147483647 and 2147483647, not "${values.seed}"`,
      );
    }
    seed = Number(values.seed);
  }
  if (values.db !== undefined && values.db.trim() === '') throw new UsageError('--db needs a file path');
  if (values.catalog !== undefined && values.catalog.trim() === '')
    throw new UsageError('--catalog needs a folder');
  return {
    seed,
    seedGiven: values.seed !== undefined,
    json: values.json === true,
    help: values.help === true,
    ...(values.db !== undefined ? { db: values.db } : {}),
    ...(values.catalog !== undefined ? { catalog: values.catalog } : {}),
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      seed: { type: 'string' },
      json: { type: 'boolean' },
      db: { type: 'string' },
      catalog: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
