import { LRUCache } from 'lru-cache';
/** A cached response body and the entity tag it came with. */
export interface CachedResponse {
  /** The `ETag` header value, sent back as `If-None-Match`. */
  etag: string;
  /** The parsed JSON body. */
  body: unknown;
  /** What the entry costs in memory, bytes (the client sets 2 × the length of the response text); byte-bounded caches weigh entries with it. */
  bytes?: number;
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
  /**
   * Most bytes kept, counting each entry as its `bytes` (else 2 bytes per character of its
   * JSON) plus its key and ETag; an entry larger than this is not kept (≥ 1).
   * @default 33554432 (32 MiB)
   */
  maxBytes?: number;
}

/**
 * An in-memory LRU {@link ResponseCache}, the client's default, bounded by entries and by
 * bytes (lru-cache's `max`, `maxSize` and `sizeCalculation`), so a few huge responses cannot
 * hold more than `maxBytes`.
 *
 * @param options - see {@link MemoryCacheOptions}
 * @returns a cache holding at most `maxEntries` responses and `maxBytes` bytes
 * @example
 * ```ts
 * const cache = createMemoryCache({ maxEntries: 100, maxBytes: 8 * 1024 * 1024 });
 * const client = createRegistryClient({ baseUrl, cache });
 * ```
 */
export function createMemoryCache(options: MemoryCacheOptions = {}): ResponseCache {
  const maxEntries = Math.max(1, Math.floor(options.maxEntries ?? 500));
  const maxBytes = Math.max(1, Math.floor(options.maxBytes ?? 32 * 1024 * 1024));
  // Least recently used entries go first (lru-cache).
  const entries = new LRUCache<string, CachedResponse>({
    max: maxEntries,
    maxSize: maxBytes,
    sizeCalculation: (entry, key) =>
      Math.max(
        1,
        (entry.bytes ?? 2 * (JSON.stringify(entry.body) ?? '').length) + 2 * (key.length + entry.etag.length),
      ),
  });
  return {
    get: (key) => entries.get(key),
    set(key, value) {
      entries.set(key, value);
    },
  };
}
