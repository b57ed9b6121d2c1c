import { createPublicKey, type KeyObject, randomBytes, verify as verifySignatureNative } from 'node:crypto';
import * as Automerge from '@automerge/automerge';
import { anonymizeText } from '@pollinate/anonymize';
import { type Contribution, PollinateError } from '@pollinate/core';
import {
  compact,
  contributionsInSyncMessage,
  createNetwork,
  deriveKeyPair,
  initSyncState,
  load,
  loadShardedNetwork,
  type NetworkDoc,
  type NetworkKeyPair,
  networkInfo,
  type PatternSummary,
  type ShardedNetwork,
  type SignatureVerifier,
  SYNC_ENVELOPE_HEADER_LENGTH,
  type SyncState,
  save,
  shardNetworkId,
} from '@pollinate/crdt-network';
import type { NetworkChange, RegistryStore, StoreChange } from './store.js';

/** The log shard the registry's network lives in when it has one shard (the single-document network). */
export const NETWORK_SHARD = 'default';
/**
 * The name of shard `index` of `count` in the store's network log: `'default'` for a
 * one-shard network (the single document the registry always had), `<index>/<count>` otherwise.
 */
export function networkLogName(index: number, count: number): string {
  return count === 1 ? NETWORK_SHARD : `${index}/${count}`;
}
/** The store snapshot holding the aggregates of a `count`-shard network. */
function aggregatesLogName(count: number): string {
  return `aggregates/${count}`;
}
/** Change rows one instance appends to the whole network between two aggregates snapshots. */
const AGGREGATES_EVERY = 500;
/**
 * Rows before a snapshot's `throughSequence` that a load reads again: concurrent appends by
 * several instances may commit out of sequence order, so a row just below the snapshot
 * point can land after it was taken. Re-applying a known change is a no-op.
 */
const SNAPSHOT_OVERLAP = 1_000;
/** Shard snapshots and log reads issued at once while opening. */
const OPEN_CONCURRENCY = 16;

/** DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410) before the 32 key bytes. */
const ED25519_SPKI_PREFIX = Uint8Array.from([
  0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
]);

/**
 * An Ed25519 verifier on Node's OpenSSL (about ten times as fast as the pure JavaScript
 * default), with the last 10,000 public keys parsed kept.
 */
export function createNodeVerifier(): SignatureVerifier {
  const keys = new Map<string, KeyObject>();
  return (signature, message, publicKey) => {
    const id = Buffer.from(publicKey).toString('hex');
    let key = keys.get(id);
    if (key === undefined) {
      key = createPublicKey({
        key: Buffer.concat([ED25519_SPKI_PREFIX, publicKey]),
        format: 'der',
        type: 'spki',
      });
      if (keys.size >= 10_000) keys.delete(keys.keys().next().value as string);
      keys.set(id, key);
    }
    try {
      return verifySignatureNative(null, message, key, signature);
    } catch {
      return false;
    }
  };
}

/** Thrown by {@link NetworkReplica.sync} when a record arriving by sync still holds identifying text. */
export class UnscrubbedRecordError extends Error {
  /** Stable code for the HTTP problem. */
  readonly code = 'E_UNSCRUBBED_RECORD';
  /** The contribution id and what the anonymizer found in it. */
  readonly findings: { id: string; kinds: string[] }[];
  constructor(findings: { id: string; kinds: string[] }[]) {
    super(
      `the sync message carries records with identifying text the anonymizer would redact: ${findings
        .map((finding) => `${finding.id} (${finding.kinds.join(', ')})`)
        .join('; ')}`,
    );
    this.findings = findings;
  }
}

/** Options of {@link openNetwork}. */
export interface NetworkOptions {
  /** The pattern network this registry replicates (same id on every peer). @default 'pollinate' */
  networkId?: string;
  /**
   * Number of shards (documents) the network's records are spread over, by a hash of each
   * record's key (see `createShardedNetwork` in `@pollinate/crdt-network`): a power of two,
   * 1 … 65,536. Every replica of the network, deployments included, must use the same
   * number. With 1 the network is one ordinary document, which single-document replicas
   * (`createNetwork`) sync with over `POST /network/sync`; with more, peers name the shard
   * of each sync message (`X-Pollinate-Shard`). 1,024 keeps a write at about the cost of
   * one to a document of `records / 1024` records (a million contributions: about 1,000).
   * @default 1
   */
  shards?: number;
  /** Names the anonymizer must always redact (customers, hosts) when contributions arrive. @default [] */
  knownIdentifiers?: readonly string[];
  /** Most peer sessions (peer × shard) whose sync state is kept; the least recently seen is dropped first (it resyncs from scratch). @default 10_000 */
  maxPeers?: number;
  /**
   * The Automerge actor id (even-length hex) of the registry's own changes, for
   * reproducible runs; each process must use its own. @default a random actor
   */
  actor?: string;
  /**
   * The secret (≥ 32 bytes) the registry derives its custodial signing keys from: one
   * Ed25519 key pair per publisher and network (HKDF-SHA256, context
   * `<networkId>/publisher/<publisher>`), which signs what the publisher contributes over
   * HTTP. Keep it stable and secret: a new secret gives every publisher a new pseudonym.
   * @default 32 random bytes generated once and kept in the store (`claimSecret`, name
   *   `network-signing/<networkId>`): every instance on the same database and every restart
   *   use the same secret
   */
  signingSecret?: Uint8Array;
  /**
   * Operator public keys (hex) the network's genesis names: they may sign the erasure of
   * any pseudonym. Every replica of the network must be created with the same list.
   * @default none
   */
  operators?: readonly string[];
  /**
   * Most shard documents held in memory (crdt-network's `maxLoadedShards`): the least recently
   * used goes back to its saved bytes when another is needed. A shard of about 1,000
   * contributions takes about 3 MiB once written to, so a million contributions in 1,024
   * shards need about 3.5 GiB with every shard held; a bound keeps memory flat at the cost of
   * a load (tens of milliseconds) when a write reaches a shard not held. `0` holds every shard.
   * @default 64 (no bound below 64 shards)
   */
  maxLoadedShards?: number;
  /**
   * Fewest distinct contributors (deployments) behind a pattern that {@link NetworkReplica.patterns}
   * shows when not told otherwise, so that one deployment's figures are never published.
   * @default 3
   */
  minContributors?: number;
}

/**
 * Shard documents a registry holds in memory unless told otherwise (`--network-loaded-shards`):
 * at a million contributions over 1,024 shards this keeps the process near 650–730 MiB.
 */
const DEFAULT_MAX_LOADED_SHARDS = 64;

/** A write in flight: `dropped` once a reload replaced the replica before the write's changes were appended. */
interface WriteTicket {
  dropped: boolean;
}

/**
 * Thrown by a write ({@link NetworkReplica.contribute}, `sync`, `erase`, `rectify`) when another
 * instance purged the network (a new epoch in every shard) after the write changed this
 * replica and before its changes were stored: nothing of the write was kept, and sending it
 * again applies it to the new epoch. The HTTP routes answer 503 with `Retry-After: 1`.
 *
 * @example
 * ```ts
 * try {
 *   await replica.erase(pseudonym, publisher);
 * } catch (error) {
 *   if (error instanceof NetworkReloadedError) await replica.erase(pseudonym, publisher);
 *   else throw error;
 * }
 * ```
 */
export class NetworkReloadedError extends PollinateError {
  constructor() {
    super(
      'E_NETWORK_RELOADED',
      'another registry instance purged the network while this write was being stored; nothing of it was kept: send it again',
    );
  }
}

/** Thrown by {@link NetworkReplica.sync} when the shard a message names does not exist (or none is named and there are several). */
export class ShardRequiredError extends PollinateError {
  /** The registry's number of shards. */
  readonly shards: number;
  constructor(shards: number, message: string) {
    super('E_SHARD_REQUIRED', message);
    this.shards = shards;
  }
}

/**
 * The registry's replica of the pattern network, persisted in the store as one change log
 * per shard (one row per Automerge change) with snapshots now and then, and kept current
 * with every other instance's changes through the store's change feed.
 */
export interface NetworkReplica {
  /** Number of shards (see {@link NetworkOptions.shards}). */
  readonly shards: number;
  /**
   * Anonymizes a contribution's free text again and adds it (consent required).
   * @returns whether it was new and how many redactions re-anonymization made
   */
  contribute(
    contribution: Contribution,
    consent: boolean,
    publisher: string,
  ): Promise<{ created: boolean; redactions: number; stored: Contribution }>;
  /**
   * Handles one sync message from a peer for one shard and returns the reply (`null`:
   * nothing to send). Every change is verified (signatures, ownership, scope) and every
   * record it carries is run through the anonymizer first; anything wrong refuses the
   * whole message (`SyncError` or {@link UnscrubbedRecordError}) with nothing changed.
   *
   * @param shard - the shard the message is for; may be omitted with one shard
   * @throws {@link ShardRequiredError} when `shard` is missing with several shards, or out of range
   */
  sync(
    peerKey: string,
    message: Uint8Array,
    shard?: number,
    options?: SyncWaitOptions,
  ): Promise<Uint8Array | null>;
  /** Erases a publisher's custodial pseudonym (signed by its key) in every shard; returns how many contributions were dropped. */
  erase(pseudonym: string, publisher: string): Promise<number>;
  /**
   * Rectifies one of a publisher's own contributions (GDPR Art. 16): anonymizes the corrected
   * record's free text again and replaces the record held under its id (in the shard it
   * lives in), signed by the publisher's custodial key as the next revision; aggregates follow exactly.
   * @returns whether anything changed, how many redactions re-anonymization made, and the record as stored
   * @throws `ValidationError` (core) when no record with that id is held for the publisher's pseudonym
   * @throws `ContributorErasedError` (crdt-network) when the pseudonym was erased
   */
  rectify(
    contribution: Contribution,
    publisher: string,
  ): Promise<{ changed: boolean; redactions: number; stored: Contribution }>;
  /**
   * Purges erased data from the stored bytes now: compacts every shard (crdt-network's
   * `compact`, a new epoch holding only surviving records and erasure tombstones) from what
   * the store holds, and replaces every shard's log and the aggregates snapshot with the
   * result in one transaction (`compactNetworkShards`, which also scrubs the database
   * files); this replica, and every instance that hears of it through the store's change
   * feed, reloads. Peers on the old epoch must `adoptEpoch` before they sync again.
   * @returns the rows removed, the new epoch and the contributions counted after it
   */
  purge(): Promise<{ removedChanges: number; epoch: number; contributions: number }>;
  /** The custodial pseudonym of a publisher: the one its HTTP contributions are signed with. */
  pseudonymOf(publisher: string): string;
  /** Every surviving contribution of a pseudonym and whether it was erased (reads every shard). */
  exportContributor(pseudonym: string): { erased: boolean; contributions: Contribution[] };
  /**
   * The aggregated migration patterns seen from at least `minContributors` deployments
   * (default: the option's, 3), kept on write: no record is read.
   */
  patterns(minContributors?: number): PatternSummary[];
  /** Counted contributions. */
  contributionCount(): number;
  /** Writes the aggregates snapshot if anything changed since the last one, then stops listening to the store's change feed. */
  close(): Promise<void>;
}

/** Options of {@link NetworkReplica.sync}: holding a message that brings nothing until there is news. */
export interface SyncWaitOptions {
  /**
   * When the message shows the peer holds everything this shard holds (its heads are the
   * shard's, it carries no change), wait up to this long (milliseconds, 0 … 30,000) for the
   * shard to change before answering: a long poll, so a peer hears of a new contribution as
   * soon as the registry has it instead of at its next poll. @default 0
   */
  waitMs?: number;
  /** Stops waiting early (checked every 250 ms), e.g. when the server shuts down. @default never */
  stopWaiting?: () => boolean;
}

/** Upper bound of {@link SyncWaitOptions.waitMs}. */
export const MAX_SYNC_WAIT_MS = 30_000;

/** What the registry stores as the aggregates snapshot of a sharded network. */
interface AggregatesSnapshot {
  version: 1;
  /** The highest log sequence this instance had applied when it took the snapshot. */
  through: number;
  /** Sequences in (through − SNAPSHOT_OVERLAP, through] it had applied (others may commit late). */
  recent: number[];
  /** `ShardedNetwork.saveAggregates()` as text. */
  aggregates: string;
}

function parseAggregatesSnapshot(bytes: Uint8Array): AggregatesSnapshot | undefined {
  try {
    const parsed = JSON.parse(new TextDecoder().decode(bytes)) as AggregatesSnapshot;
    return parsed.version === 1 &&
      Number.isInteger(parsed.through) &&
      Array.isArray(parsed.recent) &&
      typeof parsed.aggregates === 'string'
      ? parsed
      : undefined;
  } catch {
    return undefined;
  }
}

function concatenate(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const bytes = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  return bytes;
}

/** Runs `work` over `items` with at most `limit` at a time. */
async function inBatches<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

/**
 * Loads the registry's network replica from the store (or creates it) and returns the
 * operations the HTTP routes use. The network is a sharded network
 * (`createShardedNetwork`, {@link NetworkOptions.shards} shards) kept in the store as one
 * change log per shard plus snapshots:
 *
 * - a write appends only the Automerge changes it made (one row per change, in the one
 *   shard a contribution touches): O(1) storage work however large the network is;
 * - other instances' rows arrive through the store's change feed and are applied to the
 *   shard they belong to (the aggregates follow);
 * - a shard's snapshot is written after `max(16, 500 / shards)` rows this instance
 *   appended to it, and the aggregates (with the shard heads they reflect) after every
 *   500 rows and on close;
 * - a restart reads each shard's snapshot and the rows after it without loading the shard
 *   (the aggregates snapshot answers `patterns()` at once); only shards with rows the
 *   aggregates do not reflect are loaded, to bring them up to date.
 *
 * @param store - where the replica's bytes live
 * @param options - see {@link NetworkOptions}
 * @returns the {@link NetworkReplica}
 * @throws {PollinateError} (crdt-network) when the stored bytes are not a network document
 * @example
 * ```ts
 * const network = await openNetwork(store, { networkId: 'acme-cloud-migrations', shards: 1024 });
 * await network.contribute(record, true, 'acme');
 * ```
 */
export async function openNetwork(
  store: RegistryStore,
  options: NetworkOptions = {},
): Promise<NetworkReplica> {
  const networkId = options.networkId ?? 'pollinate';
  const count = options.shards ?? 1;
  const networkOptions = {
    networkId,
    shards: count,
    ...(options.operators ? { operators: [...options.operators] } : {}),
    ...(options.actor ? { actor: options.actor } : {}),
    ...(options.maxLoadedShards === 0
      ? {}
      : { maxLoadedShards: options.maxLoadedShards ?? DEFAULT_MAX_LOADED_SHARDS }),
  };
  const names = Array.from({ length: count }, (_, index) => networkLogName(index, count));
  const indexOfName = new Map(names.map((name, index) => [name, index]));
  const aggregatesName = aggregatesLogName(count);

  // --- restart: snapshots and the rows after them, shards left unread where possible
  const seen = new Set<number>();
  let highest = 0;
  const highestOf = new Array<number>(count).fill(0);
  const note = (index: number, rows: readonly NetworkChange[]) => {
    for (const row of rows) {
      seen.add(row.sequence);
      if (row.sequence > highest) highest = row.sequence;
      if (row.sequence > highestOf[index]!) highestOf[index] = row.sequence;
    }
  };
  /** Snapshot point of each shard as last loaded (a compaction notice at or below it is already loaded). */
  const loadedThrough = new Array<number>(count).fill(0);
  /**
   * Reads the network from the store: the aggregates snapshot, each shard's snapshot and the
   * rows after it (shards left unread where the aggregates cover them). Used at start and
   * after a purge compacted the shards (here or on another instance).
   */
  const loadFromStore = async (): Promise<ShardedNetwork> => {
    seen.clear();
    highest = 0;
    highestOf.fill(0);
    const saved = await store.getNetworkSnapshot(aggregatesName);
    const aggregates = saved === undefined ? undefined : parseAggregatesSnapshot(saved.bytes);
    const bytes: (Uint8Array | undefined)[] = new Array(count).fill(undefined);
    const unsnapshotted = new Map<number, NetworkChange[]>();
    const behind: number[] = [];
    await inBatches(names, OPEN_CONCURRENCY, async (name) => {
      const index = indexOfName.get(name)!;
      const snapshot = await store.getNetworkSnapshot(name);
      loadedThrough[index] = snapshot?.throughSequence ?? 0;
      const rows = await store.readNetworkChanges(
        name,
        Math.max(0, (snapshot?.throughSequence ?? 0) - SNAPSHOT_OVERLAP),
      );
      note(index, rows);
      if (snapshot === undefined) {
        // Never snapshotted: the log holds every change after the shard's genesis.
        if (rows.length > 0) unsnapshotted.set(index, rows);
        return;
      }
      // Automerge reads a save followed by changes as one document.
      bytes[index] = concatenate([snapshot.bytes, ...rows.map((row) => row.bytes)]);
      if (aggregates !== undefined) {
        const recent = new Set(aggregates.recent);
        const lagging = rows.some(
          (row) =>
            row.sequence > aggregates.through ||
            (row.sequence > aggregates.through - SNAPSHOT_OVERLAP && !recent.has(row.sequence)),
        );
        if (lagging) behind.push(index);
      }
    });
    let loaded: ShardedNetwork;
    if (aggregates === undefined) {
      loaded = loadShardedNetwork({ shards: bytes }, { ...networkOptions, recount: true });
    } else {
      loaded = loadShardedNetwork(
        { shards: bytes, aggregates: new TextEncoder().encode(aggregates.aggregates) },
        networkOptions,
      );
      // Shards with rows the aggregates do not reflect are read now, so `patterns()` is current.
      for (const index of behind) loaded.shard(index);
    }
    // Rows come from this registry's own store: every instance checked them before appending.
    for (const [index, rows] of unsnapshotted)
      loaded.applyChanges(
        index,
        rows.map((row) => row.bytes),
      );
    return loaded;
  };
  let network = await loadFromStore();

  const verifySignature = createNodeVerifier();
  const signingSecret =
    options.signingSecret ??
    (await store.claimSecret(`network-signing/${networkId}`, new Uint8Array(randomBytes(32))));
  const custodial = new Map<string, NetworkKeyPair>();
  const keysOf = (publisher: string): NetworkKeyPair => {
    let keys = custodial.get(publisher);
    if (keys === undefined) {
      keys = deriveKeyPair(signingSecret, `${networkId}/publisher/${publisher}`);
      custodial.set(publisher, keys);
    }
    return keys;
  };
  const maxPeers = options.maxPeers ?? 10_000;
  const peers = new Map<string, SyncState>();
  const knownIdentifiers = options.knownIdentifiers ?? [];
  const shardSnapshotEvery = Math.max(16, Math.ceil(500 / count));
  let persisting: Promise<void> = Promise.resolve();
  /** Changes made here and not yet appended, each with the write (ticket) that made them. */
  let unpersisted: { index: number; changes: Uint8Array[]; ticket: WriteTicket }[] = [];
  const appendedSinceSnapshot = new Array<number>(count).fill(0);
  let appendedSinceAggregates = 0;
  let closed = false;

  /** Runs tasks one after another (appends, catch-ups, snapshots keep their order). */
  const enqueue = (task: () => Promise<void>): Promise<void> => {
    const run = persisting.catch(() => undefined).then(task);
    persisting = run;
    return run;
  };

  // Peers waiting for a shard to change (long polls), woken by every change to it.
  const waiters = new Map<number, Set<() => void>>();
  const changedShard = (index: number) => {
    const waiting = waiters.get(index);
    if (waiting === undefined) return;
    waiters.delete(index);
    for (const wake of waiting) wake();
  };
  const untilChanged = (index: number, ms: number): Promise<void> =>
    new Promise((resolve) => {
      let waiting = waiters.get(index);
      if (waiting === undefined) {
        waiting = new Set();
        waiters.set(index, waiting);
      }
      const wake = () => {
        clearTimeout(timer);
        waiters.get(index)?.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      waiting.add(wake);
    });
  /** Whether a peer's message shows it holds exactly this shard's state and brings nothing. */
  const upToDate = (index: number, message: Uint8Array): boolean => {
    let decoded: Automerge.DecodedSyncMessage;
    try {
      decoded = Automerge.decodeSyncMessage(message.subarray(SYNC_ENVELOPE_HEADER_LENGTH));
    } catch {
      return false;
    }
    if (decoded.changes.length > 0) return false;
    const ours = Automerge.getHeads(network.shard(index) as unknown as Automerge.Doc<unknown>);
    return ours.length === decoded.heads.length && ours.every((head) => decoded.heads.includes(head));
  };

  let appending = 0;
  /**
   * The aggregates snapshot, taken only when every change this instance holds is in the
   * log (none waiting, none being appended), so a restart's catch-up starts from a state
   * the log can rebuild.
   */
  const snapshotAggregates = async (): Promise<void> => {
    if (unpersisted.length > 0 || appending > 0) return;
    const through = highest;
    const recent = [...seen].filter((sequence) => sequence > through - SNAPSHOT_OVERLAP);
    // Older sequences are covered by `through`: the set stays bounded.
    for (const sequence of seen) if (sequence <= through - 4 * SNAPSHOT_OVERLAP) seen.delete(sequence);
    const snapshot: AggregatesSnapshot = {
      version: 1,
      through,
      recent,
      aggregates: new TextDecoder().decode(network.saveAggregates()),
    };
    appendedSinceAggregates = 0;
    await store.putNetworkSnapshot(
      aggregatesName,
      new TextEncoder().encode(JSON.stringify(snapshot)),
      through,
    );
  };

  // Snapshots run on their own queue, after the appends that prompted them: a request waits
  // for its own rows, never for a snapshot.
  let compacting: Promise<void> = Promise.resolve();
  const dueShards = new Set<number>();
  const takeSnapshots = () => {
    compacting = compacting
      .then(async () => {
        for (const index of [...dueShards]) {
          dueShards.delete(index);
          await store.putNetworkSnapshot(names[index]!, network.saveShard(index), highestOf[index]!);
        }
        if (appendedSinceAggregates >= AGGREGATES_EVERY) await snapshotAggregates();
      })
      .catch(() => undefined);
  };

  /** Heads of shard `index` now (what {@link commit} diffs against after a step). */
  const headsOf = (index: number): Automerge.Heads =>
    Automerge.getHeads(network.shard(index) as unknown as Automerge.Doc<unknown>);

  /**
   * Persists the changes each shard gained since the heads taken before a step. Heads, not
   * documents: a step may evict (and free) a shard it did not need any more.
   */
  const commit = (befores: ReadonlyMap<number, Automerge.Heads>): Promise<void> => {
    let changed = false;
    const ticket: WriteTicket = { dropped: false };
    for (const [index, before] of befores) {
      // Only the changes this step made are written: O(1) storage work per contribution,
      // however large the network is (none when the step changed nothing).
      const after = network.shard(index) as unknown as Automerge.Doc<unknown>;
      const changes = Automerge.getChangesSince(after, [...before]);
      if (changes.length > 0) {
        unpersisted.push({ index, changes, ticket });
        changed = true;
        changedShard(index);
      }
    }
    // Nothing new (a peer's sync message that brought nothing): no reason to wait for
    // anyone else's appends.
    if (!changed) return Promise.resolve();
    return enqueue(async () => {
      // Another instance's purge replaced the network before this write was appended: its
      // changes were of the old epoch and are gone. Say so, rather than answer success.
      if (ticket.dropped) throw new NetworkReloadedError();
      while (unpersisted.length > 0) {
        const batch = unpersisted;
        unpersisted = [];
        const byShard = new Map<number, Uint8Array[]>();
        for (const { index, changes } of batch)
          byShard.set(index, [...(byShard.get(index) ?? []), ...changes]);
        const written = new Set<number>();
        appending++;
        try {
          for (const [index, changes] of byShard) {
            const sequence = await store.appendNetworkChanges(names[index]!, changes);
            written.add(index);
            // The rows this instance appended: the feed's notice of them is a no-op here.
            note(
              index,
              changes.map((bytes, i) => ({ sequence: sequence - changes.length + 1 + i, bytes })),
            );
            appendedSinceSnapshot[index]! += changes.length;
            appendedSinceAggregates += changes.length;
            if (appendedSinceSnapshot[index]! >= shardSnapshotEvery) {
              appendedSinceSnapshot[index] = 0;
              dueShards.add(index);
            }
          }
        } catch (error) {
          // Kept for the next append: a failed write fails its request, not the log.
          unpersisted = [...batch.filter((entry) => !written.has(entry.index)), ...unpersisted];
          throw error;
        } finally {
          appending--;
        }
      }
      if (dueShards.size > 0 || appendedSinceAggregates >= AGGREGATES_EVERY) takeSnapshots();
    });
  };

  /** Applies the rows of shard `index` after sequence `from` that this replica has not seen. */
  const applyRows = async (index: number, from: number): Promise<void> => {
    const rows = (await store.readNetworkChanges(names[index]!, from)).filter(
      (row) => !seen.has(row.sequence),
    );
    note(index, rows);
    if (
      network.applyChanges(
        index,
        rows.map((row) => row.bytes),
      )
    )
      changedShard(index);
  };
  // Other instances' changes arrive through the store's change feed.
  const pending = new Map<number, Set<number>>();
  const catchUp = (index: number) =>
    enqueue(async () => {
      const waiting = pending.get(index);
      if (waiting === undefined || waiting.size === 0) return;
      await applyRows(index, Math.min(...waiting) - 1);
      for (const sequence of [...waiting]) if (seen.has(sequence)) waiting.delete(sequence);
    });
  /** Compactions this instance made (`shard@sequence`): their notices need no reload. */
  const compactedHere = new Set<string>();
  /** Reloads done so far: notices that arrived before a reload are answered by it. */
  let reloads = 0;
  /** Replaces the replica by what the store holds after a compaction (a new epoch in every shard). */
  const reload = async () => {
    reloads++;
    network = await loadFromStore();
    // Changes of the old epoch this replica had not written yet cannot apply to the new one:
    // the writes that made them fail with NetworkReloadedError (their callers send them again).
    for (const entry of unpersisted) entry.ticket.dropped = true;
    unpersisted = [];
    appendedSinceSnapshot.fill(0);
    appendedSinceAggregates = 0;
    dueShards.clear();
    pending.clear();
    peers.clear();
    for (let index = 0; index < count; index++) changedShard(index);
  };
  const unsubscribe = store.subscribe((change: StoreChange) => {
    if (change.kind === 'network-compacted') {
      if (!indexOfName.has(change.shard)) return;
      // Decided in line, not now: a store may announce this instance's own compaction before
      // `compactNetworkShards` returns (SQLite does, synchronously), that is before the purge
      // noted it in `compactedHere`. One reload answers every notice that came before it (a
      // purge sends one per shard).
      const key = `${change.shard}@${change.sequence}`;
      const reloadsSeen = reloads;
      enqueue(async () => {
        if (compactedHere.delete(key) || reloads !== reloadsSeen) return;
        await reload();
      }).catch(() => undefined);
      return;
    }
    if (change.kind !== 'network' || seen.has(change.sequence)) return;
    const index = indexOfName.get(change.shard);
    if (index === undefined) return;
    let waiting = pending.get(index);
    if (waiting === undefined) {
      waiting = new Set();
      pending.set(index, waiting);
    }
    waiting.add(change.sequence);
    catchUp(index).catch(() => undefined);
  });
  const stopResync = store.onResync(() => {
    enqueue(async () =>
      inBatches(names, OPEN_CONCURRENCY, async (name) => {
        const index = indexOfName.get(name)!;
        await applyRows(index, Math.max(0, highestOf[index]! - SNAPSHOT_OVERLAP));
      }),
    ).catch(() => undefined);
  });

  const scrub = (text: string): { text: string; redactions: number } => {
    const result = anonymizeText(text, { knownIdentifiers });
    return { text: result.text, redactions: result.findings.length };
  };
  /** A contribution as the registry stores it: free text anonymized again, under the publisher's custodial pseudonym. */
  const scrubbed = (
    contribution: Contribution,
    signer: NetworkKeyPair,
  ): { stored: Contribution; redactions: number } => {
    let redactions = 0;
    const steps = contribution.steps.map((step) => {
      const action = scrub(step.action);
      redactions += action.redactions;
      const error = step.error === undefined ? undefined : scrub(step.error);
      redactions += error?.redactions ?? 0;
      return { ...step, action: action.text, ...(error ? { error: error.text } : {}) };
    });
    return { stored: { ...contribution, contributor: signer.pseudonym, steps }, redactions };
  };

  // A purge replaces every shard: writes wait until it is done (their changes would be of the old epoch).
  let purgingNow: Promise<void> | undefined;
  const writable = async () => {
    while (purgingNow !== undefined) await purgingNow;
  };

  return {
    shards: count,
    async contribute(contribution, consent, publisher) {
      await writable();
      const signer = keysOf(publisher);
      const { stored, redactions } = scrubbed(contribution, signer);
      const index = network.shardOf(stored);
      const before = headsOf(index);
      const created = network.contribute([stored], { consent, signer }) > 0;
      await commit(new Map([[index, before]]));
      return { created, redactions, stored };
    },
    async sync(peerKey, message, shard, waitOptions = {}) {
      await writable();
      if (shard === undefined && count > 1) {
        throw new ShardRequiredError(
          count,
          `this registry's network has ${count} shards: name the shard of each sync message (X-Pollinate-Shard: 0 … ${count - 1})`,
        );
      }
      const index = shard ?? 0;
      if (!Number.isInteger(index) || index < 0 || index >= count) {
        throw new ShardRequiredError(count, `shard must be 0 … ${count - 1}`);
      }
      // Records arriving by sync pass the same anonymizer as the HTTP route; a record with
      // findings cannot be scrubbed here (that would break its contributor's signature),
      // so the whole message is refused.
      const findings: { id: string; kinds: string[] }[] = [];
      for (const contribution of contributionsInSyncMessage(message)) {
        const texts = contribution.steps.flatMap((step) => [step.action, step.error ?? '']);
        const kinds = texts.flatMap((text) =>
          text === ''
            ? []
            : anonymizeText(text, { knownIdentifiers }).findings.map((finding) => finding.kind),
        );
        if (kinds.length > 0) findings.push({ id: contribution.id, kinds: [...new Set(kinds)] });
      }
      if (findings.length > 0) throw new UnscrubbedRecordError(findings);
      const waitMs = Math.min(MAX_SYNC_WAIT_MS, Math.max(0, waitOptions.waitMs ?? 0));
      if (waitMs > 0 && upToDate(index, message)) {
        // A long poll: answered as soon as the shard changes (or when the time is up).
        const deadline = performance.now() + waitMs;
        while (upToDate(index, message) && !closed && waitOptions.stopWaiting?.() !== true) {
          const left = deadline - performance.now();
          if (left <= 0) break;
          await untilChanged(index, Math.min(250, left));
        }
      }
      const key = `${peerKey}\u0000${index}`;
      const before = headsOf(index);
      const received = network.receiveSyncMessage(index, peers.get(key) ?? initSyncState(), message, {
        verifySignature,
      });
      const generated = network.generateSyncMessage(index, received);
      peers.delete(key);
      peers.set(key, generated.syncState);
      while (peers.size > maxPeers) {
        const oldest = peers.keys().next().value;
        if (oldest === undefined) break;
        peers.delete(oldest);
      }
      await commit(new Map([[index, before]]));
      return generated.message;
    },
    async erase(pseudonym, publisher) {
      await writable();
      const signer = keysOf(publisher);
      const dropped = network.exportContributor(pseudonym).contributions.length;
      const befores = new Map<number, Automerge.Heads>();
      for (let index = 0; index < count; index++) befores.set(index, headsOf(index));
      network.erase(pseudonym, { signer });
      await commit(befores);
      return dropped;
    },
    async rectify(contribution, publisher) {
      await writable();
      const signer = keysOf(publisher);
      const { stored, redactions } = scrubbed(contribution, signer);
      const index = network.shardOf(stored);
      const before = headsOf(index);
      const changed = network.rectify(stored, { signer });
      await commit(new Map([[index, before]]));
      return { changed, redactions, stored };
    },
    async purge() {
      await writable();
      let release = () => {};
      purgingNow = new Promise<void>((resolve) => {
        release = resolve;
      });
      try {
        let outcome = { removedChanges: 0, epoch: 0, contributions: 0 };
        await enqueue(async () => {
          // Nothing stored yet: nothing to purge (and no shard to fix by writing one).
          const stored =
            highest > 0 ||
            loadedThrough.some((through) => through > 0) ||
            (await store.appendNetworkChanges(names[0]!, [])) > 0;
          if (!stored) {
            outcome = { removedChanges: 0, epoch: networkInfo(network.shard(0)).epoch, contributions: 0 };
            return;
          }
          const compacted: (Uint8Array | undefined)[] = new Array(count).fill(undefined);
          let through = 0;
          // Every shard, then the aggregates snapshot, in one transaction: a restart never sees
          // compacted shards beside aggregates of the old ones.
          const results = await store.compactNetworkShards([...names, aggregatesName], (name, state) => {
            const index = indexOfName.get(name);
            if (index === undefined) {
              const recounted = loadShardedNetwork(
                { shards: compacted },
                { ...networkOptions, recount: true },
              );
              const snapshot: AggregatesSnapshot = {
                version: 1,
                through,
                recent: [],
                aggregates: new TextDecoder().decode(recounted.saveAggregates()),
              };
              return new TextEncoder().encode(JSON.stringify(snapshot));
            }
            // Built from what the store holds (every instance's rows), not from this replica.
            let doc: NetworkDoc = state.snapshot
              ? load(state.snapshot.bytes, { verifyRecords: false })
              : createNetwork({
                  networkId: shardNetworkId(networkId, index, count),
                  ...(options.operators ? { operators: [...options.operators] } : {}),
                });
            if (state.changes.length > 0) {
              const [next] = Automerge.applyChanges(
                doc as unknown as Automerge.Doc<unknown>,
                state.changes.map((row) => row.bytes),
              );
              doc = next as unknown as NetworkDoc;
            }
            through = Math.max(
              through,
              state.snapshot?.throughSequence ?? 0,
              state.changes.at(-1)?.sequence ?? 0,
            );
            // A shard never written stays the genesis (epoch 0), as every new replica creates it.
            const next =
              state.snapshot === undefined && state.changes.length === 0
                ? undefined
                : compact(doc, options.actor ? { actor: options.actor } : {});
            const bytes = save(next ?? doc);
            // Freed now, shard by shard: a purge of a large network never holds every shard.
            if (next) Automerge.free(next as unknown as Automerge.Doc<unknown>);
            Automerge.free(doc as unknown as Automerge.Doc<unknown>);
            compacted[index] = bytes;
            return bytes;
          });
          for (const result of results) compactedHere.add(`${result.shard}@${result.throughSequence}`);
          await reload();
          outcome = {
            removedChanges: results.reduce((sum, result) => sum + result.removedChanges, 0),
            epoch: networkInfo(network.shard(0)).epoch,
            contributions: network.countContributions(),
          };
        });
        return outcome;
      } finally {
        purgingNow = undefined;
        release();
      }
    },
    pseudonymOf(publisher) {
      return keysOf(publisher).pseudonym;
    },
    exportContributor(pseudonym) {
      const exported = network.exportContributor(pseudonym);
      return { erased: exported.erased, contributions: exported.contributions };
    },
    patterns(minContributors = options.minContributors ?? 3) {
      return network.listPatterns({ minContributors });
    },
    contributionCount() {
      return network.countContributions();
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const index of [...waiters.keys()]) changedShard(index);
      unsubscribe();
      stopResync();
      // The last aggregates snapshot only shortens the next start (a restart catches up from
      // the log without it): never let it hold a shutdown for more than two seconds.
      const bounded = (work: Promise<unknown>) =>
        Promise.race([work, new Promise((resolve) => setTimeout(resolve, 2_000))]);
      await bounded(compacting);
      await bounded(
        enqueue(async () => {
          if (appendedSinceAggregates > 0) await snapshotAggregates();
        }).catch(() => undefined),
      );
    },
  };
}
