import { randomUUID } from 'node:crypto';
import type { PublishPolicy } from '@pollinate/core';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { parseTokens, type TokenTable } from './auth.js';
import { createCatalog } from './catalog.js';
import { conditionalGet } from './conditional-get.js';
import type { RegistryEnv, RegistryServices } from './context.js';
import { type NetworkOptions, type NetworkReplica, openNetwork } from './network.js';
import { buildOpenApiDocument } from './openapi.js';
import { HttpProblem, problemResponse, toHttpProblem } from './problem.js';
import { createRateLimiter, type RateLimitOptions } from './rate-limit.js';
import { discoveryRoutes } from './routes/discovery.js';
import { networkRoutes, seedSearchRoutes } from './routes/network.js';
import { patternRoutes } from './routes/patterns.js';
import { reviewRoutes } from './routes/reviews.js';
import { createAnonymizerScanner } from './security-scanner.js';
import type { RegistryStore } from './store.js';

/** Options of {@link createRegistryApp}. */
export interface RegistryAppOptions {
  /** Where the registry keeps its data. */
  store: RegistryStore;
  /** Bearer tokens: a {@link TokenTable} or a `POLLINATE_TOKENS` string (`publisher:token,…`). @default no tokens (read-only registry) */
  tokens?: TokenTable | string;
  /** The clock. @default () => new Date() */
  now?: () => Date;
  /** Largest request body accepted, bytes; larger bodies get 413. @default 8 MiB */
  bodyLimitBytes?: number;
  /** Per-token rate limit (token bucket); `false` turns it off. @default { capacity: 300, refillPerSecond: 50 } */
  rateLimit?: RateLimitOptions | false;
  /** Quality gates every publish must pass. @default core's defaults plus {@link createAnonymizerScanner} as security scanner */
  publishPolicy?: PublishPolicy;
  /**
   * Search pages kept serialized with their ETags (LRU), cleared whenever a publish changes
   * the catalog; `0` turns the cache off. @default 1000
   */
  searchCacheEntries?: number;
  /** The pattern network replica: its id, identifiers to redact, peer limit. @default { networkId: 'pollinate' } */
  network?: NetworkOptions;
  /** Makes ids the registry assigns (review ids). @default crypto.randomUUID */
  randomId?: () => string;
  /** Logs unexpected errors. @default console.error */
  logError?: (error: unknown) => void;
}

/** Default largest request body: 8 MiB. */
export const DEFAULT_BODY_LIMIT_BYTES = 8 * 1024 * 1024;

/**
 * Builds the registry's Hono app: every `/api/v1` route, `/healthz`, problem+json errors,
 * bearer auth, ETags, the body limit and the per-token rate limit. Serve it with
 * `@hono/node-server` or call `app.fetch(request)` directly.
 *
 * @param options - see {@link RegistryAppOptions}
 * @returns the Hono app
 * @throws {PollinateError} `E_INVALID_TOKENS` for a malformed tokens string
 * @example
 * ```ts
 * const app = createRegistryApp({ store: openSqliteStore(':memory:'), tokens: 'acme:s3cret-acme' });
 * const response = await app.fetch(new Request('http://registry/healthz'));
 * ```
 */
export function createRegistryApp(options: RegistryAppOptions): Hono<RegistryEnv> {
  const tokens = typeof options.tokens === 'object' ? options.tokens : parseTokens(options.tokens);
  const services: RegistryServices = {
    store: options.store,
    tokens,
    now: options.now ?? (() => new Date()),
    randomId: options.randomId ?? randomUUID,
  };
  const logError = options.logError ?? ((error: unknown) => console.error(error));
  const limiter = options.rateLimit === false ? undefined : createRateLimiter(options.rateLimit);

  const app = new Hono<RegistryEnv>();

  app.onError((error, c) => {
    const problem = toHttpProblem(error);
    if (problem.status >= 500) logError(error);
    return problemResponse(c, problem);
  });
  app.notFound((c) =>
    problemResponse(
      c,
      new HttpProblem(404, 'E_NOT_FOUND', `no route for ${c.req.method} ${new URL(c.req.url).pathname}`),
    ),
  );

  app.get('/healthz', (c) => c.json({ status: 'ok' as const }));

  app.use(
    '/api/*',
    bodyLimit({
      maxSize: options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES,
      onError: (c) =>
        problemResponse(
          c,
          new HttpProblem(
            413,
            'E_PAYLOAD_TOO_LARGE',
            `the request body is larger than ${options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES} bytes`,
          ),
        ),
    }),
  );

  app.use('/api/*', async (c, next) => {
    const authorization = c.req.header('authorization');
    let token: string | undefined;
    if (authorization !== undefined) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
      token = match?.[1];
      const publisher = token ? tokens.publisherOf(token) : undefined;
      if (!publisher) {
        throw new HttpProblem(401, 'E_UNAUTHORIZED', 'the bearer token is not valid', {
          headers: { 'www-authenticate': 'Bearer realm="pollinate", error="invalid_token"' },
        });
      }
      c.set('publisher', publisher);
    }
    if (limiter && token) {
      const decision = limiter.take(token, services.now().getTime());
      if (!decision.allowed) {
        throw new HttpProblem(
          429,
          'E_RATE_LIMITED',
          `too many requests for this token; retry in ${decision.retryAfterSeconds} s`,
          {
            headers: { 'retry-after': String(decision.retryAfterSeconds) },
            extensions: { retryAfterSeconds: decision.retryAfterSeconds },
          },
        );
      }
      c.header('ratelimit-remaining', String(decision.remaining));
    }
    await next();
  });

  app.use('/api/*', conditionalGet());

  const catalog = createCatalog(options.store);
  let opened: Promise<NetworkReplica> | undefined;
  const network = () => {
    opened ??= openNetwork(options.store, options.network);
    return opened;
  };
  const publishPolicy: PublishPolicy = options.publishPolicy ?? {
    scanners: [createAnonymizerScanner({ knownIdentifiers: options.network?.knownIdentifiers ?? [] })],
  };

  const api = new Hono<RegistryEnv>();
  api.get('/openapi.json', (c) => c.json(buildOpenApiDocument()));
  // The seed's pattern search shares GET /patterns/search with the catalog search: it answers
  // requests naming sourceCloud/targetCloud/resourceTypes and passes the rest (q=) on.
  api.route('/', seedSearchRoutes(network));
  api.route(
    '/',
    discoveryRoutes(services, catalog, network, { searchCacheEntries: options.searchCacheEntries ?? 1000 }),
  );
  api.route(
    '/',
    networkRoutes(services, network, { knownIdentifiers: options.network?.knownIdentifiers ?? [] }),
  );
  api.route('/', reviewRoutes(services, catalog));
  api.route(
    '/',
    patternRoutes(services, {
      publishPolicy,
      onPublished: (record, distTag) => {
        if (distTag === 'latest') catalog.latestChanged(record.package.listing);
      },
    }),
  );
  app.route('/api/v1', api);
  return app;
}
