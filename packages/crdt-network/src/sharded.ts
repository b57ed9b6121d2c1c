import * as Automerge from '@automerge/automerge';
import { sha256 } from '@noble/hashes/sha2';
import { utf8ToBytes } from '@noble/hashes/utils';
import { compareStrings, parseWith } from '@pollinate/core/helpers';
import { type Contribution, ValidationError } from '@pollinate/core/model';
import { z } from 'zod';
import {
  accumulateSteps,
  type PatternSummary,
  type PatternTotals,
  patternKey,
  type StepAccumulator,
  summarizePattern,
} from './aggregates.js';
import {
  type ContributeOptions,
  contributeMany,
  type ImportRecordsOptions,
  importRecords,
  type RectifyOptions,
  rectifyContribution,
} from './contributions.js';
import { erasureDigest } from './digests.js';
import {
  ActorIdSchema,
  asAutomerge,
  createNetwork,
  load,
  type NetworkDoc,
  NetworkIdSchema,
  type NetworkState,
  OperatorKeySchema,
  save,
} from './document.js';
import { type ContributorExport, type EraseOptions, eraseContributor, exportContributor } from './erasure.js';
import { InvalidDocumentError } from './errors.js';
import { readRecord, recordKey, type StoredRecord } from './records.js';
import type { VerifyOptions } from './signing.js';
import {
  type GeneratedSyncMessage,
  generateSyncMessage,
  receiveSyncMessage,
  type SyncState,
} from './sync.js';

// A network of many contributions as several Automerge documents (shards): a record lives
// in the shard chosen by a hash of its key, each shard is an ordinary network document
// (signed records, verified on every sync) with its own sync, and the aggregates are kept
// for the whole network and updated with every change (never recomputed from the records).

/** Options of {@link createShardedNetwork}. */
export interface ShardedNetworkOptions {
  /** The network id (see `NetworkIdSchema`); shard `i` of `n` has the id `<networkId>:shard:<i>:<n>`. */
  networkId: string;
  /**
   * Number of shards, a power of two from 1 to 65,536. Every replica of the network must
   * use the same number. A write costs about as much as one to a document of
   * `records / shards` records, so choose it for the size you expect: 1,024 keeps a
   * million contributions at about 1,000 per shard.
   * @default 1024
   */
  shards?: number;
  /** Operator public keys (hex) that may sign any erasure; see `createNetwork`. @default none */
  operators?: readonly string[];
  /**
   * The Automerge actor id (hex, 1–32 bytes) this replica writes every shard with; unique
   * per replica. @default a random actor per shard, chosen by Automerge
   */
  actor?: string;
  /**
   * Most shard documents held in memory, 1 … `shards`. When a read or write needs one more,
   * the least recently used shard goes back to its saved bytes (its records stay counted in
   * the aggregates; a later use reads it again). Bounds memory on a large network: a shard
   * of 1,000 records holds about 1 MiB once read, so a million contributions in 1,024 shards
   * take about 1.1 GiB with every shard in memory. Each eviction costs a save of that shard
   * and a later use a load. Operations that touch every shard (an erasure, an export) hold
   * them all until they end. An evicted shard's Automerge document is freed at once
   * (`Automerge.free`), so memory does not wait for the garbage collector; a document from
   * {@link ShardedNetwork.shard} is then valid only until the next call on the network.
   * @default every shard
   */
  maxLoadedShards?: number;
}

const ShardedOptionsSchema = z.strictObject({
  networkId: NetworkIdSchema.refine(
    (id) => id.length <= 100,
    'must be at most 100 characters for a sharded network',
  ),
  shards: z
    .number()
    .int()
    .min(1)
    .max(65_536)
    .refine((n) => (n & (n - 1)) === 0, 'must be a power of two')
    .optional(),
  operators: z.array(OperatorKeySchema).max(64).optional(),
  actor: ActorIdSchema.optional(),
  maxLoadedShards: z.number().int().min(1).optional(),
});

/**
 * The id of shard `index` of `count` of a sharded network: `<networkId>:shard:<index>:<count>`,
 * except that the only shard of a one-shard network has the network's own id (so a
 * one-shard network is an ordinary network document and syncs with `createNetwork`
 * replicas of the same id). Records are signed for `networkId` itself, so a record
 * verifies in whichever shard holds it.
 *
 * @param networkId - the network id
 * @param index - 0 … `count` − 1
 * @param count - the number of shards
 * @returns the shard's network id
 * @example
 * ```ts
 * shardNetworkId('acme', 3, 1024); // 'acme:shard:3:1024'
 * shardNetworkId('acme', 0, 1); // 'acme'
 * ```
 */
export function shardNetworkId(networkId: string, index: number, count: number): string {
  return count === 1 ? networkId : `${networkId}:shard:${index}:${count}`;
}

/**
 * The shard a record key (`<contributor>/<id>`) lives in: the first four bytes of its
 * SHA-256, big-endian, modulo `count` (a power of two).
 *
 * @param key - the record key
 * @param count - the number of shards
 * @returns the shard index, 0 … `count` − 1
 * @example
 * ```ts
 * shardIndexOf(`${contribution.contributor}/${contribution.id}`, 1024);
 * ```
 */
export function shardIndexOf(key: string, count: number): number {
  const digest = sha256(utf8ToBytes(key));
  const head = ((digest[0]! << 24) | (digest[1]! << 16) | (digest[2]! << 8) | digest[3]!) >>> 0;
  return head % count;
}

interface PatternAccumulator extends Omit<PatternTotals, 'resourceTypes' | 'contributors' | 'steps'> {
  resourceTypes: string[];
  /** Records per contributor (a contributor counts while it has at least one). */
  contributors: Map<string, number>;
  steps: Map<string, StepAccumulator>;
}

/** The network-wide aggregates, updated per record added or removed. */
class RunningAggregates {
  patterns = new Map<string, PatternAccumulator>();
  counted = 0;
  private summaries = new Map<string, PatternSummary>();
  private dirty = new Set<string>();
  private sorted: PatternSummary[] | undefined;

  apply(contribution: Contribution, sign: 1 | -1): void {
    const { key, resourceTypes } = patternKey(contribution);
    let group = this.patterns.get(key);
    if (group === undefined) {
      if (sign < 0) return;
      group = {
        sourceCloud: contribution.sourceCloud,
        targetCloud: contribution.targetCloud,
        strategy: contribution.strategy,
        resourceTypes,
        executions: 0,
        successes: 0,
        durationSum: 0,
        costSum: 0,
        contributors: new Map(),
        steps: new Map(),
      };
      this.patterns.set(key, group);
    }
    this.counted += sign;
    group.executions += sign;
    if (contribution.success) group.successes += sign;
    group.durationSum += sign * contribution.durationHours;
    group.costSum += sign * contribution.costSavingsPercent;
    const held = (group.contributors.get(contribution.contributor) ?? 0) + sign;
    if (held > 0) group.contributors.set(contribution.contributor, held);
    else group.contributors.delete(contribution.contributor);
    accumulateSteps(group.steps, contribution, sign);
    if (group.executions <= 0) this.patterns.delete(key);
    this.dirty.add(key);
    this.sorted = undefined;
  }

  list(): readonly PatternSummary[] {
    if (this.sorted !== undefined) return this.sorted;
    for (const key of this.dirty) {
      const group = this.patterns.get(key);
      if (group === undefined) this.summaries.delete(key);
      else this.summaries.set(key, summarize(key, group));
    }
    this.dirty.clear();
    this.sorted = Object.freeze(
      [...this.summaries.values()].sort(
        (a, b) => b.executions - a.executions || compareStrings(a.key, b.key),
      ),
    ) as PatternSummary[];
    return this.sorted;
  }

  toJSON(): unknown {
    return [...this.patterns].map(([key, group]) => [
      key,
      {
        ...group,
        contributors: [...group.contributors],
        steps: [...group.steps],
      },
    ]);
  }

  static fromJSON(json: unknown): RunningAggregates {
    const aggregates = new RunningAggregates();
    for (const [key, group] of json as [
      string,
      PatternAccumulator & { contributors: [string, number][]; steps: [string, StepAccumulator][] },
    ][]) {
      aggregates.patterns.set(key, {
        ...group,
        contributors: new Map(group.contributors),
        steps: new Map(group.steps),
      });
      aggregates.counted += group.executions;
      aggregates.dirty.add(key);
    }
    return aggregates;
  }
}

function summarize(key: string, group: PatternAccumulator): PatternSummary {
  return summarizePattern(key, { ...group, contributors: group.contributors.size });
}

/** What {@link ShardedNetwork.save} returns and {@link loadShardedNetwork} takes. */
export interface SavedShardedNetwork {
  /** Each shard's saved bytes (Automerge's format; `load` reads each on its own). */
  shards: Uint8Array[];
  /**
   * The aggregates with the shard heads they reflect (UTF-8 JSON): lets a restart answer
   * {@link ShardedNetwork.listPatterns} without reading a single record.
   */
  aggregates: Uint8Array;
}

/**
 * What {@link loadShardedNetwork} reads: {@link SavedShardedNetwork}, where a shard may be
 * missing (`undefined`: never written, created empty) and the aggregates may be missing
 * when loading with `recount: true`. A shard's bytes may be a save followed by changes
 * (Automerge reads the concatenation), so a store can keep a snapshot and the changes after it.
 */
export interface LoadableShardedNetwork {
  shards: readonly (Uint8Array | undefined)[];
  aggregates?: Uint8Array;
}

/**
 * A replica of a sharded network: records spread over {@link ShardedNetworkOptions.shards}
 * documents by a hash of their key, each an ordinary network document (signed records,
 * verified on every sync and merge), synced shard by shard, with network-wide aggregates
 * maintained on every write and every received change. Unlike {@link NetworkDoc} it is a
 * mutable holder (as automerge-repo's `Repo`): its methods replace the shard documents
 * inside it. Shards of a loaded replica are read from their bytes when first used.
 *
 * Costs, with `r` records per shard: a contribution costs one write to one shard (about
 * as much as a write to a document of `r` records) plus its steps in the aggregates;
 * {@link ShardedNetwork.listPatterns} re-summarizes only the patterns that changed since
 * the last call and sorts the summaries; erasure writes a tombstone in every shard.
 * Aggregates are sums kept as records come and go, so after long histories means can
 * differ from a recount by floating-point rounding (about 1e-12 relative).
 */
export class ShardedNetwork {
  /** The network id. */
  readonly networkId: string;
  /** The number of shards. */
  readonly shardCount: number;
  readonly #operators: readonly string[];
  readonly #actor: string | undefined;
  readonly #docs: (NetworkDoc | undefined)[];
  readonly #bytes: (Uint8Array | undefined)[];
  readonly #expectedHeads: (string | undefined)[];
  #aggregates: RunningAggregates;
  readonly #maxLoaded: number;
  /** Loaded shards, least recently used first. */
  readonly #recent = new Set<number>();

  /** @internal use {@link createShardedNetwork} or {@link loadShardedNetwork} */
  constructor(
    networkId: string,
    shardCount: number,
    operators: readonly string[],
    bytes: (Uint8Array | undefined)[],
    aggregates: RunningAggregates,
    expectedHeads: (string | undefined)[],
    actor?: string,
    maxLoaded = shardCount,
  ) {
    this.networkId = networkId;
    this.#maxLoaded = maxLoaded;
    this.#actor = actor;
    this.shardCount = shardCount;
    this.#operators = operators;
    this.#docs = new Array(shardCount).fill(undefined);
    this.#bytes = bytes;
    this.#aggregates = aggregates;
    this.#expectedHeads = expectedHeads;
  }

  /**
   * The shard document `index` (read from its bytes on first use; when those bytes hold
   * changes the saved aggregates do not reflect yet, the aggregates catch up with them).
   *
   * With `maxLoadedShards`, the document is valid until the next call on this network (a
   * later call may evict and free it): to diff a shard across an operation, keep its heads
   * (`Automerge.getHeads`) and read the changes since them afterwards
   * (`Automerge.getChangesSince(network.shard(index), heads)`).
   *
   * @throws `ValidationError` (core) when `index` is not 0 … `shardCount` − 1
   * @throws {@link InvalidDocumentError} when the shard's bytes lack changes its saved aggregates reflect
   */
  shard(index: number): NetworkDoc {
    const doc = this.#get(index);
    this.#trim();
    return doc;
  }

  /** The shard's document, read and reconciled with the aggregates; never evicts (see {@link ShardedNetwork.shard}). */
  #get(index: number): NetworkDoc {
    this.#checkIndex(index);
    const doc = this.#open(index);
    this.#settle(index);
    return this.#docs[index] ?? doc;
  }

  /**
   * Returns shards to their saved bytes, least recently used first, until at most
   * `maxLoadedShards` are held. Runs only between operations, so no operation loses a shard
   * it is using.
   */
  #trim(): void {
    for (const index of this.#recent) {
      if (this.#recent.size <= this.#maxLoaded) return;
      const doc = this.#docs[index];
      this.#recent.delete(index);
      if (doc === undefined) continue;
      // The aggregates reflect this state (or `expectedHeads`, when not yet reconciled).
      this.#expectedHeads[index] ??= headsKey(doc);
      this.#bytes[index] = save(doc);
      this.#docs[index] = undefined;
      // The wasm memory goes back now, not when a finalizer runs after some later GC (a
      // synchronous loop over many shards would otherwise hold every one it ever read).
      Automerge.free(asAutomerge(doc));
    }
  }

  /**
   * Applies changes that were verified before (for example rows of this replica's own
   * change log, appended by another process of the same deployment) to shard `index`, and
   * the aggregates with what they changed. Changes whose dependencies are missing wait
   * inside Automerge until those arrive; a change already held is a no-op.
   *
   * Nothing here verifies signatures: changes from peers go through
   * {@link ShardedNetwork.receiveSyncMessage}.
   *
   * @param index - the shard, 0 … `shardCount` − 1
   * @param changes - Automerge change bytes (as `Automerge.getChanges` returns them)
   * @returns whether the shard changed
   * @throws {@link InvalidDocumentError} when a change is not an Automerge change
   */
  applyChanges(index: number, changes: readonly Uint8Array[]): boolean {
    this.#checkIndex(index);
    if (changes.length === 0) return false;
    const before = this.#open(index);
    let next: NetworkDoc;
    try {
      [next] = Automerge.applyChanges(asAutomerge(before), [...changes]) as unknown as [NetworkDoc];
    } catch (cause) {
      throw new InvalidDocumentError(`shard ${index}: not Automerge changes`, { cause });
    }
    if (headsKey(next) === headsKey(before)) return false;
    if (this.#expectedHeads[index] !== undefined) {
      // The aggregates reflect a saved state of this shard: catch up from there.
      this.#docs[index] = next;
      this.#settle(index);
      this.#trim();
    } else {
      this.#commit([[index, before, next]]);
    }
    return true;
  }

  /**
   * Every record a pseudonym holds in the network and whether it was erased (see
   * `exportContributor`). Reads every shard.
   *
   * @param pseudonym - the contributor pseudonym
   * @returns `{ contributor, erased, contributions }`, contributions by shard, then by id
   * @throws `ValidationError` (core) when `pseudonym` is not a pseudonym
   */
  exportContributor(pseudonym: string): ContributorExport {
    let erased = false;
    const contributions: Contribution[] = [];
    let contributor = pseudonym;
    for (let index = 0; index < this.shardCount; index++) {
      const exported = exportContributor(this.#get(index), pseudonym);
      contributor = exported.contributor;
      erased ||= exported.erased;
      contributions.push(...exported.contributions);
    }
    this.#trim();
    return { contributor, erased, contributions };
  }

  /**
   * The saved bytes of one shard (Automerge's format, as `save`), for storing shards one
   * at a time; an unread shard answers its bytes as loaded.
   */
  saveShard(index: number): Uint8Array {
    this.#checkIndex(index);
    const doc = this.#docs[index];
    const bytes = this.#bytes[index];
    if (doc === undefined && bytes !== undefined) return bytes;
    return save(this.#get(index));
  }

  /**
   * The aggregates with the shard heads they reflect (what {@link ShardedNetwork.save}
   * puts in `aggregates`), without saving any shard: store it beside shards saved with
   * {@link ShardedNetwork.saveShard} (before or after: a shard loaded later with changes
   * the aggregates lack makes them catch up).
   */
  saveAggregates(): Uint8Array {
    const heads: string[] = [];
    for (let index = 0; index < this.shardCount; index++) {
      const doc = this.#docs[index];
      heads.push(
        doc === undefined
          ? (this.#expectedHeads[index] ?? headsKey(this.#get(index)))
          : (this.#expectedHeads[index] ?? headsKey(doc)),
      );
    }
    return utf8ToBytes(JSON.stringify({ heads, patterns: this.#aggregates.toJSON() }));
  }

  #checkIndex(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.shardCount) {
      throw new ValidationError(
        [{ path: ['shard'], message: `must be 0 … ${this.shardCount - 1}` }],
        'shard',
      );
    }
  }

  /** The shard's document as held or loaded, without reconciling it with the aggregates. */
  #open(index: number): NetworkDoc {
    this.#recent.delete(index);
    this.#recent.add(index);
    let doc = this.#docs[index];
    if (doc === undefined) {
      const bytes = this.#bytes[index];
      doc =
        bytes === undefined
          ? createNetwork({
              networkId: shardNetworkId(this.networkId, index, this.shardCount),
              operators: [...this.#operators],
              ...(this.#actor === undefined ? {} : { actor: this.#actor }),
            })
          : load(bytes, {
              verifyRecords: false,
              ...(this.#actor === undefined ? {} : { actor: this.#actor }),
            });
      this.#bytes[index] = undefined;
      this.#docs[index] = doc;
    }
    return doc;
  }

  /** Brings the aggregates from the state they were saved with to the shard's current state. */
  #settle(index: number): void {
    const expected = this.#expectedHeads[index];
    const doc = this.#docs[index];
    if (expected === undefined || doc === undefined) return;
    if (expected !== headsKey(doc)) {
      const heads = expected === '' ? [] : expected.split(',');
      const after = asAutomerge(doc);
      if (!Automerge.hasHeads(after, heads)) {
        throw new InvalidDocumentError(
          `shard ${index} does not hold the state its saved aggregates reflect; load it with recount: true`,
        );
      }
      this.#applyDiff(index, Automerge.view(after, heads), after, heads);
    }
    this.#expectedHeads[index] = undefined;
  }

  /**
   * The shard a contribution's record lives in (see {@link shardIndexOf}).
   *
   * @param contribution - at least its `contributor` and `id`
   * @returns 0 … `shardCount` − 1
   * @example
   * ```ts
   * const network = createShardedNetwork({ networkId: 'acme', shards: 16 });
   * network.shardOf({ contributor: 'k3J9x_pQ2vLm', id: 'm-2026-0001' }); // 0 … 15
   * ```
   */
  shardOf(contribution: Pick<Contribution, 'contributor' | 'id'>): number {
    return shardIndexOf(recordKey(contribution), this.shardCount);
  }

  /** Number of shards whose document is in memory. */
  loadedShards(): number {
    return this.#docs.filter((doc) => doc !== undefined).length;
  }

  /**
   * Adds contributions (signed with `options.signer`, consent required; see
   * `contributeMany`), one change per shard touched.
   *
   * @param contributions - untrusted contribution data
   * @param options - `{ consent: true, signer }`
   * @returns how many records were new
   * @throws the errors of `contributeMany`; a refused batch changes nothing
   */
  contribute(contributions: readonly unknown[], options: ContributeOptions): number {
    const byShard = this.#group(contributions, (item) => {
      const candidate = item as Partial<Contribution> | null;
      return typeof candidate === 'object' &&
        candidate !== null &&
        typeof candidate.contributor === 'string' &&
        typeof candidate.id === 'string'
        ? recordKey(candidate as Contribution)
        : '';
    });
    // Validate every shard's batch before writing any (contributeMany writes nothing on error).
    const results: [number, NetworkDoc, NetworkDoc][] = [];
    for (const [index, items] of byShard) {
      const before = this.#get(index);
      results.push([index, before, contributeMany(before, items, options)]);
    }
    return this.#commit(results);
  }

  /** Adds records signed elsewhere (see `importRecords`), one change per shard touched; returns how many were new. */
  importRecords(records: readonly StoredRecord[], options: ImportRecordsOptions = {}): number {
    const byShard = this.#group(records, (record) =>
      typeof record === 'object' &&
      record !== null &&
      typeof record.contribution === 'object' &&
      record.contribution !== null
        ? recordKey(record.contribution)
        : '',
    );
    const results: [number, NetworkDoc, NetworkDoc][] = [];
    for (const [index, items] of byShard) {
      const before = this.#get(index);
      results.push([index, before, importRecords(before, items, options)]);
    }
    return this.#commit(results);
  }

  /**
   * Rectifies one of the signer's records (see `rectifyContribution`, GDPR Art. 16) in the
   * shard it lives in: the corrected record replaces the held one as its next revision, and
   * the aggregates trade the old record's figures for the corrected one's.
   *
   * @param contribution - the corrected contribution (same `id` and `contributor` as the held record)
   * @param options - `signer`: the contributor's key pair
   * @returns whether anything changed (`false`: the held record already reads so)
   * @throws the errors of `rectifyContribution` (`ValidationError` when no such record is
   *   held for the signer, `ContributorErasedError` after an erasure); nothing changes
   * @example
   * ```ts
   * const network = createShardedNetwork({ networkId: 'acme', shards: 4 });
   * const keys = deriveKeyPair(new Uint8Array(32).fill(7), 'acme/publisher/zeta');
   * const record = {
   *   id: 'm-1', contributor: keys.pseudonym, sourceCloud: 'aws' as const, targetCloud: 'azure' as const,
   *   resourceTypes: ['EC2'], strategy: 'rehost' as const, steps: [], success: true,
   *   durationHours: 6, costSavingsPercent: 20, contributedAt: '2026-12-01T09:00:00Z',
   * };
   * network.contribute([record], { consent: true, signer: keys });
   * network.rectify({ ...record, durationHours: 7 }, { signer: keys }); // true
   * network.listPatterns()[0]?.meanDurationHours; // 7
   * ```
   */
  rectify(contribution: Contribution, options: RectifyOptions): boolean {
    const candidate = contribution as Partial<Contribution> | null;
    // A malformed contribution goes to any shard: rectifyContribution refuses it there.
    const index =
      typeof candidate === 'object' &&
      candidate !== null &&
      typeof candidate.contributor === 'string' &&
      typeof candidate.id === 'string'
        ? this.shardOf(candidate as Contribution)
        : 0;
    const before = this.#get(index);
    const after = rectifyContribution(before, contribution, options);
    if (after === before) return false;
    this.#commit([[index, before, after]]);
    return true;
  }

  /**
   * Erases a pseudonym in every shard (see `eraseContributor`): a signed tombstone per
   * shard, its records deleted and no longer counted.
   */
  erase(pseudonym: string, options: EraseOptions): void {
    const results: [number, NetworkDoc, NetworkDoc][] = [];
    for (let index = 0; index < this.shardCount; index++) {
      const before = this.#get(index);
      results.push([index, before, eraseContributor(before, pseudonym, options)]);
    }
    this.#commit(results);
  }

  /**
   * The network's patterns (see `listPatterns`), from the running aggregates.
   *
   * @param options - `minContributors` (default 1)
   * @returns the frozen summaries, most executions first, then by key
   */
  listPatterns(options: { minContributors?: number } = {}): PatternSummary[] {
    const { minContributors = 1 } = parseWith(
      z.strictObject({ minContributors: z.number().int().min(1).optional() }),
      options,
      'listPatterns options',
    );
    const all = this.#aggregates.list();
    return minContributors === 1
      ? [...all]
      : all.filter((summary) => summary.contributors >= minContributors);
  }

  /** Contributions the aggregates count (held records of pseudonyms that are not erased). */
  countContributions(): number {
    return this.#aggregates.counted;
  }

  /** The next sync message for shard `index` to a peer (see `generateSyncMessage`). */
  generateSyncMessage(index: number, syncState: SyncState): GeneratedSyncMessage {
    const generated = generateSyncMessage(this.#get(index), syncState);
    this.#trim();
    return generated;
  }

  /**
   * Applies a sync message for shard `index` (checked as by `receiveSyncMessage`: nothing
   * changes when it is refused) and updates the aggregates with what it changed.
   *
   * @returns the sync state to keep for this peer and shard
   */
  receiveSyncMessage(
    index: number,
    syncState: SyncState,
    message: Uint8Array,
    options: VerifyOptions = {},
  ): SyncState {
    const before = this.#get(index);
    const received = receiveSyncMessage(before, syncState, message, options);
    this.#commit([[index, before, received.doc]]);
    return received.syncState;
  }

  /** Saves every shard and the aggregates; see {@link SavedShardedNetwork}. */
  save(): SavedShardedNetwork {
    const shards: Uint8Array[] = [];
    for (let index = 0; index < this.shardCount; index++) shards.push(this.saveShard(index));
    return { shards, aggregates: this.saveAggregates() };
  }

  #group<T>(items: readonly T[], keyOf: (item: T) => string): Map<number, T[]> {
    if (!Array.isArray(items))
      throw new ValidationError([{ path: [], message: 'expected an array' }], 'input');
    const byShard = new Map<number, T[]>();
    for (const item of items) {
      const index = shardIndexOf(keyOf(item), this.shardCount);
      const list = byShard.get(index);
      if (list === undefined) byShard.set(index, [item]);
      else list.push(item);
    }
    return byShard;
  }

  /** Replaces shard documents and applies what changed between each pair to the aggregates. */
  #commit(results: [number, NetworkDoc, NetworkDoc][]): number {
    let added = 0;
    for (const [index, before, after] of results) {
      if (after === before) continue;
      added += this.#applyDiff(index, asAutomerge(before), asAutomerge(after));
      this.#docs[index] = after;
      this.#expectedHeads[index] = undefined;
    }
    this.#trim();
    return added;
  }

  /** Applies the record and tombstone changes between two states of one shard; returns records added. */
  #applyDiff(
    index: number,
    before: Automerge.Doc<NetworkState>,
    after: Automerge.Doc<NetworkState>,
    beforeHeads: Automerge.Heads = Automerge.getHeads(before),
  ): number {
    const shardId = shardNetworkId(this.networkId, index, this.shardCount);
    const erasedIn = (doc: Automerge.Doc<NetworkState>, contributor: string) =>
      Object.hasOwn(doc.erasures, erasureDigest(shardId, contributor));
    let added = 0;
    const newErasures: string[] = [];
    for (const patch of Automerge.diff(after, beforeHeads, Automerge.getHeads(after))) {
      const [root, key] = patch.path;
      if (typeof key !== 'string' || patch.path.length !== 2) continue;
      if (root === 'erasures' && patch.action === 'put' && !Object.hasOwn(before.erasures, key)) {
        newErasures.push(key);
        continue;
      }
      if (root !== 'records') continue;
      const old = before.records[key];
      if (old !== undefined) {
        const contribution = readRecord(old);
        if (!erasedIn(before, contribution.contributor)) this.#aggregates.apply(contribution, -1);
      }
      const now = after.records[key];
      if (now !== undefined) {
        const contribution = readRecord(now);
        if (!erasedIn(after, contribution.contributor)) this.#aggregates.apply(contribution, 1);
        if (old === undefined) added += 1;
      }
    }
    if (newErasures.length > 0) {
      // Records of a newly erased pseudonym that were counted before stop counting (those
      // deleted by the erasure change were handled above as deletions).
      const digests = new Set(newErasures);
      for (const value of Object.values(after.records)) {
        const contribution = readRecord(value);
        if (
          digests.has(erasureDigest(shardId, contribution.contributor)) &&
          !erasedIn(before, contribution.contributor)
        ) {
          const wasHeld = before.records[recordKey(contribution)] !== undefined;
          if (wasHeld) this.#aggregates.apply(contribution, -1);
        }
      }
    }
    return added;
  }
}

function headsKey(doc: NetworkDoc): string {
  return [...Automerge.getHeads(asAutomerge(doc))].sort().join(',');
}

/** What a replica starts from: each shard's saved bytes, the aggregates and the shard heads they reflect. */
interface ReplicaState {
  bytes: (Uint8Array | undefined)[];
  aggregates: RunningAggregates;
  expectedHeads: (string | undefined)[];
}

/** Validates `options` and builds the replica over the state `start` gives for the parsed network id and shard count. */
function openReplica(
  options: ShardedNetworkOptions,
  start: (networkId: string, shards: number) => ReplicaState,
): ShardedNetwork {
  const {
    networkId,
    shards = 1024,
    operators = [],
    actor,
    maxLoadedShards,
  } = parseWith(ShardedOptionsSchema, options, 'network options');
  const { bytes, aggregates, expectedHeads } = start(networkId, shards);
  return new ShardedNetwork(
    networkId,
    shards,
    operators,
    bytes,
    aggregates,
    expectedHeads,
    actor,
    Math.min(maxLoadedShards ?? shards, shards),
  );
}

/**
 * Creates an empty replica of a sharded network. Replicas created independently with the
 * same id and shard count sync shard by shard without losing anything.
 *
 * @param options - `networkId`, `shards` (default 1024), `operators`; see {@link ShardedNetworkOptions}
 * @returns the replica
 * @throws `ValidationError` (from `@pollinate/core`) when an option is invalid
 * @example
 * ```ts
 * const network = createShardedNetwork({ networkId: 'acme', shards: 1024 });
 * network.contribute([record], { consent: true, signer: keys });
 * network.listPatterns();
 * ```
 */
export function createShardedNetwork(options: ShardedNetworkOptions): ShardedNetwork {
  return openReplica(options, (_, shards) => ({
    bytes: new Array(shards).fill(undefined),
    aggregates: new RunningAggregates(),
    expectedHeads: new Array(shards).fill(undefined),
  }));
}

/**
 * Loads a replica saved with {@link ShardedNetwork.save}: the aggregates at once (so
 * `listPatterns` answers without reading a record), each shard when first used. A shard
 * whose bytes hold changes after the state the aggregates were saved with makes the
 * aggregates catch up when it is read; one whose bytes lack part of that state is refused
 * when it is read (pass `recount: true` to rebuild the aggregates from every shard instead).
 *
 * @param saved - shard bytes (a shard may be `undefined`: empty) and aggregates, as `save` returns them; see {@link LoadableShardedNetwork}
 * @param options - the network's `networkId`, `shards`, `operators`, and `recount` (default `false`)
 * @returns the replica
 * @throws {@link InvalidDocumentError} when the aggregates are unreadable or the shard count differs
 * @example
 * ```ts
 * const before = createShardedNetwork({ networkId: 'acme', shards: 64 });
 * before.contribute([record], { consent: true, signer: keys });
 * const saved = before.save(); // keep `saved.shards` and `saved.aggregates` in your storage
 *
 * const network = loadShardedNetwork(saved, { networkId: 'acme', shards: 64 }); // the same id and shard count
 * network.listPatterns(); // answered from the saved aggregates: no shard is read yet
 * network.loadedShards(); // 0
 * ```
 */
export function loadShardedNetwork(
  saved: LoadableShardedNetwork,
  options: ShardedNetworkOptions & { recount?: boolean },
): ShardedNetwork {
  const { recount = false, ...rest } = options;
  return openReplica(rest, (networkId, shards) => {
    if (!Array.isArray(saved?.shards) || saved.shards.length !== shards) {
      throw new InvalidDocumentError(`expected ${shards} shards`);
    }
    if (recount) {
      const aggregates = new RunningAggregates();
      for (let index = 0; index < shards; index++) {
        const bytes = saved.shards[index];
        if (bytes === undefined) continue;
        const doc = asAutomerge(load(bytes, { verifyRecords: false }));
        const shardId = shardNetworkId(networkId, index, shards);
        for (const value of Object.values(doc.records)) {
          const contribution = readRecord(value);
          if (!Object.hasOwn(doc.erasures, erasureDigest(shardId, contribution.contributor)))
            aggregates.apply(contribution, 1);
        }
        Automerge.free(doc);
      }
      return { bytes: [...saved.shards], aggregates, expectedHeads: new Array(shards).fill(undefined) };
    }
    if (saved.aggregates === undefined) {
      throw new InvalidDocumentError('no saved aggregates; load with recount: true');
    }
    let parsed: { heads: string[]; patterns: unknown };
    try {
      parsed = JSON.parse(new TextDecoder().decode(saved.aggregates)) as {
        heads: string[];
        patterns: unknown;
      };
    } catch (cause) {
      throw new InvalidDocumentError('the saved aggregates are not JSON', { cause });
    }
    if (!Array.isArray(parsed.heads) || parsed.heads.length !== shards || !Array.isArray(parsed.patterns)) {
      throw new InvalidDocumentError('the saved aggregates do not match the shards');
    }
    return {
      bytes: [...saved.shards],
      aggregates: RunningAggregates.fromJSON(parsed.patterns),
      expectedHeads: [...parsed.heads],
    };
  });
}
