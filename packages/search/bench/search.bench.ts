// Search benchmark on the 226,974-package npm catalog (../shared/datasets/npm-packages.tsv):
// @pollinate/search against raw MiniSearch configured the same way (same fields, boosts
// and field extraction; MiniSearch's default search options), raw MiniSearch with prefix +
// fuzzy on every term, and @orama/orama 3 with its defaults (same three text fields), all
// in this process. Prints medians over several runs.
//
//   npm run bench -w packages/search          (or: node --expose-gc --import tsx bench/search.bench.ts)
//   BENCH_ROUNDS=5 BENCH_QUERIES=1000 …      (defaults 3 rounds, 1000 queries)
//   BENCH_STRIDE=4 …                          (every 4th row only, to iterate quickly; default 1 = all)
//   BENCH_ENGINES=ours,raw …                  (only these indexes: ours, raw, orama; default all)

import { create as createOrama, insertMultiple as insertOrama, search as searchOrama } from '@orama/orama';
import type { Listing } from '@pollinate/core';
import { createIndex, loadIndex, type SearchIndex, search, serializeIndex } from '@pollinate/search';
import MiniSearch, { type SearchOptions } from 'minisearch';
import { median, seededRandom } from '../../../scripts/bench-harness.js';
import {
  descriptionWords,
  misspell,
  npmCatalogExists,
  npmListings,
  rarestWords,
  readNpmRows,
} from './npm-catalog.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const QUERY_COUNT = Number(process.env.BENCH_QUERIES ?? 1000);
const STRIDE = Number(process.env.BENCH_STRIDE ?? 1);
const ENGINES = new Set((process.env.BENCH_ENGINES ?? 'ours,raw,orama').split(','));

if (!npmCatalogExists()) {
  console.error(
    'npm-packages.tsv not found beside the repository (../shared/datasets); cannot run this benchmark.',
  );
  process.exit(1);
}
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) console.warn('run with --expose-gc for heap figures (npm run bench does)');

// ---------------------------------------------------------------- helpers
const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
};
const heapMb = (): number => {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed / 1048576;
};
const fmt = (value: number, digits = 1): string => value.toFixed(digits);

// ---------------------------------------------------------------- data
const started = performance.now();
const rows = readNpmRows({ stride: STRIDE });
const listings = npmListings(rows);
console.log(
  `catalog: ${listings.length} listings converted in ${fmt((performance.now() - started) / 1000)} s`,
);

// ---------------------------------------------------------------- queries
type Kind = 'name' | 'prefix' | 'rare-words' | 'misspelling';
interface Query {
  kind: Kind;
  text: string;
  answer?: string;
}
function makeQueries(count: number): Query[] {
  const random = seededRandom(20261121);
  const { words, documentFrequency } = descriptionWords(listings);
  const pick = (): number => Math.floor(random() * listings.length);
  const queries: Query[] = [];
  const per = Math.floor(count / 4);
  // Names are the npm package names (`@babel/core`, `react`), as a user types them.
  while (queries.length < per) {
    const position = pick();
    queries.push({
      kind: 'name',
      text: (rows[position] as { name: string }).name,
      answer: (listings[position] as Listing).id,
    });
  }
  while (queries.length < 2 * per) {
    const name = (rows[pick()] as { name: string }).name.replace(/^@[^/]+\//, '');
    if (name.length < 5) continue;
    queries.push({ kind: 'prefix', text: name.slice(0, Math.ceil(name.length * 0.6)) });
  }
  while (queries.length < 3 * per) {
    const position = pick();
    const own = words[position] as string[];
    if (own.length < 3) continue;
    queries.push({
      kind: 'rare-words',
      text: rarestWords(own, documentFrequency),
      answer: (listings[position] as Listing).id,
    });
  }
  while (queries.length < count) {
    const position = pick();
    const listing = listings[position] as Listing;
    const name = (rows[position] as { name: string }).name;
    if (name.length < 6 || name.startsWith('@')) continue;
    const text = misspell(name, random);
    if (text === name) continue;
    queries.push({ kind: 'misspelling', text, answer: listing.id });
  }
  return queries;
}
const queries = makeQueries(QUERY_COUNT);

// ---------------------------------------------------------------- engines
const BOOST = { name: 3, tags: 2, description: 1 };
function rawMiniSearch(): MiniSearch<Listing> {
  // The same fields and field extraction as @pollinate/search (see src/search-index.ts).
  return new MiniSearch<Listing>({
    fields: ['name', 'tags', 'description'],
    idField: 'id',
    extractField: (listing, field) => {
      if (field === 'id') return listing.id;
      if (field === 'name') {
        const part = listing.id.slice(listing.id.indexOf('/') + 1);
        return listing.name.trim().toLowerCase() === part ? listing.name : `${listing.name} ${part}`;
      }
      if (field === 'tags') return [...listing.tags, listing.category].join(' ');
      return listing.description;
    },
    searchOptions: { boost: BOOST },
  });
}

interface Engine {
  name: string;
  run: (text: string) => string[] | Promise<string[]>;
}

// ---------------------------------------------------------------- build
const buildMs: Record<string, number[]> = { ours: [], 'ours (plain objects)': [], raw: [], orama: [] };
const heapAfter: Record<string, number[]> = { ours: [], 'ours (plain objects)': [], raw: [], orama: [] };
const ORAMA_SCHEMA = { id: 'string', name: 'string', tags: 'string', description: 'string' } as const;
async function buildOrama() {
  const db = createOrama({ schema: ORAMA_SCHEMA });
  await insertOrama(
    db,
    listings.map((listing) => ({
      id: listing.id,
      name: `${listing.name} ${listing.id.slice(listing.id.indexOf('/') + 1)}`,
      tags: [...listing.tags, listing.category].join(' '),
      description: listing.description,
    })),
  );
  return db;
}
// Each round builds every index once. The previous instance of the same kind is released
// before measuring, so each heap figure is what that one index retains. Building and
// measuring happen inside functions, so no stale local still holds a released instance.
type Which = 'ours' | 'ours (plain objects)' | 'raw' | 'orama';
const kept: Partial<Record<Which, unknown>> = {};
async function buildOne(which: Which): Promise<unknown> {
  if (which === 'raw') {
    const engine = rawMiniSearch();
    engine.addAll(listings);
    return engine;
  }
  if (which === 'orama') return buildOrama();
  // Plain data (what JSON.parse gives) is validated and copied; core's parsed listings are not.
  return createIndex(which === 'ours (plain objects)' ? plainListings : listings);
}
async function measureBuild(which: Which): Promise<void> {
  delete kept[which];
  const before = heapMb();
  const t0 = performance.now();
  const instance = await buildOne(which);
  buildMs[which]?.push(performance.now() - t0);
  heapAfter[which]?.push(heapMb() - before);
  if (which !== 'ours (plain objects)') kept[which] = instance;
}
const selected = (['raw', 'ours', 'ours (plain objects)', 'orama'] as const).filter((which) =>
  ENGINES.has(which.split(' ')[0] as string),
);
// The same listings as plain objects (structuredClone drops core's parsed-listing mark).
let plainListings: Listing[] = selected.includes('ours (plain objects)')
  ? listings.map((listing) => structuredClone(listing))
  : [];
for (let round = 0; round < ROUNDS; round++) for (const which of selected) await measureBuild(which);
plainListings = []; // only the build measures them; the query rounds should not carry their heap
const oursIndex = kept.ours as SearchIndex;
const rawIndex = kept.raw as MiniSearch<Listing>;
const oramaIndex = kept.orama as Awaited<ReturnType<typeof buildOrama>>;

const allEngines: (Engine & { index: string })[] = [
  {
    index: 'ours',
    name: '@pollinate/search (defaults)',
    run: (text) => search(oursIndex, { text, limit: 10 }).hits.map((hit) => hit.id),
  },
  {
    index: 'raw',
    name: 'MiniSearch, default search options',
    run: (text) =>
      rawIndex
        .search(text)
        .slice(0, 10)
        .map((result) => result.id as string),
  },
  {
    index: 'raw',
    name: 'MiniSearch, prefix on the last term (as ours), no fuzzy',
    run: (text) =>
      rawIndex
        .search(text, {
          prefix: (term, position, terms) => position === terms.length - 1 && term.length >= 3,
        } satisfies SearchOptions)
        .slice(0, 10)
        .map((result) => result.id as string),
  },
  {
    index: 'raw',
    name: 'MiniSearch, prefix + fuzzy 0.2 on every term',
    run: (text) =>
      rawIndex
        .search(text, { prefix: true, fuzzy: 0.2 } satisfies SearchOptions)
        .slice(0, 10)
        .map((result) => result.id as string),
  },
  {
    index: 'orama',
    name: '@orama/orama 3, default search options',
    run: async (text) => {
      const results = await searchOrama(oramaIndex, { term: text, limit: 10 });
      return results.hits.map((hit) => hit.id);
    },
  },
];
const engines: Engine[] = allEngines.filter((engine) => ENGINES.has(engine.index));

// ---------------------------------------------------------------- queries: latency and MRR@10
const latencies = new Map<string, { p50: number[]; p99: number[]; mean: number[] }>();
const reciprocal = new Map<string, Map<Kind, number[]>>();
const byKind = new Map<string, Map<Kind, { p50: number[]; p99: number[] }>>();
for (let round = 0; round < ROUNDS; round++) {
  const order = round % 2 === 0 ? engines : [...engines].reverse();
  for (const engine of order) {
    const times: number[] = [];
    const kindTimes = new Map<Kind, number[]>();
    const rr = new Map<Kind, number[]>();
    for (const query of queries) {
      const t0 = performance.now();
      const ids = await engine.run(query.text);
      const elapsed = performance.now() - t0;
      times.push(elapsed);
      kindTimes.set(query.kind, [...(kindTimes.get(query.kind) ?? []), elapsed]);
      if (query.answer !== undefined && round === 0) {
        const rank = ids.indexOf(query.answer);
        const list = rr.get(query.kind) ?? [];
        list.push(rank === -1 ? 0 : 1 / (rank + 1));
        rr.set(query.kind, list);
      }
    }
    const entry = latencies.get(engine.name) ?? { p50: [], p99: [], mean: [] };
    entry.p50.push(percentile(times, 50));
    entry.p99.push(percentile(times, 99));
    entry.mean.push(times.reduce((a, b) => a + b, 0) / times.length);
    latencies.set(engine.name, entry);
    const kinds = byKind.get(engine.name) ?? new Map<Kind, { p50: number[]; p99: number[] }>();
    for (const [kind, values] of kindTimes) {
      const slot = kinds.get(kind) ?? { p50: [], p99: [] };
      slot.p50.push(percentile(values, 50));
      slot.p99.push(percentile(values, 99));
      kinds.set(kind, slot);
    }
    byKind.set(engine.name, kinds);
    if (round === 0) reciprocal.set(engine.name, rr);
  }
}

// ---------------------------------------------------------------- serialization
const serialized: Record<string, { bytes: number; loadMs: number[] }> = {};
if (ENGINES.has('ours') && ENGINES.has('raw')) {
  const json = serializeIndex(oursIndex);
  const rawJson = JSON.stringify(rawIndex);
  serialized['ours'] = { bytes: json.length, loadMs: [] };
  serialized['raw'] = { bytes: rawJson.length, loadMs: [] };
  for (let round = 0; round < ROUNDS; round++) {
    let t0 = performance.now();
    loadIndex(json);
    serialized['ours'].loadMs.push(performance.now() - t0);
    t0 = performance.now();
    MiniSearch.loadJSON(rawJson, {
      fields: ['name', 'tags', 'description'],
      searchOptions: { boost: BOOST },
    });
    serialized['raw'].loadMs.push(performance.now() - t0);
  }
}

// ---------------------------------------------------------------- report
console.log(
  `\nmachine: ${process.arch}, ${(await import('node:os')).cpus().length} cores, Node ${process.version}; ` +
    `${ROUNDS} rounds, ${queries.length} queries (${queries.filter((q) => q.kind === 'name').length} names, ` +
    `${queries.filter((q) => q.kind === 'prefix').length} name prefixes, ` +
    `${queries.filter((q) => q.kind === 'rare-words').length} rarest-two-summary-words, ` +
    `${queries.filter((q) => q.kind === 'misspelling').length} misspelled names)\n`,
);
console.log(
  '| index | build (s, median) | heap after build (MB, median) | serialized (MB) | load (s, median) |',
);
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const which of selected) {
  const label =
    which === 'raw'
      ? 'MiniSearch (same fields and boosts)'
      : which === 'orama'
        ? '@orama/orama 3 (defaults)'
        : `@pollinate/search${which.slice(4)}`;
  const stored = serialized[which];
  console.log(
    `| ${label} | ${fmt(median(buildMs[which] ?? []) / 1000, 2)} | ${fmt(median(heapAfter[which] ?? []), 0)} | ` +
      `${stored ? fmt(stored.bytes / 1048576, 0) : '—'} | ${stored ? fmt(median(stored.loadMs) / 1000, 2) : '—'} |`,
  );
}
console.log(
  '\n| search | p50 (ms) | p99 (ms) | mean (ms) | MRR@10 names | MRR@10 rare words | MRR@10 misspellings | MRR@10 all known-item |',
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const engine of engines) {
  const entry = latencies.get(engine.name);
  const rr = reciprocal.get(engine.name) ?? new Map<Kind, number[]>();
  const mean = (values: number[] | undefined): number =>
    values && values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : 0;
  const all = [...(rr.get('name') ?? []), ...(rr.get('rare-words') ?? []), ...(rr.get('misspelling') ?? [])];
  console.log(
    `| ${engine.name} | ${fmt(median(entry?.p50 ?? []), 2)} | ${fmt(median(entry?.p99 ?? []), 1)} | ` +
      `${fmt(median(entry?.mean ?? []), 2)} | ${fmt(mean(rr.get('name')), 3)} | ${fmt(mean(rr.get('rare-words')), 3)} | ` +
      `${fmt(mean(rr.get('misspelling')), 3)} | ${fmt(mean(all), 3)} |`,
  );
}

console.log('\n| search: p50 / p99 (ms) by query kind | names | name prefixes | rare words | misspellings |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const engine of engines) {
  const kinds = byKind.get(engine.name);
  const cell = (kind: Kind): string => {
    const slot = kinds?.get(kind);
    return slot ? `${fmt(median(slot.p50), 2)} / ${fmt(median(slot.p99), 1)}` : '—';
  };
  console.log(
    `| ${engine.name} | ${cell('name')} | ${cell('prefix')} | ${cell('rare-words')} | ${cell('misspelling')} |`,
  );
}
