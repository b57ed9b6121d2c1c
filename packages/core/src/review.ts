import * as z from 'zod/mini';
import { IsoDateTimeSchema, PatternIdSchema, SemverSchema, TeamIdSchema } from './identifiers.js';

/**
 * A review of a pattern by one reviewer (seed: the marketplace's PatternReview). `rating`
 * is whole stars 1–5; aspect ratings are optional; `verifiedAdoption` says the
 * reviewer's team is known to have installed the pattern.
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
  /** Whether the reviewer would recommend the pattern to a peer. */
  wouldRecommend: z.optional(z.boolean()),
  verifiedAdoption: z._default(z.boolean(), false),
  createdAt: IsoDateTimeSchema,
});
/** A review (defaults filled in). */
export type Review = z.infer<typeof ReviewSchema>;
/** What {@link ReviewSchema} accepts. */
export type ReviewInput = z.input<typeof ReviewSchema>;
