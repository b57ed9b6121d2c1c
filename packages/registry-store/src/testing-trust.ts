import type { Review, SignedAttestation } from '@pollinate/core';
import { expect, it } from 'vitest';
import type { RegistryStore, StoreChange } from './store.js';
import { sampleVersion } from './testing.js';

// The trust part of the conformance suite (attestations, moderation, replies); registered
// inside `describeRegistryStoreConformance`.

const review = (id: string, patternId: string, rating: number, reviewer = 'bob'): Review => ({
  id,
  patternId,
  reviewer,
  rating,
  title: '',
  body: 'works',
  pros: ['small'],
  integrationEffort: 'days',
  verifiedAdoption: false,
  createdAt: '2026-11-21T10:00:00.000Z',
});

const signed = (version: string, auditor: string, issuedAt: string): SignedAttestation => ({
  attestation: {
    patternId: 'acme/retry',
    version,
    auditor,
    evidence: { securityScan: true, testCoverage: 91.5 },
    statement: 'ran the suite',
    issuedAt,
  },
  algorithm: 'Ed25519',
  publicKey: 'a'.repeat(64),
  signature: 'b'.repeat(128),
});

/**
 * Registers the trust conformance tests. Internal to the suite.
 *
 * @param current - the store of the running test
 */
export function describeTrustConformance(current: () => RegistryStore): void {
  it('keeps signed attestations once per id, per pattern and version, oldest first', async () => {
    const store = current();
    await store.putVersion(sampleVersion('acme/retry', '1.0.0'), { distTag: 'latest' });
    const first = {
      id: 'att-1',
      signed: signed('1.0.0', 'alice', '2026-12-01T10:00:00Z'),
      recordedAt: '2026-12-01T10:00:01.000Z',
    };
    const second = {
      id: 'att-2',
      signed: signed('1.1.0', 'carol', '2026-12-02T10:00:00Z'),
      recordedAt: '2026-12-02T10:00:01.000Z',
    };
    const third = {
      id: 'att-3',
      signed: signed('1.0.0', 'carol', '2026-12-03T10:00:00Z'),
      recordedAt: '2026-12-03T10:00:01.000Z',
    };
    expect(await store.putAttestation(first)).toBe('created');
    expect(await store.putAttestation(second)).toBe('created');
    expect(await store.putAttestation(third)).toBe('created');
    expect(await store.putAttestation({ ...first, recordedAt: '2027-01-01T00:00:00.000Z' })).toBe('exists');
    expect(await store.listAttestations('acme/retry', '1.0.0')).toEqual([first, third]);
    expect((await store.listAttestations('acme/retry')).map((a) => a.id)).toEqual([
      'att-1',
      'att-2',
      'att-3',
    ]);
    expect(await store.listAttestations('zeta/cache')).toEqual([]);
  });

  it('moderates reviews: the queue, status moves with the rating figures, and an append-only audit trail', async () => {
    const store = current();
    const heard: StoreChange[] = [];
    store.subscribe((change) => heard.push(change));
    await store.putReview({ review: review('r1', 'acme/retry', 5), status: 'accepted', reasons: [] });
    await store.putReview({
      review: review('r2', 'acme/retry', 1, 'mallory'),
      status: 'flagged',
      reasons: ['burst'],
    });
    await store.putReview({
      review: review('r3', 'zeta/cache', 2, 'eve'),
      status: 'flagged',
      reasons: ['self-review'],
    });
    const queue = await store.listFlaggedReviews();
    expect(queue.map((entry) => entry.stored.review.id)).toEqual(['r2', 'r3']);
    expect(queue[0]?.stored).toEqual({
      review: review('r2', 'acme/retry', 1, 'mallory'),
      status: 'flagged',
      reasons: ['burst'],
    });
    const page = await store.listFlaggedReviews({ afterSequence: queue[0]!.sequence, limit: 1 });
    expect(page.map((entry) => entry.stored.review.id)).toEqual(['r3']);

    // Approving a flagged review counts it.
    const approved = await store.moderateReview({
      reviewId: 'r2',
      moderator: 'mod',
      decision: 'accept',
      reason: 'a real outage report',
      decidedAt: '2026-12-04T10:00:00.000Z',
    });
    expect(approved?.stored.status).toBe('accepted');
    expect(approved?.stored.review).toEqual(review('r2', 'acme/retry', 1, 'mallory'));
    expect(approved?.decision).toMatchObject({
      reviewId: 'r2',
      patternId: 'acme/retry',
      moderator: 'mod',
      decision: 'accept',
      reason: 'a real outage report',
      fromStatus: 'flagged',
      toStatus: 'accepted',
      decidedAt: '2026-12-04T10:00:00.000Z',
    });
    expect(await store.patternStats('acme/retry')).toMatchObject({ reviewCount: 2, ratingSum: 6 });
    expect(await store.totals()).toMatchObject({ acceptedReviews: 2 });
    expect((await store.listFlaggedReviews()).map((entry) => entry.stored.review.id)).toEqual(['r3']);

    // Hiding an accepted review takes it out of the figures; restoring puts it back.
    await store.moderateReview({
      reviewId: 'r1',
      moderator: 'mod',
      decision: 'reject',
      reason: 'spam link',
      decidedAt: '2026-12-04T11:00:00.000Z',
    });
    expect((await store.getReview('r1'))?.status).toBe('rejected');
    expect(await store.patternStats('acme/retry')).toMatchObject({ reviewCount: 1, ratingSum: 1 });
    expect(await store.totals()).toMatchObject({ acceptedReviews: 1 });
    expect(
      (await store.listReviews({ patternId: 'acme/retry', status: 'accepted' })).map((r) => r.review.id),
    ).toEqual(['r2']);
    expect(
      (await store.listReviews({ patternId: 'acme/retry', status: 'rejected' })).map((r) => r.review.id),
    ).toEqual(['r1']);
    // A second reject changes nothing but is still on the trail.
    const again = await store.moderateReview({
      reviewId: 'r1',
      moderator: 'mod2',
      decision: 'reject',
      reason: 'confirmed',
      decidedAt: '2026-12-04T11:30:00.000Z',
    });
    expect(again?.decision).toMatchObject({ fromStatus: 'rejected', toStatus: 'rejected' });
    expect(await store.patternStats('acme/retry')).toMatchObject({ reviewCount: 1, ratingSum: 1 });
    await store.moderateReview({
      reviewId: 'r1',
      moderator: 'mod',
      decision: 'accept',
      reason: 'appeal upheld',
      decidedAt: '2026-12-04T12:00:00.000Z',
    });
    expect(await store.patternStats('acme/retry')).toMatchObject({ reviewCount: 2, ratingSum: 6 });
    // Rejecting a flagged review leaves the figures alone.
    await store.moderateReview({
      reviewId: 'r3',
      moderator: 'mod',
      decision: 'reject',
      reason: 'own team',
      decidedAt: '2026-12-04T13:00:00.000Z',
    });
    expect((await store.patternStats('zeta/cache'))?.reviewCount ?? 0).toBe(0);
    expect(await store.listFlaggedReviews()).toEqual([]);

    expect(
      await store.moderateReview({
        reviewId: 'nope',
        moderator: 'mod',
        decision: 'accept',
        reason: 'x',
        decidedAt: '2026-12-04T13:00:00.000Z',
      }),
    ).toBeUndefined();

    const trail = await store.listModerationDecisions();
    expect(trail.map((d) => [d.reviewId, d.decision, d.fromStatus, d.toStatus, d.moderator])).toEqual([
      ['r2', 'accept', 'flagged', 'accepted', 'mod'],
      ['r1', 'reject', 'accepted', 'rejected', 'mod'],
      ['r1', 'reject', 'rejected', 'rejected', 'mod2'],
      ['r1', 'accept', 'rejected', 'accepted', 'mod'],
      ['r3', 'reject', 'flagged', 'rejected', 'mod'],
    ]);
    for (let i = 1; i < trail.length; i++) expect(trail[i]!.sequence).toBeGreaterThan(trail[i - 1]!.sequence);
    expect((await store.listModerationDecisions({ reviewId: 'r1' })).map((d) => d.reason)).toEqual([
      'spam link',
      'confirmed',
      'appeal upheld',
    ]);
    expect((await store.listModerationDecisions({ patternId: 'zeta/cache' })).map((d) => d.reviewId)).toEqual(
      ['r3'],
    );
    expect(
      (await store.listModerationDecisions({ afterSequence: trail[2]!.sequence, limit: 1 })).map(
        (d) => d.sequence,
      ),
    ).toEqual([trail[3]!.sequence]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(heard.filter((c) => c.kind === 'review').map((c) => (c as { status: string }).status)).toEqual([
      'accepted',
      'flagged',
      'flagged',
      'accepted',
      'rejected',
      'rejected',
      'accepted',
      'rejected',
    ]);
  });

  it('counts concurrent moderation decisions exactly', async () => {
    const store = current();
    for (let i = 0; i < 10; i++)
      await store.putReview({
        review: review(`c${i}`, 'acme/retry', 4, `u${i}`),
        status: 'flagged',
        reasons: ['burst'],
      });
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        store.moderateReview({
          reviewId: `c${i}`,
          moderator: 'mod',
          decision: 'accept',
          reason: 'fine',
          decidedAt: '2026-12-04T10:00:00.000Z',
        }),
      ),
    );
    // Each accepted twice at once: the second of each pair is a confirmation and moves nothing.
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        store.moderateReview({
          reviewId: `c${i}`,
          moderator: 'mod2',
          decision: 'accept',
          reason: 'fine',
          decidedAt: '2026-12-04T10:00:01.000Z',
        }),
      ),
    );
    expect(await store.patternStats('acme/retry')).toMatchObject({ reviewCount: 10, ratingSum: 40 });
    expect(await store.totals()).toMatchObject({ acceptedReviews: 10 });
    expect(await store.listModerationDecisions({ limit: 1000 })).toHaveLength(20);
  });

  it('an appeal puts a rejected review back in the queue without counting it', async () => {
    const store = current();
    await store.putReview({ review: review('a1', 'acme/retry', 5), status: 'accepted', reasons: [] });
    await store.moderateReview({
      reviewId: 'a1',
      moderator: 'mod',
      decision: 'reject',
      reason: 'looks like staff',
      decidedAt: '2026-12-04T10:00:00.000Z',
    });
    const appealed = await store.moderateReview({
      reviewId: 'a1',
      moderator: 'bob',
      decision: 'appeal',
      reason: 'I am a customer, not staff',
      decidedAt: '2026-12-04T11:00:00.000Z',
    });
    expect(appealed?.stored.status).toBe('flagged');
    expect(appealed?.decision).toMatchObject({
      decision: 'appeal',
      fromStatus: 'rejected',
      toStatus: 'flagged',
    });
    expect((await store.listFlaggedReviews()).map((entry) => entry.stored.review.id)).toEqual(['a1']);
    expect((await store.patternStats('acme/retry'))?.reviewCount).toBe(0);
    expect(await store.totals()).toMatchObject({ acceptedReviews: 0 });
  });

  it('keeps one publisher reply per review', async () => {
    const store = current();
    await store.putReview({ review: review('r1', 'acme/retry', 2), status: 'accepted', reasons: [] });
    const reply = {
      reviewId: 'r1',
      patternId: 'acme/retry',
      publisher: 'acme',
      body: 'Fixed in 1.1.0.',
      createdAt: '2026-12-04T10:00:00.000Z',
    };
    expect(await store.putReviewReply(reply)).toBe('created');
    expect(await store.putReviewReply({ ...reply, body: 'second thoughts' })).toBe('exists');
    const replies = await store.listReviewReplies(['r1', 'r2']);
    expect(replies.get('r1')).toEqual(reply);
    expect(replies.has('r2')).toBe(false);
    expect((await store.listReviewReplies([])).size).toBe(0);
  });
}
