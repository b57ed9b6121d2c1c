// Plans a few weeks of marketplace activity as plain data: which team installs, downloads,
// uninstalls and reviews which pattern when — plus a planted review-bombing attack. The
// plan is executed against the registry by `simulation-runner.ts`.

import type { Listing } from '@pollinate/core';
import type { Random } from './random.js';
import type { SimulatedTeam } from './teams.js';

/** One adoption event to send. */
export interface PlannedAdoption {
  kind: 'adoption';
  at: string;
  team: string;
  type: 'install' | 'uninstall' | 'download';
  patternId: string;
  version: string;
}

/** One review to send. */
export interface PlannedReview {
  kind: 'review';
  at: string;
  team: string;
  patternId: string;
  version: string;
  rating: number;
  title: string;
  body: string;
  wouldRecommend: boolean;
  /** Whether this review belongs to the planted attack. */
  attack: boolean;
}

/** Anything the simulation does, in time order. */
export type PlannedAction = PlannedAdoption | PlannedReview;

/** The planted review-bombing attack. */
export interface PlannedAttack {
  /** The pattern bombed with one-star reviews. */
  target: string;
  /** The throw-away accounts, created the day of the attack. */
  accounts: string[];
  /** When the first attack review lands. */
  startsAt: string;
}

/** The whole plan. */
export interface MarketplacePlan {
  start: string;
  end: string;
  weeks: number;
  actions: PlannedAction[];
  attack: PlannedAttack;
  /** Patterns that catch on in the last two weeks (they should show up in Trending). */
  risers: string[];
}

/** Options of {@link planMarketplaceActivity}. */
export interface PlanOptions {
  /** First simulated instant (ISO 8601). */
  start: string;
  /** Simulated weeks (1–12). @default 6 */
  weeks?: number;
  /** The throw-away accounts of the attack (their tokens must exist before the registry starts). */
  attackAccounts: readonly string[];
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/**
 * Plans adoption and reviews over `weeks` simulated weeks for `teams` over the latest
 * listing of each pattern. Teams prefer gold, recommended patterns in their categories,
 * follow "requires" and "complements" relations of what they already adopted, and a few
 * patterns catch on late; review stars follow a per-pattern quality with noise.
 */
export function planMarketplaceActivity(
  listings: readonly Listing[],
  teams: readonly SimulatedTeam[],
  random: Random,
  options: PlanOptions,
): MarketplacePlan {
  if (listings.length < 3) throw new RangeError('the simulation needs at least 3 published patterns');
  const weeks = options.weeks ?? 6;
  const startMs = Date.parse(options.start);
  const days = weeks * 7;
  const endMs = startMs + days * DAY_MS;
  const byId = new Map(listings.map((listing) => [listing.id, listing]));
  const relatedIds = relatedIndex(listings);
  const quality = new Map(
    listings.map((listing) => [listing.id, qualityOf(listing) + random.normal(0, 0.25)]),
  );
  const baseWeight = new Map(listings.map((listing) => [listing.id, popularityOf(listing)]));
  const risers = random
    .sample(
      listings.filter((listing) => (baseWeight.get(listing.id) ?? 0) <= medianOf([...baseWeight.values()])),
      Math.min(3, Math.max(1, Math.floor(listings.length / 15))),
    )
    .map((listing) => listing.id);
  const riseFromDay = days - 14;

  const actions: PlannedAction[] = [];
  const installed = new Map<string, Set<string>>(teams.map((team) => [team.id, new Set<string>()]));
  const reviewed = new Set<string>();
  const at = (day: number, hour: number) => new Date(startMs + day * DAY_MS + hour * HOUR_MS).toISOString();

  for (let day = 0; day < days; day++) {
    for (const team of teams) {
      const mine = installed.get(team.id) ?? new Set<string>();
      // Browsing: downloads without installing.
      if (random.chance(0.25)) {
        const listing = choosePattern(listings, team, mine, day, { baseWeight, risers, riseFromDay, random });
        if (listing) actions.push(adoption(at(day, 9 + random.float() * 8), team.id, 'download', listing));
      }
      if (!random.chance(team.activity * (day >= riseFromDay ? 1.3 : 1))) continue;
      // Adopt: follow a relation of something already adopted half of the time.
      let listing: Listing | undefined;
      const followable = [...mine].flatMap((id) => relatedIds.get(id) ?? []).filter((id) => !mine.has(id));
      if (followable.length > 0 && random.chance(0.5)) listing = byId.get(random.pick(followable));
      listing ??= choosePattern(listings, team, mine, day, { baseWeight, risers, riseFromDay, random });
      if (!listing) continue;
      const hour = 9 + random.float() * 8;
      actions.push(adoption(at(day, hour - 0.2), team.id, 'download', listing));
      actions.push(adoption(at(day, hour), team.id, 'install', listing));
      mine.add(listing.id);
      const reviewDay = day + random.int(2, 9);
      const key = `${team.id}|${listing.id}`;
      if (reviewDay < days && !reviewed.has(key) && random.chance(0.45)) {
        reviewed.add(key);
        actions.push(
          honestReview(
            at(reviewDay, 10 + random.float() * 7),
            team,
            listing,
            quality.get(listing.id) ?? 4,
            random,
          ),
        );
      }
    }
    // A few uninstalls; more for low-quality patterns.
    for (const team of teams) {
      for (const id of installed.get(team.id) ?? []) {
        const q = quality.get(id) ?? 4;
        if (random.chance(q < 3.5 ? 0.02 : 0.004)) {
          const listing = byId.get(id);
          if (!listing) continue;
          actions.push(adoption(at(day, 17.5), team.id, 'uninstall', listing));
          installed.get(team.id)?.delete(id);
        }
      }
    }
  }

  const attack = planAttack(actions, byId, random, {
    startMs,
    attackDay: Math.max(1, days - 10),
    accounts: options.attackAccounts,
  });
  actions.push(...attack.reviews);
  actions.sort((a, b) => a.at.localeCompare(b.at) || rank(a) - rank(b));
  return {
    start: new Date(startMs).toISOString(),
    end: new Date(endMs).toISOString(),
    weeks,
    actions,
    attack: attack.attack,
    risers,
  };
}

/** Install and download before reviews at the same instant. */
function rank(action: PlannedAction): number {
  return action.kind === 'adoption' ? 0 : 1;
}

function adoption(
  at: string,
  team: string,
  type: PlannedAdoption['type'],
  listing: Listing,
): PlannedAdoption {
  return { kind: 'adoption', at, team, type, patternId: listing.id, version: listing.version };
}

interface ChoiceContext {
  baseWeight: Map<string, number>;
  risers: string[];
  riseFromDay: number;
  random: Random;
}

function choosePattern(
  listings: readonly Listing[],
  team: SimulatedTeam,
  mine: ReadonlySet<string>,
  day: number,
  context: ChoiceContext,
): Listing | undefined {
  const candidates = listings.filter((listing) => !mine.has(listing.id));
  if (candidates.length === 0) return undefined;
  return context.random.weighted(candidates, (listing) => {
    let weight = context.baseWeight.get(listing.id) ?? 1;
    if (team.interests.includes(listing.category)) weight *= 3;
    if (day >= context.riseFromDay && context.risers.includes(listing.id)) weight *= 14;
    return weight;
  });
}

/** How attractive a pattern is before anyone has adopted it: tier, status, relevance. */
export function popularityOf(listing: Listing): number {
  const meta = listing.metadata;
  let weight = { gold: 5, silver: 3, bronze: 1.5 }[meta.excellenceTier ?? 'silver'] ?? 2;
  if (meta.status === 'recommended') weight *= 1.5;
  if (meta.status === 'legacy' || meta.status === 'deprecated') weight *= 0.35;
  if (meta.currentRelevance === 'mainstream') weight *= 1.3;
  if (meta.currentRelevance === 'declining') weight *= 0.5;
  if (listing.pricing.model !== 'open-source') weight *= 0.7;
  return weight;
}

/** The mean star rating honest reviewers tend to give a pattern (about 3–4.6). */
export function qualityOf(listing: Listing): number {
  const meta = listing.metadata;
  let quality = { gold: 4.4, silver: 4.0, bronze: 3.4 }[meta.excellenceTier ?? 'silver'] ?? 3.8;
  if (meta.status === 'legacy' || meta.status === 'deprecated') quality -= 0.6;
  if (meta.status === 'use-with-caution') quality -= 0.3;
  return quality;
}

function medianOf(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** Pattern id → ids it requires or complements (relations may name a slug instead of an id). */
function relatedIndex(listings: readonly Listing[]): Map<string, string[]> {
  const ids = new Set(listings.map((listing) => listing.id));
  const bySlug = new Map<string, string>();
  for (const listing of listings) {
    const slug = listing.id.split('/')[1] ?? listing.id;
    if (!bySlug.has(slug)) bySlug.set(slug, listing.id);
  }
  const index = new Map<string, string[]>();
  for (const listing of listings) {
    const targets = new Set<string>();
    for (const relation of listing.metadata.relatedPatterns) {
      if (relation.relationship !== 'requires' && relation.relationship !== 'complements') continue;
      const target = ids.has(relation.pattern) ? relation.pattern : bySlug.get(relation.pattern);
      if (target && target !== listing.id) targets.add(target);
    }
    for (const dependency of Object.keys(listing.dependencies))
      if (ids.has(dependency)) targets.add(dependency);
    index.set(listing.id, [...targets]);
  }
  return index;
}

const OPENERS = [
  'We rolled this out',
  'Adopted it',
  'Our team picked this up',
  'Tried this',
  'We have been running this',
  'Introduced this pattern',
  'Spent a sprint adopting this',
  'Took this on',
];
const PLACES = [
  'in the order pipeline',
  'across four services',
  'for our public API',
  'in the nightly batch jobs',
  'on the mobile backend',
  'behind the partner gateway',
  'in two regions',
  'for the reporting stack',
];
const GOOD = [
  'p99 latency dropped by {n}% and pages at night went away',
  'incidents caused by this failure mode fell to zero over {n} days',
  'the docs and examples got us to production in {n} days',
  'it replaced about {n} lines of home-grown code',
  'error budgets stopped burning during dependency outages for {n} weeks straight',
];
const MIXED = [
  'it works, but tuning took {n} days longer than planned',
  'solid idea; the defaults did not fit our traffic and needed {n} changes',
  'useful, though the API reference misses a few options we needed',
  'good results after {n} iterations on the configuration',
];
const BAD = [
  'we backed it out after {n} days: too much operational overhead for us',
  'the examples did not match the current API and cost us {n} hours',
  'did not fit our workload; support took {n} days to answer',
];
const CLOSERS = [
  'Would use again.',
  'Recommended for teams at our size.',
  'Read the production checklist first.',
  'Pair it with good dashboards.',
  'Keep an eye on the metrics it exposes.',
  'Happy with the trade-off.',
  '',
];

function honestReview(
  at: string,
  team: SimulatedTeam,
  listing: Listing,
  quality: number,
  random: Random,
): PlannedReview {
  const rating = Math.max(1, Math.min(5, Math.round(random.normal(quality, 0.75))));
  const pool = rating >= 4 ? GOOD : rating === 3 ? MIXED : BAD;
  const detail = random.pick(pool).replace('{n}', String(random.int(2, 60)));
  const body =
    `${random.pick(OPENERS)} ${random.pick(PLACES)} (${team.name}); ${detail}. ${random.pick(CLOSERS)}`.trim();
  const titles =
    rating >= 4
      ? ['Does what it says', 'Solid', 'Great fit', 'Worth it', 'Production-proven for us']
      : rating === 3
        ? ['Mixed feelings', 'Good with caveats', 'Okay']
        : ['Not for us', 'Disappointing', 'Too heavy'];
  return {
    kind: 'review',
    at,
    team: team.id,
    patternId: listing.id,
    version: listing.version,
    rating,
    title: random.pick(titles),
    body,
    wouldRecommend: rating >= 4,
    attack: false,
  };
}

function planAttack(
  actions: readonly PlannedAction[],
  byId: ReadonlyMap<string, Listing>,
  random: Random,
  settings: { startMs: number; attackDay: number; accounts: readonly string[] },
): { attack: PlannedAttack; reviews: PlannedReview[] } {
  const attackStart = settings.startMs + settings.attackDay * DAY_MS + 14 * HOUR_MS;
  // Target: the pattern with the most good reviews before the attack (then most installs).
  const installs = new Map<string, number>();
  const stars = new Map<string, number[]>();
  for (const action of actions) {
    if (Date.parse(action.at) >= attackStart) continue;
    if (action.kind === 'adoption' && action.type === 'install') {
      installs.set(action.patternId, (installs.get(action.patternId) ?? 0) + 1);
    }
    if (action.kind === 'review')
      stars.set(action.patternId, [...(stars.get(action.patternId) ?? []), action.rating]);
  }
  const ranked = [...installs.entries()]
    .map(([id, count]) => {
      const ratings = stars.get(id) ?? [];
      const mean = ratings.length ? ratings.reduce((a, b) => a + b, 0) / ratings.length : 0;
      // A well-reviewed pattern with many reviews is the attractive target.
      return { id, score: count + (mean >= 4 ? ratings.length * 100 : 0) };
    })
    .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
  const target = byId.get(ranked[0]?.id ?? '') ?? [...byId.values()][0]!;
  const accounts = [...settings.accounts];
  const phrasing = [
    'Terrible pattern, it broke our production and the publisher ignores every issue. Avoid it, use something else instead.',
    'Terrible pattern, it broke our production and the publisher ignores every issue. Avoid it and use something else.',
    'Terrible pattern: it broke our production and the publisher ignores every issue. Avoid it, use something else.',
  ];
  const reviews = accounts.map(
    (account, i): PlannedReview => ({
      kind: 'review',
      at: new Date(attackStart + i * (8 + random.int(0, 6)) * 60_000).toISOString(),
      team: account,
      patternId: target.id,
      version: target.version,
      rating: 1,
      title: random.pick(['Avoid', 'Terrible', 'Broke production']),
      body: random.pick(phrasing),
      wouldRecommend: false,
      attack: true,
    }),
  );
  return {
    attack: { target: target.id, accounts, startsAt: new Date(attackStart).toISOString() },
    reviews,
  };
}
