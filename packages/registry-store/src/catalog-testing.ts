import { proposeImprovement, type RevenueEvent, summarizeRevenue } from '@pollinate/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NotificationInput, StoredProposal } from './catalog.js';
import type { RegistryStore, StoreChange } from './store.js';
import type { ConformanceOptions, RegistryStoreFactory } from './testing.js';
import { sampleVersion } from './testing.js';

/**
 * A stored improvement proposal for tests: `fork` (a fork of `target`) proposes one change.
 *
 * @param target - the target pattern id (`scope/name`)
 * @param fork - the fork's id
 * @param title - the proposal's title (proposals with different titles get different ids)
 * @returns a {@link StoredProposal} with status `open`
 * @example
 * ```ts
 * const stored = sampleProposal('acme/retry', 'payments/retry');
 * stored.proposal.status; // 'open'
 * stored.proposal.parent; // { id: 'acme/retry', version: '1.0.0' }
 * ```
 */
export function sampleProposal(target: string, fork: string, title = 'Jittered backoff'): StoredProposal {
  const parent = sampleVersion(target, '1.0.0').package.listing;
  const child = sampleVersion(fork, '1.0.1', { forkOf: { id: target, version: '1.0.0' } }).package.listing;
  const proposal = proposeImprovement(child, parent, {
    title,
    changes: [{ kind: 'performance', summary: 'Add full jitter to retries', location: 'src/retry.ts' }],
    createdAt: '2026-11-21T10:00:00.000Z',
  });
  return {
    proposal,
    targetPublisher: target.split('/')[0] ?? target,
    evidence: {
      fingerprint: `sha256-${'A'.repeat(43)}=`,
      qualityScore: 90,
      tests: { framework: 'vitest', total: 12, passed: 12, failed: 0, coveragePercent: 91 },
      benchmarks: [{ name: 'retry', metric: 'throughput', value: 1200, unit: 'ops/s' }],
    },
  };
}

/**
 * The catalog part of the store conformance suite (forks, proposals, notifications, webhook
 * deliveries, revenue). {@link describeRegistryStoreConformance} runs it; call it alone for a
 * store that only implements {@link CatalogStore} in a test of its own.
 *
 * @param name - the implementation's name, for test titles
 * @param factory - makes a fresh, empty store per test
 * @param options - see {@link ConformanceOptions}
 * @example
 * ```ts no-run
 * // catalog-store.test.ts (the suite registers vitest tests: call it at the top of a test file)
 * import { openSqliteStore } from '@pollinate-examples/registry-server';
 * import { describeCatalogStoreConformance } from '@pollinate/registry-store/testing';
 *
 * describeCatalogStoreConformance('sqlite :memory:', () => openSqliteStore(':memory:'));
 * ```
 */
export function describeCatalogStoreConformance(
  name: string,
  factory: RegistryStoreFactory,
  options: ConformanceOptions = {},
): void {
  describe(`CatalogStore conformance: ${name}`, () => {
    let store: RegistryStore;
    const extra: RegistryStore[] = [];
    beforeEach(async () => {
      store = await factory();
    });
    afterEach(async () => {
      for (const other of extra.splice(0)) await other.close();
      await store.close();
    });

    const notice = (publisher: string, overrides: Partial<NotificationInput> = {}): NotificationInput => ({
      publisher,
      kind: 'review',
      patternId: `${publisher}/retry`,
      actor: 'bob',
      createdAt: '2026-11-21T10:00:00.000Z',
      data: { reviewId: 'r1', rating: 5 },
      ...overrides,
    });

    /** acme's webhook, subscribed to review notifications. */
    const subscribeAcmeToReviews = () =>
      store.putWebhook({
        publisher: 'acme',
        url: 'https://hooks.acme.example/pollinate',
        secret: `whsec_${'c2VjcmV0'.repeat(4)}`,
        events: ['review'],
        createdAt: '2026-11-21T10:00:00.000Z',
      });

    it('records a fork when its first version names a parent, and notifies the parent publisher in the same write', async () => {
      await store.putVersion(sampleVersion('acme/retry', '1.0.0'), { advanceLatest: true });
      expect(await store.listForks('acme/retry')).toEqual([]);
      const fork = sampleVersion('payments/retry', '1.0.0', {
        forkOf: { id: 'acme/retry', version: '1.0.0' },
      });
      await store.putVersion(fork, { advanceLatest: true });
      await store.putVersion(
        sampleVersion('payments/retry', '1.1.0', { forkOf: { id: 'acme/retry', version: '1.0.0' } }),
        { advanceLatest: true },
      );
      // Storing the same version again changes nothing (no second notification).
      expect((await store.putVersion(fork, { advanceLatest: true })).status).toBe('exists');
      const expected = {
        id: 'payments/retry',
        version: '1.0.0',
        parentId: 'acme/retry',
        parentVersion: '1.0.0',
        publisher: 'payments',
        createdAt: fork.publishedAt,
      };
      expect(await store.listForks('acme/retry')).toEqual([expected]);
      expect(await store.getFork('payments/retry')).toEqual(expected);
      expect(await store.getFork('acme/retry')).toBeUndefined();
      const feed = await store.listNotifications('acme');
      expect(feed).toHaveLength(1);
      expect(feed[0]).toMatchObject({
        publisher: 'acme',
        kind: 'fork',
        patternId: 'acme/retry',
        actor: 'payments',
        data: {
          fork: { id: 'payments/retry', version: '1.0.0' },
          parent: { id: 'acme/retry', version: '1.0.0' },
        },
      });
      expect(await store.listNotifications('payments')).toEqual([]);
    });

    it('stores proposals once, lists them by status, and decides each exactly once', async () => {
      const first = sampleProposal('acme/retry', 'payments/retry');
      const second = sampleProposal('acme/retry', 'search/retry', 'Cap the delay');
      const told = notice('acme', {
        kind: 'proposal',
        actor: 'payments',
        data: { proposalId: first.proposal.id },
      });
      expect(await store.putProposal(first, told)).toBe('created');
      expect(await store.putProposal(first, told)).toBe('exists');
      expect(await store.putProposal(second, { ...told, actor: 'search' })).toBe('created');
      expect(await store.getProposal('acme/retry', first.proposal.id)).toEqual(first);
      expect(await store.getProposal('acme/other', first.proposal.id)).toBeUndefined();
      expect((await store.listProposals('acme/retry')).map((p) => p.proposal.id)).toEqual([
        first.proposal.id,
        second.proposal.id,
      ]);
      expect((await store.listNotifications('acme')).map((n) => n.kind)).toEqual(['proposal', 'proposal']);

      const decision = {
        status: 'accepted' as const,
        by: 'acme',
        at: '2026-11-22T10:00:00.000Z',
        comment: 'thanks',
      };
      const toProposer = notice('payments', {
        kind: 'proposal-decision',
        patternId: 'acme/retry',
        actor: 'acme',
        data: { proposalId: first.proposal.id, status: 'accepted' },
      });
      const decided = await store.decideProposal('acme/retry', first.proposal.id, decision, toProposer);
      expect(decided.proposal.status).toBe('accepted');
      expect(decided.decision).toEqual({ by: 'acme', at: decision.at, comment: 'thanks' });
      expect(await store.getProposal('acme/retry', first.proposal.id)).toEqual(decided);
      await expect(
        store.decideProposal(
          'acme/retry',
          first.proposal.id,
          { ...decision, status: 'rejected' },
          toProposer,
        ),
      ).rejects.toMatchObject({ code: 'E_CONFLICT' });
      await expect(
        store.decideProposal('acme/retry', 'sha256-missing', decision, toProposer),
      ).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
      expect((await store.listProposals('acme/retry', { status: 'open' })).map((p) => p.proposal.id)).toEqual(
        [second.proposal.id],
      );
      expect((await store.listNotifications('payments')).map((n) => n.kind)).toEqual(['proposal-decision']);

      // Two decisions at once: exactly one wins.
      const outcomes = await Promise.allSettled([
        store.decideProposal('acme/retry', second.proposal.id, decision, toProposer),
        store.decideProposal(
          'acme/retry',
          second.proposal.id,
          { ...decision, status: 'rejected' },
          toProposer,
        ),
      ]);
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      expect(await store.listNotifications('payments')).toHaveLength(2);
    });

    it('keeps one feed per publisher, in sequence order, paged by sequence', async () => {
      const stored = [];
      for (let i = 0; i < 5; i++) stored.push(await store.addNotification(notice(i % 2 ? 'acme' : 'globex')));
      const acme = await store.listNotifications('acme');
      expect(acme.map((n) => n.publisher)).toEqual(['acme', 'acme']);
      for (let i = 1; i < stored.length; i++) {
        expect(stored[i]?.sequence).toBeGreaterThan(stored[i - 1]?.sequence ?? Number.POSITIVE_INFINITY);
      }
      const globex = await store.listNotifications('globex', { limit: 2 });
      expect(globex).toHaveLength(2);
      const rest = await store.listNotifications('globex', { after: globex[1]?.sequence ?? 0 });
      expect(rest.map((n) => n.sequence)).toEqual([stored[4]?.sequence]);
      expect(globex[0]).toEqual(stored[0]);
    });

    it('queues a webhook delivery for each subscribed notification, leases claims and retries until delivered or given up', async () => {
      const secret = `whsec_${'c2VjcmV0'.repeat(4)}`;
      await store.addNotification(notice('acme'));
      expect(await store.claimWebhookDeliveries(Date.now(), 1000, 10)).toEqual([]);
      await store.putWebhook({
        publisher: 'acme',
        url: 'https://hooks.acme.example/pollinate',
        secret,
        events: ['review', 'fork'],
        createdAt: '2026-11-21T10:00:00.000Z',
      });
      expect(await store.getWebhook('acme')).toMatchObject({
        url: 'https://hooks.acme.example/pollinate',
        secret,
      });
      const reviewNotice = await store.addNotification(notice('acme'));
      await store.addNotification(notice('acme', { kind: 'proposal' })); // not subscribed
      await store.addNotification(notice('globex')); // no webhook
      const now = Date.now();
      const claimed = await store.claimWebhookDeliveries(now, 60_000, 10);
      expect(claimed).toHaveLength(1);
      expect(claimed[0]).toMatchObject({
        publisher: 'acme',
        url: 'https://hooks.acme.example/pollinate',
        secret,
        attempts: 0,
        notification: reviewNotice,
      });
      const id = claimed[0]?.id ?? -1;
      // Leased: nobody else gets it until the lease ends.
      expect(await store.claimWebhookDeliveries(now + 1, 60_000, 10)).toEqual([]);
      expect((await store.claimWebhookDeliveries(now + 60_001, 60_000, 10)).map((d) => d.id)).toEqual([id]);
      await store.finishWebhookDelivery(id, {
        delivered: false,
        error: 'HTTP 503',
        nextAttemptAtMs: now + 120_000,
      });
      expect(await store.claimWebhookDeliveries(now + 119_999, 1000, 10)).toEqual([]);
      const again = await store.claimWebhookDeliveries(now + 120_000, 1000, 10);
      expect(again.map((d) => [d.id, d.attempts])).toEqual([[id, 1]]);
      let log = await store.listWebhookDeliveries('acme', 10);
      expect(log).toEqual([
        expect.objectContaining({
          id,
          status: 'pending',
          attempts: 1,
          lastError: 'HTTP 503',
          kind: 'review',
        }),
      ]);
      await store.finishWebhookDelivery(id, { delivered: true });
      expect(await store.claimWebhookDeliveries(now + 10_000_000, 1000, 10)).toEqual([]);
      log = await store.listWebhookDeliveries('acme', 10);
      expect(log[0]).toMatchObject({ status: 'delivered', attempts: 2, nextAttemptAt: null });

      const forked = await store.addNotification(notice('acme', { kind: 'fork' }));
      const [fork] = await store.claimWebhookDeliveries(now + 10_000_000, 1000, 10);
      expect(fork?.notification).toEqual(forked);
      await store.finishWebhookDelivery(fork?.id ?? -1, {
        delivered: false,
        error: 'x'.repeat(2000),
        nextAttemptAtMs: null,
      });
      log = await store.listWebhookDeliveries('acme', 10);
      expect(log[0]).toMatchObject({ status: 'failed', attempts: 1, nextAttemptAt: null });
      expect(log[0]?.lastError?.length).toBeLessThanOrEqual(500);

      // Concurrent dispatchers never claim the same delivery.
      for (let i = 0; i < 6; i++) await store.addNotification(notice('acme'));
      const batches = await Promise.all([
        store.claimWebhookDeliveries(now + 20_000_000, 1000, 4),
        store.claimWebhookDeliveries(now + 20_000_000, 1000, 4),
      ]);
      const ids = batches.flat().map((d) => d.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toHaveLength(6);

      expect(await store.deleteWebhook('acme')).toBe(true);
      expect(await store.deleteWebhook('acme')).toBe(false);
      expect(await store.getWebhook('acme')).toBeUndefined();
      expect(await store.claimWebhookDeliveries(now + 30_000_000, 1000, 10)).toEqual([]);
    });

    it('keeps revenue lines on write, equal to summing the events (oracle), once per event id', async () => {
      const event = (id: string, overrides: Partial<RevenueEvent> = {}): RevenueEvent => ({
        id,
        patternId: 'acme/retry',
        tier: 'Pro',
        team: 'payments',
        type: 'subscription',
        amount: { amount: 29.99, currency: 'USD' },
        at: '2026-11-02T10:00:00.000Z',
        ...overrides,
      });
      const events = [
        event('a'),
        event('b', { type: 'renewal', at: '2026-12-02T10:00:00.000Z' }),
        event('c', { type: 'refund', amount: { amount: 10.005, currency: 'USD' } }),
        event('d', { type: 'cancellation', amount: { amount: 0, currency: 'USD' } }),
        event('e', { patternId: 'acme/breaker', amount: { amount: 99, currency: 'EUR' }, type: 'purchase' }),
        event('f', { at: '2026-11-30T23:30:00-02:00' }),
      ];
      for (const e of events) expect((await store.addRevenueEvent(e, 'acme')).status).toBe('created');
      const repeat = await store.addRevenueEvent({ ...event('a'), tier: 'Other' }, 'acme');
      expect(repeat).toEqual({ status: 'exists', event: events[0] });
      await store.addRevenueEvent(event('g', { patternId: 'globex/queue' }), 'globex');
      expect(await store.revenueLines('acme')).toEqual(summarizeRevenue(events));
      expect(await store.revenueLines('acme', { fromMonth: '2026-12', toMonth: '2026-12' })).toEqual(
        summarizeRevenue(events).filter((line) => line.month === '2026-12'),
      );
      expect(await store.revenueLines('acme', { toMonth: '2026-11' })).toEqual(
        summarizeRevenue(events).filter((line) => line.month === '2026-11'),
      );
      expect(await store.revenueLines('nobody')).toEqual([]);
    });

    it('stores a review and its notification in one write, and neither twice', async () => {
      const heard: StoreChange[] = [];
      store.subscribe((change) => heard.push(change));
      await subscribeAcmeToReviews();
      const review = {
        id: 'rv-1',
        patternId: 'acme/retry',
        reviewer: 'bob',
        rating: 4,
        title: '',
        body: 'works',
        verifiedAdoption: false,
        createdAt: '2026-11-21T10:00:00.000Z',
      };
      const notification = notice('acme', { data: { reviewId: 'rv-1', rating: 4, status: 'accepted' } });
      expect(await store.putReview({ review, status: 'accepted', reasons: [] }, { notification })).toBe(
        'created',
      );
      const feed = await store.listNotifications('acme');
      expect(feed).toEqual([{ ...notification, sequence: feed[0]?.sequence }]);
      const claimed = await store.claimWebhookDeliveries(Date.now(), 60_000, 10);
      expect(claimed.map((delivery) => delivery.notification)).toEqual(feed);
      await waitFor(() => heard.some((change) => change.kind === 'notification'));
      expect(heard).toContainEqual({
        kind: 'notification',
        publisher: 'acme',
        sequence: feed[0]?.sequence,
        webhook: true,
      });
      expect(heard.some((change) => change.kind === 'review' && change.reviewId === 'rv-1')).toBe(true);
      // A retried id stores nothing: no second review, no second notification.
      expect(await store.putReview({ review, status: 'accepted', reasons: [] }, { notification })).toBe(
        'exists',
      );
      expect(await store.listNotifications('acme')).toEqual(feed);
      // Without a notification, only the review.
      await store.putReview({ review: { ...review, id: 'rv-2' }, status: 'accepted', reasons: [] });
      expect(await store.listNotifications('acme')).toEqual(feed);
      expect(
        (await store.listReviews({ patternId: 'acme/retry' })).map((stored) => stored.review.id),
      ).toEqual(['rv-1', 'rv-2']);
    });

    it('tells change-feed listeners about new notifications', async () => {
      const heard: StoreChange[] = [];
      store.subscribe((change) => heard.push(change));
      const stored = await store.addNotification(notice('acme'));
      await waitFor(() => heard.some((change) => change.kind === 'notification'));
      // No webhook subscription: the change says no delivery was queued (no dispatcher needs to look).
      expect(heard).toContainEqual({
        kind: 'notification',
        publisher: 'acme',
        sequence: stored.sequence,
        webhook: false,
      });
      await subscribeAcmeToReviews();
      const subscribed = await store.addNotification(notice('acme'));
      const other = await store.addNotification(notice('acme', { kind: 'fork' }));
      await waitFor(() => heard.filter((change) => change.kind === 'notification').length === 3);
      expect(heard).toContainEqual({
        kind: 'notification',
        publisher: 'acme',
        sequence: subscribed.sequence,
        webhook: true,
      });
      expect(heard).toContainEqual({
        kind: 'notification',
        publisher: 'acme',
        sequence: other.sequence,
        webhook: false,
      });
    });

    if (options.openSibling) {
      const openSibling = options.openSibling;
      it('a sibling store on the same database hears notifications and shares the feed', async () => {
        const sibling = await openSibling(store);
        extra.push(sibling);
        const heard: StoreChange[] = [];
        sibling.subscribe((change) => heard.push(change));
        const stored = await store.addNotification(notice('acme'));
        await waitFor(() => heard.some((change) => change.kind === 'notification'));
        expect(await sibling.listNotifications('acme')).toEqual([stored]);
      });
    }
  });
}

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting for a change');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
