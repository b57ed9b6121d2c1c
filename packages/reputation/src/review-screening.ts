import { type Review, ReviewSchema, type Team, TeamSchema } from '@pollinate/core';
import { findNearDuplicates } from './text-similarity.js';
import {
  fail,
  IssueCollector,
  isObject,
  isRecord,
  MS_PER_DAY,
  requireNumber,
  toEpochMs,
} from './validation.js';

/** Why a review looks gamed. */
export type ScreeningReason =
  | 'self-review'
  | 'near-duplicate'
  | 'burst'
  | 'new-account'
  | 'one-review-account'
  | 'rating-deviation'
  | 'unverified-adoption';

/** The screening reasons, in the order they are reported. *
 * @example
 * ```ts
 * const counts = Object.fromEntries(SCREENING_REASONS.map((reason) => [reason, 0]));
 * ```
 */
export const SCREENING_REASONS: readonly ScreeningReason[] = [
  'self-review',
  'near-duplicate',
  'burst',
  'new-account',
  'one-review-account',
  'rating-deviation',
  'unverified-adoption',
];

/**
 * Suspicion weights per reason. A review is flagged when the sum of its reasons' weights
 * reaches {@link ScreeningThresholds.flagAt}. With the defaults, self-review and
 * near-duplicate text flag on their own; every other reason needs company (a burst from
 * unverified accounts, a new one-review account that is unverified or far from consensus).
 *
 * @example
 * ```ts
 * screenReviews(reviews, { weights: { 'unverified-adoption': DEFAULT_SCREENING_WEIGHTS['unverified-adoption'] * 2 } });
 * ```
 */
export const DEFAULT_SCREENING_WEIGHTS: Readonly<Record<ScreeningReason, number>> = {
  'self-review': 1,
  'near-duplicate': 0.5,
  burst: 0.35,
  'new-account': 0.25,
  'one-review-account': 0.2,
  'rating-deviation': 0.25,
  'unverified-adoption': 0.15,
};

/** Thresholds of {@link screenReviews}. */
export interface ScreeningThresholds {
  /** Suspicion (sum of reason weights) at which a review is flagged. @defaultValue 0.5 */
  flagAt: number;
  /** Length of the sliding burst window, hours. @defaultValue 24 */
  burstWindowHours: number;
  /** Fewest reviews of one pattern in one window that can be a burst. @defaultValue 5 */
  burstMinReviews: number;
  /**
   * A window is a burst when it holds at least this many times the reviews the pattern's
   * rate outside the window predicts for a window of that length. @defaultValue 4
   */
  burstFactor: number;
  /** An account younger than this many days when it wrote the review is new. @defaultValue 14 */
  newAccountDays: number;
  /** Distance in stars from the pattern's consensus (median rating) that counts as deviation. @defaultValue 2 */
  deviationStars: number;
  /** Exact Jaccard similarity of 3-word shingle sets at which two texts are near-duplicates. @defaultValue 0.6 */
  duplicateSimilarity: number;
  /** Texts with fewer distinct shingles are too short to compare. @defaultValue 4 */
  duplicateMinShingles: number;
}

/** The default {@link ScreeningThresholds}. *
 * @example
 * ```ts
 * screenReviews(reviews, { thresholds: { newAccountDays: DEFAULT_SCREENING_THRESHOLDS.newAccountDays * 2 } });
 * ```
 */
export const DEFAULT_SCREENING_THRESHOLDS: Readonly<ScreeningThresholds> = {
  flagAt: 0.5,
  burstWindowHours: 24,
  burstMinReviews: 5,
  burstFactor: 4,
  newAccountDays: 14,
  deviationStars: 2,
  duplicateSimilarity: 0.6,
  duplicateMinShingles: 4,
};

/** What the host knows about a reviewer account. */
export interface ReviewerAccount {
  /** When the account was created (ISO 8601). */
  createdAt?: string;
  /** Reviews the account has written across the whole marketplace, when known (else counted in the input). */
  reviewCount?: number;
  /** The account's team id, when known (used to detect self-review). */
  team?: string;
}

/** What {@link screenReviews} knows besides the reviews. Every field is optional. */
export interface ScreeningContext {
  /** Reviewer accounts by reviewer id. */
  accounts?: Readonly<Record<string, ReviewerAccount>>;
  /** Teams with their `members`: a reviewer who is a member of the pattern's publishing team self-reviews. */
  teams?: readonly Team[];
  /** Extra teams that count as the publisher's own (for example a parent organization's), by publisher id. */
  affiliatedTeams?: Readonly<Record<string, readonly string[]>>;
  /** Thresholds to override; see {@link DEFAULT_SCREENING_THRESHOLDS}. */
  thresholds?: Partial<ScreeningThresholds>;
  /** Reason weights to override; see {@link DEFAULT_SCREENING_WEIGHTS}. */
  weights?: Partial<Record<ScreeningReason, number>>;
}

/** A flagged review with why. */
export interface FlaggedReview {
  /** The review, unchanged (kept and visible, only left out of aggregates). */
  review: Review;
  /** The reasons found, in {@link SCREENING_REASONS} order. */
  reasons: ScreeningReason[];
  /** The sum of the reasons' weights (≥ `flagAt`). */
  suspicion: number;
}

/** What {@link screenReviews} returns. */
export interface ScreeningResult {
  /** Reviews that passed, in input order; aggregate these. */
  accepted: Review[];
  /** Reviews that were flagged, in input order, each with its reasons. */
  flagged: FlaggedReview[];
}

const REASON_BITS: Record<ScreeningReason, number> = {
  'self-review': 1,
  'near-duplicate': 2,
  burst: 4,
  'new-account': 8,
  'one-review-account': 16,
  'rating-deviation': 32,
  'unverified-adoption': 64,
};

function resolveThresholds(context: ScreeningContext): ScreeningThresholds {
  const subject = 'screening context';
  const overrides = context.thresholds;
  if (overrides !== undefined && !isRecord(overrides)) fail(['thresholds'], 'must be an object', subject);
  const resolved = { ...DEFAULT_SCREENING_THRESHOLDS };
  const limits: Record<keyof ScreeningThresholds, [number, number]> = {
    flagAt: [0, 1e6],
    burstWindowHours: [1e-6, 1e7],
    burstMinReviews: [1, 1e9],
    burstFactor: [0, 1e9],
    newAccountDays: [0, 1e6],
    deviationStars: [0, 4],
    duplicateSimilarity: [0.01, 1],
    duplicateMinShingles: [1, 1e6],
  };
  for (const key of Object.keys(limits) as (keyof ScreeningThresholds)[]) {
    if (overrides && Object.hasOwn(overrides, key) && overrides[key] !== undefined) {
      const [min, max] = limits[key];
      resolved[key] = requireNumber(overrides[key], ['thresholds', key], subject, min, max);
    }
  }
  return resolved;
}

function resolveWeights(context: ScreeningContext): Float64Array {
  const overrides = context.weights;
  if (overrides !== undefined && !isRecord(overrides))
    fail(['weights'], 'must be an object', 'screening context');
  const weights = new Float64Array(128);
  const perReason = SCREENING_REASONS.map((reason) =>
    overrides && Object.hasOwn(overrides, reason) && overrides[reason] !== undefined
      ? requireNumber(overrides[reason], ['weights', reason], 'screening context', 0, 1e6)
      : DEFAULT_SCREENING_WEIGHTS[reason],
  );
  for (let mask = 0; mask < 128; mask++) {
    let sum = 0;
    for (let bit = 0; bit < SCREENING_REASONS.length; bit++) if (mask & (1 << bit)) sum += perReason[bit]!;
    weights[mask] = sum;
  }
  return weights;
}

interface ParsedReviews {
  reviews: Review[];
  times: Float64Array;
}

const REQUIRED_STRINGS = ['id', 'patternId', 'reviewer', 'createdAt'] as const;

/**
 * Validates reviews. A quick structural check runs on every review; a review that fails
 * it is parsed with core's `ReviewSchema` so the error names each bad field exactly.
 */
function parseReviews(input: readonly unknown[]): ParsedReviews {
  if (!Array.isArray(input)) fail([], 'must be an array of reviews', 'reviews');
  const issues = new IssueCollector('reviews');
  const reviews: Review[] = new Array(input.length);
  const times = new Float64Array(input.length);
  const seenIds = new Set<string>();
  for (let index = 0; index < input.length; index++) {
    const raw = input[index];
    let review: Review | undefined;
    if (quickReviewCheck(raw)) {
      review = raw;
    } else {
      const parsed = ReviewSchema.safeParse(raw);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          issues.add(
            [index, ...issue.path.map((part) => (typeof part === 'number' ? part : String(part)))],
            issue.message,
          );
        }
        continue;
      }
      review = parsed.data;
    }
    const at = toEpochMs(review.createdAt);
    if (at === undefined) {
      issues.add([index, 'createdAt'], 'must be an ISO 8601 time');
      continue;
    }
    if (seenIds.has(review.id)) {
      issues.add([index, 'id'], `duplicate review id ${JSON.stringify(review.id)}`);
      continue;
    }
    seenIds.add(review.id);
    reviews[index] = review;
    times[index] = at;
  }
  issues.throwIfAny();
  return { reviews, times };
}

const PATTERN_ID = /^[a-z0-9][a-z0-9._-]*\/[a-z0-9][a-z0-9._-]*$/;

/** The fields screening relies on, checked without allocating (the fast path for valid input). */
function quickReviewCheck(value: unknown): value is Review {
  if (!isRecord(value)) return false;
  for (const key of REQUIRED_STRINGS) {
    const field = value[key];
    if (typeof field !== 'string' || field.length === 0 || field.length > 214) return false;
  }
  const rating = value.rating;
  return (
    typeof rating === 'number' &&
    Number.isInteger(rating) &&
    rating >= 1 &&
    rating <= 5 &&
    typeof value.body === 'string' &&
    typeof value.title === 'string' &&
    typeof value.verifiedAdoption === 'boolean' &&
    (value.reviewerTeam === undefined || typeof value.reviewerTeam === 'string') &&
    PATTERN_ID.test(value.patternId as string)
  );
}

function median(sorted: number[]): number {
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * Screens reviews for gaming and splits them into accepted and flagged. Each review gets
 * the reasons that apply to it:
 *
 * - `self-review` — the reviewer belongs to the publishing team: the review's
 *   `reviewerTeam`, the account's `team`, or membership in `context.teams` equals the
 *   pattern's scope (its publisher) or one of its `affiliatedTeams`.
 * - `near-duplicate` — the title and body's 3-word shingle set has exact Jaccard
 *   similarity ≥ `duplicateSimilarity` with an earlier review's (candidates from MinHash
 *   LSH, see {@link findNearDuplicates}); the earliest review of a cluster is not flagged
 *   for it. Texts with fewer than `duplicateMinShingles` shingles are not compared.
 * - `burst` — within a sliding window of `burstWindowHours`, the pattern got at least
 *   `burstMinReviews` reviews and at least `burstFactor` × the count its rate outside the
 *   window predicts (any count when it has no history outside the window).
 * - `new-account` — the account was younger than `newAccountDays` when it wrote the review.
 * - `one-review-account` — the reviewer has written only this review (the account's
 *   `reviewCount` when given, else counted in the input).
 * - `rating-deviation` — the rating is `deviationStars` or more from the pattern's
 *   consensus: the median rating of its verified reviews (of all its reviews when fewer
 *   than 3 are verified). The median resists a minority of attackers.
 * - `unverified-adoption` — `verifiedAdoption` is false.
 *
 * A review is flagged when the summed weights of its reasons
 * ({@link DEFAULT_SCREENING_WEIGHTS}) reach `flagAt`. Flagged reviews are excluded from
 * `accepted` (and so from aggregates built on it) but returned, unchanged, with reasons.
 * The result is deterministic and does not depend on input order (ties in time are broken
 * by review id). Cost: O(n log n) plus the LSH's near-linear candidate search.
 *
 * @param reviews - core `Review`s (ids unique)
 * @param context - see {@link ScreeningContext}
 * @returns see {@link ScreeningResult}
 * @throws {@link ValidationError} naming each bad review field, a duplicate review id, or a
 *   bad context field (threshold out of range, bad account time, bad team)
 * @example
 * ```ts
 * const { accepted, flagged } = screenReviews(reviews, { accounts, teams });
 * const summary = aggregateRatings(accepted);
 * for (const { review, reasons } of flagged) console.log(review.id, reasons.join(', '));
 * ```
 */
export function screenReviews(reviews: readonly Review[], context: ScreeningContext = {}): ScreeningResult {
  if (!isObject(context)) fail([], 'must be an object', 'screening context');
  const thresholds = resolveThresholds(context);
  const suspicionOf = resolveWeights(context);
  const { reviews: parsed, times } = parseReviews(reviews);
  const n = parsed.length;
  const reasons = new Uint8Array(n);

  const accounts = readAccounts(context.accounts);
  const membership = readTeams(context.teams);
  const affiliated = readAffiliatedTeams(context.affiliatedTeams);

  // Reviewers as small integers (one map lookup per review), per-reviewer counts and
  // account facts, and per-pattern groups.
  const reviewerIndex = new Map<string, number>();
  const reviewerOf = new Int32Array(n);
  const reviewerCounts: number[] = [];
  const byPattern = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const review = parsed[i]!;
    let reviewer = reviewerIndex.get(review.reviewer);
    if (reviewer === undefined) {
      reviewer = reviewerCounts.length;
      reviewerIndex.set(review.reviewer, reviewer);
      reviewerCounts.push(0);
    }
    reviewerOf[i] = reviewer;
    reviewerCounts[reviewer]!++;
    let group = byPattern.get(review.patternId);
    if (!group) {
      group = [];
      byPattern.set(review.patternId, group);
    }
    group.push(i);
  }
  const reviewerAccounts: (AccountFacts | undefined)[] = new Array(reviewerCounts.length);
  if (accounts.size > 0) for (const [id, index] of reviewerIndex) reviewerAccounts[index] = accounts.get(id);

  const newAccountMs = thresholds.newAccountDays * MS_PER_DAY;
  for (const [patternId, group] of byPattern) {
    const publisher = patternId.slice(0, patternId.indexOf('/'));
    const ownTeams = ownTeamsOf(publisher, affiliated);
    const members = publisherMembers(ownTeams, membership);
    for (const i of group) {
      const review = parsed[i]!;
      const reviewer = reviewerOf[i]!;
      const account = reviewerAccounts[reviewer];
      let mask = 0;
      if (
        (review.reviewerTeam !== undefined && ownTeams.has(review.reviewerTeam)) ||
        (account?.team !== undefined && ownTeams.has(account.team)) ||
        (members.size > 0 && members.has(review.reviewer))
      ) {
        mask |= REASON_BITS['self-review'];
      }
      if (account?.createdAtMs !== undefined && times[i]! - account.createdAtMs < newAccountMs) {
        mask |= REASON_BITS['new-account'];
      }
      const written = account?.reviewCount ?? reviewerCounts[reviewer]!;
      if (written <= 1) mask |= REASON_BITS['one-review-account'];
      if (!review.verifiedAdoption) mask |= REASON_BITS['unverified-adoption'];
      reasons[i] = mask;
    }
  }

  const windowMs = thresholds.burstWindowHours * 3_600_000;
  for (const group of byPattern.values()) {
    group.sort((a, b) => times[a]! - times[b]! || compareStrings(parsed[a]!.id, parsed[b]!.id));
    markDeviations(group, parsed, reasons, thresholds.deviationStars);
    markBursts(group, times, reasons, windowMs, thresholds);
  }

  markDuplicates(parsed, times, reasons, thresholds);

  const accepted: Review[] = [];
  const flagged: FlaggedReview[] = [];
  for (let i = 0; i < n; i++) {
    const mask = reasons[i]!;
    const suspicion = suspicionOf[mask]!;
    if (mask !== 0 && suspicion >= thresholds.flagAt && suspicion > 0) {
      flagged.push({
        review: parsed[i]!,
        reasons: SCREENING_REASONS.filter((reason) => mask & REASON_BITS[reason]),
        suspicion,
      });
    } else accepted.push(parsed[i]!);
  }
  return { accepted, flagged };
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

interface AccountFacts {
  createdAtMs: number | undefined;
  reviewCount: number | undefined;
  team: string | undefined;
}

function readAccounts(accounts: ScreeningContext['accounts']): Map<string, AccountFacts> {
  const subject = 'screening context';
  const facts = new Map<string, AccountFacts>();
  if (accounts === undefined) return facts;
  if (!isRecord(accounts)) fail(['accounts'], 'must be an object keyed by reviewer id', subject);
  for (const [reviewer, account] of Object.entries(accounts)) {
    if (!isRecord(account)) fail(['accounts', reviewer], 'must be an object', subject);
    let createdAtMs: number | undefined;
    if (account.createdAt !== undefined) {
      createdAtMs = toEpochMs(account.createdAt);
      if (createdAtMs === undefined)
        fail(['accounts', reviewer, 'createdAt'], 'must be an ISO 8601 time', subject);
    }
    const reviewCount =
      account.reviewCount === undefined
        ? undefined
        : requireNumber(account.reviewCount, ['accounts', reviewer, 'reviewCount'], subject, 0, 1e12);
    if (account.team !== undefined && typeof account.team !== 'string') {
      fail(['accounts', reviewer, 'team'], 'must be a team id', subject);
    }
    facts.set(reviewer, { createdAtMs, reviewCount, team: account.team });
  }
  return facts;
}

function readTeams(teams: ScreeningContext['teams']): Map<string, Set<string>> {
  const members = new Map<string, Set<string>>();
  if (teams === undefined) return members;
  if (!Array.isArray(teams)) fail(['teams'], 'must be an array of teams', 'screening context');
  teams.forEach((input, index) => {
    const parsed = TeamSchema.safeParse(input);
    if (!parsed.success) {
      fail(
        ['teams', index, ...(parsed.error.issues[0]?.path.map(String) ?? [])],
        parsed.error.issues[0]?.message ?? 'invalid team',
        'screening context',
      );
    }
    members.set(parsed.data.id, new Set(parsed.data.members));
  });
  return members;
}

function readAffiliatedTeams(affiliated: ScreeningContext['affiliatedTeams']): Map<string, Set<string>> {
  const result = new Map<string, Set<string>>();
  if (affiliated === undefined) return result;
  if (!isRecord(affiliated))
    fail(['affiliatedTeams'], 'must be an object keyed by publisher id', 'screening context');
  for (const [publisher, teams] of Object.entries(affiliated)) {
    if (!Array.isArray(teams) || teams.some((team) => typeof team !== 'string')) {
      fail(['affiliatedTeams', publisher], 'must be an array of team ids', 'screening context');
    }
    result.set(publisher, new Set(teams));
  }
  return result;
}

/** The publisher's own team ids: itself and its affiliated teams. */
function ownTeamsOf(publisher: string, affiliated: Map<string, Set<string>>): Set<string> {
  const own = new Set<string>([publisher]);
  for (const team of affiliated.get(publisher) ?? []) own.add(team);
  return own;
}

const NO_MEMBERS: ReadonlySet<string> = new Set();

/** Accounts that are members of any of the publisher's own teams (from `context.teams`). */
function publisherMembers(ownTeams: Set<string>, membership: Map<string, Set<string>>): ReadonlySet<string> {
  if (membership.size === 0) return NO_MEMBERS;
  const members = new Set<string>();
  for (const team of ownTeams) for (const member of membership.get(team) ?? []) members.add(member);
  return members;
}

function markDeviations(
  group: number[],
  reviews: Review[],
  reasons: Uint8Array,
  deviationStars: number,
): void {
  const verified: number[] = [];
  const all: number[] = [];
  for (const i of group) {
    const review = reviews[i]!;
    all.push(review.rating);
    if (review.verifiedAdoption) verified.push(review.rating);
  }
  const basis = verified.length >= 3 ? verified : all;
  if (basis.length < 3) return; // No consensus to deviate from.
  basis.sort((a, b) => a - b);
  const consensus = median(basis);
  for (const i of group) {
    if (Math.abs(reviews[i]!.rating - consensus) >= deviationStars)
      reasons[i]! |= REASON_BITS['rating-deviation'];
  }
}

function markBursts(
  group: number[],
  times: Float64Array,
  reasons: Uint8Array,
  windowMs: number,
  thresholds: ScreeningThresholds,
): void {
  const n = group.length;
  if (n < thresholds.burstMinReviews) return;
  const first = times[group[0]!]!;
  const span = times[group[n - 1]!]! - first;
  // Difference array over positions: +1 at a burst window's start, −1 after its end.
  const cover = new Int32Array(n + 1);
  let left = 0;
  let any = false;
  for (let right = 0; right < n; right++) {
    const end = times[group[right]!]!;
    while (end - times[group[left]!]! > windowMs) left++;
    const inWindow = right - left + 1;
    if (inWindow < thresholds.burstMinReviews) continue;
    const outside = n - inWindow;
    const outsideSpan = Math.max(span - windowMs, windowMs);
    const expected = (outside / outsideSpan) * windowMs;
    if (outside === 0 || inWindow >= thresholds.burstFactor * expected) {
      cover[left]! += 1;
      cover[right + 1]! -= 1;
      any = true;
    }
  }
  if (!any) return;
  let running = 0;
  for (let position = 0; position < n; position++) {
    running += cover[position]!;
    if (running > 0) reasons[group[position]!]! |= REASON_BITS.burst;
  }
}

function markDuplicates(
  reviews: Review[],
  times: Float64Array,
  reasons: Uint8Array,
  thresholds: ScreeningThresholds,
): void {
  // "Earliest" is by time then id, so the result does not depend on input order.
  const texts = reviews.map((review) => (review.title ? `${review.title} ${review.body}` : review.body));
  const clusters = findNearDuplicates(texts, {
    threshold: thresholds.duplicateSimilarity,
    minShingles: thresholds.duplicateMinShingles,
    compare: (a, b) => times[a]! - times[b]! || compareStrings(reviews[a]!.id, reviews[b]!.id),
  });
  for (let i = 0; i < reviews.length; i++) {
    const root = clusters[i]!;
    if (root >= 0 && root !== i) reasons[i]! |= REASON_BITS['near-duplicate'];
  }
}
