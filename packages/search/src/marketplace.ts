import { compareStrings, parseWith } from '@pollinate/core/helpers';
import {
  type AdoptionEvent,
  AdoptionEventSchema,
  IsoDateTimeSchema,
  type Listing,
  ValidationError,
} from '@pollinate/core/model';
import * as z from 'zod';

const DAY_MS = 86_400_000;

/** A point in time: a `Date`, milliseconds since the Unix epoch, or an ISO 8601 timestamp. */
export type Instant = Date | number | string;

/** Reads an {@link Instant} as epoch milliseconds (internal). */
export function instantToEpochMs(value: Instant, path: string): number {
  const ms =
    value instanceof Date
      ? value.getTime()
      : typeof value === 'number'
        ? value
        : IsoDateTimeSchema.safeParse(value).success
          ? Date.parse(value)
          : Number.NaN;
  if (!Number.isFinite(ms))
    throw new ValidationError([
      { path: [path], message: 'must be a Date, epoch milliseconds or an ISO 8601 timestamp' },
    ]);
  return ms;
}

/** Parses adoption events from outside data (internal). */
export function parseEvents(events: readonly AdoptionEvent[]): AdoptionEvent[] {
  return parseWith(z.array(AdoptionEventSchema), events, 'adoption events');
}

/** Options of {@link trending}. */
export interface TrendingOptions {
  /** The reference time; events after it are ignored. Required (library code never reads the clock). */
  now: Instant;
  /** Half-life of an event's weight, in days (> 0). @default 7 */
  halfLifeDays?: number;
  /** At most this many items. @default 10 */
  limit?: number;
  /** Weight of each event type. @default { install: 1, download: 0.25, uninstall: -1 } */
  weights?: { install?: number; download?: number; uninstall?: number };
}

/** One trending listing. */
export interface TrendingItem {
  /** The listing. */
  listing: Listing;
  /** The time-decayed adoption score (> 0): Σ weight(type) · 2^(−age in days / half-life). */
  score: number;
  /** Events counted (at or before `now`), by type. */
  installs: number;
  /** Download events counted. */
  downloads: number;
  /** Uninstall events counted. */
  uninstalls: number;
}

const TrendingOptionsSchema = z.object({
  halfLifeDays: z.number().positive().finite().default(7),
  limit: z.number().int().min(0).max(100_000).default(10),
  weights: z
    .strictObject({
      install: z.number().finite().default(1),
      download: z.number().finite().default(0.25),
      uninstall: z.number().finite().default(-1),
    })
    .default({ install: 1, download: 0.25, uninstall: -1 }),
});

/**
 * Trending listings by time-decayed adoption velocity: each event at or before `now` adds
 * `weight(type) · 2^(−age / halfLife)` (exponential decay, as in exponentially weighted
 * moving sums; the sum is proportional to the recent adoption rate). Installs count 1,
 * downloads 0.25, uninstalls −1 by default. Events for patterns not in `listings` are
 * ignored; only positive scores are returned. Pure.
 *
 * @param listings - the catalog (one listing per pattern id)
 * @param events - adoption events (validated with core's `AdoptionEventSchema`)
 * @param options - {@link TrendingOptions}; `now` is required
 * @returns the trending items, best first (ties by id)
 * @throws `ValidationError` (from core) when an event or option is malformed
 * @example
 * ```ts
 * const top = trending(listings, events, { now: '2026-11-21T00:00:00Z', halfLifeDays: 7, limit: 5 });
 * top[0]?.listing.name;
 * ```
 */
export function trending(
  listings: readonly Listing[],
  events: readonly AdoptionEvent[],
  options: TrendingOptions,
): TrendingItem[] {
  const now = instantToEpochMs(options?.now, 'now');
  const { halfLifeDays, limit, weights } = parseWith(
    TrendingOptionsSchema,
    { ...options, now: undefined },
    'trending options',
  );
  const checked = parseEvents(events);
  const byId = new Map(listings.map((listing) => [listing.id, listing]));
  const items = new Map<string, TrendingItem>();
  for (const event of checked) {
    const listing = byId.get(event.patternId);
    if (listing === undefined) continue;
    const at = Date.parse(event.at);
    if (at > now) continue;
    let item = items.get(listing.id);
    if (item === undefined) {
      item = { listing, score: 0, installs: 0, downloads: 0, uninstalls: 0 };
      items.set(listing.id, item);
    }
    const ageDays = (now - at) / DAY_MS;
    item.score += weights[event.type] * 2 ** (-ageDays / halfLifeDays);
    if (event.type === 'install') item.installs += 1;
    else if (event.type === 'download') item.downloads += 1;
    else item.uninstalls += 1;
  }
  return [...items.values()]
    .filter((item) => item.score > 0)
    .sort((a, b) => b.score - a.score || compareStrings(a.listing.id, b.listing.id))
    .slice(0, limit);
}

/** Options of {@link newArrivals}. */
export interface NewArrivalsOptions {
  /** The reference time; listings published after it are not shown. Required. */
  now: Instant;
  /** How far back to look, in days (> 0). @default 30 */
  days?: number;
  /** At most this many listings. @default 10 */
  limit?: number;
}

/**
 * The newest listings: published within `days` before `now`, newest first (ties by id).
 *
 * @param listings - the catalog
 * @param options - {@link NewArrivalsOptions}; `now` is required
 * @returns the listings, newest first
 * @throws `ValidationError` (from core) when an option is malformed
 * @example
 * ```ts
 * newArrivals(listings, { now: new Date('2026-11-21T00:00:00Z'), days: 14, limit: 5 });
 * ```
 */
export function newArrivals(listings: readonly Listing[], options: NewArrivalsOptions): Listing[] {
  const now = instantToEpochMs(options?.now, 'now');
  const { days, limit } = parseWith(
    z.object({
      days: z.number().positive().finite().default(30),
      limit: z.number().int().min(0).max(100_000).default(10),
    }),
    { ...options, now: undefined },
    'new arrivals options',
  );
  const since = now - days * DAY_MS;
  return listings
    .map((listing) => ({ listing, at: Date.parse(listing.publishedAt) }))
    .filter(({ at }) => at <= now && at > since)
    .sort((a, b) => b.at - a.at || compareStrings(a.listing.id, b.listing.id))
    .slice(0, limit)
    .map(({ listing }) => listing);
}

/** Options of {@link marketplaceStats}. */
export interface MarketplaceStatsOptions {
  /**
   * The reference time for the weekly and "active" figures.
   * @default the latest event or publication time in the data (so the result depends on the data alone)
   */
  now?: Instant;
  /** A publisher is active when it published within this many days before `now`. @default 90 */
  activeDays?: number;
}

/** The marketplace's homepage figures. */
export interface MarketplaceStats {
  /** Distinct pattern ids. */
  totalPatterns: number;
  /** Distinct publisher ids. */
  totalPublishers: number;
  /** Publishers that published within `activeDays` before `now`. */
  activePublishers: number;
  /** `download` events in the 7 days up to `now`. */
  weeklyDownloads: number;
  /** `install` events in the 7 days up to `now`. */
  weeklyInstalls: number;
  /**
   * Review-weighted mean rating in stars (0–5): Σ overall·reviewCount / Σ reviewCount over
   * rated listings (a plain mean when no listing reports a review count); `null` when no
   * listing is rated.
   */
  averageRating: number | null;
  /** Total reviews behind `averageRating`. */
  ratingCount: number;
  /** The reference time used, ISO 8601 (`null` when there was no data to take it from). */
  asOf: string | null;
}

/**
 * The marketplace's homepage figures: patterns, publishers (all and active), weekly
 * downloads and installs, and the average rating. Pure.
 *
 * @param listings - the catalog (one listing per pattern id)
 * @param events - adoption events (validated with core's `AdoptionEventSchema`)
 * @param options - {@link MarketplaceStatsOptions}
 * @returns {@link MarketplaceStats}
 * @throws `ValidationError` (from core) when an event or option is malformed
 * @example
 * ```ts
 * const stats = marketplaceStats(listings, events, { now: '2026-11-21T00:00:00Z' });
 * `${stats.totalPatterns} patterns, ${stats.weeklyDownloads} downloads this week`;
 * ```
 */
export function marketplaceStats(
  listings: readonly Listing[],
  events: readonly AdoptionEvent[],
  options: MarketplaceStatsOptions = {},
): MarketplaceStats {
  const checked = parseEvents(events);
  const { activeDays } = parseWith(
    z.object({ activeDays: z.number().positive().finite().default(90) }),
    { ...options, now: undefined },
    'marketplace stats options',
  );
  let now: number | null = options.now === undefined ? null : instantToEpochMs(options.now, 'now');
  if (now === null) {
    let latest = Number.NEGATIVE_INFINITY;
    for (const event of checked) latest = Math.max(latest, Date.parse(event.at));
    for (const listing of listings) latest = Math.max(latest, Date.parse(listing.publishedAt));
    now = Number.isFinite(latest) ? latest : null;
  }
  const patterns = new Set<string>();
  const publishers = new Set<string>();
  const active = new Set<string>();
  let weightedSum = 0;
  let reviews = 0;
  let plainSum = 0;
  let rated = 0;
  for (const listing of listings) {
    patterns.add(listing.id);
    publishers.add(listing.publisher.id);
    const at = Date.parse(listing.publishedAt);
    if (now !== null && at <= now && at > now - activeDays * DAY_MS) active.add(listing.publisher.id);
    if (listing.rating !== undefined) {
      rated += 1;
      plainSum += listing.rating.overall;
      weightedSum += listing.rating.overall * listing.rating.reviewCount;
      reviews += listing.rating.reviewCount;
    }
  }
  let weeklyDownloads = 0;
  let weeklyInstalls = 0;
  if (now !== null) {
    for (const event of checked) {
      const at = Date.parse(event.at);
      if (at > now || at <= now - 7 * DAY_MS) continue;
      if (event.type === 'download') weeklyDownloads += 1;
      else if (event.type === 'install') weeklyInstalls += 1;
    }
  }
  return {
    totalPatterns: patterns.size,
    totalPublishers: publishers.size,
    activePublishers: active.size,
    weeklyDownloads,
    weeklyInstalls,
    averageRating: rated === 0 ? null : reviews > 0 ? weightedSum / reviews : plainSum / rated,
    ratingCount: reviews,
    asOf: now === null ? null : new Date(now).toISOString(),
  };
}
