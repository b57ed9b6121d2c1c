import { ReviewSchema, SignedAttestationSchema } from '@pollinate/core';
import { z } from 'zod';
import type { ModerationDecision, QueuedReview, ReviewStatus, StoredAttestation } from './store.js';
import { decode } from './store-shared.js';

// Row shapes and their mapping to the TrustStore's records, shared by the SQLite and
// PostgreSQL stores: a sequence is a number on SQLite and a string (bigint) on PostgreSQL.

/** A review's screening reasons as stored (JSON text). */
export const ReasonsSchema = z.array(z.string());

/** A `moderation_decisions` row. */
export interface DecisionRow {
  sequence: number | string;
  review_id: string;
  pattern_id: string;
  moderator: string;
  decision: 'accept' | 'reject' | 'appeal';
  reason: string;
  from_status: ReviewStatus;
  to_status: ReviewStatus;
  decided_at: string;
}

/** A moderation decision row as the store's record. */
export function decisionFromRow(row: DecisionRow): ModerationDecision {
  return {
    sequence: Number(row.sequence),
    reviewId: row.review_id,
    patternId: row.pattern_id,
    moderator: row.moderator,
    decision: row.decision,
    reason: row.reason,
    fromStatus: row.from_status,
    toStatus: row.to_status,
    decidedAt: row.decided_at,
  };
}

/** An `attestations` row as the store's record (the signed attestation checked on the way out). */
export function attestationFromRow(row: {
  id: string;
  recorded_at: string;
  signed: string;
}): StoredAttestation {
  return {
    id: row.id,
    recordedAt: row.recorded_at,
    signed: decode(SignedAttestationSchema, row.signed, 'attestation'),
  };
}

/** A flagged review row of the moderation queue as the store's record. */
export function queuedReviewFromRow(row: {
  seq: number | string;
  status: ReviewStatus;
  reasons: string;
  review: string;
}): QueuedReview {
  return {
    sequence: Number(row.seq),
    stored: {
      status: row.status,
      reasons: decode(ReasonsSchema, row.reasons, 'review reasons'),
      review: decode(ReviewSchema, row.review, 'review'),
    },
  };
}
