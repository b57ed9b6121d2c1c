import { isRecord } from '@pollinate/core/helpers';
import {
  INTEGRATION_EFFORTS,
  type IntegrationEffort,
  type PerformanceImpact,
  type Review,
  ReviewSchema,
} from '@pollinate/core/model';
import { fail, IssueCollector, requireNumber } from './internal/validation.js';

/** One pro or con as {@link aggregateReviewStructure} counts it. */
export interface ReviewPointCount {
  /** The point as most reviews wrote it (ties: the earliest form seen). */
  text: string;
  /** Distinct reviews that list the point (after normalization: case, spacing, end punctuation). */
  count: number;
}

/** What {@link aggregateReviewStructure} returns. */
export interface ReviewStructureSummary {
  /** Reviews read. */
  reviews: number;
  /** Reviews that list at least one pro, con, use case, performance impact or integration effort. */
  structured: number;
  /** The most listed pros, most first (ties: by text), at most `top`. */
  topPros: ReviewPointCount[];
  /** The most listed cons, most first (ties: by text), at most `top`. */
  topCons: ReviewPointCount[];
  /** Integration effort: reviews per level and the median level (`null` when no review says). */
  integrationEffort: {
    /** Reviews per level. */
    distribution: Record<IntegrationEffort, number>;
    /**
     * The lower median on the ordinal scale hours < days < weeks < months: the least level
     * that at least half of the answering reviews reach or stay below.
     */
    median: IntegrationEffort | null;
    /** Reviews that state an effort. */
    answered: number;
  };
  /** Performance impact: reviews per answer. */
  performanceImpact: Record<PerformanceImpact, number>;
  /** Reviews that describe a use case. */
  useCases: number;
}

/** Options of {@link aggregateReviewStructure}. */
export interface AggregateReviewStructureOptions {
  /** How many pros and cons to list, 0–100. @default 5 */
  top?: number;
}

/**
 * The key a pro or con is counted under: lower case, runs of whitespace as one space, no
 * leading or trailing whitespace or end punctuation (`.`, `!`, `;`, `,`).
 */
function pointKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[.!;,\s]+$/u, '');
}

/**
 * Aggregates the structured parts of reviews (the seed's structured review): the most
 * listed pros and cons (each counted once per review, after normalizing case, spacing and
 * end punctuation), the distribution and lower median of integration effort on the
 * ordinal scale hours < days < weeks < months, performance impact counts and how many
 * reviews describe a use case. Pass accepted reviews (after screening and moderation) so
 * flagged text never reaches a summary. Cost: O(n + p log p) for n reviews with p distinct
 * points.
 *
 * @param reviews - core `Review`s (anything `ReviewSchema` accepts)
 * @param options - see {@link AggregateReviewStructureOptions}
 * @returns see {@link ReviewStructureSummary}
 * @throws {@link ValidationError} naming the bad review field, or `top` outside 0–100
 * @example
 * ```ts
 * const summary = aggregateReviewStructure([
 *   { id: 'r1', patternId: 'acme/retry', reviewer: 'a', rating: 5, pros: ['Clear API'], integrationEffort: 'hours', createdAt: '2026-12-01T10:00:00Z' },
 *   { id: 'r2', patternId: 'acme/retry', reviewer: 'b', rating: 4, pros: ['clear api.'], cons: ['No jitter'], integrationEffort: 'days', createdAt: '2026-12-02T10:00:00Z' },
 *   { id: 'r3', patternId: 'acme/retry', reviewer: 'c', rating: 4, integrationEffort: 'weeks', createdAt: '2026-12-03T10:00:00Z' },
 * ] as never);
 * summary.topPros; // [{ text: 'Clear API', count: 2 }]
 * summary.integrationEffort.median; // 'days'
 * ```
 */
export function aggregateReviewStructure(
  reviews: readonly Review[],
  options: AggregateReviewStructureOptions = {},
): ReviewStructureSummary {
  if (!Array.isArray(reviews)) fail([], 'must be an array of reviews', 'reviews');
  if (!isRecord(options)) fail([], 'must be an object', 'review structure options');
  const top =
    options.top === undefined ? 5 : Math.floor(requireNumber(options.top, ['top'], 'options', 0, 100));
  const issues = new IssueCollector('reviews');
  const pros = new PointCounter();
  const cons = new PointCounter();
  const effort: Record<IntegrationEffort, number> = { hours: 0, days: 0, weeks: 0, months: 0 };
  const impact: Record<PerformanceImpact, number> = { improved: 0, neutral: 0, degraded: 0 };
  let structured = 0;
  let useCases = 0;
  reviews.forEach((input, index) => {
    const parsed = ReviewSchema.safeParse(input);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) issues.add([index, ...issue.path.map(String)], issue.message);
      return;
    }
    const review = parsed.data;
    pros.addReview(review.pros);
    cons.addReview(review.cons);
    if (review.integrationEffort) effort[review.integrationEffort]++;
    if (review.performanceImpact) impact[review.performanceImpact]++;
    const hasUseCase = review.useCase !== undefined && review.useCase.trim() !== '';
    if (hasUseCase) useCases++;
    if (
      (review.pros?.length ?? 0) > 0 ||
      (review.cons?.length ?? 0) > 0 ||
      hasUseCase ||
      review.integrationEffort ||
      review.performanceImpact
    )
      structured++;
  });
  issues.throwIfAny();
  const answered = INTEGRATION_EFFORTS.reduce((sum, level) => sum + effort[level], 0);
  let median: IntegrationEffort | null = null;
  let seen = 0;
  for (const level of INTEGRATION_EFFORTS) {
    seen += effort[level];
    if (answered > 0 && seen * 2 >= answered) {
      median = level;
      break;
    }
  }
  return {
    reviews: reviews.length,
    structured,
    topPros: pros.top(top),
    topCons: cons.top(top),
    integrationEffort: { distribution: effort, median, answered },
    performanceImpact: { ...impact },
    useCases,
  };
}

/** Counts points once per review under their normalized key, remembering each key's written forms. */
class PointCounter {
  private readonly byKey = new Map<string, { count: number; forms: Map<string, number> }>();

  addReview(points: readonly string[] | undefined): void {
    if (!points) return;
    const seen = new Set<string>();
    for (const point of points) {
      const key = pointKey(point);
      if (key === '' || seen.has(key)) continue;
      seen.add(key);
      let entry = this.byKey.get(key);
      if (!entry) {
        entry = { count: 0, forms: new Map() };
        this.byKey.set(key, entry);
      }
      entry.count++;
      const form = point.trim();
      entry.forms.set(form, (entry.forms.get(form) ?? 0) + 1);
    }
  }

  top(limit: number): ReviewPointCount[] {
    const entries = [...this.byKey.entries()].map(([key, entry]) => {
      let text = key;
      let best = 0;
      for (const [form, count] of entry.forms) {
        if (count > best) {
          best = count;
          text = form;
        }
      }
      return { key, text, count: entry.count };
    });
    entries.sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return entries.slice(0, limit).map(({ text, count }) => ({ text, count }));
  }
}
