import * as Automerge from '@automerge/automerge';
import { compareStrings, parseWith } from '@pollinate/core/helpers';
import { type Contribution, ContributionSchema, ValidationError } from '@pollinate/core/model';
import * as z from 'zod';
import { erasureDigest } from './digests.js';
import {
  ActorIdSchema,
  asAutomerge,
  assertSameEpoch,
  createGenesis,
  MAX_EPOCH,
  type NetworkDoc,
  type NetworkState,
  readHeader,
  readOperators,
  toNetworkDoc,
  withActor,
  write,
} from './document.js';
import { EpochMismatchError, NetworkMismatchError } from './errors.js';
import { readRecord, tombstoneText } from './records.js';
import { type NetworkKeyPair, signErasure } from './signing.js';

/** What {@link exportContributor} returns: everything the replica holds about one pseudonym. */
export interface ContributorExport {
  /** The pseudonym asked about. */
  contributor: string;
  /** Whether the pseudonym has been erased from this network (its records no longer count). */
  erased: boolean;
  /**
   * Every record of the pseudonym the replica holds, sorted by id. After erasure this is
   * normally empty; it lists records a stale replica sent back after the erasure, which
   * are held but never counted (erase again, or {@link compact}, to drop them).
   */
  contributions: Contribution[];
}

/** Options of {@link compact} and {@link adoptEpoch}. */
export interface EpochOptions {
  /**
   * The actor id the new document writes with (hex, 1–32 bytes).
   * @default a random actor id chosen by Automerge
   */
  actor?: string;
}

const PseudonymSchema = ContributionSchema.shape.contributor;
const SigningPseudonymSchema = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'must be a signing pseudonym (an Ed25519 public key, 64 hex digits)');
const EpochOptionsSchema = z.strictObject({ actor: ActorIdSchema.optional() });

/** Options of {@link eraseContributor}. */
export interface EraseOptions {
  /**
   * The key pair that signs the erasure tombstone: the pseudonym's own (a deployment
   * leaving the network), or an operator key the network's genesis names (a legal request).
   */
  signer: NetworkKeyPair;
}

/**
 * The keys and contributions of the records held for `pseudonym`: records are keyed
 * `<contributor>/<id>`, so the key prefix names them without reading the values.
 */
function recordsOf(doc: Automerge.Doc<NetworkState>, pseudonym: string): [string, Contribution][] {
  const prefix = `${pseudonym}/`;
  const found: [string, Contribution][] = [];
  for (const [key, value] of Object.entries(doc.records)) {
    if (key.startsWith(prefix)) found.push([key, readRecord(value)]);
  }
  return found.sort(([a], [b]) => compareStrings(a, b));
}

/**
 * Erases a contributor (GDPR right to erasure): deletes every record of the pseudonym
 * and records a signed tombstone under the erasure digest (SHA-256 over the network id
 * and the pseudonym), so that every replica can verify who asked. Signed by an operator
 * key of the network (a legal request, or a registry erasing for its publisher), the
 * tombstone holds the digest and the operator's signature only; signed by the
 * pseudonym's own key, it must also name the pseudonym (the public key that verifies it),
 * which then stays in the network after {@link compact} (with no records). Records of an erased pseudonym never count
 * again — not in {@link listPatterns}, not in counts — even when a stale replica sends
 * them back later; erasing again deletes such returned records. The deleted records stay
 * in the document's history until {@link compact} starts a new epoch without them.
 *
 * @param doc - the replica (superseded by the result when something changed)
 * @param pseudonym - the contributor's pseudonym (its public key, 64 hex digits)
 * @param options - `signer`: the pseudonym's key pair or an operator's; see {@link EraseOptions}
 * @returns the replica without the pseudonym's records (the same document when there was nothing to do)
 * @throws `ValidationError` (from `@pollinate/core`) when `pseudonym` is not a signing
 *   pseudonym, or the signer is neither the pseudonym nor an operator of the network
 * @throws {@link InvalidDocumentError} when `doc` is not a network document
 * @example
 * ```ts
 * doc = eraseContributor(doc, keys.pseudonym, { signer: keys });
 * exportContributor(doc, keys.pseudonym); // { contributor: keys.pseudonym, erased: true, contributions: [] }
 * ```
 */
export function eraseContributor(doc: NetworkDoc, pseudonym: string, options: EraseOptions): NetworkDoc {
  const automerge = asAutomerge(doc);
  const contributor = parseWith(SigningPseudonymSchema, pseudonym, 'pseudonym');
  const signer = options?.signer;
  if (typeof signer !== 'object' || signer === null || !(signer.secretKey instanceof Uint8Array)) {
    throw new ValidationError([{ path: ['signer'], message: 'must be a key pair' }], 'options');
  }
  const { networkId } = readHeader(automerge);
  if (signer.pseudonym !== contributor && !readOperators(automerge).includes(signer.pseudonym)) {
    throw new ValidationError(
      [{ path: ['signer'], message: 'must be the pseudonym itself or an operator of the network' }],
      'options',
    );
  }
  const digest = erasureDigest(networkId, contributor);
  const keys = recordsOf(automerge, contributor).map(([key]) => key);
  const erased = Object.hasOwn(automerge.erasures, digest);
  if (keys.length === 0 && erased) return doc;
  // An operator's tombstone does not name the pseudonym; the pseudonym's own must (its
  // public key is what verifies the signature).
  const tombstone = tombstoneText({
    pseudonym: signer.pseudonym === contributor ? contributor : undefined,
    signer: signer.pseudonym,
    signature: signErasure(signer, networkId, digest),
  });
  return toNetworkDoc(
    write(() =>
      Automerge.change(automerge, { time: 0 }, (draft) => {
        for (const key of keys) delete draft.records[key];
        if (!erased) draft.erasures[digest] = new Automerge.ImmutableString(tombstone);
      }),
    ),
  );
}

/**
 * Exports everything the replica holds about a contributor (GDPR right of access and
 * data portability), as plain JSON-ready data.
 *
 * @param doc - the replica
 * @param pseudonym - the contributor's pseudonym
 * @returns `{ contributor, erased, contributions }`; see {@link ContributorExport}
 * @throws `ValidationError` (from `@pollinate/core`) when `pseudonym` is not a pseudonym
 * @throws {@link InvalidDocumentError} when `doc` is not a network document
 * @example
 * ```ts
 * const data = exportContributor(doc, 'k3J9x_pQ2vLm');
 * const response = Response.json(data); // { contributor, erased: false, contributions: [...] }
 * ```
 */
export function exportContributor(doc: NetworkDoc, pseudonym: string): ContributorExport {
  const automerge = asAutomerge(doc);
  const contributor = parseWith(PseudonymSchema, pseudonym, 'pseudonym');
  const digest = erasureDigest(readHeader(automerge).networkId, contributor);
  return {
    contributor,
    erased: Object.hasOwn(automerge.erasures, digest),
    contributions: recordsOf(automerge, contributor).map(([, contribution]) => contribution),
  };
}

/**
 * Whether a pseudonym has been erased from the network.
 *
 * @param doc - the replica
 * @param pseudonym - the pseudonym to check
 * @returns `true` when {@link eraseContributor} was applied to it on any replica this one has synced with
 * @throws `ValidationError` (from `@pollinate/core`) when `pseudonym` is not a pseudonym
 * @throws {@link InvalidDocumentError} when `doc` is not a network document
 * @example
 * ```ts
 * if (isContributorErased(doc, pseudonym)) console.log('this deployment opted out');
 * ```
 */
export function isContributorErased(doc: NetworkDoc, pseudonym: string): boolean {
  const automerge = asAutomerge(doc);
  const contributor = parseWith(PseudonymSchema, pseudonym, 'pseudonym');
  return Object.hasOwn(automerge.erasures, erasureDigest(readHeader(automerge).networkId, contributor));
}

/** Ids and texts of the records that count: those whose contributor is not erased. */
function survivingRecords(
  doc: Automerge.Doc<NetworkState>,
  networkId: string,
  erasures: ReadonlySet<string>,
): Map<string, string> {
  const digests = new Map<string, boolean>();
  const surviving = new Map<string, string>();
  for (const [id, value] of Object.entries(doc.records)) {
    const { contributor } = readRecord(value);
    let erased = digests.get(contributor);
    if (erased === undefined) {
      erased = erasures.has(erasureDigest(networkId, contributor));
      digests.set(contributor, erased);
    }
    if (!erased) surviving.set(id, value.val);
  }
  return surviving;
}

function nextEpoch(epoch: number): number {
  if (epoch >= MAX_EPOCH) {
    throw new ValidationError(
      [{ path: ['epoch'], message: 'the network has used every epoch number' }],
      'network',
    );
  }
  return epoch + 1;
}

/**
 * Starts a new epoch from the current state with no history: a new document (epoch + 1)
 * whose history is the new epoch's genesis and one change holding every surviving record
 * and every erasure digest. No erased record, and nothing deleted before, survives
 * anywhere in its history. Replicas on the old epoch refuse to sync with it
 * ({@link EpochMismatchError}) until they call {@link adoptEpoch}.
 *
 * @param doc - the replica to compact (left unchanged)
 * @param options - `actor` for the new document (default random); see {@link EpochOptions}
 * @returns a new replica on the next epoch
 * @throws `ValidationError` (from `@pollinate/core`) when an option is invalid, or
 *   the epoch is already 4,294,967,295
 * @throws {@link InvalidDocumentError} when `doc` is not a network document
 * @example
 * ```ts
 * const compacted = compact(eraseContributor(doc, keys.pseudonym, { signer: keys }));
 * networkInfo(compacted).epoch; // networkInfo(doc).epoch + 1
 * ```
 */
export function compact(doc: NetworkDoc, options: EpochOptions = {}): NetworkDoc {
  const automerge = asAutomerge(doc);
  const { actor } = parseWith(EpochOptionsSchema, options, 'compact options');
  const { networkId, epoch } = readHeader(automerge);
  const epochAfter = nextEpoch(epoch);
  const erasures = tombstonesOf(automerge);
  const records = survivingRecords(automerge, networkId, new Set(erasures.keys()));
  return toNetworkDoc(
    seedEpoch(networkId, epochAfter, readOperators(automerge), actor, records, erasures, []),
  );
}

/** The tombstones of a replica: erasure digest → tombstone text. */
function tombstonesOf(doc: Automerge.Doc<NetworkState>): Map<string, string> {
  return new Map(Object.entries(doc.erasures).map(([digest, value]) => [digest, value.val]));
}

function seedEpoch(
  networkId: string,
  epoch: number,
  operators: readonly string[],
  actor: string | undefined,
  records: ReadonlyMap<string, string>,
  erasures: ReadonlyMap<string, string>,
  deletions: readonly string[],
  base?: Automerge.Doc<NetworkState>,
): Automerge.Doc<NetworkState> {
  let doc: Automerge.Doc<NetworkState>;
  if (base === undefined) {
    const genesis = createGenesis(networkId, epoch, operators);
    doc = withActor(genesis, actor);
    Automerge.free(genesis);
  } else {
    doc = withActor(base, actor);
  }
  const newErasures = [...erasures].filter(([digest]) => !Object.hasOwn(doc.erasures, digest));
  if (records.size === 0 && newErasures.length === 0 && deletions.length === 0) return doc;
  return Automerge.change(doc, { time: 0 }, (draft) => {
    for (const id of deletions) delete draft.records[id];
    for (const [id, text] of records) draft.records[id] = new Automerge.ImmutableString(text);
    for (const [digest, text] of newErasures) draft.erasures[digest] = new Automerge.ImmutableString(text);
  });
}

/**
 * Moves a replica to a newer epoch made by {@link compact} (on this replica or another):
 * the result is a copy of `compacted` plus the local records it lacks that are not
 * erased, plus the local erasure digests it lacks (whose records it then drops). When
 * both are already on the same epoch this is {@link merge}.
 *
 * @param local - the replica on the older epoch (left unchanged unless the epochs are equal)
 * @param compacted - a replica of the same network on a newer epoch (left unchanged)
 * @param options - `actor` for the result (default random); see {@link EpochOptions}
 * @returns a replica on `compacted`'s epoch
 * @throws {@link NetworkMismatchError} when `compacted` belongs to another network
 * @throws {@link EpochMismatchError} when `compacted` is on an older epoch than `local`
 * @throws `ValidationError` (from `@pollinate/core`) when an option is invalid
 * @throws {@link InvalidDocumentError} when an argument is not a network document
 * @example
 * ```ts
 * try {
 *   ({ doc, syncState } = await syncWithPeer(doc, syncState, send));
 * } catch (error) {
 *   if (!isEpochMismatchError(error) || error.remoteEpoch < error.localEpoch) throw error;
 *   doc = adoptEpoch(doc, load(await downloadCompactedNetwork()));
 *   syncState = initSyncState();
 * }
 * ```
 */
export function adoptEpoch(local: NetworkDoc, compacted: NetworkDoc, options: EpochOptions = {}): NetworkDoc {
  const localDoc = asAutomerge(local);
  const newDoc = asAutomerge(compacted);
  const { actor } = parseWith(EpochOptionsSchema, options, 'adopt options');
  const localHeader = readHeader(localDoc);
  const newHeader = readHeader(newDoc);
  if (localHeader.networkId !== newHeader.networkId) {
    throw new NetworkMismatchError(
      `The compacted document belongs to network ${JSON.stringify(newHeader.networkId)}, not ${JSON.stringify(localHeader.networkId)}`,
    );
  }
  if (newHeader.epoch < localHeader.epoch) throw new EpochMismatchError(localHeader.epoch, newHeader.epoch);
  if (newHeader.epoch === localHeader.epoch) {
    assertSameEpoch(localHeader, newHeader);
    return toNetworkDoc(write(() => Automerge.merge(localDoc, newDoc)));
  }
  const { networkId, epoch } = newHeader;
  const erasures = new Map([...tombstonesOf(localDoc), ...tombstonesOf(newDoc)]);
  const erasedDigests = new Set(erasures.keys());
  const carried = new Map<string, string>();
  for (const [id, text] of survivingRecords(localDoc, networkId, erasedDigests)) {
    if (!Object.hasOwn(newDoc.records, id)) carried.set(id, text);
  }
  const survivingThere = survivingRecords(newDoc, networkId, erasedDigests);
  const deletions = Object.keys(newDoc.records).filter((id) => !survivingThere.has(id));
  return toNetworkDoc(
    seedEpoch(networkId, epoch, readOperators(newDoc), actor, carried, erasures, deletions, newDoc),
  );
}
