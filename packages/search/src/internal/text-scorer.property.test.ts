import fc from 'fast-check';
import MiniSearch, { type SearchOptions } from 'minisearch';
import { describe, expect, it } from 'vitest';
import { add, createIndex, INDEXED_FIELDS, remove } from '../search-index.js';
import { makeListing } from '../test-catalog.js';
import type { TextQueryOptions } from './text-scorer.js';

// Conformance: the typed-array scorer must give exactly what MiniSearch's own search gives
// (scores, matched query terms, match info) for any catalog, query and options. Words share
// prefixes and sit within small edit distances of each other, so prefix and fuzzy expansion,
// duplicate terms and ties all occur.
const WORDS = [
  'cache',
  'caches',
  'cached',
  'cacher',
  'catch',
  'retry',
  'retries',
  'retro',
  'queue',
  'queued',
  'q',
];
const IDS = Array.from({ length: 14 }, (_, position) => `p/item-${position}`);

const text = (min: number, max: number) =>
  fc.array(fc.constantFrom(...WORDS), { minLength: min, maxLength: max }).map((list) => list.join(' '));

const catalogArbitrary = fc
  .uniqueArray(fc.constantFrom(...IDS), { minLength: 1, maxLength: IDS.length })
  .chain((ids) =>
    fc.tuple(
      ...ids.map((id) =>
        fc
          .record({
            name: text(1, 3),
            description: text(0, 8),
            tags: fc.uniqueArray(fc.constantFrom('cache', 'retry', 'queue', 'io'), { maxLength: 3 }),
          })
          .map((fields) => makeListing({ id, ...fields, category: 'data' })),
      ),
    ),
  );

interface QueryCase {
  text: string;
  combineWith: 'or' | 'and';
  prefixAt: boolean[];
  fuzzyAt: (number | false)[];
  maxFuzzy: number;
  boost: Record<string, number>;
}

const queryArbitrary: fc.Arbitrary<QueryCase> = fc.record({
  text: fc
    .array(fc.oneof(fc.constantFrom(...WORDS), fc.constantFrom('cach', 'retr', 'qeue', 'cahce', 'zzz')), {
      minLength: 0,
      maxLength: 4,
    })
    .chain((terms) => fc.constantFrom(terms.join(' '), terms.join('-'), `${terms.join(', ')} `)),
  combineWith: fc.constantFrom('or' as const, 'and' as const),
  prefixAt: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
  fuzzyAt: fc.array(fc.constantFrom(false as const, 0.2, 0.34, 1, 2), { minLength: 4, maxLength: 4 }),
  maxFuzzy: fc.integer({ min: 1, max: 6 }),
  boost: fc.record({
    name: fc.constantFrom(1, 3, 0.5),
    tags: fc.constantFrom(1, 2),
    description: fc.constantFrom(1, 1.5),
  }),
});

function tokens(query: string): string[] {
  const tokenize = MiniSearch.getDefault('tokenize') as (text: string) => string[];
  return tokenize(query)
    .map((token) => token.toLowerCase())
    .filter((token) => token !== '');
}

describe('TextScorer (conformance with MiniSearch#search)', () => {
  it('gives MiniSearch’s scores, query terms and match info for any catalog, query and options', () => {
    fc.assert(
      fc.property(
        catalogArbitrary,
        fc.array(fc.nat(), { maxLength: 3 }),
        fc.array(queryArbitrary, { minLength: 1, maxLength: 4 }),
        (catalog, removals, queries) => {
          const index = createIndex(catalog, { validate: false });
          // A few removals and re-adds, so the engine's statistics have been updated in place.
          for (const pick of removals) {
            const listing = catalog[pick % catalog.length];
            if (listing === undefined || !index.has(listing.id)) continue;
            remove(index, listing.id);
            if (pick % 2 === 0) add(index, listing);
          }
          for (const query of queries) {
            const options: TextQueryOptions = {
              boost: query.boost,
              combineWith: query.combineWith,
              prefix: (_term, position) => query.prefixAt[position % 4] as boolean,
              fuzzy: (_term, position) => query.fuzzyAt[position % 4] as number | false,
              maxFuzzy: query.maxFuzzy,
            };
            const expected = index.engine.search(query.text, {
              fields: [...INDEXED_FIELDS],
              boost: query.boost,
              combineWith: query.combineWith,
              prefix: options.prefix,
              fuzzy: options.fuzzy,
              maxFuzzy: query.maxFuzzy,
            } satisfies SearchOptions);
            const scores = index.text.score(tokens(query.text), options);
            const actual = new Map<
              string,
              { score: number; terms: string[]; match: object; keys: string[] }
            >();
            for (let position = 0; position < scores.count; position++) {
              const record = index.slots[scores.slots[position] as number];
              expect(record).toBeDefined();
              const match = scores.matchAt(position);
              actual.set(record?.listing.id as string, {
                score: scores.scores[position] as number,
                terms: scores.termsAt(position),
                match,
                keys: Object.keys(match),
              });
            }
            expect(actual.size).toBe(expected.length);
            for (const result of expected) {
              const mine = actual.get(result.id as string);
              expect(mine, `${result.id} for ${JSON.stringify(query.text)}`).toBeDefined();
              expect(mine?.score).toBe(result.score);
              expect(mine?.terms).toEqual(result.queryTerms);
              expect(mine?.match).toEqual(result.match);
              expect(mine?.keys).toEqual(Object.keys(result.match));
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('gives MiniSearch’s scores from long posting lists (kept as typed arrays) across changes', () => {
    // 5,000 listings share "common" (a posting list long enough to be cached); every change
    // must drop the cache, or scores would come from stale postings and statistics.
    const listings = Array.from({ length: 5000 }, (_, position) =>
      makeListing({
        id: `p/item-${position}`,
        name: `item ${position % 7 === 0 ? 'rare' : 'plain'}`,
        description: `common ${position % 3 === 0 ? 'common' : 'words'} ${position % 11 === 0 ? 'cached' : ''}`,
        category: 'data',
      }),
    );
    const index = createIndex(listings);
    const check = (): void => {
      for (const text of ['common', 'common rare', 'comm', 'item plain', 'commn']) {
        const options: TextQueryOptions = {
          boost: { name: 3, tags: 2, description: 1 },
          combineWith: 'or',
          prefix: (term) => term.length >= 4,
          fuzzy: (term) => (term === 'commn' ? 0.2 : false),
          maxFuzzy: 2,
        };
        const expected = new Map(
          index.engine
            .search(text, { fields: [...INDEXED_FIELDS], ...options })
            .map((result) => [result.id as string, result.score]),
        );
        const scores = index.text.score(tokens(text), options);
        expect(scores.count).toBe(expected.size);
        for (let position = 0; position < scores.count; position++) {
          const id = index.slots[scores.slots[position] as number]?.listing.id as string;
          expect(scores.scores[position]).toBe(expected.get(id));
        }
      }
    };
    check();
    for (let position = 0; position < 5000; position += 20) remove(index, `p/item-${position}`);
    check();
    for (let position = 0; position < 2000; position += 20) add(index, listings[position] as never);
    check();
  });

  it('refuses an engine without the internals it reads', async () => {
    const { TextScorer } = await import('./text-scorer.js');
    const { ScratchArrays } = await import('./scratch.js');
    const engine = new MiniSearch({ fields: ['name'] });
    (engine as unknown as { _index: unknown })._index = undefined;
    expect(() => new TextScorer(engine, ['name'], new ScratchArrays())).toThrow(/minisearch ~7\.2/);
  });
});
