import type { Listing } from '@pollinate/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DuplicateListingError, ListingNotFoundError } from './errors.js';
import { type SearchFilters, type SearchQuery, type SearchResult, search } from './search.js';
import { add, createIndex, type IndexOptions, remove, replace, type SearchIndex } from './search-index.js';
import { makeListing } from './test-catalog.js';

// ------------------------------------------------------------------ arbitraries
const WORDS = [
  'cache',
  'retry',
  'queue',
  'stream',
  'shard',
  'token',
  'event',
  'saga',
  'proxy',
  'lease',
] as const;
const TAGS = ['alpha', 'beta', 'gamma', 'delta'] as const;
const CATEGORIES = ['data', 'resilience', 'delivery'] as const;
const LICENSES = ['MIT', 'Apache-2.0', 'GPL-3.0-only', 'MIT OR Apache-2.0', 'MIT AND BSD-3-Clause'] as const;
const NODE_RANGES = ['>=18', '>=20', '^16'] as const;
const IDS = ['p/a', 'p/b', 'p/c', 'q/d', 'q/e', 'q/f', 'r/g', 'r/h'] as const;

const words = (min: number, max: number) =>
  fc.array(fc.constantFrom(...WORDS), { minLength: min, maxLength: max }).map((list) => list.join(' '));

const listingArbitrary = (id: string): fc.Arbitrary<Listing> =>
  fc
    .record({
      name: words(1, 2),
      description: words(0, 6),
      tags: fc.uniqueArray(fc.constantFrom(...TAGS), { maxLength: 3 }),
      category: fc.constantFrom(...CATEGORIES),
      license: fc.constantFrom(...LICENSES),
      rating: fc.option(
        fc.record({ overall: fc.integer({ min: 0, max: 10 }).map((n) => n / 2), reviewCount: fc.nat(50) }),
        { nil: undefined, freq: 2 },
      ),
      downloads: fc.constantFrom(0, 100, 5000), // few values, so equal scores (ties) are common
      tier: fc.option(fc.constantFrom('gold', 'silver', 'bronze' as const), { nil: undefined }),
      pricing: fc.constantFrom('open-source', 'enterprise' as const),
      node: fc.option(fc.constantFrom(...NODE_RANGES), { nil: undefined }),
      day: fc.integer({ min: 1, max: 28 }),
    })
    .map((fields) =>
      makeListing({
        id,
        name: fields.name,
        description: fields.description,
        tags: fields.tags,
        category: fields.category,
        license: fields.license,
        ...(fields.rating ? { rating: fields.rating } : {}),
        adoption: { downloads: fields.downloads },
        ...(fields.tier ? { metadata: { excellenceTier: fields.tier } } : {}),
        pricing:
          fields.pricing === 'open-source'
            ? { model: 'open-source' }
            : { model: 'enterprise', contact: 'sales@example.com' },
        ...(fields.node ? { compatibility: { runtimes: { node: fields.node } } } : {}),
        publishedAt: `2026-02-${String(fields.day).padStart(2, '0')}T00:00:00Z`,
      }),
    );

const catalogArbitrary: fc.Arbitrary<Listing[]> = fc
  .subarray([...IDS], { minLength: 0 })
  .chain(
    (ids): fc.Arbitrary<Listing[]> =>
      ids.length === 0
        ? fc.constant([])
        : fc.tuple(...ids.map((id) => listingArbitrary(id))).map((items): Listing[] => [...items]),
  );

const filtersArbitrary: fc.Arbitrary<SearchFilters> = fc.record(
  {
    categories: fc.uniqueArray(fc.constantFrom(...CATEGORIES), { minLength: 1, maxLength: 2 }),
    tags: fc.uniqueArray(fc.constantFrom(...TAGS), { minLength: 1, maxLength: 2 }),
    tagMode: fc.constantFrom('all', 'any' as const),
    licenses: fc.uniqueArray(fc.constantFrom('MIT', 'Apache-2.0', 'BSD-3-Clause'), {
      minLength: 1,
      maxLength: 2,
    }),
    minRating: fc.integer({ min: 0, max: 5 }),
    minAdoptions: fc.constantFrom(0, 50, 1000, 10_000),
    publishers: fc.uniqueArray(fc.constantFrom('p', 'q', 'r'), { minLength: 1, maxLength: 2 }),
    pricing: fc.uniqueArray(fc.constantFrom('open-source', 'enterprise' as const), { minLength: 1 }),
    tiers: fc.uniqueArray(fc.constantFrom('gold', 'silver', 'bronze' as const), {
      minLength: 1,
      maxLength: 2,
    }),
    environment: fc.constantFrom({ node: '16.2.0' }, { node: '18.19.0' }, { node: '20.11.0' }),
  },
  { requiredKeys: [] },
);

const textArbitrary = fc.oneof(
  fc.constant(''),
  words(1, 2),
  fc.constantFrom('sha', 'cach', 'retyr', 'saga '),
);

// ------------------------------------------------------------------ comparison helpers
function comparable(result: SearchResult) {
  return {
    total: result.total,
    ids: result.hits.map((hit) => hit.id),
    facets: result.facets,
    listings: result.hits.map((hit) => hit.listing),
  };
}

function expectSameResults(actual: SearchIndex, expected: SearchIndex, queries: SearchQuery[]): void {
  for (const query of queries) {
    const a = search(actual, query);
    const b = search(expected, query);
    expect(comparable(a)).toEqual(comparable(b));
    a.hits.forEach((hit, i) => {
      expect(hit.score).toBeCloseTo(b.hits[i]?.score ?? Number.NaN, 9);
    });
  }
}

// ------------------------------------------------------------------ model test
type Command =
  | { kind: 'add'; listing: Listing }
  | { kind: 'remove'; id: string }
  | { kind: 'replace'; listing: Listing };

const commandArbitrary: fc.Arbitrary<Command> = fc.oneof(
  fc
    .constantFrom(...IDS)
    .chain((id) => listingArbitrary(id).map((listing) => ({ kind: 'add' as const, listing }))),
  fc.constantFrom(...IDS).map((id) => ({ kind: 'remove' as const, id })),
  fc
    .constantFrom(...IDS)
    .chain((id) => listingArbitrary(id).map((listing) => ({ kind: 'replace' as const, listing }))),
);

describe('add / remove / replace: model test against a fresh build', () => {
  it('any sequence of updates gives the same results as a fresh build of the final catalog', () => {
    fc.assert(
      fc.property(
        catalogArbitrary,
        fc.array(commandArbitrary, { maxLength: 25 }),
        fc.array(fc.record({ text: textArbitrary, filters: filtersArbitrary }), {
          minLength: 1,
          maxLength: 4,
        }),
        fc.constantFrom<IndexOptions>({}, { ranking: { method: 'rrf' } }),
        (initial, commands, queries, options) => {
          const index = createIndex(initial, options);
          const model = new Map(initial.map((listing) => [listing.id, listing]));
          for (const command of commands) {
            // A query between changes, so whatever the index keeps between changes is kept
            // (browsing with no filter reads the catalog's facet counts) and must be renewed.
            search(index, {});
            if (command.kind === 'add') {
              if (model.has(command.listing.id)) {
                expect(() => add(index, command.listing)).toThrow(DuplicateListingError);
              } else {
                add(index, command.listing);
                model.set(command.listing.id, command.listing);
              }
            } else if (command.kind === 'remove') {
              if (model.has(command.id)) {
                remove(index, command.id);
                model.delete(command.id);
              } else expect(() => remove(index, command.id)).toThrow(ListingNotFoundError);
            } else if (model.has(command.listing.id)) {
              replace(index, command.listing);
              model.set(command.listing.id, command.listing);
            } else expect(() => replace(index, command.listing)).toThrow(ListingNotFoundError);
          }
          // Reversed: the results must not depend on the order listings were added either.
          const fresh = createIndex([...model.values()].reverse(), options);
          expect(index.size).toBe(fresh.size);
          const all: SearchQuery[] = [];
          for (const query of queries)
            for (const sort of ['relevance', 'rating', 'newest'] as const) {
              all.push({ ...query, sort, limit: 20, facetLimit: 100 });
              // Unfiltered too: its facet counts may come from the catalog's, kept between changes.
              all.push({ text: query.text, sort, limit: 20, facetLimit: 100 });
            }
          expectSameResults(index, fresh, all);
        },
      ),
      { numRuns: 60 },
    );
  });
});

// ------------------------------------------------------------------ oracle for filters and facets
/** Trivially correct filter checks, written independently of src/filters.ts. */
function licenseOk(expression: string, allowed: readonly string[]): boolean {
  if (expression.includes(' OR ')) return expression.split(' OR ').some((part) => allowed.includes(part));
  if (expression.includes(' AND ')) return expression.split(' AND ').every((part) => allowed.includes(part));
  return allowed.includes(expression);
}
function nodeOk(range: string | undefined, version: string): boolean {
  if (range === undefined) return true;
  const major = Number(version.split('.')[0]);
  if (range === '>=18') return major >= 18;
  if (range === '>=20') return major >= 20;
  if (range === '^16') return major === 16;
  throw new Error(`oracle does not know ${range}`);
}
type Dimension = 'category' | 'tags' | 'license' | 'tier' | 'pricing' | 'other';
function passes(listing: Listing, filters: SearchFilters, skip: Dimension | null): boolean {
  const f = filters;
  if (skip !== 'category' && f.categories && !f.categories.includes(listing.category)) return false;
  if (skip !== 'tags' && f.tags) {
    const has = (tag: string) => listing.tags.includes(tag);
    if ((f.tagMode ?? 'all') === 'all' ? !f.tags.every(has) : !f.tags.some(has)) return false;
  }
  if (skip !== 'license' && f.licenses && !licenseOk(listing.license, f.licenses)) return false;
  if (skip !== 'tier' && f.tiers) {
    const tier = listing.metadata.excellenceTier;
    if (tier === undefined || !f.tiers.includes(tier)) return false;
  }
  if (skip !== 'pricing' && f.pricing && !f.pricing.includes(listing.pricing.model)) return false;
  if (f.minRating !== undefined && (listing.rating === undefined || listing.rating.overall < f.minRating))
    return false;
  if (f.minAdoptions !== undefined && listing.adoption.downloads < f.minAdoptions) return false;
  if (f.publishers && !f.publishers.includes(listing.publisher.id)) return false;
  if (f.environment?.node && !nodeOk(listing.compatibility.runtimes['node'], f.environment.node))
    return false;
  return true;
}
function oracleFacets(candidates: readonly Listing[], filters: SearchFilters) {
  const values = (listing: Listing, facet: Exclude<Dimension, 'other'>): string[] => {
    if (facet === 'category') return [listing.category];
    if (facet === 'tags') return listing.tags;
    if (facet === 'license') return [listing.license];
    if (facet === 'tier') return listing.metadata.excellenceTier ? [listing.metadata.excellenceTier] : [];
    return [listing.pricing.model];
  };
  const selected = {
    category: filters.categories ?? [],
    tags: filters.tags ?? [],
    license: filters.licenses ?? [],
    tier: filters.tiers ?? [],
    pricing: filters.pricing ?? [],
  };
  const out: Record<string, { value: string; count: number }[]> = {};
  for (const facet of ['category', 'tags', 'license', 'tier', 'pricing'] as const) {
    const counts = new Map<string, number>();
    for (const listing of candidates)
      if (passes(listing, filters, facet))
        for (const value of values(listing, facet)) counts.set(value, (counts.get(value) ?? 0) + 1);
    const list = [...counts].map(([value, count]) => ({ value, count }));
    list.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
    for (const value of selected[facet])
      if (!list.some((item) => item.value === value)) list.push({ value, count: 0 });
    out[facet] = list;
  }
  return out;
}

describe('filters and facet counts against a trivially correct oracle', () => {
  it('total, hit set and disjunctive facet counts match the oracle', () => {
    fc.assert(
      fc.property(catalogArbitrary, textArbitrary, filtersArbitrary, (catalog, text, filters) => {
        // Fuzzy fallback depends on how many listings pass, so it is off here: the text
        // candidate set must not depend on the filters.
        const index = createIndex(catalog, { fuzzy: { mode: 'never' } });
        const unfiltered = search(index, { text, limit: 1000, facetLimit: 1000 });
        const candidates = unfiltered.hits.map((hit) => hit.listing);
        // Without filters (counted directly, or as the catalog minus the rest when most match).
        expect(unfiltered.facets).toEqual(oracleFacets(candidates, {}));
        const expected = candidates.filter((listing) => passes(listing, filters, null));
        const actual = search(index, { text, filters, limit: 1000, facetLimit: 1000 });
        expect(actual.total).toBe(expected.length);
        expect(actual.hits.map((hit) => hit.id).sort()).toEqual(expected.map((listing) => listing.id).sort());
        expect(actual.facets).toEqual(oracleFacets(candidates, filters));
      }),
      { numRuns: 150 },
    );
  });
});
