import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRegistryClient, RegistryError } from '@pollinate/client';
import {
  countContributions,
  createNetwork,
  createShardedNetwork,
  initSyncState,
  type ShardedNetwork,
  type SyncState,
  syncWithPeer,
} from '@pollinate/crdt-network';
import { describe, expect, it } from 'vitest';
import { migration } from '../test/fixtures/migration.js';
import { until } from '../test/fixtures/until.js';
import { startRegistry } from './index.js';
import { networkLogName, openNetwork } from './network.js';
import { openSqliteStore } from './sqlite-store.js';

// The registry's network as a sharded network over the store's per-shard change logs:
// O(1) rows per contribution, instances sharing one store, restarts from snapshots and
// the aggregates snapshot, the signing secret kept in the store, sync shard by shard.

const SHARDS = 8;

async function rowsPerShard(store: ReturnType<typeof openSqliteStore>): Promise<number[]> {
  return Promise.all(
    Array.from(
      { length: SHARDS },
      async (_, index) => (await store.readNetworkChanges(networkLogName(index, SHARDS), 0)).length,
    ),
  );
}

describe('the registry network over sharded change logs', () => {
  it('appends one row to one shard per contribution', async () => {
    const store = openSqliteStore(':memory:');
    const network = await openNetwork(store, { shards: SHARDS, actor: 'aa01' });
    expect(network.shards).toBe(SHARDS);
    for (let i = 0; i < 40; i++) {
      const before = await rowsPerShard(store);
      expect((await network.contribute(migration(`m-${i}`), true, 'acme')).created).toBe(true);
      const after = await rowsPerShard(store);
      const grown = after.map((rows, index) => rows - before[index]!);
      expect(grown.filter((rows) => rows !== 0)).toEqual([1]);
    }
    expect((await network.contribute(migration('m-0'), true, 'acme')).created).toBe(false);
    expect((await rowsPerShard(store)).reduce((sum, rows) => sum + rows, 0)).toBe(40);
    expect(network.contributionCount()).toBe(40);
    await network.close();
    await store.close();
  });

  it('shares changes between instances and restarts from snapshots, the aggregates snapshot and later rows', async () => {
    const store = openSqliteStore(':memory:');
    const one = await openNetwork(store, { shards: SHARDS, actor: 'aa01' });
    // The second instance holds at most 2 of the 8 shards in memory.
    const two = await openNetwork(store, { shards: SHARDS, actor: 'bb02', maxLoadedShards: 2 });
    await one.contribute(migration('from-one'), true, 'acme');
    await until(() => two.contributionCount() === 1);
    await two.contribute(migration('from-two', { targetCloud: 'azure' }), true, 'zeta');
    await until(() => one.contributionCount() === 2);
    expect(one.patterns(1)).toEqual(two.patterns(1));
    // Past the snapshot intervals (per shard and for the aggregates).
    for (let i = 0; i < 560; i++) {
      await one.contribute(
        migration(`bulk-${i}`, { strategy: i % 3 === 0 ? 'rehost' : 'replatform', durationHours: i % 17 }),
        true,
        i % 2 === 0 ? 'acme' : 'blue',
      );
    }
    const aggregates = await store.getNetworkSnapshot(`aggregates/${SHARDS}`);
    expect(aggregates?.throughSequence).toBeGreaterThanOrEqual(500);
    // A shard is snapshotted after 63 rows of it (max(16, 500 / 8)): about 70 each here.
    const snapshotted = await Promise.all(
      Array.from({ length: SHARDS }, (_, index) => store.getNetworkSnapshot(networkLogName(index, SHARDS))),
    );
    expect(snapshotted.filter((snapshot) => snapshot !== undefined).length).toBeGreaterThanOrEqual(
      SHARDS / 2,
    );
    await until(() => two.contributionCount() === 562);
    // Rows after the aggregates snapshot: a restart must bring those shards up to date.
    await two.contribute(migration('late', { sourceCloud: 'gcp' }), true, 'zeta');
    await until(() => one.contributionCount() === 563);
    const restarted = await openNetwork(store, { shards: SHARDS, actor: 'cc03' });
    expect(restarted.contributionCount()).toBe(563);
    expect(restarted.patterns(1)).toEqual(one.patterns(1));
    // An erasure reaches every shard and every instance.
    const pseudonym = one.pseudonymOf('blue');
    expect(await one.erase(pseudonym, 'blue')).toBe(280);
    await until(() => two.contributionCount() === 283 && restarted.contributionCount() === 283);
    expect(two.exportContributor(pseudonym)).toEqual({ erased: true, contributions: [] });
    expect(restarted.patterns(1)).toEqual(one.patterns(1));
    for (const network of [one, two, restarted]) await network.close();
    // Closing wrote the aggregates snapshot: a restart reads no shard.
    const again = await openNetwork(store, { shards: SHARDS, actor: 'dd04' });
    expect(again.patterns(1)).toEqual(one.patterns(1));
    await again.close();
    await store.close();
  }, 60_000);

  it('keeps the custodial signing secret in the store: instances and restarts agree', async () => {
    const store = openSqliteStore(':memory:');
    const one = await openNetwork(store, { shards: SHARDS });
    const two = await openNetwork(store, { shards: SHARDS });
    expect(one.pseudonymOf('acme')).toBe(two.pseudonymOf('acme'));
    expect(one.pseudonymOf('acme')).not.toBe(one.pseudonymOf('zeta'));
    await one.close();
    const restarted = await openNetwork(store, { shards: SHARDS });
    expect(restarted.pseudonymOf('acme')).toBe(two.pseudonymOf('acme'));
    // The option still overrides it; another network has its own secret.
    const overridden = await openNetwork(store, {
      shards: SHARDS,
      signingSecret: new Uint8Array(32).fill(7),
    });
    expect(overridden.pseudonymOf('acme')).not.toBe(two.pseudonymOf('acme'));
    const other = await openNetwork(store, { networkId: 'other', shards: SHARDS });
    const otherAgain = await openNetwork(store, { networkId: 'other', shards: SHARDS });
    expect(other.pseudonymOf('acme')).toBe(otherAgain.pseudonymOf('acme'));
    for (const network of [two, restarted, overridden, other, otherAgain]) await network.close();
    await store.close();
  });

  it('syncs shard by shard with a sharded deployment over HTTP, and asks for the shard', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pollinate-shards-'));
    const db = join(dir, 'registry.db');
    const token = 'acme-token-0123456789';
    const start = () =>
      startRegistry({
        db,
        tokens: `acme:${token}`,
        synchronous: 'normal',
        rateLimit: false,
        network: { networkId: 'shard-net', shards: SHARDS },
      });
    let registry = await start();
    try {
      let client = createRegistryClient({ baseUrl: registry.url, token, retry: 0 });
      for (let i = 0; i < 12; i++) {
        await client.contribute(migration(`http-${i}`, { resourceTypes: [`T${i % 3}`] }), { consent: true });
      }
      // Without a shard the registry cannot tell which document the message is for.
      const error = await client
        .sync(new Uint8Array([1, 2, 3]), { peerId: 'deployment' })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(RegistryError);
      expect((error as RegistryError).status).toBe(400);
      expect((error as RegistryError).code).toBe('E_SHARD_REQUIRED');

      const deployment = createShardedNetwork({ networkId: 'shard-net', shards: SHARDS });
      const states: SyncState[] = Array.from({ length: SHARDS }, () => initSyncState());
      const syncAll = async (replica: ShardedNetwork) => {
        for (let shard = 0; shard < SHARDS; shard++) {
          const transport = client.syncTransport('deployment', { shard });
          for (let round = 0; round < 8; round++) {
            const out = replica.generateSyncMessage(shard, states[shard]!);
            states[shard] = out.syncState;
            if (out.message === null) break;
            const reply = await transport(out.message);
            if (reply !== null) states[shard] = replica.receiveSyncMessage(shard, states[shard]!, reply);
          }
        }
      };
      await syncAll(deployment);
      expect(deployment.countContributions()).toBe(12);
      // The registry shows patterns of at least 3 deployments (one contributed here: none).
      expect(deployment.listPatterns({ minContributors: 3 })).toEqual(
        (await client.networkPatterns()).patterns,
      );
      expect(deployment.listPatterns().reduce((sum, p) => sum + p.executions, 0)).toBe(12);

      // The same pseudonym after a restart (the secret is in the store), and the network is intact.
      const before = (await client.contribute(migration('http-after'), { consent: true })).contributor;
      await registry.close();
      registry = await start();
      client = createRegistryClient({ baseUrl: registry.url, token, retry: 0 });
      const after = await client.contribute(migration('http-after-restart'), { consent: true });
      expect(after.contributor).toBe(before);
      states.fill(initSyncState());
      await syncAll(deployment);
      expect(deployment.countContributions()).toBe(14);
      expect(deployment.listPatterns().reduce((sum, p) => sum + p.executions, 0)).toBe(14);
      const exported = await client.exportContributor(before);
      expect(exported.contributions).toHaveLength(14);
    } finally {
      await registry.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it("rectifies in the record's shard and purges every shard in one compaction that other instances and restarts pick up", async () => {
    const store = openSqliteStore(':memory:');
    const one = await openNetwork(store, { shards: SHARDS, actor: 'aa01' });
    const two = await openNetwork(store, { shards: SHARDS, actor: 'bb02' });
    for (let i = 0; i < 24; i++) {
      await one.contribute(
        migration(`keep-${i}`, { durationHours: 2 + (i % 5) }),
        true,
        ['acme', 'zeta', 'blue'][i % 3]!,
      );
    }
    const secret = 'customer-ledger-migration-step';
    for (let i = 0; i < 6; i++) {
      await two.contribute(
        migration(`gone-${i}`, { steps: [{ action: `${secret} ${i}`, durationSeconds: 60, success: true }] }),
        true,
        'leaving',
      );
    }
    // A rectification replaces the held record; the aggregates follow on every instance.
    const held = one.exportContributor(one.pseudonymOf('acme')).contributions[0]!;
    const rectified = await one.rectify({ ...held, durationHours: 40 }, 'acme');
    expect(rectified.changed).toBe(true);
    expect((await one.rectify({ ...held, durationHours: 40 }, 'acme')).changed).toBe(false);
    await until(
      () =>
        two.exportContributor(one.pseudonymOf('acme')).contributions.find((c) => c.id === held.id)
          ?.durationHours === 40,
    );
    await expect(one.rectify({ ...held, id: 'never-contributed' }, 'acme')).rejects.toMatchObject({
      code: 'E_VALIDATION',
    });

    const leaving = two.pseudonymOf('leaving');
    expect(await two.erase(leaving, 'leaving')).toBe(6);
    await until(() => one.contributionCount() === 24);
    const storedText = async () => {
      const names = [...Array.from({ length: SHARDS }, (_, index) => networkLogName(index, SHARDS))];
      const parts: string[] = [];
      for (const name of names) {
        const snapshot = await store.getNetworkSnapshot(name);
        if (snapshot) parts.push(Buffer.from(snapshot.bytes).toString('latin1'));
        for (const row of await store.readNetworkChanges(name, 0))
          parts.push(Buffer.from(row.bytes).toString('latin1'));
      }
      return parts.join('');
    };
    // The erased records are still in the stored changes before the purge.
    const before = await storedText();
    expect(before).toContain(secret);
    for (let i = 0; i < 6; i++) expect(before).toContain(`gone-${i}`);

    const report = await one.purge();
    expect(report.epoch).toBe(1);
    expect(report.contributions).toBe(24);
    expect(report.removedChanges).toBeGreaterThan(30);
    // Every shard is one snapshot now, without the erased records or the rectified revision's history.
    expect(await rowsPerShard(store)).toEqual(new Array(SHARDS).fill(0));
    const after = await storedText();
    for (let i = 0; i < 6; i++) expect(after).not.toContain(`gone-${i}`);
    expect(after).not.toContain(secret);
    // The other instance hears of the compaction and reloads; both keep working in the new epoch.
    await until(() => two.contributionCount() === 24 && two.patterns(1).length > 0);
    expect(two.patterns(1)).toEqual(one.patterns(1));
    await two.contribute(migration('after-purge'), true, 'zeta');
    await until(() => one.contributionCount() === 25);
    expect(one.exportContributor(leaving)).toEqual({ erased: true, contributions: [] });
    for (const network of [one, two]) await network.close();
    // A restart reads the compacted shards and the aggregates written with them.
    const restarted = await openNetwork(store, { shards: SHARDS, actor: 'cc03' });
    expect(restarted.contributionCount()).toBe(25);
    expect(restarted.patterns(1)).toEqual(one.patterns(1));
    await restarted.close();
    await store.close();
  });

  it('holds a sync message of an up-to-date peer until the network changes (long poll)', async () => {
    const token = 'acme-token-0123456789';
    const registry = await startRegistry({
      tokens: `acme:${token}`,
      rateLimit: false,
      network: { networkId: 'poll-net' },
    });
    try {
      const client = createRegistryClient({ baseUrl: registry.url, token, retry: 0 });
      await client.contribute(migration('first'), { consent: true });
      const synced = await syncWithPeer(
        createNetwork({ networkId: 'poll-net' }),
        initSyncState(),
        client.syncTransport('waiter'),
      );
      expect(countContributions(synced.doc).counted).toBe(1);
      /** A session whose first message may be held for `waitMs`. */
      const session = (doc: typeof synced.doc, state: SyncState, waitMs: number) => {
        let first = true;
        return syncWithPeer(doc, state, (message) => {
          const wait = first ? waitMs : 0;
          first = false;
          return client.sync(message, { peerId: 'waiter', ...(wait > 0 ? { waitMs: wait } : {}) });
        });
      };
      // Up to date, nothing changes: answered when the time is up.
      let started = performance.now();
      const idle = await session(synced.doc, synced.syncState, 300);
      expect(performance.now() - started).toBeGreaterThanOrEqual(280);
      expect(countContributions(idle.doc).counted).toBe(1);
      // A contribution while the first message is held: answered with it at once.
      started = performance.now();
      const held = session(idle.doc, idle.syncState, 20_000);
      await new Promise((resolve) => setTimeout(resolve, 150));
      await client.contribute(migration('second'), { consent: true });
      const result = await held;
      const elapsed = performance.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(140);
      expect(elapsed).toBeLessThan(10_000);
      expect(countContributions(result.doc).counted).toBe(2);
      // Out of range is refused before anything is sent.
      await expect(
        client.sync(new Uint8Array([1]), { peerId: 'waiter', waitMs: 40_000 }),
      ).rejects.toMatchObject({ code: 'E_VALIDATION' });
    } finally {
      await registry.close();
    }
  }, 60_000);
});
