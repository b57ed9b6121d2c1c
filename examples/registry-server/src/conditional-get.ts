import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';

/**
 * Conditional GET (RFC 9110 §13.1.2): gives every successful GET response a strong ETag
 * (SHA-256 of the body, unless the route already set one) and `Cache-Control: no-cache`
 * (clients may store it but must revalidate), and answers a matching `If-None-Match`
 * with `304 Not Modified` and no body. Routes that precompute their ETag (cached search
 * pages) skip the hashing.
 *
 * @returns the Hono middleware
 * @example
 * ```ts
 * app.use('/api/*', conditionalGet());
 * ```
 */
export function conditionalGet(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if ((c.req.method !== 'GET' && c.req.method !== 'HEAD') || c.res.status !== 200) return;
    let etag = c.res.headers.get('etag');
    if (!etag) {
      const bytes = new Uint8Array(await c.res.clone().arrayBuffer());
      etag = `"${createHash('sha256').update(bytes).digest('base64url')}"`;
      c.res.headers.set('etag', etag);
    }
    c.res.headers.set('cache-control', 'no-cache');
    const ifNoneMatch = c.req.header('if-none-match');
    if (ifNoneMatch && matches(ifNoneMatch, etag)) {
      c.res = new Response(null, { status: 304, headers: { etag, 'cache-control': 'no-cache' } });
    }
  };
}

/** Weak comparison of an `If-None-Match` list against an entity tag (RFC 9110 §13.1.2). */
function matches(header: string, etag: string): boolean {
  if (header.trim() === '*') return true;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  const target = opaque(etag);
  return header.split(',').some((candidate) => opaque(candidate) === target);
}
