/**
 * `@pollinate/crdt-network/testing`: the conformance suite every sync transport runs
 * (vitest). A transport (`SyncTransport`: send one message, get the peer's answer) carries
 * Automerge sync messages to a peer that holds a replica of the network: a function call in
 * tests, HTTP through the registry client's `syncTransport(peerId)`, a WebSocket, … The suite
 * drives real replicas through it with {@link syncWithPeer} and checks what every transport
 * must do: reach quiescence, converge replicas, keep the peer's sync state per peer id,
 * reject what the peer refuses, and change nothing when it does.
 *
 * @packageDocumentation
 */
import type { SyncTransport } from '@pollinate/core/model';
import { beforeAll, describe, expect, it } from 'vitest';
import { listPatterns } from './aggregates.js';
import { createNetwork, type NetworkDoc, save } from './document.js';
import { handleSyncMessage, initSyncState, type SyncState, syncWithPeer } from './sync.js';

/** What {@link describeSyncTransportConformance} needs to reach the peer under test. */
export interface SyncTransportHarness {
  /** The network id the peer's replica belongs to. */
  networkId: string;
  /**
   * A transport to the peer for one peer id. The peer keeps one sync state per peer id; the
   * suite uses a fresh id for each replica it syncs.
   */
  transport(peerId: string): SyncTransport | Promise<SyncTransport>;
}

/**
 * Registers the sync-transport conformance tests (vitest `describe`/`it`). Run it once per
 * transport implementation. The peer may hold any contributions: the suite checks that
 * replicas reach the peer's state, whatever it is, and that refused messages leave it as it was.
 *
 * @param name - the transport's name, for the test titles
 * @param setup - called once before the tests; returns the {@link SyncTransportHarness}
 * @example
 * ```ts no-run
 * // transport.test.ts (the suite registers vitest tests: call it at the top of a test file)
 * import { createNetwork } from '@pollinate/crdt-network';
 * import { describeSyncTransportConformance, memoryPeer } from '@pollinate/crdt-network/testing';
 *
 * describeSyncTransportConformance('in-memory peer', () => {
 *   const peer = memoryPeer(createNetwork({ networkId: 'acme' }));
 *   return { networkId: 'acme', transport: peer.transport };
 * });
 * ```
 */
export function describeSyncTransportConformance(
  name: string,
  setup: () => SyncTransportHarness | Promise<SyncTransportHarness>,
): void {
  describe(`sync transport conformance: ${name}`, () => {
    let harness: SyncTransportHarness;
    let peerCount = 0;
    const freshPeer = () => `conformance-${Date.now().toString(36)}-${++peerCount}`;
    const syncFresh = async () =>
      syncWithPeer(
        createNetwork({ networkId: harness.networkId }),
        initSyncState(),
        await harness.transport(freshPeer()),
      );

    beforeAll(async () => {
      harness = await setup();
    });

    it('brings an empty replica to quiescence with the peer', async () => {
      const result = await syncFresh();
      expect(result.stats.roundTrips).toBeGreaterThanOrEqual(1);
      expect(result.stats.messagesSent).toBe(result.stats.roundTrips);
    });

    it('converges: two replicas synced through it hold the same patterns', async () => {
      const first = await syncFresh();
      const second = await syncFresh();
      expect(listPatterns(second.doc)).toEqual(listPatterns(first.doc));
    });

    it('keeps sync state per peer: an up-to-date replica is done in at most one round trip', async () => {
      const id = freshPeer();
      const first = await syncWithPeer(
        createNetwork({ networkId: harness.networkId }),
        initSyncState(),
        await harness.transport(id),
      );
      const again = await syncWithPeer(first.doc, first.syncState, await harness.transport(id));
      expect(again.stats.messagesSent).toBeLessThanOrEqual(1);
      expect(listPatterns(again.doc)).toEqual(listPatterns(first.doc));
    });

    it('rejects a malformed message, and the peer is unchanged', async () => {
      const before = listPatterns((await syncFresh()).doc);
      const send = await harness.transport(freshPeer());
      await expect(send(new Uint8Array([1, 2, 3, 4]))).rejects.toBeInstanceOf(Error);
      expect(listPatterns((await syncFresh()).doc)).toEqual(before);
    });

    it('rejects a replica of another network, and neither side changes', async () => {
      const before = listPatterns((await syncFresh()).doc);
      const foreign = createNetwork({ networkId: `${harness.networkId}-other` });
      const bytes = save(foreign);
      await expect(
        syncWithPeer(foreign, initSyncState(), await harness.transport(freshPeer())),
      ).rejects.toBeInstanceOf(Error);
      expect(save(foreign)).toEqual(bytes);
      expect(listPatterns((await syncFresh()).doc)).toEqual(before);
    });
  });
}

/**
 * A peer in memory: a replica that answers each message with {@link handleSyncMessage},
 * keeping one sync state per peer id, as a registry does. The reference transport of the
 * suite, and a test double for code that takes a transport.
 *
 * @param initial - the peer's replica
 * @returns `transport(peerId)` (a transport for one remote replica) and `doc()` (the peer's replica now)
 * @example
 * ```ts
 * import { createNetwork, initSyncState, syncWithPeer } from '@pollinate/crdt-network';
 *
 * const peer = memoryPeer(createNetwork({ networkId: 'acme' }));
 * await syncWithPeer(createNetwork({ networkId: 'acme' }), initSyncState(), peer.transport('laptop'));
 * ```
 */
export function memoryPeer(initial: NetworkDoc): {
  transport: (peerId: string) => SyncTransport;
  doc: () => NetworkDoc;
} {
  let doc = initial;
  const states = new Map<string, SyncState>();
  return {
    transport: (peerId) => async (message) => {
      const result = handleSyncMessage(doc, states.get(peerId) ?? initSyncState(), message);
      doc = result.doc;
      states.set(peerId, result.syncState);
      return result.reply;
    },
    doc: () => doc,
  };
}
