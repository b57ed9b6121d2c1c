// Sync latency over HTTP on loopback (issue 17, item 4): the time from a contribution
// accepted at one deployment replica to its visibility in `listPatterns` on another
// replica that syncs through the registry, over 200 contributions.
//
//   node --expose-gc --import tsx examples/registry-server/bench/sync-latency.bench.ts [--quick]
//
// Deployment A contributes to its own replica and syncs with the registry right away.
// Deployment B syncs with the registry in a loop and checks listPatterns after every
// session, in two ways run side by side in this process: polling (a session right after
// the last one, as before) and long polling (the first message of each session carries
// X-Pollinate-Wait, so the registry holds it until the network changes). Both keep their
// sync states, as a deployment would.
import { createRegistryClient } from '@pollinate/client';
import {
  contribute,
  createAggregateCache,
  createNetwork,
  initSyncState,
  keyPairFromSecret,
  listPatterns,
  type NetworkDoc,
  type SyncState,
  type SyncTransport,
  syncWithPeer,
} from '@pollinate/crdt-network';
import { median, printMachine } from '../../../scripts/bench-harness.js';
import { startRegistry } from '../src/index.js';
import { createNodeVerifier } from '../src/network.js';

const quick = process.argv.includes('--quick');
const COUNT = quick ? 30 : 200;
const NETWORK_ID = 'latency-net';
const TOKEN = 'bench-token-0123456789';
const WAIT_MS = 10_000;

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

/**
 * A transport that retries once after a reset connection (a keep-alive socket the server
 * closed as it was reused); the retries are counted and printed.
 */
let retries = 0;
const sendOnce = async (message: Uint8Array, peerId: string, waitMs = 0): Promise<Uint8Array | null> => {
  try {
    return await client.sync(message, { peerId, ...(waitMs > 0 ? { waitMs } : {}) });
  } catch (error) {
    if ((error as { code?: string }).code !== 'E_NETWORK') throw error;
    retries++;
    return client.sync(message, { peerId, ...(waitMs > 0 ? { waitMs } : {}) });
  }
};
const transportOf =
  (peerId: string): SyncTransport =>
  (message) =>
    sendOnce(message, peerId);

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
};

async function measure(mode: 'poll' | 'long-poll') {
  let a: NetworkDoc = createNetwork({ networkId: NETWORK_ID });
  let aState: SyncState = initSyncState();
  let b: NetworkDoc = createNetwork({ networkId: NETWORK_ID });
  let bState: SyncState = initSyncState();
  // Both start from the registry's current state.
  ({ doc: a, syncState: aState } = await syncWithPeer(a, aState, transportOf(`a-${mode}`)));
  ({ doc: b, syncState: bState } = await syncWithPeer(b, bState, transportOf(`b-${mode}`)));
  const cache = createAggregateCache();
  const executions = (doc: NetworkDoc) =>
    listPatterns(doc, { cache }).reduce((sum, pattern) => sum + pattern.executions, 0);
  const base = executions(b);
  const acceptedAt: number[] = [];
  const visibleAt: number[] = [];
  const aSessionMs: number[] = [];
  const bSessionMs: number[] = [];
  const bRoundTrips: number[] = [];
  let done = false;

  const watcher = (async () => {
    while (!done || visibleAt.length < acceptedAt.length) {
      let first = mode === 'long-poll';
      const transport: SyncTransport = (message) => {
        const waitMs = first && !done ? WAIT_MS : 0;
        first = false;
        return sendOnce(message, `b-${mode}`, waitMs);
      };
      const sessionStart = performance.now();
      const result = await syncWithPeer(b, bState, transport, { verifySignature });
      bSessionMs.push(performance.now() - sessionStart);
      bRoundTrips.push(result.stats.roundTrips);
      b = result.doc;
      bState = result.syncState;
      // Visible = counted by listPatterns on B.
      const seen = executions(b) - base;
      const now = performance.now();
      while (visibleAt.length < Math.min(seen, acceptedAt.length)) visibleAt.push(now);
    }
  })();

  for (let index = 0; index < COUNT; index++) {
    a = contribute(
      a,
      {
        id: `latency-${mode}-${index}`,
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
    const result = await syncWithPeer(a, aState, transportOf(`a-${mode}`), { verifySignature });
    aSessionMs.push(performance.now() - acceptedAt.at(-1)!);
    a = result.doc;
    aState = result.syncState;
    // Wait until B saw it before the next one, so each latency is one contribution's own.
    while (visibleAt.length <= index) await new Promise((resolve) => setTimeout(resolve, 1));
  }
  done = true;
  // Wake a long poll still held: one more contribution ends it.
  if (mode === 'long-poll') await client.contribute(wakeUp(`wake-${mode}`), { consent: true });
  await watcher;
  const latencies = acceptedAt.map((start, index) => visibleAt[index]! - start);
  return { latencies, aSessionMs, bSessionMs, bRoundTrips };
}

/** A contribution through the registry's HTTP route (its custodial key signs it). */
function wakeUp(id: string) {
  return {
    id,
    contributor: keys.pseudonym,
    sourceCloud: 'aws' as const,
    targetCloud: 'gcp' as const,
    strategy: 'rehost' as const,
    resourceTypes: ['VM'],
    steps: [{ action: 'wake', durationSeconds: 1, success: true }],
    success: true,
    durationHours: 1,
    costSavingsPercent: 0,
    contributedAt: '2026-11-20T10:00:00Z',
  };
}

const poll = await measure('poll');
const longPoll = await measure('long-poll');
await registry.close();

console.log(`\n| B syncs by | contributions | p50 | p99 | max | goal |`);
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const [name, run] of [
  ['polling (a session after the last)', poll],
  [`long polling (X-Pollinate-Wait: ${WAIT_MS})`, longPoll],
] as const) {
  console.log(
    `| ${name} | ${COUNT} | ${median(run.latencies).toFixed(1)} ms | ${percentile(run.latencies, 0.99).toFixed(1)} ms | ${Math.max(...run.latencies).toFixed(1)} ms | < 1 s |`,
  );
}
console.log('\n| part | polling p50 / p99 | long polling p50 / p99 |');
console.log('| --- | ---: | ---: |');
const pair = (x: number[], y: number[]) =>
  `${median(x).toFixed(1)} / ${percentile(x, 0.99).toFixed(1)} ms | ${median(y).toFixed(1)} / ${percentile(y, 0.99).toFixed(1)} ms`;
console.log(
  `| A's session (contribution → the registry acknowledged it) | ${pair(poll.aSessionMs, longPoll.aSessionMs)} |`,
);
console.log(`| one B session | ${pair(poll.bSessionMs, longPoll.bSessionMs)} |`);
const mean = (values: number[]) => (values.reduce((sum, n) => sum + n, 0) / values.length).toFixed(2);
console.log(
  `| B sessions / round trips per session | ${poll.bSessionMs.length} / ${mean(poll.bRoundTrips)} | ${longPoll.bSessionMs.length} / ${mean(longPoll.bRoundTrips)} |`,
);
console.log(`\nrequests retried after a reset connection: ${retries}`);
