import { isParsedListing, ValidationError } from '@pollinate/core';
import { describe, expect, it } from 'vitest';
import { DuplicateListingError, ListingNotFoundError } from './errors.js';
import { fuseRankings } from './rank-fusion.js';
import { search } from './search.js';
import { add, createIndex, remove, replace } from './search-index.js';
import { CATALOG, LABELED_QUERIES, makeListing } from './test-catalog.js';

const index = createIndex(CATALOG);
const ids = (result: { hits: { id: string }[] }) => result.hits.map((hit) => hit.id);

describe('createIndex', () => {
  it('indexes every listing and reads them back', () => {
    expect(index.size).toBe(CATALOG.length);
    expect(index.has('acme/bulkhead')).toBe(true);
    expect(index.get('acme/bulkhead')?.name).toBe('Bulkhead');
    expect([...index.listings()].map((listing) => listing.id)).toEqual(CATALOG.map((listing) => listing.id));
  });

  it('keeps a parsed copy of plain objects, so later changes to the input cannot reach it', () => {
    const listing = structuredClone(makeListing({ id: 'acme/copy-me', description: 'original words' }));
    const own = createIndex([listing]);
    expect(own.get('acme/copy-me')).not.toBe(listing);
    listing.description = 'changed';
    expect(own.get('acme/copy-me')?.description).toBe('original words');
    // The copy is core's frozen listing: nothing, not even a hit's listing, can change the index.
    const hit = search(own, { text: 'original' }).hits[0];
    expect(isParsedListing(hit?.listing) && Object.isFrozen(hit?.listing.tags)).toBe(true);
  });

  it('indexes listings parsed by core as they are (frozen, so already valid), without a second parse', () => {
    const listing = makeListing({ id: 'acme/as-is', description: 'original words' });
    expect(isParsedListing(listing)).toBe(true);
    const own = createIndex([listing]);
    expect(own.get('acme/as-is')).toBe(listing);
    add(own, makeListing({ id: 'acme/second' }));
    replace(own, makeListing({ id: 'acme/as-is', description: 'new words' }));
    expect(search(own, { text: 'new words' }).hits[0]?.id).toBe('acme/as-is');
    // A changed copy is plain data again, and validated.
    expect(() => add(own, { ...makeListing({ id: 'acme/third' }), category: 'Not A Slug' })).toThrow(
      ValidationError,
    );
  });

  it('rejects a malformed listing with the path of the bad field, and duplicates', () => {
    const bad = { ...CATALOG[0], category: 'Not A Slug' };
    try {
      createIndex([CATALOG[1] as never, bad as never]);
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: 'E_VALIDATION', issues: [{ path: [1, 'category'] }] });
    }
    expect(() => createIndex([CATALOG[0], CATALOG[0]] as never)).toThrow(DuplicateListingError);
    expect(() => createIndex(CATALOG, { boost: { name: -1 } })).toThrowError(
      expect.objectContaining({ code: 'E_VALIDATION' }),
    );
  });

  it('with validate: false still refuses something that is not a listing', () => {
    expect(() => createIndex([{ name: 'x' } as never], { validate: false })).toThrowError(
      expect.objectContaining({ code: 'E_VALIDATION' }),
    );
  });
});

describe('add, remove, replace', () => {
  it('change the index in place and throw typed errors without changing it', () => {
    const own = createIndex(CATALOG.slice(0, 3));
    const extra = makeListing({
      id: 'acme/timeout',
      description: 'Bounds every remote call with a deadline.',
    });
    expect(add(own, extra)).toBe(own);
    expect(ids(search(own, { text: 'deadline' }))).toEqual(['acme/timeout']);
    expect(() => add(own, extra)).toThrow(DuplicateListingError);
    replace(own, { ...extra, description: 'Gives up after a time budget.' });
    expect(search(own, { text: 'deadline' }).total).toBe(0);
    expect(ids(search(own, { text: 'budget' }))).toEqual(['acme/timeout']);
    remove(own, 'acme/timeout');
    expect(own.size).toBe(3);
    expect(search(own, { text: 'budget' }).total).toBe(0);
    expect(() => remove(own, 'acme/timeout')).toThrow(ListingNotFoundError);
    expect(() => replace(own, extra)).toThrow(ListingNotFoundError);
    expect(() => add(own, { ...extra, id: 'BAD ID' })).toThrowError(
      expect.objectContaining({ code: 'E_VALIDATION' }),
    );
    expect(own.size).toBe(3);
  });
});

describe('search: text', () => {
  it('finds the hand-labeled answer first for most needs (MRR ≥ 0.9)', () => {
    let reciprocal = 0;
    for (const { text, answer } of LABELED_QUERIES) {
      const rank = ids(search(index, { text, limit: 10 })).indexOf(answer);
      reciprocal += rank === -1 ? 0 : 1 / (rank + 1);
    }
    expect(reciprocal / LABELED_QUERIES.length).toBeGreaterThanOrEqual(0.9);
  });

  it('puts an exact name match first (npm convention), by name, id or the name part of the id', () => {
    // "health check" also matches other listings' descriptions; the exact name wins.
    for (const text of ['Health Check', 'acme/health-check', 'health-check', '  health   CHECK ']) {
      const { hits } = search(index, { text });
      expect(hits[0]?.id).toBe('acme/health-check');
      expect(hits[0]?.exactNameMatch).toBe(true);
    }
    expect(search(index, { text: 'health' }).hits.some((hit) => hit.exactNameMatch)).toBe(false);
  });

  it('ranks a listing named as the query above one whose id only ends in it', () => {
    const idOnly = makeListing({
      id: 'acme/retry',
      name: 'Backoff Helper',
      tags: ['retry'],
      description: 'retry retry retry',
      adoption: { downloads: 1_000_000 },
    });
    const named = makeListing({ id: 'globex/retry-kit', name: 'Retry', description: 'a kit' });
    const other = makeListing({ id: 'initech/jitter', name: 'Jitter', description: 'retry with jitter' });
    for (const ranking of [{ method: 'weighted' as const }, { method: 'rrf' as const }]) {
      const own = createIndex([idOnly, other, named], { ranking });
      expect(ids(search(own, { text: 'retry' }))).toEqual([
        'globex/retry-kit',
        'acme/retry',
        'initech/jitter',
      ]);
      expect(ids(search(own, { text: 'retry', limit: 1 }))).toEqual(['globex/retry-kit']);
      expect(ids(search(own, { text: 'retry', limit: 1, offset: 1 }))).toEqual(['acme/retry']);
    }
  });

  it('keeps the text ranks of exact names that matched the text weakly, at any re-ranking depth', () => {
    const strong = Array.from({ length: 20 }, (_, n) =>
      makeListing({
        id: `acme/widget-${n}`,
        name: `Widget ${n}`,
        tags: ['widget'],
        description: 'widget widget widget',
      }),
    );
    // Their name, or the name part of their id, is the query, but only the name field
    // matches the text (with some words more or less, so their text scores differ).
    const weak = [
      makeListing({ id: 'acme/widget', name: 'Widget', description: 'a gadget' }),
      makeListing({ id: 'globex/widget', name: 'Widget', description: 'a gadget' }),
      makeListing({ id: 'initech/widget', name: 'The Widget Kit', description: 'a gadget' }),
      makeListing({ id: 'hooli/widget', name: 'Gadget', description: 'a gadget' }),
    ];
    const catalog = [...weak, ...strong];
    const ranksAt = (depth: number) => {
      const result = search(createIndex(catalog, { ranking: { depth } }), {
        text: 'widget ',
        limit: 5,
        explain: true,
      });
      return result.hits.map((hit) => [hit.id, hit.explanation?.text?.rank]);
    };
    // Depth 1: the exact names lie beyond the ranks ordered for the page (1 + 5 + 4); their
    // ranks are counted.
    const shallow = ranksAt(1);
    expect(shallow).toEqual(ranksAt(1000));
    expect(shallow.slice(0, 4).map(([id]) => id)).toEqual([
      'acme/widget',
      'globex/widget',
      'initech/widget',
      'hooli/widget',
    ]);
    for (const [, rank] of shallow.slice(0, 4)) expect(rank).toBeGreaterThan(10);
  });

  it('expands the last term as a prefix while typing, not a finished word', () => {
    expect(ids(search(index, { text: 'idempot' }))).toEqual(['globex/idempotency-key']);
    expect(search(index, { text: 'idempot ' }).total).toBe(0);
    expect(search(index, { text: 'id' }).total).toBe(0); // below the 3-character prefix minimum
  });

  it('falls back to fuzzy matching for a misspelled long term', () => {
    const { hits } = search(index, { text: 'bulkhaed', explain: true });
    expect(hits[0]?.id).toBe('acme/bulkhead');
    expect(hits[0]?.explanation?.text?.fuzzy).toBe(true);
    const exactOnly = createIndex(CATALOG, { fuzzy: { mode: 'never' } });
    expect(search(exactOnly, { text: 'bulkhaed' }).total).toBe(0);
  });

  it('matches a name typed with a part cut short or a typo in the part being typed', () => {
    const names = createIndex([
      makeListing({ id: 'npm/mui-icons', name: 'mui-icons', description: 'icons' }),
      makeListing({ id: 'npm/mu-auth', name: 'mu-auth', description: 'auth' }),
      makeListing({ id: 'npm/vue-bpmn', name: 'vue-bpmn', description: 'diagrams' }),
      makeListing({ id: 'npm/vue-router', name: 'vue-router', description: 'routing' }),
      makeListing({ id: 'npm/vue', name: 'vue', description: 'vue' }), // a better match of `vue` alone
    ]);
    // `mu` is cut short: while typing, the parts before the last are prefixes too (`mu` →
    // `mui` adds to the text score); without prefixes or once finished (trailing space), not.
    const textScore = (of: typeof names, text: string) =>
      search(of, { text, explain: true }).hits.find((hit) => hit.id === 'npm/mui-icons')?.explanation?.text
        ?.score ?? 0;
    expect(ids(search(names, { text: 'mu-icons' }))[0]).toBe('npm/mui-icons');
    const noPrefix = createIndex([...names.listings()], { prefix: { mode: 'none' } });
    expect(textScore(names, 'mu-icons')).toBeGreaterThan(textScore(names, 'mu-icons '));
    expect(textScore(names, 'mu-icons')).toBeGreaterThan(textScore(noPrefix, 'mu-icons'));
    // `bpdn` matches nothing, so the part being typed is fuzzy too (4 characters: distance 1).
    expect(ids(search(names, { text: 'vue-bpdn' }))[0]).toBe('npm/vue-bpmn');
  });

  it('reports the matched query terms and fields', () => {
    const [hit] = search(index, { text: 'token bucket' }).hits;
    expect(hit?.terms.sort()).toEqual(['bucket', 'token']);
    expect(hit?.match['token']).toEqual(['description']);
  });

  it('blends rating and adoption into relevance: equal text, better signals first', () => {
    const twins = [
      makeListing({
        id: 'a/twin-low',
        name: 'Twin Low',
        description: 'shared words here',
        adoption: { downloads: 10 },
      }),
      makeListing({
        id: 'b/twin-high',
        name: 'Twin High',
        description: 'shared words here',
        adoption: { downloads: 1_000_000 },
        rating: { overall: 5, reviewCount: 100 },
      }),
    ];
    const own = createIndex(twins);
    expect(ids(search(own, { text: 'shared words' }))).toEqual(['b/twin-high', 'a/twin-low']);
    const textOnly = { weights: { rating: 0, adoption: 0 } };
    const hits = search(own, { text: 'shared words', ranking: textOnly }).hits;
    expect(hits[0]?.score).toBe(hits[1]?.score);
    expect(ids(search(own, { text: 'shared words', ranking: { method: 'rrf' } }))).toEqual([
      'b/twin-high',
      'a/twin-low',
    ]);
  });

  it('explains each score: the parts add up to the score', () => {
    for (const method of ['weighted', 'rrf'] as const) {
      const { hits } = search(index, { text: 'traffic', explain: true, ranking: { method } });
      expect(hits.length).toBeGreaterThan(1);
      for (const hit of hits) {
        const explanation = hit.explanation;
        expect(explanation?.method).toBe(method);
        const sum = explanation?.contributions.reduce((total, part) => total + part.contribution, 0) ?? -1;
        expect(sum).toBeCloseTo(hit.score, 12);
        expect(explanation?.summary).toContain('fusion');
        expect(explanation?.text?.rank).toBeGreaterThan(0);
      }
    }
  });

  it('weighted fusion scores are what fuseRankings gives for the same signals', () => {
    const environment = { node: '20.11.0' };
    for (const text of ['traffic', 'retry cache', 'event']) {
      const { hits } = search(index, { text, explain: true, limit: 1000, filters: { environment } });
      const byRank = [...hits].sort(
        (a, b) => (a.explanation?.text?.rank ?? 0) - (b.explanation?.text?.rank ?? 0),
      );
      const ranking = (name: 'text' | 'rating' | 'adoption' | 'fit', weight: number) => ({
        name,
        weight,
        items: byRank.map((hit) => ({ id: hit.id, score: hit.explanation?.signals[name] ?? Number.NaN })),
      });
      const fused = fuseRankings(
        [ranking('text', 1), ranking('rating', 0.1), ranking('adoption', 0.1), ranking('fit', 0.1)],
        { method: 'weighted', normalization: 'none' },
      );
      const fusedScore = new Map(fused.map((item) => [item.id, item.score]));
      expect(hits.length).toBeGreaterThan(1);
      for (const hit of hits) {
        expect(hit.explanation?.method).toBe('weighted');
        expect(hit.score).toBe(fusedScore.get(hit.id));
        expect(hit.explanation?.contributions.map((part) => part.ranking)).toEqual([
          'text',
          'rating',
          'adoption',
          'fit',
        ]);
      }
    }
  });

  it('orders equal scores by id, whatever order the listings were added in', () => {
    const a = makeListing({ id: 'p/a', name: 'cache' });
    const b = makeListing({ id: 'p/b', name: 'cache' });
    for (const method of ['weighted', 'rrf'] as const) {
      expect(ids(search(createIndex([b, a]), { text: 'cache', ranking: { method } }))).toEqual([
        'p/a',
        'p/b',
      ]);
      expect(ids(search(createIndex([a, b]), { text: 'cache', ranking: { method } }))).toEqual([
        'p/a',
        'p/b',
      ]);
    }
  });

  it('hits beyond the re-ranking depth follow in text order with lower scores', () => {
    const { hits } = search(index, { text: 'the', ranking: { depth: 2 }, limit: 10, explain: true });
    expect(hits.length).toBeGreaterThan(3);
    expect(hits.slice(2).every((hit) => hit.explanation?.method === 'text')).toBe(true);
    for (let i = 1; i < hits.length; i++)
      expect(hits[i - 1]?.score ?? 0).toBeGreaterThanOrEqual(hits[i]?.score ?? 0);
  });
});

describe('search: filters', () => {
  const browse = (filters: object, extra: object = {}) =>
    search(index, { filters, limit: 100, ...extra }).hits.map((hit) => hit.listing);

  it('filters by category, tags (all / any), publishers, pricing and tiers', () => {
    expect(browse({ categories: ['delivery'] }).every((listing) => listing.category === 'delivery')).toBe(
      true,
    );
    expect(browse({ categories: ['delivery'] })).toHaveLength(3);
    expect(browse({ tags: ['fault-tolerance', 'failure-isolation'] }).map((l) => l.id)).toEqual([
      'acme/circuit-breaker',
    ]);
    expect(browse({ tags: ['fault-tolerance', 'failure-isolation'], tagMode: 'any' })).toHaveLength(3);
    expect(browse({ publishers: ['hooli'] })).toHaveLength(4);
    expect(
      browse({ pricing: ['freemium', 'enterprise'] })
        .map((l) => l.id)
        .sort(),
    ).toEqual(['acme/rate-limiter', 'hooli/feature-flags']);
    expect(
      browse({ tiers: ['bronze'] })
        .map((l) => l.id)
        .sort(),
    ).toEqual(['globex/cqrs', 'umbrella/service-mesh']);
  });

  it('filters by minimum rating and minimum adoptions', () => {
    expect(browse({ minRating: 4.5 }).every((l) => (l.rating?.overall ?? 0) >= 4.5)).toBe(true);
    expect(browse({ minRating: 4.5 })).toHaveLength(5);
    expect(
      browse({ minAdoptions: 150_000 })
        .map((l) => l.id)
        .sort(),
    ).toEqual(['acme/health-check', 'hooli/feature-flags', 'initech/cache-aside', 'umbrella/api-gateway']);
  });

  it('filters by an SPDX allow-list: an OR expression needs one allowed branch', () => {
    const permissive = browse({ licenses: ['Apache-2.0'] }).map((l) => l.id);
    expect(permissive).toContain('globex/event-sourcing'); // MIT OR Apache-2.0
    expect(permissive).toContain('acme/rate-limiter'); // Apache-2.0
    expect(permissive).not.toContain('acme/bulkhead'); // MIT
    const mitOnly = browse({ licenses: ['MIT'] }).map((l) => l.id);
    expect(mitOnly).toContain('globex/event-sourcing');
    expect(mitOnly).not.toContain('globex/cqrs'); // GPL-3.0-only
    expect(mitOnly).not.toContain('acme/rate-limiter');
    expect(browse({ licenses: ['GPL-2.0-only'] })).toEqual([]);
  });

  it('filters by compatibility with an environment (semver), and ranks technical fit', () => {
    const node18 = browse({ environment: { node: '18.19.0' } }).map((l) => l.id);
    expect(node18).toContain('acme/circuit-breaker'); // >=18
    expect(node18).not.toContain('initech/cache-aside'); // >=20
    expect(node18).toContain('acme/bulkhead'); // no requirement
    const react17 = browse({ environment: { node: '20.11.0', react: '17.0.2' } }).map((l) => l.id);
    expect(react17).not.toContain('initech/cache-aside'); // react ^18
    const { hits } = search(index, {
      text: 'fault',
      filters: { environment: { node: '20.11.0' } },
      explain: true,
    });
    expect(hits[0]?.explanation?.signals.fit).toBe(1);
  });

  it('combines filters with AND and counts the total before paging', () => {
    const result = search(index, { filters: { categories: ['data'], minRating: 4 }, limit: 1 });
    expect(result.total).toBe(2); // saga 4.0, outbox 4.5; cqrs 3.7, event sourcing 3.9 and sharding 3.8 are out
    expect(result.hits).toHaveLength(1);
  });
});

describe('search: facets', () => {
  it('are disjunctive: a facet is not narrowed by its own filter, but by the others', () => {
    const { facets, total } = search(index, {
      filters: { categories: ['delivery'], pricing: ['open-source'] },
    });
    expect(total).toBe(1); // canary release
    const category = Object.fromEntries(facets.category.map((f) => [f.value, f.count]));
    // category counts ignore the category filter but apply the pricing filter (18 open-source listings)
    expect(category['delivery']).toBe(1);
    expect(category['resilience']).toBe(3);
    expect(Object.values(category).reduce((a, b) => a + b, 0)).toBe(17);
    const pricing = Object.fromEntries(facets.pricing.map((f) => [f.value, f.count]));
    expect(pricing).toEqual({ 'open-source': 1, subscription: 1, enterprise: 1 });
    expect(facets.tags.find((f) => f.value === 'progressive-delivery')?.count).toBe(1);
  });

  it('are sorted by count then value, limited, and always keep selected values', () => {
    const { facets } = search(index, { facetLimit: 2, filters: { categories: ['migration'] } });
    // data 5, resilience 4, then the selected value even though it is not in the top 2
    expect(facets.category.map((f) => f.value)).toEqual(['data', 'resilience', 'migration']);
    const empty = search(index, { text: 'bulkhead', filters: { categories: ['delivery'] } });
    expect(empty.total).toBe(0);
    expect(empty.facets.category).toContainEqual({ value: 'delivery', count: 0 });
  });
});

describe('search: browse, sort and paging', () => {
  it('browses everything with empty text, in the chosen sort', () => {
    const all = search(index, { limit: 100 });
    expect(all.total).toBe(CATALOG.length);
    const byRating = search(index, { sort: 'rating', limit: 3 }).hits.map(
      (hit) => hit.listing.rating?.overall,
    );
    expect(byRating).toEqual([4.7, 4.6, 4.6]);
    expect(ids(search(index, { sort: 'rating', limit: 3 })).slice(1)).toEqual([
      'hooli/feature-flags', // 70 reviews before 40
      'acme/circuit-breaker',
    ]);
    expect(ids(search(index, { sort: 'adoption', limit: 2 }))).toEqual([
      'acme/health-check',
      'hooli/feature-flags',
    ]);
  });

  it('sorts by newest publication time (offsets respected)', () => {
    const own = createIndex([
      makeListing({ id: 'a/old', publishedAt: '2026-01-01T00:00:00Z' }),
      makeListing({ id: 'a/new', publishedAt: '2026-01-01T02:00:00+01:00' }), // 01:00Z
      makeListing({ id: 'a/mid', publishedAt: '2026-01-01T00:30:00Z' }),
    ]);
    expect(ids(search(own, { sort: 'newest' }))).toEqual(['a/new', 'a/mid', 'a/old']);
  });

  it('pages without gaps or overlaps', () => {
    for (const text of ['', 'the']) {
      const whole = ids(search(index, { text, limit: 100 }));
      const pages: string[] = [];
      for (let offset = 0; offset < whole.length; offset += 3)
        pages.push(...ids(search(index, { text, offset, limit: 3 })));
      expect(pages).toEqual(whole);
    }
    expect(search(index, { limit: 0 }).hits).toEqual([]);
  });

  it('rejects a malformed query with a ValidationError and no partial work', () => {
    for (const query of [
      { limit: -1 },
      { limit: 5000 },
      { sort: 'random' },
      { filters: { categories: ['Bad Slug'] } },
      { filters: { environment: JSON.parse('{"__proto__": "1.0.0"}') } },
      { unknown: true },
      { filters: { minRating: 6 } },
    ])
      expect(() => search(index, query as never)).toThrowError(
        expect.objectContaining({ code: 'E_VALIDATION' }),
      );
  });
});

describe('ordering of many text matches', () => {
  // 60 listings that all match `cache`, with descriptions of a few lengths, so scores
  // differ and many tie: a page far smaller than the catalog takes the quickselect path,
  // a page as large as the catalog sorts every match; both must agree.
  const many = createIndex(
    Array.from({ length: 60 }, (_, position) =>
      makeListing({
        id: `acme/cache-${String(position).padStart(2, '0')}`,
        name: `Store ${position}`,
        description: `cache ${'words '.repeat(position % 7)}`.trim(),
      }),
    ),
  );

  it('pages of a few hits equal the same slice of the fully sorted list', () => {
    const query = { text: 'cache', ranking: { depth: 2 } } as const;
    const all = ids(search(many, { ...query, limit: 60 }));
    expect(all).toHaveLength(60);
    for (let offset = 0; offset < 60; offset += 5)
      expect(ids(search(many, { ...query, limit: 5, offset }))).toEqual(all.slice(offset, offset + 5));
  });

  it('beyond the re-ranking depth, equal text scores are ordered by id', () => {
    const hits = search(many, { text: 'cache', ranking: { depth: 1 }, limit: 60 }).hits.slice(1);
    for (let i = 1; i < hits.length; i++) {
      const before = hits[i - 1] as (typeof hits)[number];
      const after = hits[i] as (typeof hits)[number];
      expect(before.score > after.score || (before.score === after.score && before.id < after.id)).toBe(true);
    }
  });
});
