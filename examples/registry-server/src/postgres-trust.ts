import { ReviewSchema } from '@pollinate/core';
import type pg from 'pg';
import {
  type ModerationDecision,
  pageLimit,
  type ReviewReply,
  type ReviewStatus,
  type StoreChange,
  type StoredReview,
  type TrustStore,
} from './store.js';
import { decode } from './store-shared.js';
import {
  attestationFromRow,
  type DecisionRow,
  decisionFromRow,
  queuedReviewFromRow,
  ReasonsSchema,
} from './trust-store-shared.js';

/**
 * The {@link TrustStore} methods of a PostgreSQL store (internal to `openPostgresStore`).
 *
 * @param hooks - `query` reads from the pool; `transaction` runs work in one transaction
 *   and notifies its change on commit
 */
export function postgresTrustMethods(hooks: {
  query: <R extends pg.QueryResultRow>(text: string, values?: unknown[]) => Promise<R[]>;
  transaction: <T>(
    work: (client: pg.PoolClient) => Promise<{ result: T; change?: StoreChange }>,
  ) => Promise<T>;
}): TrustStore {
  const { query, transaction } = hooks;
  return {
    async putAttestation(attestation) {
      const { patternId, version } = attestation.signed.attestation;
      return transaction(async (client) => {
        const inserted = await client.query(
          `INSERT INTO attestations (id, pattern_id, version, recorded_at, signed) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (id) DO NOTHING`,
          [attestation.id, patternId, version, attestation.recordedAt, JSON.stringify(attestation.signed)],
        );
        if (inserted.rowCount === 0) return { result: 'exists' as const };
        return { result: 'created' as const, change: { kind: 'attestation', patternId, version } };
      });
    },
    async listAttestations(patternId, version) {
      const rows = await query<{ id: string; recorded_at: string; signed: string }>(
        version === undefined
          ? 'SELECT id, recorded_at, signed FROM attestations WHERE pattern_id = $1 ORDER BY seq'
          : 'SELECT id, recorded_at, signed FROM attestations WHERE pattern_id = $1 AND version = $2 ORDER BY seq',
        version === undefined ? [patternId] : [patternId, version],
      );
      return rows.map(attestationFromRow);
    },
    async moderateReview(request) {
      return transaction(async (client) => {
        // The row lock orders concurrent decisions on one review, so each sees the status the last left.
        const found = await client.query<{
          status: ReviewStatus;
          reasons: string;
          review: string;
          pattern_id: string;
        }>('SELECT status, reasons, review, pattern_id FROM reviews WHERE id = $1 FOR UPDATE', [
          request.reviewId,
        ]);
        const row = found.rows[0];
        if (!row) return { result: undefined };
        const review = decode(ReviewSchema, row.review, 'review');
        const toStatus: ReviewStatus =
          request.decision === 'accept' ? 'accepted' : request.decision === 'reject' ? 'rejected' : 'flagged';
        if (row.status !== toStatus) {
          await client.query('UPDATE reviews SET status = $1 WHERE id = $2', [toStatus, request.reviewId]);
          const delta = toStatus === 'accepted' ? 1 : row.status === 'accepted' ? -1 : 0;
          if (delta !== 0) {
            await client.query(
              `INSERT INTO pattern_stats AS s (pattern_id, review_count, rating_sum) VALUES ($1, $2, $3)
               ON CONFLICT (pattern_id) DO UPDATE SET review_count = s.review_count + excluded.review_count,
                 rating_sum = s.rating_sum + excluded.rating_sum`,
              [row.pattern_id, delta, delta * review.rating],
            );
            await client.query('UPDATE totals SET accepted_reviews = accepted_reviews + $1 WHERE id = 1', [
              delta,
            ]);
          }
        }
        const inserted = await client.query<{ sequence: string }>(
          `INSERT INTO moderation_decisions (review_id, pattern_id, moderator, decision, reason, from_status, to_status, decided_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING sequence`,
          [
            request.reviewId,
            row.pattern_id,
            request.moderator,
            request.decision,
            request.reason,
            row.status,
            toStatus,
            request.decidedAt,
          ],
        );
        const stored: StoredReview = {
          review,
          status: toStatus,
          reasons: decode(ReasonsSchema, row.reasons, 'review reasons'),
        };
        const decision: ModerationDecision = {
          ...request,
          sequence: Number(inserted.rows[0]?.sequence),
          patternId: row.pattern_id,
          fromStatus: row.status,
          toStatus,
        };
        return {
          result: { stored, decision },
          change: { kind: 'review', patternId: row.pattern_id, reviewId: request.reviewId, status: toStatus },
        };
      });
    },
    async listFlaggedReviews(options = {}) {
      const rows = await query<{ seq: string; status: ReviewStatus; reasons: string; review: string }>(
        `SELECT seq, status, reasons, review FROM reviews WHERE status = 'flagged' AND seq > $1 ORDER BY seq LIMIT $2`,
        [options.afterSequence ?? 0, pageLimit(options.limit)],
      );
      return rows.map(queuedReviewFromRow);
    },
    async listModerationDecisions(filter = {}) {
      const conditions = ['sequence > $1'];
      const values: unknown[] = [filter.afterSequence ?? 0];
      if (filter.reviewId !== undefined) {
        values.push(filter.reviewId);
        conditions.push(`review_id = $${values.length}`);
      }
      if (filter.patternId !== undefined) {
        values.push(filter.patternId);
        conditions.push(`pattern_id = $${values.length}`);
      }
      values.push(pageLimit(filter.limit));
      const rows = await query<DecisionRow>(
        `SELECT * FROM moderation_decisions WHERE ${conditions.join(' AND ')} ORDER BY sequence LIMIT $${values.length}`,
        values,
      );
      return rows.map(decisionFromRow);
    },
    async putReviewReply(reply: ReviewReply) {
      return transaction(async (client) => {
        const inserted = await client.query(
          `INSERT INTO review_replies (review_id, pattern_id, publisher, body, created_at) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (review_id) DO NOTHING`,
          [reply.reviewId, reply.patternId, reply.publisher, reply.body, reply.createdAt],
        );
        if (inserted.rowCount === 0) return { result: 'exists' as const };
        return {
          result: 'created' as const,
          change: { kind: 'reply', patternId: reply.patternId, reviewId: reply.reviewId },
        };
      });
    },
    async listReviewReplies(reviewIds) {
      const replies = new Map<string, ReviewReply>();
      if (reviewIds.length === 0) return replies;
      const rows = await query<{
        review_id: string;
        pattern_id: string;
        publisher: string;
        body: string;
        created_at: string;
      }>('SELECT * FROM review_replies WHERE review_id = ANY($1::text[])', [[...new Set(reviewIds)]]);
      for (const row of rows) {
        replies.set(row.review_id, {
          reviewId: row.review_id,
          patternId: row.pattern_id,
          publisher: row.publisher,
          body: row.body,
          createdAt: row.created_at,
        });
      }
      return replies;
    },
  };
}
