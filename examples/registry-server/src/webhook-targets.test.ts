import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegistryApp } from './app.js';
import { openSqliteStore } from './sqlite-store.js';
import type { StoredNotification } from './store.js';
import {
  isPublicAddress,
  PrivateWebhookTargetError,
  privateTargetReason,
  publicOnlyFetch,
} from './webhook-targets.js';
import { createWebhookDispatcher } from './webhooks.js';

describe('isPublicAddress', () => {
  it.each([
    ['93.184.216.34', true],
    ['8.8.8.8', true],
    ['2606:4700:4700::1111', true],
    ['127.0.0.1', false],
    ['10.1.2.3', false],
    ['172.16.0.1', false],
    ['192.168.1.10', false],
    ['169.254.169.254', false],
    ['100.64.0.1', false],
    ['0.0.0.0', false],
    ['224.0.0.1', false],
    ['::1', false],
    ['fc00::1', false],
    ['fe80::1', false],
    ['::ffff:127.0.0.1', false],
    ['::ffff:10.0.0.1', false],
    ['not an address', false],
  ])('%s → %s', (address, expected) => expect(isPublicAddress(address)).toBe(expected));
});

describe('privateTargetReason', () => {
  it.each([
    ['https://localhost/hook', 'the host localhost is this machine'],
    ['https://api.localhost:8443/hook', 'the host api.localhost is this machine'],
    ['https://127.0.0.1/hook', 'the host 127.0.0.1 is not a public address'],
    ['https://[::1]:9000/hook', 'the host ::1 is not a public address'],
    ['https://169.254.169.254/latest/meta-data', 'the host 169.254.169.254 is not a public address'],
    ['https://10.0.0.7/hook', 'the host 10.0.0.7 is not a public address'],
  ])('refuses %s', (url, reason) => expect(privateTargetReason(new URL(url))).toBe(reason));

  it.each([
    'https://hooks.example.com/pollinate',
    'https://93.184.216.34/hook',
    'https://[2606:4700:4700::1111]/x',
  ])('accepts %s (names are checked when resolved)', (url) =>
    expect(privateTargetReason(new URL(url))).toBeUndefined(),
  );
});

describe('deliveries connect to public addresses only', () => {
  let server: Server;
  let port = 0;
  let received = 0;
  beforeAll(async () => {
    server = createServer((request, response) => {
      received++;
      request.resume();
      response.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('refuses an address literal before connecting', async () => {
    const before = received;
    await expect(
      publicOnlyFetch()(`http://127.0.0.1:${port}/hook`, { method: 'POST' }),
    ).rejects.toBeInstanceOf(PrivateWebhookTargetError);
    expect(received).toBe(before);
  });

  // A name that pointed elsewhere when the webhook was set and resolves to loopback now (DNS rebinding).
  const rebinding = (address: string) =>
    publicOnlyFetch({
      resolve: (hostname, callback) =>
        hostname === 'hooks.rebinding.test'
          ? callback(null, [
              { address: '93.184.216.34', family: 4 },
              { address, family: 4 },
            ])
          : callback(
              Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }),
              [],
            ),
    });

  it('refuses a name any of whose addresses is private, when it is resolved', async () => {
    const before = received;
    const failure = await rebinding('127.0.0.1')(`http://hooks.rebinding.test:${port}/hook`, {
      method: 'POST',
    }).then(
      () => undefined,
      (error: unknown) => error,
    );
    const reason = failure instanceof PrivateWebhookTargetError ? failure : (failure as Error).cause;
    expect(reason).toBeInstanceOf(PrivateWebhookTargetError);
    expect(String((reason as Error).message)).toMatch(/not a public address/);
    expect(received).toBe(before);
  });

  /** Runs a dispatcher once over a store holding one due delivery to the loopback receiver; the outcomes it recorded. */
  async function deliverOnce(allowPrivateNetworks: boolean) {
    const notification = {
      sequence: 1,
      kind: 'review',
      createdAt: '2026-12-05T00:00:00Z',
    } as StoredNotification;
    const delivery = {
      id: 1,
      url: `http://localhost:${port}/hook`,
      secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      attempts: 0,
      notification,
    };
    const finished: { delivered: boolean; error?: string }[] = [];
    const store = {
      claimWebhookDeliveries: async () => (finished.length === 0 ? [delivery] : []),
      finishWebhookDelivery: async (_id: number, outcome: { delivered: boolean; error?: string }) => {
        finished.push(outcome);
      },
    } as unknown as Parameters<typeof createWebhookDispatcher>[0];
    const dispatcher = createWebhookDispatcher(store, {
      allowHttp: true,
      allowPrivateNetworks,
      pollIntervalMs: 60_000,
      now: () => new Date('2026-12-05T00:00:00Z'),
      logError: (error) => {
        throw error;
      },
    });
    await dispatcher.runOnce();
    await dispatcher.stop();
    return finished;
  }

  it('a dispatcher records the refusal as the delivery error and never reaches the receiver', async () => {
    const before = received;
    const finished = await deliverOnce(false);
    expect(finished).toEqual([
      {
        delivered: false,
        error: 'PrivateWebhookTargetError: the host localhost is this machine',
        nextAttemptAtMs: expect.any(Number),
      },
    ]);
    expect(received).toBe(before);
  });

  it('with allowPrivateNetworks, the same delivery arrives', async () => {
    const before = received;
    expect(await deliverOnce(true)).toEqual([{ delivered: true }]);
    expect(received).toBe(before + 1);
  });
});

describe('PUT /api/v1/publishers/{publisher}/webhook', () => {
  const put = (app: ReturnType<typeof createRegistryApp>, url: string) =>
    app.fetch(
      new Request('http://registry/api/v1/publishers/acme/webhook', {
        method: 'PUT',
        body: JSON.stringify({ url }),
        headers: { 'content-type': 'application/json', authorization: 'Bearer acme-token-0123456789' },
      }),
    );

  it('refuses URLs that name private hosts, and accepts them when the operator allows private networks', async () => {
    const strict = createRegistryApp({
      store: openSqliteStore(':memory:'),
      tokens: 'acme:acme-token-0123456789',
      webhooks: { pollIntervalMs: 60_000 },
      rateLimit: false,
    });
    for (const url of ['https://169.254.169.254/latest', 'https://localhost/hook', 'https://[::1]/hook']) {
      const response = await put(strict, url);
      expect(response.status, url).toBe(400);
      expect(await response.json()).toMatchObject({
        code: 'E_VALIDATION',
        issues: [{ path: ['url'], message: expect.stringMatching(/this machine|not a public address/) }],
      });
    }
    expect((await put(strict, 'https://hooks.example.com/pollinate')).status).toBe(200);

    const open = createRegistryApp({
      store: openSqliteStore(':memory:'),
      tokens: 'acme:acme-token-0123456789',
      webhooks: { allowPrivateNetworks: true, pollIntervalMs: 60_000 },
      rateLimit: false,
    });
    expect((await put(open, 'https://10.0.0.7/hook')).status).toBe(200);
  });
});
