import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Automerge from '@automerge/automerge';
import { createRegistryClient, type RegistryClient } from '@pollinate/client';
import { type Contribution, canonicalJson } from '@pollinate/core';
import {
  contribute,
  createNetwork,
  erasureDigest,
  initSyncState,
  keyPairFromSecret,
  type NetworkDoc,
  syncWithPeer,
} from '@pollinate/crdt-network';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningRegistry, startRegistry } from './index.js';

// Every attack of issue 17, through POST /api/v1/network/sync against the real registry
// (SQLite file, loopback HTTP): each is refused and the victim's export and the served
// patterns are untouched.

const NETWORK_ID = 'attack-net';
const TOKENS = { victim: 'victim-token-0123456789', attacker: 'attacker-token-0123456789' };
const ATTACKER_KEYS = keyPairFromSecret(new Uint8Array(32).fill(3));
const dir = mkdtempSync(join(tmpdir(), 'pollinate-attacks-'));
let registry: RunningRegistry;
let victim: RegistryClient;
let attacker: RegistryClient;
let victimPseudonym = '';

function migration(id: string, contributor: string, error = 'quota exceeded'): Contribution {
  return {
    id,
    contributor,
    sourceCloud: 'aws',
    targetCloud: 'azure',
    strategy: 'replatform',
    resourceTypes: ['EC2', 'RDS'],
    steps: [
      { action: 'export snapshot', durationSeconds: 600, success: true },
      { action: 'restore database', durationSeconds: 900, success: false, error },
    ],
    success: true,
    durationHours: 4,
    costSavingsPercent: 12,
    contributedAt: '2026-11-20T10:00:00Z',
  };
}

/** What the victim and everyone else can observe. */
async function observed() {
  return {
    export: await victim.exportContributor(victimPseudonym),
    patterns: await victim.networkPatterns(),
  };
}

/** The attacker's replica, synced with the registry (it holds the victim's records). */
async function attackerReplica(peer: string): Promise<NetworkDoc> {
  const synced = await syncWithPeer(
    createNetwork({ networkId: NETWORK_ID }),
    initSyncState(),
    attacker.syncTransport(peer),
  );
  return synced.doc;
}

/** Writes into a replica with raw Automerge, bypassing every library check. */
function tamper(
  doc: NetworkDoc,
  write: (draft: Record<string, Record<string, unknown>>) => void,
): NetworkDoc {
  const raw = Automerge.clone(doc as unknown as Automerge.Doc<Record<string, Record<string, unknown>>>);
  return Automerge.change(raw, write) as unknown as NetworkDoc;
}

beforeAll(async () => {
  registry = await startRegistry({
    db: join(dir, 'registry.db'),
    // These tests check exact aggregates of one or two deployments; the default threshold is 3.
    minContributors: 1,
    tokens: `victim:${TOKENS.victim},attacker:${TOKENS.attacker}`,
    synchronous: 'normal',
    network: { networkId: NETWORK_ID, signingSecret: new Uint8Array(32).fill(5) },
  });
  victim = createRegistryClient({ baseUrl: registry.url, token: TOKENS.victim });
  attacker = createRegistryClient({ baseUrl: registry.url, token: TOKENS.attacker });
  victimPseudonym = (await victim.contribute(migration('v-1', 'any-pseudonym'), { consent: true }))
    .contributor;
  await victim.contribute(migration('v-2', 'any-pseudonym'), { consent: true });
});
afterAll(async () => {
  await registry?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('attacks through /network/sync', () => {
  it('refuses erasing another publisher’s pseudonym', async () => {
    const before = await observed();
    const doc = tamper(await attackerReplica('erase'), (draft) => {
      const digest = erasureDigest(NETWORK_ID, victimPseudonym);
      draft.erasures![digest] = new Automerge.ImmutableString(
        canonicalJson({
          pseudonym: victimPseudonym,
          signer: ATTACKER_KEYS.pseudonym,
          signature: '0'.repeat(128),
        }),
      );
      for (const key of Object.keys(draft.records!)) {
        if (key.startsWith(`${victimPseudonym}/`)) delete draft.records![key];
      }
    });
    const error = await syncWithPeer(doc, initSyncState(), attacker.syncTransport('erase')).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ status: 400 });
    expect(await observed()).toEqual(before);
    expect(before.export.contributions.map((c) => c.id)).toEqual(['v-1', 'v-2']);
    // The victim can still contribute.
    expect((await victim.contribute(migration('v-3', 'x-pseudonym'), { consent: true })).created).toBe(true);
  });

  it('refuses a contribution forged under another publisher’s pseudonym', async () => {
    const before = await observed();
    const forged = migration('forged-1', victimPseudonym);
    const doc = tamper(await attackerReplica('forge'), (draft) => {
      // Signed by the attacker's key, claimed for the victim's pseudonym.
      const signed = contribute(
        createNetwork({ networkId: NETWORK_ID }),
        migration('forged-1', ATTACKER_KEYS.pseudonym),
        {
          consent: true,
          signer: ATTACKER_KEYS,
        },
      ) as unknown as Automerge.Doc<{ records: Record<string, Automerge.ImmutableString> }>;
      const text = Object.values(signed.records)[0]!.val.replace(ATTACKER_KEYS.pseudonym, victimPseudonym);
      draft.records![`${victimPseudonym}/forged-1`] = new Automerge.ImmutableString(text);
    });
    const error = await syncWithPeer(doc, initSyncState(), attacker.syncTransport('forge')).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ status: 400 });
    const after = await observed();
    expect(after).toEqual(before);
    expect(after.export.contributions.map((c) => c.id)).not.toContain(forged.id);
  });

  it('refuses deleting records', async () => {
    const before = await observed();
    const doc = tamper(await attackerReplica('delete'), (draft) => {
      for (const key of Object.keys(draft.records!)) delete draft.records![key];
    });
    const error = await syncWithPeer(doc, initSyncState(), attacker.syncTransport('delete')).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ status: 400 });
    expect(await observed()).toEqual(before);
  });

  it('refuses a signed record holding an unscrubbed AWS key and e-mail address', async () => {
    const before = await observed();
    let doc = await attackerReplica('inject');
    doc = contribute(
      doc,
      migration(
        'leak-1',
        ATTACKER_KEYS.pseudonym,
        'denied for AKIAIOSFODNN7EXAMPLE, mail jane.doe@customer-corp.com',
      ),
      { consent: true, signer: ATTACKER_KEYS },
    );
    const error = await syncWithPeer(doc, initSyncState(), attacker.syncTransport('inject')).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ status: 422, code: 'E_UNSCRUBBED_RECORD' });
    const after = await observed();
    expect(after).toEqual(before);
    expect(JSON.stringify(after.patterns)).not.toContain('AKIAIOSFODNN7EXAMPLE');
    expect(JSON.stringify(after.patterns)).not.toContain('customer-corp.com');
  });

  it('still accepts an honest signed record by sync', async () => {
    let doc = await attackerReplica('honest');
    doc = contribute(doc, migration('own-1', ATTACKER_KEYS.pseudonym), {
      consent: true,
      signer: ATTACKER_KEYS,
    });
    await syncWithPeer(doc, initSyncState(), attacker.syncTransport('honest'));
    const { patterns } = await victim.networkPatterns();
    expect(patterns[0]).toMatchObject({ contributors: 2 });
  });
});

describe("the seed's network API", () => {
  it('contributes a flat ContributePatternRequest and finds it with the seed search', async () => {
    const response = await fetch(`${registry.url}/api/v1/patterns/contribute`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKENS.victim}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        migrationId: 'MB-2026-000123',
        sourceCloud: 'aws',
        targetCloud: 'azure',
        resourceTypes: ['EC2', 'RDS'],
        strategy: 'rehost',
        steps: ['assess', { action: 'replicate disks', durationSeconds: 3600, success: true }],
        successRate: 0.9,
        durationHours: 12,
        costSavingsPercent: 20,
        consent: true,
      }),
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ patternId: 'aws:azure:rehost:EC2|RDS', contributed: true });
    expect(typeof body['message']).toBe('string');
    expect(body['globalContributions']).toBeGreaterThanOrEqual(4);
    const search = await fetch(
      `${registry.url}/api/v1/patterns/search?sourceCloud=aws&targetCloud=azure&resourceTypes=EC2,RDS&limit=5`,
    );
    expect(search.status).toBe(200);
    const result = (await search.json()) as {
      patterns: Record<string, unknown>[];
      totalMatches: number;
      queryTime: number;
    };
    expect(result.totalMatches).toBe(2);
    expect(result.patterns[0]).toMatchObject({
      similarity: expect.closeTo(1, 9),
      contributors: expect.any(Number),
    });
    expect(Object.keys(result.patterns[0]!).sort()).toEqual([
      'avgDuration',
      'contributors',
      'costSavings',
      'patternId',
      'recommendations',
      'similarity',
      'steps',
      'successRate',
    ]);
    expect(result.queryTime).toBeGreaterThan(0);
    expect(search.headers.get('content-type')).toContain('application/json');
    // The catalog search still answers q= queries, and bad seed queries get 400.
    expect((await fetch(`${registry.url}/api/v1/patterns/search?q=retry`)).status).toBe(200);
    expect(
      (
        await fetch(
          `${registry.url}/api/v1/patterns/search?sourceCloud=aws&targetCloud=azure&resourceTypes=EC2&limit=51`,
        )
      ).status,
    ).toBe(400);
  });

  it('refuses the flat request without consent, and text it would redact with anonymize false', async () => {
    const post = (extra: Record<string, unknown>) =>
      fetch(`${registry.url}/api/v1/patterns/contribute`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKENS.victim}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          migrationId: 'MB-2',
          sourceCloud: 'aws',
          targetCloud: 'gcp',
          resourceTypes: ['S3'],
          strategy: 'rehost',
          steps: ['copy objects from bucket owned by ops@customer-corp.com'],
          successRate: 1,
          durationHours: 1,
          costSavingsPercent: 5,
          ...extra,
        }),
      });
    expect((await post({ consent: false })).status).toBe(422);
    const refused = await post({ consent: true, anonymize: false });
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({ code: 'E_UNSCRUBBED_RECORD' });
    expect((await post({ consent: true })).status).toBe(201);
  });
});
