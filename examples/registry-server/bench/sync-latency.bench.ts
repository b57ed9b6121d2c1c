// Sync latency over HTTP on loopback (issue 17, item 4): the time from a contribution
// accepted at one deployment replica to its visibility in `listPatterns` on another
// replica that syncs through the registry, over 200 contributions.
//
//   node --expose-gc --import tsx examples/registry-server/bench/sync-latency.bench.ts [--quick]
//
// Deployment A contributes to its own replica and syncs with the registry right away;
// deployment B syncs with the registry in a loop (no pause between sessions) and checks
// listPatterns after every session. Both keep their sync states, as a deployment would.
import { createRegistryClient } from '@pollinate/client';
import {
  contribute,
  countContributions,
  createNetwork,
  initSyncState,
  keyPairFromSecret,
  type NetworkDoc,
  type SyncState,
  syncWithPeer,
} from '@pollinate/crdt-network';
import { median, printMachine } from '../../../scripts/bench-harness.js';
import { startRegistry } from '../src/index.js';
import { createNodeVerifier } from '../src/network.js';

const quick = process.argv.includes('--quick');
const COUNT = quick ? 30 : 200;
const NETWORK_ID = 'latency-net';
const TOKEN = 'bench-token-0123456789';

printMachine();
const registry = await startRegistry({
  tokens: `bench:${TOKEN}`,
  // The watcher syncs without pause: the per-token limit would throttle the measurement.
  rateLimit: false,
  network: { networkId: NETWORK_ID, signingSecret: new Uint8Array(32).fill(1) },
});
const client = createRegistryClient({ baseUrl: registry.url, token: TOKEN });
const keys = keyPairFromSecret(new Uint8Array(32).fill(2));
const verifySignature = createNodeVerifier();

let a: NetworkDoc = createNetwork({ networkId: NETWORK_ID });
let aState: SyncState = initSyncState();
let b: NetworkDoc = createNetwork({ networkId: NETWORK_ID });
let bState: SyncState = initSyncState();
const acceptedAt: number[] = [];
const visibleAt: number[] = [];
let done = false;

const watcher = (async () => {
  while (!done || visibleAt.length < acceptedAt.length) {
    const result = await syncWithPeer(b, bState, client.syncTransport('deployment-b'), { verifySignature });
    b = result.doc;
    bState = result.syncState;
    const seen = countContributions(b).counted;
    const now = performance.now();
    while (visibleAt.length < Math.min(seen, acceptedAt.length)) visibleAt.push(now);
  }
})();

for (let index = 0; index < COUNT; index++) {
  a = contribute(
    a,
    {
      id: `latency-${index}`,
      contributor: keys.pseudonym,
      sourceCloud: 'aws',
      targetCloud: 'azure',
      strategy: 'rehost',
      resourceTypes: ['EC2', 'RDS'],
      steps: [{ action: 'replicate disks', durationSeconds: 600, success: true }],
      success: true,
      durationHours: 2,
      costSavingsPercent: 10,
      contributedAt: '2026-11-20T10:00:00Z',
    },
    { consent: true, signer: keys },
  );
  acceptedAt.push(performance.now());
  const result = await syncWithPeer(a, aState, client.syncTransport('deployment-a'), { verifySignature });
  a = result.doc;
  aState = result.syncState;
  // Wait until B saw it before the next one, so each latency is one contribution's own.
  while (visibleAt.length <= index) await new Promise((resolve) => setTimeout(resolve, 1));
}
done = true;
await watcher;
await registry.close();

const latencies = acceptedAt.map((start, index) => visibleAt[index]! - start).sort((x, y) => x - y);
const p99 = latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.99))]!;
console.log(`\n| contributions | p50 | p99 | max | goal |`);
console.log('| ---: | ---: | ---: | ---: | ---: |');
console.log(
  `| ${COUNT} | ${median(latencies).toFixed(1)} ms | ${p99.toFixed(1)} ms | ${latencies.at(-1)!.toFixed(1)} ms | < 1 s |`,
);
