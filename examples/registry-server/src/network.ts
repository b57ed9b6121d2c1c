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
import type { RegistryStore } from './store.js';

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

/** The registry's replica of the pattern network, persisted in the store after every change. */
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
}

/**
 * Loads the registry's network replica from the store (or creates it) and returns the
 * operations the HTTP routes use. Changes are persisted in order.
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
  const stored = await store.getNetworkState();
  let doc: NetworkDoc = stored
    ? load(stored, { verifyRecords: false, ...(options.actor ? { actor: options.actor } : {}) })
    : createNetwork({
        networkId: options.networkId ?? 'pollinate',
        ...(options.actor ? { actor: options.actor } : {}),
      });
  const cache: AggregateCache = createAggregateCache();
  const maxPeers = options.maxPeers ?? 10_000;
  const peers = new Map<string, SyncState>();
  const knownIdentifiers = options.knownIdentifiers ?? [];
  let persisting: Promise<void> = Promise.resolve();

  const commit = (next: NetworkDoc): Promise<void> => {
    if (next === doc) return persisting;
    doc = next;
    const bytes = save(next);
    // Writes stay in order; a failed write fails its request but not the ones after it
    // (each save holds the whole document, so the next success catches up).
    const write = persisting.catch(() => undefined).then(() => store.putNetworkState(bytes));
    persisting = write;
    return write;
  };

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
  };
}
