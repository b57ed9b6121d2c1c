import { randomUUID } from 'node:crypto';
import { DEFAULT_MAX_JSON_DEPTH, type PublishPolicy } from '@pollinate/core';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { parseTokens, type TokenTable } from './auth.js';
import { createCatalog } from './catalog.js';
import { conditionalGet } from './conditional-get.js';
import type { RegistryEnv, RegistryServices } from './context.js';
import { parseCorsOrigins, registryCors } from './cors.js';
import { type AddressRateLimitOptions, createAddressLimits } from './middleware/address-rate-limit.js';
import { authenticate } from './middleware/authenticate.js';
import { type ClientAddressResolver, socketAddress } from './middleware/client-address.js';
import { jsonDepthLimit } from './middleware/json-body.js';
import { type NetworkOptions, type NetworkReplica, openNetwork } from './network.js';
import { buildOpenApiDocument } from './openapi.js';
import { createOsvScanner, type OsvRecord } from './osv-scanner.js';
import { HttpProblem, problemResponse, toHttpProblem } from './problem.js';
import { createRateLimiter, type RateLimitOptions } from './rate-limit.js';
import { discoveryRoutes } from './routes/discovery.js';
import { networkRoutes, seedSearchRoutes } from './routes/network.js';
import { pageRoutes } from './routes/pages.js';
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
  /**
   * Per-client-address limits for requests without a token and for failed authentications
   * (429 with `Retry-After`), counted apart from the per-token limit; `false` turns both off.
   * @default { anonymous: { points: 600, durationSeconds: 60 }, failedAuth: { points: 10, durationSeconds: 600, blockSeconds: 900 } }
   */
  addressRateLimit?: AddressRateLimitOptions | false;
  /** Finds a request's client address for the per-address limits (behind a proxy, read its header). @default the TCP peer address ({@link socketAddress}) */
  clientAddress?: ClientAddressResolver;
  /** Deepest nesting of arrays and objects accepted in a JSON body; deeper gets 400 `E_JSON_TOO_DEEP`. @default 400 */
  maxJsonDepth?: number;
  /** Quality gates every publish must pass. @default core's defaults plus {@link createAnonymizerScanner} as security scanner */
  publishPolicy?: PublishPolicy;
  /**
   * OSV advisories (see `loadOsvAdvisories`): when given, the default publish policy also
   * runs the OSV scanner, refusing a package whose requirements admit an affected version.
   * @default none
   */
  advisories?: readonly OsvRecord[];
  /**
   * Search pages kept serialized with their ETags (LRU), cleared whenever a publish changes
   * the catalog; `0` turns the cache off. @default 1000
   */
  searchCacheEntries?: number;
  /** Most bytes of search pages kept (2 bytes per character of key, JSON text and ETag); `0` turns the cache off. @default 67108864 (64 MiB) */
  searchCacheBytes?: number;
  /** The pattern network replica: its id, shards, identifiers to redact, peer limit. @default { networkId: 'pollinate', shards: 1 } */
  network?: NetworkOptions;
  /**
   * Receives a task the host runs when it shuts down, before closing the store (the
   * network replica writes its aggregates snapshot there, so the next start reads fewer
   * shards). `startRegistry` passes one. @default none
   */
  onShutdown?: (task: () => Promise<void>) => void;
  /** Makes ids the registry assigns (review ids). @default crypto.randomUUID */
  randomId?: () => string;
  /**
   * Origins whose pages may write (publish, review, adopt, contribute) from a browser; public
   * reads answer every origin. See {@link registryCors}. @default [] (no browser writes from other origins)
   */
  corsOrigins?: readonly string[];
  /** The built `pollinate-elements.js` the web pages load. @default the `@pollinate/elements/bundle` file */
  elementsBundle?: string;
  /** Logs unexpected errors. @default console.error */
  logError?: (error: unknown) => void;
  /** Whether the server is shutting down: `/readyz` then answers 503 so load balancers stop sending traffic. @default () => false */
  draining?: () => boolean;
}

/** Default largest request body: 8 MiB. */
export const DEFAULT_BODY_LIMIT_BYTES = 8 * 1024 * 1024;

/**
 * Builds the registry's Hono app: every `/api/v1` route, `/healthz`, the web pages
 * (`/`, `/search`, `/patterns/…`, `/publishers/…`), CORS, problem+json errors, bearer auth,
 * ETags, the body limit, the JSON nesting limit, the per-token rate limit and the
 * per-address limits for anonymous requests and failed authentications. Serve it with
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

  app.use('*', registryCors(parseCorsOrigins(options.corsOrigins ?? [])));
  // Liveness: the process answers. Readiness: the store answers, its schema is current,
  // and the server is not draining.
  app.get('/healthz', (c) => c.json({ status: 'ok' as const }));
  app.get('/readyz', async (c) => {
    const readiness = await options.store.readiness();
    const draining = options.draining?.() === true;
    const ready = readiness.ready && !draining;
    c.header('cache-control', 'no-store');
    return c.json(
      {
        status: ready ? ('ready' as const) : ('unavailable' as const),
        schema: readiness.schema,
        expectedSchema: readiness.expectedSchema,
        ...(draining ? { reason: 'shutting down' } : readiness.reason ? { reason: readiness.reason } : {}),
      },
      ready ? 200 : 503,
    );
  });

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

  app.use(
    '/api/*',
    authenticate({
      tokens,
      tokenLimiter: limiter,
      addressLimits: createAddressLimits(options.addressRateLimit),
      clientAddress: options.clientAddress ?? socketAddress,
      now: services.now,
    }),
  );
  app.use('/api/*', jsonDepthLimit(options.maxJsonDepth ?? DEFAULT_MAX_JSON_DEPTH));

  app.use('/api/*', conditionalGet());

  const catalog = createCatalog(options.store, { logError });
  // Every instance's writes (this one's included) reach the search index through the
  // store's change feed; a lost feed rebuilds it. Every change moves the catalog generation,
  // which keys the response caches (search pages, recommendations, publisher dashboards).
  options.store.subscribe((change) => {
    if ('patternId' in change) catalog.refresh(change.patternId);
  });
  options.store.onResync(() => catalog.rebuild());
  let opened: Promise<NetworkReplica> | undefined;
  const network = () => {
    if (opened === undefined) {
      opened = openNetwork(options.store, options.network);
      const replica = opened;
      options.onShutdown?.(async () => (await replica).close());
    }
    return opened;
  };
  const publishPolicy: PublishPolicy = options.publishPolicy ?? {
    scanners: [
      createAnonymizerScanner({ knownIdentifiers: options.network?.knownIdentifiers ?? [] }),
      ...(options.advisories ? [createOsvScanner({ advisories: options.advisories })] : []),
    ],
  };

  const api = new Hono<RegistryEnv>();
  api.get('/openapi.json', (c) => c.json(buildOpenApiDocument()));
  // The seed's pattern search shares GET /patterns/search with the catalog search: it answers
  // requests naming sourceCloud/targetCloud/resourceTypes and passes the rest (q=) on.
  api.route('/', seedSearchRoutes(network));
  api.route(
    '/',
    discoveryRoutes(services, catalog, network, {
      searchCacheEntries: options.searchCacheEntries ?? 1000,
      ...(options.searchCacheBytes === undefined ? {} : { searchCacheBytes: options.searchCacheBytes }),
    }),
  );
  api.route(
    '/',
    networkRoutes(services, network, {
      knownIdentifiers: options.network?.knownIdentifiers ?? [],
      ...(options.draining ? { draining: options.draining } : {}),
    }),
  );
  api.route('/', reviewRoutes(services, catalog, { cacheEntries: options.searchCacheEntries ?? 1000 }));
  api.route(
    '/',
    patternRoutes(services, {
      publishPolicy,
      onPublished: (record, distTag) => {
        if (distTag === 'latest') catalog.refresh(record.id, { immediate: true });
      },
    }),
  );
  app.route('/api/v1', api);
  app.route(
    '/',
    pageRoutes({
      catalog,
      api: async (path) => app.request(`/api/v1${path}`),
      ...(options.elementsBundle ? { elementsBundle: options.elementsBundle } : {}),
    }),
  );
  return app;
}
