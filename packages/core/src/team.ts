import * as z from 'zod';
import {
  IsoDateTimeSchema,
  NameKeySchema,
  PatternIdSchema,
  SemverSchema,
  TeamIdSchema,
} from './identifiers.js';

/**
 * A team: publisher and/or consumer of patterns, with its tech stack (name → exact
 * version, e.g. `{ node: '20.11.0', react: '18.2.0' }`) and what it has adopted.
 */
export const TeamSchema = z.strictObject({
  id: TeamIdSchema,
  name: z.string().min(1).max(200),
  members: z.array(z.string().min(1).max(200)).max(10_000).default([]),
  techStack: z.record(NameKeySchema, SemverSchema).default({}),
  adoptedPatterns: z.array(PatternIdSchema).max(10_000).default([]),
  createdAt: z.optional(IsoDateTimeSchema),
});
/** A team (defaults filled in). */
export type Team = z.infer<typeof TeamSchema>;
/** What {@link TeamSchema} accepts. */
export type TeamInput = z.input<typeof TeamSchema>;
