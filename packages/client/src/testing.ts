/**
 * `@pollinate/client/testing`: the conformance suite every {@link ResponseCache} runs
 * (vitest). The registry client keeps ETag'd GET responses in a `ResponseCache` and sends
 * `If-None-Match`; a cache that loses, mixes up or alters entries makes the client show stale
 * or foreign data. Run the suite against your own cache (shared, persistent, …) as the
 * client's default in-memory cache does.
 *
 * @packageDocumentation
 */
import { describe, expect, it } from 'vitest';
import { createRegistryClient } from './client.js';
import type { CachedResponse, ResponseCache } from './response-cache.js';

/** Makes a fresh, empty cache for one test; may be async. */
export type ResponseCacheFactory = () => ResponseCache | Promise<ResponseCache>;

/**
 * Registers the response-cache conformance tests (vitest `describe`/`it`). Run it once per
 * cache implementation; each test gets a fresh cache from `factory`.
 *
 * @param name - the cache's name, for the test titles
 * @param factory - makes a fresh, empty cache (see {@link ResponseCacheFactory})
 * @example
 * ```ts no-run
 * // cache.test.ts (the suite registers vitest tests: call it at the top of a test file)
 * import { createMemoryCache } from '@pollinate/client';
 * import { describeResponseCacheConformance } from '@pollinate/client/testing';
 *
 * describeResponseCacheConformance('memory cache', () => createMemoryCache());
 * ```
 */
export function describeResponseCacheConformance(name: string, factory: ResponseCacheFactory): void {
  describe(`response cache conformance: ${name}`, () => {
    const entry = (etag: string, body: unknown): CachedResponse => ({
      etag,
      body,
      bytes: 2 * (JSON.stringify(body) ?? '').length,
    });

    it('answers undefined for a key never stored', async () => {
      const cache = await factory();
      expect(await cache.get('GET http://registry.test/api/v1/patterns/acme/retry')).toBeUndefined();
    });

    it('gives back what was stored: the same ETag and an equal body', async () => {
      const cache = await factory();
      const body = { id: 'acme/retry', versions: [{ version: '1.0.0' }], nested: { list: [1, 2, 3] } };
      await cache.set('GET http://registry.test/api/v1/patterns/acme/retry', entry('"v1"', body));
      const got = await cache.get('GET http://registry.test/api/v1/patterns/acme/retry');
      expect(got?.etag).toBe('"v1"');
      expect(got?.body).toEqual(body);
    });

    it('replaces the entry of a key on a second set', async () => {
      const cache = await factory();
      const key = 'GET http://registry.test/api/v1/stats';
      await cache.set(key, entry('"v1"', { patterns: 1 }));
      await cache.set(key, entry('"v2"', { patterns: 2 }));
      const got = await cache.get(key);
      expect(got?.etag).toBe('"v2"');
      expect(got?.body).toEqual({ patterns: 2 });
    });

    it('keeps keys apart, including keys that differ only in case or query string', async () => {
      const cache = await factory();
      const keys = [
        'GET http://registry.test/api/v1/patterns/search?q=retry',
        'GET http://registry.test/api/v1/patterns/search?q=Retry',
        'GET http://registry.test/api/v1/patterns/search?q=retry&limit=5',
        'GET http://other.test/api/v1/patterns/search?q=retry',
      ];
      for (const [position, key] of keys.entries())
        await cache.set(key, entry(`"e${position}"`, { position }));
      for (const [position, key] of keys.entries()) {
        const got = await cache.get(key);
        expect(got?.etag).toBe(`"e${position}"`);
        expect(got?.body).toEqual({ position });
      }
    });

    it('serves a client: a 304 answer is filled in from the cache', async () => {
      const cache = await factory();
      const seen: (string | null)[] = [];
      let calls = 0;
      const fetch = async (input: Request | string | URL, init?: RequestInit): Promise<Response> => {
        const request = input instanceof Request ? input : new Request(input, init);
        seen.push(request.headers.get('if-none-match'));
        calls++;
        return calls === 1
          ? new Response(JSON.stringify({ status: 'ok' }), {
              status: 200,
              headers: { 'content-type': 'application/json', etag: '"health-1"' },
            })
          : new Response(null, { status: 304, headers: { etag: '"health-1"' } });
      };
      const client = createRegistryClient({
        baseUrl: 'http://registry.test',
        cache,
        fetch: fetch as typeof globalThis.fetch,
        retry: false,
      });
      expect(await client.health()).toEqual({ status: 'ok' });
      expect(await client.health()).toEqual({ status: 'ok' });
      expect(seen).toEqual([null, '"health-1"']);
    });
  });
}
