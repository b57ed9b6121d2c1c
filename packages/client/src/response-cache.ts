import { LRUCache } from 'lru-cache';
/** A cached response body and the entity tag it came with. */
export interface CachedResponse {
  /** The `ETag` header value, sent back as `If-None-Match`. */
  etag: string;
  /** The parsed JSON body. */
  body: unknown;
}

/**
 * Where the client keeps ETag'd GET responses for conditional requests. Implement it to
 * share a cache between clients or persist it; methods may be sync or async.
 */
export interface ResponseCache {
  /** The cached entry for a request key (method + URL), or `undefined`. */
  get(key: string): CachedResponse | undefined | Promise<CachedResponse | undefined>;
  /** Stores (or replaces) the entry for a request key. */
  set(key: string, value: CachedResponse): void | Promise<void>;
}

/** Options of {@link createMemoryCache}. */
export interface MemoryCacheOptions {
  /** Most entries kept; the least recently used is evicted first (≥ 1). @default 500 */
  maxEntries?: number;
}

/**
 * An in-memory LRU {@link ResponseCache}, the client's default.
 *
 * @param options - see {@link MemoryCacheOptions}
 * @returns a cache holding at most `maxEntries` responses
 * @example
 * ```ts
 * const cache = createMemoryCache({ maxEntries: 100 });
 * const client = createRegistryClient({ baseUrl, cache });
 * ```
 */
export function createMemoryCache(options: MemoryCacheOptions = {}): ResponseCache {
  const maxEntries = Math.max(1, Math.floor(options.maxEntries ?? 500));
  // Least recently used entries go first (lru-cache).
  const entries = new LRUCache<string, CachedResponse>({ max: maxEntries });
  return {
    get: (key) => entries.get(key),
    set(key, value) {
      entries.set(key, value);
    },
  };
}
