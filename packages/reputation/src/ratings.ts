import { fail, IssueCollector, isRecord, MS_PER_DAY, requireNumber, toEpochMs } from './validation.js';

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
  /** C: the prior mean in stars, 1–5 (for example the catalog-wide mean). @defaultValue 3 */
  mean?: number;
  /** m: how many reviews the prior is worth, ≥ 0. @defaultValue 5 */
  weight?: number;
}

/** Options of {@link aggregateRatings}. */
export interface AggregateRatingsOptions {
  /**
   * Prior of `bayesianMean`. The defaults (3★ worth 5 reviews) make `bayesianMean` the
   * posterior mean of the same Dirichlet(1,…,1) prior `lowerBound` uses.
   * @defaultValue `{ mean: 3, weight: 5 }`
   */
  prior?: RatingPrior;
  /** Normal quantile of the star-rating lower bound (1.65 ≈ one-sided 95 %), > 0. @defaultValue 1.65 */
  z?: number;
  /** Normal quantile of the Wilson lower bound of `recommend` (1.96 ≈ two-sided 95 %), > 0. @defaultValue 1.96 */
  recommendZ?: number;
  /**
   * Half-life of time decay in days, > 0: a review `age` days old weighs `2^(−age/halfLifeDays)`
   * (future-dated reviews weigh 1). Off when not set. Needs `now` and every review's `createdAt`.
   */
  halfLifeDays?: number;
  /** The time decay is measured at (ISO 8601 string or `Date`); required with `halfLifeDays`. */
  now?: string | Date;
  /** Weight of a review without verified adoption, 0–1 (verified reviews weigh 1). @defaultValue 1 */
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

const STAR_VALUES: readonly Stars[] = [1, 2, 3, 4, 5];

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

function millerBound(counts: readonly number[], total: number, z: number): number {
  const denominator = total + 5;
  let mean = 0;
  let meanOfSquares = 0;
  for (let k = 0; k < 5; k++) {
    const p = ((counts[k] as number) + 1) / denominator;
    const stars = k + 1;
    mean += stars * p;
    meanOfSquares += stars * stars * p;
  }
  const variance = Math.max(0, meanOfSquares - mean * mean);
  const bound = mean - z * Math.sqrt(variance / (denominator + 1));
  return Math.min(5, Math.max(1, bound));
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

function wilson(positive: number, total: number, z: number): number {
  // Below a billionth of a review the bound is 0 to double precision (and z²/n would overflow).
  if (!(total > 1e-9)) return 0;
  const p = Math.min(1, Math.max(0, positive / total));
  const z2 = z * z;
  const centre = p + z2 / (2 * total);
  const spread = z * Math.sqrt((p * (1 - p)) / total + z2 / (4 * total * total));
  const bound = (centre - spread) / (1 + z2 / total);
  return Number.isFinite(bound) ? Math.min(p, Math.max(0, bound)) : 0;
}

interface ResolvedOptions {
  priorMean: number;
  priorWeight: number;
  z: number;
  recommendZ: number;
  halfLifeMs: number | undefined;
  nowMs: number;
  unverifiedWeight: number;
}

function resolveOptions(options: AggregateRatingsOptions | undefined): ResolvedOptions {
  const subject = 'aggregateRatings options';
  if (options !== undefined && !isRecord(options)) fail([], 'must be an object', subject);
  const prior = options?.prior;
  if (prior !== undefined && !isRecord(prior)) fail(['prior'], 'must be an object', subject);
  const priorMean =
    prior?.mean === undefined ? 3 : requireNumber(prior.mean, ['prior', 'mean'], subject, 1, 5);
  const priorWeight =
    prior?.weight === undefined ? 5 : requireNumber(prior.weight, ['prior', 'weight'], subject, 0, 1e12);
  const z = options?.z === undefined ? 1.65 : requireNumber(options.z, ['z'], subject, 1e-9, 1e3);
  const recommendZ =
    options?.recommendZ === undefined
      ? 1.96
      : requireNumber(options.recommendZ, ['recommendZ'], subject, 1e-9, 1e3);
  const unverifiedWeight =
    options?.unverifiedWeight === undefined
      ? 1
      : requireNumber(options.unverifiedWeight, ['unverifiedWeight'], subject, 0, 1);
  let halfLifeMs: number | undefined;
  let nowMs = 0;
  if (options?.halfLifeDays !== undefined) {
    halfLifeMs = requireNumber(options.halfLifeDays, ['halfLifeDays'], subject, 1e-6, 1e7) * MS_PER_DAY;
    const parsed = toEpochMs(options.now);
    if (parsed === undefined)
      fail(['now'], 'must be an ISO 8601 time or a Date when halfLifeDays is set', subject);
    nowMs = parsed;
  }
  return { priorMean, priorWeight, z, recommendZ, halfLifeMs, nowMs, unverifiedWeight };
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
  for (let index = 0; index < reviews.length; index++) {
    const review = reviews[index];
    if (!isRecord(review)) {
      issues.add([index], 'must be an object with a rating');
      continue;
    }
    const rating = review.rating;
    if (typeof rating !== 'number' || !Number.isInteger(rating) || rating < 1 || rating > 5) {
      issues.add([index, 'rating'], 'must be an integer from 1 to 5');
      continue;
    }
    let weight = 1;
    if (resolved.halfLifeMs !== undefined) {
      const at = toEpochMs(review.createdAt);
      if (at === undefined) {
        issues.add([index, 'createdAt'], 'must be an ISO 8601 time when halfLifeDays is set');
        continue;
      }
      const age = Math.max(0, resolved.nowMs - at);
      weight = 2 ** (-age / resolved.halfLifeMs);
    }
    const verified = review.verifiedAdoption;
    if (verified !== undefined && typeof verified !== 'boolean') {
      issues.add([index, 'verifiedAdoption'], 'must be a boolean');
      continue;
    }
    if (verified !== true) weight *= resolved.unverifiedWeight;
    const recommend = review.wouldRecommend;
    if (recommend !== undefined && typeof recommend !== 'boolean') {
      issues.add([index, 'wouldRecommend'], 'must be a boolean');
      continue;
    }
    rawCounts[rating - 1]! += 1;
    weightedCounts[rating - 1]! += weight;
    if (recommend !== undefined) {
      recommendTotal += 1;
      weightedTotal += weight;
      if (recommend) {
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

function summarize(
  rawCounts: number[],
  weightedCounts: number[],
  options: ResolvedOptions,
  recommend: RecommendSummary,
): RatingAggregate {
  let count = 0;
  let effectiveCount = 0;
  let weightedSum = 0;
  for (let k = 0; k < 5; k++) {
    count += rawCounts[k]!;
    effectiveCount += weightedCounts[k]!;
    weightedSum += (k + 1) * weightedCounts[k]!;
  }
  const mean = effectiveCount > 0 ? clampStars(weightedSum / effectiveCount) : null;
  const priorTotal = effectiveCount + options.priorWeight;
  const bayesianMean =
    priorTotal > 0
      ? clampStars((weightedSum + options.priorWeight * options.priorMean) / priorTotal)
      : options.priorMean;
  const distribution = {} as Record<Stars, number>;
  for (const stars of STAR_VALUES) distribution[stars] = rawCounts[stars - 1]!;
  return {
    count,
    effectiveCount,
    mean,
    distribution,
    bayesianMean,
    lowerBound: millerBound(weightedCounts, effectiveCount, options.z),
    recommend,
  };
}

function clampStars(value: number): number {
  return Math.min(5, Math.max(1, value));
}
