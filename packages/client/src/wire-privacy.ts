import { ContributionSchema } from '@pollinate/core';
import * as z from 'zod/mini';
import { ConsentRecordSchema } from './wire.js';

// The data-subject rights' wire shapes (consent, rectification, audit, purge: issue 19), apart
// from `wire.ts` so that a bundle using only the registry client does not carry them.

/** `GET|PUT|DELETE /api/v1/contributors/{pseudonym}/consent`: the consent in force and its history. */
export const ConsentStatusSchema = z.object({
  pseudonym: z.string(),
  scope: z.string(),
  /** Whether consent is in force now (the newest decision is an opt-in). */
  granted: z.boolean(),
  /** Every decision, oldest first. */
  history: z.array(ConsentRecordSchema),
  /** After a withdrawal: contributions erased at once. */
  erased: z.optional(z.number().check(z.int(), z.gte(0))),
  /** After a withdrawal: latest time of the purge, ISO 8601. */
  purgeAfter: z.optional(z.string()),
});
/** Consent status. */
export type ConsentStatus = z.infer<typeof ConsentStatusSchema>;

/** `PUT /api/v1/contributors/{pseudonym}/contributions/{id}` body: the corrected record. */
export const RectifyRequestSchema = z.strictObject({ contribution: ContributionSchema });
/** A rectification request. */
export type RectifyRequest = z.infer<typeof RectifyRequestSchema>;

/** `PUT /api/v1/contributors/{pseudonym}/contributions/{id}`: the outcome of a rectification. */
export const RectifyResultSchema = z.object({
  id: z.string(),
  contributor: z.string(),
  /** `false` when the record already held exactly this. */
  changed: z.boolean(),
  /** Redactions re-anonymization made in the corrected text. */
  redactions: z.number().check(z.int(), z.gte(0)),
});
/** A rectification result. */
export type RectifyResult = z.infer<typeof RectifyResultSchema>;

/** `GET /api/v1/contributors/me`: the pseudonym the token's publisher contributes under. */
export const ContributorIdentitySchema = z.object({ pseudonym: z.string(), publisher: z.string() });
/** The caller's contributor identity. */
export type ContributorIdentity = z.infer<typeof ContributorIdentitySchema>;

/** The kinds of audit events. */
export const AuditEventTypeSchema = z.enum([
  'consent.granted',
  'consent.withdrawn',
  'contribution',
  'erasure',
  'purge',
  'export',
  'rectification',
]);

/** One audit event: who, what, when — never a contribution's content. */
export const AuditEventSchema = z.object({
  sequence: z.number().check(z.int(), z.gte(1)),
  type: AuditEventTypeSchema,
  at: z.string(),
  /** A publisher (token owner), `operator:<name>` or `registry` (scheduled work). */
  actor: z.string(),
  pseudonym: z.optional(z.string()),
  details: z.optional(z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]))),
});
/** An audit event. */
export type AuditEvent = z.infer<typeof AuditEventSchema>;

/** `GET /api/v1/audit`: one page of the audit log, oldest first. */
export const AuditPageSchema = z.object({
  events: z.array(AuditEventSchema),
  /** Pass as `after` for the next page; `null` on the last page. */
  nextAfter: z.nullable(z.number().check(z.int())),
});
/** An audit page. */
export type AuditPage = z.infer<typeof AuditPageSchema>;

/** Filter of `GET /api/v1/audit`. */
export interface AuditQuery {
  /** Events after this sequence number. @default 0 */
  after?: number;
  /** Most events, 1–1,000. @default 100 */
  limit?: number;
  type?: z.infer<typeof AuditEventTypeSchema>;
  pseudonym?: string;
}

/** `POST /api/v1/purge` (operators) and `npm run registry -- purge`: what a purge did. */
export const PurgeReportSchema = z.object({
  /** When it ran, ISO 8601. */
  purgedAt: z.string(),
  /** Erasure requests it completed. */
  erasures: z.number().check(z.int(), z.gte(0)),
  /** Network log rows it replaced by the compacted snapshot. */
  removedChanges: z.number().check(z.int(), z.gte(0)),
  /** The network's epoch after the purge. */
  epoch: z.number().check(z.int(), z.gte(0)),
  /** Contributions that survive (counted). */
  contributions: z.number().check(z.int(), z.gte(0)),
});
/** A purge report. */
export type PurgeReport = z.infer<typeof PurgeReportSchema>;
