import * as z from 'zod/mini';
import { IsoDateTimeSchema, PatternIdSchema, SemverSchema, TeamIdSchema } from './identifiers.js';

/**
 * How much work adopting a pattern took, on an ordinal scale from least to most:
 * `hours`, `days`, `weeks`, `months` (seed: the structured review's integration effort).
 *
 * @example
 * ```ts
 * INTEGRATION_EFFORTS.indexOf('days'); // 1
 * ```
 */
export const INTEGRATION_EFFORTS = ['hours', 'days', 'weeks', 'months'] as const;
/** One of {@link INTEGRATION_EFFORTS}. */
export type IntegrationEffort = (typeof INTEGRATION_EFFORTS)[number];

/**
 * What adopting a pattern did to the reviewer's system's performance (seed: the structured
 * review's performance impact): `improved`, `neutral` or `degraded`.
 *
 * @example
 * ```ts
 * PERFORMANCE_IMPACTS.includes('improved'); // true
 * ```
 */
export const PERFORMANCE_IMPACTS = ['improved', 'neutral', 'degraded'] as const;
/** One of {@link PERFORMANCE_IMPACTS}. */
export type PerformanceImpact = (typeof PERFORMANCE_IMPACTS)[number];

/** Most pros (and, apart, most cons) one review lists. */
export const MAX_REVIEW_POINTS = 10;
/** Longest pro or con, characters. */
export const MAX_REVIEW_POINT_LENGTH = 200;
/** Longest use case, characters. */
export const MAX_USE_CASE_LENGTH = 1000;

/** A pro or con: 1–200 characters, not only whitespace. */
const ReviewPointSchema = z
  .string()
  .check(z.minLength(1), z.maxLength(MAX_REVIEW_POINT_LENGTH), z.regex(/\S/, 'must not be blank'));

/**
 * A review of a pattern by one reviewer (seed: the marketplace's PatternReview, with its
 * structure). `rating` is whole stars 1–5; aspect ratings are optional; `verifiedAdoption`
 * says the reviewer's team is known to have installed the pattern (the registry sets it
 * from its adoption events, never the reviewer). The structured parts are optional:
 * `pros` and `cons` (each at most 10 points of 1–200 characters), `useCase` (≤ 1,000
 * characters), `performanceImpact` ({@link PERFORMANCE_IMPACTS}), `integrationEffort`
 * ({@link INTEGRATION_EFFORTS}) and `wouldRecommend`.
 *
 * @example
 * ```ts
 * ReviewSchema.parse({
 *   id: 'r1',
 *   patternId: 'acme/retry',
 *   reviewer: 'blue',
 *   rating: 4,
 *   pros: ['clear backoff policy'],
 *   cons: ['no jitter by default'],
 *   useCase: 'retrying payment webhooks',
 *   performanceImpact: 'neutral',
 *   integrationEffort: 'days',
 *   wouldRecommend: true,
 *   createdAt: '2026-12-04T20:00:00Z',
 * });
 * ```
 */
export const ReviewSchema = z.strictObject({
  id: z.string().check(z.minLength(1), z.maxLength(200)),
  patternId: PatternIdSchema,
  version: z.optional(SemverSchema),
  /** The reviewer's account id. */
  reviewer: z.string().check(z.minLength(1), z.maxLength(200)),
  /** The reviewer's team, when known (used to detect self-review). */
  reviewerTeam: z.optional(TeamIdSchema),
  rating: z.number().check(z.int(), z.gte(1), z.lte(5)),
  aspects: z.optional(
    z.strictObject({
      stability: z.optional(z.number().check(z.int(), z.gte(1), z.lte(5))),
      performance: z.optional(z.number().check(z.int(), z.gte(1), z.lte(5))),
      maintainability: z.optional(z.number().check(z.int(), z.gte(1), z.lte(5))),
      documentation: z.optional(z.number().check(z.int(), z.gte(1), z.lte(5))),
    }),
  ),
  title: z._default(z.string().check(z.maxLength(200)), ''),
  body: z._default(z.string().check(z.maxLength(20_000)), ''),
  /** What the reviewer liked, one point each (≤ 10 points, 1–200 characters each). */
  pros: z.optional(z.array(ReviewPointSchema).check(z.maxLength(MAX_REVIEW_POINTS))),
  /** What the reviewer did not like, one point each (≤ 10 points, 1–200 characters each). */
  cons: z.optional(z.array(ReviewPointSchema).check(z.maxLength(MAX_REVIEW_POINTS))),
  /** What the reviewer used the pattern for (≤ 1,000 characters). */
  useCase: z.optional(z.string().check(z.maxLength(MAX_USE_CASE_LENGTH))),
  /** What the pattern did to performance. */
  performanceImpact: z.optional(z.enum(PERFORMANCE_IMPACTS)),
  /** How much work the integration took. */
  integrationEffort: z.optional(z.enum(INTEGRATION_EFFORTS)),
  /** Whether the reviewer would recommend the pattern to a peer. */
  wouldRecommend: z.optional(z.boolean()),
  verifiedAdoption: z._default(z.boolean(), false),
  createdAt: IsoDateTimeSchema,
});
/** A review (defaults filled in). */
export type Review = z.infer<typeof ReviewSchema>;
/** What {@link ReviewSchema} accepts. */
export type ReviewInput = z.input<typeof ReviewSchema>;

/**
 * A moderator's decision on a review: `accept` counts it in the pattern's rating (a flagged
 * review approved, or a hidden one restored), `reject` hides it and leaves it out of every
 * aggregate. The reason is required (1–2,000 characters) and kept in the audit trail.
 *
 * @example
 * ```ts
 * ModerationDecisionInputSchema.parse({ decision: 'reject', reason: 'part of a coordinated campaign' });
 * ```
 */
export const ModerationDecisionInputSchema = z.strictObject({
  decision: z.enum(['accept', 'reject']),
  reason: z.string().check(z.minLength(1), z.maxLength(2000), z.regex(/\S/, 'must not be blank')),
});
/** A {@link ModerationDecisionInputSchema} value. */
export type ModerationDecisionInput = z.infer<typeof ModerationDecisionInputSchema>;

/**
 * A publisher's public reply to a review of one of its patterns (one per review), 1–5,000
 * characters.
 *
 * @example
 * ```ts
 * ReviewReplyInputSchema.parse({ body: 'Fixed in 1.3.0: jitter is now on by default.' });
 * ```
 */
export const ReviewReplyInputSchema = z.strictObject({
  body: z.string().check(z.minLength(1), z.maxLength(5000), z.regex(/\S/, 'must not be blank')),
});
/** A {@link ReviewReplyInputSchema} value. */
export type ReviewReplyInput = z.infer<typeof ReviewReplyInputSchema>;

/**
 * A reviewer's appeal against a moderator's rejection of their review (once per review):
 * why the review should count, 1–2,000 characters. The review goes back to the moderation
 * queue.
 *
 * @example
 * ```ts
 * ReviewAppealInputSchema.parse({ reason: 'I do not work for the publisher; see my team page.' });
 * ```
 */
export const ReviewAppealInputSchema = z.strictObject({
  reason: z.string().check(z.minLength(1), z.maxLength(2000), z.regex(/\S/, 'must not be blank')),
});
/** A {@link ReviewAppealInputSchema} value. */
export type ReviewAppealInput = z.infer<typeof ReviewAppealInputSchema>;
