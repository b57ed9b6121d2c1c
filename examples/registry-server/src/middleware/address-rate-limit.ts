import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/** The verdict of a {@link RateLimitCounter} for one key. */
export interface RateLimitVerdict {
  /** Whether the request may go on. */
  allowed: boolean;
  /** Requests left in the current window (0 when refused). */
  remaining: number;
  /** When refused: whole seconds until the key may try again (≥ 1); 0 when allowed. */
  retryAfterSeconds: number;
}

/**
 * Where the registry keeps request counts per key (a client address). The seam for a
 * shared store: several registry instances behind one load balancer must count together,
 * so an implementation over PostgreSQL (for example rate-limiter-flexible's
 * `RateLimiterPostgres`, wrapped with {@link rateLimitCounterFrom}) plugs in here.
 * Methods never throw for an over-limit key; they reject only when the store itself fails.
 */
export interface RateLimitCounter {
  /** Counts one request for `key` and says whether it is within the limit. */
  consume(key: string): Promise<RateLimitVerdict>;
  /** Says whether `key` is over the limit now, without counting a request. */
  check(key: string): Promise<RateLimitVerdict>;
}

/** A fixed-window limit: `points` requests per `durationSeconds`, then refusals for `blockSeconds`. */
export interface WindowLimit {
  /** Requests allowed per window (≥ 1). */
  points: number;
  /** Window length in seconds (≥ 1). */
  durationSeconds: number;
  /** Once over the limit, how long every request of that key is refused, seconds. @default the rest of the window */
  blockSeconds?: number;
}

/** Options of the per-address limits (`addressRateLimit` of `createRegistryApp`). */
export interface AddressRateLimitOptions {
  /**
   * Requests without a bearer token, per client address.
   * @default { points: 600, durationSeconds: 60 } (10 per second on average, bursts up to 600)
   */
  anonymous?: WindowLimit | false;
  /**
   * Requests whose bearer token is not valid, per client address. Once over, every request
   * with a token from that address gets 429 (valid or not, so the refusals reveal nothing)
   * until the block ends; requests without a token are not affected.
   * @default { points: 10, durationSeconds: 600, blockSeconds: 900 }
   */
  failedAuth?: WindowLimit | false;
  /**
   * Makes the counter for each limit; replace it to share counts between instances.
   * @default in-process counters ({@link createMemoryRateLimitCounter})
   */
  counter?: (name: 'anonymous' | 'failed-auth', limit: WindowLimit) => RateLimitCounter;
}

/** Default limit on requests without a token per client address: 600 per minute. */
export const DEFAULT_ANONYMOUS_LIMIT: WindowLimit = { points: 600, durationSeconds: 60 };
/** Default limit on failed authentications per client address: 10 per 10 minutes, then 15 minutes blocked. */
export const DEFAULT_FAILED_AUTH_LIMIT: WindowLimit = { points: 10, durationSeconds: 600, blockSeconds: 900 };

/**
 * Wraps a rate-limiter-flexible limiter (memory, PostgreSQL, Redis, …) as a {@link RateLimitCounter}.
 *
 * @param limiter - any `RateLimiterAbstract`; its `points` is the limit
 * @returns the counter
 * @example
 * ```ts
 * import { RateLimiterMemory } from 'rate-limiter-flexible';
 * const counter = rateLimitCounterFrom(new RateLimiterMemory({ points: 600, duration: 60 }));
 * // shared between instances: new RateLimiterPostgres({ storeClient: pool, points: 600, duration: 60 })
 * ```
 */
export function rateLimitCounterFrom(limiter: RateLimiterAbstract): RateLimitCounter {
  const verdict = (res: RateLimiterRes, allowed: boolean): RateLimitVerdict => ({
    allowed,
    remaining: allowed ? Math.max(0, res.remainingPoints) : 0,
    retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil(res.msBeforeNext / 1000)),
  });
  return {
    async consume(key) {
      try {
        return verdict(await limiter.consume(key), true);
      } catch (refusal) {
        if (refusal instanceof RateLimiterRes) return verdict(refusal, false);
        throw refusal;
      }
    },
    async check(key) {
      const res = await limiter.get(key);
      if (res === null) return { allowed: true, remaining: limiter.points, retryAfterSeconds: 0 };
      return verdict(res, res.consumedPoints <= limiter.points);
    },
  };
}

/**
 * An in-process {@link RateLimitCounter} (rate-limiter-flexible's `RateLimiterMemory`:
 * fixed windows; each key's record expires with its window, so memory follows the number
 * of addresses seen in one window).
 *
 * @param limit - see {@link WindowLimit}
 * @param name - distinguishes counters (key prefix)
 * @returns the counter
 * @example
 * ```ts
 * const counter = createMemoryRateLimitCounter({ points: 10, durationSeconds: 600, blockSeconds: 900 });
 * (await counter.consume('203.0.113.7')).allowed; // true
 * ```
 */
export function createMemoryRateLimitCounter(limit: WindowLimit, name = 'address'): RateLimitCounter {
  return rateLimitCounterFrom(
    new RateLimiterMemory({
      keyPrefix: name,
      points: Math.max(1, Math.floor(limit.points)),
      duration: Math.max(1, Math.ceil(limit.durationSeconds)),
      blockDuration: Math.max(0, Math.ceil(limit.blockSeconds ?? 0)),
    }),
  );
}

/** The two per-address counters the authentication middleware uses (either may be off). */
export interface AddressLimits {
  anonymous: RateLimitCounter | undefined;
  failedAuth: RateLimitCounter | undefined;
}

/**
 * Builds the per-address counters from options (defaults filled in; `false` turns one off).
 *
 * @param options - see {@link AddressRateLimitOptions}; `false` turns both off
 * @returns the counters
 * @example
 * ```ts
 * const limits = createAddressLimits({ anonymous: { points: 100, durationSeconds: 60 } });
 * ```
 */
export function createAddressLimits(options: AddressRateLimitOptions | false = {}): AddressLimits {
  if (options === false) return { anonymous: undefined, failedAuth: undefined };
  const make = options.counter ?? ((name, limit) => createMemoryRateLimitCounter(limit, name));
  const anonymous = options.anonymous ?? DEFAULT_ANONYMOUS_LIMIT;
  const failedAuth = options.failedAuth ?? DEFAULT_FAILED_AUTH_LIMIT;
  return {
    anonymous: anonymous === false ? undefined : make('anonymous', anonymous),
    failedAuth: failedAuth === false ? undefined : make('failed-auth', failedAuth),
  };
}
