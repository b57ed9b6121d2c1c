import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type RunningRegistry,
  samplePackage,
  startRegistry,
} from '../../../../examples/registry-server/src/index.js';
import { createRegistryClient } from '../client.js';
import { captureCli } from './capture.js';
import { EXIT_CODES } from './program.js';

const TOKENS = { acme: 'acme-token-0123456789', payments: 'payments-token-0123456789' };
let registry: RunningRegistry;
let hooks: Server;
let hookUrl: string;
const hookBodies: string[] = [];

beforeAll(async () => {
  hooks = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      hookBodies.push(body);
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => hooks.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://127.0.0.1:${(hooks.address() as AddressInfo).port}/hook`;
  registry = await startRegistry({
    tokens: `acme:${TOKENS.acme},payments:${TOKENS.payments}`,
    webhooks: { allowHttp: true, allowPrivateNetworks: true, pollIntervalMs: 50 },
    rateLimit: false,
  });
  const acme = createRegistryClient({ baseUrl: registry.url, token: TOKENS.acme, retry: { limit: 0 } });
  await acme.publish(
    samplePackage('acme/retry', '1.0.0', {
      listing: {
        tiers: [
          { name: 'Community', model: 'free', features: ['Core pattern'] },
          {
            name: 'Pro',
            model: 'subscription',
            price: { amount: 29, currency: 'USD' },
            period: 'month',
            support: 'standard',
            sla: { uptimePercent: 99.9, responseTimeHours: 24 },
          },
          { name: 'Enterprise', model: 'contact', contact: 'sales@acme.example', support: 'enterprise' },
        ],
      },
    }),
  );
  await acme.publish(
    samplePackage('acme/breaker', '1.0.0', {
      listing: {
        pricing: { model: 'subscription', price: { amount: 49, currency: 'USD' }, interval: 'month' },
      },
    }),
  );
});
afterAll(async () => {
  await registry?.close();
  await new Promise<void>((resolve) => hooks?.close(() => resolve()));
});

async function cli(team: keyof typeof TOKENS | undefined, args: string[]) {
  return captureCli(args, {
    env: { POLLINATE_REGISTRY: registry.url, ...(team ? { POLLINATE_TOKEN: TOKENS[team] } : {}) },
    cwd: process.cwd(),
  });
}

describe('pollinate CLI: forks, proposals, notifications, webhooks, tiers, purchases, revenue, value', () => {
  it('walks the whole flow against the registry on loopback', async () => {
    const webhook = await cli('acme', ['webhook', 'set', 'acme', hookUrl, '--events', 'fork,proposal']);
    expect(webhook.code).toBe(EXIT_CODES.ok);
    expect(webhook.stdout).toMatch(/secret\s+whsec_/);

    const tiers = await cli(undefined, ['tiers', 'acme/retry']);
    expect(tiers.stdout).toContain('$29.00/month');
    expect(tiers.stdout).toContain('99.9% uptime, 24 h response');
    expect(tiers.stdout).toContain('contact us');

    const fork = await cli('payments', ['fork', 'acme/retry', '--json']);
    expect(fork.code).toBe(EXIT_CODES.ok);
    expect(JSON.parse(fork.stdout)).toMatchObject({ id: 'payments/retry', forkOf: { id: 'acme/retry' } });
    expect((await cli('payments', ['fork', 'acme/retry'])).code).toBe(EXIT_CODES.conflict);
    expect((await cli(undefined, ['fork', 'acme/retry', '--name', 'other'])).code).toBe(EXIT_CODES.auth);

    expect((await cli(undefined, ['forks', 'acme/retry'])).stdout).toContain('payments/retry@1.0.0');
    expect((await cli(undefined, ['info', 'payments/retry'])).stdout).toMatch(
      /forked from\s+acme\/retry@1\.0\.0/,
    );
    expect((await cli(undefined, ['lineage', 'payments/retry'])).stdout).toBe(
      '↑ acme/retry@1.0.0\npayments/retry\n',
    );

    const proposal = await cli('payments', [
      'propose',
      'acme/retry',
      '--fork',
      'payments/retry@1.0.0',
      '--title',
      'Jittered backoff',
      '--change',
      'performance:Add full jitter@src/retry.ts',
      '--json',
    ]);
    expect(proposal.code).toBe(EXIT_CODES.ok);
    const proposalId = JSON.parse(proposal.stdout).proposal.id as string;
    expect(
      (
        await cli('payments', [
          'propose',
          'acme/retry',
          '--fork',
          'payments/retry',
          '--title',
          't',
          '--change',
          'fix:x',
        ])
      ).code,
    ).toBe(EXIT_CODES.usage);
    expect(
      (
        await cli('payments', [
          'propose',
          'acme/retry',
          '--fork',
          'payments/retry@1.0.0',
          '--title',
          't',
          '--change',
          'bogus:x',
        ])
      ).code,
    ).toBe(EXIT_CODES.usage);

    const listed = await cli(undefined, ['proposals', 'acme/retry', '--status', 'open']);
    expect(listed.stdout).toContain('Jittered backoff');
    expect(listed.stdout).toContain('12/12');
    expect((await cli('payments', ['accept-proposal', 'acme/retry', proposalId])).code).toBe(EXIT_CODES.auth);
    const declined = await cli('acme', [
      'decline-proposal',
      'acme/retry',
      proposalId,
      '--comment',
      'not now',
    ]);
    expect(declined.stdout).toBe(`${proposalId}: rejected\n`);
    expect((await cli('acme', ['accept-proposal', 'acme/retry', proposalId])).code).toBe(EXIT_CODES.conflict);

    const feed = await cli('acme', ['notifications', 'acme', '--json']);
    expect(JSON.parse(feed.stdout).notifications.map((n: { kind: string }) => n.kind)).toEqual([
      'fork',
      'proposal',
    ]);
    expect((await cli('payments', ['notifications', 'payments'])).stdout).toContain('proposal-decision');
    expect((await cli('payments', ['notifications', 'acme'])).code).toBe(EXIT_CODES.auth);

    const purchase = await cli('payments', [
      'purchase',
      'acme/retry',
      '--tier',
      'Pro',
      '--type',
      'subscription',
      '--id',
      'evt-1',
    ]);
    expect(purchase.stdout).toContain('$29.00');
    expect(
      (await cli('payments', ['purchase', 'acme/retry', '--tier', 'Pro', '--type', 'purchase'])).code,
    ).toBe(EXIT_CODES.usage);
    await cli('payments', [
      'purchase',
      'acme/retry',
      '--tier',
      'Enterprise',
      '--amount',
      '1200',
      '--id',
      'evt-2',
    ]);
    const revenue = await cli('acme', ['revenue', 'acme']);
    expect(revenue.stdout).toContain('acme/retry');
    expect(revenue.stdout).toContain('total: $1,229.00');

    const value = await cli(undefined, [
      'value',
      'acme/retry',
      '--hourly-rate',
      '100',
      '--hours-saved',
      '10',
      '--tier',
      'Pro',
    ]);
    expect(value.code).toBe(EXIT_CODES.ok);
    expect(value.stdout).toMatch(/net value\s+\$971\.00\/month/);
    expect(value.stdout).toContain('acme/breaker');
    expect((await cli(undefined, ['value', 'acme/retry', '--hourly-rate', '-3'])).code).toBe(
      EXIT_CODES.usage,
    );

    // The webhook got the fork and the proposal (not the decision: it went to payments).
    const deadline = Date.now() + 5000;
    while (hookBodies.length < 2 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(hookBodies.map((body) => JSON.parse(body).type).sort()).toEqual([
      'pollinate.fork',
      'pollinate.proposal',
    ]);
    const shown = await cli('acme', ['webhook', 'show', 'acme']);
    expect(shown.stdout).toContain('delivered');
    expect((await cli('acme', ['webhook', 'remove', 'acme'])).code).toBe(EXIT_CODES.ok);
    expect((await cli('acme', ['webhook', 'show', 'acme'])).code).toBe(EXIT_CODES.notFound);
  });
});
