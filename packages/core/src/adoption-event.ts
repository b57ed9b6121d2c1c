import * as z from 'zod/mini';
import { IsoDateTimeSchema, PatternIdSchema, SemverSchema, TeamIdSchema } from './identifiers.js';

/** What happened: a team installed, uninstalled or downloaded a pattern. */
export const AdoptionEventTypeSchema = z.enum(['install', 'uninstall', 'download']);
/** An adoption event type. */
export type AdoptionEventType = z.infer<typeof AdoptionEventTypeSchema>;

/**
 * One adoption event: a team installed, uninstalled or downloaded a pattern at a time.
 * Shared by search (trending, co-adoption), reputation (retention) and the registry.
 */
export const AdoptionEventSchema = z.strictObject({
  type: AdoptionEventTypeSchema,
  team: TeamIdSchema,
  patternId: PatternIdSchema,
  version: z.optional(SemverSchema),
  at: IsoDateTimeSchema,
});
/** An adoption event. */
export type AdoptionEvent = z.infer<typeof AdoptionEventSchema>;
