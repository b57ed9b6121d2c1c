import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type CatalogClient,
  createCatalogClient,
  createRegistryClient,
  type RegistryClient,
} from '@pollinate/client';
import { fingerprint, PatternPackageSchema } from '@pollinate/core';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bothStores } from '../test/fixtures/postgres-schemas.js';
import { parseRegistryCommand } from './command-line.js';
import { samplePackage } from './fixtures.js';
import { buildOpenApiDocument } from './openapi.js';
import { type RunningRegistry, startRegistry } from './registry.js';
import type { RegistryStore } from './store.js';

/** A real HTTP receiver on loopback: records every webhook request; answers `failFirst` requests with 503. */
async function startReceiver(failFirst: number) {
  const received: { headers: IncomingHttpHeaders; body: string; status: number }[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      body += chunk;
    });
    request.on('end', () => {
      const status = received.length < failFirst ? 503 : 204;
      received.push({ headers: request.headers, body, status });
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/pollinate`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() - start > timeoutMs) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const TOKENS = {
  acme: 'acme-token-0123456789',
  payments: 'payments-token-0123456789',
  search: 'search-token-0123456789',
};

const tiers = [
  { name: 'Community', model: 'free', support: 'community', features: ['Core pattern'] },
  {
    name: 'Pro',
    model: 'subscription',
    price: { amount: 29, currency: 'USD' },
    period: 'month',
    support: 'standard',
    sla: { responseTimeHours: 24 },
  },
  { name: 'Enterprise', model: 'contact', contact: 'sales@acme.example', support: 'enterprise' },
];

const stores = bothStores('test_catalog');

describe.each(stores)(
  'forks, proposals, notifications, webhooks, tiers and revenue over HTTP (%s)',
  (_name, open) => {
    let store: RegistryStore;
    let registry: RunningRegistry;
    let receiver: Awaited<ReturnType<typeof startReceiver>>;
    // The registry client with its catalog calls (createCatalogClient shares its transport).
    const withCatalog = (client: RegistryClient): RegistryClient & CatalogClient => ({
      ...client,
      ...createCatalogClient(client),
    });
    const as = (team: keyof typeof TOKENS) =>
      withCatalog(createRegistryClient({ baseUrl: registry.url, token: TOKENS[team], retry: { limit: 0 } }));
    const anonymous = () => withCatalog(createRegistryClient({ baseUrl: registry.url, retry: { limit: 0 } }));

    beforeAll(async () => {
      store = await open();
      receiver = await startReceiver(1);
      registry = await startRegistry({
        store,
        tokens: Object.entries(TOKENS)
          .map(([team, token]) => `${team}:${token}`)
          .join(','),
        webhooks: {
          allowHttp: true,
          allowPrivateNetworks: true,
          pollIntervalMs: 50,
          backoffBaseMs: 30,
          backoffMaxMs: 200,
          maxAttempts: 3,
        },
        rateLimit: false,
      });
      await as('acme').publish(samplePackage('acme/retry', '1.0.0', { listing: { tiers } }));
      await as('acme').publish(
        samplePackage('acme/breaker', '1.0.0', {
          listing: {
            tiers: [
              { name: 'Pro', model: 'subscription', price: { amount: 49, currency: 'USD' }, period: 'month' },
            ],
          },
        }),
      );
      await as('search').publish(
        samplePackage('search/backoff', '1.0.0', {
          listing: {
            pricing: { model: 'subscription', price: { amount: 10, currency: 'EUR' }, interval: 'month' },
          },
        }),
      );
      await as('search').publish(samplePackage('search/jitter', '1.0.0'));
    });
    afterAll(async () => {
      await registry?.close();
      await store?.close();
      await receiver?.close();
    });

    it('sets a webhook and shows its signing secret once', async () => {
      const set = await as('acme').setWebhook('acme', { url: receiver.url });
      expect(set.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
      expect(set.events).toEqual(['fork', 'proposal', 'proposal-decision', 'review']);
      const shown = await as('acme').getWebhook('acme');
      expect(shown.secret).toBeUndefined();
      expect(shown.url).toBe(receiver.url);
      await expect(as('payments').getWebhook('acme')).rejects.toMatchObject({ status: 403 });
      await expect(anonymous().getWebhook('acme')).rejects.toMatchObject({ status: 401 });
      await expect(
        as('payments').setWebhook('payments', { url: 'ftp://example.com/x' } as never),
      ).rejects.toMatchObject({ status: 400 });
    });

    it('forks into the caller’s scope with lineage, tells the parent’s publisher, and delivers a signed webhook with retries', async () => {
      const { secret } = await as('acme').setWebhook('acme', { url: receiver.url });
      const fork = await as('payments').forkPattern('acme/retry', { name: 'retry' });
      expect(fork).toMatchObject({
        id: 'payments/retry',
        version: '1.0.0',
        forkOf: { id: 'acme/retry', version: '1.0.0' },
      });
      await expect(as('payments').forkPattern('acme/retry', { name: 'retry' })).rejects.toMatchObject({
        status: 409,
        code: 'E_PATTERN_EXISTS',
      });
      await expect(anonymous().forkPattern('acme/retry')).rejects.toMatchObject({ status: 401 });
      await expect(as('payments').forkPattern('acme/missing')).rejects.toMatchObject({ status: 404 });

      const detail = await anonymous().getPattern('payments/retry');
      expect(detail.latest?.forkOf).toEqual({ id: 'acme/retry', version: '1.0.0' });
      expect(await anonymous().listForks('acme/retry')).toEqual([
        expect.objectContaining({ id: 'payments/retry', parentId: 'acme/retry', publisher: 'payments' }),
      ]);
      await as('search').forkPattern('payments/retry', { name: 'retry-2' });
      const down = await anonymous().getLineage('acme/retry');
      expect(down.descendants.map((d) => [d.id, d.depth])).toEqual([
        ['payments/retry', 1],
        ['search/retry-2', 2],
      ]);
      const up = await anonymous().getLineage('search/retry-2');
      expect(up.ancestors.map((a) => [a.id, a.depth, a.known])).toEqual([
        ['payments/retry', 1, true],
        ['acme/retry', 2, true],
      ]);

      const feed = await as('acme').listNotifications('acme');
      expect(feed.notifications).toEqual([
        expect.objectContaining({
          kind: 'fork',
          patternId: 'acme/retry',
          actor: 'payments',
          data: {
            fork: { id: 'payments/retry', version: '1.0.0' },
            parent: { id: 'acme/retry', version: '1.0.0' },
          },
        }),
      ]);
      await expect(as('payments').listNotifications('acme')).rejects.toMatchObject({ status: 403 });

      // The receiver refused the first attempt (503); the dispatcher retried with backoff.
      const deliveries = await eventually(
        () => as('acme').getWebhook('acme'),
        (doc) => doc.deliveries.some((d) => d.status === 'delivered'),
      );
      expect(deliveries.deliveries[0]).toMatchObject({ kind: 'fork', status: 'delivered', attempts: 2 });
      const attempts = receiver.received.filter((r) => JSON.parse(r.body).type === 'pollinate.fork');
      expect(attempts.map((r) => r.status)).toEqual([503, 204]);
      for (const attempt of attempts) {
        // Standard Webhooks verification with the secret: the body is exactly what was signed.
        const verified = new Webhook(secret ?? '').verify(attempt.body, {
          'webhook-id': String(attempt.headers['webhook-id']),
          'webhook-timestamp': String(attempt.headers['webhook-timestamp']),
          'webhook-signature': String(attempt.headers['webhook-signature']),
        }) as { type: string; data: { kind: string; actor: string } };
        expect(verified).toMatchObject({ type: 'pollinate.fork', data: { kind: 'fork', actor: 'payments' } });
      }
      expect(attempts[0]?.headers['webhook-id']).toBe(attempts[1]?.headers['webhook-id']);
      const tampered = attempts[1]?.body.replace('payments', 'attacker') ?? '';
      expect(() =>
        new Webhook(secret ?? '').verify(tampered, {
          'webhook-id': String(attempts[1]?.headers['webhook-id']),
          'webhook-timestamp': String(attempts[1]?.headers['webhook-timestamp']),
          'webhook-signature': String(attempts[1]?.headers['webhook-signature']),
        }),
      ).toThrow();
    });

    it('refuses a publish whose forkOf names a version the registry lacks', async () => {
      await expect(
        as('payments').publish(
          samplePackage('payments/ghost', '1.0.0', {
            listing: { forkOf: { id: 'acme/nothing', version: '1.0.0' } },
          }),
        ),
      ).rejects.toMatchObject({ status: 422, code: 'E_UNKNOWN_FORK_PARENT' });
    });

    it('takes proposals from forks through the publish gates, and lets the owner decide once', async () => {
      await as('payments').publish(
        samplePackage('payments/retry', '1.0.1', {
          listing: { forkOf: { id: 'acme/retry', version: '1.0.0' }, tiers },
          fields: {
            benchmarks: [{ name: 'retry', metric: 'throughput', value: 1500, unit: 'ops/s', baseline: 1200 }],
          },
        }),
      );
      const request = {
        fork: { id: 'payments/retry', version: '1.0.1' },
        title: 'Jittered backoff',
        changes: [{ kind: 'performance' as const, summary: 'Add full jitter', location: 'src/retry.ts' }],
      };
      const created = await as('payments').submitProposal('acme/retry', request);
      expect(created.proposal).toMatchObject({
        status: 'open',
        parent: { id: 'acme/retry', version: '1.0.0' },
      });
      expect(created.evidence.tests).toMatchObject({ passed: 12, total: 12 });
      expect(created.evidence.benchmarks[0]).toMatchObject({ value: 1500, baseline: 1200 });
      expect(created.report.publishable).toBe(true);
      const again = await as('payments').submitProposal('acme/retry', request);
      expect(again.proposal.id).toBe(created.proposal.id);
      await expect(as('search').submitProposal('acme/retry', request)).rejects.toMatchObject({ status: 403 });
      await expect(
        as('search').submitProposal('acme/breaker', {
          ...request,
          fork: { id: 'search/jitter', version: '1.0.0' },
        }),
      ).rejects.toMatchObject({ status: 422, code: 'E_NOT_A_FORK' });

      // A fork version stored before a stricter policy (no tests): the proposal is refused by the gates.
      const weak = PatternPackageSchema.parse(
        samplePackage('payments/retry', '1.0.2', {
          listing: { forkOf: { id: 'acme/retry', version: '1.0.0' } },
          fields: { tests: undefined },
        }),
      );
      await store.putVersion({
        id: 'payments/retry',
        version: '1.0.2',
        publisher: 'payments',
        fingerprint: fingerprint(weak),
        publishedAt: new Date().toISOString(),
        package: weak,
      });
      await expect(
        as('payments').submitProposal('acme/retry', {
          ...request,
          fork: { id: 'payments/retry', version: '1.0.2' },
        }),
      ).rejects.toMatchObject({ status: 422, code: 'E_NOT_PUBLISHABLE' });

      expect((await anonymous().listProposals('acme/retry')).map((p) => p.proposal.id)).toEqual([
        created.proposal.id,
      ]);
      const feed = await as('acme').listNotifications('acme');
      expect(feed.notifications.filter((n) => n.kind === 'proposal')).toEqual([
        expect.objectContaining({
          actor: 'payments',
          data: expect.objectContaining({ proposalId: created.proposal.id }),
        }),
      ]);

      await expect(
        as('payments').decideProposal('acme/retry', created.proposal.id, { status: 'accepted' }),
      ).rejects.toMatchObject({ status: 403 });
      const accepted = await as('acme').decideProposal('acme/retry', created.proposal.id, {
        status: 'accepted',
        comment: 'Merged into 1.1.0',
      });
      expect(accepted.proposal.status).toBe('accepted');
      expect(accepted.decision).toMatchObject({ by: 'acme', comment: 'Merged into 1.1.0' });
      await expect(
        as('acme').decideProposal('acme/retry', created.proposal.id, { status: 'rejected' }),
      ).rejects.toMatchObject({ status: 409, code: 'E_PROPOSAL_DECIDED' });
      expect(await anonymous().getProposal('acme/retry', created.proposal.id)).toEqual(accepted);
      expect(await anonymous().listProposals('acme/retry', { status: 'open' })).toEqual([]);
      const told = await as('payments').listNotifications('payments');
      expect(told.notifications.map((n) => [n.kind, n.data.status])).toContainEqual([
        'proposal-decision',
        'accepted',
      ]);
    });

    it('tells the publisher about reviews of its patterns', async () => {
      await as('search').submitReview('acme/breaker', {
        rating: 4,
        title: 'Solid',
        body: 'Works under load.',
      });
      const feed = await eventually(
        () => as('acme').listNotifications('acme'),
        (page) => page.notifications.some((n) => n.kind === 'review'),
      );
      expect(feed.notifications.find((n) => n.kind === 'review')).toMatchObject({
        patternId: 'acme/breaker',
        actor: 'search',
        data: expect.objectContaining({ rating: 4 }),
      });
      // Pages by sequence.
      const first = await as('acme').listNotifications('acme', { limit: 1 });
      expect(first.nextAfter).toBe(first.notifications[0]?.sequence);
      const rest = await as('acme').listNotifications('acme', { after: first.nextAfter ?? 0 });
      expect(rest.notifications[0]?.sequence).toBeGreaterThan(first.nextAfter ?? 0);
    });

    it('records purchases and subscriptions of tiers and shows monthly revenue per pattern and in total', async () => {
      const pattern = await anonymous().getPattern('acme/retry');
      expect(pattern.latest?.tiers?.map((t) => t.name)).toEqual(['Community', 'Pro', 'Enterprise']);
      const subscribed = await as('payments').recordPurchase('acme/retry', {
        id: 'sub-1',
        tier: 'Pro',
        type: 'subscription',
      });
      expect(subscribed).toMatchObject({
        team: 'payments',
        amount: { amount: 29, currency: 'USD' },
        type: 'subscription',
      });
      expect(
        await as('payments').recordPurchase('acme/retry', { id: 'sub-1', tier: 'Pro', type: 'subscription' }),
      ).toEqual(subscribed);
      await as('search').recordPurchase(
        'acme/retry',
        { tier: 'Pro', type: 'subscription' },
        { idempotencyKey: 'k-2' },
      );
      await as('search').recordPurchase(
        'acme/retry',
        { tier: 'Enterprise', type: 'purchase', amount: { amount: 5000, currency: 'USD' } },
        { idempotencyKey: 'k-3' },
      );
      await as('payments').recordPurchase(
        'acme/breaker',
        { tier: 'Pro', type: 'subscription' },
        { idempotencyKey: 'k-4' },
      );
      await expect(
        as('payments').recordPurchase('acme/retry', {
          tier: 'Pro',
          type: 'subscription',
          amount: { amount: 1, currency: 'USD' },
        }),
      ).rejects.toMatchObject({ status: 422, code: 'E_PRICE_MISMATCH' });
      await expect(
        as('payments').recordPurchase('acme/retry', { tier: 'Community', type: 'purchase' }),
      ).rejects.toMatchObject({ status: 422, code: 'E_TIER_MODEL_MISMATCH' });
      await expect(
        as('payments').recordPurchase('acme/retry', { tier: 'Gold', type: 'purchase' }),
      ).rejects.toMatchObject({
        status: 422,
        code: 'E_UNKNOWN_TIER',
      });
      await expect(
        as('payments').recordPurchase('acme/retry', { tier: 'Pro', type: 'refund', team: 'payments' }),
      ).rejects.toMatchObject({ status: 403 });
      await as('acme').recordPurchase(
        'acme/retry',
        { tier: 'Pro', type: 'refund', team: 'payments', amount: { amount: 9.5, currency: 'USD' } },
        { idempotencyKey: 'k-5' },
      );

      const month = new Date().toISOString().slice(0, 7);
      const revenue = await as('acme').getRevenue('acme');
      expect(revenue.months).toEqual([
        {
          month,
          currency: 'USD',
          total: 29 + 29 + 5000 + 49 - 9.5,
          patterns: [
            { patternId: 'acme/breaker', amount: 49 },
            { patternId: 'acme/retry', amount: 29 + 29 + 5000 - 9.5 },
          ],
        },
      ]);
      expect(revenue.totals).toEqual([{ currency: 'USD', total: 5097.5 }]);
      expect((await as('acme').getRevenue('acme', { from: '2000-01', to: '2000-12' })).months).toEqual([]);
      await expect(as('payments').getRevenue('acme')).rejects.toMatchObject({ status: 403 });
    });

    it('estimates value at a tier’s price against the category, skipping other currencies', async () => {
      const value = await anonymous().estimateValue('acme/retry', {
        hourlyRate: 100,
        hoursSavedPerMonth: 10,
        tier: 'Pro',
      });
      expect(value.cost).toEqual({
        tier: 'Pro',
        monthlyPrice: 29,
        oneTimeCost: 0,
        currency: 'USD',
        basis: 'list',
      });
      expect(value.estimate.monthlyValue).toBe(1000 - 29);
      const alternatives = value.estimate.comparison?.alternatives ?? [];
      expect(alternatives.map((a) => a.id)).toContain('acme/breaker');
      expect(alternatives.find((a) => a.id === 'acme/breaker')?.annualDifference).toBe((49 - 29) * 12);
      expect(value.skipped).toContainEqual({ id: 'search/backoff', reason: 'priced in EUR, not USD' });
      await expect(
        anonymous().estimateValue('acme/retry', { hourlyRate: 100, tier: 'Platinum' }),
      ).rejects.toMatchObject({ status: 422, code: 'E_UNKNOWN_TIER' });
      await expect(
        anonymous().estimateValue('acme/retry', { hourlyRate: 100, tier: 'Enterprise' }),
      ).rejects.toMatchObject({ status: 422, code: 'E_NO_PRICE' });
      await expect(anonymous().estimateValue('acme/retry', { hourlyRate: -1 })).rejects.toMatchObject({
        status: 400,
      });
    });

    it('shows the tiers side by side and the lineage on the detail pages', async () => {
      const page = await (await fetch(`${registry.url}/patterns/acme/retry`)).text();
      expect(page).toContain('<caption class="sr-only">Pricing tiers</caption>');
      for (const text of [
        'Community',
        'Free',
        'per month',
        'Contact us',
        'sales@acme.example',
        'response within 24 h',
      ]) {
        expect(page).toContain(text);
      }
      expect(page).toContain('Fork: <a href="/patterns/payments/retry">payments/retry</a>');
      const forkPage = await (await fetch(`${registry.url}/patterns/payments/retry`)).text();
      expect(forkPage).toContain('Forked from <a href="/patterns/acme/retry">acme/retry</a>@1.0.0');
    });

    it('gives up a webhook delivery after its last attempt and removes the webhook', async () => {
      const { secret: _secret } = await as('payments').setWebhook('payments', {
        url: 'http://127.0.0.1:9/closed-port',
        events: ['review'],
      });
      await as('search').submitReview('payments/retry', {
        rating: 5,
        title: 'Nice fork',
        body: 'Jitter helps.',
      });
      const doc = await eventually(
        () => as('payments').getWebhook('payments'),
        (webhook) => webhook.deliveries.some((d) => d.status === 'failed'),
      );
      expect(doc.deliveries[0]).toMatchObject({ kind: 'review', status: 'failed', attempts: 3 });
      expect(doc.deliveries[0]?.lastError).toMatch(/^Error: bad port/);
      await as('payments').deleteWebhook('payments');
      await expect(as('payments').getWebhook('payments')).rejects.toMatchObject({ status: 404 });
    });
  },
);

describe('OpenAPI document', () => {
  it('documents every catalog route with its schemas', () => {
    const doc = buildOpenApiDocument() as {
      paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, unknown> }>>;
    };
    const expected: [string, string][] = [
      ['/api/v1/patterns/{scope}/{name}/forks', 'post'],
      ['/api/v1/patterns/{scope}/{name}/forks', 'get'],
      ['/api/v1/patterns/{scope}/{name}/lineage', 'get'],
      ['/api/v1/patterns/{scope}/{name}/proposals', 'post'],
      ['/api/v1/patterns/{scope}/{name}/proposals', 'get'],
      ['/api/v1/patterns/{scope}/{name}/proposals/{proposal}', 'get'],
      ['/api/v1/patterns/{scope}/{name}/proposals/{proposal}', 'patch'],
      ['/api/v1/publishers/{publisher}/notifications', 'get'],
      ['/api/v1/publishers/{publisher}/webhook', 'put'],
      ['/api/v1/publishers/{publisher}/webhook', 'get'],
      ['/api/v1/publishers/{publisher}/webhook', 'delete'],
      ['/api/v1/patterns/{scope}/{name}/purchases', 'post'],
      ['/api/v1/publishers/{publisher}/revenue', 'get'],
      ['/api/v1/patterns/{scope}/{name}/value', 'get'],
    ];
    for (const [path, method] of expected) {
      const operation = doc.paths[path]?.[method];
      expect(operation, `${method} ${path}`).toBeDefined();
      expect(Object.keys(operation?.responses ?? {}).some((status) => status.startsWith('2'))).toBe(true);
      if (method === 'post' || method === 'put' || method === 'patch')
        expect(operation?.requestBody).toBeDefined();
    }
  });
});

describe('--webhooks', () => {
  it('delivers to https on public addresses by default, http and private networks too with any, nothing with off', () => {
    const options = (argv: string[]) => {
      const command = parseRegistryCommand(argv, {});
      if (command.help) throw new Error('help');
      return command.options.webhooks;
    };
    expect(options([])).toBeUndefined();
    expect(options(['--webhooks', 'any'])).toEqual({ allowHttp: true, allowPrivateNetworks: true });
    expect(options(['--webhooks', 'off'])).toBe(false);
    expect(() => options(['--webhooks', 'sometimes'])).toThrow(/--webhooks must be/);
  });
});
