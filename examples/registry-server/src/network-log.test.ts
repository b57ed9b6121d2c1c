import { describe, expect, it } from 'vitest';
import { migration } from '../test/fixtures/migration.js';
import { until } from '../test/fixtures/until.js';
import { NETWORK_SHARD, openNetwork } from './network.js';
import { openSqliteStore } from './sqlite-store.js';

describe('the network as a log of changes', () => {
  it('appends one row per contribution, however large the network already is', async () => {
    const store = openSqliteStore(':memory:');
    const network = await openNetwork(store, { actor: 'aa01' });
    const rowsAfter: number[] = [];
    for (let i = 0; i < 40; i++) {
      await network.contribute(migration(`m-${i}`), true, 'acme');
      rowsAfter.push((await store.readNetworkChanges(NETWORK_SHARD, 0)).length);
    }
    expect(rowsAfter).toEqual(rowsAfter.map((_, i) => i + 1));
    // A known contribution changes nothing and appends nothing.
    expect((await network.contribute(migration('m-0'), true, 'acme')).created).toBe(false);
    expect(await store.readNetworkChanges(NETWORK_SHARD, 0)).toHaveLength(40);
    network.close();
    await store.close();
  });

  it('shares changes between replicas on one store and reloads snapshot plus later rows', async () => {
    const store = openSqliteStore(':memory:');
    const one = await openNetwork(store, { actor: 'aa01' });
    const two = await openNetwork(store, { actor: 'bb02' });
    await one.contribute(migration('from-one'), true, 'acme');
    await until(() => two.contributionCount() === 1);
    await two.contribute(migration('from-two'), true, 'acme');
    await until(() => one.contributionCount() === 2);
    expect(one.patterns()).toEqual(two.patterns());
    // Past the snapshot interval: a snapshot is written and a restart reads it plus the rows after it.
    for (let i = 0; i < 520; i++) await one.contribute(migration(`bulk-${i}`), true, 'acme');
    const snapshot = await store.getNetworkSnapshot(NETWORK_SHARD);
    expect(snapshot?.throughSequence).toBeGreaterThanOrEqual(500);
    await until(() => two.contributionCount() === 522);
    const restarted = await openNetwork(store, { actor: 'cc03' });
    expect(restarted.contributionCount()).toBe(522);
    expect(restarted.patterns()).toEqual(one.patterns());
    for (const network of [one, two, restarted]) await network.close();
    await store.close();
    // 520 contributions one after another: seconds idle, much longer on a loaded machine.
  }, 90_000);
});
