/**
 * Leave-kinds-out evaluation and throughput (issue 19). Prints Markdown tables:
 * 1. recall per kind on held-out values (faker, six locales; `bench/held-out-corpus.ts`),
 *    with the seed's five regexes beside it;
 * 2. technical text kept: the labeled corpus's technical phrases and clean snippets, and
 *    the DStudio library's code samples (read from ../shared at run time, token by token);
 * 3. throughput on a 1 MB migration log and the worst adversarial 100 KB input.
 * Run: `npm run bench -w packages/anonymize`.
 */
import { anonymizeText } from '@pollinate/anonymize';
import { median, printMachine } from '../../../scripts/bench-harness.js';
import { dstudioAvailable, fencedCodeBlocks, readMarkdownFiles } from '../../../scripts/datasets.js';
import { evaluateRedaction, generateLabeledCorpus } from '../src/labeled-corpus.js';
import { seedBaselineRedact } from '../src/seed-baseline.js';
import { DEVELOPMENT_KINDS, generateHeldOutCorpus, HELD_OUT_KINDS } from './held-out-corpus.js';

const pct = (value: number | undefined) => (value === undefined ? '–' : `${(value * 100).toFixed(1)}%`);

const heldOut = generateHeldOutCorpus({ perKind: 600, seed: 19 });
const ours = evaluateRedaction(heldOut, (text) => anonymizeText(text));
const seed = evaluateRedaction(heldOut, (text) => ({ text: seedBaselineRedact(text) }));
console.log(`\n### Recall on held-out values (${heldOut.length} sentences, faker 10 in six locales)\n`);
console.log(
  '| kind | held out of development | planted | anonymizeText recall | precision | seed regexes recall |',
);
console.log('| --- | --- | ---: | ---: | ---: | ---: |');
for (const kind of [...HELD_OUT_KINDS, ...DEVELOPMENT_KINDS]) {
  const score = ours.perKind[kind]!;
  console.log(
    `| ${kind} | ${HELD_OUT_KINDS.includes(kind) ? 'kind and values' : 'values'} | ${score.planted} | ${pct(score.recall)} | ${pct(score.precision)} | ${pct(seed.perKind[kind]?.recall)} |`,
  );
}
console.log(
  `\nTechnical phrases of those sentences kept: ${pct(ours.technicalKept)} (seed regexes ${pct(seed.technicalKept)})`,
);

const labeled = generateLabeledCorpus({ size: 600, seed: 42 });
const inSample = evaluateRedaction(labeled, (text, knownIdentifiers) =>
  anonymizeText(text, { knownIdentifiers }),
);
console.log(
  `Labeled corpus (in-sample, 600 snippets): recall ${pct(inSample.recall)}, technical phrases kept ${pct(inSample.technicalKept)}, clean snippets unchanged ${pct(inSample.cleanUnchanged)}`,
);

if (dstudioAvailable()) {
  const blocks = fencedCodeBlocks(readMarkdownFiles());
  const kept = (redact: (text: string) => string) => {
    let keptTokens = 0;
    let total = 0;
    for (const block of blocks) {
      const output = redact(block);
      let cursor = 0;
      for (const token of block.split(/\s+/).filter((t) => t.length > 0)) {
        total++;
        const at = output.indexOf(token, cursor);
        if (at !== -1 && at - cursor < 200) {
          keptTokens++;
          cursor = at + token.length;
        }
      }
    }
    return keptTokens / total;
  };
  console.log(
    `DStudio code samples (${blocks.length} fenced blocks), tokens kept: anonymizeText ${pct(kept((t) => anonymizeText(t).text))}, seed regexes ${pct(kept(seedBaselineRedact))}`,
  );
}

let log = '';
while (log.length < 1_000_000)
  log +=
    labeled.map((snippet) => snippet.text).join('\n') +
    '\n' +
    heldOut
      .slice(0, 300)
      .map((s) => s.text)
      .join('\n');
log = log.slice(0, 1_000_000);
const knownIdentifiers = [...new Set(labeled.flatMap((snippet) => snippet.knownIdentifiers))];
const times: number[] = [];
const cpu: number[] = [];
anonymizeText(log, { knownIdentifiers });
for (let run = 0; run < 11; run++) {
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  anonymizeText(log, { knownIdentifiers });
  times.push(performance.now() - started);
  const used = process.cpuUsage(cpuStart);
  cpu.push((used.user + used.system) / 1000);
}
console.log(
  `\nThroughput on a 1 MB migration log (median of 11): ${median(times).toFixed(1)} ms wall = ${(1 / (median(times) / 1000)).toFixed(1)} MB/s; ${median(cpu).toFixed(1)} ms CPU = ${(1 / (median(cpu) / 1000)).toFixed(1)} MB per CPU-second`,
);
const worst = [
  ['a.', 'a.'],
  ['1 ', '1 '],
  ['+1 ', '+1 '],
  ['Maria ', 'Maria '],
  ['1 Main ', '1 Main '],
  ['DE89 ', 'DE89 '],
  ['password=', 'password='],
] as const;
for (const [label, unit] of worst) {
  const text = unit.repeat(Math.ceil(100_000 / unit.length)).slice(0, 100_000);
  anonymizeText(text);
  const samples: number[] = [];
  for (let run = 0; run < 5; run++) {
    const started = performance.now();
    anonymizeText(text);
    samples.push(performance.now() - started);
  }
  console.log(`adversarial \`${label}\` × 100 KB: ${median(samples).toFixed(1)} ms`);
}
printMachine();
