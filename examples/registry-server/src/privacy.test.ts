import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type AuditEvent,
  createPrivacyClient,
  createRegistryClient,
  isForbiddenError,
  isNotFoundError,
  isRegistryError,
  type RegistryClient,
} from '@pollinate/client';
import type { Contribution } from '@pollinate/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migration as baseMigration } from '../test/fixtures/migration.js';
import { type RunningRegistry, startRegistry } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'pollinate-privacy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TOKENS = {
  'acme-token-0123456789': 'acme',
  'zeta-token-0123456789': 'zeta',
  'blue-token-0123456789': 'blue',
  'ops0-token-0123456789': 'ops',
};
const DAY = 86_400_000;

function migration(id: string, contributor: string, overrides: Partial<Contribution> = {}): Contribution {
  return baseMigration(id, {
    contributor,
    steps: [{ action: `restore the replica set ${id}`, durationSeconds: 5400, success: true }],
    durationHours: 6,
    ...overrides,
  });
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error,
  );
}

describe('data-subject rights over HTTP and the client, each in the audit log', () => {
  let registry: RunningRegistry;
  let clock = Date.parse('2026-12-01T09:00:00.000Z');
  const clients: Record<string, RegistryClient> = {};
  const pseudonyms: Record<string, string> = {};

  beforeAll(async () => {
    registry = await startRegistry({
      db: join(dir, 'rights.db'),
      tokens: TOKENS,
      operators: ['ops'],
      now: () => new Date(clock),
      maintenanceIntervalMs: 0,
      network: { signingSecret: new Uint8Array(32).fill(7) },
    });
    for (const [token, publisher] of Object.entries(TOKENS)) {
      clients[publisher] = createRegistryClient({ baseUrl: registry.url, token, retry: false, cache: false });
    }
    for (const publisher of ['acme', 'zeta', 'blue']) {
      pseudonyms[publisher] = (
        await createPrivacyClient(clients[publisher]!).getContributorIdentity()
      ).pseudonym;
    }
  });
  afterAll(() => registry.close());

  const acme = () => clients.acme as RegistryClient;
  const ops = () => clients.ops as RegistryClient;

  it('stores consent per pseudonym with time and scope; a first contribution with consent records the opt-in', async () => {
    const p = pseudonyms.acme as string;
    expect(await createPrivacyClient(acme()).getConsent(p)).toEqual({
      pseudonym: p,
      scope: 'pattern-network',
      granted: false,
      history: [],
    });
    await acme().contribute(migration('acme-1', p), { consent: true });
    const status = await createPrivacyClient(acme()).getConsent(p);
    expect(status.granted).toBe(true);
    expect(status.history).toEqual([
      {
        pseudonym: p,
        publisher: 'acme',
        granted: true,
        scope: 'pattern-network',
        at: '2026-12-01T09:00:00.000Z',
      },
    ]);
    // Granting again while in force records nothing new.
    expect((await createPrivacyClient(acme()).grantConsent(p)).history).toHaveLength(1);
    const zeta = pseudonyms.zeta as string;
    expect((await createPrivacyClient(clients.zeta!).grantConsent(zeta)).granted).toBe(true);
    // Only the pseudonym's owner sees or changes its consent.
    expect(isForbiddenError(await failure(createPrivacyClient(clients.zeta!).getConsent(p)))).toBe(true);
    expect(
      isNotFoundError(await failure(createPrivacyClient(acme()).getConsent('unknown-pseudonym-00'))),
    ).toBe(true);
  });

  it('publishes aggregates of at least 3 distinct contributors by default, never fewer on request', async () => {
    await clients.zeta!.contribute(migration('zeta-1', pseudonyms.zeta as string, { durationHours: 9 }), {
      consent: true,
    });
    expect((await acme().networkPatterns()).patterns).toEqual([]);
    const tooFew = await failure(acme().networkPatterns({ minContributors: 2 }));
    expect(isRegistryError(tooFew) && tooFew.status).toBe(400);
    await clients.blue!.contribute(migration('blue-1', pseudonyms.blue as string, { durationHours: 12 }), {
      consent: true,
    });
    const [pattern] = (await acme().networkPatterns()).patterns;
    expect(pattern).toMatchObject({ contributors: 3, executions: 3, meanDurationHours: 9 });
    expect((await acme().stats()).networkPatterns).toBe(1);
  });

  it('rectifies a contributor’s own record and the aggregates follow exactly', async () => {
    const p = pseudonyms.acme as string;
    const result = await createPrivacyClient(acme()).rectifyContribution(
      migration('acme-1', p, { durationHours: 15 }),
    );
    expect(result).toEqual({ id: 'acme-1', contributor: p, changed: true, redactions: 0 });
    const [pattern] = (await acme().networkPatterns()).patterns;
    expect(pattern).toMatchObject({ executions: 3, meanDurationHours: (15 + 9 + 12) / 3 });
    // The same correction again changes nothing.
    expect(
      (await createPrivacyClient(acme()).rectifyContribution(migration('acme-1', p, { durationHours: 15 })))
        .changed,
    ).toBe(false);
    expect(
      isNotFoundError(
        await failure(createPrivacyClient(acme()).rectifyContribution(migration('acme-404', p))),
      ),
    ).toBe(true);
    expect(
      isForbiddenError(
        await failure(
          createPrivacyClient(clients.zeta!).rectifyContribution(
            migration('acme-1', p, { durationHours: 1 }),
          ),
        ),
      ),
    ).toBe(true);
  });

  it('exports contributions with consent history and erasure status as JSON', async () => {
    const p = pseudonyms.acme as string;
    const exported = await acme().exportContributor(p);
    expect(exported).toMatchObject({ pseudonym: p, erased: false, erasure: null });
    expect(exported.consent).toHaveLength(1);
    expect(exported.contributions.map((c) => [c.id, c.durationHours])).toEqual([['acme-1', 15]]);
  });

  it('opt-out stops further contributions and erases existing ones at once; erasure counts nowhere', async () => {
    const p = pseudonyms.acme as string;
    await acme().contribute(migration('acme-2', p), { consent: true });
    clock += DAY;
    const withdrawn = await createPrivacyClient(acme()).withdrawConsent(p);
    expect(withdrawn).toMatchObject({
      granted: false,
      erased: 2,
      purgeAfter: new Date(clock + 30 * DAY).toISOString(),
    });
    expect(withdrawn.history.map((record) => record.granted)).toEqual([true, false]);
    const refused = await failure(acme().contribute(migration('acme-3', p), { consent: true }));
    expect(isRegistryError(refused) && [refused.status, refused.code]).toEqual([403, 'E_CONSENT_WITHDRAWN']);
    // Two deployments left: the pattern is no longer shown.
    expect((await acme().networkPatterns()).patterns).toEqual([]);
    expect((await acme().stats()).contributions).toBe(2);
    const erasure = await clients.zeta!.eraseContributor(pseudonyms.zeta as string);
    expect(erasure).toEqual({
      pseudonym: pseudonyms.zeta,
      erased: 1,
      purgeAfter: new Date(clock + 30 * DAY).toISOString(),
    });
    expect(await acme().exportContributor(p)).toMatchObject({
      erased: true,
      erasure: {
        requestedAt: new Date(clock).toISOString(),
        purgeAfter: new Date(clock + 30 * DAY).toISOString(),
      },
      contributions: [],
    });
  });

  it('purges when due (scheduled) or on demand, and the export then says when', async () => {
    expect(await registry.maintenance.runDue()).toBeNull();
    clock += 31 * DAY;
    const report = await registry.maintenance.runDue();
    expect(report).toMatchObject({ erasures: 2, contributions: 1, epoch: 1 });
    expect(report?.removedChanges).toBeGreaterThan(0);
    const exported = await acme().exportContributor(pseudonyms.acme as string);
    expect(exported.erasure?.purgedAt).toBe(new Date(clock).toISOString());
    // Survivors still count after the new epoch; nothing left to do.
    expect((await acme().stats()).contributions).toBe(1);
    expect(isForbiddenError(await failure(createPrivacyClient(acme()).purge()))).toBe(true);
    expect(await createPrivacyClient(ops()).purge()).toMatchObject({
      erasures: 0,
      contributions: 1,
      epoch: 2,
    });
  });

  it('keeps an append-only audit log of every right, for operators only, without any content', async () => {
    expect(isForbiddenError(await failure(createPrivacyClient(acme()).audit()))).toBe(true);
    const events: AuditEvent[] = [];
    let after = 0;
    for (;;) {
      const page = await createPrivacyClient(ops()).audit({ after, limit: 4 });
      events.push(...page.events);
      if (page.nextAfter === null) break;
      after = page.nextAfter;
    }
    const p = pseudonyms.acme;
    const mine = events.filter((event) => event.pseudonym === p).map((event) => event.type);
    expect(mine).toEqual([
      'consent.granted',
      'contribution',
      'rectification',
      'rectification',
      'export',
      'contribution',
      'consent.withdrawn',
      'erasure',
      'export',
      'export',
    ]);
    expect(new Set(events.map((event) => event.type))).toEqual(
      new Set([
        'consent.granted',
        'consent.withdrawn',
        'contribution',
        'erasure',
        'purge',
        'export',
        'rectification',
      ]),
    );
    expect(events.filter((event) => event.type === 'purge').map((event) => event.actor)).toEqual([
      'registry',
      'operator:ops',
    ]);
    const text = JSON.stringify(events);
    for (const id of ['acme-1', 'acme-2', 'zeta-1', 'blue-1', 'restore the replica set'])
      expect(text).not.toContain(id);
    expect(
      (await createPrivacyClient(ops()).audit({ type: 'erasure' })).events.map((event) => event.pseudonym),
    ).toEqual([pseudonyms.acme, pseudonyms.zeta]);
    const bad = await failure(createPrivacyClient(ops()).audit({ limit: 5000 }));
    expect(isRegistryError(bad) && bad.status).toBe(400);
  });
});
