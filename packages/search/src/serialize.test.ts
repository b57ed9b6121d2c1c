import { isParsedListing } from '@pollinate/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IndexFormatError } from './errors.js';
import { search } from './search.js';
import { add, createIndex, remove } from './search-index.js';
import { INDEX_FORMAT, loadIndex, serializeIndex } from './serialize.js';
import { CATALOG, LABELED_QUERIES, makeListing } from './test-catalog.js';

const queries = [
  ...LABELED_QUERIES.map(({ text }) => ({ text, explain: true })),
  { text: '' },
  { text: 'retyr', explain: true },
  {
    text: 'fault',
    filters: { licenses: ['MIT'], environment: { node: '20.11.0' } },
    sort: 'rating' as const,
  },
  { text: '', sort: 'newest' as const, filters: { tags: ['observability'] } },
];

describe('serializeIndex / loadIndex', () => {
  it('round-trips: the loaded index gives identical results, scores and explanations', () => {
    const index = createIndex(CATALOG, { boost: { name: 5 }, ranking: { method: 'rrf' } });
    remove(index, 'globex/cqrs');
    add(index, makeListing({ id: 'acme/timeout', description: 'Bounds every remote call with a deadline.' }));
    const json = serializeIndex(index);
    const loaded = loadIndex(json);
    expect(loaded.size).toBe(index.size);
    expect([...loaded.listings()].every((listing) => isParsedListing(listing))).toBe(true);
    expect(loaded.options).toEqual(index.options);
    for (const query of queries) expect(search(loaded, query)).toEqual(search(index, query));
    // Serializing again gives the same content (the radix tree may list terms in another order).
    const canonical = (text: string) => {
      const value = JSON.parse(text) as { engine: { index: [string, unknown][] } };
      value.engine.index.sort(([a], [b]) => (a < b ? -1 : 1));
      return value;
    };
    expect(canonical(serializeIndex(loaded))).toEqual(canonical(json));
    // and it can still be changed
    remove(loaded, 'acme/timeout');
    expect(search(loaded, { text: 'deadline' }).total).toBe(0);
  });

  it('round-trips any catalog (property)', () => {
    const words = fc.array(fc.constantFrom('cache', 'retry', 'queue', 'token', 'event'), { maxLength: 5 });
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ id: fc.constantFrom('a/x', 'a/y', 'b/z', 'c/w'), words }), {
          selector: (item) => item.id,
        }),
        fc.constantFrom('cache', 'retr', 'event token', ''),
        (items, text) => {
          const index = createIndex(
            items.map(({ id, words }) => makeListing({ id, description: words.join(' ') })),
          );
          const loaded = loadIndex(serializeIndex(index));
          expect(search(loaded, { text, explain: true })).toEqual(search(index, { text, explain: true }));
        },
      ),
      { numRuns: 40 },
    );
  });

  it('rejects text that is not a serialized index with IndexFormatError', () => {
    const good = JSON.parse(serializeIndex(createIndex(CATALOG.slice(0, 2)))) as Record<string, unknown>;
    for (const bad of [
      'not json',
      '{}',
      JSON.stringify({ ...good, format: 'other' }),
      JSON.stringify({ ...good, version: 99 }),
      JSON.stringify({ ...good, listings: [] }),
      JSON.stringify({ ...good, engine: { ...(good['engine'] as object), index: 'garbage' } }),
      42 as unknown as string,
    ])
      expect(() => loadIndex(bad)).toThrow(IndexFormatError);
    expect(good['format']).toBe(INDEX_FORMAT);
  });

  it('rejects a malformed stored listing with a ValidationError', () => {
    const good = JSON.parse(serializeIndex(createIndex(CATALOG.slice(0, 2)))) as {
      listings: { category: string }[];
    };
    (good.listings[1] as { category: string }).category = 'Not A Slug';
    expect(() => loadIndex(JSON.stringify(good))).toThrowError(
      expect.objectContaining({
        code: 'E_VALIDATION',
        issues: [expect.objectContaining({ path: [1, 'category'] })],
      }),
    );
  });
});
