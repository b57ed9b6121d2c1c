// Step 5: reads the marketplace screens from the live registry through @pollinate/client
// and shapes them into the plain screen data of `screens.ts`.

import type { RegistryClient } from '@pollinate/client';
import type { Listing, Pricing, PricingModel } from '@pollinate/core';
import type {
  DashboardScreen,
  DetailScreen,
  HomepageScreen,
  PatternRow,
  RecommendationsScreen,
  RecommendedItem,
  SearchScreen,
} from './screens.js';

type Loose = Record<string, unknown>;

const num = (value: unknown, fallback = 0): number =>
  typeof value === 'number' && Number.isFinite(value) ? value : fallback;
const numOrNull = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;
const obj = (value: unknown): Loose => (typeof value === 'object' && value !== null ? (value as Loose) : {});
const str = (value: unknown, fallback = ''): string => (typeof value === 'string' ? value : fallback);

/** Reads ratings of every pattern (accepted-review mean and count) to decorate rows. */
export type RatingLookup = (id: string) => { mean: number | null; count: number };

/** A list row from a listing. */
export function rowOf(listing: Listing, ratings: RatingLookup): PatternRow {
  const rating = ratings(listing.id);
  return {
    id: listing.id,
    name: listing.name,
    version: listing.version,
    publisher: listing.publisher.id,
    category: listing.category,
    ...(listing.metadata.excellenceTier ? { tier: listing.metadata.excellenceTier } : {}),
    rating: rating.mean,
    reviewCount: rating.count,
  };
}

/** The homepage from `GET /stats`, with New Arrivals from the listings sorted by publication. */
export async function homepageScreen(
  client: RegistryClient,
  listings: readonly Listing[],
  ratings: RatingLookup,
  asOf: string,
): Promise<HomepageScreen> {
  const stats = await client.stats();
  const marketplace = obj(stats.marketplace);
  const byId = new Map(listings.map((listing) => [listing.id, listing]));
  const trending = stats.trending.slice(0, 8).flatMap((item) => {
    const listing = byId.get(item.id);
    if (!listing) return [];
    const loose = obj(item);
    return [
      {
        ...rowOf(listing, ratings),
        installs: num(loose['installs']),
        downloads: num(loose['downloads']),
        score: num(loose['score']),
      },
    ];
  });
  const newArrivals = [...listings]
    .filter((listing) => listing.publishedAt <= asOf)
    .sort((a, b) => b.publishedAt.localeCompare(a.publishedAt) || a.id.localeCompare(b.id))
    .slice(0, 6)
    .map((listing) => ({ ...rowOf(listing, ratings), publishedAt: listing.publishedAt }));
  return {
    asOf,
    trending,
    newArrivals,
    stats: {
      patterns: stats.patterns,
      versions: stats.versions,
      publishers: num(marketplace['totalPublishers']),
      activePublishers: num(marketplace['activePublishers']),
      weeklyDownloads: num(marketplace['weeklyDownloads']),
      weeklyInstalls: num(marketplace['weeklyInstalls']),
      averageRating: numOrNull(marketplace['averageRating']) ?? averageOf(listings, ratings),
      reviews: stats.reviews,
      networkPatterns: stats.networkPatterns,
      contributions: stats.contributions,
    },
  };
}

/** A pattern's detail page. */
export async function detailScreen(client: RegistryClient, id: string): Promise<DetailScreen> {
  const [pattern, reputation, reviews] = await Promise.all([
    client.getPattern(id),
    client.getReputation(id),
    client.listReviews(id, { includeFlagged: true }),
  ]);
  const listing = pattern.latest;
  if (!listing) throw new Error(`${id} has no latest version`);
  const dashboard = obj((await client.getPublisherReputation(listing.publisher.id)).dashboard);
  const stats = obj(
    (Array.isArray(dashboard['patterns']) ? (dashboard['patterns'] as unknown[]) : [])
      .map(obj)
      .find((entry) => entry['id'] === id),
  );
  const events = obj(stats['events']);
  const ratings = obj(reputation.ratings);
  const distribution = Array.isArray(ratings['distribution'])
    ? (ratings['distribution'] as unknown[]).map((value) => num(value))
    : [1, 2, 3, 4, 5].map(
        (star) =>
          reviews.reviews.filter((entry) => entry.status === 'accepted' && entry.review.rating === star)
            .length,
      );
  return {
    id,
    name: listing.name,
    version: listing.version,
    versions: pattern.versions.map((version) => version.version),
    publisher: listing.publisher,
    tagline: listing.metadata.tagline ?? listing.description.slice(0, 120),
    category: listing.category,
    tags: listing.tags,
    license: listing.license,
    pricing: describePricing(listing.pricing),
    rating: {
      mean: numOrNull(ratings['mean']),
      bayesianMean: numOrNull(ratings['bayesianMean']),
      lowerBound: numOrNull(ratings['lowerBound']),
      count: num(ratings['count']),
      distribution,
      flagged: reviews.reviews.filter((entry) => entry.status === 'flagged').length,
    },
    installs: {
      active: Math.max(num(stats['activeInstalls']), num(stats['activeTeams'])),
      installs: num(events['install']),
      downloads: Math.max(num(events['download']), num(stats['downloads'])),
      teams: num(stats['activeTeams']),
    },
    reputation: {
      overall: reputation.reputation.overall,
      trustLevel: reputation.reputation.trustLevel,
      badges: reputation.reputation.badges.map((badge) =>
        typeof badge === 'string'
          ? badge
          : str(obj(badge)['name'], str(obj(badge)['id'], JSON.stringify(badge))),
      ),
    },
    certification: { level: reputation.certification.level, missing: reputation.certification.missing },
    install: `npm install @${listing.id}@${listing.version}`,
    ...(listing.forkOf ? { forkOf: `${listing.forkOf.id}@${listing.forkOf.version}` } : {}),
  };
}

/** A publisher's dashboard from `GET /publishers/{id}/reputation`. */
export async function dashboardScreen(client: RegistryClient, publisher: string): Promise<DashboardScreen> {
  const dashboard = obj((await client.getPublisherReputation(publisher)).dashboard);
  const totals = obj(dashboard['totals']);
  const average = obj(dashboard['averageRating']);
  const top = (Array.isArray(dashboard['topPatterns']) ? (dashboard['topPatterns'] as unknown[]) : []).map(
    obj,
  );
  const recent = (
    Array.isArray(dashboard['recentReviews']) ? (dashboard['recentReviews'] as unknown[]) : []
  ).map(obj);
  const patterns = (Array.isArray(dashboard['patterns']) ? (dashboard['patterns'] as unknown[]) : []).map(
    obj,
  );
  const events = obj(totals['events']);
  return {
    publisher,
    patterns: num(totals['patterns']),
    versions: num(totals['versions']),
    // Listing counters are not maintained by the registry; the adoption events are.
    downloads: Math.max(num(totals['downloads']), num(events['download'])),
    activeInstalls: Math.max(
      num(totals['activeInstalls']),
      patterns.reduce((sum, pattern) => sum + num(pattern['activeTeams']), 0),
    ),
    reviews: num(totals['reviews']),
    flaggedReviews: num(totals['flaggedReviews']),
    averageRating: numOrNull(average['mean']),
    topPatterns: top.slice(0, 5).map((pattern) => {
      const rating = obj(pattern['rating']);
      return {
        id: str(pattern['id']),
        name: str(pattern['name'], str(pattern['id'])),
        downloads: Math.max(num(pattern['downloads']), num(obj(pattern['events'])['download'])),
        activeInstalls: Math.max(num(pattern['activeInstalls']), num(pattern['activeTeams'])),
        rating: numOrNull(rating['mean']),
        reviews: num(pattern['reviews']),
      };
    }),
    recentReviews: recent.slice(0, 6).map((review) => ({
      patternId: str(review['patternId']),
      reviewer: str(review['reviewer']),
      rating: num(review['rating']),
      title: str(review['title']),
      createdAt: str(review['createdAt']),
    })),
  };
}

/** Search results with facets. */
export async function searchScreen(
  client: RegistryClient,
  query: string,
  ratings: RatingLookup,
  filters: {
    pricing?: PricingModel[];
    category?: string;
  } = {},
): Promise<SearchScreen> {
  const page = await client.search({ q: query, limit: 8, ...filters });
  return {
    query,
    filters: Object.fromEntries(
      Object.entries(filters).map(([key, value]) => [
        key,
        Array.isArray(value) ? value.join(',') : String(value),
      ]),
    ),
    total: page.total,
    hits: page.hits.map((hit) => ({ ...rowOf(hit.listing, ratings), score: hit.score })),
    facets: Object.fromEntries(
      Object.entries(page.facets).map(([facet, counts]) => [
        facet,
        Object.fromEntries(counts.map((entry) => [entry.value, entry.count])),
      ]),
    ),
  };
}

/** Recommendations for one team. */
export async function recommendationsScreen(
  client: RegistryClient,
  context: { team: string; stack: Record<string, string>; adopted: string[]; challenges: string[] },
  names: ReadonlyMap<string, string>,
): Promise<RecommendationsScreen> {
  const result = await client.recommend({
    team: context.team,
    stack: Object.entries(context.stack).map(([name, version]) => `${name}@${version}`),
    adopted: context.adopted,
    challenges: context.challenges,
    limit: 4,
  });
  const items = (list: readonly { id: string; reasons: string[] }[]): RecommendedItem[] =>
    list.map((item) => ({ id: item.id, name: names.get(item.id) ?? item.id, reasons: item.reasons }));
  return {
    team: context.team,
    stack: context.stack,
    adopted: context.adopted,
    challenges: context.challenges,
    personalized: items(result.personalized),
    peerEndorsed: items(result.peerEndorsed),
    problemSolvers: items(result.problemSolvers),
    gapFillers: items(result.gapFillers),
  };
}

/** Pricing in words: `open source`, `freemium: premium 49 USD/month`, … */
export function describePricing(pricing: Pricing): string {
  switch (pricing.model) {
    case 'open-source':
      return 'open source (free)';
    case 'freemium':
      return `freemium — free core; premium ${money(pricing.premiumPrice)}/${pricing.interval} adds ${pricing.premiumFeatures.join(', ') || 'extras'}`;
    case 'subscription':
      return `subscription — ${money(pricing.price)}/${pricing.interval}${pricing.trialDays ? `, ${pricing.trialDays}-day trial` : ''}`;
    case 'enterprise':
      return `enterprise — contact ${pricing.contact}${pricing.startingPrice ? `, from ${money(pricing.startingPrice)}` : ''}`;
  }
}

function money(value: { amount: number; currency: string }): string {
  return `${value.amount.toLocaleString('en-US')} ${value.currency}`;
}

/** Review-count-weighted mean of the accepted-review means, `null` without reviews. */
function averageOf(listings: readonly Listing[], ratings: RatingLookup): number | null {
  let sum = 0;
  let count = 0;
  for (const listing of listings) {
    const rating = ratings(listing.id);
    if (rating.mean === null || rating.count === 0) continue;
    sum += rating.mean * rating.count;
    count += rating.count;
  }
  return count === 0 ? null : Math.round((sum / count) * 100) / 100;
}
