import type { Contribution } from '@pollinate/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NETWORK_SHARD, openNetwork } from './network.js';
import { openSqliteStore } from './sqlite-store.js';

const PUBLISHERS = ['acme', 'zeta', 'blue', 'iris'] as const;

function migration(id: string, resource: string, hours: number, success: boolean): Contribution {
  return {
    id,
    contributor: 'replaced-by-the-registry',
    sourceCloud: 'aws',
    targetCloud: 'gcp',
    strategy: 'replatform',
    resourceTypes: [resource],
    steps: [{ action: 'copy data', durationSeconds: 60, success }],
    success,
    durationHours: hours,
    costSavingsPercent: 5,
    contributedAt: '2026-11-20T10:00:00Z',
  };
}

const operation = fc.oneof(
  fc.record({
    kind: fc.constant('contribute' as const),
    publisher: fc.constantFrom(...PUBLISHERS),
    id: fc.integer({ min: 0, max: 30 }),
    resource: fc.constantFrom('RDS', 'EC2', 'S3'),
    hours: fc.integer({ min: 1, max: 48 }),
    success: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('erase' as const), publisher: fc.constantFrom(...PUBLISHERS) }),
  fc.record({ kind: fc.constant('purge' as const) }),
);

describe('purge', () => {
  it('changes no aggregate and no export, leaves one snapshot, and a restart reads the same', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 25 }), async (operations) => {
        const store = openSqliteStore(':memory:');
        const network = await openNetwork(store, {
          signingSecret: new Uint8Array(32).fill(9),
          actor: 'aa01',
        });
        const erased = new Set<string>();
        /** The model: the contribution ids each publisher has (none lost, none after an erasure). */
        const expected = new Map<string, Set<string>>(PUBLISHERS.map((p) => [p, new Set<string>()]));
        try {
          for (const op of operations) {
            if (op.kind === 'contribute') {
              if (erased.has(op.publisher)) continue;
              expected.get(op.publisher)!.add(`${op.publisher}-${op.id}`);
              await network.contribute(
                migration(`${op.publisher}-${op.id}`, op.resource, op.hours, op.success),
                true,
                op.publisher,
              );
            } else if (op.kind === 'erase') {
              await network.erase(network.pseudonymOf(op.publisher), op.publisher);
              erased.add(op.publisher);
              expected.get(op.publisher)!.clear();
            } else {
              const before = network.patterns(1);
              const exports = PUBLISHERS.map((p) => network.exportContributor(network.pseudonymOf(p)));
              await network.purge();
              expect(network.patterns(1)).toEqual(before);
              expect(PUBLISHERS.map((p) => network.exportContributor(network.pseudonymOf(p)))).toEqual(
                exports,
              );
              expect(await store.readNetworkChanges(NETWORK_SHARD, 0)).toEqual([]);
            }
          }
          // Every write answered with success is there, before and after a restart.
          const ids = (network: Awaited<ReturnType<typeof openNetwork>>) =>
            PUBLISHERS.map((p) =>
              network
                .exportContributor(network.pseudonymOf(p))
                .contributions.map((c) => c.id)
                .sort(),
            );
          const model = PUBLISHERS.map((p) => [...expected.get(p)!].sort());
          expect(ids(network)).toEqual(model);
          const restarted = await openNetwork(store, {
            signingSecret: new Uint8Array(32).fill(9),
            actor: 'bb02',
          });
          expect(restarted.patterns(1)).toEqual(network.patterns(1));
          expect(restarted.contributionCount()).toBe(network.contributionCount());
          expect(ids(restarted)).toEqual(model);
          restarted.close();
        } finally {
          network.close();
          await store.close();
        }
      }),
      { numRuns: 25 },
    );
  });
});

describe('purge of an empty database', () => {
  it('writes nothing, so the network id is still the first registry’s to choose', async () => {
    const store = openSqliteStore(':memory:');
    const network = await openNetwork(store, { networkId: 'acme-network' });
    expect(await network.purge()).toEqual({ removedChanges: 0, epoch: 0, contributions: 0 });
    expect(await store.getNetworkSnapshot(NETWORK_SHARD)).toBeUndefined();
    network.close();
    await store.close();
  });
});
