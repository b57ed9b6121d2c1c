import { createHash, timingSafeEqual } from 'node:crypto';
import { PollinateError, TeamIdSchema } from '@pollinate/core';

/** Bearer tokens mapped to publishers, looked up by the token's SHA-256 so lookups do not leak token bytes through timing. */
export interface TokenTable {
  /** The publisher (team id) a bearer token belongs to, or `undefined` for an unknown token. */
  publisherOf(token: string): string | undefined;
  /** How many tokens are configured. */
  readonly size: number;
}

/**
 * Parses `POLLINATE_TOKENS`: comma-separated `publisher:token` pairs (whitespace around
 * pairs ignored). A publisher may hold several tokens; a token belongs to one publisher.
 *
 * @param spec - e.g. `'acme:s3cret-acme,zeta:s3cret-zeta'`; empty or undefined gives no tokens
 * @returns a {@link TokenTable}
 * @throws {PollinateError} `E_INVALID_TOKENS` for a malformed pair, an invalid publisher id,
 *   a token shorter than 8 characters or the same token given twice (the message never contains a token)
 * @example
 * ```ts
 * const tokens = parseTokens(process.env.POLLINATE_TOKENS);
 * tokens.publisherOf('s3cret-acme'); // 'acme'
 * ```
 */
export function parseTokens(spec: string | undefined): TokenTable {
  const byDigest = new Map<string, { digest: Buffer; publisher: string }>();
  const pairs = (spec ?? '')
    .split(',')
    .map((pair) => pair.trim())
    .filter(Boolean);
  pairs.forEach((pair, index) => {
    const colon = pair.indexOf(':');
    const publisher = colon > 0 ? pair.slice(0, colon) : '';
    const token = colon > 0 ? pair.slice(colon + 1) : '';
    if (!TeamIdSchema.safeParse(publisher).success || token.length < 8 || /\s/.test(token)) {
      throw new PollinateError(
        'E_INVALID_TOKENS',
        `POLLINATE_TOKENS pair ${index + 1} must be "publisher:token" with a team id and a token of 8+ non-space characters`,
      );
    }
    const digest = sha256(token);
    const key = digest.toString('hex');
    if (byDigest.has(key)) {
      throw new PollinateError('E_INVALID_TOKENS', `POLLINATE_TOKENS pair ${index + 1} repeats a token`);
    }
    byDigest.set(key, { digest, publisher });
  });
  return {
    size: byDigest.size,
    publisherOf(token) {
      const digest = sha256(token);
      const entry = byDigest.get(digest.toString('hex'));
      return entry && timingSafeEqual(entry.digest, digest) ? entry.publisher : undefined;
    },
  };
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
