import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createRegistryApp } from './app.js';
import { samplePackage } from './fixtures.js';
import { createResponseBodyCache, DEFAULT_RESPONSE_CACHE_BYTES } from './response-cache.js';
import { openSqliteStore } from './sqlite-store.js';

const TOKEN = 'acme-token-0123456789';
const MiB = 1024 * 1024;

/** A full garbage collection (V8's `gc`, exposed for this process), then the heap in use. */
function heapAfterGc(): number {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

describe('search page cache memory', () => {
  it('stays under a fixed heap ceiling across hundreds of distinct large-page anonymous queries', async () => {
    const app = createRegistryApp({
      store: openSqliteStore(':memory:'),
      tokens: `acme:${TOKEN}`,
      addressRateLimit: false,
    });
    // 12 listings of ~100 KB each (metadata lines: 200 × 500 characters), so a page of all of them is ~1.2 MB.
    const line = (n: number) => `${`line ${n} `.padEnd(500, 'x')}`;
    for (let i = 0; i < 12; i++) {
      const response = await app.request(`/api/v1/patterns/acme/big-${i}/1.0.0`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(
          samplePackage(`acme/big-${i}`, '1.0.0', {
            listing: { metadata: { whenToUse: Array.from({ length: 200 }, (_, n) => line(n)) } },
          }),
        ),
      });
      expect(response.status).toBe(201);
    }
    const before = heapAfterGc();
    // 50 page sizes × 4 orders = 200 distinct queries, each answered with all 12 listings.
    let queries = 0;
    let pageBytes = 0;
    for (const sort of ['relevance', 'rating', 'adoption', 'newest']) {
      for (let limit = 12; limit < 62; limit++) {
        const response = await app.request(`/api/v1/patterns/search?sort=${sort}&limit=${limit}`);
        expect(response.status).toBe(200);
        pageBytes = (await response.text()).length;
        queries++;
      }
    }
    const grown = heapAfterGc() - before;
    expect(queries).toBe(200);
    expect(pageBytes).toBeGreaterThan(MiB);
    // Unbounded (before the byte bound), 200 pages of 1.2 MB stay alive: the heap grew by 235 MiB
    // (416 MiB for 356 pages). Bounded, at most 64 MiB counted as UTF-16 (about 32 MiB of one-byte
    // strings; a page cached under two keys counts twice) plus the index: it grew by about 20 MiB.
    expect(grown, `heap grew by ${(grown / MiB).toFixed(1)} MiB`).toBeLessThan(
      DEFAULT_RESPONSE_CACHE_BYTES + 16 * MiB,
    );
  });

  it('never holds more than maxBytes, evicting least recently used pages first', () => {
    const cache = createResponseBodyCache({ maxEntries: 1000, maxBytes: 10_000 });
    for (let i = 0; i < 100; i++) cache.put(`page-${i}`, { text: 'x'.repeat(1000) });
    expect(cache.bytes).toBeLessThanOrEqual(10_000);
    expect(cache.size).toBeLessThan(10);
    expect(cache.get('page-99')).toBeDefined();
    expect(cache.get('page-0')).toBeUndefined();
    // A page larger than the whole bound is served but never cached.
    const huge = cache.put('huge', { text: 'x'.repeat(20_000) });
    expect(huge.body.length).toBeGreaterThan(20_000);
    expect(cache.get('huge')).toBeUndefined();
    expect(createResponseBodyCache({ maxBytes: 0 }).put('k', 1)).toMatchObject({ body: '1' });
  });
});
