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
  /** Bytes held, as counted against `maxBytes`. */
  readonly bytes: number;
}

/** Options of {@link createResponseBodyCache}. */
export interface ResponseBodyCacheOptions {
  /** Most entries held (0 disables caching; `put` still serializes). @default 1000 */
  maxEntries?: number;
  /**
   * Most bytes held, counted as 2 bytes per UTF-16 code unit of each entry's key, JSON text
   * and ETag (an upper bound on what V8 keeps for them); an entry larger than this is never
   * cached. 0 disables caching. @default 67108864 (64 MiB, {@link DEFAULT_RESPONSE_CACHE_BYTES})
   */
  maxBytes?: number;
}

/** Default byte bound of a response cache: 64 MiB. */
export const DEFAULT_RESPONSE_CACHE_BYTES = 64 * 1024 * 1024;

/**
 * Creates an LRU cache of serialized JSON responses with precomputed ETags, bounded both
 * by entries and by bytes (lru-cache's `max`, `maxSize` and `sizeCalculation`), so a few
 * huge pages cannot hold more memory than `maxBytes` however many distinct queries arrive.
 *
 * @param options - see {@link ResponseBodyCacheOptions}; a number is `maxEntries` (with the default byte bound)
 * @returns a {@link ResponseBodyCache}
 * @example
 * ```ts
 * const cache = createResponseBodyCache({ maxEntries: 1000, maxBytes: 64 * 1024 * 1024 });
 * const cached = cache.get(key) ?? cache.put(key, computePage());
 * ```
 */
export function createResponseBodyCache(options: number | ResponseBodyCacheOptions = {}): ResponseBodyCache {
  const { maxEntries = 1000, maxBytes = DEFAULT_RESPONSE_CACHE_BYTES } =
    typeof options === 'number' ? { maxEntries: options } : options;
  // Least recently used entries go first (lru-cache); either bound at 0 disables the cache.
  const entries =
    maxEntries > 0 && maxBytes > 0
      ? new LRUCache<string, CachedBody>({
          max: Math.floor(maxEntries),
          maxSize: Math.floor(maxBytes),
          sizeCalculation: (entry, key) =>
            Math.max(1, 2 * (key.length + entry.body.length + entry.etag.length)),
        })
      : undefined;
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
    get bytes() {
      return entries?.calculatedSize ?? 0;
    },
  };
}
