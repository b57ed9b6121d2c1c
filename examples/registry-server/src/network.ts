import { createPublicKey, type KeyObject, randomBytes, verify as verifySignatureNative } from 'node:crypto';
import type { Contribution } from '@pollinate/core';
import {
  type AggregateCache,
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
  type PatternSummary,
  type SignatureVerifier,
  type SyncState,
  save,
} from '@pollinate/crdt-network';
import { anonymizeText } from '@pollinate/crdt-network/anonymize';
import type { RegistryStore } from './store.js';

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
  /** The custodial pseudonym of a publisher: the one its HTTP contributions are signed with. */
  pseudonymOf(publisher: string): string;
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
  const networkId = options.networkId ?? 'pollinate';
  const stored = await store.getNetworkState();
  let doc: NetworkDoc = stored
    ? load(stored, { verifyRecords: false, ...(options.actor ? { actor: options.actor } : {}) })
    : createNetwork({
        networkId,
        ...(options.actor ? { actor: options.actor } : {}),
        ...(options.operators ? { operators: options.operators } : {}),
      });
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
    pseudonymOf(publisher) {
      return keysOf(publisher).pseudonym;
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
