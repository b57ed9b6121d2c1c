import { JsonTextError } from '@pollinate/core';
import { describe, expect, it } from 'vitest';
import { createRegistryClient } from './client.js';
import { ResponseFormatError } from './errors.js';
import { createMemoryCache } from './response-cache.js';

/** A `fetch` that answers every call with the given body, as a hostile or broken registry would. */
function serving(body: string, headers: Record<string, string> = {}): typeof fetch {
  return async () =>
    new Response(body, { status: 200, headers: { 'content-type': 'application/json', ...headers } });
}

describe('a hostile registry', () => {
  it('cannot make the client parse deeply nested JSON: E_BAD_RESPONSE in linear time', async () => {
    const client = createRegistryClient({
      baseUrl: 'http://registry.invalid',
      fetch: serving(`{"id":"acme/retry","versions":${'['.repeat(2_000_000)}`),
      retry: false,
      cache: false,
    });
    const started = performance.now();
    const error = await client.getPattern('acme/retry').catch((caught: unknown) => caught);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(error).toBeInstanceOf(ResponseFormatError);
    expect((error as ResponseFormatError).code).toBe('E_BAD_RESPONSE');
    expect((error as Error).cause).toBeInstanceOf(JsonTextError);
    expect(((error as Error).cause as JsonTextError).code).toBe('E_JSON_TOO_DEEP');
  });
});

describe('createMemoryCache byte bound', () => {
  it('keeps at most maxBytes, dropping least recently used entries, and never keeps an entry larger than the bound', () => {
    const cache = createMemoryCache({ maxEntries: 1000, maxBytes: 10_000 });
    for (let i = 0; i < 100; i++) cache.set(`GET /page/${i}`, { etag: `"${i}"`, body: i, bytes: 1000 });
    const kept = Array.from({ length: 100 }, (_, i) => cache.get(`GET /page/${i}`)).filter(Boolean);
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(10);
    expect(cache.get('GET /page/99')).toBeDefined();
    cache.set('GET /huge', { etag: '"h"', body: 'x', bytes: 20_000 });
    expect(cache.get('GET /huge')).toBeUndefined();
    // Entries without `bytes` (set by other code) are weighed by their JSON.
    cache.set('GET /json', { etag: '"j"', body: { text: 'y'.repeat(6000) } });
    expect(cache.get('GET /json')).toBeUndefined();
  });
});
