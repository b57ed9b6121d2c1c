import * as Automerge from '@automerge/automerge';
import { anonymizeText } from '@pollinate/anonymize';
import type { Contribution } from '@pollinate/core';
import {
  type AggregateCache,
  contribute,
  countContributions,
  createAggregateCache,
  createNetwork,
  eraseContributor,
  exportContributor,
  handleSyncMessage,
  initSyncState,
  listPatterns,
  load,
  type NetworkDoc,
  type PatternSummary,
  type SyncState,
  save,
} from '@pollinate/crdt-network';
import type { RegistryStore, StoreChange } from './store.js';

/** The log shard the registry's single network document lives in. */
export const NETWORK_SHARD = 'default';
/** A new snapshot is written after this many change rows were appended by one instance. */
const SNAPSHOT_EVERY = 500;
/**
 * Rows before a snapshot's `throughSequence` that a load reads again: concurrent appends by
 * several instances may commit out of sequence order, so a row just below the snapshot
 * point can land after it was taken. Re-applying a known change is a no-op.
 */
const SNAPSHOT_OVERLAP = 1_000;

/** Options of {@link openNetwork}. */
export interface NetworkOptions {
  /** The pattern network this registry replicates (same id on every peer). @default 'pollinate' */
  networkId?: string;
  /** Names the anonymizer must always redact (customers, hosts) when contributions arrive. @default [] */
  knownIdentifiers?: readonly string[];
  /** Most peers whose sync state is kept; the least recently seen is dropped first (it resyncs from scratch). @default 10_000 */
  maxPeers?: number;
  /**
   * The Automerge actor id (even-length hex) of the registry's own changes, for
   * reproducible runs; each process must use its own. @default a random actor
   */
  actor?: string;
}

/**
 * The registry's replica of the pattern network, persisted in the store as a log of
 * Automerge changes (one row per change) with a snapshot now and then, and kept current
 * with every other instance's changes through the store's change feed.
 */
export interface NetworkReplica {
  /**
   * Anonymizes a contribution's free text again and adds it (consent required).
   * @returns whether it was new and how many redactions re-anonymization made
   */
  contribute(
    contribution: Contribution,
    consent: boolean,
  ): Promise<{ created: boolean; redactions: number; stored: Contribution }>;
  /** Handles one sync message from a peer and returns the reply (`null`: nothing to send). */
  sync(peerKey: string, message: Uint8Array): Promise<Uint8Array | null>;
  /** Erases a pseudonym; returns how many contributions were dropped. */
  erase(pseudonym: string): Promise<number>;
  /** Every surviving contribution of a pseudonym and whether it was erased. */
  exportContributor(pseudonym: string): { erased: boolean; contributions: Contribution[] };
  /** The aggregated migration patterns. */
  patterns(minContributors?: number): PatternSummary[];
  /** Counted contributions. */
  contributionCount(): number;
  /** Stops listening to the store's change feed. */
  close(): void;
}

/**
 * Loads the registry's network replica from the store (or creates it) and returns the
 * operations the HTTP routes use: loads the newest snapshot and the change rows after it,
 * appends each local change as its own row (in order), and applies the rows other
 * instances append as the store's change feed announces them.
 *
 * @param store - where the replica's bytes live
 * @param options - see {@link NetworkOptions}
 * @returns the {@link NetworkReplica}
 * @throws {PollinateError} (crdt-network) when the stored bytes are not a network document
 * @example
 * ```ts
 * const network = await openNetwork(store, { networkId: 'acme-cloud-migrations' });
 * await network.contribute(record, true);
 * ```
 */
export async function openNetwork(
  store: RegistryStore,
  options: NetworkOptions = {},
): Promise<NetworkReplica> {
  const actor = options.actor ? { actor: options.actor } : {};
  // A restart loads the newest snapshot and then every change row after it.
  const snapshot = await store.getNetworkSnapshot(NETWORK_SHARD);
  let doc: NetworkDoc = snapshot
    ? load(snapshot.bytes, { verifyRecords: false, ...actor })
    : createNetwork({ networkId: options.networkId ?? 'pollinate', ...actor });
  const seen = new Set<number>();
  let highest = 0;
  const applyRows = (rows: readonly { sequence: number; bytes: Uint8Array }[]) => {
    const fresh = rows.filter((row) => !seen.has(row.sequence));
    for (const row of fresh) {
      seen.add(row.sequence);
      highest = Math.max(highest, row.sequence);
    }
    if (fresh.length === 0) return;
    // Rows come from this registry's own store: every instance checked them before appending.
    const [next] = Automerge.applyChanges(
      doc as unknown as Automerge.Doc<unknown>,
      fresh.map((row) => row.bytes),
    );
    doc = next as unknown as NetworkDoc;
  };
  applyRows(
    await store.readNetworkChanges(
      NETWORK_SHARD,
      Math.max(0, (snapshot?.throughSequence ?? 0) - SNAPSHOT_OVERLAP),
    ),
  );
  const cache: AggregateCache = createAggregateCache();
  const maxPeers = options.maxPeers ?? 10_000;
  const peers = new Map<string, SyncState>();
  const knownIdentifiers = options.knownIdentifiers ?? [];
  let persisting: Promise<void> = Promise.resolve();
  let unpersisted: Uint8Array[] = [];
  let appendedSinceSnapshot = 0;

  /** Runs tasks one after another (appends, catch-ups, snapshots keep their order). */
  const enqueue = (task: () => Promise<void>): Promise<void> => {
    const run = persisting.catch(() => undefined).then(task);
    persisting = run;
    return run;
  };

  const commit = (next: NetworkDoc): Promise<void> => {
    if (next === doc) return persisting;
    // Only the changes this step made are written: O(1) storage work per contribution,
    // however large the network is.
    const changes = Automerge.getChanges(
      doc as unknown as Automerge.Doc<unknown>,
      next as unknown as Automerge.Doc<unknown>,
    );
    doc = next;
    unpersisted.push(...changes);
    return enqueue(async () => {
      if (unpersisted.length === 0) return;
      const batch = unpersisted;
      unpersisted = [];
      try {
        const sequence = await store.appendNetworkChanges(NETWORK_SHARD, batch);
        // The rows this instance appended: the feed's notice of them is a no-op here.
        for (let s = sequence - batch.length + 1; s <= sequence; s++) seen.add(s);
        highest = Math.max(highest, sequence);
        appendedSinceSnapshot += batch.length;
      } catch (error) {
        // Kept for the next append: a failed write fails its request, not the log.
        unpersisted = [...batch, ...unpersisted];
        throw error;
      }
      if (appendedSinceSnapshot >= SNAPSHOT_EVERY) {
        appendedSinceSnapshot = 0;
        await store.putNetworkSnapshot(NETWORK_SHARD, save(doc), highest).catch(() => undefined);
      }
    });
  };

  // Other instances' changes arrive through the store's change feed.
  const pending = new Set<number>();
  const catchUp = () =>
    enqueue(async () => {
      if (pending.size === 0) return;
      const from = Math.min(...pending) - 1;
      applyRows(await store.readNetworkChanges(NETWORK_SHARD, from));
      for (const sequence of [...pending]) if (seen.has(sequence)) pending.delete(sequence);
    });
  const unsubscribe = store.subscribe((change: StoreChange) => {
    if (change.kind !== 'network' || change.shard !== NETWORK_SHARD || seen.has(change.sequence)) return;
    pending.add(change.sequence);
    catchUp().catch(() => undefined);
  });
  const stopResync = store.onResync(() => {
    enqueue(async () =>
      applyRows(await store.readNetworkChanges(NETWORK_SHARD, Math.max(0, highest - SNAPSHOT_OVERLAP))),
    ).catch(() => undefined);
  });

  const scrub = (text: string): { text: string; redactions: number } => {
    const result = anonymizeText(text, { knownIdentifiers });
    return { text: result.text, redactions: result.findings.length };
  };

  return {
    async contribute(contribution, consent) {
      let redactions = 0;
      const steps = contribution.steps.map((step) => {
        const action = scrub(step.action);
        redactions += action.redactions;
        const error = step.error === undefined ? undefined : scrub(step.error);
        redactions += error?.redactions ?? 0;
        return { ...step, action: action.text, ...(error ? { error: error.text } : {}) };
      });
      const stored: Contribution = { ...contribution, steps };
      const next = contribute(doc, stored, { consent });
      const created = next !== doc;
      await commit(next);
      return { created, redactions, stored };
    },
    async sync(peerKey, message) {
      const state = peers.get(peerKey) ?? initSyncState();
      const handled = handleSyncMessage(doc, state, message);
      peers.delete(peerKey);
      peers.set(peerKey, handled.syncState);
      while (peers.size > maxPeers) {
        const oldest = peers.keys().next().value;
        if (oldest === undefined) break;
        peers.delete(oldest);
      }
      await commit(handled.doc);
      return handled.reply;
    },
    async erase(pseudonym) {
      const before = exportContributor(doc, pseudonym).contributions.length;
      await commit(eraseContributor(doc, pseudonym));
      return before;
    },
    exportContributor(pseudonym) {
      const exported = exportContributor(doc, pseudonym);
      return { erased: exported.erased, contributions: exported.contributions };
    },
    patterns(minContributors = 1) {
      return listPatterns(doc, { minContributors, cache });
    },
    contributionCount() {
      return countContributions(doc, { cache }).counted;
    },
    close() {
      unsubscribe();
      stopResync();
    },
  };
}
