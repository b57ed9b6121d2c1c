import { compareStrings, isRecord } from '@pollinate/core/helpers';
import {
  isSemanticVersion,
  type Review,
  ReviewSchema,
  type Team,
  TeamSchema,
  ValidationError,
} from '@pollinate/core/model';
import { clusterCandidates, LshIndex } from './internal/minhash-lsh.js';
import {
  PatternRatingTotals,
  RECOMMEND_NO,
  RECOMMEND_YES,
  type ResolvedOptions,
  resolveOptions,
  reviewWeight,
} from './internal/rating-formulas.js';
import { ItemKeySet, StringIndex } from './internal/string-index.js';
import {
  fail,
  IssueCollector,
  isObject,
  MS_PER_DAY,
  parseUtcIso,
  requireNumber,
  toEpochMs,
} from './internal/validation.js';
import type { AggregateRatingsOptions, RatingAggregate } from './ratings.js';

/** Why a review looks gamed. */
export type ScreeningReason =
  | 'self-review'
  | 'near-duplicate'
  | 'burst'
  | 'new-account'
  | 'one-review-account'
  | 'rating-deviation'
  | 'unverified-adoption'
  | 'rating-shift';

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
  'rating-shift',
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
  'rating-shift': 0.3,
};

/** Thresholds of {@link screenReviews}. */
export interface ScreeningThresholds {
  /** Suspicion (sum of reason weights) at which a review is flagged. @default 0.5 */
  flagAt: number;
  /** Length of the sliding burst window, hours. @default 24 */
  burstWindowHours: number;
  /** Fewest reviews of one pattern in one window that can be a burst. @default 5 */
  burstMinReviews: number;
  /**
   * A window is a burst when it holds at least this many times the reviews the pattern's
   * rate outside the window predicts for a window of that length. @default 4
   */
  burstFactor: number;
  /** An account younger than this many days when it wrote the review is new. @default 14 */
  newAccountDays: number;
  /** Distance in stars from the pattern's consensus (median rating) that counts as deviation. @default 2 */
  deviationStars: number;
  /** Exact Jaccard similarity of 3-word shingle sets at which two texts are near-duplicates. @default 0.6 */
  duplicateSimilarity: number;
  /** Texts with fewer distinct shingles are too short to compare. @default 4 */
  duplicateMinShingles: number;
  /** Length of the sliding window a slow campaign is looked for in, days. @default 28 */
  shiftWindowDays: number;
  /** Fewest deviating reviews (one direction, untrusted reviewers) in one window that can be a rating shift. @default 5 */
  shiftMinReviews: number;
  /**
   * A window is a rating shift when it holds at least this many times the deviating reviews
   * the pattern's rate of them outside the window predicts. @default 3
   */
  shiftFactor: number;
  /**
   * With `context.trust`, a reviewer is trusted when its trust is at least this many times
   * the mean trust of the scored reviewers (1/N for EigenTrust's scores, which sum to 1).
   * @default 1
   */
  trustedFactor: number;
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
  shiftWindowDays: 28,
  shiftMinReviews: 5,
  shiftFactor: 3,
  trustedFactor: 1,
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
  /**
   * Global trust of reviewers over the reviewer trust graph, for example
   * {@link computeTrust} (EigenTrust) over who endorses whom: reviewer id → trust ≥ 0
   * (a `Map` or a plain object). Trusted reviewers (see
   * {@link ScreeningThresholds.trustedFactor}) are never part of a `rating-shift`: a wave of
   * low ratings from reviewers the graph trusts is a real regression, not a campaign.
   * Reviewers without a score are untrusted. Without `trust`, every reviewer is untrusted.
   */
  trust?: ReadonlyMap<string, number> | Readonly<Record<string, number>>;
  /**
   * When set, the result also rates every pattern from its accepted reviews
   * ({@link ScreeningResult.ratingsByPattern}) with these options (`{}` for the defaults of
   * {@link aggregateRatings}), reusing the facts screening has already read. Each review's
   * `wouldRecommend` is then validated too.
   */
  aggregate?: AggregateRatingsOptions;
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
  /**
   * Only when `context.aggregate` is set: each pattern's {@link RatingAggregate} over its
   * accepted reviews, in order of its first accepted review — exactly
   * `aggregateRatingsByPattern(accepted, context.aggregate)` ({@link aggregateRatingsByPattern}),
   * computed from the facts screening has already read instead of reading every review again.
   * A pattern whose reviews were all flagged is absent.
   */
  ratingsByPattern?: Map<string, RatingAggregate>;
}

const REASON_BITS: Record<ScreeningReason, number> = {
  'self-review': 1,
  'near-duplicate': 2,
  burst: 4,
  'new-account': 8,
  'one-review-account': 16,
  'rating-deviation': 32,
  'unverified-adoption': 64,
  'rating-shift': 128,
};

/** How many reason masks there are: one bit per reason. */
const MASKS = 1 << 8;

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
    shiftWindowDays: [1e-6, 1e6],
    shiftMinReviews: [1, 1e9],
    shiftFactor: [0, 1e9],
    trustedFactor: [0, 1e9],
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
  const weights = new Float64Array(MASKS);
  const perReason = SCREENING_REASONS.map((reason) =>
    overrides && Object.hasOwn(overrides, reason) && overrides[reason] !== undefined
      ? requireNumber(overrides[reason], ['weights', reason], 'screening context', 0, 1e6)
      : DEFAULT_SCREENING_WEIGHTS[reason],
  );
  for (let mask = 0; mask < MASKS; mask++) {
    let sum = 0;
    for (let bit = 0; bit < SCREENING_REASONS.length; bit++) if (mask & (1 << bit)) sum += perReason[bit]!;
    weights[mask] = sum;
  }
  return weights;
}

/** What one pass over the reviews gathers: validated reviews, their facts in typed arrays, interned ids. */
interface ReadReviews {
  reviews: Review[];
  /** Each review's `createdAt`, epoch ms. */
  times: Float64Array;
  /** Each review's rating, 1–5. */
  ratings: Uint8Array;
  /** 1 where the review's `verifiedAdoption` is true. */
  verified: Uint8Array;
  /** Reviewer ids interned to 0, 1, 2, … */
  reviewers: StringIndex;
  /** Pattern ids interned to 0, 1, 2, … */
  patterns: StringIndex;
  /** Each review's interned reviewer. */
  reviewerOf: Int32Array;
  /** Each review's interned pattern. */
  patternOf: Int32Array;
  /** Reviews per interned reviewer in the input. */
  reviewerCounts: Int32Array;
  /** Each review's declared `reviewerTeam` (made only once a review declares one). */
  declaredTeams: (string | undefined)[] | undefined;
  /**
   * Each review's `wouldRecommend` as a `RECOMMEND_*` code (read whether or not the call
   * aggregates, so the pass runs the same code either way; validated only when it does).
   */
  recommendations: Uint8Array;
}

/**
 * Validates the reviews and gathers what the checks need: each review's fields, time and
 * recommendation, the uniqueness of its id (an {@link ItemKeySet}, not a `Set` of a million
 * strings), its interned reviewer and pattern. Valid reviews are read by
 * {@link readValidReviews}; when it meets any review it cannot take as it is,
 * {@link readReviewsOneByOne} reads them all again and reports every issue. A last pass over
 * the valid reviews hashes each title and body into the near-duplicate index.
 */
function readReviews(input: readonly unknown[], texts: LshIndex, readRecommendations: boolean): ReadReviews {
  if (!Array.isArray(input)) fail([], 'must be an array of reviews', 'reviews');
  const read =
    readValidReviews(input, readRecommendations) ?? readReviewsOneByOne(input, readRecommendations);
  // The texts in a pass of their own: hashing them beside the lookups made both slower
  // (their buffers and tables compete for the caches; measured, about 10 % of the pass).
  hashTexts(read.reviews, texts);
  return read;
}

/** A {@link ReadReviews} with room for `input`'s reviews and nothing read yet. */
function emptyRead(input: readonly unknown[]): ReadReviews {
  const n = input.length;
  return {
    // The input array itself, unless a review has to be rebuilt by the schema (a copy then).
    reviews: input as Review[],
    times: new Float64Array(n),
    ratings: new Uint8Array(n),
    verified: new Uint8Array(n),
    // Sized for a reviewer per four reviews (common in review data) so a large input does
    // not rehash the table as it grows; more reviewers still grow it.
    reviewers: new StringIndex(Math.min(n, Math.max(1 << 16, n >> 2))),
    patterns: new StringIndex(1024, 23),
    reviewerOf: new Int32Array(n),
    patternOf: new Int32Array(n),
    reviewerCounts: new Int32Array(Math.min(n, 1 << 16)),
    declaredTeams: undefined,
    recommendations: new Uint8Array(n),
  };
}

/**
 * A review's `wouldRecommend` as a `RECOMMEND_*` code (0 when unanswered), or −1 when it
 * is not a boolean and `validate` is set (else such a value reads as unanswered).
 */
function recommendationCode(answer: unknown, validate: boolean): number {
  if (answer === true) return RECOMMEND_YES;
  if (answer === false) return RECOMMEND_NO;
  return answer !== undefined && validate ? -1 : 0;
}

/** Interns review `index`'s reviewer and counts the review for it. */
function internReviewer(read: ReadReviews, index: number, reviewer: string): void {
  const id = read.reviewers.add(reviewer);
  read.reviewerOf[index] = id;
  if (id === read.reviewerCounts.length) {
    const grown = new Int32Array(read.reviewerCounts.length * 2);
    grown.set(read.reviewerCounts);
    read.reviewerCounts = grown;
  }
  read.reviewerCounts[id]!++;
}

/**
 * Stores what the checks need of a valid review `index`: its time (epoch ms), rating,
 * verified adoption, recommendation code, interned pattern and declared `reviewerTeam`
 * (the array of those is made once a review declares one).
 */
function storeFields(
  read: ReadReviews,
  index: number,
  review: Review,
  at: number,
  recommendation: number,
  pattern: number,
): void {
  read.times[index] = at;
  read.ratings[index] = review.rating;
  read.verified[index] = review.verifiedAdoption ? 1 : 0;
  read.recommendations[index] = recommendation;
  read.patternOf[index] = pattern;
  if (review.reviewerTeam === undefined) return;
  read.declaredTeams ??= new Array(read.reviews.length);
  read.declaredTeams[index] = review.reviewerTeam;
}

/**
 * Reads reviews that are all valid as they are, in three passes over the review objects,
 * each with one lookup table: fields (the quick structural check, pattern, time and
 * recommendation), then ids, then reviewers. Each table then has the caches to itself:
 * measured over 1M reviews, about 20 % faster than one pass doing all three (0.57 s
 * against 0.71–0.74 s).
 *
 * @returns undefined at the first review that fails the quick check (or its pattern id's
 *   form, time or recommendation) or repeats an id: the caller then reads one by one
 */
function readValidReviews(input: readonly unknown[], readRecommendations: boolean): ReadReviews | undefined {
  const read = emptyRead(input);
  const patterns = read.patterns;
  const versions = new Map<string, boolean>();
  const n = input.length;
  for (let index = 0; index < n; index++) {
    const raw = input[index];
    if (!quickReviewCheck(raw, versions)) return undefined;
    let pattern = patterns.get(raw.patternId);
    // The pattern-id expression runs once per pattern, not once per review.
    if (pattern < 0) {
      if (!PATTERN_ID.test(raw.patternId)) return undefined;
      pattern = patterns.add(raw.patternId);
    }
    // Only the form `toISOString` writes is taken as it is; any other goes to the schema.
    const at = parseUtcIso(raw.createdAt);
    const recommendation = recommendationCode(raw.wouldRecommend, readRecommendations);
    if (at === undefined || recommendation < 0) return undefined;
    storeFields(read, index, raw, at, recommendation, pattern);
  }
  const reviews = read.reviews;
  const seenIds = new ItemKeySet(n, (index) => reviews[index]!.id);
  for (let index = 0; index < n; index++)
    if (seenIds.addItem(index, reviews[index]!.id) >= 0) return undefined;
  for (let index = 0; index < n; index++) internReviewer(read, index, reviews[index]!.reviewer);
  return read;
}

/**
 * Reads the reviews one at a time, with every issue: a review that fails the quick check
 * is parsed with core's `ReviewSchema`, so the error names each bad field exactly (or the
 * review is rebuilt with the schema's defaults). Once a review is invalid, the rest are
 * only validated.
 *
 * @throws {@link ValidationError} with the issues, in input order (the first hundred)
 */
function readReviewsOneByOne(input: readonly unknown[], readRecommendations: boolean): ReadReviews {
  const issues = new IssueCollector('reviews');
  const read = emptyRead(input);
  const patterns = read.patterns;
  const seenIds = new ItemKeySet(input.length, (index) => read.reviews[index]!.id);
  const versions = new Map<string, boolean>();
  for (let index = 0; index < input.length; index++) {
    const raw = input[index];
    let review: Review | undefined;
    let pattern = -1;
    let at: number | undefined;
    if (quickReviewCheck(raw, versions)) {
      pattern = patterns.get(raw.patternId);
      at = parseUtcIso(raw.createdAt);
      if (at !== undefined && (pattern >= 0 || PATTERN_ID.test(raw.patternId))) review = raw;
    }
    if (review === undefined) {
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
      if (read.reviews === input) read.reviews = input.slice() as Review[];
      read.reviews[index] = review;
      // The schema has checked the form (RFC 3339 with an offset, a real calendar date),
      // which `Date.parse` reads exactly whatever the number of fraction digits.
      at = Date.parse(review.createdAt);
    }
    if (at === undefined || !Number.isFinite(at)) {
      issues.add([index, 'createdAt'], 'must be an ISO 8601 time');
      continue;
    }
    const earlier = seenIds.addItem(index, review.id);
    if (earlier >= 0) {
      issues.add([index, 'id'], `duplicate review id ${JSON.stringify(review.id)}`);
      continue;
    }
    const recommendation = recommendationCode(review.wouldRecommend, readRecommendations);
    if (recommendation < 0) {
      issues.add([index, 'wouldRecommend'], 'must be a boolean');
      continue;
    }
    if (issues.issues.length > 0) continue; // Invalid input: only validate the rest.
    storeFields(
      read,
      index,
      review,
      at,
      recommendation,
      pattern >= 0 ? pattern : patterns.add(review.patternId),
    );
    internReviewer(read, index, review.reviewer);
  }
  issues.throwIfAny();
  return read;
}

/** Adds each review's title and body to the near-duplicate index. */
function hashTexts(reviews: readonly Review[], texts: LshIndex): void {
  for (let index = 0; index < reviews.length; index++) {
    const review = reviews[index]!;
    texts.add(index, review.title, review.body);
  }
}

const PATTERN_ID = /^[a-z0-9][a-z0-9._-]*\/[a-z0-9][a-z0-9._-]*$/;
const TEAM_ID = /^[a-z0-9][a-z0-9._-]*$/;

/**
 * The fast path of validation: true only for a plain review that core's `ReviewSchema`
 * accepts exactly as it is (every key known, every limit of the schema met, nothing for
 * the schema to fill in), checked without allocating. Anything doubtful — an unknown or
 * inherited key, a missing title, a time in any form but `YYYY-MM-DDTHH:MM:SS[.sss]Z` —
 * returns false, and the caller sends it through the schema: the schema is the one
 * definition of a valid review, and this check only ever says yes where it would. The
 * pattern id's form is checked by the caller ({@link PATTERN_ID}, once per pattern); a
 * version's by core's `isSemanticVersion`, remembered per distinct version in `versions`.
 * The property test `screenReviews accepts a review iff ReviewSchema does` holds the two
 * together.
 */
function quickReviewCheck(value: unknown, versions: Map<string, boolean>): value is Review {
  if (!isRecord(value)) return false;
  const rating = value.rating;
  const id = value.id;
  const reviewer = value.reviewer;
  const title = value.title;
  const body = value.body;
  if (
    !(
      typeof id === 'string' &&
      id.length > 0 &&
      id.length <= 200 &&
      typeof reviewer === 'string' &&
      reviewer.length > 0 &&
      reviewer.length <= 200 &&
      isShortString(value.patternId) &&
      typeof value.createdAt === 'string' &&
      typeof rating === 'number' &&
      Number.isInteger(rating) &&
      rating >= 1 &&
      rating <= 5 &&
      typeof body === 'string' &&
      body.length <= 20_000 &&
      typeof title === 'string' &&
      title.length <= 200 &&
      typeof value.verifiedAdoption === 'boolean'
    )
  )
    return false;
  // Every key must be one of the schema's (it is strict); optional ones are checked here.
  for (const key in value) {
    switch (key) {
      case 'id':
      case 'patternId':
      case 'reviewer':
      case 'rating':
      case 'title':
      case 'body':
      case 'verifiedAdoption':
      case 'createdAt':
        break;
      case 'wouldRecommend':
        if (value.wouldRecommend !== undefined && typeof value.wouldRecommend !== 'boolean') return false;
        break;
      case 'reviewerTeam':
        if (value.reviewerTeam !== undefined && !isTeamId(value.reviewerTeam)) return false;
        break;
      case 'version':
        if (value.version !== undefined && !isKnownVersion(value.version, versions)) return false;
        break;
      case 'aspects':
        if (value.aspects !== undefined && !isAspects(value.aspects)) return false;
        break;
      case 'pros':
      case 'cons':
        if (value[key] !== undefined && !isReviewPoints(value[key])) return false;
        break;
      case 'useCase':
        if (
          value.useCase !== undefined &&
          !(typeof value.useCase === 'string' && value.useCase.length <= 1000)
        )
          return false;
        break;
      case 'performanceImpact':
        if (
          value.performanceImpact !== undefined &&
          value.performanceImpact !== 'improved' &&
          value.performanceImpact !== 'neutral' &&
          value.performanceImpact !== 'degraded'
        )
          return false;
        break;
      case 'integrationEffort':
        if (
          value.integrationEffort !== undefined &&
          value.integrationEffort !== 'hours' &&
          value.integrationEffort !== 'days' &&
          value.integrationEffort !== 'weeks' &&
          value.integrationEffort !== 'months'
        )
          return false;
        break;
      default:
        return false;
    }
    // An inherited key is not the schema's to read the same way: let it decide.
    if (!Object.hasOwn(value, key)) return false;
  }
  return true;
}

function isTeamId(value: unknown): boolean {
  return typeof value === 'string' && value.length <= 100 && TEAM_ID.test(value);
}

/** Whether `value` is a semantic version (core's definition), remembered per distinct string. */
function isKnownVersion(value: unknown, versions: Map<string, boolean>): boolean {
  if (typeof value !== 'string') return false;
  let valid = versions.get(value);
  if (valid === undefined) {
    valid = isSemanticVersion(value);
    versions.set(value, valid);
  }
  return valid;
}

/** The schema's `aspects`: known keys only, each absent or whole stars 1–5. */
function isAspects(value: unknown): boolean {
  if (!isRecord(value)) return false;
  for (const key in value) {
    if (
      !Object.hasOwn(value, key) ||
      (key !== 'stability' && key !== 'performance' && key !== 'maintainability' && key !== 'documentation')
    )
      return false;
    const stars = value[key];
    if (
      stars !== undefined &&
      !(typeof stars === 'number' && Number.isInteger(stars) && stars >= 1 && stars <= 5)
    )
      return false;
  }
  return true;
}

const NOT_BLANK = /\S/;

/** The schema's `pros`/`cons`: a plain array of at most 10 strings of 1–200 code units, none blank. */
function isReviewPoints(value: unknown): boolean {
  if (!Array.isArray(value) || value.length > 10 || Object.getPrototypeOf(value) !== Array.prototype)
    return false;
  for (let i = 0; i < value.length; i++) {
    if (!Object.hasOwn(value, i)) return false;
    const point: unknown = value[i];
    if (typeof point !== 'string' || point.length === 0 || point.length > 200 || !NOT_BLANK.test(point))
      return false;
  }
  return true;
}

/** A non-empty string of at most 214 code units. */
function isShortString(value: unknown): boolean {
  return typeof value === 'string' && value.length > 0 && value.length <= 214;
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
 * - `rating-shift` — a slow campaign: the review deviates from the consensus (as for
 *   `rating-deviation`) and falls in a window of `shiftWindowDays` in which the pattern got
 *   at least `shiftMinReviews` such reviews in the same direction from untrusted reviewers,
 *   and at least `shiftFactor` × what its rate of them outside the window predicts (the
 *   pattern's reviews must span more than one window: a shift needs a before). Reviewers
 *   that `context.trust` (EigenTrust over the reviewer trust graph, see {@link computeTrust})
 *   scores at or above `trustedFactor` × the mean are never part of one, so a real
 *   regression reported by trusted reviewers is not taken for a campaign. With the default
 *   weights, `rating-shift` and `rating-deviation` together flag.
 *
 * A review is flagged when the summed weights of its reasons
 * ({@link DEFAULT_SCREENING_WEIGHTS}) reach `flagAt`. Flagged reviews are excluded from
 * `accepted` (and so from aggregates built on it) but returned, unchanged, with reasons.
 * The result is deterministic and does not depend on input order (ties in time are broken
 * by review id). Cost: O(n log n) plus the LSH's near-linear candidate search. Three
 * passes over the reviews, each with one lookup table, validate them (a quick structural
 * check; core's `ReviewSchema` only builds the error for a review that fails it), check
 * their ids are new and intern their reviewers and patterns to integers; the next pass
 * hashes each title and body into the LSH index; every check after that runs over typed
 * arrays rather than maps of strings. A pattern's reviews are put in time order (by a
 * native typed-array sort of packed (time, position) keys) only when some window could
 * hold a burst: counted in window-wide buckets, three adjacent buckets must hold
 * `burstMinReviews`. Memory: about 100 bytes per review in typed arrays (40 of them LSH
 * band keys).
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
  const aggregateOptions = resolveAggregateOptions(context);
  const texts = new LshIndex(Array.isArray(reviews) ? reviews.length : 0, {
    shingleSize: 3,
    minShingles: Math.floor(thresholds.duplicateMinShingles),
    bands: 10,
    rows: 2,
  });
  const {
    reviews: parsed,
    times,
    ratings,
    verified,
    reviewers,
    patterns,
    reviewerOf,
    patternOf,
    reviewerCounts,
    declaredTeams,
    recommendations,
  } = readReviews(reviews, texts, aggregateOptions !== undefined);
  const n = parsed.length;
  const accounts = readAccounts(context.accounts, reviewers);
  const membership = readTeams(context.teams);
  const affiliated = readAffiliatedTeams(context.affiliatedTeams);
  // Every pass over the reviews is a function of its own, over typed arrays: each is
  // optimized on its own and stays so whatever the options of the call (one function
  // holding every loop was deoptimized whenever a call took a path earlier ones had not).
  const { patternStarts, order, orderedTimes, orderedRatings } = groupByPattern(
    patternOf,
    times,
    ratings,
    verified,
    patterns.size,
  );
  const byTimeThenId = (a: number, b: number) =>
    times[a]! - times[b]! || compareStrings(parsed[a]!.id, parsed[b]!.id);

  const reasons = new Uint8Array(n);
  // Self-review needs a team: declared on a review, on an account, or in `context.teams`.
  const teamsKnown = declaredTeams !== undefined || accounts.anyTeam || membership.size > 0;
  markReviewReasons(
    reasons,
    reviewerOf,
    times,
    verified,
    reviewerCounts,
    accounts,
    thresholds.newAccountDays * MS_PER_DAY,
  );
  if (teamsKnown) {
    markSelfReviews(
      reasons,
      patternOf,
      reviewerOf,
      declaredTeams,
      accounts,
      reviewers,
      patterns,
      (patternId) => {
        const ownTeams = ownTeamsOf(patternId.slice(0, patternId.indexOf('/')), affiliated);
        return { ownTeams, members: publisherMembers(ownTeams, membership) };
      },
    );
  }
  markPatternReasons(
    patternStarts,
    order,
    orderedTimes,
    orderedRatings,
    reasons,
    thresholds,
    new TimeSorter(times, byTimeThenId),
    { reviewerOf, untrusted: readTrust(context.trust, reviewers, thresholds.trustedFactor) },
  );

  // Near-duplicates. "Earliest" is by time then id, so the result does not depend on input order.
  const clusters = clusterCandidates(
    texts,
    n,
    (i) => {
      const review = parsed[i]!;
      return review.title ? `${review.title} ${review.body}` : review.body;
    },
    thresholds.duplicateSimilarity,
    byTimeThenId,
  );
  markNearDuplicates(clusters, reasons);

  const flaggedMasks = new Uint8Array(suspicionOf.length);
  for (let mask = 1; mask < suspicionOf.length; mask++) {
    const suspicion = suspicionOf[mask]!;
    flaggedMasks[mask] = suspicion >= thresholds.flagAt && suspicion > 0 ? 1 : 0;
  }
  const { accepted, flagged } = splitReviews(parsed, reasons, flaggedMasks, suspicionOf);
  if (aggregateOptions === undefined) return { accepted, flagged };
  const ratingsByPattern = ratePatterns(
    aggregateOptions,
    patterns,
    reasons,
    flaggedMasks,
    patternOf,
    ratings,
    times,
    verified,
    recommendations,
  );
  return { accepted, flagged, ratingsByPattern };
}

/**
 * Each pattern's reviews, contiguous in `order` (a counting sort by pattern, in input
 * order within a pattern), with their times and ratings gathered in the same order so the
 * per-pattern passes read them in sequence rather than at random.
 */
function groupByPattern(
  patternOf: Int32Array,
  times: Float64Array,
  ratings: Uint8Array,
  verified: Uint8Array,
  patternCount: number,
): { patternStarts: Int32Array; order: Int32Array; orderedTimes: Float64Array; orderedRatings: Uint8Array } {
  const n = patternOf.length;
  const patternStarts = new Int32Array(patternCount + 1);
  for (let i = 0; i < n; i++) patternStarts[patternOf[i]! + 1]!++;
  for (let p = 0; p < patternCount; p++) patternStarts[p + 1]! += patternStarts[p]!;
  const order = new Int32Array(n);
  const orderedTimes = new Float64Array(n);
  const orderedRatings = new Uint8Array(n);
  const filled = patternStarts.slice(0, patternCount);
  for (let i = 0; i < n; i++) {
    const position = filled[patternOf[i]!]!++;
    order[position] = i;
    orderedTimes[position] = times[i]!;
    orderedRatings[position] = ratings[i]! | (verified[i]! << VERIFIED_SHIFT);
  }
  return { patternStarts, order, orderedTimes, orderedRatings };
}

/** In `orderedRatings`, the stars are the low 3 bits; bit 3 is set for a verified adoption. */
const VERIFIED_SHIFT = 3;
const STARS_MASK = 7;

/** The reasons of each review on its own (new and one-review accounts, unverified adoption), in input order. */
function markReviewReasons(
  reasons: Uint8Array,
  reviewerOf: Int32Array,
  times: Float64Array,
  verified: Uint8Array,
  reviewerCounts: Int32Array,
  accounts: AccountFacts,
  newAccountMs: number,
): void {
  const createdAtMs = accounts.createdAtMs;
  const reviewCount = accounts.reviewCount;
  for (let i = 0; i < reasons.length; i++) {
    const reviewer = reviewerOf[i]!;
    let mask = 0;
    if (times[i]! - createdAtMs[reviewer]! < newAccountMs) mask |= REASON_BITS['new-account'];
    const known = reviewCount[reviewer]!;
    const written = Number.isNaN(known) ? reviewerCounts[reviewer]! : known;
    if (written <= 1) mask |= REASON_BITS['one-review-account'];
    if (verified[i] === 0) mask |= REASON_BITS['unverified-adoption'];
    reasons[i] = mask;
  }
}

/**
 * Marks self-reviews: the review's declared team, the account's team, or the reviewer's
 * membership in `context.teams` is one of the pattern's own teams.
 */
function markSelfReviews(
  reasons: Uint8Array,
  patternOf: Int32Array,
  reviewerOf: Int32Array,
  declaredTeams: (string | undefined)[] | undefined,
  accounts: AccountFacts,
  reviewers: StringIndex,
  patterns: StringIndex,
  teamsOf: (patternId: string) => { ownTeams: Set<string>; members: ReadonlySet<string> },
): void {
  const teamsByPattern = patterns.values.map(teamsOf);
  for (let i = 0; i < reasons.length; i++) {
    const reviewer = reviewerOf[i]!;
    const { ownTeams, members } = teamsByPattern[patternOf[i]!]!;
    const declaredTeam = declaredTeams?.[i];
    const accountTeam = accounts.anyTeam ? accounts.team[reviewer] : undefined;
    if (
      (declaredTeam !== undefined && ownTeams.has(declaredTeam)) ||
      (accountTeam !== undefined && ownTeams.has(accountTeam)) ||
      (members.size > 0 && members.has(reviewers.values[reviewer]!))
    ) {
      reasons[i]! |= REASON_BITS['self-review'];
    }
  }
}

/** The reasons that need a pattern's other reviews: rating deviation, rating shifts and bursts. */
function markPatternReasons(
  patternStarts: Int32Array,
  order: Int32Array,
  orderedTimes: Float64Array,
  orderedRatings: Uint8Array,
  reasons: Uint8Array,
  thresholds: ScreeningThresholds,
  timeSorter: TimeSorter,
  reviewerFacts: { reviewerOf: Int32Array; untrusted: Uint8Array },
): void {
  const windowMs = thresholds.burstWindowHours * 3_600_000;
  const windowCounts = new WindowCounts();
  const shifts = new ShiftFinder(thresholds, reviewerFacts.reviewerOf, reviewerFacts.untrusted);
  const deviating = new Int32Array(1);
  for (let p = 0; p + 1 < patternStarts.length; p++) {
    const start = patternStarts[p]!;
    const end = patternStarts[p + 1]!;
    const group = order.subarray(start, end);
    const groupRatings = orderedRatings.subarray(start, end);
    const consensus = markDeviations(group, groupRatings, reasons, thresholds.deviationStars, deviating);
    const groupTimes = orderedTimes.subarray(start, end);
    // Before the burst check sorts `group` (its ratings stay in the order of `groupTimes`).
    if (deviating[0]! >= thresholds.shiftMinReviews)
      shifts.mark(group, groupTimes, groupRatings, reasons, consensus);
    if (group.length < thresholds.burstMinReviews) continue;
    // Sorting is most of the burst check's cost, and most patterns cannot have a burst.
    if (!windowCounts.mayHold(groupTimes, windowMs, thresholds.burstMinReviews)) continue;
    timeSorter.sort(group, groupTimes);
    markBursts(group, groupTimes, reasons, windowMs, thresholds);
  }
}

/**
 * A pigeonhole test that most patterns pass without sorting their reviews by time: the
 * times are counted in buckets one window wide (from the earliest), and a window, as
 * {@link markBursts} takes it (times at most one window apart), spans at most two adjacent
 * buckets (three are summed, so rounding in the bucket division cannot hide one). When no
 * three adjacent buckets hold `minReviews` times, no window does, and there is no burst.
 */
class WindowCounts {
  private counts = new Int32Array(1024);
  private bucketOf = new Int32Array(256);

  /**
   * @param times - one pattern's review times, epoch ms, in any order
   * @returns false when no window of `windowMs` can hold `minReviews` of `times`; true
   *   when one may (or when the times span too many windows to count them cheaply)
   */
  mayHold(times: Float64Array, windowMs: number, minReviews: number): boolean {
    let earliest = Number.POSITIVE_INFINITY;
    let latest = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < times.length; k++) {
      const time = times[k]!;
      if (time < earliest) earliest = time;
      if (time > latest) latest = time;
    }
    const buckets = Math.floor((latest - earliest) / windowMs) + 3;
    // Beyond a few buckets per review, counting costs more than the sort it saves.
    if (!(buckets <= Math.max(1024, 16 * times.length))) return true;
    if (this.counts.length < buckets) this.counts = new Int32Array(buckets * 2);
    if (this.bucketOf.length < times.length) this.bucketOf = new Int32Array(times.length * 2);
    const counts = this.counts;
    const bucketOf = this.bucketOf;
    for (let k = 0; k < times.length; k++) {
      // Bucket b + 1 holds the times of window b, so b − 1 … b + 1 never leave the array.
      const bucket = Math.floor((times[k]! - earliest) / windowMs) + 1;
      bucketOf[k] = bucket;
      counts[bucket]!++;
    }
    let found = false;
    for (let k = 0; k < times.length && !found; k++) {
      const bucket = bucketOf[k]!;
      found = counts[bucket - 1]! + counts[bucket]! + counts[bucket + 1]! >= minReviews;
    }
    for (let k = 0; k < times.length; k++) counts[bucketOf[k]!] = 0;
    return found;
  }
}

/** Marks every review whose near-duplicate cluster starts with another review. */
function markNearDuplicates(clusters: Int32Array, reasons: Uint8Array): void {
  for (let i = 0; i < reasons.length; i++) {
    const root = clusters[i]!;
    if (root >= 0 && root !== i) reasons[i]! |= REASON_BITS['near-duplicate'];
  }
}

/** Accepted and flagged reviews, in input order; `flaggedMasks[mask]` is 1 for a flagged mask. */
function splitReviews(
  parsed: Review[],
  reasons: Uint8Array,
  flaggedMasks: Uint8Array,
  suspicionOf: Float64Array,
): { accepted: Review[]; flagged: FlaggedReview[] } {
  const n = reasons.length;
  let flaggedCount = 0;
  for (let i = 0; i < n; i++) flaggedCount += flaggedMasks[reasons[i]!]!;
  // Sized once: growing a million-element array by pushes copies it again and again.
  const accepted: Review[] = new Array(n - flaggedCount);
  const flagged: FlaggedReview[] = [];
  let acceptedCount = 0;
  for (let i = 0; i < n; i++) {
    const mask = reasons[i]!;
    if (flaggedMasks[mask] === 1) {
      flagged.push({
        review: parsed[i]!,
        reasons: SCREENING_REASONS.filter((reason) => mask & REASON_BITS[reason]),
        suspicion: suspicionOf[mask]!,
      });
    } else accepted[acceptedCount++] = parsed[i]!;
  }
  return { accepted, flagged };
}

/**
 * Each pattern's rating aggregate over its accepted reviews, added in input order (the
 * sums aggregateRatings makes), in order of each pattern's first accepted review.
 */
function ratePatterns(
  options: ResolvedOptions,
  patterns: StringIndex,
  reasons: Uint8Array,
  flaggedMasks: Uint8Array,
  patternOf: Int32Array,
  ratings: Uint8Array,
  times: Float64Array,
  verified: Uint8Array,
  recommendations: Uint8Array,
): Map<string, RatingAggregate> {
  const totals = new PatternRatingTotals(options, patterns.size);
  const seen = new Uint8Array(patterns.size);
  const firstSeen: number[] = [];
  for (let i = 0; i < reasons.length; i++) {
    if (flaggedMasks[reasons[i]!] === 1) continue;
    const pattern = patternOf[i]!;
    if (seen[pattern] === 0) {
      seen[pattern] = 1;
      firstSeen.push(pattern);
    }
    const weight = totals.unweighted ? 1 : reviewWeight(options, times[i]!, verified[i] === 1);
    totals.add(pattern, ratings[i]!, weight, recommendations[i]!);
  }
  const ratingsByPattern = new Map<string, RatingAggregate>();
  for (const pattern of firstSeen) ratingsByPattern.set(patterns.values[pattern]!, totals.summary(pattern));
  return ratingsByPattern;
}

/** The resolved `context.aggregate`, or undefined when not set; errors name `aggregate`. */
function resolveAggregateOptions(context: ScreeningContext): ResolvedOptions | undefined {
  if (context.aggregate === undefined) return undefined;
  try {
    return resolveOptions(context.aggregate);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    throw new ValidationError(
      error.issues.map((issue) => ({ ...issue, path: ['aggregate', ...issue.path] })),
      'screening context',
    );
  }
}

/** Account facts by interned reviewer id (only for reviewers that appear in the reviews). */
interface AccountFacts {
  /** Account creation, epoch ms; NaN when unknown (so the new-account test is false). */
  createdAtMs: Float64Array;
  /** Reviews written across the marketplace; NaN when unknown. */
  reviewCount: Float64Array;
  /** The account's team, when known. */
  team: (string | undefined)[];
  /** Whether any account of a reviewer names a team. */
  anyTeam: boolean;
}

/**
 * Validates every account of `context.accounts` and keeps the facts of those whose
 * reviewer wrote one of the reviews.
 */
function readAccounts(accounts: ScreeningContext['accounts'], reviewers: StringIndex): AccountFacts {
  const subject = 'screening context';
  const facts: AccountFacts = {
    createdAtMs: new Float64Array(reviewers.size).fill(Number.NaN),
    reviewCount: new Float64Array(reviewers.size).fill(Number.NaN),
    team: new Array(reviewers.size),
    anyTeam: false,
  };
  if (accounts === undefined) return facts;
  if (!isRecord(accounts)) fail(['accounts'], 'must be an object keyed by reviewer id', subject);
  for (const reviewer of Object.keys(accounts)) {
    const account = accounts[reviewer];
    if (!isRecord(account)) fail(['accounts', reviewer], 'must be an object', subject);
    let createdAtMs = Number.NaN;
    if (account.createdAt !== undefined) {
      const parsedTime = toEpochMs(account.createdAt);
      if (parsedTime === undefined)
        fail(['accounts', reviewer, 'createdAt'], 'must be an ISO 8601 time', subject);
      createdAtMs = parsedTime;
    }
    const reviewCount =
      account.reviewCount === undefined
        ? Number.NaN
        : requireNumber(account.reviewCount, ['accounts', reviewer, 'reviewCount'], subject, 0, 1e12);
    if (account.team !== undefined && typeof account.team !== 'string') {
      fail(['accounts', reviewer, 'team'], 'must be a team id', subject);
    }
    const id = reviewers.get(reviewer);
    if (id < 0) continue;
    facts.createdAtMs[id] = createdAtMs;
    facts.reviewCount[id] = reviewCount;
    if (account.team !== undefined) {
      facts.team[id] = account.team;
      facts.anyTeam = true;
    }
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

/**
 * Marks the reviews of one pattern whose rating is `deviationStars` or more from the
 * consensus: the median of the verified ratings (of all ratings when fewer than 3 are
 * verified), read from a histogram of the five star values. Counts the deviating reviews
 * into `deviating[0]`.
 *
 * @returns the consensus, or NaN when there are too few ratings for one
 *
 * @param group - the pattern's review indices
 * @param groupRatings - their ratings in the same order, with the verified bit (see {@link groupByPattern})
 */
function markDeviations(
  group: Int32Array,
  groupRatings: Uint8Array,
  reasons: Uint8Array,
  deviationStars: number,
  deviating: Int32Array,
): number {
  deviating[0] = 0;
  const all = [0, 0, 0, 0, 0, 0];
  const verifiedOnly = [0, 0, 0, 0, 0, 0];
  let verifiedCount = 0;
  for (let k = 0; k < groupRatings.length; k++) {
    const fact = groupRatings[k]!;
    const stars = fact & STARS_MASK;
    all[stars]!++;
    if (fact >> VERIFIED_SHIFT === 1) {
      verifiedOnly[stars]!++;
      verifiedCount++;
    }
  }
  const [histogram, count] = verifiedCount >= 3 ? [verifiedOnly, verifiedCount] : [all, group.length];
  if (count < 3) return Number.NaN; // No consensus to deviate from.
  const middle = count >> 1;
  const consensus =
    count % 2 === 1
      ? ratingAtRank(histogram, middle)
      : (ratingAtRank(histogram, middle - 1) + ratingAtRank(histogram, middle)) / 2;
  for (let k = 0; k < groupRatings.length; k++) {
    if (Math.abs((groupRatings[k]! & STARS_MASK) - consensus) >= deviationStars) {
      reasons[group[k]!]! |= REASON_BITS['rating-deviation'];
      deviating[0]!++;
    }
  }
  return consensus;
}

/**
 * Finds slow campaigns: per pattern and direction (below or above the consensus), the
 * deviating reviews of untrusted reviewers in time order, and a sliding window of
 * `shiftWindowDays` over them that holds at least `shiftMinReviews` and at least
 * `shiftFactor` × what the pattern's rate of such reviews outside the window predicts
 * (any count when there are none outside, provided the pattern's reviews span more than
 * one window: a shift needs a before). Every review in such a window gets `rating-shift`.
 */
class ShiftFinder {
  private picked = new Int32Array(64);
  private keys = new Float64Array(64);
  private cover = new Int32Array(65);
  private readonly windowMs: number;
  private readonly minReviews: number;
  private readonly factor: number;

  constructor(
    thresholds: ScreeningThresholds,
    private readonly reviewerOf: Int32Array,
    private readonly untrusted: Uint8Array,
  ) {
    this.windowMs = thresholds.shiftWindowDays * MS_PER_DAY;
    this.minReviews = thresholds.shiftMinReviews;
    this.factor = thresholds.shiftFactor;
  }

  /**
   * @param group - one pattern's review indices (any order)
   * @param groupTimes - their times, same order
   * @param groupRatings - their ratings with the verified bit, same order
   * @param consensus - the pattern's consensus rating
   */
  mark(
    group: Int32Array,
    groupTimes: Float64Array,
    groupRatings: Uint8Array,
    reasons: Uint8Array,
    consensus: number,
  ): void {
    let first = Number.POSITIVE_INFINITY;
    let last = Number.NEGATIVE_INFINITY;
    let below = 0;
    let above = 0;
    const deviation = REASON_BITS['rating-deviation'];
    for (let k = 0; k < group.length; k++) {
      const time = groupTimes[k]!;
      if (time < first) first = time;
      if (time > last) last = time;
      const i = group[k]!;
      if ((reasons[i]! & deviation) === 0 || this.untrusted[this.reviewerOf[i]!] === 0) continue;
      if ((groupRatings[k]! & STARS_MASK) < consensus) below++;
      else above++;
    }
    const span = last - first;
    if (span <= this.windowMs) return;
    if (below >= this.minReviews)
      this.markDirection(group, groupTimes, groupRatings, reasons, consensus, -1, below, span);
    if (above >= this.minReviews)
      this.markDirection(group, groupTimes, groupRatings, reasons, consensus, 1, above, span);
  }

  private markDirection(
    group: Int32Array,
    groupTimes: Float64Array,
    groupRatings: Uint8Array,
    reasons: Uint8Array,
    consensus: number,
    direction: -1 | 1,
    count: number,
    span: number,
  ): void {
    if (this.picked.length < count) {
      this.picked = new Int32Array(count * 2);
      this.keys = new Float64Array(count * 2);
      this.cover = new Int32Array(count * 2 + 1);
    }
    const picked = this.picked;
    let n = 0;
    const deviation = REASON_BITS['rating-deviation'];
    for (let k = 0; k < group.length; k++) {
      const i = group[k]!;
      if ((reasons[i]! & deviation) === 0 || this.untrusted[this.reviewerOf[i]!] === 0) continue;
      if (((groupRatings[k]! & STARS_MASK) - consensus) * direction > 0) picked[n++] = k;
    }
    // In time order (ties in any order: which reviews a window covers depends only on times).
    const order = Array.from(picked.subarray(0, n)).sort((a, b) => groupTimes[a]! - groupTimes[b]!);
    const keys = this.keys;
    for (let m = 0; m < n; m++) keys[m] = groupTimes[order[m]!]!;
    const cover = this.cover;
    cover.fill(0, 0, n + 1);
    const windowMs = this.windowMs;
    const outsideSpan = Math.max(span - windowMs, windowMs);
    let left = 0;
    let any = false;
    for (let right = 0; right < n; right++) {
      while (keys[right]! - keys[left]! > windowMs) left++;
      const inWindow = right - left + 1;
      if (inWindow < this.minReviews) continue;
      const outside = n - inWindow;
      const expected = (outside / outsideSpan) * windowMs;
      if (outside === 0 || inWindow >= this.factor * expected) {
        cover[left]! += 1;
        cover[right + 1]! -= 1;
        any = true;
      }
    }
    if (!any) return;
    let running = 0;
    for (let m = 0; m < n; m++) {
      running += cover[m]!;
      if (running > 0) reasons[group[order[m]!]!]! |= REASON_BITS['rating-shift'];
    }
  }
}

/**
 * Which reviewers the trust scores leave untrusted: 1 for a reviewer whose trust is below
 * `trustedFactor` × the mean of the scores given (or who has no score), 0 for a trusted one.
 * Without scores every reviewer is untrusted.
 */
function readTrust(
  trust: ScreeningContext['trust'],
  reviewers: StringIndex,
  trustedFactor: number,
): Uint8Array {
  const untrusted = new Uint8Array(reviewers.size).fill(1);
  if (trust === undefined) return untrusted;
  const subject = 'screening context';
  const entries: [string, unknown][] =
    trust instanceof Map
      ? [...trust.entries()]
      : isRecord(trust)
        ? Object.entries(trust)
        : fail(['trust'], 'must be a Map or an object of reviewer id → trust', subject);
  let sum = 0;
  for (const [reviewer, value] of entries) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
      fail(['trust', reviewer], 'must be a finite number ≥ 0', subject);
    sum += value;
  }
  if (entries.length === 0) return untrusted;
  const threshold = trustedFactor * (sum / entries.length);
  for (const [reviewer, value] of entries) {
    const id = reviewers.get(reviewer);
    if (id >= 0 && (value as number) >= threshold && (value as number) > 0) untrusted[id] = 0;
  }
  return untrusted;
}

/** The rating at a 0-based rank in ascending order, from a histogram indexed by stars 1–5. */
function ratingAtRank(histogram: number[], rank: number): number {
  let seen = 0;
  for (let stars = 1; stars <= 5; stars++) {
    seen += histogram[stars]!;
    if (rank < seen) return stars;
  }
  return 5;
}

/**
 * Marks the reviews of one pattern, in time order, that fall in a burst window.
 *
 * @param group - the pattern's review indices, in time order
 * @param groupTimes - their times, epoch ms, in the same order
 */
function markBursts(
  group: Int32Array,
  groupTimes: Float64Array,
  reasons: Uint8Array,
  windowMs: number,
  thresholds: ScreeningThresholds,
): void {
  const n = group.length;
  if (n < thresholds.burstMinReviews) return;
  const first = groupTimes[0]!;
  const span = groupTimes[n - 1]! - first;
  // Difference array over positions: +1 at a burst window's start, −1 after its end.
  const cover = new Int32Array(n + 1);
  let left = 0;
  let any = false;
  for (let right = 0; right < n; right++) {
    const end = groupTimes[right]!;
    while (end - groupTimes[left]! > windowMs) left++;
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

/**
 * Sorts groups of review indices by time, then id, without calling a comparator for most
 * pairs: each group's times are packed with the index's position in the group into
 * doubles, `(time − earliest) · size + position`, which a typed array sorts natively
 * (exact while the product stays below 2^53, true for any group whose span in
 * milliseconds times its size does); runs of equal time are then ordered by id. Groups
 * that do not fit fall back to the comparator.
 */
class TimeSorter {
  private keys = new Float64Array(64);
  private scratch = new Int32Array(64);
  private timesScratch = new Float64Array(64);

  constructor(
    private readonly times: Float64Array,
    private readonly byTimeThenId: (a: number, b: number) => number,
  ) {}

  /**
   * Sorts `group` (review indices) by time, then id, and `groupTimes` (their times, in the
   * same order) with it.
   */
  sort(group: Int32Array, groupTimes: Float64Array): void {
    const size = group.length;
    let earliest = Number.POSITIVE_INFINITY;
    let latest = Number.NEGATIVE_INFINITY;
    let whole = true;
    for (let k = 0; k < size; k++) {
      const time = groupTimes[k]!;
      if (time < earliest) earliest = time;
      if (time > latest) latest = time;
      if (!Number.isInteger(time)) whole = false;
    }
    if (!(whole && (latest - earliest + 1) * size < 2 ** 53)) {
      group.sort(this.byTimeThenId);
      for (let k = 0; k < size; k++) groupTimes[k] = this.times[group[k]!]!;
      return;
    }
    if (this.keys.length < size) {
      this.keys = new Float64Array(size * 2);
      this.scratch = new Int32Array(size * 2);
      this.timesScratch = new Float64Array(size * 2);
    }
    const keys = this.keys.subarray(0, size);
    const scratch = this.scratch;
    const timesScratch = this.timesScratch;
    for (let k = 0; k < size; k++) {
      scratch[k] = group[k]!;
      const time = groupTimes[k]!;
      timesScratch[k] = time;
      keys[k] = (time - earliest) * size + k;
    }
    keys.sort();
    let tied = false;
    for (let k = 0; k < size; k++) {
      // Exact: the remainder of a double by a double is always representable.
      const from = keys[k]! % size;
      group[k] = scratch[from]!;
      const time = timesScratch[from]!;
      groupTimes[k] = time;
      if (k > 0 && time === groupTimes[k - 1]) tied = true;
    }
    if (!tied) return;
    // Runs of equal time: by id (the times of a run are equal, so they stay in place).
    for (let start = 0; start < size; ) {
      let end = start + 1;
      const time = groupTimes[start]!;
      while (end < size && groupTimes[end] === time) end++;
      if (end - start > 1) group.subarray(start, end).sort(this.byTimeThenId);
      start = end;
    }
  }
}
