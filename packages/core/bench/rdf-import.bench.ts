// RDF and import benchmarks, each beside its baseline in the same process:
// (the importer reads page bodies with a real CommonMark + GFM parser through src/markdown.ts
// since issue 15: markdown-it, 2.6x the baseline; micromark took 31x, the old line scanner 1.65x)
// - importMarkdownLibrary over the real DStudio library (../shared/datasets), beside a bare
//   YAML parse of every file's front matter (the least any importer must do);
// - toTurtle / fromTurtle over 1,000 generated listings (every field, Unicode text), beside
//   JSON.stringify / JSON.parse (+ ListingSchema parsing, which fromTurtle also does).
import { ListingSchema } from '@pollinate/core';
import { importMarkdownLibrary } from '@pollinate/core/import';
import { fromTurtle, toTurtle } from '@pollinate/core/rdf';
import fc from 'fast-check';
import { parse as parseYaml } from 'yaml';
import { compare, printMachine } from '../../../scripts/bench-harness.js';
import { DSTUDIO_LIBRARY, dstudioAvailable, readMarkdownFiles } from '../../../scripts/datasets.js';
import { listingArbitrary } from '../src/testing/arbitraries.js';

printMachine();

if (dstudioAvailable()) {
  const files = readMarkdownFiles();
  const result = importMarkdownLibrary(files, { publishedAt: '2026-11-21T00:00:00Z' });
  console.log(
    `\nDStudio library: ${files.length} files → ${result.listings.length} listings, ${result.skipped.length} skipped, ${result.warnings.length} warnings`,
  );
  compare(
    `Import the DStudio pattern library (${files.length} files)`,
    [
      {
        name: 'baseline: YAML.parse of each front matter',
        run: () =>
          files.map((file) => {
            const match = /^---\n([\s\S]*?)\n---/.exec(file.text);
            try {
              return match ? parseYaml(match[1] ?? '') : undefined;
            } catch {
              return undefined;
            }
          }),
      },
      {
        name: 'importMarkdownLibrary',
        run: () => importMarkdownLibrary(files, { publishedAt: '2026-11-21T00:00:00Z' }),
      },
    ],
    files.length,
  );
} else {
  console.log(`\nDStudio library not found at ${DSTUDIO_LIBRARY}; import benchmark skipped`);
}

const COUNT = 1000;
const listings = fc.sample(listingArbitrary(), { numRuns: COUNT, seed: 2026 });
const json = JSON.stringify(listings);
const turtle = toTurtle(listings);
console.log(
  `\n${COUNT} generated listings: JSON ${(json.length / 1024).toFixed(0)} KiB, Turtle ${(turtle.length / 1024).toFixed(0)} KiB`,
);
compare(
  `Serialize ${COUNT} listings`,
  [
    { name: 'baseline: JSON.stringify', run: () => JSON.stringify(listings) },
    { name: 'toTurtle', run: () => toTurtle(listings) },
  ],
  COUNT,
);
compare(
  `Parse ${COUNT} listings back`,
  [
    { name: 'baseline: JSON.parse', run: () => JSON.parse(json) },
    {
      name: 'baseline: JSON.parse + ListingSchema',
      run: () => (JSON.parse(json) as unknown[]).map((item) => ListingSchema.parse(item)),
    },
    { name: 'fromTurtle', run: () => fromTurtle(turtle) },
  ],
  COUNT,
);
