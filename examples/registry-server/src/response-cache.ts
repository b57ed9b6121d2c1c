import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';

/** A serialized JSON response with its strong entity tag. */
export interface CachedBody {
  /** The JSON text. */
  body: string;
  /** `"<sha-256 base64url>"`, sent as `ETag`. */
  etag: string;
}

/** A bounded LRU of serialized responses (the registry caches search pages with it). */
export interface ResponseBodyCache {
  /** The cached body for a key, marking it recently used. */
  get(key: string): CachedBody | undefined;
  /** Serializes `value`, caches it under `key` (when the cache has room for any entry) and returns it. */
  put(key: string, value: unknown): CachedBody;
  /** Caches an already serialized entry under a second key (e.g. the raw URL of the same page); returns it. */
  alias(key: string, entry: CachedBody): CachedBody;
  /** Drops every entry (call when the data behind the responses changes). */
  clear(): void;
  /** Entries held. */
  readonly size: number;
}

/**
 * Creates a bounded LRU cache of serialized JSON responses with precomputed ETags.
 *
 * @param maxEntries - most entries held (0 disables caching; `put` still serializes)
 * @returns a {@link ResponseBodyCache}
 * @example
 * ```ts
 * const cache = createResponseBodyCache(1000);
 * const cached = cache.get(key) ?? cache.put(key, computePage());
 * ```
 */
export function createResponseBodyCache(maxEntries: number): ResponseBodyCache {
  // Least recently used entries go first (lru-cache); maxEntries 0 disables the cache.
  const entries = maxEntries > 0 ? new LRUCache<string, CachedBody>({ max: maxEntries }) : undefined;
  return {
    get: (key) => entries?.get(key),
    put(key, value) {
      const body = JSON.stringify(value);
      return this.alias(key, { body, etag: `"${createHash('sha256').update(body).digest('base64url')}"` });
    },
    alias(key, entry) {
      entries?.set(key, entry);
      return entry;
    },
    clear() {
      entries?.clear();
    },
    get size() {
      return entries?.size ?? 0;
    },
  };
}
