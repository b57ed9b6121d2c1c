import { isRecord } from '@pollinate/core/helpers';
import {
  millerBound,
  PatternRatingTotals,
  RECOMMEND_NO,
  RECOMMEND_UNANSWERED,
  RECOMMEND_YES,
  type ResolvedOptions,
  resolveOptions,
  reviewWeight,
  summarize,
  wilson,
} from './internal/rating-formulas.js';
import { fail, IssueCollector, requireNumber, toEpochMs } from './internal/validation.js';

/** A star value: whole stars 1–5. */
export type Stars = 1 | 2 | 3 | 4 | 5;

/**
 * What {@link aggregateRatings} reads from a review. Core's `Review` fits; so does any
 * object with a whole-star `rating`.
 */
export interface RatedItem {
  /** Whole stars, an integer 1–5. */
  rating: number;
  /** ISO 8601 time of the review; required only when time decay (`halfLifeDays`) is on. */
  createdAt?: string;
  /** Whether the reviewer is known to have adopted the pattern; `undefined` counts as `false`. */
  verifiedAdoption?: boolean;
  /** Whether the reviewer would recommend the pattern; reviews without it are left out of `recommend`. */
  wouldRecommend?: boolean;
}

/** The prior of the IMDb weighted rating (Bayesian average): `weight` pseudo-reviews of `mean` stars. */
export interface RatingPrior {
  /** C: the prior mean in stars, 1–5 (for example the catalog-wide mean). @default 3 */
  mean?: number;
  /** m: how many reviews the prior is worth, ≥ 0. @default 5 */
  weight?: number;
}

/** Options of {@link aggregateRatings}. */
export interface AggregateRatingsOptions {
  /**
   * Prior of `bayesianMean`. The defaults (3★ worth 5 reviews) make `bayesianMean` the
   * posterior mean of the same Dirichlet(1,…,1) prior `lowerBound` uses.
   * @default { mean: 3, weight: 5 }
   */
  prior?: RatingPrior;
  /** Normal quantile of the star-rating lower bound (1.65 ≈ one-sided 95 %), > 0. @default 1.65 */
  z?: number;
  /** Normal quantile of the Wilson lower bound of `recommend` (1.96 ≈ two-sided 95 %), > 0. @default 1.96 */
  recommendZ?: number;
  /**
   * Half-life of time decay in days, > 0: a review `age` days old weighs `2^(−age/halfLifeDays)`
   * (future-dated reviews weigh 1). Off when not set. Needs `now` and every review's `createdAt`.
   */
  halfLifeDays?: number;
  /** The time decay is measured at (ISO 8601 string or `Date`); required with `halfLifeDays`. */
  now?: string | Date;
  /** Weight of a review without verified adoption, 0–1 (verified reviews weigh 1). @default 1 */
  unverifiedWeight?: number;
}

/** The share of reviewers who would recommend, with its Wilson lower bound. */
export interface RecommendSummary {
  /** Reviews with `wouldRecommend: true` (a count, not weighted). */
  positive: number;
  /** Reviews that answered `wouldRecommend` at all (a count, not weighted). */
  total: number;
  /** Wilson score lower bound of the (weighted) positive share, 0–1; 0 when `total` is 0. */
  wilsonLowerBound: number;
}

/** What {@link aggregateRatings} returns. Every number is finite. */
export interface RatingAggregate {
  /** Number of reviews (not weighted). */
  count: number;
  /** Sum of review weights after decay and verification weighting (equals `count` when both are off). */
  effectiveCount: number;
  /** Weighted mean in stars (1–5), or `null` when there are no reviews (or all weights are 0). */
  mean: number | null;
  /** Number of reviews per star value (not weighted). */
  distribution: Record<Stars, number>;
  /** IMDb weighted rating v/(v+m)·R + m/(v+m)·C, in stars 1–5; the prior mean C when there are no reviews. */
  bayesianMean: number;
  /** Evan Miller's Bayesian lower bound of the mean with a Dirichlet(1,…,1) prior, in stars 1–5. */
  lowerBound: number;
  /** The "would recommend" share. */
  recommend: RecommendSummary;
}

/**
 * Evan Miller's Bayesian lower bound of a star rating ("Ranking Items With Star Ratings",
 * 2015): with a Dirichlet(1,…,1) prior over K = 5 star values s_k and (possibly
 * weighted) counts n_k, N = Σ n_k,
 *
 *   S = Σ s_k (n_k + 1)/(N + K),
 *   lower = S − z · √((Σ s_k² (n_k + 1)/(N + K) − S²) / (N + K + 1)).
 *
 * @param counts - reviews per star value, index 0 = 1★ … index 4 = 5★; finite and ≥ 0 (weights allowed)
 * @param z - normal quantile, > 0 (1.65 ≈ one-sided 95 %)
 * @returns the lower bound in stars, within [1, 5]
 * @throws {@link ValidationError} when a count is negative or not finite, or `z` is not positive
 * @example
 * ```ts
 * starRatingLowerBound([0, 0, 0, 0, 0]); // 2.047 (no reviews)
 * starRatingLowerBound([0, 0, 0, 0, 1]); // 2.404 (one 5★ review)
 * starRatingLowerBound([0, 0, 0, 25, 25]); // 4.194
 * ```
 */
export function starRatingLowerBound(counts: readonly number[], z = 1.65): number {
  if (!Array.isArray(counts) || counts.length !== 5) {
    fail([], 'must be an array of 5 counts (1★ to 5★)', 'star counts');
  }
  requireNumber(z, ['z'], 'star counts', Number.MIN_VALUE, 1e6);
  let total = 0;
  for (let k = 0; k < 5; k++) total += requireNumber(counts[k], [k], 'star counts', 0, Number.MAX_VALUE);
  return millerBound(counts as number[], total, z);
}

/**
 * Wilson score interval lower bound of a proportion (E. B. Wilson, "Probable Inference,
 * the Law of Succession, and Statistical Inference", JASA 1927):
 *
 *   (p̂ + z²/2n − z √(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n),  p̂ = positive / n.
 *
 * @param positive - positive outcomes, 0 ≤ positive ≤ total (weights allowed)
 * @param total - all outcomes, ≥ 0
 * @param z - normal quantile, > 0 (1.96 ≈ two-sided 95 %)
 * @returns the lower bound, within [0, p̂]; 0 when `total` is 0
 * @throws {@link ValidationError} when the counts are negative, not finite or `positive > total`
 * @example
 * ```ts
 * wilsonLowerBound(209, 259); // 0.7545
 * ```
 */
export function wilsonLowerBound(positive: number, total: number, z = 1.96): number {
  requireNumber(total, ['total'], 'proportion', 0, Number.MAX_VALUE);
  requireNumber(positive, ['positive'], 'proportion', 0, total);
  requireNumber(z, ['z'], 'proportion', Number.MIN_VALUE, 1e6);
  return wilson(positive, total, z);
}

/**
 * Aggregates star ratings: count, mean, distribution, IMDb Bayesian average, Evan
 * Miller's Dirichlet lower bound and the Wilson lower bound of "would recommend".
 *
 * Formulas and sources:
 * - `bayesianMean` — the IMDb Top 250 weighted rating WR = v/(v+m)·R + m/(v+m)·C, with
 *   v the (effective) number of reviews, R their mean, C = `prior.mean`, m = `prior.weight`.
 * - `lowerBound` — {@link starRatingLowerBound} (Evan Miller, "Ranking Items With Star
 *   Ratings", 2015) over the weighted counts.
 * - `recommend.wilsonLowerBound` — {@link wilsonLowerBound} (Wilson 1927) over the reviews
 *   that answered `wouldRecommend`.
 * - Time decay: weight 2^(−age/halfLifeDays) (exponential decay with a half-life); a
 *   review without verified adoption is further multiplied by `unverifiedWeight`.
 *
 * Properties: results are finite and in range, independent of input order; adding a 5★
 * review never lowers `mean`, `bayesianMean` or `lowerBound`, and a 1★ never raises them.
 * To exclude gamed reviews, pass {@link ScreeningResult.accepted} from {@link screenReviews}.
 *
 * @param reviews - the reviews; each needs an integer `rating` 1–5
 * @param options - see {@link AggregateRatingsOptions}
 * @returns see {@link RatingAggregate}
 * @throws {@link ValidationError} (`E_VALIDATION`) naming each bad review field or option
 *   (a rating that is not an integer 1–5, a bad `createdAt` when decaying, a bad option)
 * @example
 * ```ts
 * const summary = aggregateRatings([{ rating: 5 }, { rating: 4, wouldRecommend: true }]);
 * summary.mean; // 4.5
 * summary.lowerBound; // ≈ 2.61 (two reviews: a cautious bound)
 * summary.bayesianMean; // ≈ 3.43 (pulled toward the prior 3★)
 * aggregateRatings(reviews, { halfLifeDays: 180, now: '2026-11-21T00:00:00Z' });
 * ```
 */
export function aggregateRatings(
  reviews: readonly RatedItem[],
  options?: AggregateRatingsOptions,
): RatingAggregate {
  if (!Array.isArray(reviews)) fail([], 'must be an array of reviews', 'reviews');
  const resolved = resolveOptions(options);
  const issues = new IssueCollector('reviews');
  const rawCounts = [0, 0, 0, 0, 0];
  const weightedCounts = [0, 0, 0, 0, 0];
  let recommendPositive = 0;
  let recommendTotal = 0;
  let weightedPositive = 0;
  let weightedTotal = 0;
  const fields = newRatedFields();
  for (let index = 0; index < reviews.length; index++) {
    const review = reviews[index];
    if (!isRecord(review)) {
      issues.add([index], 'must be an object with a rating');
      continue;
    }
    if (!readRatedFields(review, index, issues, resolved, fields)) continue;
    const { rating, recommend } = fields;
    const weight = reviewWeight(resolved, fields.at, fields.verified);
    rawCounts[rating - 1]! += 1;
    weightedCounts[rating - 1]! += weight;
    if (recommend !== RECOMMEND_UNANSWERED) {
      recommendTotal += 1;
      weightedTotal += weight;
      if (recommend === RECOMMEND_YES) {
        recommendPositive += 1;
        weightedPositive += weight;
      }
    }
  }
  issues.throwIfAny();
  return summarize(rawCounts, weightedCounts, resolved, {
    positive: recommendPositive,
    total: recommendTotal,
    wilsonLowerBound: wilson(Math.min(weightedPositive, weightedTotal), weightedTotal, resolved.recommendZ),
  });
}

/** What {@link aggregateRatingsByPattern} reads from a review: a {@link RatedItem} with its pattern. */
export interface PatternRatedItem extends RatedItem {
  /** The reviewed pattern's id (any non-empty string; core's `Review.patternId` fits). */
  patternId: string;
}

/**
 * Aggregates the ratings of many patterns in one pass: the same {@link RatingAggregate}
 * as {@link aggregateRatings} over each pattern's reviews, without grouping the reviews
 * into arrays first. Each pattern's figures are accumulated per pattern in typed arrays
 * (its counts per star value, weighted counts and recommend counts, in input order), so
 * every figure is exactly, bit for bit, what `aggregateRatings` returns for the pattern's
 * reviews in input order; the formulas and their sources are those of
 * {@link aggregateRatings}. Cost: O(n) plus one `Map` lookup per review. Use it on
 * {@link ScreeningResult.accepted} to rate every pattern of a catalog.
 *
 * @param reviews - the reviews of any number of patterns; each needs a non-empty string
 *   `patternId` and an integer `rating` 1–5 (see {@link PatternRatedItem})
 * @param options - see {@link AggregateRatingsOptions} (the same for every pattern)
 * @returns a `Map` from pattern id to its {@link RatingAggregate}, in order of each
 *   pattern's first review; a pattern without reviews is absent
 * @throws {@link ValidationError} (`E_VALIDATION`) naming each bad review field (paths
 *   `[index, field]` into `reviews`: a missing or empty `patternId`, a rating that is not an
 *   integer 1–5, a bad `createdAt` when decaying) or option; nothing is returned then
 * @example
 * ```ts
 * const { accepted } = screenReviews(reviews, { accounts });
 * const byPattern = aggregateRatingsByPattern(accepted);
 * byPattern.get('acme/retry-with-backoff')?.lowerBound; // 4.194
 * const ranked = [...byPattern].sort(([, a], [, b]) => b.lowerBound - a.lowerBound);
 * ```
 */
export function aggregateRatingsByPattern(
  reviews: readonly PatternRatedItem[],
  options?: AggregateRatingsOptions,
): Map<string, RatingAggregate> {
  if (!Array.isArray(reviews)) fail([], 'must be an array of reviews', 'reviews');
  const resolved = resolveOptions(options);
  const issues = new IssueCollector('reviews');
  const slotOf = new Map<string, number>();
  const patternIds: string[] = [];
  const totals = new PatternRatingTotals(resolved);
  const fields = newRatedFields();
  for (let index = 0; index < reviews.length; index++) {
    const review = reviews[index];
    if (!isRecord(review)) {
      issues.add([index], 'must be an object with a patternId and a rating');
      continue;
    }
    const patternId = review.patternId;
    if (typeof patternId !== 'string' || patternId.length === 0) {
      issues.add([index, 'patternId'], 'must be a non-empty string');
      continue;
    }
    if (!readRatedFields(review, index, issues, resolved, fields)) continue;
    if (issues.issues.length > 0) continue; // Invalid input: only validate the rest.
    let slot = slotOf.get(patternId);
    if (slot === undefined) {
      slot = patternIds.length;
      slotOf.set(patternId, slot);
      patternIds.push(patternId);
      totals.reserve(slot);
    }
    totals.add(
      slot,
      fields.rating,
      totals.unweighted ? 1 : reviewWeight(resolved, fields.at, fields.verified),
      fields.recommend,
    );
  }
  issues.throwIfAny();
  const result = new Map<string, RatingAggregate>();
  for (let slot = 0; slot < patternIds.length; slot++) result.set(patternIds[slot]!, totals.summary(slot));
  return result;
}

/** What aggregation reads from one review, checked (reused from review to review). */
interface RatedFields {
  /** 1–5. */
  rating: number;
  /** Epoch ms of `createdAt` when decaying, else 0. */
  at: number;
  verified: boolean;
  /** {@link RECOMMEND_UNANSWERED}, {@link RECOMMEND_NO} or {@link RECOMMEND_YES}. */
  recommend: number;
}

function newRatedFields(): RatedFields {
  return { rating: 0, at: 0, verified: false, recommend: RECOMMEND_UNANSWERED };
}

/**
 * Checks one review's rating, time (read only when decaying), verified flag and "would
 * recommend" answer into `fields`; records the first bad one at `[index, field]` and
 * returns false.
 */
function readRatedFields(
  review: Record<string, unknown>,
  index: number,
  issues: IssueCollector,
  resolved: ResolvedOptions,
  fields: RatedFields,
): boolean {
  const rating = review.rating;
  if (typeof rating !== 'number' || !Number.isInteger(rating) || rating < 1 || rating > 5) {
    issues.add([index, 'rating'], 'must be an integer from 1 to 5');
    return false;
  }
  let at = 0;
  if (resolved.halfLifeMs !== undefined) {
    const parsed = toEpochMs(review.createdAt);
    if (parsed === undefined) {
      issues.add([index, 'createdAt'], 'must be an ISO 8601 time when halfLifeDays is set');
      return false;
    }
    at = parsed;
  }
  const verified = review.verifiedAdoption;
  if (verified !== undefined && typeof verified !== 'boolean') {
    issues.add([index, 'verifiedAdoption'], 'must be a boolean');
    return false;
  }
  const recommend = review.wouldRecommend;
  if (recommend !== undefined && typeof recommend !== 'boolean') {
    issues.add([index, 'wouldRecommend'], 'must be a boolean');
    return false;
  }
  fields.rating = rating;
  fields.at = at;
  fields.verified = verified === true;
  fields.recommend =
    recommend === undefined ? RECOMMEND_UNANSWERED : recommend ? RECOMMEND_YES : RECOMMEND_NO;
  return true;
}
