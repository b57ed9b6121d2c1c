import { createHash } from 'node:crypto';
import {
  type AdoptionEventList,
  AdoptionRequestSchema,
  RecommendationQuerySchema,
  type RegistryRecommendation,
  type RegistryRecommendations,
  RegistrySearchQuerySchema,
  type SearchPage,
  type Stats,
} from '@pollinate/client';
import { AdoptionEventSchema, PatternIdSchema, parseJson, TeamIdSchema } from '@pollinate/core';
import type { Recommendation as RankedRecommendation } from '@pollinate/search';
import { type MarketplaceStats, marketplaceStats, recommend, search } from '@pollinate/search';
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import type { Catalog } from '../catalog.js';
import {
  parseParams,
  type RegistryEnv,
  type RegistryServices,
  readJsonBody,
  requirePublisher,
  splitList,
} from '../context.js';
import type { NetworkReplica } from '../network.js';
import { HttpProblem } from '../problem.js';
import { type CachedBody, createResponseBodyCache } from '../response-cache.js';
import { trendingScore } from '../store.js';

const DAY_MS = 86_400_000;
/** How long one `/stats` answer is reused while no change arrives, milliseconds. */
const STATS_MAX_AGE_MS = 250;
/** How old a `/stats` answer may be when served while one refresh runs (nothing changed), milliseconds. */
const STATS_STALE_MS = 1_000;

const CursorSchema = z.object({ offset: z.number().int().min(0), query: z.string() });

/**
 * Routes for discovery and adoption: `GET /patterns/search`, `GET /recommendations`,
 * `GET /stats`, `POST /adoptions`, `GET /adoptions`.
 *
 * @param services - store, clock
 * @param catalog - the search index
 * @param network - the network replica (for stats)
 * @param options - `searchCacheEntries` / `searchCacheBytes`: how many search pages, and how many bytes of them, to keep serialized (0: none)
 * @returns a Hono sub-app to mount under `/api/v1`
 */
export function discoveryRoutes(
  services: RegistryServices,
  catalog: Catalog,
  network: () => Promise<NetworkReplica>,
  options: { searchCacheEntries: number; searchCacheBytes?: number },
): Hono<RegistryEnv> {
  const app = new Hono<RegistryEnv>();
  const { store } = services;
  const cacheLimits = {
    maxEntries: options.searchCacheEntries,
    ...(options.searchCacheBytes === undefined ? {} : { maxBytes: options.searchCacheBytes }),
  };
  const searchCache = createResponseBodyCache(cacheLimits);
  // Recommendations depend on the catalog and on adoption only: a page is reused until the
  // next change any instance makes (the catalog generation moves with every change).
  const recommendationCache = createResponseBodyCache(cacheLimits);
  catalog.onChange(() => {
    searchCache.clear();
    recommendationCache.clear();
  });

  app.get('/patterns/search', async (c) => {
    // Fast path: the exact query string of a page served before (only valid queries are cached).
    const generation = catalog.generation;
    const url = c.req.url;
    const rawKey = `${generation}?${url.slice(url.indexOf('?') + 1 || url.length)}`;
    const hit = searchCache.get(rawKey);
    if (hit) return jsonText(c, hit);
    const raw = c.req.query();
    const query = parseParams(
      RegistrySearchQuerySchema,
      {
        ...raw,
        minRating: numberParam(raw.minRating),
        minAdoptions: numberParam(raw.minAdoptions),
        limit: numberParam(raw.limit),
        tags: splitList(raw.tags),
        trustedPublishers: splitList(raw.trustedPublishers),
        pricing: splitList(raw.pricing),
        tiers: splitList(raw.tiers),
      },
      'search query',
    );
    const { cursor, limit, ...rest } = query;
    const queryKey = createHash('sha256')
      .update(JSON.stringify({ ...rest, limit }))
      .digest('base64url')
      .slice(0, 16);
    let offset = 0;
    if (cursor !== undefined) {
      const decoded = decodeCursor(cursor);
      if (!decoded || decoded.query !== queryKey) {
        throw new HttpProblem(400, 'E_INVALID_CURSOR', 'the cursor does not belong to this query', {
          issues: [{ path: ['cursor'], message: 'not a cursor of this query' }],
        });
      }
      offset = decoded.offset;
    }
    const cacheKey = `${generation}:${queryKey}:${offset}`;
    const cached = searchCache.get(cacheKey);
    if (cached) return jsonText(c, searchCache.alias(rawKey, cached));
    const index = await catalog.index();
    const result = search(index, {
      text: query.q,
      filters: {
        ...(query.category ? { categories: [query.category] } : {}),
        ...(query.tags ? { tags: query.tags } : {}),
        ...(query.license ? { licenses: [query.license] } : {}),
        ...(query.minRating !== undefined ? { minRating: query.minRating } : {}),
        ...(query.minAdoptions !== undefined ? { minAdoptions: query.minAdoptions } : {}),
        ...(query.trustedPublishers ? { publishers: query.trustedPublishers } : {}),
        ...(query.pricing ? { pricing: query.pricing } : {}),
        ...(query.tiers ? { tiers: query.tiers } : {}),
      },
      sort: query.sort,
      limit,
      offset,
    });
    const nextOffset = offset + result.hits.length;
    const body: SearchPage = {
      hits: result.hits.map((hit) => ({
        id: hit.id,
        score: hit.score,
        terms: hit.terms,
        listing: hit.listing,
      })),
      total: result.total,
      facets: result.facets,
      nextCursor:
        nextOffset < result.total && result.hits.length > 0 ? encodeCursor(nextOffset, queryKey) : null,
    };
    return jsonText(c, searchCache.alias(rawKey, searchCache.put(cacheKey, body)));
  });

  app.get('/recommendations', async (c) => {
    const url = c.req.url;
    const cacheKey = `${catalog.generation}?${url.slice(url.indexOf('?') + 1 || url.length)}`;
    const hit = recommendationCache.get(cacheKey);
    if (hit) return jsonText(c, hit);
    const { challenge: _challenge, ...raw } = c.req.query();
    const query = parseParams(
      RecommendationQuerySchema,
      {
        ...raw,
        limit: numberParam(raw.limit),
        stack: splitList(raw.stack),
        adopted: splitList(raw.adopted),
        challenges: c.req.queries('challenge'),
      },
      'recommendation query',
    );
    const techStack: Record<string, string> = {};
    for (const [index, entry] of (query.stack ?? []).entries()) {
      const at = entry.lastIndexOf('@');
      if (at <= 0 || at === entry.length - 1) {
        throw new HttpProblem(400, 'E_VALIDATION', 'a stack entry is name@version', {
          issues: [{ path: ['stack', index], message: 'must be name@version, e.g. node@20.11.0' }],
        });
      }
      techStack[entry.slice(0, at)] = entry.slice(at + 1);
    }
    // Co-adoption around this team, kept on write by the store: no request reads every event.
    const [index, coAdoption] = await Promise.all([
      catalog.index(),
      store.coAdoption(query.team, query.adopted ?? []),
    ]);
    const ranked = recommend(
      {
        team: query.team,
        techStack,
        ...(query.adopted ? { adoptedPatterns: query.adopted } : {}),
        ...(query.challenges ? { challenges: query.challenges } : {}),
      },
      { index, coAdoption },
      { limit: query.limit },
    );
    const items = (list: RankedRecommendation[]): RegistryRecommendation[] =>
      list.map((item) => ({
        id: item.listing.id,
        score: item.score,
        reasons: item.reasons,
        listing: item.listing,
      }));
    const body: RegistryRecommendations = {
      team: query.team,
      personalized: items(ranked.personalized),
      peerEndorsed: items(ranked.peerEndorsed),
      problemSolvers: items(ranked.problemSolvers),
      gapFillers: items(ranked.gapFillers),
    };
    return jsonText(c, recommendationCache.put(cacheKey, body));
  });

  // The listing-derived figures (patterns, publishers, ratings) cost one pass over the
  // in-memory catalog; they are kept per catalog generation and at most one second old.
  let listingFigures: { generation: number; at: number; value: MarketplaceStats } | undefined;
  // The whole answer is reused for at most STATS_MAX_AGE_MS while nothing changed (a
  // homepage figure: every request would otherwise pay the counts and the trending read).
  // Refreshes are coalesced: one computation at a time serves every waiting request, and
  // while nothing changed an answer up to STATS_STALE_MS old is served during the refresh
  // (stale-while-revalidate), so 20 connections never compute 20 copies at once.
  let lastStats: { generation: number; at: number; body: CachedBody } | undefined;
  let refreshing: { generation: number; promise: Promise<CachedBody> } | undefined;
  const statsBody = createResponseBodyCache(0);
  const computeStats = async (generation: number): Promise<CachedBody> => {
    const now = services.now();
    const nowMs = now.getTime();
    const week = { afterMs: nowMs - 7 * DAY_MS, throughMs: nowMs };
    const [listings, totals, replica, weeklyDownloads, weeklyInstalls, top] = await Promise.all([
      catalog.listings(),
      store.totals(),
      network(),
      store.countAdoptionEvents({ type: 'download', ...week }),
      store.countAdoptionEvents({ type: 'install', ...week }),
      store.topTrending(20),
    ]);
    if (!listingFigures || listingFigures.generation !== generation || nowMs - listingFigures.at > 1_000) {
      listingFigures = { generation, at: nowMs, value: marketplaceStats(listings, [], { now }) };
    }
    const trendingItems: Stats['trending'] = [];
    for (const stats of top) {
      const listing = await catalog.listing(stats.patternId);
      const score = trendingScore(stats.trendMass, nowMs);
      if (!listing || !(score > 0)) continue;
      trendingItems.push({
        id: listing.id,
        name: listing.name,
        score,
        installs: stats.installs,
        downloads: stats.downloads,
        uninstalls: stats.uninstalls,
      });
      if (trendingItems.length === 10) break;
    }
    const body: Stats = {
      patterns: totals.patterns,
      versions: totals.versions,
      reviews: totals.acceptedReviews,
      adoptionEvents: totals.adoptionEvents,
      contributions: replica.contributionCount(),
      networkPatterns: replica.patterns().length,
      marketplace: { ...listingFigures.value, weeklyDownloads, weeklyInstalls, asOf: now.toISOString() },
      trending: trendingItems,
    };
    const cached = statsBody.put('stats', body);
    // A refresh that finished after a newer one does not replace the newer answer.
    if (!lastStats || lastStats.generation <= generation) lastStats = { generation, at: nowMs, body: cached };
    return cached;
  };
  const refreshStats = (generation: number): Promise<CachedBody> => {
    if (refreshing && refreshing.generation === generation) return refreshing.promise;
    const promise = computeStats(generation);
    const entry = { generation, promise };
    refreshing = entry;
    const done = () => {
      if (refreshing === entry) refreshing = undefined;
    };
    promise.then(done, done);
    return promise;
  };
  app.get('/stats', async (c) => {
    const nowMs = services.now().getTime();
    const generation = catalog.generation;
    if (lastStats && lastStats.generation === generation) {
      const age = Math.abs(nowMs - lastStats.at);
      if (age < STATS_MAX_AGE_MS) return jsonText(c, lastStats.body);
      if (age < STATS_STALE_MS) {
        // Background refresh; its failure is the next request's to report.
        refreshStats(generation).catch(() => undefined);
        return jsonText(c, lastStats.body);
      }
    }
    // Something changed (read-your-writes) or the answer is too old: wait for a refresh.
    return jsonText(c, await refreshStats(generation));
  });

  app.post('/adoptions', async (c) => {
    const team = requirePublisher(c);
    const request = await readJsonBody(c, AdoptionRequestSchema, 'adoption event');
    const pattern = await store.getPattern(request.patternId);
    if (!pattern) throw new HttpProblem(404, 'E_NOT_FOUND', `no pattern ${request.patternId}`);
    if (request.version && !pattern.versions.some((v) => v.version === request.version)) {
      throw new HttpProblem(404, 'E_NOT_FOUND', `${request.patternId} has no version ${request.version}`);
    }
    const event = AdoptionEventSchema.parse({ ...request, team, at: services.now().toISOString() });
    // An Idempotency-Key is kept with the event in the store: a retry on any instance
    // records nothing new and answers the event first recorded under it.
    const idempotencyKey = c.req.header('idempotency-key');
    const result = await store.addAdoptionEvent(event, idempotencyKey ? { idempotencyKey } : {});
    if (result.status === 'exists') {
      if (result.event.patternId !== event.patternId || result.event.type !== event.type) {
        throw new HttpProblem(
          409,
          'E_IDEMPOTENCY_KEY_REUSED',
          'this Idempotency-Key was used for a different adoption event',
        );
      }
      return c.json(result.event, 200);
    }
    // Read-your-writes: the store told this instance's catalog before the write resolved.
    return c.json(event, 201);
  });

  app.get('/adoptions', async (c) => {
    const patternId = c.req.query('patternId');
    const team = c.req.query('team');
    if (patternId === undefined && team === undefined) {
      throw new HttpProblem(400, 'E_VALIDATION', 'filter adoption events by patternId, team or both', {
        issues: [{ path: ['patternId'], message: 'patternId or team is required' }],
      });
    }
    const filter = {
      ...(patternId === undefined ? {} : { patternId: parseParams(PatternIdSchema, patternId, 'patternId') }),
      ...(team === undefined ? {} : { team: parseParams(TeamIdSchema, team, 'team') }),
    };
    const body: AdoptionEventList = { events: await store.listAdoptionEvents(filter) };
    return c.json(body);
  });

  return app;
}

/** A numeric query parameter: absent stays `undefined`; anything else becomes a number (`NaN` fails validation with its path). */
function numberParam(value: string | undefined): number | undefined {
  return value === undefined || value === '' ? undefined : Number(value);
}

function jsonText(c: Context<RegistryEnv>, cached: CachedBody): Response {
  return c.body(cached.body, 200, { 'content-type': 'application/json', etag: cached.etag });
}

function encodeCursor(offset: number, query: string): string {
  return Buffer.from(JSON.stringify({ offset, query })).toString('base64url');
}

function decodeCursor(cursor: string): z.infer<typeof CursorSchema> | undefined {
  try {
    const text = Buffer.from(cursor, 'base64url').toString('utf8');
    const parsed = CursorSchema.safeParse(parseJson(text, { maxDepth: 1, subject: 'cursor' }));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
