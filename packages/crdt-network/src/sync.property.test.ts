import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countContributions, listPatterns } from './aggregates.js';
import { contribute } from './contributions.js';
import { checksum, networkTag } from './digests.js';
import { createNetwork, type NetworkDoc, networkInfo } from './document.js';
import { eraseContributor } from './erasure.js';
import { isContributorErasedError } from './errors.js';
import {
  generateSyncMessage,
  handleSyncMessage,
  initSyncState,
  receiveSyncMessage,
  SYNC_ENVELOPE_HEADER_LENGTH,
  type SyncState,
  syncWithPeer,
} from './sync.js';
import {
  consent,
  contributionPoolArbitrary,
  erasing,
  expectMatchesOracle,
  KEYS,
  PSEUDONYMS,
  refusalOf,
} from './test-fixtures.js';

const NETWORK_ID = 'property-net';

type Action =
  | { kind: 'contribute'; replica: number; item: number }
  | { kind: 'erase'; replica: number; pseudonym: number }
  | { kind: 'send'; from: number; to: number; duplicate: boolean }
  | { kind: 'deliver'; from: number; to: number; pick: number; drop: boolean };

const index = fc.nat({ max: 63 });
const actionArbitrary: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('contribute' as const), replica: index, item: index }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('erase' as const), replica: index, pseudonym: index }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('send' as const),
      from: index,
      to: index,
      duplicate: fc.boolean(),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('deliver' as const),
      from: index,
      to: index,
      pick: index,
      drop: fc.boolean(),
    }),
  },
);

/** Two distinct replica indices out of `count`, from arbitrary numbers. */
function pair(count: number, a: number, b: number): [number, number] {
  const from = a % count;
  const to = (from + 1 + (b % (count - 1))) % count;
  return [from, to];
}

/** Syncs every pair reliably (a fresh session each time, as after a reconnect) until nothing changes. */
async function syncToQuiescence(docs: NetworkDoc[], states: SyncState[][]): Promise<void> {
  for (let pass = 0; pass < docs.length + 2; pass++) {
    let changed = false;
    for (let i = 0; i < docs.length; i++) {
      for (let j = i + 1; j < docs.length; j++) {
        const before = [networkInfo(docs[i]!).heads.join(), networkInfo(docs[j]!).heads.join()];
        const result = await syncWithPeer(docs[i]!, states[i]![j]!, async (message) => {
          const answer = handleSyncMessage(docs[j]!, states[j]![i]!, message);
          docs[j] = answer.doc;
          states[j]![i] = answer.syncState;
          return answer.reply;
        });
        docs[i] = result.doc;
        states[i]![j] = result.syncState;
        const after = [networkInfo(docs[i]!).heads.join(), networkInfo(docs[j]!).heads.join()];
        if (before.join() !== after.join()) changed = true;
      }
    }
    if (!changed) return;
  }
}

describe('convergence under lossy, duplicating, reordering delivery', () => {
  it('ends with identical heads and patterns on every replica, equal to the ground truth', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 6 }),
        contributionPoolArbitrary(1, 8),
        fc.array(actionArbitrary, { maxLength: 40 }),
        async (replicaCount, pool, actions) => {
          const docs = Array.from({ length: replicaCount }, () => createNetwork({ networkId: NETWORK_ID }));
          const states = docs.map(() => docs.map(() => initSyncState()));
          const inFlight = docs.map(() => docs.map((): Uint8Array[] => []));
          const contributed = new Set<string>();
          const erased = new Set<string>();

          for (const action of actions) {
            if (action.kind === 'contribute') {
              const replica = action.replica % replicaCount;
              const item = pool[action.item % pool.length]!;
              try {
                docs[replica] = contribute(docs[replica]!, item, consent);
                contributed.add(item.id);
              } catch (error) {
                // Only a replica that already knows the erasure may refuse.
                expect(isContributorErasedError(error)).toBe(true);
                expect(erased.has(item.contributor)).toBe(true);
              }
            } else if (action.kind === 'erase') {
              const replica = action.replica % replicaCount;
              const pseudonym = PSEUDONYMS[action.pseudonym % PSEUDONYMS.length]!;
              docs[replica] = eraseContributor(docs[replica]!, pseudonym, erasing(pseudonym));
              erased.add(pseudonym);
            } else if (action.kind === 'send') {
              const [from, to] = pair(replicaCount, action.from, action.to);
              const generated = generateSyncMessage(docs[from]!, states[from]![to]!);
              states[from]![to] = generated.syncState;
              if (generated.message !== null) {
                inFlight[from]![to]!.push(generated.message);
                if (action.duplicate) inFlight[from]![to]!.push(generated.message);
              }
            } else {
              const [from, to] = pair(replicaCount, action.from, action.to);
              const queue = inFlight[from]![to]!;
              if (queue.length === 0) continue;
              const [message] = queue.splice(action.pick % queue.length, 1);
              if (action.drop) continue;
              const received = receiveSyncMessage(docs[to]!, states[to]![from]!, message!);
              docs[to] = received.doc;
              states[to]![from] = received.syncState;
            }
          }

          await syncToQuiescence(docs, states);

          const heads = networkInfo(docs[0]!).heads;
          const patterns = listPatterns(docs[0]!);
          for (const doc of docs) {
            expect(networkInfo(doc).heads).toEqual(heads);
            expect(listPatterns(doc)).toEqual(patterns);
          }
          const survivors = pool.filter((item) => contributed.has(item.id) && !erased.has(item.contributor));
          expectMatchesOracle(patterns, survivors);
          expect(countContributions(docs[0]!).counted).toBe(survivors.length);
          expect(countContributions(docs[0]!).contributors).toBe(
            new Set(survivors.map((c) => c.contributor)).size,
          );
        },
      ),
      { numRuns: Number(process.env.CONVERGENCE_RUNS ?? 40) },
    );
  });
});

/** Wraps `body` in a correct envelope for the property network at epoch 0. */
function envelope(body: Uint8Array): Uint8Array {
  const out = new Uint8Array(SYNC_ENVELOPE_HEADER_LENGTH + body.length);
  out.set([0x50, 0x4e, 1, 0], 0);
  out.set(networkTag(NETWORK_ID), 4);
  new DataView(out.buffer).setUint32(8, 0);
  out.set(checksum(body), 12);
  out.set(body, SYNC_ENVELOPE_HEADER_LENGTH);
  return out;
}

describe('malformed sync messages', () => {
  const source = contribute(
    createNetwork({ networkId: NETWORK_ID }),
    {
      id: 'm-1',
      contributor: KEYS.alpha.pseudonym,
      sourceCloud: 'aws',
      targetCloud: 'gcp',
      strategy: 'rehost',
      resourceTypes: ['EC2'],
      steps: [],
      success: true,
      durationHours: 1,
      costSavingsPercent: 5,
      contributedAt: '2026-11-20T10:00:00Z',
    },
    consent,
  );
  // Real messages of a full exchange between `source` and an empty replica.
  const realMessages: Uint8Array[] = [];
  {
    let a = source;
    let b = createNetwork({ networkId: NETWORK_ID });
    let stateA = initSyncState();
    let stateB = initSyncState();
    for (let round = 0; round < 4; round++) {
      const fromA = generateSyncMessage(a, stateA);
      stateA = fromA.syncState;
      if (fromA.message) {
        realMessages.push(fromA.message);
        ({ doc: b, syncState: stateB } = receiveSyncMessage(b, stateB, fromA.message));
      }
      const fromB = generateSyncMessage(b, stateB);
      stateB = fromB.syncState;
      if (fromB.message) {
        realMessages.push(fromB.message);
        ({ doc: a, syncState: stateA } = receiveSyncMessage(a, stateA, fromB.message));
      }
    }
  }

  function expectRefusedUnchanged(message: Uint8Array, mayBeValid: boolean): void {
    const target = contribute(
      createNetwork({ networkId: NETWORK_ID }),
      {
        id: 'local',
        contributor: KEYS.bravo.pseudonym,
        sourceCloud: 'gcp',
        targetCloud: 'aws',
        strategy: 'refactor',
        resourceTypes: ['Cloud SQL'],
        steps: [],
        success: false,
        durationHours: 2,
        costSavingsPercent: -3,
        contributedAt: '2026-11-20T10:00:00Z',
      },
      consent,
    );
    if (refusalOf(target, initSyncState(), message) !== undefined) {
      // The document is still writable: it was not superseded.
      contribute(target, { ...JSON.parse(JSON.stringify(listPatternsSeed)), id: 'after-error' }, consent);
      return;
    }
    if (!mayBeValid) throw new Error('a malformed message was accepted');
  }

  const listPatternsSeed = {
    id: 'seed',
    contributor: KEYS.charlie.pseudonym,
    sourceCloud: 'azure',
    targetCloud: 'aws',
    strategy: 'rehost',
    resourceTypes: ['Blob'],
    steps: [],
    success: true,
    durationHours: 1,
    costSavingsPercent: 1,
    contributedAt: '2026-11-20T10:00:00Z',
  };

  it('refuses random bytes with a typed error and changes nothing', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expectRefusedUnchanged(bytes, false);
      }),
      { numRuns: 100 },
    );
  });

  it('refuses random bodies in a correct envelope, unless they happen to be a valid message', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (body) => {
        expectRefusedUnchanged(envelope(body), true);
      }),
      { numRuns: 100 },
    );
  });

  it('refuses truncated real messages with a typed error and changes nothing', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: realMessages.length - 1 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (which, fraction) => {
          const message = realMessages[which]!;
          const cut = Math.floor(fraction * message.length);
          expectRefusedUnchanged(message.subarray(0, cut), false);
          // Re-wrapped with a correct checksum the truncated body must still be refused or be a
          // valid (shorter) message — never anything else.
          const body = message.subarray(SYNC_ENVELOPE_HEADER_LENGTH);
          expectRefusedUnchanged(envelope(body.subarray(0, Math.floor(fraction * body.length))), true);
        },
      ),
      { numRuns: 100 },
    );
  });
});
