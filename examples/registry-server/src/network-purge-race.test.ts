// A purge on another instance while a write is in flight here: the write's changes are of the
// old epoch and cannot be stored after the reload, so the write must fail (and succeed when
// sent again), never answer success with nothing stored.
import type { RegistryStore } from '@pollinate/registry-store';
import { describe, expect, it } from 'vitest';
import { migration } from '../test/fixtures/migration.js';
import { until } from '../test/fixtures/until.js';
import { NetworkReloadedError, openNetwork } from './network.js';
import { toHttpProblem } from './problem.js';
import { openSqliteStore } from './sqlite-store.js';

/** The store, with a gate that holds the next `readNetworkChanges` call until it is opened. */
function gatedStore(store: RegistryStore) {
  let gate: Promise<void> | undefined;
  let open = () => {};
  let held = false;
  const view = new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'readNetworkChanges') {
        return async (...args: Parameters<RegistryStore['readNetworkChanges']>) => {
          if (gate !== undefined) {
            const waiting = gate;
            gate = undefined;
            held = true;
            await waiting;
          }
          return target.readNetworkChanges(...args);
        };
      }
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return {
    view,
    arm() {
      gate = new Promise<void>((resolve) => {
        open = resolve;
      });
    },
    isHeld: () => held,
    release: () => open(),
  };
}

describe('a purge on another instance while a write is in flight', () => {
  it('fails the write with NetworkReloadedError (nothing stored), and the write sent again is stored', async () => {
    const store = openSqliteStore(':memory:');
    const gated = gatedStore(store);
    const here = await openNetwork(gated.view, { actor: 'aa01' });
    const there = await openNetwork(store, { actor: 'bb02' });
    await here.contribute(migration('before'), true, 'acme');

    // This instance is busy catching up with the other's write (its read is held) when the
    // other instance purges: the reload waits in line behind the catch-up.
    gated.arm();
    await there.contribute(migration('from-there'), true, 'acme');
    await until(gated.isHeld);
    await there.purge();

    // A write here now changes the old epoch's replica; its append waits behind the reload.
    const write = here.contribute(migration('in-flight'), true, 'acme');
    gated.release();
    await expect(write).rejects.toBeInstanceOf(NetworkReloadedError);
    await expect(write).rejects.toMatchObject({ code: 'E_NETWORK_RELOADED' });

    // Nothing of it was kept, here or in the store; sent again, it is stored on the new epoch.
    expect(here.exportContributor(here.pseudonymOf('acme')).contributions.map((c) => c.id)).not.toContain(
      'in-flight',
    );
    expect((await here.contribute(migration('in-flight'), true, 'acme')).created).toBe(true);
    const restarted = await openNetwork(store, { actor: 'cc03' });
    const ids = restarted.exportContributor(here.pseudonymOf('acme')).contributions.map((c) => c.id);
    expect(ids.sort()).toEqual(['before', 'from-there', 'in-flight']);
    for (const network of [here, there, restarted]) await network.close();
    await store.close();
  });

  it('answers 503 with Retry-After over HTTP (the problem the routes send)', () => {
    const problem = toHttpProblem(new NetworkReloadedError());
    expect(problem.status).toBe(503);
    expect(problem.code).toBe('E_NETWORK_RELOADED');
    expect(problem.options.headers).toEqual({ 'Retry-After': '1' });
  });
});
