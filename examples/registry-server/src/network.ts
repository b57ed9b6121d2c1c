import { createPublicKey, type KeyObject, randomBytes, verify as verifySignatureNative } from 'node:crypto';
import * as Automerge from '@automerge/automerge';
import { anonymizeText } from '@pollinate/anonymize';
import type { Contribution } from '@pollinate/core';
import {
  type AggregateCache,
  compact,
  contribute,
  contributionsInSyncMessage,
  countContributions,
  createAggregateCache,
  createNetwork,
  deriveKeyPair,
  eraseContributor,
  exportContributor,
  handleSyncMessage,
  initSyncState,
  listPatterns,
  load,
  type NetworkDoc,
  type NetworkKeyPair,
  networkInfo,
  type PatternSummary,
  rectifyContribution,
  type SignatureVerifier,
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
  /** Names the anonymizer must always redact (customers, hosts) when contributions arrive. @default [] */
  knownIdentifiers?: readonly string[];
  /** Most peers whose sync state is kept; the least recently seen is dropped first (it resyncs from scratch). @default 10_000 */
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
   * @default 32 random bytes per process (pseudonyms of HTTP contributions change on restart)
   */
  signingSecret?: Uint8Array;
  /**
   * Operator public keys (hex) the network's genesis names: they may sign the erasure of
   * any pseudonym. Every replica of the network must be created with the same list.
   * @default none
   */
  operators?: readonly string[];
  /**
   * Fewest distinct contributors (deployments) behind a pattern that {@link NetworkReplica.patterns}
   * shows when not told otherwise, so that one deployment's figures are never published.
   * @default 3
   */
  minContributors?: number;
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
    publisher: string,
  ): Promise<{ created: boolean; redactions: number; stored: Contribution }>;
  /**
   * Handles one sync message from a peer and returns the reply (`null`: nothing to send).
   * Every change is verified (signatures, ownership, scope) and every record it carries is
   * run through the anonymizer first; anything wrong refuses the whole message
   * (`SyncError` or {@link UnscrubbedRecordError}) with nothing changed.
   */
  sync(peerKey: string, message: Uint8Array): Promise<Uint8Array | null>;
  /** Erases a publisher's custodial pseudonym (signed by its key); returns how many contributions were dropped. */
  erase(pseudonym: string, publisher: string): Promise<number>;
  /**
   * Rectifies one of a publisher's own contributions (GDPR Art. 16): anonymizes the corrected
   * record's free text again and replaces the record held under its id, signed by the
   * publisher's custodial key as the next revision; aggregates follow exactly.
   * @returns whether anything changed, how many redactions re-anonymization made, and the record as stored
   * @throws `ValidationError` (core) when no record with that id is held for the publisher's pseudonym
   * @throws `ContributorErasedError` (crdt-network) when the pseudonym was erased
   */
  rectify(
    contribution: Contribution,
    publisher: string,
  ): Promise<{ changed: boolean; redactions: number; stored: Contribution }>;
  /**
   * Purges erased data from the stored bytes now: compacts the network (crdt-network's
   * `compact`, a new epoch holding only surviving records and erasure tombstones) from what
   * the store holds, replaces the shard's whole log with it (`compactNetworkShards`, which
   * also scrubs the database files), and moves this replica to the new epoch. Peers on the
   * old epoch must `adoptEpoch` before they sync again.
   * @returns the rows removed and the new epoch
   */
  purge(): Promise<{ removedChanges: number; epoch: number; contributions: number }>;
  /** The custodial pseudonym of a publisher: the one its HTTP contributions are signed with. */
  pseudonymOf(publisher: string): string;
  /** Every surviving contribution of a pseudonym and whether it was erased. */
  exportContributor(pseudonym: string): { erased: boolean; contributions: Contribution[] };
  /** The aggregated migration patterns seen from at least `minContributors` deployments (default: the option's, 3). */
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
  const networkId = options.networkId ?? 'pollinate';
  const actor = options.actor ? { actor: options.actor } : {};
  // A restart loads the newest snapshot and then every change row after it.
  const snapshot = await store.getNetworkSnapshot(NETWORK_SHARD);
  let doc: NetworkDoc = snapshot
    ? load(snapshot.bytes, { verifyRecords: false, ...actor })
    : createNetwork({
        networkId,
        ...actor,
        ...(options.operators ? { operators: options.operators } : {}),
      });
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
  const verifySignature = createNodeVerifier();
  const signingSecret = options.signingSecret ?? new Uint8Array(randomBytes(32));
  const custodial = new Map<string, NetworkKeyPair>();
  const keysOf = (publisher: string): NetworkKeyPair => {
    let keys = custodial.get(publisher);
    if (keys === undefined) {
      keys = deriveKeyPair(signingSecret, `${networkId}/publisher/${publisher}`);
      custodial.set(publisher, keys);
    }
    return keys;
  };
  let cache: AggregateCache = createAggregateCache();
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
  /** Replaces the replica by what the store holds after a compaction (a new epoch). */
  const reload = async () => {
    const compacted = await store.getNetworkSnapshot(NETWORK_SHARD);
    if (!compacted) return;
    doc = load(compacted.bytes, { verifyRecords: false, ...actor });
    seen.clear();
    highest = compacted.throughSequence;
    // Changes of the old epoch this replica had not written yet cannot apply to the new one.
    unpersisted = [];
    appendedSinceSnapshot = 0;
    peers.clear();
    cache = createAggregateCache();
    applyRows(await store.readNetworkChanges(NETWORK_SHARD, compacted.throughSequence));
  };
  const unsubscribe = store.subscribe((change: StoreChange) => {
    if (change.kind === 'network-compacted' && change.shard === NETWORK_SHARD) {
      enqueue(reload).catch(() => undefined);
      return;
    }
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
    async contribute(contribution, consent, publisher) {
      const signer = keysOf(publisher);
      let redactions = 0;
      const steps = contribution.steps.map((step) => {
        const action = scrub(step.action);
        redactions += action.redactions;
        const error = step.error === undefined ? undefined : scrub(step.error);
        redactions += error?.redactions ?? 0;
        return { ...step, action: action.text, ...(error ? { error: error.text } : {}) };
      });
      const stored: Contribution = { ...contribution, contributor: signer.pseudonym, steps };
      const next = contribute(doc, stored, { consent, signer });
      const created = next !== doc;
      await commit(next);
      return { created, redactions, stored };
    },
    async sync(peerKey, message) {
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
      const state = peers.get(peerKey) ?? initSyncState();
      const handled = handleSyncMessage(doc, state, message, { verifySignature });
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
    async erase(pseudonym, publisher) {
      const signer = keysOf(publisher);
      const before = exportContributor(doc, pseudonym).contributions.length;
      await commit(eraseContributor(doc, pseudonym, { signer }));
      return before;
    },
    async rectify(contribution, publisher) {
      const signer = keysOf(publisher);
      let redactions = 0;
      const steps = contribution.steps.map((step) => {
        const action = scrub(step.action);
        redactions += action.redactions;
        const error = step.error === undefined ? undefined : scrub(step.error);
        redactions += error?.redactions ?? 0;
        return { ...step, action: action.text, ...(error ? { error: error.text } : {}) };
      });
      const stored: Contribution = { ...contribution, contributor: signer.pseudonym, steps };
      const next = rectifyContribution(doc, stored, { signer });
      const changed = next !== doc;
      await commit(next);
      return { changed, redactions, stored };
    },
    async purge() {
      let outcome = { removedChanges: 0, epoch: 0, contributions: 0 };
      await commit(doc);
      await enqueue(async () => {
        // Nothing stored yet: nothing to purge (and no network id to fix by writing one).
        const stored =
          (await store.getNetworkSnapshot(NETWORK_SHARD)) !== undefined ||
          (await store.appendNetworkChanges(NETWORK_SHARD, [])) > 0;
        if (!stored) {
          outcome = { removedChanges: 0, epoch: networkInfo(doc).epoch, contributions: 0 };
          return;
        }
        const [result] = await store.compactNetworkShards([NETWORK_SHARD], (_shard, state) => {
          // Built from what the store holds (every instance's rows), not from this replica.
          let stored: NetworkDoc = state.snapshot
            ? load(state.snapshot.bytes, { verifyRecords: false })
            : createNetwork({
                networkId,
                ...(options.operators ? { operators: options.operators } : {}),
              });
          if (state.changes.length > 0) {
            const [next] = Automerge.applyChanges(
              stored as unknown as Automerge.Doc<unknown>,
              state.changes.map((row) => row.bytes),
            );
            stored = next as unknown as NetworkDoc;
          }
          return save(compact(stored, actor));
        });
        await reload();
        outcome = {
          removedChanges: result?.removedChanges ?? 0,
          epoch: networkInfo(doc).epoch,
          contributions: countContributions(doc, { cache }).counted,
        };
      });
      return outcome;
    },
    pseudonymOf(publisher) {
      return keysOf(publisher).pseudonym;
    },
    exportContributor(pseudonym) {
      const exported = exportContributor(doc, pseudonym);
      return { erased: exported.erased, contributions: exported.contributions };
    },
    patterns(minContributors = options.minContributors ?? 3) {
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
