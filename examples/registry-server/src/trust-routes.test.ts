import type {
  AttestationKey,
  AttestationList,
  AttestationRecord,
  ModeratedReview,
  ModerationQueue,
  ModerationResult,
  ModerationTrail,
  PatternReputation,
  ReviewList,
  ReviewResult,
} from '@pollinate/client';
import { verifyAttestation } from '@pollinate/core';
import { describe, expect, it } from 'vitest';
import { appCaller } from '../test/fixtures/app-requests.js';
import { bothStores } from '../test/fixtures/postgres-schemas.js';
import { createRegistryApp } from './app.js';
import { samplePackage } from './fixtures.js';
import type { RegistryStore } from './store.js';

const TOKENS =
  'acme:acme-token-0123456789,zeta:zeta-token-0123456789,blue:blue-token-0123456789,gray:gray-token-0123456789,teal:teal-token-0123456789';
const token = {
  acme: 'acme-token-0123456789',
  zeta: 'zeta-token-0123456789',
  blue: 'blue-token-0123456789',
  gray: 'gray-token-0123456789',
  teal: 'teal-token-0123456789',
  alice: 'alice-auditor-token-0123',
  mod: 'mod-moderator-token-0123',
};
const ATTESTATION_KEY = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60';
const stores = bothStores('test_trust');

function makeApp(store: RegistryStore) {
  return createRegistryApp({
    store,
    tokens: TOKENS,
    auditorTokens: `alice:${token.alice}`,
    moderatorTokens: `mod:${token.mod}`,
    attestationKey: ATTESTATION_KEY,
    rateLimit: false,
    now: () => new Date('2026-12-04T12:00:00.000Z'),
  });
}

const call = appCaller(token);

async function json<T>(response: Response | Promise<Response>): Promise<T> {
  return (await (await response).json()) as T;
}

/** Everything a publisher can claim: 99 % coverage, benchmarks, a clean report from `self`, an SLA, premium support. */
const claimsEverything = () =>
  samplePackage('acme/claims', '1.0.0', {
    listing: { support: 'premium' },
    fields: {
      tests: { framework: 'vitest', total: 40, passed: 40, failed: 0, coveragePercent: 99 },
      security: { scanner: 'self', scannedAt: '2026-11-21T09:00:00.000Z', findings: [] },
      support: { sla: { responseTimeHours: 4 } },
    },
  });

describe.each(stores)('trust routes over %s', (_name, open) => {
  it('self-asserted evidence cannot buy silver or gold; auditors’ signed attestations can, and verify offline', async () => {
    const store = await open();
    const app = makeApp(store);
    expect(
      (await call(app, 'PUT', '/api/v1/patterns/acme/claims/1.0.0', { as: 'acme', body: claimsEverything() }))
        .status,
    ).toBe(201);
    // Three teams still using it: production proven, counted by the registry.
    for (const team of ['blue', 'gray', 'teal'] as const) {
      const installed = await call(app, 'POST', '/api/v1/adoptions', {
        as: team,
        body: { patternId: 'acme/claims', type: 'install' },
      });
      expect(installed.status).toBe(201);
    }
    const before = await json<PatternReputation>(call(app, 'GET', '/api/v1/patterns/acme/claims/reputation'));
    expect(before.certification.level).toBe('bronze');
    expect(before.certification.needsVerification).toEqual([
      'comprehensiveTests',
      'benchmarks',
      'securityScan',
    ]);
    expect(before.attestations).toBe(0);

    // Roles are kept apart: an auditor cannot publish, a publisher cannot attest.
    expect(
      (
        await call(app, 'PUT', '/api/v1/patterns/acme/other/1.0.0', {
          as: 'alice',
          body: samplePackage('acme/other', '1.0.0'),
        })
      ).status,
    ).toBe(403);
    const attestPath = '/api/v1/patterns/acme/claims/1.0.0/attestations';
    const evidence = { comprehensiveTests: true, benchmarks: true, securityScan: true, testCoverage: 87.5 };
    expect((await call(app, 'POST', attestPath, { as: 'acme', body: { evidence } })).status).toBe(403);
    expect((await call(app, 'POST', attestPath, { body: { evidence } })).status).toBe(401);
    expect((await call(app, 'POST', attestPath, { as: 'alice', body: { evidence: {} } })).status).toBe(400);
    expect(
      (await call(app, 'POST', attestPath, { as: 'alice', body: { evidence: { benchmarks: 'yes' } } }))
        .status,
    ).toBe(400);
    expect(
      (
        await call(app, 'POST', '/api/v1/patterns/acme/claims/9.9.9/attestations', {
          as: 'alice',
          body: { evidence },
        })
      ).status,
    ).toBe(404);

    const created = await call(app, 'POST', attestPath, {
      as: 'alice',
      body: { id: 'audit-1', evidence, statement: 'ran the suite and osv-scanner on the published files' },
    });
    expect(created.status).toBe(201);
    const record = await json<AttestationRecord>(created);
    expect(record.signed.attestation).toMatchObject({
      patternId: 'acme/claims',
      version: '1.0.0',
      auditor: 'alice',
    });
    // A retry with the same id answers the stored record.
    const retried = await call(app, 'POST', attestPath, { as: 'alice', body: { id: 'audit-1', evidence } });
    expect(retried.status).toBe(200);
    expect(await retried.json()).toEqual(record);

    // Offline check: the key is pinned from /attestation-key; any change breaks the signature.
    const key = await json<AttestationKey>(call(app, 'GET', '/api/v1/attestation-key'));
    const list = await json<AttestationList>(call(app, 'GET', attestPath));
    expect(list.publicKey).toBe(key.publicKey);
    expect(list.attestations).toEqual([record]);
    expect(verifyAttestation(list.attestations[0]?.signed, key.publicKey).valid).toBe(true);
    const version = (await store.getVersion('acme/claims', '1.0.0'))!;
    expect(record.signed.attestation.fingerprint).toBe(version.fingerprint);
    const forged = structuredClone(record.signed);
    forged.attestation.evidence.testCoverage = 100;
    expect(verifyAttestation(forged, key.publicKey)).toMatchObject({ valid: false, reason: 'bad-signature' });

    const after = await json<PatternReputation>(call(app, 'GET', '/api/v1/patterns/acme/claims/reputation'));
    expect(after.attestations).toBe(1);
    expect(after.certification.level).toBe('gold');
    expect(after.certification.sources).toMatchObject({
      comprehensiveTests: 'auditor',
      benchmarks: 'auditor',
      securityScan: 'auditor',
      productionProven: 'registry',
    });
    const badges = (after.reputation.badges as { name: string }[]).map((badge) => badge.name);
    expect(badges).toContain('Security-Audited');
    await store.close();
  });

  it('an attestation signed by another key counts for nothing', async () => {
    const store = await open();
    const app = makeApp(store);
    await call(app, 'PUT', '/api/v1/patterns/acme/claims/1.0.0', { as: 'acme', body: claimsEverything() });
    await call(app, 'POST', '/api/v1/patterns/acme/claims/1.0.0/attestations', {
      as: 'alice',
      body: { evidence: { comprehensiveTests: true, benchmarks: true, securityScan: true } },
    });
    // The same database served by a registry with another key: the stored signatures do not verify.
    const other = createRegistryApp({
      store,
      tokens: TOKENS,
      rateLimit: false,
      attestationKey: 'ab'.repeat(32),
    });
    const reputation = await json<PatternReputation>(
      call(other, 'GET', '/api/v1/patterns/acme/claims/reputation'),
    );
    expect(reputation.attestations).toBe(0);
    expect(reputation.certification.level).toBe('bronze');
    await store.close();
  });

  it('moderates flagged reviews over HTTP with an audit trail; publishers reply once', async () => {
    const store = await open();
    const app = makeApp(store);
    await call(app, 'PUT', '/api/v1/patterns/acme/retry/1.0.0', {
      as: 'acme',
      body: samplePackage('acme/retry', '1.0.0'),
    });
    await call(app, 'POST', '/api/v1/adoptions', {
      as: 'zeta',
      body: { patternId: 'acme/retry', type: 'install' },
    });
    // A structured review from a team that installed the pattern: verified.
    const structured = await call(app, 'POST', '/api/v1/patterns/acme/retry/reviews', {
      as: 'zeta',
      body: {
        rating: 4,
        title: 'Solid backoff',
        body: 'We use it for every outbound call.',
        pros: ['Clear policy', 'small'],
        cons: ['No jitter by default'],
        useCase: 'retrying payment webhooks',
        performanceImpact: 'neutral',
        integrationEffort: 'days',
        wouldRecommend: true,
      },
    });
    expect(structured.status).toBe(201);
    const accepted = await json<ReviewResult>(structured);
    expect(accepted.status).toBe('accepted');
    expect(accepted.review).toMatchObject({
      pros: ['Clear policy', 'small'],
      integrationEffort: 'days',
      verifiedAdoption: true,
    });
    expect(
      (
        await call(app, 'POST', '/api/v1/patterns/acme/retry/reviews', {
          as: 'zeta',
          body: { rating: 4, pros: [''] },
        })
      ).status,
    ).toBe(400);
    // The publisher reviewing its own pattern is flagged and waits in the queue.
    const own = await json<ReviewResult>(
      call(app, 'POST', '/api/v1/patterns/acme/retry/reviews', {
        as: 'acme',
        body: { rating: 5, body: 'best ever' },
      }),
    );
    expect(own.status).toBe('flagged');

    expect((await call(app, 'GET', '/api/v1/moderation/reviews')).status).toBe(401);
    expect((await call(app, 'GET', '/api/v1/moderation/reviews', { as: 'acme' })).status).toBe(403);
    const queue = await json<ModerationQueue>(call(app, 'GET', '/api/v1/moderation/reviews', { as: 'mod' }));
    expect(queue.reviews.map((entry) => entry.review.id)).toEqual([own.review.id]);
    expect(queue.next).toBeUndefined();
    expect(queue.reviews[0]?.reasons).toContain('self-review');

    const decide = (id: string, body: unknown, as: keyof typeof token = 'mod') =>
      call(app, 'POST', `/api/v1/moderation/reviews/${encodeURIComponent(id)}`, { as, body });
    expect((await decide(own.review.id, { decision: 'reject' })).status).toBe(400);
    expect((await decide(own.review.id, { decision: 'reject', reason: '   ' })).status).toBe(400);
    expect((await decide(own.review.id, { decision: 'delete', reason: 'x' })).status).toBe(400);
    expect((await decide(own.review.id, { decision: 'reject', reason: 'x' }, 'acme')).status).toBe(403);
    expect((await decide('no-such-review', { decision: 'reject', reason: 'x' })).status).toBe(404);
    const rejected = await json<ModerationResult>(
      decide(own.review.id, { decision: 'reject', reason: 'the publisher’s own staff' }),
    );
    expect(rejected.review.status).toBe('rejected');
    expect(rejected.decision).toMatchObject({
      moderator: 'mod',
      fromStatus: 'flagged',
      toStatus: 'rejected',
      decidedAt: '2026-12-04T12:00:00.000Z',
    });
    expect(
      (await json<ModerationQueue>(call(app, 'GET', '/api/v1/moderation/reviews', { as: 'mod' }))).reviews,
    ).toEqual([]);
    // Rejected reviews are hidden from everyone, also with ?include=flagged.
    const listed = await json<ReviewList>(
      call(app, 'GET', '/api/v1/patterns/acme/retry/reviews?include=flagged'),
    );
    expect(listed.reviews.map((entry) => entry.review.id)).toEqual([accepted.review.id]);

    // Hide and restore the accepted review: the rating follows.
    await decide(accepted.review.id, { decision: 'reject', reason: 'reported as off-topic' });
    expect(
      (await json<ReviewList>(call(app, 'GET', '/api/v1/patterns/acme/retry/reviews'))).ratings.count,
    ).toBe(0);
    await decide(accepted.review.id, { decision: 'accept', reason: 'appeal upheld: on topic' });
    const restored = await json<ReviewList>(call(app, 'GET', '/api/v1/patterns/acme/retry/reviews'));
    expect(restored.ratings.count).toBe(1);
    expect(restored.structure).toMatchObject({
      reviews: 1,
      structured: 1,
      topPros: [
        { text: 'Clear policy', count: 1 },
        { text: 'small', count: 1 },
      ],
      topCons: [{ text: 'No jitter by default', count: 1 }],
      integrationEffort: { median: 'days', answered: 1 },
    });

    const history = await json<ModeratedReview>(
      call(app, 'GET', `/api/v1/moderation/reviews/${encodeURIComponent(accepted.review.id)}`, { as: 'mod' }),
    );
    expect(history.review.status).toBe('accepted');
    expect(history.decisions.map((d) => [d.decision, d.reason])).toEqual([
      ['reject', 'reported as off-topic'],
      ['accept', 'appeal upheld: on topic'],
    ]);
    const trail = await json<ModerationTrail>(
      call(app, 'GET', '/api/v1/moderation/decisions?limit=2', { as: 'mod' }),
    );
    expect(trail.decisions).toHaveLength(2);
    expect(trail.next).toBe(trail.decisions[1]?.sequence);
    const rest = await json<ModerationTrail>(
      call(app, 'GET', `/api/v1/moderation/decisions?after=${trail.next}`, { as: 'mod' }),
    );
    expect(rest.decisions.map((d) => d.decision)).toEqual(['accept']);
    expect((await call(app, 'GET', '/api/v1/moderation/decisions?limit=0', { as: 'mod' })).status).toBe(400);

    // One reply per review, only from the pattern's publisher.
    const replyPath = `/api/v1/patterns/acme/retry/reviews/${encodeURIComponent(accepted.review.id)}/reply`;
    expect((await call(app, 'POST', replyPath, { as: 'zeta', body: { body: 'me too' } })).status).toBe(403);
    expect((await call(app, 'POST', replyPath, { as: 'acme', body: { body: '' } })).status).toBe(400);
    expect(
      (
        await call(app, 'POST', '/api/v1/patterns/acme/retry/reviews/nope/reply', {
          as: 'acme',
          body: { body: 'hi' },
        })
      ).status,
    ).toBe(404);
    const replied = await call(app, 'POST', replyPath, {
      as: 'acme',
      body: { body: 'Jitter is on by default in 1.1.0.' },
    });
    expect(replied.status).toBe(201);
    const again = await call(app, 'POST', replyPath, { as: 'acme', body: { body: 'And again.' } });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: 'E_REPLY_EXISTS' });
    const withReply = await json<ReviewList>(call(app, 'GET', '/api/v1/patterns/acme/retry/reviews'));
    expect(withReply.reviews[0]?.reply).toMatchObject({
      publisher: 'acme',
      body: 'Jitter is on by default in 1.1.0.',
    });

    // The author of a rejected review appeals once; it goes back to the queue.
    const appealPath = `/api/v1/patterns/acme/retry/reviews/${encodeURIComponent(own.review.id)}/appeal`;
    expect((await call(app, 'POST', appealPath, { as: 'zeta', body: { reason: 'not mine' } })).status).toBe(
      403,
    );
    expect(
      (
        await call(
          app,
          'POST',
          `/api/v1/patterns/acme/retry/reviews/${encodeURIComponent(accepted.review.id)}/appeal`,
          {
            as: 'zeta',
            body: { reason: 'it is accepted' },
          },
        )
      ).status,
    ).toBe(409);
    const appealed = await call(app, 'POST', appealPath, {
      as: 'acme',
      body: { reason: 'I disclosed my affiliation' },
    });
    expect(appealed.status).toBe(201);
    expect(((await appealed.json()) as ModerationResult).decision).toMatchObject({
      decision: 'appeal',
      moderator: 'acme',
      fromStatus: 'rejected',
      toStatus: 'flagged',
    });
    expect(
      (
        await json<ModerationQueue>(call(app, 'GET', '/api/v1/moderation/reviews', { as: 'mod' }))
      ).reviews.map((entry) => entry.review.id),
    ).toEqual([own.review.id]);
    await decide(own.review.id, { decision: 'reject', reason: 'appeal denied: staff account' });
    const second = await call(app, 'POST', appealPath, { as: 'acme', body: { reason: 'again' } });
    expect(second.status).toBe(409);
    expect(await second.json()).toMatchObject({ code: 'E_APPEAL_EXISTS' });

    const reputation = await json<PatternReputation>(
      call(app, 'GET', '/api/v1/patterns/acme/retry/reputation'),
    );
    expect(reputation.reviewStructure).toMatchObject({ integrationEffort: { median: 'days' } });
    // The detail page shows the structure, the summary and the reply; rejected reviews stay hidden.
    const page = await (await call(app, 'GET', '/patterns/acme/retry')).text();
    expect(page).toContain('data-review-summary');
    expect(page).toContain('Clear policy (1)');
    expect(page).toContain('Median integration effort');
    expect(page).toContain('No jitter by default');
    expect(page).toContain('Jitter is on by default in 1.1.0.');
    expect(page).not.toContain('best ever');
    await store.close();
  });
});
