// A million contributions: the sharded network (createShardedNetwork) beside today's
// single-document design on the same signed records, run by `npm run bench`.
//
//   node --expose-gc --import tsx packages/crdt-network/bench/scale.bench.ts [--quick] [--records N] [--sample-shards N] [--bounded-shards N]
//
// --sample-shards N: the new replica's first full sync and the "every shard read" figures
// of the restarted process cover shards 0 … N − 1 only (each shard syncs on its own, so
// the whole network's figure is the sample's times shards / N); default every shard.
//
// Records are signed with Node's native Ed25519 (same bytes as the library's signer,
// through recordSigningMessage) to keep generation to about a minute; the bulk build
// skips re-verifying the signatures it just made, and the first full sync of a new replica
// verifies every one of them (with Node's verifier, as the registry does). Restart and
// RSS are measured in a fresh child process that reads the saved shards from disk.
import { spawnSync } from 'node:child_process';
import { createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Automerge from '@automerge/automerge';
import type { Contribution } from '@pollinate/core';
import {
  contributeMany,
  createAggregateCache,
  createNetwork,
  createShardedNetwork,
  importRecords,
  initSyncState,
  keyPairFromSecret,
  listPatterns,
  load,
  loadShardedNetwork,
  type NetworkKeyPair,
  recordSigningMessage,
  type ShardedNetwork,
  type SignatureVerifier,
  type StoredRecord,
  save,
} from '@pollinate/crdt-network';
import { median, printMachine, seededRandom } from '../../../scripts/bench-harness.js';
import { ACTIONS, migrationFields } from './vocabulary.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const recordsFlag = args.indexOf('--records');
const TOTAL = recordsFlag >= 0 ? Number(args[recordsFlag + 1]) : quick ? 50_000 : 1_000_000;
const SHARDS = 1024;
const sampleFlag = args.indexOf('--sample-shards');
const SAMPLE = sampleFlag >= 0 ? Math.min(SHARDS, Number(args[sampleFlag + 1])) : SHARDS;
const OLD_SIZE = quick ? 5_000 : 20_000;
const SINGLES = 200;
/** Shards a bounded restarted replica keeps in memory (`maxLoadedShards`; `--bounded-shards`, default 64 as the registry's). */
const boundedFlag = args.indexOf('--bounded-shards');
const BOUNDED_SHARDS = Math.min(boundedFlag >= 0 ? Number(args[boundedFlag + 1]) : 64, SHARDS);
const NETWORK_ID = 'bench-scale';
const DEPLOYMENTS = 2_000;

const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

interface Deployment {
  keys: NetworkKeyPair;
  privateKey: KeyObject;
}

function deployments(count: number): Deployment[] {
  return Array.from({ length: count }, (_, index) => {
    const secret = new Uint8Array(32);
    new DataView(secret.buffer).setUint32(0, index + 1);
    secret[31] = 0x5a;
    return {
      keys: keyPairFromSecret(secret),
      privateKey: createPrivateKey({
        key: Buffer.concat([PKCS8_PREFIX, secret]),
        format: 'der',
        type: 'pkcs8',
      }),
    };
  });
}

function makeContribution(random: () => number, deployment: Deployment, id: string): Contribution {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const steps = Array.from({ length: 2 + Math.floor(random() * 3) }, () => ({
    action: pick(ACTIONS),
    durationSeconds: Math.round(random() * 7200),
    success: random() > 0.1,
  }));
  return { id, contributor: deployment.keys.pseudonym, ...migrationFields(random, steps) };
}

function signRecords(contributions: Contribution[], byPseudonym: Map<string, Deployment>): StoredRecord[] {
  return contributions.map((contribution) => ({
    contribution,
    revision: 0,
    signature: sign(
      null,
      recordSigningMessage(NETWORK_ID, contribution, 0),
      byPseudonym.get(contribution.contributor)!.privateKey,
    ).toString('hex'),
  }));
}

function nodeVerifier(): SignatureVerifier {
  const keys = new Map<string, KeyObject>();
  return (signature, message, publicKey) => {
    const id = Buffer.from(publicKey).toString('hex');
    let key = keys.get(id);
    if (key === undefined) {
      key = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, publicKey]), format: 'der', type: 'spki' });
      keys.set(id, key);
    }
    return verify(null, message, key, signature);
  };
}

const trusted: SignatureVerifier = () => true;
const asDoc = (doc: unknown) => doc as Automerge.Doc<unknown>;
const started = performance.now();
/** Progress on standard error (the tables go to standard output). */
const progress = (what: string) =>
  process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(0)} s] ${what}\n`);
const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 0)} ms`;
const mib = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MiB`;
const pct = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]!;
function time<T>(action: () => T): [T, number] {
  const start = performance.now();
  const result = action();
  return [result, performance.now() - start];
}

// ------------------------------------------------------------- child: restart

if (args[0] === '--restart-child') {
  const dir = args[1]!;
  const count = Number(args[2]);
  const sample = Number(args[3] ?? count);
  const maxLoaded = Number(args[4] ?? 0);
  const [network, loadMs] = time(() => {
    const shards = Array.from(
      { length: count },
      (_, index) => new Uint8Array(readFileSync(join(dir, `shard-${index}.bin`))),
    );
    const aggregates = new Uint8Array(readFileSync(join(dir, 'aggregates.json')));
    return loadShardedNetwork(
      { shards, aggregates },
      { networkId: NETWORK_ID, shards: count, ...(maxLoaded > 0 ? { maxLoadedShards: maxLoaded } : {}) },
    );
  });
  const [patterns, firstListMs] = time(() => network.listPatterns());
  const readyMs = loadMs + firstListMs;
  global.gc?.();
  const rssReady = process.memoryUsage().rss;
  const signer = deployments(1)[0]!;
  const random = seededRandom(99);
  const cold: number[] = [];
  const listAfter: number[] = [];
  for (let index = 0; index < SINGLES; index++) {
    const contribution = makeContribution(random, signer, `restart-${index}`);
    cold.push(time(() => network.contribute([contribution], { consent: true, signer: signer.keys }))[1]);
    listAfter.push(time(() => network.listPatterns())[1]);
  }
  global.gc?.();
  const rssAfterColdWrites = process.memoryUsage().rss;
  // Every shard (of the sample) read, as a registry holds them after serving writes everywhere.
  const [, loadAllMs] = time(() => {
    for (let index = 0; index < sample; index++) network.shard(index);
  });
  const warm: number[] = [];
  const warmAgain: number[] = [];
  for (let made = 0, index = 0; made < SINGLES; index++) {
    const contribution = makeContribution(random, signer, `warm-${index}`);
    if (network.shardOf(contribution) >= sample) continue;
    made++;
    warm.push(time(() => network.contribute([contribution], { consent: true, signer: signer.keys }))[1]);
  }
  // A second write to each of those shards (its first write after loading is behind it).
  for (let made = 0, index = 0; made < SINGLES; index++) {
    const contribution = makeContribution(random, signer, `warm-again-${index}`);
    if (network.shardOf(contribution) >= sample) continue;
    made++;
    warmAgain.push(time(() => network.contribute([contribution], { consent: true, signer: signer.keys }))[1]);
  }
  global.gc?.();
  process.stdout.write(
    JSON.stringify({
      readyMs,
      patterns: patterns.length,
      counted: network.countContributions(),
      coldP50: median(cold),
      coldP99: pct(cold, 0.99),
      listAfterP50: median(listAfter),
      listAfterP99: pct(listAfter, 0.99),
      rssReady,
      rssAfterColdWrites,
      loadAllMs,
      warmP50: median(warm),
      warmP99: pct(warm, 0.99),
      warmAgainP50: median(warmAgain),
      warmAgainP99: pct(warmAgain, 0.99),
      rssAllLoaded: process.memoryUsage().rss,
      loadedShards: network.loadedShards(),
    }),
  );
  process.exit(0);
}

// ------------------------------------------------------------- main

printMachine();
console.log(
  `records: ${TOTAL.toLocaleString('en')} over ${SHARDS} shards; single-document baseline at ${OLD_SIZE.toLocaleString('en')}\n`,
);
const people = deployments(DEPLOYMENTS);
const byPseudonym = new Map(people.map((person) => [person.keys.pseudonym, person]));
const random = seededRandom(17);

const [contributions, generateMs] = time(() =>
  Array.from({ length: TOTAL }, (_, index) =>
    makeContribution(random, people[Math.floor(random() * people.length)]!, `m-${index.toString(36)}`),
  ),
);
const [records, signMs] = time(() => signRecords(contributions, byPseudonym));
console.log(`generated in ${ms(generateMs)}, signed (node:crypto Ed25519) in ${ms(signMs)}`);

// Today's design on the first OLD_SIZE records, then the sharded design on the same ones.
function singleDocumentFigures(slice: StoredRecord[]) {
  let doc = createNetwork({ networkId: NETWORK_ID });
  for (let start = 0; start < slice.length; start += 1000) {
    doc = importRecords(doc, slice.slice(start, start + 1000), { verifySignature: trusted });
  }
  const cache = createAggregateCache();
  listPatterns(doc, { cache });
  const signer = people[0]!;
  const adds: number[] = [];
  const lists: number[] = [];
  for (let index = 0; index < 30; index++) {
    const contribution = makeContribution(random, signer, `single-${index}`);
    adds.push(
      time(() => (doc = contributeMany(doc, [contribution], { consent: true, signer: signer.keys })))[1],
    );
    lists.push(time(() => listPatterns(doc, { cache }))[1]);
  }
  const [bytes, saveMs] = time(() => save(doc));
  const [, loadMs] = time(() => load(bytes, { verifyRecords: false }));
  return { add: median(adds), list: median(lists), saveMs, loadMs, bytes: bytes.length };
}

function shardedFigures(slice: StoredRecord[], shards: number) {
  const network = createShardedNetwork({ networkId: NETWORK_ID, shards });
  const [, buildMs] = time(() => {
    // Grouped by shard first: one change per shard for the whole build.
    const byShard: StoredRecord[][] = Array.from({ length: shards }, () => []);
    for (const record of slice) byShard[network.shardOf(record.contribution)]!.push(record);
    const step = Math.max(1, Math.floor(shards / 16));
    for (let first = 0; first < shards; first += step) {
      network.importRecords(byShard.slice(first, first + step).flat(), { verifySignature: trusted });
      progress(`  imported shards ${first} … ${Math.min(shards, first + step) - 1}`);
    }
  });
  network.listPatterns();
  const signer = people[0]!;
  const adds: number[] = [];
  const lists: number[] = [];
  for (let index = 0; index < SINGLES; index++) {
    const contribution = makeContribution(random, signer, `sharded-${shards}-${index}`);
    adds.push(time(() => network.contribute([contribution], { consent: true, signer: signer.keys }))[1]);
    lists.push(time(() => network.listPatterns())[1]);
  }
  const [saved, saveMs] = time(() => network.save());
  return { network, buildMs, adds, lists, saved, saveMs };
}

progress('single-document baseline');
const oldFigures = singleDocumentFigures(records.slice(0, OLD_SIZE));
progress('sharded (64) on the same records');
const smallSharded = shardedFigures(records.slice(0, OLD_SIZE), 64);
const smallBytes = smallSharded.saved.shards.reduce((sum, bytes) => sum + bytes.length, 0);
console.log(`\n### Same ${OLD_SIZE.toLocaleString('en')} records: one document vs 64 shards\n`);
console.log('| | one document (today) | sharded (64) | ratio |');
console.log('| --- | ---: | ---: | ---: |');
console.log(
  `| add one contribution (p50) | ${ms(oldFigures.add)} | ${ms(median(smallSharded.adds))} | ${(oldFigures.add / median(smallSharded.adds)).toFixed(1)}x |`,
);
console.log(
  `| listPatterns after one new contribution (p50) | ${ms(oldFigures.list)} | ${ms(median(smallSharded.lists))} | ${(oldFigures.list / median(smallSharded.lists)).toFixed(1)}x |`,
);
console.log(`| save | ${ms(oldFigures.saveMs)} | ${ms(smallSharded.saveMs)} | |`);
console.log(`| saved bytes | ${mib(oldFigures.bytes)} | ${mib(smallBytes)} | |`);
console.log(`| load (restart) | ${ms(oldFigures.loadMs)} | see below (aggregates + lazy shards) | |`);
smallSharded.network.shard(0);

global.gc?.();
progress(`sharded (${SHARDS}) on every record`);
const rssBeforeBuild = process.memoryUsage().rss;
const big = shardedFigures(records, SHARDS);
const rssBuilt = process.memoryUsage().rss;
const bigBytes = big.saved.shards.reduce((sum, bytes) => sum + bytes.length, 0);

const dir = mkdtempSync(join(tmpdir(), 'pollinate-scale-'));
try {
  for (const [index, bytes] of big.saved.shards.entries())
    writeFileSync(join(dir, `shard-${index}.bin`), bytes);
  writeFileSync(join(dir, 'aggregates.json'), big.saved.aggregates);
  const restartChild = (maxLoaded: number): Record<string, number> => {
    const child = spawnSync(
      process.execPath,
      [
        '--expose-gc',
        '--import',
        'tsx',
        import.meta.filename,
        '--restart-child',
        dir,
        String(SHARDS),
        String(SAMPLE),
        String(maxLoaded),
      ],
      { env: process.env, encoding: 'utf8', maxBuffer: 1 << 24 },
    );
    if (child.status !== 0) throw new Error(`restart child failed: ${child.stderr}`);
    return JSON.parse(child.stdout) as Record<string, number>;
  };
  progress('restart in a child process');
  const restart = restartChild(0);
  progress(`restart in a child process, at most ${BOUNDED_SHARDS} shards in memory`);
  const bounded = restartChild(BOUNDED_SHARDS);

  progress('first full sync of a new replica');
  // A new replica's first full sync, shard by shard, verifying every signature (Node's verifier).
  const fresh: ShardedNetwork = createShardedNetwork({ networkId: NETWORK_ID, shards: SHARDS });
  const verifySignature = nodeVerifier();
  let bytes = 0;
  let messages = 0;
  const [, syncMs] = time(() => {
    for (let shard = 0; shard < SAMPLE; shard++) {
      let mine = initSyncState();
      let theirs = initSyncState();
      for (let round = 0; round < 16; round++) {
        const out = fresh.generateSyncMessage(shard, mine);
        mine = out.syncState;
        if (out.message !== null) {
          bytes += out.message.length;
          messages += 1;
          theirs = big.network.receiveSyncMessage(shard, theirs, out.message, { verifySignature });
        }
        const back = big.network.generateSyncMessage(shard, theirs);
        theirs = back.syncState;
        if (back.message !== null) {
          bytes += back.message.length;
          messages += 1;
          mine = fresh.receiveSyncMessage(shard, mine, back.message, { verifySignature });
        }
        if (out.message === null && back.message === null) break;
      }
    }
  });
  // Equal up to floating-point rounding of the running sums (added in another order).
  const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  const sameSummaries = (left: ShardedNetwork, right: ShardedNetwork) => {
    const a = left.listPatterns();
    const b = new Map(right.listPatterns().map((summary) => [summary.key, summary]));
    return (
      a.length === b.size &&
      a.every((x) => {
        const y = b.get(x.key);
        return (
          y !== undefined &&
          x.executions === y.executions &&
          x.successes === y.successes &&
          x.contributors === y.contributors &&
          close(x.meanDurationHours, y.meanDurationHours) &&
          close(x.meanCostSavingsPercent, y.meanCostSavingsPercent) &&
          x.steps.length === y.steps.length &&
          x.steps.every(
            (step, i) =>
              step.count === y.steps[i]!.count &&
              close(step.meanDurationSeconds, y.steps[i]!.meanDurationSeconds),
          )
        );
      })
    );
  };
  // With a sample, the source restricted to the sample's shards is what the replica must equal.
  let same: boolean | string;
  if (SAMPLE === SHARDS) same = sameSummaries(fresh, big.network);
  else {
    const sampled = createShardedNetwork({ networkId: NETWORK_ID, shards: SHARDS });
    for (let shard = 0; shard < SAMPLE; shard++) {
      sampled.applyChanges(shard, Automerge.getAllChanges(asDoc(big.network.shard(shard))));
    }
    same = sameSummaries(fresh, sampled);
  }
  const sampledRecords = fresh.countContributions();

  console.log(`\n### ${TOTAL.toLocaleString('en')} contributions, ${SHARDS} shards\n`);
  console.log('| figure | measured | goal |');
  console.log('| --- | ---: | ---: |');
  console.log(`| build from signed records (bulk: one change per shard) | ${ms(big.buildMs)} | |`);
  console.log(
    `| add one contribution, all shards in memory (p50 / p99 of ${SINGLES}) | ${ms(median(big.adds))} / ${ms(pct(big.adds, 0.99))} | p50 ≤ 5 ms |`,
  );
  console.log(
    `| listPatterns after one new contribution (p50 / p99) | ${ms(median(big.lists))} / ${ms(pct(big.lists, 0.99))} | ≤ 20 ms |`,
  );
  console.log(
    `| save every shard + aggregates | ${ms(big.saveMs)} (${mib(bigBytes)} + ${mib(big.saved.aggregates.length)}) | |`,
  );
  console.log(
    `| restart: ready to answer (load aggregates, first listPatterns) | ${ms(restart.readyMs!)} | ≤ 10 s |`,
  );
  console.log(
    `| after restart: add one to a shard not yet read (p50 / p99) | ${ms(restart.coldP50!)} / ${ms(restart.coldP99!)} | |`,
  );
  console.log(
    `| after restart: listPatterns after one new contribution (p50 / p99) | ${ms(restart.listAfterP50!)} / ${ms(restart.listAfterP99!)} | ≤ 20 ms |`,
  );
  const shardsRead = SAMPLE === SHARDS ? 'every shard' : `shards 0 … ${SAMPLE - 1}`;
  console.log(`| after restart: read ${shardsRead} | ${ms(restart.loadAllMs!)} | |`);
  console.log(
    `| after restart, ${shardsRead} read: add one, first write to a loaded shard (p50 / p99) | ${ms(restart.warmP50!)} / ${ms(restart.warmP99!)} | p50 ≤ 5 ms |`,
  );
  console.log(
    `| after restart, ${shardsRead} read: add one more (p50 / p99) | ${ms(restart.warmAgainP50!)} / ${ms(restart.warmAgainP99!)} | p50 ≤ 5 ms |`,
  );
  console.log(
    `| RSS: restarted, ready / after ${SINGLES} writes / ${shardsRead} read | ${mib(restart.rssReady!)} / ${mib(restart.rssAfterColdWrites!)} / ${mib(restart.rssAllLoaded!)} (${restart.loadedShards} shards held) | ≤ 1 GiB |`,
  );
  console.log(
    `| RSS: restarted with \`maxLoadedShards: ${BOUNDED_SHARDS}\`: ready / after ${SINGLES} writes / ${shardsRead} read | ${mib(bounded.rssReady!)} / ${mib(bounded.rssAfterColdWrites!)} / ${mib(bounded.rssAllLoaded!)} (${bounded.loadedShards} shards held) | ≤ 1 GiB |`,
  );
  console.log(
    `| the same: add one to a shard not held / held (p50 / p99) | ${ms(bounded.coldP50!)} / ${ms(bounded.coldP99!)}; ${ms(bounded.warmAgainP50!)} / ${ms(bounded.warmAgainP99!)} | |`,
  );
  console.log(
    `| RSS of the building process (all shards + records in memory) | ${mib(rssBuilt)} (${mib(rssBeforeBuild)} before) | |`,
  );
  if (SAMPLE === SHARDS) {
    console.log(
      `| new replica's first full sync (every signature verified) | ${(syncMs / 1000).toFixed(1)} s, ${mib(bytes)} in ${messages} messages | measured |`,
    );
  } else {
    const scale = SHARDS / SAMPLE;
    console.log(
      `| new replica's first full sync of ${SAMPLE} of ${SHARDS} shards (${sampledRecords.toLocaleString('en')} records, every signature verified) | ${(syncMs / 1000).toFixed(1)} s, ${mib(bytes)} in ${messages} messages | measured |`,
    );
    console.log(
      `| the same, every shard (sample × ${scale}) | ${((syncMs * scale) / 1000).toFixed(0)} s, ${mib(bytes * scale)} | extrapolated |`,
    );
  }
  console.log(`| new replica's aggregates equal the source's (means within 1e-9 relative) | ${same} | |`);
} finally {
  if (process.env.BENCH_KEEP_DIR) console.log(`shards kept in ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}
