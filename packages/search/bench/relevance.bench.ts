// Relevance by kind of query: @pollinate/search against raw MiniSearch (its default search
// options, and prefix + fuzzy 0.2 on every term), side by side in one process, on real data:
//
// - npm catalog (../shared/datasets/npm-packages.tsv, 226,974 packages), four kinds, each with
//   its own seed: exact names, name prefixes as typed (a package drawn in proportion to its
//   downloads, the first 60% of its name), the two rarest words of a package's summary
//   (known item), names with one typo;
// - the DStudio pattern library (../shared/datasets/dstudio-pattern-library, read at run time
//   through core's importMarkdownLibrary): natural-language problem statements
//   (bench/problem-statements.ts) with the patterns that answer them.
//
// Reports MRR@10, nDCG@10 and Hit@5 per kind and engine, wins/losses against MiniSearch's
// defaults, build times and query latency (p50/p99 over every npm query).
//
//   node --expose-gc --import tsx bench/relevance.bench.ts
//   BENCH_STRIDE=4 …        every 4th npm row (to iterate; default 1 = all)
//   BENCH_PER_KIND=300 …    queries per npm kind (default 300)
//   BENCH_KINDS=typo,prefix … only these kinds (default all)
//   BENCH_VARIANTS='[{"name":"no popularity","query":{"ranking":{"weights":{"adoption":0}}}}]' …  more configurations of ours

import type { Listing } from '@pollinate/core';
import { importMarkdownLibrary } from '@pollinate/core/import';
import { createIndex, rankingMetrics, type SearchIndex, search } from '@pollinate/search';
import MiniSearch, { type SearchOptions } from 'minisearch';
import { median, seededRandom } from '../../../scripts/bench-harness.js';
import { readMarkdownFiles } from '../../../scripts/datasets.js';
import { englishEmbedder } from '../src/english-word-vectors.js';
import {
  descriptionWords,
  misspell,
  NPM_TSV,
  type NpmRow,
  npmCatalogExists,
  npmListings,
  rarestWords,
  readNpmRows,
} from './npm-catalog.js';
import { PROBLEM_STATEMENTS } from './problem-statements.js';

const STRIDE = Number(process.env.BENCH_STRIDE ?? 1);
const PER_KIND = Number(process.env.BENCH_PER_KIND ?? 300);

if (!npmCatalogExists()) {
  console.error(`${NPM_TSV} not found; cannot run this benchmark.`);
  process.exit(1);
}

const fmt = (value: number, digits = 3): string => value.toFixed(digits);
const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
};

// ---------------------------------------------------------------- data
const rows = readNpmRows({ stride: STRIDE });
const npm = npmListings(rows);
const files = readMarkdownFiles();
const dstudio = importMarkdownLibrary(files, { publishedAt: '2026-11-21T00:00:00Z' }).listings;
const dstudioIds = new Set(dstudio.map((listing) => listing.id));
for (const statement of PROBLEM_STATEMENTS)
  for (const id of statement.answers)
    if (!dstudioIds.has(id)) throw new Error(`problem statement answer ${id} is not in the DStudio library`);
console.log(`catalogs: ${npm.length} npm listings (stride ${STRIDE}), ${dstudio.length} DStudio patterns`);

// ---------------------------------------------------------------- queries
type Kind = 'name' | 'prefix' | 'rare-words' | 'typo' | 'problem';
const KINDS: Kind[] = ['name', 'prefix', 'rare-words', 'typo', 'problem'];
const KIND_LABEL: Record<Kind, string> = {
  name: 'exact names',
  prefix: 'name prefixes (as-you-type)',
  'rare-words': 'rare description words (known item)',
  typo: 'names with a typo',
  problem: 'problem statements (DStudio)',
};
interface Query {
  kind: Kind;
  text: string;
  relevant: Map<string, number>;
}
const one = (id: string): Map<string, number> => new Map([[id, 1]]);
const nameOf = (position: number): string => (rows[position] as NpmRow).name;
const idOf = (position: number): string => (npm[position] as Listing).id;

function nameQueries(seed: number): Query[] {
  const random = seededRandom(seed);
  return Array.from({ length: PER_KIND }, () => {
    const position = Math.floor(random() * npm.length);
    return { kind: 'name' as const, text: nameOf(position), relevant: one(idOf(position)) };
  });
}
function prefixQueries(seed: number): Query[] {
  // A package drawn in proportion to its downloads (what people type is what they use).
  const random = seededRandom(seed);
  const cumulative = new Float64Array(rows.length);
  let sum = 0;
  rows.forEach((row, position) => {
    sum += Math.max(1, row.downloads);
    cumulative[position] = sum;
  });
  const queries: Query[] = [];
  while (queries.length < PER_KIND) {
    const target = random() * sum;
    let low = 0;
    let high = rows.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((cumulative[middle] as number) < target) low = middle + 1;
      else high = middle;
    }
    const name = nameOf(low).replace(/^@[^/]+\//, '');
    if (name.length < 5) continue;
    queries.push({
      kind: 'prefix',
      text: name.slice(0, Math.ceil(name.length * 0.6)),
      relevant: one(idOf(low)),
    });
  }
  return queries;
}
function rareWordQueries(seed: number): Query[] {
  const random = seededRandom(seed);
  const { words, documentFrequency } = descriptionWords(npm);
  const queries: Query[] = [];
  while (queries.length < PER_KIND) {
    const position = Math.floor(random() * npm.length);
    const own = words[position] as string[];
    if (own.length < 3) continue;
    queries.push({
      kind: 'rare-words',
      text: rarestWords(own, documentFrequency),
      relevant: one(idOf(position)),
    });
  }
  return queries;
}
function typoQueries(seed: number): Query[] {
  const random = seededRandom(seed);
  const queries: Query[] = [];
  while (queries.length < PER_KIND) {
    const position = Math.floor(random() * npm.length);
    const name = nameOf(position);
    if (name.length < 6 || name.startsWith('@')) continue;
    const text = misspell(name, random);
    if (text === name) continue;
    queries.push({ kind: 'typo', text, relevant: one(idOf(position)) });
  }
  return queries;
}
const npmQueries: Query[] = [
  ...nameQueries(22_001),
  ...prefixQueries(22_002),
  ...rareWordQueries(22_003),
  ...typoQueries(22_004),
];
const problemQueries: Query[] = PROBLEM_STATEMENTS.map((statement) => ({
  kind: 'problem',
  text: statement.text,
  relevant: new Map(statement.answers.map((id) => [id, 1])),
}));

// ---------------------------------------------------------------- engines
const BOOST = { name: 3, tags: 2, description: 1 };
function rawMiniSearch(listings: readonly Listing[]): MiniSearch<Listing> {
  // The same fields and field extraction as @pollinate/search (src/search-index.ts).
  const engine = new MiniSearch<Listing>({
    fields: ['name', 'tags', 'description'],
    idField: 'id',
    extractField: (listing, field) => {
      if (field === 'id') return listing.id;
      if (field === 'name') {
        const part = listing.id.slice(listing.id.indexOf('/') + 1);
        return listing.name.trim().toLowerCase() === part ? listing.name : `${listing.name} ${part}`;
      }
      if (field === 'tags') return [...listing.tags, listing.category].join(' ');
      const tagline = listing.metadata?.tagline;
      return tagline ? `${tagline} ${listing.description}` : listing.description;
    },
    searchOptions: { boost: BOOST },
  });
  engine.addAll(listings);
  return engine;
}
interface Engine<I = unknown> {
  name: string;
  build: (listings: readonly Listing[]) => I;
  run: (index: I, text: string) => string[];
}
const ours: Engine<SearchIndex> = {
  name: '@pollinate/search (defaults)',
  build: (listings) => createIndex(listings),
  run: (index, text) => search(index, { text, limit: 10 }).hits.map((hit) => hit.id),
};
const embedder = englishEmbedder();
const hybrid: Engine<SearchIndex> = {
  name: '@pollinate/search + englishEmbedder (hybrid)',
  build: (listings) => createIndex(listings, { embedder }),
  run: (index, text) => search(index, { text, limit: 10 }).hits.map((hit) => hit.id),
};
const rawDefaults: Engine<MiniSearch<Listing>> = {
  name: 'MiniSearch, default search options',
  build: rawMiniSearch,
  run: (index, text) =>
    index
      .search(text)
      .slice(0, 10)
      .map((result) => result.id as string),
};
const rawPrefixFuzzy: Engine<MiniSearch<Listing>> = {
  name: 'MiniSearch, prefix + fuzzy 0.2 on every term',
  build: rawMiniSearch,
  run: (index, text) =>
    index
      .search(text, { prefix: true, fuzzy: 0.2 } satisfies SearchOptions)
      .slice(0, 10)
      .map((result) => result.id as string),
};
// Variants of ours for experiments (lab notes):
// BENCH_VARIANTS='[{"name":"…","index":{…},"query":{…},"embedder":{"sifA":0.001}}]' ("embedder": hybrid).
const variants = (
  JSON.parse(process.env.BENCH_VARIANTS ?? '[]') as {
    name: string;
    index?: object;
    query?: object;
    embedder?: { sifA?: number };
  }[]
).map(
  (variant): Engine<SearchIndex> => ({
    name: variant.name,
    build: (listings) =>
      createIndex(listings, {
        ...variant.index,
        ...(variant.embedder === undefined ? {} : { embedder: englishEmbedder(variant.embedder) }),
      }),
    run: (index, text) => search(index, { ...variant.query, text, limit: 10 }).hits.map((hit) => hit.id),
  }),
);
const engines = [ours, hybrid, ...variants, rawDefaults, rawPrefixFuzzy] as Engine[];

// ---------------------------------------------------------------- run
interface Scores {
  rr: number[];
  ndcg: number[];
  hit: number[];
}
const results = new Map<string, Map<Kind, Scores>>();
const latency = new Map<string, number[]>();
const buildMs = new Map<string, number>();
const firstRanks = new Map<string, number[]>(); // per engine: rank of the answer per rare-words query
const builtRaw = new Map<Engine['build'], unknown>();
for (const [position, engine] of engines.entries()) {
  let npmIndex = builtRaw.get(engine.build);
  if (npmIndex === undefined) {
    // Built after a full collection, with no other engine's index of ours alive (each is
    // released after its queries unless a later engine shares it): the heap of one engine
    // does not slow the next one's build. bench/build.bench.ts measures build cost in rounds.
    (globalThis as { gc?: () => void }).gc?.();
    const t0 = performance.now();
    npmIndex = engine.build(npm);
    buildMs.set(engine.name, performance.now() - t0);
    builtRaw.set(engine.build, npmIndex);
  }
  const dstudioIndex = engine.build(dstudio);
  const byKind = new Map<Kind, Scores>(KINDS.map((kind) => [kind, { rr: [], ndcg: [], hit: [] }]));
  const times: number[] = [];
  const ranks: number[] = [];
  const only = process.env.BENCH_KINDS?.split(',');
  for (const query of [...npmQueries, ...problemQueries]) {
    if (only !== undefined && !only.includes(query.kind)) continue;
    const index = query.kind === 'problem' ? dstudioIndex : npmIndex;
    const t0 = performance.now();
    const ids = engine.run(index, query.text);
    if (query.kind !== 'problem') times.push(performance.now() - t0);
    const metrics = rankingMetrics(ids, query.relevant, 10, 5);
    const slot = byKind.get(query.kind) as Scores;
    slot.rr.push(metrics.reciprocalRank);
    slot.ndcg.push(metrics.ndcg);
    slot.hit.push(metrics.hit);
    if (query.kind === 'rare-words') ranks.push(metrics.reciprocalRank);
    if (process.env.BENCH_DUMP === query.kind)
      console.log(
        `${engine.name}\t${query.text}\t${[...query.relevant.keys()].join(',')}\t${fmt(metrics.reciprocalRank, 2)}\t${ids.slice(0, 5).join(' ')}`,
      );
  }
  // Long questions on the big catalog: latency only (their answers are not npm packages).
  for (const query of problemQueries) {
    const t0 = performance.now();
    engine.run(npmIndex, query.text);
    times.push(performance.now() - t0);
  }
  results.set(engine.name, byKind);
  latency.set(engine.name, times);
  firstRanks.set(engine.name, ranks);
  if (!engines.slice(position + 1).some((later) => later.build === engine.build))
    builtRaw.delete(engine.build);
}

// ---------------------------------------------------------------- report
const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
const loadAverage = (await import('node:os')).loadavg()[0] as number;
console.log(
  `\nNode ${process.version}, load average ${loadAverage.toFixed(1)}; ${PER_KIND} queries per npm kind, ` +
    `${problemQueries.length} problem statements\n`,
);
console.log('| kind | engine | MRR@10 | nDCG@10 | Hit@5 |');
console.log('| --- | --- | ---: | ---: | ---: |');
for (const kind of KINDS)
  for (const engine of engines) {
    const slot = results.get(engine.name)?.get(kind) as Scores;
    console.log(
      `| ${KIND_LABEL[kind]} | ${engine.name} | ${fmt(mean(slot.rr))} | ${fmt(mean(slot.ndcg))} | ${fmt(mean(slot.hit))} |`,
    );
  }
const baseline = firstRanks.get(rawDefaults.name) ?? [];
console.log('\n| rare description words: against MiniSearch defaults | worse | better | same |');
console.log('| --- | ---: | ---: | ---: |');
for (const engine of engines) {
  if (engine === rawDefaults) continue;
  const own = firstRanks.get(engine.name) ?? [];
  let worse = 0;
  let better = 0;
  own.forEach((value, position) => {
    const other = baseline[position] as number;
    if (value < other) worse++;
    else if (value > other) better++;
  });
  console.log(`| ${engine.name} | ${worse} | ${better} | ${own.length - worse - better} |`);
}
console.log('\n| engine | build on npm (s) | query p50 (ms) | p99 (ms) | mean (ms) |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const engine of engines) {
  const times = latency.get(engine.name) ?? [];
  const build = buildMs.get(engine.name);
  console.log(
    `| ${engine.name} | ${build === undefined ? '(shared)' : fmt(build / 1000, 2)} | ${fmt(median(times), 2)} | ` +
      `${fmt(percentile(times, 99), 1)} | ${fmt(mean(times), 2)} |`,
  );
}
