/** Options of {@link createRateLimiter}: a token bucket per key (Turner's token-bucket algorithm, as in RFC 2697 metering). */
export interface RateLimitOptions {
  /** Bucket size: the largest burst allowed, requests (≥ 1). @default 300 */
  capacity?: number;
  /** Steady rate the bucket refills at, requests per second (> 0). @default 50 */
  refillPerSecond?: number;
}

/** The verdict for one request. */
export interface RateLimitDecision {
  allowed: boolean;
  /** Whole requests left in the bucket after this one. */
  remaining: number;
  /** When refused: seconds until one request is allowed again (≥ 1, rounded up). */
  retryAfterSeconds: number;
}

/** A per-key token bucket. */
export interface RateLimiter {
  /** Takes one request from `key`'s bucket at time `nowMs` (milliseconds). */
  take(key: string, nowMs: number): RateLimitDecision;
}

/**
 * Creates a per-key token-bucket rate limiter: each key starts with `capacity` requests
 * and regains `refillPerSecond` per second, never more than `capacity`.
 *
 * @param options - see {@link RateLimitOptions}
 * @returns a {@link RateLimiter}
 * @example
 * ```ts
 * const limiter = createRateLimiter({ capacity: 2, refillPerSecond: 1 });
 * limiter.take('acme', 0).allowed; // true
 * limiter.take('acme', 0).allowed; // true
 * limiter.take('acme', 0); // { allowed: false, remaining: 0, retryAfterSeconds: 1 }
 * ```
 */
export function createRateLimiter(options: RateLimitOptions = {}): RateLimiter {
  const capacity = Math.max(1, options.capacity ?? 300);
  const refillPerSecond = Math.max(Number.MIN_VALUE, options.refillPerSecond ?? 50);
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(key, nowMs) {
      const bucket = buckets.get(key) ?? { tokens: capacity, at: nowMs };
      const elapsedSeconds = Math.max(0, nowMs - bucket.at) / 1000;
      bucket.tokens = Math.min(capacity, bucket.tokens + elapsedSeconds * refillPerSecond);
      bucket.at = nowMs;
      buckets.set(key, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { allowed: true, remaining: Math.floor(bucket.tokens), retryAfterSeconds: 0 };
      }
      const retryAfterSeconds = Math.max(1, Math.ceil((1 - bucket.tokens) / refillPerSecond));
      return { allowed: false, remaining: 0, retryAfterSeconds };
    },
  };
}
