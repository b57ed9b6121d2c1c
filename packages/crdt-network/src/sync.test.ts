import * as Automerge from '@automerge/automerge';
import { canonicalJson } from '@pollinate/core';
import { describe, expect, it } from 'vitest';
import { listPatterns } from './aggregates.js';
import { contribute, contributeMany } from './contributions.js';
import {
  createNetwork,
  merge,
  type NetworkDoc,
  type NetworkState,
  networkInfo,
  networkSize,
} from './document.js';
import { compact, eraseContributor, isContributorErased } from './erasure.js';
import { isNetworkMismatchError, isSyncError, type SyncError } from './errors.js';
import {
  decodeSyncState,
  encodeSyncState,
  generateSyncMessage,
  handleSyncMessage,
  initSyncState,
  receiveSyncMessage,
  SYNC_ENVELOPE_HEADER_LENGTH,
  type SyncState,
  type SyncTransport,
  syncWithPeer,
} from './sync.js';
import { consent, erasing, KEYS, makeContribution, raw, refusalOf } from './test-fixtures.js';

/** A peer in memory: applies each message with handleSyncMessage and answers. */
function peer(initial: NetworkDoc) {
  const side = { doc: initial, syncState: initSyncState() };
  const send: SyncTransport = async (message) => {
    const result = handleSyncMessage(side.doc, side.syncState, message);
    side.doc = result.doc;
    side.syncState = result.syncState;
    return result.reply;
  };
  return { side, send };
}

function refused(doc: NetworkDoc, state: SyncState, message: Uint8Array): SyncError {
  const refusal = refusalOf(doc, state, message);
  if (refusal === undefined) throw new Error('expected the message to be refused');
  return refusal;
}

/**
 * Runs the sync protocol between a forger (a document written with raw Automerge) and a
 * target replica until the target refuses a message; returns that refusal.
 */
function exchangeUntilRefused(forged: Automerge.Doc<NetworkState>, initialTarget: NetworkDoc): SyncError {
  let target = initialTarget;
  let targetState = initSyncState();
  let forger = forged as unknown as NetworkDoc;
  let forgerState = initSyncState();
  for (let round = 0; round < 6; round++) {
    const fromForger = generateSyncMessage(forger, forgerState);
    forgerState = fromForger.syncState;
    if (fromForger.message !== null) {
      const heads = networkInfo(target).heads;
      try {
        ({ doc: target, syncState: targetState } = receiveSyncMessage(
          target,
          targetState,
          fromForger.message,
        ));
      } catch (error) {
        expect(isSyncError(error)).toBe(true);
        expect(networkInfo(target).heads).toEqual(heads);
        return error as SyncError;
      }
    }
    const fromTarget = generateSyncMessage(target, targetState);
    targetState = fromTarget.syncState;
    if (fromTarget.message !== null) {
      ({ doc: forger, syncState: forgerState } = receiveSyncMessage(forger, forgerState, fromTarget.message));
    }
  }
  throw new Error('the forged change was never refused');
}

describe('syncWithPeer', () => {
  it('brings two independently created replicas to identical heads and patterns', async () => {
    let here = contributeMany(
      createNetwork({ networkId: 'acme' }),
      [makeContribution({ id: 'h-1' }), makeContribution({ id: 'shared' })],
      consent,
    );
    const there = contributeMany(
      createNetwork({ networkId: 'acme' }),
      [
        makeContribution({ id: 't-1', contributor: KEYS.bravo.pseudonym }),
        makeContribution({ id: 'shared' }),
      ],
      consent,
    );
    const remote = peer(there);
    const result = await syncWithPeer(here, initSyncState(), remote.send);
    here = result.doc;
    expect(networkInfo(here).heads).toEqual(networkInfo(remote.side.doc).heads);
    expect(listPatterns(here)).toEqual(listPatterns(remote.side.doc));
    expect(networkSize(here).records).toBe(3);
    expect(result.stats.roundTrips).toBeGreaterThan(0);
    expect(result.stats.bytesSent).toBeGreaterThan(0);
    expect(result.stats.messagesReceived).toBeLessThanOrEqual(result.stats.roundTrips);
  });

  it('sends one new contribution in one round trip with retained sync states', async () => {
    const seed = contributeMany(
      createNetwork({ networkId: 'acme' }),
      Array.from({ length: 50 }, (_, index) => makeContribution({ id: `s-${index}` })),
      consent,
    );
    const remote = peer(createNetwork({ networkId: 'acme' }));
    let { doc, syncState } = await syncWithPeer(seed, initSyncState(), remote.send);
    doc = contribute(doc, makeContribution({ id: 'new-one', contributor: KEYS.other.pseudonym }), consent);
    const changeBytes = Automerge.getLastLocalChange(raw(doc))!.length;
    const result = await syncWithPeer(doc, syncState, remote.send);
    syncState = result.syncState;
    expect(result.stats.roundTrips).toBe(1);
    expect(result.stats.messagesReceived).toBe(1);
    expect(result.stats.bytesSent).toBeGreaterThan(changeBytes);
    expect(networkInfo(remote.side.doc).heads).toEqual(networkInfo(result.doc).heads);
    expect((await syncWithPeer(result.doc, syncState, remote.send)).stats.roundTrips).toBeLessThanOrEqual(1);
    // The document passed in was superseded by the returned one, as with every write.
    expect(() => contribute(doc, makeContribution({ id: 'stale-write' }), consent)).toThrow(/superseded/);
  });

  it('leaves the document and state as they were when the transport fails', async () => {
    const doc = contribute(createNetwork({ networkId: 'acme' }), makeContribution(), consent);
    const state = initSyncState();
    const heads = networkInfo(doc).heads;
    await expect(
      syncWithPeer(doc, state, async () => {
        throw new Error('connection reset');
      }),
    ).rejects.toThrow('connection reset');
    expect(networkInfo(doc).heads).toEqual(heads);
    expect(networkSize(contribute(doc, makeContribution({ id: 'after' }), consent)).records).toBe(2);
  });

  it('stops with reason no-progress after maxRoundTrips', async () => {
    const doc = contribute(createNetwork({ networkId: 'acme' }), makeContribution(), consent);
    const remote = peer(
      contribute(createNetwork({ networkId: 'acme' }), makeContribution({ id: 'x' }), consent),
    );
    await expect(syncWithPeer(doc, initSyncState(), remote.send, { maxRoundTrips: 1 })).rejects.toMatchObject(
      {
        reason: 'no-progress',
      },
    );
  });

  it('rejects a bad answer from the peer with a typed error', async () => {
    const doc = createNetwork({ networkId: 'acme' });
    await expect(
      syncWithPeer(doc, initSyncState(), async () => new Uint8Array([9, 9, 9])),
    ).rejects.toMatchObject({
      code: 'E_SYNC',
      reason: 'malformed',
    });
  });
});

describe('receiveSyncMessage', () => {
  it('refuses messages of another network, naming the reason', () => {
    const message = generateSyncMessage(createNetwork({ networkId: 'other' }), initSyncState()).message!;
    const error = refused(createNetwork({ networkId: 'acme' }), initSyncState(), message);
    expect(isNetworkMismatchError(error)).toBe(true);
    expect(error.reason).toBe('foreign-network');
  });

  it('tells a superseded document apart from a bad message', () => {
    const source = contribute(createNetwork({ networkId: 'acme' }), makeContribution(), consent);
    const message = generateSyncMessage(source, initSyncState()).message!;
    const first = createNetwork({ networkId: 'acme' });
    receiveSyncMessage(first, initSyncState(), message);
    expect(() => receiveSyncMessage(first, initSyncState(), message)).toThrow(
      expect.objectContaining({ code: 'E_INVALID_DOCUMENT' }),
    );
  });

  it('refuses messages of another epoch', () => {
    const message = generateSyncMessage(compact(createNetwork({ networkId: 'acme' })), initSyncState())
      .message!;
    expect(refused(createNetwork({ networkId: 'acme' }), initSyncState(), message)).toMatchObject({
      code: 'E_EPOCH_MISMATCH',
      localEpoch: 0,
      remoteEpoch: 1,
    });
  });

  it('refuses bare Automerge messages, random bytes and truncated or damaged messages', () => {
    const source = contribute(createNetwork({ networkId: 'acme' }), makeContribution(), consent);
    const message = generateSyncMessage(source, initSyncState()).message!;
    const target = createNetwork({ networkId: 'acme' });
    const state = initSyncState();
    const bare = message.subarray(SYNC_ENVELOPE_HEADER_LENGTH);
    expect(refused(target, state, bare).reason).toBe('malformed');
    expect(refused(target, state, new Uint8Array(40).fill(7)).reason).toBe('malformed');
    expect(refused(target, state, message.subarray(0, message.length - 3)).reason).toBe('malformed');
    const damaged = message.slice();
    damaged[damaged.length - 10]! ^= 0x01;
    expect(refused(target, state, damaged).reason).toBe('malformed');
    expect(refused(target, state, 'text' as never).reason).toBe('malformed');
    expect(() => receiveSyncMessage(target, state, message)).not.toThrow();
  });

  it('refuses well-formed changes that break the document schema', () => {
    const forge = (write: (draft: NetworkState) => void) =>
      Automerge.change(Automerge.clone(raw(createNetwork({ networkId: 'acme' }))), write);
    const cases = [
      forge((draft) => {
        (draft as unknown as Record<string, unknown>)['note'] = new Automerge.ImmutableString('root write');
      }),
      forge((draft) => {
        (draft.records as Record<string, unknown>)['as-text'] = 'collaborative text';
      }),
      forge((draft) => {
        draft.records['bad'] = new Automerge.ImmutableString('{"id":"bad"}');
      }),
      forge((draft) => {
        draft.records['constructor'] = new Automerge.ImmutableString(
          canonicalJson(makeContribution({ id: 'constructor' })),
        );
      }),
      forge((draft) => {
        (draft.erasures as Record<string, unknown>)['not-a-digest'] = true;
      }),
      forge((draft) => {
        draft.records['m-0001'] = new Automerge.ImmutableString(JSON.stringify(makeContribution(), null, 2));
      }),
    ];
    const reasons = cases.map(
      (forged) => exchangeUntilRefused(forged, createNetwork({ networkId: 'acme' })).reason,
    );
    expect(reasons).toEqual([
      'invalid-change',
      'invalid-change',
      'forged',
      'invalid-change',
      'not-permitted',
      'forged',
    ]);
    const signed = raw(contribute(createNetwork({ networkId: 'acme' }), makeContribution(), consent));
    const valid = forge((draft) => {
      for (const [key, value] of Object.entries(signed.records)) {
        draft.records[key] = new Automerge.ImmutableString(value.val);
      }
    });
    expect(() => exchangeUntilRefused(valid, createNetwork({ networkId: 'acme' }))).toThrow('never refused');
  });

  it('refuses an erasure being undone', () => {
    const erased = eraseContributor(
      createNetwork({ networkId: 'acme' }),
      KEYS.alpha.pseudonym,
      erasing(KEYS.alpha.pseudonym),
    );
    const forged = Automerge.change(Automerge.clone(raw(erased)), (draft) => {
      for (const key of Object.keys(draft.erasures)) delete draft.erasures[key];
    });
    const target = merge(createNetwork({ networkId: 'acme' }), erased);
    expect(exchangeUntilRefused(forged, target).reason).toBe('not-permitted');
    expect(isContributorErased(target, KEYS.alpha.pseudonym)).toBe(true);
  });
});

describe('sync states', () => {
  it('round-trip through encodeSyncState and decodeSyncState and keep working', async () => {
    const remote = peer(createNetwork({ networkId: 'acme' }));
    const first = await syncWithPeer(
      contribute(createNetwork({ networkId: 'acme' }), makeContribution(), consent),
      initSyncState(),
      remote.send,
    );
    const restored = decodeSyncState(encodeSyncState(first.syncState));
    const doc = contribute(first.doc, makeContribution({ id: 'second' }), consent);
    const second = await syncWithPeer(doc, restored, remote.send);
    expect(networkInfo(second.doc).heads).toEqual(networkInfo(remote.side.doc).heads);
    expect(decodeSyncState(encodeSyncState(initSyncState()))).toBeDefined();
  });

  it('refuse bytes that are not an encoded sync state', () => {
    for (const bytes of [new Uint8Array(), new Uint8Array([7, 1, 2]), new Uint8Array([1, 2])]) {
      let caught: unknown;
      try {
        decodeSyncState(bytes);
      } catch (error) {
        caught = error;
      }
      expect(isSyncError(caught)).toBe(true);
    }
    expect(() => generateSyncMessage(createNetwork({ networkId: 'acme' }), {} as SyncState)).toThrow(
      expect.objectContaining({ code: 'E_SYNC' }),
    );
  });

  it('start over by themselves after the replica moves to a new epoch', async () => {
    const remote = peer(compact(createNetwork({ networkId: 'acme' })));
    const local = contribute(createNetwork({ networkId: 'acme' }), makeContribution(), consent);
    const first = await syncWithPeer(local, initSyncState(), peer(createNetwork({ networkId: 'acme' })).send);
    const moved = compact(first.doc);
    const second = await syncWithPeer(moved, first.syncState, remote.send);
    expect(networkInfo(remote.side.doc).heads).toEqual(networkInfo(second.doc).heads);
  });
});
