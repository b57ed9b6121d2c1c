import {
  type AdoptionEvent,
  AdoptionEventSchema,
  type Listing,
  ListingSchema,
  type Review,
  ReviewSchema,
  TeamIdSchema,
} from '@pollinate/core/model';
import { fail, IssueCollector, isObject, requireNumber, toEpochMs } from './internal/validation.js';
import { aggregateRatings, type RatingAggregate } from './ratings.js';
import { type ScreeningContext, screenReviews } from './review-screening.js';

/** Options of {@link publisherDashboard}. */
export interface PublisherDashboardOptions {
  /** How many patterns `topPatterns` lists. @default 5 */
  topLimit?: number;
  /** How many reviews `recentReviews` lists. @default 10 */
  recentLimit?: number;
  /**
   * Screening of the publisher's reviews before rating them: a {@link ScreeningContext},
   * or `false` to rate every review. @default `{}` (screen with defaults)
   */
  screening?: ScreeningContext | false;
  /**
   * Adoption figures per pattern id, kept elsewhere (for example on write by a registry),
   * used instead of replaying `events` for the patterns it names; pass no events for them.
   * @default none (every figure comes from `events`)
   */
  adoption?: Readonly<Record<string, PatternAdoptionFigures>>;
}

/** One pattern's adoption figures, as {@link PublisherDashboardOptions.adoption} takes them (whole numbers ≥ 0). */
export interface PatternAdoptionFigures {
  /** Adoption events by type. */
  events: { install: number; uninstall: number; download: number };
  /** Teams whose latest install/uninstall event is an install. */
  activeTeams: number;
  /** Teams that ever installed (≥ `activeTeams`). */
  installers: number;
}

/** One pattern's figures on the dashboard. */
export interface PatternStats {
  /** Pattern id. */
  id: string;
  /** Name of the latest listing. */
  name: string;
  /** Version of the latest listing (latest `publishedAt`; ties broken by version text). */
  latestVersion: string;
  /** Listed versions. */
  versions: number;
  /** Downloads from the latest listing's adoption counters. */
  downloads: number;
  /** Active installs from the latest listing's adoption counters. */
  activeInstalls: number;
  /** Adoption events of this pattern by type. */
  events: { install: number; uninstall: number; download: number };
  /** Teams whose latest install/uninstall event is an install. */
  activeTeams: number;
  /** activeTeams / teams that ever installed, 0–1; `null` when nobody installed. */
  retentionRate: number | null;
  /** Reviews (accepted and flagged). */
  reviews: number;
  /** Reviews screening flagged (left out of `rating`). */
  flaggedReviews: number;
  /** Rating aggregate of the accepted reviews. */
  rating: RatingAggregate;
}

/** What {@link publisherDashboard} returns. */
export interface PublisherDashboard {
  /** The publisher (team) id. */
  publisher: string;
  /** Totals over the publisher's patterns. */
  totals: {
    /** Distinct patterns published. */
    patterns: number;
    /** Listings (pattern versions) published. */
    versions: number;
    /** Sum of `downloads` over patterns. */
    downloads: number;
    /** Sum of `activeInstalls` over patterns. */
    activeInstalls: number;
    /** Reviews of the publisher's patterns. */
    reviews: number;
    /** Of which flagged by screening. */
    flaggedReviews: number;
    /** Adoption events by type. */
    events: { install: number; uninstall: number; download: number };
  };
  /** Rating aggregate over the accepted reviews of all the publisher's patterns. */
  averageRating: RatingAggregate;
  /** Every pattern, by id. */
  patterns: PatternStats[];
  /** Best patterns: by rating lower bound, then downloads, then id. */
  topPatterns: PatternStats[];
  /** The newest reviews (accepted and flagged), newest first, ties by id. */
  recentReviews: Review[];
}

function parseAll<T>(
  schema: {
    safeParse: (
      value: unknown,
    ) =>
      | { success: true; data: T }
      | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
  },
  input: readonly unknown[],
  subject: string,
): T[] {
  if (!Array.isArray(input)) fail([], `must be an array of ${subject}s`, subject);
  const issues = new IssueCollector(subject);
  const out: T[] = [];
  input.forEach((value, index) => {
    const parsed = schema.safeParse(value);
    if (parsed.success) out.push(parsed.data);
    else
      for (const issue of parsed.error.issues)
        issues.add([index, ...issue.path.map((p) => (typeof p === 'number' ? p : String(p)))], issue.message);
  });
  issues.throwIfAny();
  return out;
}

/**
 * A publisher's dashboard (seed: the marketplace's publisher dashboard): its published
 * patterns with downloads, adoption events, retention and ratings; totals; the average
 * rating across its patterns; its top patterns; and its most recent reviews. Reviews are
 * screened with {@link screenReviews} first (unless `screening: false`), so ratings leave
 * gamed reviews out while the counts show them.
 *
 * @param publisher - the publisher's team id
 * @param listings - core `Listing`s (any publisher's; only this publisher's are used)
 * @param reviews - core `Review`s (only those of this publisher's patterns are used)
 * @param events - core `AdoptionEvent`s (only those of this publisher's patterns are used)
 * @param options - see {@link PublisherDashboardOptions}
 * @returns see {@link PublisherDashboard}
 * @throws {@link ValidationError} naming each bad listing, review or event field, or a bad option
 * @example
 * ```ts
 * const dashboard = publisherDashboard('acme', listings, reviews, events);
 * dashboard.totals.downloads;
 * dashboard.topPatterns.map((pattern) => pattern.id);
 * ```
 */
export function publisherDashboard(
  publisher: string,
  listings: readonly Listing[],
  reviews: readonly Review[],
  events: readonly AdoptionEvent[],
  options: PublisherDashboardOptions = {},
): PublisherDashboard {
  const publisherId = TeamIdSchema.safeParse(publisher);
  if (!publisherId.success) fail([], 'must be a team id', 'publisher');
  if (!isObject(options)) fail([], 'must be an object', 'publisherDashboard options');
  const topLimit =
    options.topLimit === undefined
      ? 5
      : Math.floor(requireNumber(options.topLimit, ['topLimit'], 'publisherDashboard options', 0, 1e6));
  const recentLimit =
    options.recentLimit === undefined
      ? 10
      : Math.floor(requireNumber(options.recentLimit, ['recentLimit'], 'publisherDashboard options', 0, 1e6));
  const parsedListings = parseAll(ListingSchema, listings, 'listing');
  const parsedReviews = parseAll(ReviewSchema, reviews, 'review');
  const parsedEvents = parseAll(AdoptionEventSchema, events, 'adoption event');
  const adoption = parseAdoption(options.adoption);

  const byPattern = new Map<string, Listing[]>();
  for (const listing of parsedListings) {
    if (listing.publisher.id !== publisher) continue;
    const list = byPattern.get(listing.id);
    if (list) list.push(listing);
    else byPattern.set(listing.id, [listing]);
  }
  const ownReviews = parsedReviews.filter((review) => byPattern.has(review.patternId));
  const screening = options.screening === undefined ? {} : options.screening;
  const screened =
    screening === false ? { accepted: ownReviews, flagged: [] } : screenReviews(ownReviews, screening);
  const flaggedIds = new Set(screened.flagged.map((entry) => entry.review.id));
  const acceptedByPattern = new Map<string, Review[]>();
  const countByPattern = new Map<string, { all: number; flagged: number }>();
  for (const review of ownReviews) {
    const counts = countByPattern.get(review.patternId) ?? { all: 0, flagged: 0 };
    counts.all++;
    if (flaggedIds.has(review.id)) counts.flagged++;
    else {
      const list = acceptedByPattern.get(review.patternId);
      if (list) list.push(review);
      else acceptedByPattern.set(review.patternId, [review]);
    }
    countByPattern.set(review.patternId, counts);
  }

  const eventCounts = new Map<string, { install: number; uninstall: number; download: number }>();
  const lastInstallState = new Map<string, Map<string, { at: number; installed: boolean }>>();
  const everInstalled = new Map<string, Set<string>>();
  const totalsEvents = { install: 0, uninstall: 0, download: 0 };
  for (const event of parsedEvents) {
    if (!byPattern.has(event.patternId)) continue;
    const counts = eventCounts.get(event.patternId) ?? { install: 0, uninstall: 0, download: 0 };
    counts[event.type]++;
    totalsEvents[event.type]++;
    eventCounts.set(event.patternId, counts);
    if (event.type === 'download') continue;
    const at = toEpochMs(event.at) ?? 0;
    const states =
      lastInstallState.get(event.patternId) ?? new Map<string, { at: number; installed: boolean }>();
    const previous = states.get(event.team);
    const installed = event.type === 'install';
    // Latest event wins; at equal times an uninstall wins, so the result does not depend on order.
    if (!previous || at > previous.at || (at === previous.at && !installed))
      states.set(event.team, { at, installed });
    lastInstallState.set(event.patternId, states);
    if (installed) {
      const teams = everInstalled.get(event.patternId) ?? new Set<string>();
      teams.add(event.team);
      everInstalled.set(event.patternId, teams);
    }
  }

  const patterns: PatternStats[] = [];
  for (const [id, versions] of [...byPattern].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    versions.sort(
      (a, b) =>
        (toEpochMs(b.publishedAt) ?? 0) - (toEpochMs(a.publishedAt) ?? 0) ||
        (a.version < b.version ? 1 : a.version > b.version ? -1 : 0),
    );
    const latest = versions[0]!;
    const figures = adoption.get(id);
    let activeTeams = figures?.activeTeams ?? 0;
    if (!figures)
      for (const state of lastInstallState.get(id)?.values() ?? []) if (state.installed) activeTeams++;
    const installers = figures?.installers ?? everInstalled.get(id)?.size ?? 0;
    if (figures)
      for (const type of ['install', 'uninstall', 'download'] as const)
        totalsEvents[type] += figures.events[type];
    const counts = countByPattern.get(id) ?? { all: 0, flagged: 0 };
    patterns.push({
      id,
      name: latest.name,
      latestVersion: latest.version,
      versions: versions.length,
      downloads: latest.adoption.downloads,
      activeInstalls: latest.adoption.activeInstalls,
      events: figures
        ? { ...figures.events }
        : (eventCounts.get(id) ?? { install: 0, uninstall: 0, download: 0 }),
      activeTeams,
      retentionRate: installers > 0 ? Math.min(1, activeTeams / installers) : null,
      reviews: counts.all,
      flaggedReviews: counts.flagged,
      rating: aggregateRatings(acceptedByPattern.get(id) ?? []),
    });
  }
  const topPatterns = [...patterns]
    .sort(
      (a, b) =>
        b.rating.lowerBound - a.rating.lowerBound ||
        b.downloads - a.downloads ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    )
    .slice(0, topLimit);
  const recentReviews = [...ownReviews]
    .sort(
      (a, b) =>
        (toEpochMs(b.createdAt) ?? 0) - (toEpochMs(a.createdAt) ?? 0) ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    )
    .slice(0, recentLimit);
  return {
    publisher,
    totals: {
      patterns: patterns.length,
      versions: patterns.reduce((sum, pattern) => sum + pattern.versions, 0),
      downloads: patterns.reduce((sum, pattern) => sum + pattern.downloads, 0),
      activeInstalls: patterns.reduce((sum, pattern) => sum + pattern.activeInstalls, 0),
      reviews: ownReviews.length,
      flaggedReviews: screened.flagged.length,
      events: totalsEvents,
    },
    averageRating: aggregateRatings(screened.accepted),
    patterns,
    topPatterns,
    recentReviews,
  };
}

function parseAdoption(input: PublisherDashboardOptions['adoption']): Map<string, PatternAdoptionFigures> {
  const out = new Map<string, PatternAdoptionFigures>();
  if (input === undefined) return out;
  const subject = 'publisherDashboard options';
  if (!isObject(input)) fail(['adoption'], 'must be an object of pattern id → figures', subject);
  for (const [id, raw] of Object.entries(input)) {
    const figures = raw as { events?: Record<string, unknown>; activeTeams?: unknown; installers?: unknown };
    if (!isObject(figures) || !isObject(figures.events) || figures.events === undefined)
      fail(['adoption', id], 'must be adoption figures', subject);
    const events = figures.events as Record<string, unknown>;
    const count = (value: unknown, path: string[]) =>
      Math.floor(requireNumber(value, ['adoption', id, ...path], subject, 0, Number.MAX_SAFE_INTEGER));
    out.set(id, {
      events: {
        install: count(events.install, ['events', 'install']),
        uninstall: count(events.uninstall, ['events', 'uninstall']),
        download: count(events.download, ['events', 'download']),
      },
      activeTeams: count(figures.activeTeams, ['activeTeams']),
      installers: count(figures.installers, ['installers']),
    });
  }
  return out;
}
