import {
  AttestedEvidenceSchema,
  IsoDateTimeSchema,
  PatternIdSchema,
  SemverSchema,
  SignedAttestationSchema,
} from '@pollinate/core';
import * as z from 'zod/mini';
import { ReviewResultSchema, ReviewStatusSchema } from './wire.js';

// The trust calls' wire shapes (attestations and moderation, issue 20), apart from `wire.ts`
// so that a bundle using only the registry client does not carry them.

/**
 * `POST /api/v1/patterns/{scope}/{name}/{version}/attestations` body (auditor tokens only):
 * what the auditor verified. The registry adds the pattern id, version, auditor (the
 * token's name), the version's content fingerprint and the time, and signs the result.
 *
 * @example
 * ```ts
 * AttestationSubmissionSchema.parse({ evidence: { securityScan: true, testCoverage: 88 }, statement: 'osv-scanner and the test suite' });
 * ```
 */
export const AttestationSubmissionSchema = z.strictObject({
  /** Client-chosen id for retries (defaults to the `Idempotency-Key` header, else a UUID). */
  id: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  evidence: AttestedEvidenceSchema,
  statement: z.optional(z.string().check(z.maxLength(2000))),
});
/** An attestation submission. */
export type AttestationSubmission = z.infer<typeof AttestationSubmissionSchema>;

/** An attestation as the registry keeps it: its id, the signed attestation and when it was recorded. */
export const AttestationRecordSchema = z.object({
  id: z.string().check(z.minLength(1), z.maxLength(200)),
  signed: SignedAttestationSchema,
  recordedAt: IsoDateTimeSchema,
});
/** An attestation record. */
export type AttestationRecord = z.infer<typeof AttestationRecordSchema>;

/** `GET /api/v1/patterns/{scope}/{name}/{version}/attestations`: the version's attestations and the registry's public key. */
export const AttestationListSchema = z.object({
  id: PatternIdSchema,
  version: SemverSchema,
  /** The registry's Ed25519 public key (hex) the signatures verify against; pin it out of band. */
  publicKey: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
  attestations: z.array(AttestationRecordSchema),
});
/** An attestation list. */
export type AttestationList = z.infer<typeof AttestationListSchema>;

/** `GET /api/v1/attestation-key`: the registry's attestation signing key (public half). */
export const AttestationKeySchema = z.object({
  algorithm: z.literal('Ed25519'),
  publicKey: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
});
/** The attestation key. */
export type AttestationKey = z.infer<typeof AttestationKeySchema>;

/** One moderation audit-trail entry: who decided what on which review, and the status it moved from and to. */
export const ModerationDecisionSchema = z.object({
  sequence: z.number().check(z.int(), z.gte(1)),
  reviewId: z.string().check(z.minLength(1), z.maxLength(200)),
  patternId: PatternIdSchema,
  /** The moderator, or for an appeal the reviewer. */
  moderator: z.string().check(z.minLength(1), z.maxLength(200)),
  decision: z.enum(['accept', 'reject', 'appeal']),
  reason: z.string().check(z.minLength(1), z.maxLength(2000)),
  fromStatus: ReviewStatusSchema,
  toStatus: ReviewStatusSchema,
  decidedAt: IsoDateTimeSchema,
});
/** A moderation decision. */
export type ModerationDecision = z.infer<typeof ModerationDecisionSchema>;

/**
 * `GET /api/v1/moderation/reviews` (moderator tokens): flagged reviews awaiting a
 * decision, oldest first; `next` is the cursor of the following page (absent on the last).
 */
export const ModerationQueueSchema = z.object({
  reviews: z.array(z.extend(ReviewResultSchema, { sequence: z.number().check(z.int(), z.gte(1)) })),
  next: z.optional(z.number().check(z.int(), z.gte(1))),
});
/** A moderation queue page. */
export type ModerationQueue = z.infer<typeof ModerationQueueSchema>;

/** `POST /api/v1/moderation/reviews/{id}` → 200: the review after the decision and the audit-trail entry. */
export const ModerationResultSchema = z.object({
  review: ReviewResultSchema,
  decision: ModerationDecisionSchema,
});
/** A moderation result. */
export type ModerationResult = z.infer<typeof ModerationResultSchema>;

/** `GET /api/v1/moderation/reviews/{id}`: the review (any status) and its audit trail. */
export const ModeratedReviewSchema = z.object({
  review: ReviewResultSchema,
  decisions: z.array(ModerationDecisionSchema),
});
/** A moderated review. */
export type ModeratedReview = z.infer<typeof ModeratedReviewSchema>;

/** `GET /api/v1/moderation/decisions`: the audit trail, oldest first, with the next page's cursor. */
export const ModerationTrailSchema = z.object({
  decisions: z.array(ModerationDecisionSchema),
  next: z.optional(z.number().check(z.int(), z.gte(1))),
});
/** A moderation trail page. */
export type ModerationTrail = z.infer<typeof ModerationTrailSchema>;
