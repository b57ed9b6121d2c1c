import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Contribution } from '@pollinate/core';
import {
  contribute,
  createNetwork,
  initSyncState,
  keyPairFromSecret,
  listPatterns,
  syncWithPeer,
} from '@pollinate/crdt-network';
import { describeSyncTransportConformance } from '@pollinate/crdt-network/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningRegistry, startRegistry } from '../../../examples/registry-server/src/index.js';
import { migration as baseMigration } from '../../../examples/registry-server/test/fixtures/migration.js';
import { createRegistryClient, type RegistryClient } from './client.js';
import {
  ConsentRequiredError,
  isConflictError,
  isConsentRequiredError,
  isForbiddenError,
  isNotFoundError,
  isRegistryValidationError,
} from './errors.js';

const TOKENS = { acme: 'acme-token-0123456789', zeta: 'zeta-token-0123456789' };
/** The signing key pair of a deployment that syncs its own replica. */
const YANKEE = keyPairFromSecret(new Uint8Array(32).fill(7));
const dir = mkdtempSync(join(tmpdir(), 'pollinate-network-'));
let registry: RunningRegistry;
let acme: RegistryClient;
let zeta: RegistryClient;
/** The custodial pseudonym the registry signs acme's HTTP contributions with. */
let acmePseudonym = '';
const SIGNING_SECRET = new Uint8Array(32).fill(9);

function migration(id: string, contributor: string, overrides: Partial<Contribution> = {}): Contribution {
  return baseMigration(id, {
    contributor,
    steps: [
      { action: 'export snapshot', durationSeconds: 5400, success: true },
      {
        action: 'switch DNS',
        durationSeconds: 120,
        success: false,
        error: 'TTL not expired; ask ops@acme-internal.example.com from 10.1.2.3',
      },
    ],
    ...overrides,
  });
}

beforeAll(async () => {
  registry = await startRegistry({
    db: join(dir, 'registry.db'),
    // These tests check exact aggregates of one or two deployments; the default threshold is 3.
    minContributors: 1,
    tokens: `acme:${TOKENS.acme},zeta:${TOKENS.zeta}`,
    synchronous: 'normal',
    network: { networkId: 'test-network', signingSecret: SIGNING_SECRET },
  });
  acme = createRegistryClient({ baseUrl: registry.url, token: TOKENS.acme });
  zeta = createRegistryClient({ baseUrl: registry.url, token: TOKENS.zeta });
});
afterAll(async () => {
  await registry?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('contribute', () => {
  it('refuses without consent (false or no options at all) before sending anything', async () => {
    const sent: string[] = [];
    const watched = createRegistryClient({
      baseUrl: registry.url,
      token: TOKENS.acme,
      fetch: (input, init) => {
        sent.push(String(input instanceof Request ? input.url : input));
        return fetch(input, init);
      },
    });
    for (const attempt of [
      () => watched.contribute(migration('m-1', 'deploy-alpha'), { consent: false }),
      () => watched.contribute(migration('m-1', 'deploy-alpha')),
      () => watched.contribute(migration('m-1', 'deploy-alpha'), {} as never),
    ]) {
      const error = await attempt().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConsentRequiredError);
      expect(isConsentRequiredError(error)).toBe(true);
      expect(error).toMatchObject({ name: 'ConsentRequiredError', code: 'E_CONSENT_REQUIRED' });
    }
    expect(sent).toEqual([]);
    expect((await acme.networkPatterns()).patterns).toEqual([]);
  });

  it('anonymizes again on arrival and is idempotent per id', async () => {
    const first = await acme.contribute(migration('m-1', 'deploy-alpha'), { consent: true });
    // Signed with acme's custodial key: stored under that key's pseudonym (a public key in hex).
    expect(first).toMatchObject({ id: 'm-1', created: true });
    expect(first.contributor).toMatch(/^[0-9a-f]{64}$/);
    acmePseudonym = first.contributor;
    expect(first.redactions).toBeGreaterThanOrEqual(2);
    const again = await acme.contribute(migration('m-1', 'deploy-alpha'), { consent: true });
    expect(again.created).toBe(false);
    const exported = await acme.exportContributor(acmePseudonym);
    expect(exported.contributions).toHaveLength(1);
    const text = JSON.stringify(exported.contributions);
    expect(text).not.toContain('ops@acme-internal.example.com');
    expect(text).not.toContain('10.1.2.3');
    expect(text).toContain('TTL not expired');
  });

  it('aggregates the network patterns exactly', async () => {
    await acme.contribute(migration('m-2', 'deploy-alpha', { success: false }), { consent: true });
    await zeta.contribute(migration('m-3', 'deploy-zulu'), { consent: true });
    const { patterns } = await acme.networkPatterns();
    expect(patterns).toHaveLength(1);
    expect(patterns[0]).toMatchObject({
      key: 'aws:gcp:replatform:EC2|RDS',
      executions: 3,
      successes: 2,
      contributors: 2,
    });
    expect((await acme.networkPatterns({ minContributors: 3 })).patterns).toEqual([]);
  });

  it('binds a pseudonym to its publisher: others may not contribute, export or erase under it', async () => {
    // Naming acme's pseudonym does not help: zeta's contribution is signed with zeta's key.
    const foreign = await zeta.contribute(migration('m-4', acmePseudonym), { consent: true });
    expect(foreign.contributor).not.toBe(acmePseudonym);
    expect((await acme.exportContributor(acmePseudonym)).contributions.map((c) => c.id)).toEqual([
      'm-1',
      'm-2',
    ]);
    expect(isForbiddenError(await zeta.exportContributor(acmePseudonym).catch((e: unknown) => e))).toBe(true);
    expect(isForbiddenError(await zeta.eraseContributor(acmePseudonym).catch((e: unknown) => e))).toBe(true);
    expect(isNotFoundError(await zeta.exportContributor('deploy-nobody').catch((e: unknown) => e))).toBe(
      true,
    );
  });

  it('erases a contributor: the data stops counting and cannot come back', async () => {
    const result = await acme.eraseContributor(acmePseudonym);
    expect(result).toEqual({ pseudonym: acmePseudonym, erased: 2, purgeAfter: expect.any(String) });
    // The purge that removes the records from the stored bytes is due 30 days later.
    expect(Date.parse(result.purgeAfter ?? '') - Date.now()).toBeGreaterThan(29 * 86_400_000);
    const exported = await acme.exportContributor(acmePseudonym);
    expect(exported).toMatchObject({
      pseudonym: acmePseudonym,
      erased: true,
      erasure: { purgeAfter: result.purgeAfter },
      contributions: [],
    });
    expect(exported.consent?.map((record) => record.granted)).toEqual([true]);
    const { patterns } = await acme.networkPatterns();
    expect(patterns[0]).toMatchObject({ executions: 2, contributors: 1 });
    const back = await acme
      .contribute(migration('m-5', acmePseudonym), { consent: true })
      .catch((e: unknown) => e);
    expect(isConflictError(back)).toBe(true);
    expect(back).toMatchObject({ code: 'E_CONTRIBUTOR_ERASED' });
  });
});

describe('sync', () => {
  it('syncs a real replica with the registry through the client transport, both ways', async () => {
    let replica = createNetwork({ networkId: 'test-network' });
    const clean = [{ action: 'export snapshot', durationSeconds: 5400, success: true }];
    replica = contribute(
      replica,
      migration('local-1', YANKEE.pseudonym, { strategy: 'rehost', steps: clean }),
      {
        consent: true,
        signer: YANKEE,
      },
    );
    const synced = await syncWithPeer(replica, initSyncState(), acme.syncTransport('replica-a'));
    const local = listPatterns(synced.doc);
    expect(local.map((p) => p.key).sort()).toEqual(['aws:gcp:rehost:EC2|RDS', 'aws:gcp:replatform:EC2|RDS']);
    const remote = await acme.networkPatterns();
    expect(remote.patterns.map((p) => p.key).sort()).toEqual(local.map((p) => p.key).sort());

    let second = createNetwork({ networkId: 'test-network' });
    const result = await syncWithPeer(second, initSyncState(), zeta.syncTransport('replica-b'));
    second = result.doc;
    expect(listPatterns(second)).toEqual(listPatterns(synced.doc));
  });

  it('keeps sync state per peer: an up-to-date peer gets no reply', async () => {
    const replica = createNetwork({ networkId: 'test-network' });
    const first = await syncWithPeer(replica, initSyncState(), acme.syncTransport('replica-c'));
    const second = await syncWithPeer(first.doc, first.syncState, acme.syncTransport('replica-c'));
    expect(second.stats.messagesSent).toBeLessThanOrEqual(1);
  });

  it('answers a malformed or foreign-network message with 400 and changes nothing', async () => {
    const before = await acme.networkPatterns();
    const garbage = await acme
      .sync(new Uint8Array([1, 2, 3, 4]), { peerId: 'junk' })
      .catch((e: unknown) => e);
    expect(isRegistryValidationError(garbage)).toBe(true);
    expect(garbage).toMatchObject({ status: 400 });
    const foreign = createNetwork({ networkId: 'another-network' });
    const error = await syncWithPeer(foreign, initSyncState(), acme.syncTransport('foreign')).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ status: 400 });
    expect(await acme.networkPatterns()).toEqual(before);
  });
});

// The client's HTTP transport against the real registry passes the transport conformance
// suite (crdt-network's in-memory peer runs the same suite).
describeSyncTransportConformance('registry client syncTransport (HTTP, real registry)', () => ({
  networkId: 'test-network',
  transport: (peerId) => acme.syncTransport(peerId),
}));

describe('persistence', () => {
  it('keeps the network, erasures and pseudonym owners across a restart', async () => {
    const before = await acme.networkPatterns();
    await registry.close();
    registry = await startRegistry({
      db: join(dir, 'registry.db'),
      // These tests check exact aggregates of one or two deployments; the default threshold is 3.
      minContributors: 1,
      tokens: `acme:${TOKENS.acme},zeta:${TOKENS.zeta}`,
      network: { networkId: 'test-network', signingSecret: SIGNING_SECRET },
    });
    const reopened = createRegistryClient({ baseUrl: registry.url, token: TOKENS.acme });
    expect(await reopened.networkPatterns()).toEqual(before);
    expect(await reopened.exportContributor(acmePseudonym)).toMatchObject({
      erased: true,
      contributions: [],
    });
    const foreign = createRegistryClient({ baseUrl: registry.url, token: TOKENS.zeta });
    expect(isForbiddenError(await foreign.exportContributor(acmePseudonym).catch((e: unknown) => e))).toBe(
      true,
    );
  });
});
