import * as Automerge from '@automerge/automerge';
import { erasureDigest, genesisActor } from './digests.js';
import { createGenesis, genesisObjectIds, type NetworkState, readHeader, readOperators } from './document.js';
import { SyncError } from './errors.js';
import { ownerOfKey, parseStoredRecord, parseTombstone, readStoredRecord } from './records.js';
import type { SignatureVerifier } from './signing.js';

type Op = Automerge.DecodedChange['ops'][number];

/** Options of {@link checkIncomingChanges}. */
export interface CheckChangesOptions {
  /**
   * The changes are the whole history of `held`, in causal order (loading): a record write
   * is compared with the revision written before it in that history rather than with the
   * held value; everything else is as for sync.
   */
  history?: boolean;
}

/**
 * Checks changes a replica is about to apply — from a sync message, a document to merge
 * or a document being loaded — against the network's rules, before anything is applied:
 *
 * - the genesis actor writes only the genesis change of this network, epoch and operators;
 * - every other operation writes into `records` or `erasures`, nothing else (no root
 *   fields, no nested objects, no counters);
 * - a record write is a valid contribution in canonical form under `<contributor>/<id>`,
 *   signed by the contributor's key, and (outside `history`) not older than the revision
 *   the replica holds under that key (a replayed superseded version);
 * - a tombstone is signed by the erased pseudonym or an operator the genesis names;
 * - a record deletion removes a record of a pseudonym that is erased (in `held`, or by a
 *   tombstone in the same changes); tombstones are never deleted.
 *
 * @param changes - raw Automerge changes (or self-contained document chunks)
 * @param held - the replica the changes would be applied to
 * @param verify - checks one Ed25519 signature
 * @param options - see {@link CheckChangesOptions}
 * @throws {@link SyncError} with reason `malformed` (undecodable), `forged` (unsigned or a
 *   signature that does not verify), `not-permitted` (deletes or rewrites a record it may
 *   not) or `invalid-change` (anything else outside the document schema)
 */
export function checkIncomingChanges(
  changes: readonly Uint8Array[],
  held: Automerge.Doc<NetworkState>,
  verify: SignatureVerifier,
  options: CheckChangesOptions = {},
): void {
  const { networkId, epoch } = readHeader(held);
  const operators = readOperators(held);
  const objects = genesisObjectIds(networkId, epoch);
  const genesis = genesisActor(networkId, epoch);
  let genesisHash: string | undefined;
  const decoded = changes.flatMap(decodeChunk);
  const others: Automerge.DecodedChange[] = [];
  for (const change of decoded) {
    if (change.actor !== genesis) {
      others.push(change);
      continue;
    }
    if (genesisHash === undefined) {
      const doc = createGenesis(networkId, epoch, operators);
      genesisHash = Automerge.getHeads(doc)[0];
      Automerge.free(doc);
    }
    if (change.hash !== genesisHash) {
      throw new SyncError(
        'invalid-change',
        'a change claims the genesis actor but is not the genesis change',
      );
    }
  }
  // Tombstones first: a change that erases a pseudonym deletes its records in the same change.
  const erasedHere = new Set<string>(); // erasure digests
  const fail = (
    change: Automerge.DecodedChange,
    reason: 'forged' | 'not-permitted' | 'invalid-change',
    problem: string,
  ) => new SyncError(reason, `change ${change.hash.slice(0, 12)} ${problem}`);
  for (const change of others) {
    for (const op of change.ops) {
      if (op.obj !== objects.erasures) continue;
      if (
        op.action !== 'set' ||
        typeof op.value !== 'string' ||
        (op.datatype !== undefined && op.datatype !== 'str')
      ) {
        throw fail(change, 'not-permitted', 'changes the erasures other than by adding a signed tombstone');
      }
      const checked = parseTombstone(op.key, op.value, { networkId, operators, verify });
      if (checked.problem !== undefined) {
        throw fail(
          change,
          /signature|signed by neither/.test(checked.problem) ? 'forged' : 'invalid-change',
          `writes tombstone ${JSON.stringify(op.key)} that ${checked.problem}`,
        );
      }
      erasedHere.add(op.key);
    }
  }
  const isErased = (pseudonym: string) => {
    const digest = erasureDigest(networkId, pseudonym);
    return erasedHere.has(digest) || Object.hasOwn(held.erasures, digest);
  };
  // The revision held under each key: the replica's, or (for a whole history, whose
  // changes come in causal order) the latest one written so far.
  const written = new Map<string, { revision: number; text: string }>();
  const heldRevision = (key: string) => {
    if (options.history === true) return written.get(key);
    const current = held.records[key];
    return current === undefined
      ? undefined
      : { revision: readStoredRecord(current).revision, text: current.val };
  };
  for (const change of others) {
    for (const op of change.ops) {
      if (op.obj === objects.erasures) continue;
      if (op.obj !== objects.records) {
        throw fail(change, 'invalid-change', 'writes outside the records and erasures');
      }
      const problem = checkRecordOp(op, networkId, verify, isErased, heldRevision);
      if (problem !== undefined) throw fail(change, problem.reason, problem.message);
      if (op.action === 'set' && typeof op.value === 'string') {
        written.set(op.key, { revision: readRevision(op.value), text: op.value });
      }
    }
  }
}

function readRevision(text: string): number {
  return (JSON.parse(text) as { revision: number }).revision;
}

function checkRecordOp(
  op: Op,
  networkId: string,
  verify: SignatureVerifier,
  isErased: (pseudonym: string) => boolean,
  heldRevision: (key: string) => { revision: number; text: string } | undefined,
): { reason: 'forged' | 'not-permitted' | 'invalid-change'; message: string } | undefined {
  const key = JSON.stringify(op.key);
  if (op.action === 'del') {
    const owner = ownerOfKey(op.key);
    if (owner !== undefined && isErased(owner)) return undefined;
    return { reason: 'not-permitted', message: `deletes record ${key} of a pseudonym that is not erased` };
  }
  if (
    op.action !== 'set' ||
    typeof op.value !== 'string' ||
    (op.datatype !== undefined && op.datatype !== 'str')
  ) {
    return {
      reason: 'invalid-change',
      message: `writes record ${key} as something other than an immutable string`,
    };
  }
  const checked = parseStoredRecord(op.key, op.value, { networkId, verify, requireCanonical: true });
  if (checked.problem !== undefined) {
    const reason = /unsigned|forged|signing pseudonym|another key/.test(checked.problem)
      ? 'forged'
      : 'invalid-change';
    return { reason, message: `writes record ${key} that ${checked.problem}` };
  }
  const current = heldRevision(op.key);
  if (
    current !== undefined &&
    (checked.record.revision < current.revision ||
      (checked.record.revision === current.revision && current.text !== op.value))
  ) {
    return {
      reason: 'not-permitted',
      message: `rewrites record ${key} with revision ${checked.record.revision}, not newer than the held revision ${current.revision}`,
    };
  }
  return undefined;
}

/**
 * Decodes one chunk of a sync message: a single change, or a self-contained document chunk
 * (read in a temporary document). Our peers never send document chunks; one that depends
 * on changes outside itself cannot be checked before it is applied, so it is refused.
 */
export function decodeChunk(bytes: Uint8Array): Automerge.DecodedChange[] {
  try {
    return [Automerge.decodeChange(bytes)];
  } catch {
    // Not a change chunk; try a document chunk below.
  }
  let document: Automerge.Doc<unknown> | undefined;
  try {
    document = Automerge.load<unknown>(bytes);
    return Automerge.getAllChanges(document).map((change) => Automerge.decodeChange(change));
  } catch (cause) {
    throw new SyncError('malformed', 'the sync message carries an undecodable change', { cause });
  } finally {
    if (document !== undefined) Automerge.free(document);
  }
}
