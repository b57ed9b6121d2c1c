import type { SignedAttestation } from '@pollinate/core';
import type { ReviewStatus, StoredReview } from './store.js';

/** An auditor's attestation as the registry keeps it: signed by the registry when recorded. */
export interface StoredAttestation {
  /** Unique id the registry assigned (a retried request with the same id stores nothing new). */
  id: string;
  /** The attestation with the registry's Ed25519 signature (core's `SignedAttestation`). */
  signed: SignedAttestation;
  /** When the registry recorded it, ISO 8601. */
  recordedAt: string;
}

/** What a moderator asks {@link TrustStore.moderateReview} to do. */
export interface ModerationRequest {
  reviewId: string;
  /** Who decided: the moderator's id (the name its token is configured under), or for an appeal the reviewer. */
  moderator: string;
  /**
   * `accept` counts the review (approve a flagged one, restore a hidden one); `reject` hides
   * it; `appeal` (the reviewer's) puts it back in the queue as `flagged`.
   */
  decision: 'accept' | 'reject' | 'appeal';
  /** Why, 1–2,000 characters; kept in the audit trail. */
  reason: string;
  /** When, ISO 8601. */
  decidedAt: string;
}

/** One entry of the moderation audit trail: a decision with the status it moved the review from and to. */
export interface ModerationDecision extends ModerationRequest {
  /** Increasing across the registry (gaps allowed), ≥ 1. */
  sequence: number;
  patternId: string;
  fromStatus: ReviewStatus;
  toStatus: ReviewStatus;
}

/** A publisher's reply to a review of one of its patterns; at most one per review. */
export interface ReviewReply {
  reviewId: string;
  patternId: string;
  /** The publisher that replied (the pattern's publisher). */
  publisher: string;
  /** 1–5,000 characters. */
  body: string;
  /** ISO 8601. */
  createdAt: string;
}

/** A flagged review in the moderation queue, with its position for paging. */
export interface QueuedReview {
  /** The review's arrival sequence; pass the last one as `afterSequence` for the next page. */
  sequence: number;
  stored: StoredReview;
}

/** Filter of {@link TrustStore.listModerationDecisions}; at least one of `reviewId`, `patternId`, or neither for the whole trail. */
export interface ModerationDecisionFilter {
  reviewId?: string;
  patternId?: string;
  /** Only decisions after this sequence. @default 0 */
  afterSequence?: number;
  /** Most decisions returned, 1–1,000. @default 100 */
  limit?: number;
}

/**
 * The trust part of the storage seam: auditors' signed attestations, the review
 * moderation queue with its audit trail, and publishers' replies. Part of
 * {@link RegistryStore}; the conformance suite checks it.
 *
 * Rules: a moderation decision, the review's status change, the pattern's rating figures
 * and the registry totals it moves, and its audit-trail entry commit together; the audit
 * trail is append-only; a reply is stored once per review.
 */
export interface TrustStore {
  /**
   * Stores a signed attestation.
   *
   * @returns `'created'`, or `'exists'` when an attestation with that id is stored (nothing changes)
   */
  putAttestation(attestation: StoredAttestation): Promise<'created' | 'exists'>;
  /** The attestations of a pattern (of one version when given), oldest first. */
  listAttestations(patternId: string, version?: string): Promise<StoredAttestation[]>;
  /**
   * Applies a moderator's decision: `accept` makes the review `accepted`, `reject` makes it
   * `rejected`, an `appeal` makes it `flagged` again; a review entering or leaving `accepted` moves the pattern's `reviewCount`
   * and `ratingSum` and the registry's `acceptedReviews`. The decision is appended to the
   * audit trail even when the status does not change (a confirmation). One transaction;
   * listeners hear a `review` change with the new status.
   *
   * @returns the review after the decision and the audit-trail entry, or `undefined` when no review has that id
   */
  moderateReview(
    request: ModerationRequest,
  ): Promise<{ stored: StoredReview; decision: ModerationDecision } | undefined>;
  /** Flagged reviews awaiting a decision, across patterns, oldest first. `limit` 1–1,000 (default 100). */
  listFlaggedReviews(options?: { afterSequence?: number; limit?: number }): Promise<QueuedReview[]>;
  /** The moderation audit trail, oldest first. */
  listModerationDecisions(filter?: ModerationDecisionFilter): Promise<ModerationDecision[]>;
  /**
   * Stores a publisher's reply to a review.
   *
   * @returns `'created'`, or `'exists'` when the review already has a reply (nothing changes)
   */
  putReviewReply(reply: ReviewReply): Promise<'created' | 'exists'>;
  /** The replies to the given reviews, by review id (absent: no reply). */
  listReviewReplies(reviewIds: readonly string[]): Promise<Map<string, ReviewReply>>;
}

/**
 * Clamps a page size to 1–1,000.
 *
 * @param limit - the requested size
 * @returns the size a store reads
 * @example
 * ```ts
 * pageLimit(undefined); // 100
 * ```
 */
export function pageLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return 100;
  return Math.min(1000, Math.max(1, Math.floor(limit)));
}
