/**
 * Anonymizer benchmark: quality on the labeled corpus (per-kind precision, recall, F2)
 * and throughput on migration logs and adversarial inputs, side by side with the seed's
 * five regexes and the npm package `redact-pii` (its regex-only `SyncRedactor`), all in
 * the same process. Prints Markdown tables of medians. Run: `npm run bench -w packages/anonymize`.
 */
import { cpus, loadavg } from 'node:os';
import { anonymizeText } from '@pollinate/anonymize';
import { SyncRedactor } from 'redact-pii';
import { median } from '../../../scripts/bench-harness.js';
import { type CorpusSnippet, evaluateRedaction, generateLabeledCorpus } from '../src/labeled-corpus.js';
import { seedBaselineRedact } from '../src/seed-baseline.js';

const RUNS = 5;
/** Runs of the throughput table: more than elsewhere, because a shared machine makes single runs noisy. */
const THROUGHPUT_RUNS = 11;
const redactPii = new SyncRedactor();

function replaceKnown(text: string, knownIdentifiers: readonly string[]): string {
  let out = text;
  for (const name of knownIdentifiers)
    out = out.replace(new RegExp(name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), '[NAME]');
  return out;
}

const redactors: Array<
  [
    string,
    (
      text: string,
      knownIdentifiers: string[],
    ) => { text: string; findings?: never[] } | ReturnType<typeof anonymizeText>,
  ]
> = [
  ['@pollinate anonymizeText', (text, knownIdentifiers) => anonymizeText(text, { knownIdentifiers })],
  [
    "seed's five regexes",
    (text, knownIdentifiers) => ({ text: replaceKnown(seedBaselineRedact(text), knownIdentifiers) }),
  ],
  [
    'redact-pii 3.4 (SyncRedactor)',
    (text, knownIdentifiers) => ({ text: replaceKnown(redactPii.redact(text), knownIdentifiers) }),
  ],
];

/** Median wall-clock and CPU milliseconds of `RUNS` runs after a warm-up; one run only when the warm-up takes over a second. */
function timeMs(run: () => void, runs = RUNS): { wall: number; cpu: number } {
  const once = () => {
    const cpuStart = process.cpuUsage();
    const started = performance.now();
    run();
    const wall = performance.now() - started;
    const cpu = process.cpuUsage(cpuStart);
    return { wall, cpu: (cpu.user + cpu.system) / 1000 };
  };
  const warm = once();
  if (warm.wall > 1000) return warm;
  const samples = Array.from({ length: runs }, once);
  return { wall: median(samples.map((s) => s.wall)), cpu: median(samples.map((s) => s.cpu)) };
}

const pct = (value: number | undefined) => (value === undefined ? '–' : `${(value * 100).toFixed(1)}%`);

// 1. Quality on the labeled corpus.
const corpus: CorpusSnippet[] = generateLabeledCorpus({ size: 600, seed: 42 });
console.log(
  `Labeled corpus: ${corpus.length} snippets (${corpus.filter((s) => s.clean).length} clean), ${corpus.reduce((n, s) => n + s.planted.length, 0)} planted values, ${corpus.reduce((n, s) => n + s.technical.length, 0)} technical phrases\n`,
);
console.log(
  '| redactor | recall (planted values removed) | technical phrases kept | clean snippets unchanged |',
);
console.log('| --- | --- | --- | --- |');
const scores = redactors.map(([name, redact]) => [name, evaluateRedaction(corpus, redact)] as const);
for (const [name, score] of scores) {
  console.log(
    `| ${name} | ${pct(score.recall)} | ${pct(score.technicalKept)} | ${pct(score.cleanUnchanged)} |`,
  );
}

console.log(
  '\nPer kind (anonymizeText: precision and F2 from its findings; recall of the baselines by text):\n',
);
console.log('| kind | planted | precision | recall | F2 | seed recall | redact-pii recall |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
const [ours, seed, pii] = scores.map(([, score]) => score);
for (const [kind, score] of Object.entries(ours!.perKind).sort()) {
  if (score.planted === 0) continue;
  console.log(
    `| ${kind} | ${score.planted} | ${pct(score.precision)} | ${pct(score.recall)} | ${pct(score.f2)} | ${pct(seed!.perKind[kind]?.recall)} | ${pct(pii!.perKind[kind]?.recall)} |`,
  );
}
console.log(
  `\nanonymizeText span recall (every planted character covered by a finding): ${pct(ours!.spanRecall)}`,
);

// 2. Throughput on migration logs, about 1 MB each:
// - the 600-snippet corpus joined and repeated (719 distinct lines of 14,171: each distinct line
//   is scanned once, so this one measures the first pass on 600 snippets, then copies);
// - 9,000 distinct snippets (seed 43), no line repeated but the clean ones;
// - the same with an ISO 8601 time stamp before every line, as most logs write them (no two
//   lines alike): the figure closest to a real log.
let log = '';
while (log.length < 1_000_000) log += corpus.map((snippet) => snippet.text).join('\n');
const distinctCorpus = generateLabeledCorpus({ size: 9000, seed: 43 });
const distinctLines = distinctCorpus.map((snippet) => snippet.text).join('\n');
const startOfDay = Date.UTC(2026, 10, 2, 10, 0, 0);
const stamped = distinctLines
  .split('\n')
  .map((line, index) => `${new Date(startOfDay + index * 1370).toISOString()} ${line}`)
  .join('\n');
const knownIdentifiers = [
  ...new Set([...corpus, ...distinctCorpus].flatMap((snippet) => snippet.knownIdentifiers)),
];
const logs: Array<[string, string]> = [
  ['migration log (600 snippets, repeated), 1 MB', log.slice(0, 1_000_000)],
  ['migration log (600 snippets), 100 KB', log.slice(0, 100_000)],
  ['migration log (9,000 distinct snippets), 1 MB', distinctLines.slice(0, 1_000_000)],
  ['time-stamped log (9,000 distinct snippets), 1 MB', stamped.slice(0, 1_000_000)],
];
console.log(
  `\nThroughput (median of ${THROUGHPUT_RUNS} runs after a warm-up; MB = 10^6 UTF-16 code units; CPU = this process's user+system time, less skewed by other load):\n`,
);
console.log('| input | redactor | median ms | MB/s | CPU ms | MB per CPU-second |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const [label, text] of logs) {
  for (const [name, redact] of redactors) {
    if (name.startsWith('redact-pii') && text.length > 100_000) continue; // seconds per MB
    const { wall, cpu } = timeMs(() => redact(text, knownIdentifiers), THROUGHPUT_RUNS);
    const mb = text.length / 1e6;
    console.log(
      `| ${label} | ${name} | ${wall.toFixed(1)} | ${(mb / (wall / 1000)).toFixed(1)} | ${cpu.toFixed(1)} | ${(mb / (cpu / 1000)).toFixed(1)} |`,
    );
  }
}

// 3. Adversarial inputs (the list): 100 KB each; redact-pii on 10 KB (it is super-linear).
const base64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const adversarial: Array<[string, string]> = [
  ['a.', 'a.'],
  ['1.', '1.'],
  ['a@', 'a@'],
  ['/a/', '/a/'],
  ['-', '-'],
  ['base64 alphabet', base64],
  ['a. (spaced)', 'a. '],
  ['acme (20k findings)', 'acme '],
];
const fill = (unit: string, size: number) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
console.log(
  `\nAdversarial inputs (median wall ms of ${RUNS} runs; one run when it takes over a second; redact-pii on 10 KB of the same input, 1 run):\n`,
);
console.log("| input | anonymizeText, 100 KB | seed's regexes, 100 KB | redact-pii, 10 KB |");
console.log('| --- | --- | --- | --- |');
let worst = 0;
for (const [label, unit] of adversarial) {
  const big = fill(unit, 100_000);
  const ours100 = timeMs(() => anonymizeText(big, { knownIdentifiers: ['acme'] })).wall;
  worst = Math.max(worst, ours100);
  const seed100 = timeMs(() => seedBaselineRedact(big)).wall;
  const small = fill(unit, 10_000);
  const started = performance.now();
  redactPii.redact(small);
  const pii10 = performance.now() - started;
  console.log(`| ${label} | ${ours100.toFixed(1)} | ${seed100.toFixed(1)} | ${pii10.toFixed(0)} |`);
}
console.log(`\nWorst adversarial case for anonymizeText: ${worst.toFixed(1)} ms per 100 KB`);
const calibration = timeMs(() => {
  let x = 0;
  for (let i = 0; i < 1e8; i++) x = (x + i * 7) | 0;
  if (x === 1) console.log(x);
}, 3);
console.log(
  `Calibration: a fixed loop of 10^8 integer steps took ${calibration.wall.toFixed(0)} ms wall, ${calibration.cpu.toFixed(0)} ms CPU: compare machines and load by it.`,
);
console.log(
  `Machine: ${cpus().length} cores, Node ${process.versions.node}, load average ${loadavg()
    .map((load) => load.toFixed(1))
    .join(' / ')} (1/5/15 min)`,
);
