import { randomBytes, randomUUID } from 'node:crypto';
import { DEFAULT_MAX_JSON_DEPTH, PollinateError, type PublishPolicy } from '@pollinate/core';
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
import { sharesRateLimits } from './postgres-store.js';
import {
  createPrivacy,
  DEFAULT_MIN_CONTRIBUTORS,
  type PurgeReport,
  type RegistryPrivacy,
} from './privacy.js';
import { HttpProblem, problemResponse, toHttpProblem } from './problem.js';
import { createRateLimiter, type RateLimitOptions } from './rate-limit.js';
import { catalogRoutes } from './routes/catalog.js';
import { discoveryRoutes } from './routes/discovery.js';
import { networkRoutes, seedSearchRoutes } from './routes/network.js';
import { pageRoutes } from './routes/pages.js';
import { patternRoutes } from './routes/patterns.js';
import { privacyRoutes } from './routes/privacy.js';
import { reviewRoutes } from './routes/reviews.js';
import { trustRoutes } from './routes/trust.js';
import { createAnonymizerScanner } from './security-scanner.js';
import type { RegistryStore } from './store.js';
import { createWebhookDispatcher, type WebhookOptions } from './webhooks.js';

/** Options of {@link createRegistryApp}. */
export interface RegistryAppOptions {
  /** Where the registry keeps its data. */
  store: RegistryStore;
  /** Bearer tokens: a {@link TokenTable} or a `POLLINATE_TOKENS` string (`publisher:token,…`). @default no tokens (read-only registry) */
  tokens?: TokenTable | string;
  /**
   * Auditor tokens (may record attestations): a {@link TokenTable} or a string
   * `auditor:token,…` in the form of `tokens` (env `POLLINATE_AUDITOR_TOKENS`). @default none
   */
  auditorTokens?: TokenTable | string;
  /**
   * Moderator tokens (may accept or reject reviews and read the moderation queue and audit
   * trail): a {@link TokenTable} or `moderator:token,…` (env `POLLINATE_MODERATOR_TOKENS`). @default none
   */
  moderatorTokens?: TokenTable | string;
  /**
   * The registry's Ed25519 private key (32 bytes, or 64 hex characters) that signs auditors'
   * attestations; clients verify them offline against its public key
   * (`GET /api/v1/attestation-key`). Configure it (env `POLLINATE_ATTESTATION_KEY`) so the
   * key outlives the process. @default a random key per process
   */
  attestationKey?: Uint8Array | string;
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
  /**
   * Fewest distinct contributors (deployments) behind any network aggregate the registry
   * publishes (`/network/patterns`, the seed's pattern search, `/stats`); requests may ask
   * for more, never fewer. @default 3
   */
  minContributors?: number;
  /** Publishers whose tokens may read the audit log (`GET /api/v1/audit`) and run `POST /api/v1/purge`. @default [] */
  operators?: readonly string[];
  /** Days between an erasure (or opt-out) and the purge that removes it from the stored bytes. @default 30 */
  purgeAfterDays?: number;
  /** Days audit events are kept. @default 2557 (7 years) */
  auditRetentionDays?: number;
  /**
   * Webhook deliveries of publishers' notifications (signed per Standard Webhooks, retried with
   * backoff; see {@link WebhookOptions}); `false` delivers nothing (notifications still reach the
   * feeds and stay queued for another instance). @default {} (https URLs only, 8 attempts)
   */
  webhooks?: WebhookOptions | false;
}

/** The privacy maintenance of a registry app: the scheduled purge and audit retention. */
export interface RegistryMaintenance {
  /** The privacy operations (consent, erasure, purge, audit). */
  privacy: RegistryPrivacy;
  /**
   * Runs what is due: a purge when an erasure's purge time has passed, and the audit log's
   * retention. Never throws (failures go to `logError`).
   * @returns the purge report, or `null` when no purge was due
   */
  runDue(): Promise<PurgeReport | null>;
}

/**
 * The per-address limits with their counters in the store when it shares them between
 * instances (PostgreSQL): N instances then allow an address the limit in all, not N times it.
 * A `counter` given in the options wins; a store without shared counters counts in memory.
 */
function sharedAddressLimits(
  options: AddressRateLimitOptions | false | undefined,
  store: RegistryStore,
): AddressRateLimitOptions | false | undefined {
  if (options === false || options?.counter !== undefined || !sharesRateLimits(store)) return options;
  return { ...options, counter: (name, limit) => store.addressRateLimitCounter(name, limit) };
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
 * @throws {PollinateError} `E_INVALID_TOKENS` for a malformed tokens string (of any role); `E_BAD_KEY` for a bad `attestationKey`
 * @example
 * ```ts
 * const app = createRegistryApp({ store: openSqliteStore(':memory:'), tokens: 'acme:s3cret-acme' });
 * const response = await app.fetch(new Request('http://registry/healthz'));
 * ```
 */
export function createRegistryApp(
  options: RegistryAppOptions,
): Hono<RegistryEnv> & { maintenance: RegistryMaintenance } {
  const tokens = typeof options.tokens === 'object' ? options.tokens : parseTokens(options.tokens);
  const roleTable = (table: TokenTable | string | undefined) =>
    table === undefined ? undefined : typeof table === 'object' ? table : parseTokens(table);
  const roles = {
    auditors: roleTable(options.auditorTokens),
    moderators: roleTable(options.moderatorTokens),
  };
  const attestationKey = attestationKeyBytes(options.attestationKey);
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
      roles: {
        ...(roles.auditors ? { auditors: roles.auditors } : {}),
        ...(roles.moderators ? { moderators: roles.moderators } : {}),
      },
      tokenLimiter: limiter,
      addressLimits: createAddressLimits(sharedAddressLimits(options.addressRateLimit, options.store)),
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
  // A review or an adoption event that carries the pattern's figures updates its search
  // document without a store read; the store's own writes are heard before they resolve,
  // so the route's answer already sees them (read-your-writes).
  options.store.subscribe((change) => {
    if (change.kind === 'review' || change.kind === 'adoption') {
      if (change.stats) catalog.updateFigures(change.patternId, change.stats);
      else catalog.refresh(change.patternId, { immediate: true });
    } else if ('patternId' in change) catalog.refresh(change.patternId);
  });
  options.store.onResync(() => catalog.rebuild());
  const minContributors = options.minContributors ?? DEFAULT_MIN_CONTRIBUTORS;
  if (!Number.isInteger(minContributors) || minContributors < 1) {
    throw new PollinateError('E_INVALID_OPTIONS', 'minContributors must be an integer ≥ 1');
  }
  let opened: Promise<NetworkReplica> | undefined;
  const network = () => {
    if (opened === undefined) {
      opened = openNetwork(options.store, { ...options.network, minContributors });
      const replica = opened;
      options.onShutdown?.(async () => (await replica).close());
    }
    return opened;
  };
  const privacy = createPrivacy(options.store, network, services.now, {
    ...(options.purgeAfterDays === undefined ? {} : { purgeAfterDays: options.purgeAfterDays }),
    ...(options.auditRetentionDays === undefined ? {} : { auditRetentionDays: options.auditRetentionDays }),
  });
  const publishPolicy: PublishPolicy = options.publishPolicy ?? {
    scanners: [
      createAnonymizerScanner({ knownIdentifiers: options.network?.knownIdentifiers ?? [] }),
      ...(options.advisories ? [createOsvScanner({ advisories: options.advisories })] : []),
    ],
  };

  const dispatcher =
    options.webhooks === false
      ? undefined
      : createWebhookDispatcher(options.store, { ...options.webhooks, now: services.now, logError });
  // A notification committed by any instance wakes this instance's dispatcher.
  options.store.subscribe((change) => {
    if (change.kind === 'notification' && change.webhook !== false) dispatcher?.wake();
  });

  const api = new Hono<RegistryEnv>();
  api.get('/openapi.json', (c) => c.json(buildOpenApiDocument()));
  // The seed's pattern search shares GET /patterns/search with the catalog search: it answers
  // requests naming sourceCloud/targetCloud/resourceTypes and passes the rest (q=) on.
  api.route('/', seedSearchRoutes(network, { minContributors }));
  api.route(
    '/',
    discoveryRoutes(services, catalog, network, {
      searchCacheEntries: options.searchCacheEntries ?? 1000,
      ...(options.searchCacheBytes === undefined ? {} : { searchCacheBytes: options.searchCacheBytes }),
    }),
  );
  api.route(
    '/',
    networkRoutes(services, network, privacy, {
      knownIdentifiers: options.network?.knownIdentifiers ?? [],
      minContributors,
      ...(options.draining ? { draining: options.draining } : {}),
    }),
  );
  api.route('/', privacyRoutes(services, network, privacy, { operators: new Set(options.operators ?? []) }));
  // Before the review and pattern routes: it adds review notifications and owns the
  // …/forks, …/proposals, …/lineage, …/purchases and …/value paths.
  api.route(
    '/',
    catalogRoutes(services, catalog, {
      publishPolicy,
      api: async (path, init) => app.request(`/api/v1${path}`, init),
      allowHttpWebhooks: options.webhooks !== false && options.webhooks?.allowHttp === true,
      allowPrivateWebhooks: options.webhooks !== false && options.webhooks?.allowPrivateNetworks === true,
      wake: () => dispatcher?.wake(),
    }),
  );
  api.route('/', trustRoutes(services, catalog, { attestationKey }));
  api.route(
    '/',
    reviewRoutes(services, catalog, { cacheEntries: options.searchCacheEntries ?? 1000, attestationKey }),
  );
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
  const maintenance: RegistryMaintenance = {
    privacy,
    async runDue() {
      try {
        const report = await privacy.purge({ actor: 'registry', onlyWhenDue: true });
        await privacy.pruneAudit();
        return report;
      } catch (error) {
        logError(error);
        return null;
      }
    },
  };
  return Object.assign(app, { maintenance });
}

/** The attestation key as 32 bytes: the option's, or a random one. */
function attestationKeyBytes(key: Uint8Array | string | undefined): Uint8Array {
  if (key === undefined) return new Uint8Array(randomBytes(32));
  if (key instanceof Uint8Array && key.length === 32) return key;
  if (typeof key === 'string' && /^[0-9a-fA-F]{64}$/.test(key))
    return new Uint8Array(Buffer.from(key, 'hex'));
  throw new PollinateError(
    'E_BAD_KEY',
    'attestationKey must be 32 bytes (a Uint8Array or 64 hex characters)',
  );
}
