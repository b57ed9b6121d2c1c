import { PollinateError } from '@pollinate/core';
import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';

const READ_METHODS = ['GET', 'HEAD'];
const WRITE_METHODS = ['GET', 'HEAD', 'PUT', 'POST', 'DELETE'];

/**
 * Checks and normalizes the origins allowed to write (`--cors-origin`).
 *
 * @param origins - origins such as `https://portal.example` or `http://127.0.0.1:5173`
 * @returns the origins in their serialized form (lower-case scheme and host, no default port)
 * @throws {PollinateError} `E_INVALID_ORIGIN` for anything that is not a bare `http(s)` origin (a path, a query, `*`)
 * @example
 * ```ts
 * parseCorsOrigins(['https://Portal.example:443']); // ['https://portal.example']
 * ```
 */
export function parseCorsOrigins(origins: readonly string[]): string[] {
  return origins.map((origin) => {
    let url: URL | undefined;
    try {
      url = new URL(origin);
    } catch {
      url = undefined;
    }
    const bare =
      url && (url.protocol === 'http:' || url.protocol === 'https:') && `${url.origin}/` === url.href;
    if (!url || !bare || origin.endsWith('/')) {
      throw new PollinateError(
        'E_INVALID_ORIGIN',
        `"${origin}" is not an origin (scheme://host[:port], no path), e.g. https://portal.example`,
      );
    }
    return url.origin;
  });
}

/**
 * The registry's CORS policy (Hono's `cors` middleware): public reads (`GET`, `HEAD`, and
 * their preflights) answer any origin with `Access-Control-Allow-Origin: *`; writes (`PUT`,
 * `POST`, `DELETE`) are allowed only from the listed origins, which get their own origin
 * back and `Vary: Origin`. A write from any other origin gets no CORS headers, so the
 * browser refuses it before it is sent (preflight) or hides the answer. No credentials
 * (cookies) are involved: writes carry a bearer token.
 *
 * @param writeOrigins - origins allowed to write, from {@link parseCorsOrigins}. @default none
 * @returns the middleware, for `app.use('*', …)` before the routes
 */
export function registryCors(writeOrigins: readonly string[] = []): MiddlewareHandler {
  const writers = new Set(writeOrigins);
  const isRead = (method: string | undefined) => READ_METHODS.includes((method ?? '').toUpperCase());
  return cors({
    origin: (origin, c) => {
      const method =
        c.req.method === 'OPTIONS' ? c.req.header('access-control-request-method') : c.req.method;
      if (writers.has(origin)) return origin;
      return isRead(method) ? '*' : null;
    },
    allowMethods: (origin) => (writers.has(origin) ? WRITE_METHODS : READ_METHODS),
    allowHeaders: ['authorization', 'content-type', 'if-none-match', 'idempotency-key', 'x-pollinate-peer'],
    exposeHeaders: ['etag', 'location', 'retry-after', 'ratelimit-remaining', 'content-type'],
    maxAge: 600,
  });
}
