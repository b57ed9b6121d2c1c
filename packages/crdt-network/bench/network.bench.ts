// Benchmark of the replicated pattern network (run by `npm run bench` in this package).
// Prints medians of several runs, with the baseline — the same records as nested plain
// objects in Automerge (strings become collaborative text) — measured in the same process.
//
//   node --expose-gc --import tsx packages/crdt-network/bench/network.bench.ts [--quick]
//
// --quick uses smaller sizes (for a smoke run); the README figures come from a full run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Automerge from '@automerge/automerge';
import type { Contribution } from '@pollinate/core';
import {
  contribute,
  contributeMany,
  createAggregateCache,
  createNetwork,
  handleSyncMessage,
  initSyncState,
  keyPairFromSecret,
  listPatterns,
  load,
  type NetworkDoc,
  type NetworkKeyPair,
  networkSize,
  type SyncState,
  save,
  syncWithPeer,
} from '@pollinate/crdt-network';
import { median, seededRandom } from '../../../scripts/bench-harness.js';
import { ACTIONS, ERRORS, migrationFields } from './vocabulary.js';

/** 300 deployments, each with its own (deterministic) signing key pair. */
const DEPLOYMENTS: NetworkKeyPair[] = Array.from({ length: 300 }, (_, index) => {
  const secret = new Uint8Array(32);
  new DataView(secret.buffer).setUint32(0, index + 1);
  return keyPairFromSecret(secret);
});
const signed = { consent: true, signer: DEPLOYMENTS } as const;

// Child mode: load one saved document in a fresh process and report the memory it takes
// (Automerge's WebAssembly memory never shrinks, so this cannot be measured in-process).
if (process.argv[2] === '--memory-child') {
  const [, , , kind, file] = process.argv;
  const bytes = new Uint8Array(readFileSync(file!));
  Automerge.load(Automerge.save(Automerge.from({ warm: 1 }))); // instantiate the wasm module first
  const gcNow = (globalThis as { gc?: () => void }).gc;
  gcNow?.();
  const before = process.memoryUsage();
  const doc = kind === 'ours' ? load(bytes, { verifyRecords: false }) : Automerge.load<unknown>(bytes);
  gcNow?.();
  const after = process.memoryUsage();
  (globalThis as { keep?: unknown }).keep = doc;
  console.log(JSON.stringify({ rss: after.rss - before.rss, heap: after.heapUsed - before.heapUsed }));
  process.exit(0);
}

const quick = process.argv.includes('--quick');
const SMALL = quick ? 2_000 : 10_000;
const LARGE = quick ? 10_000 : 100_000;
const ONE_EACH = quick ? 500 : 2_000;
const RUNS = quick ? 2 : 5;

// ---------------------------------------------------------------- data

function makeContributions(count: number, seed: number, prefix = 'm'): Contribution[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  return Array.from({ length: count }, (_, index) => {
    const steps = Array.from({ length: 2 + Math.floor(random() * 4) }, () => {
      const success = random() > 0.15;
      return {
        action: pick(ACTIONS),
        durationSeconds: Math.round(random() * 7200),
        success,
        ...(success ? {} : { error: pick(ERRORS) }),
      };
    });
    return {
      id: `${prefix}-${seed}-${index}`,
      contributor: DEPLOYMENTS[Math.floor(random() * DEPLOYMENTS.length)]!.pseudonym,
      ...migrationFields(random, steps),
    };
  });
}

// ---------------------------------------------------------------- helpers

/**
 * Wall-clock and CPU time of `action`, milliseconds. On this shared machine the wall time
 * includes waiting for a core; the CPU time (user + system, all threads) is the work done.
 */
function time<T>(action: () => T): { ms: number; cpuMs: number; value: T } {
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  const value = action();
  const ms = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, value };
}

/** A median wall time with its median CPU time: `420 ms (CPU 180 ms)`. */
function wallAndCpu(samples: { ms: number; cpuMs: number }[], digits = 0): string {
  const wall = median(samples.map((sample) => sample.ms));
  const cpu = median(samples.map((sample) => sample.cpuMs));
  return `${fmt(wall, digits)} ms (CPU ${fmt(cpu, digits)} ms)`;
}

/** A median rate by wall time with its rate by CPU time. */
function rateAndCpu(count: number, samples: { ms: number; cpuMs: number }[]): string {
  const wall = median(samples.map((sample) => count / (sample.ms / 1000)));
  const cpu = median(samples.map((sample) => count / (sample.cpuMs / 1000)));
  return `${fmt(wall)}/s (by CPU time ${fmt(cpu)}/s)`;
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

const scratch = mkdtempSync(join(tmpdir(), 'pollinate-network-bench-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));

/** Memory taken by loading `bytes` in a fresh process: RSS growth and JS heap growth, bytes. */
function memoryAfterLoad(kind: 'ours' | 'baseline', bytes: Uint8Array): { rss: number; heap: number } {
  const file = join(scratch, `${kind}-${bytes.length}.automerge`);
  writeFileSync(file, bytes);
  const child = spawnSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', import.meta.filename, '--memory-child', kind, file],
    { encoding: 'utf8', env: process.env },
  );
  if (child.status !== 0) throw new Error(`memory child failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as { rss: number; heap: number };
}

const rows: string[][] = [];
function row(measure: string, ours: string, baseline: string, note = ''): void {
  rows.push([measure, ours, baseline, note]);
  console.error(`  ${measure}: ${ours} | ${baseline} ${note}`);
}
const fmt = (value: number, digits = 0) => value.toLocaleString('en-US', { maximumFractionDigits: digits });
const kib = (bytes: number) => `${fmt(bytes / 1024)} KiB`;
const mib = (bytes: number) => `${fmt(bytes / 1024 / 1024, 1)} MiB`;

// The baseline: records as nested plain objects (Automerge turns each string into text).
type Nested = { records: Record<string, unknown> };
function baselineBatched(records: Contribution[], batch: number): Automerge.Doc<Nested> {
  let doc = Automerge.change(Automerge.init<Nested>(), { time: 0 }, (draft) => {
    draft.records = {};
  });
  for (let start = 0; start < records.length; start += batch) {
    doc = Automerge.change(doc, { time: 0 }, (draft) => {
      for (const record of records.slice(start, start + batch))
        draft.records[record.id] = structuredClone(record);
    });
  }
  return doc;
}

// ---------------------------------------------------------------- 1. ingest

console.error('ingest');
{
  const batchedOurs: { ms: number; cpuMs: number }[] = [];
  const batchedBase: { ms: number; cpuMs: number }[] = [];
  const eachOurs: { ms: number; cpuMs: number }[] = [];
  const eachBase: { ms: number; cpuMs: number }[] = [];
  for (let run = 0; run < RUNS; run++) {
    const records = makeContributions(SMALL, 100 + run);
    const ours = time(() => {
      let doc = createNetwork({ networkId: 'bench' });
      for (let start = 0; start < records.length; start += 1000) {
        doc = contributeMany(doc, records.slice(start, start + 1000), signed);
      }
      return doc;
    });
    batchedOurs.push(ours);
    batchedBase.push(time(() => baselineBatched(records, 1000)));

    const few = records.slice(0, ONE_EACH);
    const oursEach = time(() => {
      let doc = createNetwork({ networkId: 'bench' });
      for (const record of few) doc = contribute(doc, record, signed);
      return doc;
    });
    eachOurs.push(oursEach);
    eachBase.push(time(() => baselineBatched(few, 1)));
  }
  row(
    `ingest, batches of 1,000 (${fmt(SMALL)} records)`,
    rateAndCpu(SMALL, batchedOurs),
    rateAndCpu(SMALL, batchedBase),
    'goal ≥ 1,000/s',
  );
  row(
    `ingest, one change each (${fmt(ONE_EACH)} records)`,
    rateAndCpu(ONE_EACH, eachOurs),
    rateAndCpu(ONE_EACH, eachBase),
  );
}

// ---------------------------------------------------------------- 2. save / load / heap

function buildOurs(count: number, seed: number): NetworkDoc {
  let doc = createNetwork({ networkId: 'bench' });
  const records = makeContributions(count, seed);
  for (let start = 0; start < records.length; start += 5000) {
    doc = contributeMany(doc, records.slice(start, start + 5000), signed);
  }
  return doc;
}

console.error('documents');
const documents = new Map<number, { doc: NetworkDoc; bytes: Uint8Array }>();
for (const count of [SMALL, LARGE]) {
  const built = time(() => buildOurs(count, 7));
  const bytes = save(built.value);
  documents.set(count, { doc: built.value, bytes });
  const loadVerified: { ms: number; cpuMs: number }[] = [];
  const loadTrusted: { ms: number; cpuMs: number }[] = [];
  for (let run = 0; run < (count === LARGE ? Math.min(RUNS, 3) : RUNS); run++) {
    gc();
    const loaded = time(() => load(bytes));
    loadVerified.push(loaded);
    Automerge.free(loaded.value as unknown as Automerge.Doc<unknown>);
    gc();
    const trusted = time(() => load(bytes, { verifyRecords: false }));
    loadTrusted.push(trusted);
    Automerge.free(trusted.value as unknown as Automerge.Doc<unknown>);
  }
  let baseSave = '—';
  let baseLoad = '—';
  let baseHeap = '—';
  if (count === SMALL) {
    const baseDoc = baselineBatched(makeContributions(count, 7), 5000);
    const baseBytes = Automerge.save(baseDoc);
    baseSave = kib(baseBytes.length);
    const loads: { ms: number; cpuMs: number }[] = [];
    for (let run = 0; run < RUNS; run++) {
      gc();
      const loaded = time(() => Automerge.load<Nested>(baseBytes));
      loads.push(loaded);
      Automerge.free(loaded.value);
    }
    baseLoad = wallAndCpu(loads);
    const baseMemory = memoryAfterLoad('baseline', baseBytes);
    baseHeap = `${mib(baseMemory.rss)} (heap ${mib(baseMemory.heap)})`;
  }
  const note = count === LARGE ? 'baseline not built at this size (minutes)' : '';
  row(`${fmt(count)} records: build (batches of 5,000)`, `${fmt(built.ms)} ms`, '—', 'one run');
  row(`${fmt(count)} records: save size`, kib(bytes.length), baseSave, note);
  row(
    `${fmt(count)} records: load, records verified`,
    wallAndCpu(loadVerified),
    baseLoad,
    count === SMALL ? 'goal ≤ 500 ms' : '',
  );
  row(`${fmt(count)} records: load, verifyRecords: false`, wallAndCpu(loadTrusted), baseLoad);
  const ourMemory = memoryAfterLoad('ours', bytes);
  row(
    `${fmt(count)} records: memory after load (RSS growth, fresh process)`,
    `${mib(ourMemory.rss)} (heap ${mib(ourMemory.heap)})`,
    baseHeap,
  );
}

// ---------------------------------------------------------------- 3. sync one new contribution

console.error('sync');
{
  const { bytes } = documents.get(SMALL)!;
  let here = load(bytes, { verifyRecords: false });
  let there = load(bytes, { verifyRecords: false });
  let hereState: SyncState = initSyncState();
  let thereState: SyncState = initSyncState();
  const send = async (message: Uint8Array) => {
    const answer = handleSyncMessage(there, thereState, message);
    there = answer.doc;
    thereState = answer.syncState;
    return answer.reply;
  };
  ({ doc: here, syncState: hereState } = await syncWithPeer(here, hereState, send));

  // Baseline: Automerge's own sync messages between two copies, retained states, no envelope.
  let baseHere = Automerge.load<unknown>(bytes);
  let baseThere = Automerge.load<unknown>(bytes);
  let baseHereState = Automerge.initSyncState();
  let baseThereState = Automerge.initSyncState();
  const baseSync = (): { bytes: number; messages: number } => {
    let total = 0;
    let messages = 0;
    for (;;) {
      let message: Uint8Array | null;
      [baseHereState, message] = Automerge.generateSyncMessage(baseHere, baseHereState);
      if (message) {
        total += message.length;
        messages += 1;
        [baseThere, baseThereState] = Automerge.receiveSyncMessage(baseThere, baseThereState, message);
      }
      let reply: Uint8Array | null;
      [baseThereState, reply] = Automerge.generateSyncMessage(baseThere, baseThereState);
      if (reply) {
        total += reply.length;
        messages += 1;
        [baseHere, baseHereState] = Automerge.receiveSyncMessage(baseHere, baseHereState, reply);
      }
      if (!message && !reply) return { bytes: total, messages };
    }
  };
  baseSync();

  const ratios: number[] = [];
  const wire: number[] = [];
  const changeSizes: number[] = [];
  const roundTrips: number[] = [];
  const baseWire: number[] = [];
  const baseMessages: number[] = [];
  const fresh = makeContributions(RUNS, 999, 'sync');
  for (const contribution of fresh) {
    here = contribute(here, contribution, signed);
    const change = Automerge.getLastLocalChange(here as unknown as Automerge.Doc<unknown>)!;
    const result = await syncWithPeer(here, hereState, send);
    here = result.doc;
    hereState = result.syncState;
    const onWire = result.stats.bytesSent + result.stats.bytesReceived;
    wire.push(onWire);
    changeSizes.push(change.length);
    ratios.push(onWire / change.length);
    roundTrips.push(result.stats.roundTrips);

    baseHere = Automerge.change(baseHere, { time: 0 }, (draft) => {
      (draft as { records: Record<string, unknown> }).records[contribution.id] =
        new Automerge.ImmutableString(JSON.stringify(contribution));
    });
    const base = baseSync();
    baseWire.push(base.bytes);
    baseMessages.push(base.messages);
  }
  row(
    `sync 1 new contribution (${fmt(SMALL)}-record network): change size`,
    `${fmt(median(changeSizes))} B`,
    '—',
  );
  row(
    'sync 1 new contribution: bytes on the wire',
    `${fmt(median(wire))} B (${fmt(median(ratios), 2)}× the change)`,
    `${fmt(median(baseWire))} B`,
    'goal ≤ 1.5×',
  );
  row(
    'sync 1 new contribution: round trips',
    `${fmt(median(roundTrips))}`,
    `${fmt(median(baseMessages))} messages`,
    'goal ≤ 2',
  );
}

// ---------------------------------------------------------------- 4. listPatterns on the large document

console.error('listPatterns');
{
  const { bytes } = documents.get(LARGE)!;
  let doc = load(bytes, { verifyRecords: false });
  const cold: { ms: number; cpuMs: number }[] = [];
  for (let run = 0; run < RUNS; run++) {
    gc();
    cold.push(time(() => listPatterns(doc)));
  }
  const cache = createAggregateCache();
  listPatterns(doc, { cache });
  const cached: { ms: number; cpuMs: number }[] = [];
  for (let run = 0; run < RUNS; run++) {
    gc();
    cached.push(time(() => listPatterns(doc, { cache })));
  }
  const incremental: { ms: number; cpuMs: number }[] = [];
  const extra = makeContributions(RUNS, 4242, 'extra');
  for (const contribution of extra) {
    doc = contribute(doc, contribution, signed);
    gc();
    incremental.push(time(() => listPatterns(doc, { cache })));
  }
  const patterns = listPatterns(doc, { cache }).length;
  row(`listPatterns, ${fmt(LARGE)} records (${fmt(patterns)} patterns): cold`, wallAndCpu(cold), '—');
  row('listPatterns: cached, same heads', wallAndCpu(cached, 2), '—');
  row('listPatterns: cached, after 1 new contribution', wallAndCpu(incremental), '—');
  row('networkSize', `${fmt(networkSize(doc).records)} records, ${kib(networkSize(doc).bytes)}`, '—');
}

// ---------------------------------------------------------------- table

console.log(
  `\nMachine: ${process.arch}, ${availableParallelism()} cores, Node ${process.version}, ` +
    `load average ${fmt(loadavg()[0]!, 1)} at the end; medians of ${RUNS} runs${quick ? ' (--quick)' : ''}\n`,
);
console.log('| measure | @pollinate/crdt-network | baseline: nested objects | note |');
console.log('| --- | --- | --- | --- |');
for (const [measure, ours, baseline, note] of rows)
  console.log(`| ${measure} | ${ours} | ${baseline} | ${note} |`);
