import { ReviewSchema } from '@pollinate/core';
import type Database from 'better-sqlite3';
import {
  type ModerationDecision,
  pageLimit,
  type ReviewReply,
  type ReviewStatus,
  type StoreChange,
  type StoredReview,
  StoreError,
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
 * The SQLite migration of issue 20 (trust): reviews may be `rejected` by a moderator (the
 * status CHECK widened by rebuilding the table from its own stored definition, so columns
 * other migrations added survive), the moderation queue's index, signed attestations, the
 * moderation audit trail and publishers' replies. Version 20 leaves room below it.
 */
export const SQLITE_TRUST_MIGRATION = {
  version: 20,
  description: 'trust: rejected reviews, moderation queue and audit trail, attestations, review replies',
  sql: `
    CREATE TABLE attestations (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      pattern_id TEXT NOT NULL,
      version TEXT NOT NULL,
      recorded_at TEXT NOT NULL,
      signed TEXT NOT NULL
    ) STRICT;
    CREATE INDEX attestations_by_version ON attestations(pattern_id, version, seq);
    CREATE TABLE moderation_decisions (
      sequence INTEGER PRIMARY KEY AUTOINCREMENT,
      review_id TEXT NOT NULL,
      pattern_id TEXT NOT NULL,
      moderator TEXT NOT NULL,
      decision TEXT NOT NULL CHECK (decision IN ('accept', 'reject', 'appeal')),
      reason TEXT NOT NULL,
      from_status TEXT NOT NULL,
      to_status TEXT NOT NULL,
      decided_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX moderation_decisions_by_review ON moderation_decisions(review_id, sequence);
    CREATE INDEX moderation_decisions_by_pattern ON moderation_decisions(pattern_id, sequence);
    CREATE TABLE review_replies (
      review_id TEXT PRIMARY KEY,
      pattern_id TEXT NOT NULL,
      publisher TEXT NOT NULL,
      body TEXT NOT NULL,
      created_at TEXT NOT NULL
    ) STRICT;
  `,
  after(db: Database.Database): void {
    const table = db
      .prepare<[], { sql: string }>("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'reviews'")
      .get()?.sql;
    const check = /CHECK\s*\(\s*status\s+IN\s*\(\s*'accepted'\s*,\s*'flagged'\s*\)\s*\)/i;
    if (!table || !check.test(table)) {
      throw new StoreError('E_CORRUPT_RECORD', 'the reviews table does not have the expected status check');
    }
    const indexes = db
      .prepare<[], { sql: string }>(
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'reviews' AND sql IS NOT NULL",
      )
      .all();
    const widened = table
      .replace(check, "CHECK (status IN ('accepted', 'flagged', 'rejected'))")
      .replace(/^CREATE TABLE\s+"?reviews"?/i, 'CREATE TABLE reviews_widened');
    db.exec(widened);
    db.exec('INSERT INTO reviews_widened SELECT * FROM reviews');
    db.exec('DROP TABLE reviews');
    db.exec('ALTER TABLE reviews_widened RENAME TO reviews');
    for (const index of indexes) db.exec(index.sql);
    db.exec('CREATE INDEX reviews_by_status ON reviews(status, seq)');
  },
};

/**
 * The {@link TrustStore} methods of a SQLite store (internal to `openSqliteStore`).
 *
 * @param db - the open database, migrated
 * @param hooks - `open` throws once the store is closed; `emit` tells listeners; `beforeRead`
 *   commits reviews still waiting in the group commit, so a decision sees every review
 *   whose submission has been answered
 */
export function sqliteTrustMethods(
  db: Database.Database,
  hooks: { open: () => void; emit: (change: StoreChange) => void; beforeWrite: () => void },
): TrustStore {
  const s = {
    insertAttestation: db.prepare(
      'INSERT OR IGNORE INTO attestations (id, pattern_id, version, recorded_at, signed) VALUES (?, ?, ?, ?, ?)',
    ),
    attestationsOf: db.prepare<[string], { id: string; recorded_at: string; signed: string }>(
      'SELECT id, recorded_at, signed FROM attestations WHERE pattern_id = ? ORDER BY seq',
    ),
    attestationsOfVersion: db.prepare<[string, string], { id: string; recorded_at: string; signed: string }>(
      'SELECT id, recorded_at, signed FROM attestations WHERE pattern_id = ? AND version = ? ORDER BY seq',
    ),
    review: db.prepare<
      [string],
      { status: ReviewStatus; reasons: string; review: string; pattern_id: string }
    >('SELECT status, reasons, review, pattern_id FROM reviews WHERE id = ?'),
    setStatus: db.prepare('UPDATE reviews SET status = ? WHERE id = ?'),
    bumpStats: db.prepare(
      `INSERT INTO pattern_stats (pattern_id, review_count, rating_sum) VALUES (?, ?, ?)
       ON CONFLICT (pattern_id) DO UPDATE SET review_count = review_count + excluded.review_count,
         rating_sum = rating_sum + excluded.rating_sum`,
    ),
    bumpTotals: db.prepare('UPDATE totals SET accepted_reviews = accepted_reviews + ? WHERE id = 1'),
    insertDecision: db.prepare(
      `INSERT INTO moderation_decisions (review_id, pattern_id, moderator, decision, reason, from_status, to_status, decided_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    flagged: db.prepare<
      [number, number],
      { seq: number; status: ReviewStatus; reasons: string; review: string }
    >(
      `SELECT seq, status, reasons, review FROM reviews WHERE status = 'flagged' AND seq > ? ORDER BY seq LIMIT ?`,
    ),
    decisions: db.prepare<[number, number], DecisionRow>(
      'SELECT * FROM moderation_decisions WHERE sequence > ? ORDER BY sequence LIMIT ?',
    ),
    decisionsOfReview: db.prepare<[string, number, number], DecisionRow>(
      'SELECT * FROM moderation_decisions WHERE review_id = ? AND sequence > ? ORDER BY sequence LIMIT ?',
    ),
    decisionsOfPattern: db.prepare<[string, number, number], DecisionRow>(
      'SELECT * FROM moderation_decisions WHERE pattern_id = ? AND sequence > ? ORDER BY sequence LIMIT ?',
    ),
    insertReply: db.prepare(
      'INSERT OR IGNORE INTO review_replies (review_id, pattern_id, publisher, body, created_at) VALUES (?, ?, ?, ?, ?)',
    ),
  };
  const moderate = db.transaction((request: Parameters<TrustStore['moderateReview']>[0]) => {
    const row = s.review.get(request.reviewId);
    if (!row) return undefined;
    const review = decode(ReviewSchema, row.review, 'review');
    const toStatus: ReviewStatus =
      request.decision === 'accept' ? 'accepted' : request.decision === 'reject' ? 'rejected' : 'flagged';
    if (row.status !== toStatus) {
      s.setStatus.run(toStatus, request.reviewId);
      const delta = toStatus === 'accepted' ? 1 : row.status === 'accepted' ? -1 : 0;
      if (delta !== 0) {
        s.bumpStats.run(row.pattern_id, delta, delta * review.rating);
        s.bumpTotals.run(delta);
      }
    }
    const sequence = Number(
      s.insertDecision.run(
        request.reviewId,
        row.pattern_id,
        request.moderator,
        request.decision,
        request.reason,
        row.status,
        toStatus,
        request.decidedAt,
      ).lastInsertRowid,
    );
    const stored: StoredReview = {
      review,
      status: toStatus,
      reasons: decode(ReasonsSchema, row.reasons, 'review reasons'),
    };
    const decision: ModerationDecision = {
      ...request,
      sequence,
      patternId: row.pattern_id,
      fromStatus: row.status,
      toStatus,
    };
    return { stored, decision };
  });
  return {
    async putAttestation(attestation) {
      hooks.open();
      const { patternId, version } = attestation.signed.attestation;
      const inserted = s.insertAttestation.run(
        attestation.id,
        patternId,
        version,
        attestation.recordedAt,
        JSON.stringify(attestation.signed),
      );
      if (inserted.changes === 0) return 'exists';
      hooks.emit({ kind: 'attestation', patternId, version });
      return 'created';
    },
    async listAttestations(patternId, version) {
      hooks.open();
      const rows =
        version === undefined
          ? s.attestationsOf.all(patternId)
          : s.attestationsOfVersion.all(patternId, version);
      return rows.map(attestationFromRow);
    },
    async moderateReview(request) {
      hooks.open();
      hooks.beforeWrite();
      const result = moderate.immediate(request);
      if (result) {
        hooks.emit({
          kind: 'review',
          patternId: result.decision.patternId,
          reviewId: request.reviewId,
          status: result.stored.status,
        });
      }
      return result;
    },
    async listFlaggedReviews(options = {}) {
      hooks.open();
      return s.flagged.all(options.afterSequence ?? 0, pageLimit(options.limit)).map(queuedReviewFromRow);
    },
    async listModerationDecisions(filter = {}) {
      hooks.open();
      const after = filter.afterSequence ?? 0;
      const limit = pageLimit(filter.limit);
      const rows =
        filter.reviewId !== undefined
          ? s.decisionsOfReview.all(filter.reviewId, after, limit)
          : filter.patternId !== undefined
            ? s.decisionsOfPattern.all(filter.patternId, after, limit)
            : s.decisions.all(after, limit);
      return rows
        .filter((row) => filter.patternId === undefined || row.pattern_id === filter.patternId)
        .map(decisionFromRow);
    },
    async putReviewReply(reply: ReviewReply) {
      hooks.open();
      const inserted = s.insertReply.run(
        reply.reviewId,
        reply.patternId,
        reply.publisher,
        reply.body,
        reply.createdAt,
      );
      if (inserted.changes === 0) return 'exists';
      hooks.emit({ kind: 'reply', patternId: reply.patternId, reviewId: reply.reviewId });
      return 'created';
    },
    async listReviewReplies(reviewIds) {
      hooks.open();
      const replies = new Map<string, ReviewReply>();
      const unique = [...new Set(reviewIds)];
      for (let start = 0; start < unique.length; start += 500) {
        const chunk = unique.slice(start, start + 500);
        const rows = db
          .prepare<
            string[],
            { review_id: string; pattern_id: string; publisher: string; body: string; created_at: string }
          >(`SELECT * FROM review_replies WHERE review_id IN (${chunk.map(() => '?').join(', ')})`)
          .all(...chunk);
        for (const row of rows) {
          replies.set(row.review_id, {
            reviewId: row.review_id,
            patternId: row.pattern_id,
            publisher: row.publisher,
            body: row.body,
            createdAt: row.created_at,
          });
        }
      }
      return replies;
    },
  };
}
