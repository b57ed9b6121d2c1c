import {
  type AdoptionEvent,
  type Contribution,
  ContributionSchema,
  PatternIdSchema,
  type PatternPackageInput,
  parseJson,
  type SyncTransport,
  ValidationError,
} from '@pollinate/core';
import { parseWith } from '@pollinate/core/helpers';
import ky, { isHTTPError, type KyInstance } from 'ky';
import * as z from 'zod/mini';
import { ConsentRequiredError, ResponseFormatError } from './errors.js';
import { errorFromResponse, errorWithoutResponse } from './http-errors.js';
import { createMemoryCache, type ResponseCache } from './response-cache.js';
import { attachRequest, type RequestSpec } from './transport.js';
import {
  AdoptionEventListSchema,
  AdoptionRecordSchema,
  type AdoptionRequest,
  type ContributePatternRequest,
  ContributePatternRequestSchema,
  type ContributePatternResult,
  ContributePatternResultSchema,
  type ContributeResult,
  ContributeResultSchema,
  type ErasureResult,
  ErasureResultSchema,
  HealthSchema,
  type MigrationPatternQuery,
  MigrationPatternQuerySchema,
  type MigrationPatternSearchResult,
  MigrationPatternSearchResultSchema,
  type NetworkPatterns,
  NetworkPatternsSchema,
  type PatternDocument,
  PatternDocumentSchema,
  type PatternReputation,
  PatternReputationSchema,
  type PublisherReputation,
  PublisherReputationSchema,
  type PublishResult,
  PublishResultSchema,
  type RecommendationQuery,
  type RegistryContributorExport,
  RegistryContributorExportSchema,
  type RegistryRecommendations,
  RegistryRecommendationsSchema,
  type RegistrySearchQuery,
  type ReviewList,
  ReviewListSchema,
  type ReviewResult,
  ReviewResultSchema,
  type ReviewSubmission,
  ReviewSubmissionSchema,
  type SearchPage,
  SearchPageSchema,
  type Stats,
  StatsSchema,
  type VersionDocument,
  VersionDocumentSchema,
  VersionListSchema,
  type VersionSummary,
} from './wire.js';

/** Retry policy of {@link RegistryClientOptions.retry}. */
export interface RetryPolicy {
  /** Retries after the first attempt (0–10). @default 2 */
  limit?: number;
  /** Longest wait between attempts, milliseconds; waits grow as 300 ms · 2^(attempt−1) up to this. @default 10_000 */
  backoffLimit?: number;
  /** Longest `Retry-After` honoured, milliseconds; a longer one fails the call with the 429/503 error. @default 60_000 */
  maxRetryAfter?: number;
}

/** Options of {@link createRegistryClient}. */
export interface RegistryClientOptions {
  /** The registry's base URL, e.g. `http://127.0.0.1:4873` (the client adds `/api/v1`). */
  baseUrl: string | URL;
  /** Bearer token for writes (see the registry's `POLLINATE_TOKENS`); never appears in error messages. */
  token?: string;
  /** Per-attempt timeout, milliseconds; `false` for none. @default 10_000 */
  timeout?: number | false;
  /**
   * Retries of idempotent calls (GET, PUT, DELETE, and POST with an idempotency key) on
   * network errors, 408, 429, 500, 502, 503 and 504, honouring `Retry-After`. A number is
   * the `limit`; `false` or `0` turns retries off. @default { limit: 2 }
   */
  retry?: number | false | RetryPolicy;
  /** The `fetch` to use (a test double, an undici dispatcher wrapper, …). @default globalThis.fetch */
  fetch?: typeof fetch;
  /** `User-Agent` header (ignored by browsers). @default 'pollinate-client/0.1' */
  userAgent?: string;
  /** Cache for conditional GETs (ETag / If-None-Match); `false` disables them. @default an in-memory LRU of 500 entries and 32 MiB */
  cache?: ResponseCache | false;
}

/** Options every call accepts. */
export interface CallOptions {
  /** Aborts the call (and pending retries); the call then rejects with a `NetworkError` coded `E_ABORTED`. */
  signal?: AbortSignal;
}

/** Options of {@link RegistryClient.publish}. */
export interface PublishOptions extends CallOptions {
  /** Dist-tag to point at the version. @default `latest` when newer than the current latest, `next` for prereleases */
  tag?: string;
}

/** Options of calls that POST: an idempotency key makes them safe to retry. */
export interface IdempotentCallOptions extends CallOptions {
  /** Sent as `Idempotency-Key`; with it the call is retried like a GET. */
  idempotencyKey?: string;
}

/** Options of {@link RegistryClient.contribute}. */
export interface RegistryContributeOptions extends CallOptions {
  /** The contributor's explicit opt-in; without `true` the client throws {@link ConsentRequiredError} and sends nothing. */
  consent: boolean;
}

/** Options of {@link RegistryClient.sync}. */
export interface SyncOptions extends CallOptions {
  /** Stable id of this peer; the registry keeps one sync state per peer id (1–200 of `A–Z a–z 0–9 . _ : -`). */
  peerId: string;
  /**
   * The shard the message is for, when the registry's network is sharded (sent as
   * `X-Pollinate-Shard`; the registry answers its shard count in `X-Pollinate-Shards`).
   * Integer 0 … shards − 1. @default none (a one-shard network)
   */
  shard?: number;
  /**
   * Milliseconds (0 … 30,000) the registry may hold the message when it shows this peer is
   * up to date, answering as soon as the network changes: a long poll (sent as
   * `X-Pollinate-Wait`). Use it on the first message of a session only: a later message
   * with it holds the session until the next change. @default 0
   */
  waitMs?: number;
}

/** The transport {@link RegistryClient.syncTransport} returns, defined in `@pollinate/core` (re-exported here). */
export type { SyncTransport };

/** A typed client of one Pollinate registry. Every method rejects with a `RegistryError` subclass. */
export interface RegistryClient {
  /** The base URL of the API, ending in `/api/v1/`. */
  readonly apiUrl: string;
  /** `GET /healthz`. */
  health(options?: CallOptions): Promise<{ status: 'ok' }>;
  /** Publishes one version: `PUT /patterns/{scope}/{name}/{version}`. */
  publish(pkg: PatternPackageInput, options?: PublishOptions): Promise<PublishResult>;
  /** A pattern with all versions, dist-tags and its latest listing. */
  getPattern(id: string, options?: CallOptions): Promise<PatternDocument>;
  /** One version (exact semver or dist-tag) with its whole package. */
  getVersion(id: string, version: string, options?: CallOptions): Promise<VersionDocument>;
  /** A pattern's versions in ascending semver order. */
  listVersions(id: string, options?: CallOptions): Promise<VersionSummary[]>;
  /** One page of search results. */
  search(query?: RegistrySearchQuery, options?: CallOptions): Promise<SearchPage>;
  /** Every page of a search, fetched lazily as you iterate. */
  searchAll(query?: RegistrySearchQuery, options?: CallOptions): AsyncIterableIterator<SearchPage>;
  /** RegistryRecommendations for a team. */
  recommend(query: RecommendationQuery, options?: CallOptions): Promise<RegistryRecommendations>;
  /** Submits a review of a pattern; screening may flag it. */
  submitReview(id: string, review: ReviewSubmission, options?: IdempotentCallOptions): Promise<ReviewResult>;
  /** Reviews of a pattern and its rating summary. */
  listReviews(id: string, options?: CallOptions & { includeFlagged?: boolean }): Promise<ReviewList>;
  /** A pattern's reputation, certification and ratings. */
  getReputation(id: string, options?: CallOptions): Promise<PatternReputation>;
  /** A publisher's dashboard. */
  getPublisherReputation(publisher: string, options?: CallOptions): Promise<PublisherReputation>;
  /** Records an adoption event for the token's team. */
  recordAdoption(event: AdoptionRequest, options?: IdempotentCallOptions): Promise<AdoptionEvent>;
  /** Adoption events, filtered by pattern and/or team, in arrival order. */
  listAdoptions(
    filter?: { patternId?: string; team?: string },
    options?: CallOptions,
  ): Promise<AdoptionEvent[]>;
  /** Homepage figures. */
  stats(options?: CallOptions): Promise<Stats>;
  /**
   * Contributes one migration record to the pattern network. Without `{ consent: true }`
   * (options left out included) it rejects with {@link ConsentRequiredError} and sends nothing.
   */
  contribute(contribution: Contribution, options?: RegistryContributeOptions): Promise<ContributeResult>;
  /**
   * Contributes one migration in the seed's flat shape (`ContributePatternRequest`); the
   * registry anonymizes it (unless `anonymize: false`), signs it with the publisher's
   * custodial key and answers `{patternId, contributed, message, globalContributions}`.
   */
  contributePattern(
    request: ContributePatternRequest,
    options?: CallOptions,
  ): Promise<ContributePatternResult>;
  /**
   * The seed's pattern search: the network's patterns for a source cloud, target cloud and
   * resource types, ranked by the similarity matcher (`limit` 1–50, default 10).
   */
  searchMigrationPatterns(
    query: MigrationPatternQuery,
    options?: CallOptions,
  ): Promise<MigrationPatternSearchResult>;
  /** Exchanges one binary sync message; resolves with the reply or `null`. Never retried. */
  sync(message: Uint8Array, options: SyncOptions): Promise<Uint8Array | null>;
  /** A {@link SyncTransport} bound to a peer id (and, for a sharded network, a shard), for crdt-network's sync helpers. */
  syncTransport(peerId: string, options?: CallOptions & { shard?: number }): SyncTransport;
  /** The network's aggregated migration patterns. */
  networkPatterns(options?: CallOptions & { minContributors?: number }): Promise<NetworkPatterns>;
  /** Erases every contribution of a pseudonym (only its owner may). */
  eraseContributor(pseudonym: string, options?: CallOptions): Promise<ErasureResult>;
  /**
   * Exports everything the registry holds about a pseudonym (only its owner may): its
   * contributions, consent history and erasure status (GDPR Art. 15 and 20).
   */
  exportContributor(pseudonym: string, options?: CallOptions): Promise<RegistryContributorExport>;
}

const RETRY_STATUS_CODES = [408, 429, 500, 502, 503, 504];
const PEER_ID = /^[A-Za-z0-9._:-]{1,200}$/;

/**
 * Creates a client of a Pollinate registry over ky: a typed method per endpoint,
 * responses parsed with the contract's zod schemas, retries with exponential backoff that
 * honour `Retry-After` on idempotent calls only, conditional GETs with ETags, and
 * `AbortSignal` on every call.
 *
 * @param options - see {@link RegistryClientOptions}
 * @returns a {@link RegistryClient}
 * @throws {ValidationError} (core's) when `baseUrl` is not an http(s) URL
 * @example
 * ```ts
 * const client = createRegistryClient({ baseUrl: 'http://127.0.0.1:4873', token: process.env.POLLINATE_TOKEN });
 * const page = await client.search({ q: 'retry', limit: 5 });
 * for (const hit of page.hits) console.log(hit.id, hit.score);
 * ```
 */
export function createRegistryClient(options: RegistryClientOptions): RegistryClient {
  const apiUrl = apiBase(options.baseUrl);
  const cache = options.cache === false ? undefined : (options.cache ?? createMemoryCache());
  const retry = retryPolicy(options.retry);
  const http: KyInstance = ky.create({
    prefixUrl: apiUrl,
    timeout: options.timeout ?? 10_000,
    throwHttpErrors: (status) => status !== 304,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    headers: {
      'user-agent': options.userAgent ?? 'pollinate-client/0.1',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
  });

  async function request<S extends z.core.$ZodType>(spec: RequestSpec<S>): Promise<z.infer<S>> {
    const searchParams = new URLSearchParams();
    for (const [key, value] of Object.entries(spec.searchParams ?? {})) {
      if (Array.isArray(value)) for (const item of value) searchParams.append(key, item);
      else if (value !== undefined && value !== '') searchParams.set(key, String(value));
    }
    const query = searchParams.toString();
    const url = `${apiUrl}${spec.path}${query ? `?${query}` : ''}`;
    const method = spec.method.toUpperCase();
    const cacheKey = `${method} ${url}`;
    const cached = spec.method === 'get' && cache ? await cache.get(cacheKey) : undefined;
    const headers: Record<string, string> = {};
    if (cached) headers['if-none-match'] = cached.etag;
    if (spec.idempotencyKey) headers['idempotency-key'] = spec.idempotencyKey;
    const retryable =
      (spec.method !== 'post' && spec.method !== 'patch') || spec.idempotencyKey !== undefined;
    let response: Response;
    try {
      response = await http(spec.path + (query ? `?${query}` : ''), {
        method: spec.method,
        headers,
        ...(spec.json === undefined ? {} : { json: spec.json }),
        ...(spec.signal ? { signal: spec.signal } : {}),
        retry: {
          limit: retryable ? retry.limit : 0,
          methods: ['get', 'put', 'delete', ...(retryable ? (['post'] as const) : [])],
          statusCodes: RETRY_STATUS_CODES,
          afterStatusCodes: [429, 503],
          backoffLimit: retry.backoffLimit,
          maxRetryAfter: retry.maxRetryAfter,
        },
      });
    } catch (error) {
      if (isHTTPError(error)) throw await errorFromResponse(error.response, method, url);
      throw errorWithoutResponse(error, method, url);
    }
    let body: unknown;
    if (response.status === 304 && cached) {
      body = cached.body;
    } else {
      const text = await response.text();
      try {
        // Linear time and at most 400 levels deep, whatever the server sends (core's parseJson).
        body = text === '' ? undefined : parseJson(text, { subject: 'response body' });
      } catch (error) {
        throw new ResponseFormatError(
          'E_BAD_RESPONSE',
          `${method} ${spec.path} returned a body that is not JSON`,
          {
            status: response.status,
            method,
            url,
            cause: error,
          },
        );
      }
      const etag = response.headers.get('etag');
      if (spec.method === 'get' && cache && etag)
        await cache.set(cacheKey, { etag, body, bytes: 2 * text.length });
    }
    const parsed = z.safeParse(spec.schema, body);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      throw new ResponseFormatError(
        'E_BAD_RESPONSE',
        `${method} ${spec.path} returned a body that breaks the contract${first ? ` at ${first.path.join('.') || '(root)'}: ${first.message}` : ''}`,
        { status: response.status, method, url },
      );
    }
    return parsed.data;
  }

  const patternPath = (id: string) => {
    const [scope, name] = parseWith(PatternIdSchema, id, 'pattern id').split('/') as [string, string];
    return `patterns/${encodeURIComponent(scope)}/${encodeURIComponent(name)}`;
  };

  const searchParamsOf = (query: RegistrySearchQuery): Record<string, string | number | undefined> => ({
    sort: query.sort,
    tiers: query.tiers?.join(','),
    q: query.q,
    category: query.category,
    tags: query.tags?.join(','),
    license: query.license,
    minRating: query.minRating,
    minAdoptions: query.minAdoptions,
    trustedPublishers: query.trustedPublishers?.join(','),
    pricing: query.pricing?.join(','),
    limit: query.limit,
    cursor: query.cursor,
  });

  const client: RegistryClient = {
    apiUrl,
    health: (call = {}) =>
      request({ method: 'get', path: '../../healthz', schema: HealthSchema, signal: call.signal }),
    publish(pkg, call = {}) {
      const listing = (pkg as { listing?: { id?: unknown; version?: unknown } }).listing;
      const id = typeof listing?.id === 'string' ? listing.id : '';
      const version = typeof listing?.version === 'string' ? listing.version : '';
      return request({
        method: 'put',
        path: `${patternPath(id)}/${encodeURIComponent(version)}`,
        schema: PublishResultSchema,
        json: pkg,
        searchParams: { tag: call.tag },
        signal: call.signal,
      });
    },
    getPattern: (id, call = {}) =>
      request({ method: 'get', path: patternPath(id), schema: PatternDocumentSchema, signal: call.signal }),
    getVersion: (id, version, call = {}) =>
      request({
        method: 'get',
        path: `${patternPath(id)}/${encodeURIComponent(version)}`,
        schema: VersionDocumentSchema,
        signal: call.signal,
      }),
    async listVersions(id, call = {}) {
      const list = await request({
        method: 'get',
        path: `${patternPath(id)}/versions`,
        schema: VersionListSchema,
        signal: call.signal,
      });
      return list.versions;
    },
    search: (query = {}, call = {}) =>
      request({
        method: 'get',
        path: 'patterns/search',
        schema: SearchPageSchema,
        searchParams: searchParamsOf(query),
        signal: call.signal,
      }),
    async *searchAll(query = {}, call = {}) {
      let cursor = query.cursor;
      do {
        const page = await client.search({ ...query, ...(cursor ? { cursor } : {}) }, call);
        yield page;
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
    },
    recommend: (query, call = {}) =>
      request({
        method: 'get',
        path: 'recommendations',
        schema: RegistryRecommendationsSchema,
        searchParams: {
          team: query.team,
          stack: query.stack?.join(','),
          adopted: query.adopted?.join(','),
          challenge: query.challenges,
          limit: query.limit,
        },
        signal: call.signal,
      }),
    async submitReview(id, review, call = {}) {
      return request({
        method: 'post',
        path: `${patternPath(id)}/reviews`,
        schema: ReviewResultSchema,
        json: parseWith(ReviewSubmissionSchema, review, 'review'),
        idempotencyKey: call.idempotencyKey ?? review.id,
        signal: call.signal,
      });
    },
    listReviews: (id, call = {}) =>
      request({
        method: 'get',
        path: `${patternPath(id)}/reviews`,
        schema: ReviewListSchema,
        searchParams: { include: call.includeFlagged ? 'flagged' : undefined },
        signal: call.signal,
      }),
    getReputation: (id, call = {}) =>
      request({
        method: 'get',
        path: `${patternPath(id)}/reputation`,
        schema: PatternReputationSchema,
        signal: call.signal,
      }),
    getPublisherReputation: (publisher, call = {}) =>
      request({
        method: 'get',
        path: `publishers/${encodeURIComponent(publisher)}/reputation`,
        schema: PublisherReputationSchema,
        signal: call.signal,
      }),
    recordAdoption: (event, call = {}) =>
      request({
        method: 'post',
        path: 'adoptions',
        schema: AdoptionRecordSchema,
        json: event,
        idempotencyKey: call.idempotencyKey,
        signal: call.signal,
      }),
    async listAdoptions(filter = {}, call = {}) {
      const list = await request({
        method: 'get',
        path: 'adoptions',
        schema: AdoptionEventListSchema,
        searchParams: { patternId: filter.patternId, team: filter.team },
        signal: call.signal,
      });
      return list.events;
    },
    stats: (call = {}) => request({ method: 'get', path: 'stats', schema: StatsSchema, signal: call.signal }),
    async contribute(contribution, call) {
      if (call?.consent !== true)
        throw new ConsentRequiredError(
          'Contributing to the pattern network needs explicit opt-in consent: pass { consent: true }',
        );
      const parsed = parseWith(ContributionSchema, contribution, 'contribution');
      return request({
        method: 'post',
        path: 'patterns/contribute',
        schema: ContributeResultSchema,
        json: { contribution: parsed, consent: true },
        idempotencyKey: `contribution:${parsed.id}`,
        signal: call.signal,
      });
    },
    contributePattern(body, call = {}) {
      const parsed = parseWith(ContributePatternRequestSchema, body, 'contribution');
      return request({
        method: 'post',
        path: 'patterns/contribute',
        schema: ContributePatternResultSchema,
        json: parsed,
        idempotencyKey: `migration:${parsed.migrationId}`,
        signal: call.signal,
      });
    },
    searchMigrationPatterns(query, call = {}) {
      const parsed = parseWith(MigrationPatternQuerySchema, query, 'pattern search query');
      return request({
        method: 'get',
        path: 'patterns/search',
        schema: MigrationPatternSearchResultSchema,
        searchParams: {
          sourceCloud: parsed.sourceCloud,
          targetCloud: parsed.targetCloud,
          resourceTypes: parsed.resourceTypes.join(','),
          limit: parsed.limit,
        },
        signal: call.signal,
      });
    },
    async sync(message, call) {
      if (!PEER_ID.test(call.peerId)) {
        throw new ValidationError(
          [{ path: ['peerId'], message: 'must be 1–200 of A–Z a–z 0–9 . _ : -' }],
          'sync options',
        );
      }
      if (
        call.shard !== undefined &&
        !(Number.isInteger(call.shard) && call.shard >= 0 && call.shard <= 65_535)
      ) {
        throw new ValidationError(
          [{ path: ['shard'], message: 'must be an integer 0 … 65,535' }],
          'sync options',
        );
      }
      if (
        call.waitMs !== undefined &&
        !(Number.isInteger(call.waitMs) && call.waitMs >= 0 && call.waitMs <= 30_000)
      ) {
        throw new ValidationError(
          [{ path: ['waitMs'], message: 'must be an integer 0 … 30,000 (milliseconds)' }],
          'sync options',
        );
      }
      const url = `${apiUrl}network/sync`;
      let response: Response;
      try {
        response = await http('network/sync', {
          method: 'post',
          body: new Uint8Array(message),
          headers: {
            'content-type': 'application/octet-stream',
            'x-pollinate-peer': call.peerId,
            ...(call.shard === undefined ? {} : { 'x-pollinate-shard': String(call.shard) }),
            ...(call.waitMs ? { 'x-pollinate-wait': String(call.waitMs) } : {}),
          },
          retry: { limit: 0 },
          // A long poll may be held for waitMs before the registry starts answering.
          ...(call.waitMs && options.timeout !== false
            ? { timeout: (options.timeout ?? 10_000) + call.waitMs }
            : {}),
          ...(call.signal ? { signal: call.signal } : {}),
        });
      } catch (error) {
        if (isHTTPError(error)) throw await errorFromResponse(error.response, 'POST', url);
        throw errorWithoutResponse(error, 'POST', url);
      }
      if (response.status === 204) return null;
      return new Uint8Array(await response.arrayBuffer());
    },
    syncTransport:
      (peerId, call = {}) =>
      (message) =>
        client.sync(message, { ...call, peerId }),
    networkPatterns: (call = {}) =>
      request({
        method: 'get',
        path: 'network/patterns',
        schema: NetworkPatternsSchema,
        searchParams: { minContributors: call.minContributors },
        signal: call.signal,
      }),
    eraseContributor: (pseudonym, call = {}) =>
      request({
        method: 'delete',
        path: `contributors/${encodeURIComponent(pseudonym)}`,
        schema: ErasureResultSchema,
        signal: call.signal,
      }),
    exportContributor: (pseudonym, call = {}) =>
      request({
        method: 'get',
        path: `contributors/${encodeURIComponent(pseudonym)}/export`,
        schema: RegistryContributorExportSchema,
        signal: call.signal,
      }),
  };
  attachRequest(client, { request, patternPath });
  return client;
}

function apiBase(baseUrl: string | URL): string {
  let url: URL;
  try {
    url = new URL(String(baseUrl));
  } catch {
    url = new URL('invalid:');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ValidationError([{ path: ['baseUrl'], message: 'must be an http(s) URL' }], 'client options');
  }
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.origin}${path.endsWith('/api/v1') ? path : `${path}/api/v1`}/`;
}

function retryPolicy(retry: RegistryClientOptions['retry']): Required<RetryPolicy> {
  const base = { limit: 2, backoffLimit: 10_000, maxRetryAfter: 60_000 };
  if (retry === false) return { ...base, limit: 0 };
  if (typeof retry === 'number') return { ...base, limit: Math.max(0, Math.min(10, Math.floor(retry))) };
  return { ...base, ...retry, limit: Math.max(0, Math.min(10, Math.floor(retry?.limit ?? base.limit))) };
}
