import type { MiddlewareHandler } from 'hono';
import type { TokenTable } from '../auth.js';
import type { RegistryEnv } from '../context.js';
import { HttpProblem } from '../problem.js';
import type { RateLimiter } from '../rate-limit.js';
import type { AddressLimits, RateLimitVerdict } from './address-rate-limit.js';
import { addressKey, type ClientAddressResolver } from './client-address.js';

/** What {@link authenticate} needs. */
export interface AuthenticateOptions {
  /** Bearer tokens → publishers. */
  tokens: TokenTable;
  /**
   * Tokens of the other roles: auditors (may record attestations) and moderators (may
   * decide on reviews). A token found in a role's table sets that role's id; a token may
   * hold several roles. @default none
   */
  roles?: { auditors?: TokenTable; moderators?: TokenTable };
  /** Per-token limit (token bucket); `undefined`: none. */
  tokenLimiter: RateLimiter | undefined;
  /** Per-address limits for anonymous requests and failed authentications. */
  addressLimits: AddressLimits;
  /** Finds the client address of a request. */
  clientAddress: ClientAddressResolver;
  /** The clock (per-token buckets refill with it). */
  now: () => Date;
}

/**
 * Authentication and throttling for `/api/*`, in this order:
 *
 * 1. A request with an `Authorization` header from an address that failed authentication
 *    too often gets 429 before its token is even looked at (so a blocked guesser learns
 *    nothing, right token or wrong).
 * 2. An unknown or malformed bearer token counts one failure for the address and gets 401
 *    (429 once that failure goes over the limit).
 * 3. A valid token sets the publisher (and the auditor or moderator id, for tokens of those
 *    roles) and takes one request from that token's bucket.
 * 4. A request without a token takes one request from its address's anonymous budget.
 *
 * Every refusal is problem+json with `code: 'E_RATE_LIMITED'`, a `Retry-After` header
 * (seconds) and `retryAfterSeconds`; allowed requests carry `RateLimit-Remaining`.
 *
 * @param options - see {@link AuthenticateOptions}
 * @returns the Hono middleware
 * @example
 * ```ts
 * app.use('/api/*', authenticate({ tokens, tokenLimiter, addressLimits: createAddressLimits(), clientAddress: socketAddress, now }));
 * ```
 */
export function authenticate(options: AuthenticateOptions): MiddlewareHandler<RegistryEnv> {
  const { tokens, tokenLimiter, addressLimits, clientAddress, now } = options;
  const auditors = options.roles?.auditors;
  const moderators = options.roles?.moderators;
  return async (c, next) => {
    const authorization = c.req.header('authorization');
    if (authorization === undefined) {
      if (addressLimits.anonymous) {
        const verdict = await addressLimits.anonymous.consume(addressKey(clientAddress(c)));
        if (!verdict.allowed) throw tooMany(verdict, 'too many requests without a token from this address');
        c.header('ratelimit-remaining', String(verdict.remaining));
      }
      return next();
    }
    const address = addressKey(clientAddress(c));
    if (addressLimits.failedAuth) {
      const verdict = await addressLimits.failedAuth.check(address);
      if (!verdict.allowed) throw tooMany(verdict, 'too many failed authentications from this address');
    }
    const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
    const publisher = token ? tokens.publisherOf(token) : undefined;
    const auditor = token && auditors ? auditors.publisherOf(token) : undefined;
    const moderator = token && moderators ? moderators.publisherOf(token) : undefined;
    if ((!publisher && !auditor && !moderator) || !token) {
      if (addressLimits.failedAuth) {
        const verdict = await addressLimits.failedAuth.consume(address);
        if (!verdict.allowed) throw tooMany(verdict, 'too many failed authentications from this address');
      }
      throw new HttpProblem(401, 'E_UNAUTHORIZED', 'the bearer token is not valid', {
        headers: { 'www-authenticate': 'Bearer realm="pollinate", error="invalid_token"' },
      });
    }
    c.set('publisher', publisher);
    if (auditor) c.set('auditor', auditor);
    if (moderator) c.set('moderator', moderator);
    if (tokenLimiter) {
      const decision = tokenLimiter.take(token, now().getTime());
      if (!decision.allowed) {
        throw tooMany(
          { allowed: false, remaining: 0, retryAfterSeconds: decision.retryAfterSeconds },
          'too many requests for this token',
        );
      }
      c.header('ratelimit-remaining', String(decision.remaining));
    }
    return next();
  };
}

function tooMany(verdict: RateLimitVerdict, what: string): HttpProblem {
  return new HttpProblem(429, 'E_RATE_LIMITED', `${what}; retry in ${verdict.retryAfterSeconds} s`, {
    headers: { 'retry-after': String(verdict.retryAfterSeconds) },
    extensions: { retryAfterSeconds: verdict.retryAfterSeconds },
  });
}
