import {
  type AttestationKey,
  type AttestationList,
  type AttestationRecord,
  AttestationSubmissionSchema,
  type ModeratedReview,
  type ModerationQueue,
  type ModerationResult,
  type ModerationTrail,
  type ReviewReply,
} from '@pollinate/client';
import {
  attestationPublicKey,
  ModerationDecisionInputSchema,
  PatternIdSchema,
  ReviewAppealInputSchema,
  ReviewReplyInputSchema,
  SemverSchema,
  signAttestation,
} from '@pollinate/core';
import { Hono } from 'hono';
import { z } from 'zod';
import type { Catalog } from '../catalog.js';
import {
  parseParams,
  patternIdFromPath,
  type RegistryEnv,
  type RegistryServices,
  readJsonBody,
  requirePublisher,
  requireRole,
} from '../context.js';
import { idempotencyKeyOf } from '../middleware/idempotency-key.js';
import { HttpProblem } from '../problem.js';

/** What the trust routes need beyond the shared services. */
export interface TrustRoutesOptions {
  /** The registry's Ed25519 private key (32 bytes) that signs attestations. */
  attestationKey: Uint8Array;
}

const PageQuerySchema = z.strictObject({
  after: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  patternId: z.optional(PatternIdSchema),
});
const ReviewIdSchema = z.string().min(1).max(200);

/**
 * Routes for evidence and moderation:
 *
 * - `GET /attestation-key` — the registry's attestation public key;
 * - `POST /patterns/{scope}/{name}/{version}/attestations` (auditor tokens) — records an
 *   audit of a published version, signed by the registry (201; a retry with the same id
 *   answers 200 with the stored record);
 * - `GET /patterns/{scope}/{name}/{version}/attestations` — the version's attestations;
 * - `GET /moderation/reviews` (moderator tokens) — flagged reviews awaiting a decision;
 * - `GET /moderation/reviews/{id}` (moderator tokens) — a review and its audit trail;
 * - `POST /moderation/reviews/{id}` (moderator tokens) — accept or reject, with a reason;
 * - `GET /moderation/decisions` (moderator tokens) — the audit trail;
 * - `POST /patterns/{scope}/{name}/reviews/{id}/reply` (the pattern's publisher) — one
 *   public reply per review (409 `E_REPLY_EXISTS` for a second);
 * - `POST /patterns/{scope}/{name}/reviews/{id}/appeal` (the review's author) — one appeal
 *   against a rejection, with a reason: the review goes back to the queue (409
 *   `E_NOT_REJECTED` unless rejected, `E_APPEAL_EXISTS` for a second appeal).
 *
 * @param services - store, clock, ids
 * @param catalog - refreshed after each write so reads on this instance see it
 * @param options - see {@link TrustRoutesOptions}
 * @returns a Hono sub-app to mount under `/api/v1`
 */
export function trustRoutes(
  services: RegistryServices,
  catalog: Catalog,
  options: TrustRoutesOptions,
): Hono<RegistryEnv> {
  const app = new Hono<RegistryEnv>();
  const { store } = services;
  const publicKey = attestationPublicKey(options.attestationKey);

  app.get('/attestation-key', (c) => c.json({ algorithm: 'Ed25519', publicKey } satisfies AttestationKey));

  const versionOf = async (patternId: string, raw: string | undefined) => {
    const version = parseParams(SemverSchema, raw, 'version');
    const stored = await store.getVersion(patternId, version);
    if (!stored) throw new HttpProblem(404, 'E_NOT_FOUND', `no version ${patternId}@${version}`);
    return stored;
  };

  app.post('/patterns/:scope/:name/:version/attestations', async (c) => {
    const auditor = requireRole(c, 'auditor');
    const idempotencyKey = idempotencyKeyOf(c);
    const patternId = patternIdFromPath(c);
    const submission = await readJsonBody(c, AttestationSubmissionSchema, 'attestation');
    const stored = await versionOf(patternId, c.req.param('version'));
    const id = submission.id ?? idempotencyKey ?? services.randomId();
    const existing = (await store.listAttestations(patternId, stored.version)).find((a) => a.id === id);
    if (existing) {
      if (existing.signed.attestation.auditor === auditor)
        return c.json(existing satisfies AttestationRecord, 200);
      throw new HttpProblem(409, 'E_ATTESTATION_EXISTS', `an attestation with id ${id} already exists`);
    }
    const now = services.now().toISOString();
    const record: AttestationRecord = {
      id,
      recordedAt: now,
      signed: signAttestation(
        {
          patternId,
          version: stored.version,
          auditor,
          evidence: submission.evidence,
          statement: submission.statement ?? '',
          // Binds the audit to exactly the content that was published.
          fingerprint: stored.fingerprint,
          issuedAt: now,
        },
        options.attestationKey,
      ),
    };
    if ((await store.putAttestation(record)) === 'exists') {
      throw new HttpProblem(409, 'E_ATTESTATION_EXISTS', `an attestation with id ${id} already exists`);
    }
    catalog.refresh(patternId, { immediate: true });
    return c.json(record, 201);
  });

  app.get('/patterns/:scope/:name/:version/attestations', async (c) => {
    const patternId = patternIdFromPath(c);
    const stored = await versionOf(patternId, c.req.param('version'));
    const body: AttestationList = {
      id: patternId,
      version: stored.version,
      publicKey,
      attestations: await store.listAttestations(patternId, stored.version),
    };
    return c.json(body);
  });

  app.get('/moderation/reviews', async (c) => {
    requireRole(c, 'moderator');
    const query = parseParams(PageQuerySchema, c.req.query(), 'query');
    const limit = query.limit ?? 100;
    const page = await store.listFlaggedReviews({ afterSequence: query.after ?? 0, limit });
    const replies = await store.listReviewReplies(page.map((entry) => entry.stored.review.id));
    const body: ModerationQueue = {
      reviews: page.map((entry) => {
        const reply = replies.get(entry.stored.review.id);
        return { ...entry.stored, ...(reply ? { reply } : {}), sequence: entry.sequence };
      }),
      ...(page.length === limit ? { next: page.at(-1)!.sequence } : {}),
    };
    c.header('cache-control', 'no-store');
    return c.json(body);
  });

  app.get('/moderation/reviews/:id', async (c) => {
    requireRole(c, 'moderator');
    const id = parseParams(ReviewIdSchema, c.req.param('id'), 'review id');
    const stored = await store.getReview(id);
    if (!stored) throw new HttpProblem(404, 'E_NOT_FOUND', `no review ${id}`);
    const [decisions, replies] = await Promise.all([
      store.listModerationDecisions({ reviewId: id, limit: 1000 }),
      store.listReviewReplies([id]),
    ]);
    const reply = replies.get(id);
    const body: ModeratedReview = { review: { ...stored, ...(reply ? { reply } : {}) }, decisions };
    c.header('cache-control', 'no-store');
    return c.json(body);
  });

  app.post('/moderation/reviews/:id', async (c) => {
    const moderator = requireRole(c, 'moderator');
    const id = parseParams(ReviewIdSchema, c.req.param('id'), 'review id');
    const input = await readJsonBody(c, ModerationDecisionInputSchema, 'moderation decision');
    const result = await store.moderateReview({
      reviewId: id,
      moderator,
      decision: input.decision,
      reason: input.reason,
      decidedAt: services.now().toISOString(),
    });
    if (!result) throw new HttpProblem(404, 'E_NOT_FOUND', `no review ${id}`);
    catalog.refresh(result.decision.patternId, { immediate: true });
    const body: ModerationResult = { review: result.stored, decision: result.decision };
    return c.json(body);
  });

  app.get('/moderation/decisions', async (c) => {
    requireRole(c, 'moderator');
    const query = parseParams(PageQuerySchema, c.req.query(), 'query');
    const limit = query.limit ?? 100;
    const decisions = await store.listModerationDecisions({
      afterSequence: query.after ?? 0,
      limit,
      ...(query.patternId ? { patternId: query.patternId } : {}),
    });
    const body: ModerationTrail = {
      decisions,
      ...(decisions.length === limit ? { next: decisions.at(-1)!.sequence } : {}),
    };
    c.header('cache-control', 'no-store');
    return c.json(body);
  });

  app.post('/patterns/:scope/:name/reviews/:id/reply', async (c) => {
    const publisher = requirePublisher(c);
    const patternId = patternIdFromPath(c);
    const id = parseParams(ReviewIdSchema, c.req.param('id'), 'review id');
    const input = await readJsonBody(c, ReviewReplyInputSchema, 'reply');
    const pattern = await store.getPattern(patternId);
    if (!pattern) throw new HttpProblem(404, 'E_NOT_FOUND', `no pattern ${patternId}`);
    if (pattern.publisher !== publisher) {
      throw new HttpProblem(
        403,
        'E_FORBIDDEN',
        `only ${pattern.publisher} may reply to reviews of ${patternId}`,
      );
    }
    const stored = await store.getReview(id);
    if (!stored || stored.review.patternId !== patternId) {
      throw new HttpProblem(404, 'E_NOT_FOUND', `${patternId} has no review ${id}`);
    }
    const reply: ReviewReply = {
      reviewId: id,
      patternId,
      publisher,
      body: input.body,
      createdAt: services.now().toISOString(),
    };
    if ((await store.putReviewReply(reply)) === 'exists') {
      throw new HttpProblem(
        409,
        'E_REPLY_EXISTS',
        `review ${id} already has a reply; a publisher replies once`,
      );
    }
    catalog.refresh(patternId, { immediate: true });
    return c.json(reply, 201);
  });

  app.post('/patterns/:scope/:name/reviews/:id/appeal', async (c) => {
    const reviewer = requirePublisher(c);
    const patternId = patternIdFromPath(c);
    const id = parseParams(ReviewIdSchema, c.req.param('id'), 'review id');
    const input = await readJsonBody(c, ReviewAppealInputSchema, 'appeal');
    const stored = await store.getReview(id);
    if (!stored || stored.review.patternId !== patternId) {
      throw new HttpProblem(404, 'E_NOT_FOUND', `${patternId} has no review ${id}`);
    }
    if (stored.review.reviewer !== reviewer) {
      throw new HttpProblem(403, 'E_FORBIDDEN', 'only the author of a review may appeal its rejection');
    }
    if (stored.status !== 'rejected') {
      throw new HttpProblem(
        409,
        'E_NOT_REJECTED',
        `review ${id} is ${stored.status}; only a rejected review can be appealed`,
      );
    }
    const trail = await store.listModerationDecisions({ reviewId: id, limit: 1000 });
    if (trail.some((decision) => decision.decision === 'appeal')) {
      throw new HttpProblem(
        409,
        'E_APPEAL_EXISTS',
        `review ${id} was appealed already; a review is appealed once`,
      );
    }
    const result = await store.moderateReview({
      reviewId: id,
      moderator: reviewer,
      decision: 'appeal',
      reason: input.reason,
      decidedAt: services.now().toISOString(),
    });
    if (!result) throw new HttpProblem(404, 'E_NOT_FOUND', `no review ${id}`);
    catalog.refresh(patternId, { immediate: true });
    const body: ModerationResult = { review: result.stored, decision: result.decision };
    return c.json(body, 201);
  });

  return app;
}
