import * as Automerge from '@automerge/automerge';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NetworkDoc } from './document.js';
import { isSyncError } from './errors.js';
import { createShardedNetwork, loadShardedNetwork, type ShardedNetwork, shardIndexOf } from './sharded.js';
import { generateSyncMessage, initSyncState, receiveSyncMessage, type SyncState } from './sync.js';
import {
  consent,
  contributionPoolArbitrary,
  expectMatchesOracle,
  KEYS,
  keysOf,
  makeContribution,
  OPERATOR,
  OPERATORS,
  PSEUDONYMS,
  raw,
} from './test-fixtures.js';

const NETWORK_ID = 'sharded-net';
const SHARDS = 8;

/** Syncs every shard of two replicas in memory until quiet. */
function syncAll(a: ShardedNetwork, b: ShardedNetwork): void {
  for (let shard = 0; shard < a.shardCount; shard++) {
    let left: SyncState = initSyncState();
    let right: SyncState = initSyncState();
    for (let round = 0; round < 16; round++) {
      const out = a.generateSyncMessage(shard, left);
      left = out.syncState;
      if (out.message !== null) right = b.receiveSyncMessage(shard, right, out.message);
      const back = b.generateSyncMessage(shard, right);
      right = back.syncState;
      if (back.message !== null) left = a.receiveSyncMessage(shard, left, back.message);
      if (out.message === null && back.message === null) break;
    }
  }
}

describe('sharded network', () => {
  it('keeps running aggregates equal to a recount of the surviving records, through sync, rectification, erasure and restart', () => {
    fc.assert(
      fc.property(
        contributionPoolArbitrary(1, 12),
        fc.array(fc.nat({ max: 1 }), { minLength: 12, maxLength: 12 }),
        fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
        fc.subarray([...PSEUDONYMS], { maxLength: 2 }),
        (contributed, placement, rectified, erased) => {
          // The second replica keeps at most 2 of its 8 shards in memory (the rest as saved bytes).
          const replicas = [undefined, 2].map((maxLoadedShards) =>
            createShardedNetwork({
              networkId: NETWORK_ID,
              shards: SHARDS,
              operators: OPERATORS,
              ...(maxLoadedShards === undefined ? {} : { maxLoadedShards }),
            }),
          );
          for (const [index, item] of contributed.entries())
            replicas[placement[index]!]!.contribute([item], consent);
          syncAll(replicas[0]!, replicas[1]!);
          // Some records are rectified by their contributors on the replica that did not write them.
          const pool = contributed.map((item, index) => {
            if (!rectified[index]) return item;
            const corrected = { ...item, durationHours: item.durationHours + 1, success: !item.success };
            expect(replicas[1]!.rectify(corrected, { signer: keysOf(item.contributor) })).toBe(true);
            expect(replicas[1]!.rectify(corrected, { signer: keysOf(item.contributor) })).toBe(false);
            return corrected;
          });
          syncAll(replicas[0]!, replicas[1]!);
          for (const pseudonym of erased) replicas[1]!.erase(pseudonym, { signer: OPERATOR });
          // A record of an erased pseudonym contributed on the other side before it hears of the erasure.
          for (const pseudonym of erased) {
            replicas[0]!.contribute([makeContribution({ id: 'late', contributor: pseudonym })], consent);
          }
          syncAll(replicas[0]!, replicas[1]!);
          const survivors = pool.filter((item) => !erased.includes(item.contributor as never));
          for (const replica of replicas) {
            expectMatchesOracle(replica.listPatterns(), survivors);
            expect(replica.countContributions()).toBe(survivors.length);
          }
          expect(replicas[1]!.loadedShards()).toBeLessThanOrEqual(2);
          const bounded = loadShardedNetwork(replicas[1]!.save(), {
            networkId: NETWORK_ID,
            shards: SHARDS,
            operators: OPERATORS,
            maxLoadedShards: 1,
          });
          expect(bounded.exportContributor(PSEUDONYMS[0]).contributions).toEqual(
            replicas[0]!.exportContributor(PSEUDONYMS[0]).contributions,
          );
          expect(bounded.loadedShards()).toBe(1);
          expectMatchesOracle(bounded.listPatterns(), survivors);
          const saved = replicas[0]!.save();
          const restarted = loadShardedNetwork(saved, {
            networkId: NETWORK_ID,
            shards: SHARDS,
            operators: OPERATORS,
          });
          expect(restarted.loadedShards()).toBe(0);
          expectMatchesOracle(restarted.listPatterns(), survivors);
          const recounted = loadShardedNetwork(saved, {
            networkId: NETWORK_ID,
            shards: SHARDS,
            operators: OPERATORS,
            recount: true,
          });
          expectMatchesOracle(recounted.listPatterns(), survivors);
          const extra = makeContribution({ id: 'after-restart', contributor: KEYS.here.pseudonym });
          expect(restarted.contribute([extra], consent)).toBe(1);
          expectMatchesOracle(restarted.listPatterns(), [...survivors, extra]);
          expect(restarted.loadedShards()).toBe(1);
        },
      ),
      { numRuns: 15 },
    );
  }, 120_000);

  it('frees an evicted shard at once and reads it back from its saved bytes', () => {
    const network = createShardedNetwork({ networkId: NETWORK_ID, shards: SHARDS, maxLoadedShards: 1 });
    const records = Array.from({ length: 24 }, (_, i) => makeContribution({ id: `evict-${i}` }));
    network.contribute(records, consent);
    const first = network.shardOf(records[0]!);
    const other = records.map((record) => network.shardOf(record)).find((index) => index !== first)!;
    const held = network.shard(first);
    const heads = Automerge.getHeads(raw(held));
    network.shard(other);
    expect(network.loadedShards()).toBe(1);
    // The evicted document's wasm memory is released now, not by a later finalizer.
    expect(() => Automerge.getHeads(raw(held))).toThrow();
    expect(Automerge.getHeads(raw(network.shard(first)))).toEqual(heads);
    expectMatchesOracle(network.listPatterns(), records);
  });

  it('places a record by the hash of its key and refuses forged changes per shard, aggregates unchanged', () => {
    const network = createShardedNetwork({ networkId: NETWORK_ID, shards: SHARDS });
    const record = makeContribution({ id: 'placed' });
    network.contribute([record], consent);
    const index = shardIndexOf(`${record.contributor}/${record.id}`, SHARDS);
    expect(Object.keys(raw(network.shard(index)).records)).toEqual([`${record.contributor}/placed`]);
    const before = network.listPatterns();
    // A peer deletes the record in its copy of the shard and syncs it.
    const attacker = Automerge.change(Automerge.clone(raw(network.shard(index))), (draft) => {
      for (const key of Object.keys(draft.records)) delete draft.records[key];
    }) as unknown as NetworkDoc;
    const peer = createShardedNetwork({ networkId: NETWORK_ID, shards: SHARDS });
    let caught: unknown;
    try {
      let state = initSyncState();
      let attackerState = initSyncState();
      let attackerDoc = attacker;
      for (let round = 0; round < 6; round++) {
        const out = generateSyncMessage(attackerDoc, attackerState);
        attackerState = out.syncState;
        if (out.message !== null) state = network.receiveSyncMessage(index, state, out.message);
        const back = network.generateSyncMessage(index, state);
        state = back.syncState;
        if (back.message !== null)
          ({ doc: attackerDoc, syncState: attackerState } = receiveSyncMessage(
            attackerDoc,
            attackerState,
            back.message,
          ));
      }
    } catch (error) {
      caught = error;
    }
    expect(isSyncError(caught)).toBe(true);
    expect(network.listPatterns()).toEqual(before);
    expect(peer.listPatterns()).toEqual([]);
  });
});
