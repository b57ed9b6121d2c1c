import {
  type ModerationDecisionInput,
  ModerationDecisionInputSchema,
  PatternIdSchema,
  type ReviewAppealInput,
  ReviewAppealInputSchema,
  type ReviewReplyInput,
  ReviewReplyInputSchema,
  ReviewSchema,
  SemverSchema,
} from '@pollinate/core';
import { parseWith } from '@pollinate/core/helpers';
import type { CallOptions, IdempotentCallOptions, RegistryClient } from './client.js';
import { transportOf } from './transport.js';
import { type ReviewReply, ReviewReplySchema } from './wire.js';
import {
  type AttestationKey,
  AttestationKeySchema,
  type AttestationList,
  AttestationListSchema,
  type AttestationRecord,
  AttestationRecordSchema,
  type AttestationSubmission,
  AttestationSubmissionSchema,
  type ModeratedReview,
  ModeratedReviewSchema,
  type ModerationQueue,
  ModerationQueueSchema,
  type ModerationResult,
  ModerationResultSchema,
  type ModerationTrail,
  ModerationTrailSchema,
} from './wire-trust.js';

/**
 * The trust calls of a registry (issue 20): auditors' signed attestations, the moderation of
 * reviews, appeals and publishers' replies. Made from a {@link RegistryClient} by
 * {@link createTrustClient}, sharing its transport (base URL, token, retries, ETags, typed
 * errors); kept apart so that code that only searches (a browser bundle) does not carry it.
 */
export interface TrustClient {
  /**
   * Records an audit of one published version (auditor tokens only):
   * `POST /patterns/{scope}/{name}/{version}/attestations`. The registry signs it; check
   * signatures offline with core's `verifyAttestation` and the key from
   * {@link TrustClient.attestationKey} (pinned out of band). The submission's `id` (or
   * `idempotencyKey`) makes a retry safe.
   */
  attest(
    id: string,
    version: string,
    submission: AttestationSubmission,
    options?: IdempotentCallOptions,
  ): Promise<AttestationRecord>;
  /** The signed attestations of one version and the registry's public key. */
  listAttestations(id: string, version: string, options?: CallOptions): Promise<AttestationList>;
  /** The registry's attestation public key (`GET /attestation-key`). */
  attestationKey(options?: CallOptions): Promise<AttestationKey>;
  /** Flagged reviews awaiting a decision, oldest first (moderator tokens): `GET /moderation/reviews`. */
  moderationQueue(options?: CallOptions & { after?: number; limit?: number }): Promise<ModerationQueue>;
  /** One review (any status) with its moderation audit trail (moderator tokens). */
  getModeratedReview(reviewId: string, options?: CallOptions): Promise<ModeratedReview>;
  /** Accepts or rejects a review with a reason (moderator tokens): `POST /moderation/reviews/{id}`. */
  moderateReview(
    reviewId: string,
    decision: ModerationDecisionInput,
    options?: CallOptions,
  ): Promise<ModerationResult>;
  /** The moderation audit trail, oldest first (moderator tokens): `GET /moderation/decisions`. */
  moderationDecisions(
    options?: CallOptions & { after?: number; limit?: number; patternId?: string },
  ): Promise<ModerationTrail>;
  /**
   * The author of a rejected review appeals, once, with a reason; the review goes back to the
   * moderation queue: `POST /patterns/{scope}/{name}/reviews/{id}/appeal`.
   */
  appealReview(
    id: string,
    reviewId: string,
    appeal: ReviewAppealInput,
    options?: CallOptions,
  ): Promise<ModerationResult>;
  /** The pattern's publisher replies to a review, once: `POST /patterns/{scope}/{name}/reviews/{id}/reply`. */
  replyToReview(
    id: string,
    reviewId: string,
    reply: ReviewReplyInput,
    options?: CallOptions,
  ): Promise<ReviewReply>;
}

/**
 * The trust calls of a registry over a client's transport.
 *
 * @param client - a client made by `createRegistryClient` (its token decides the role: auditor,
 *   moderator, publisher or reviewer)
 * @returns a {@link TrustClient}
 * @throws {ValidationError} when `client` was not made by `createRegistryClient`
 * @example
 * ```ts
 * const trust = createTrustClient(createRegistryClient({ baseUrl: 'http://127.0.0.1:4873' }));
 * typeof trust.attestationKey; // 'function'
 * ```
 */
export function createTrustClient(client: RegistryClient): TrustClient {
  const { request, patternPath } = transportOf(client);
  const versionPath = (id: string, version: string) =>
    `${patternPath(id)}/${encodeURIComponent(parseWith(SemverSchema, version, 'version'))}`;
  const reviewIdOf = (reviewId: string) => parseWith(ReviewSchema.shape.id, reviewId, 'review id');
  return {
    async attest(id, version, submission, call = {}) {
      const body = parseWith(AttestationSubmissionSchema, submission, 'attestation');
      return request({
        method: 'post',
        path: `${versionPath(id, version)}/attestations`,
        schema: AttestationRecordSchema,
        json: body,
        idempotencyKey: call.idempotencyKey ?? body.id,
        signal: call.signal,
      });
    },
    listAttestations: (id, version, call = {}) =>
      request({
        method: 'get',
        path: `${versionPath(id, version)}/attestations`,
        schema: AttestationListSchema,
        signal: call.signal,
      }),
    attestationKey: (call = {}) =>
      request({ method: 'get', path: 'attestation-key', schema: AttestationKeySchema, signal: call.signal }),
    moderationQueue: (call = {}) =>
      request({
        method: 'get',
        path: 'moderation/reviews',
        schema: ModerationQueueSchema,
        searchParams: { after: call.after, limit: call.limit },
        signal: call.signal,
      }),
    getModeratedReview: (reviewId, call = {}) =>
      request({
        method: 'get',
        path: `moderation/reviews/${encodeURIComponent(reviewIdOf(reviewId))}`,
        schema: ModeratedReviewSchema,
        signal: call.signal,
      }),
    async moderateReview(reviewId, decision, call = {}) {
      const body = parseWith(ModerationDecisionInputSchema, decision, 'moderation decision');
      return request({
        method: 'post',
        path: `moderation/reviews/${encodeURIComponent(reviewIdOf(reviewId))}`,
        schema: ModerationResultSchema,
        json: body,
        signal: call.signal,
      });
    },
    moderationDecisions: (call = {}) =>
      request({
        method: 'get',
        path: 'moderation/decisions',
        schema: ModerationTrailSchema,
        searchParams: {
          after: call.after,
          limit: call.limit,
          patternId:
            call.patternId === undefined
              ? undefined
              : parseWith(PatternIdSchema, call.patternId, 'pattern id'),
        },
        signal: call.signal,
      }),
    async appealReview(id, reviewId, appeal, call = {}) {
      const body = parseWith(ReviewAppealInputSchema, appeal, 'appeal');
      return request({
        method: 'post',
        path: `${patternPath(id)}/reviews/${encodeURIComponent(reviewIdOf(reviewId))}/appeal`,
        schema: ModerationResultSchema,
        json: body,
        signal: call.signal,
      });
    },
    async replyToReview(id, reviewId, reply, call = {}) {
      const body = parseWith(ReviewReplyInputSchema, reply, 'reply');
      return request({
        method: 'post',
        path: `${patternPath(id)}/reviews/${encodeURIComponent(reviewIdOf(reviewId))}/reply`,
        schema: ReviewReplySchema,
        json: body,
        signal: call.signal,
      });
    },
  };
}
