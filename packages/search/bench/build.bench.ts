// Build cost, measured fairly: each index is built alone (the previous one released, a full
// garbage collection before it), the order of the engines rotates from round to round, and
// the ratios are taken within a round (then their median), so a change of the machine's load
// between builds shifts both sides of a ratio alike.
//
// Engines, same process, same npm listings (../shared/datasets/npm-packages.tsv):
// - raw MiniSearch with the same fields and field extraction as ours (the baseline);
// - ours on listings core's `parseListing` returned (frozen: indexed as they are);
// - ours on the same listings as plain objects (`structuredClone`: what `JSON.parse` gives),
//   each validated with core's `ListingSchema` (issue #22 item 4: goal ≤ 1.3× raw MiniSearch);
// - ours with `englishEmbedder()` (vectors for every listing; goal ≤ 2× ours without).
//
//   node --expose-gc --import tsx bench/build.bench.ts
//   BENCH_STRIDE=4 …   every 4th npm row (default 1 = all 226,974)
//   BENCH_ROUNDS=3 …   rounds (default 3)

import type { Listing } from '@pollinate/core';
import { createIndex } from '@pollinate/search';
import MiniSearch from 'minisearch';
import { median } from '../../../scripts/bench-harness.js';
import { englishEmbedder } from '../src/english-word-vectors.js';
import { engineOptions } from '../src/search-index.js';
import { NPM_TSV, npmCatalogExists, npmListings, readNpmRows } from './npm-catalog.js';

const STRIDE = Number(process.env.BENCH_STRIDE ?? 1);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

if (!npmCatalogExists()) {
  console.error(`${NPM_TSV} not found; cannot run this benchmark.`);
  process.exit(1);
}
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) {
  console.error('run with node --expose-gc');
  process.exit(1);
}

const listings = npmListings(readNpmRows({ stride: STRIDE }));
// Plain data: structuredClone drops core's parsed-listing mark, so createIndex validates.
const plain: Listing[] = structuredClone(listings);
let t0 = performance.now();
const embedder = englishEmbedder();
const embedderMs = performance.now() - t0;

type Name =
  | 'raw MiniSearch'
  | 'ours, parsed listings'
  | 'ours, plain objects (validated)'
  | 'ours + englishEmbedder()';
const engines: { name: Name; build: () => unknown }[] = [
  {
    name: 'raw MiniSearch',
    build: () => {
      // The same options (fields, extraction) as ours, as src/search-index.ts derives them.
      const engine = new MiniSearch<Listing>(engineOptions({} as Parameters<typeof engineOptions>[0]));
      engine.addAll(listings);
      return engine;
    },
  },
  { name: 'ours, parsed listings', build: () => createIndex(listings) },
  { name: 'ours, plain objects (validated)', build: () => createIndex(plain) },
  { name: 'ours + englishEmbedder()', build: () => createIndex(listings, { embedder }) },
];

const times = new Map<Name, number[]>(engines.map((engine) => [engine.name, []]));
const ratios = { plain: [] as number[], vectors: [] as number[], parsed: [] as number[] };
console.log(
  `${listings.length} listings (stride ${STRIDE}), ${ROUNDS} rounds; englishEmbedder() made in ${(embedderMs / 1000).toFixed(2)} s (once, not counted)`,
);
for (let round = 0; round < ROUNDS; round++) {
  const mine = new Map<Name, number>();
  for (let k = 0; k < engines.length; k++) {
    const engine = engines[(round + k) % engines.length]!;
    gc();
    t0 = performance.now();
    let built: unknown = engine.build();
    const ms = performance.now() - t0;
    built = undefined;
    void built;
    mine.set(engine.name, ms);
    times.get(engine.name)!.push(ms);
  }
  const raw = mine.get('raw MiniSearch')!;
  const parsed = mine.get('ours, parsed listings')!;
  ratios.plain.push(mine.get('ours, plain objects (validated)')! / raw);
  ratios.parsed.push(parsed / raw);
  ratios.vectors.push(mine.get('ours + englishEmbedder()')! / parsed);
  console.log(
    `round ${round + 1}: ${engines.map((engine) => `${engine.name} ${(mine.get(engine.name)! / 1000).toFixed(2)} s`).join(', ')}`,
  );
}
console.log('\n| index | build (s, median) |\n| --- | ---: |');
for (const engine of engines)
  console.log(`| ${engine.name} | ${(median(times.get(engine.name)!) / 1000).toFixed(2)} |`);
const show = (values: number[]) =>
  `${median(values).toFixed(2)}× (rounds: ${values.map((v) => v.toFixed(2)).join(', ')})`;
console.log(`\nparsed listings / raw MiniSearch: ${show(ratios.parsed)}`);
console.log(`plain objects (validated) / raw MiniSearch: ${show(ratios.plain)}  — goal ≤ 1.3×`);
console.log(`with englishEmbedder() / without: ${show(ratios.vectors)}  — goal ≤ 2×`);
