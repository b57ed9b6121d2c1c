import * as z from 'zod';
import { IsoDateTimeSchema, PatternIdSchema, SemverSchema, TeamIdSchema } from './identifiers.js';

/**
 * A review of a pattern by one reviewer (seed: the marketplace's PatternReview). `rating`
 * is whole stars 1–5; aspect ratings are optional; `verifiedAdoption` says the
 * reviewer's team is known to have installed the pattern.
 */
export const ReviewSchema = z.strictObject({
  id: z.string().min(1).max(200),
  patternId: PatternIdSchema,
  version: SemverSchema.optional(),
  /** The reviewer's account id. */
  reviewer: z.string().min(1).max(200),
  /** The reviewer's team, when known (used to detect self-review). */
  reviewerTeam: TeamIdSchema.optional(),
  rating: z.number().int().min(1).max(5),
  aspects: z
    .strictObject({
      stability: z.number().int().min(1).max(5).optional(),
      performance: z.number().int().min(1).max(5).optional(),
      maintainability: z.number().int().min(1).max(5).optional(),
      documentation: z.number().int().min(1).max(5).optional(),
    })
    .optional(),
  title: z.string().max(200).default(''),
  body: z.string().max(20_000).default(''),
  /** Whether the reviewer would recommend the pattern to a peer. */
  wouldRecommend: z.boolean().optional(),
  verifiedAdoption: z.boolean().default(false),
  createdAt: IsoDateTimeSchema,
});
/** A review (defaults filled in). */
export type Review = z.infer<typeof ReviewSchema>;
/** What {@link ReviewSchema} accepts. */
export type ReviewInput = z.input<typeof ReviewSchema>;
