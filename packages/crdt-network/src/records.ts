import * as Automerge from '@automerge/automerge';
import { isSafeKey } from '@pollinate/core/helpers';
import { type Contribution, ContributionSchema, canonicalJson } from '@pollinate/core/model';
import { z } from 'zod';
import { erasureDigest, isErasureDigest } from './digests.js';
import {
  isSigningPseudonym,
  type SignatureVerifier,
  verifyErasureSignature,
  verifyRecordSignature,
} from './signing.js';

/**
 * A record as stored under its key: the contribution, its revision (0 when first
 * contributed, one more with every rectification) and the contributor's Ed25519 signature
 * of both (hex).
 */
export interface StoredRecord {
  contribution: Contribution;
  revision: number;
  signature: string;
}

/**
 * An erasure tombstone as stored under the erasure digest: who signed (a public key in
 * hex) and the signature of the digest (hex). A tombstone the pseudonym signs itself names
 * the pseudonym (the key that verifies it); an operator's tombstone does not.
 */
export interface StoredTombstone {
  pseudonym?: string | undefined;
  signer: string;
  signature: string;
}

/** The outcome of checking one stored record: the record, or what is wrong. */
export type StoredRecordCheck = { record: StoredRecord; problem?: undefined } | { problem: string };

const SignatureSchema = z.string().regex(/^[0-9a-f]{128}$/, 'must be 64 bytes of hex');
const StoredRecordSchema = z.strictObject({
  contribution: ContributionSchema,
  revision: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  signature: SignatureSchema,
});
const PseudonymKeySchema = z.string().regex(/^[0-9a-f]{64}$/);
const StoredTombstoneSchema = z.strictObject({
  pseudonym: PseudonymKeySchema.optional(),
  signer: PseudonymKeySchema,
  signature: SignatureSchema,
});

/**
 * The key a record is stored under: `<contributor>/<id>`. The key names its owner, so a
 * replica can tell who may write, rectify or delete it without reading the value, and
 * one pseudonym can never write into another's records.
 */
export function recordKey(contribution: Pick<Contribution, 'contributor' | 'id'>): string {
  return `${contribution.contributor}/${contribution.id}`;
}

/** The pseudonym that owns a record key (the part before `/`), or `undefined` when the key has no owner. */
export function ownerOfKey(key: string): string | undefined {
  const slash = key.indexOf('/');
  if (slash <= 0) return undefined;
  const owner = key.slice(0, slash);
  return isSigningPseudonym(owner) ? owner : undefined;
}

/**
 * The text a record is stored as: RFC 8785 canonical JSON of `{contribution, revision,
 * signature}`, so the same record is stored byte-identically by every replica.
 */
export function recordText(record: StoredRecord): string {
  return canonicalJson(record);
}

/** The text a tombstone is stored as: RFC 8785 canonical JSON of `{pseudonym, signer, signature}`. */
export function tombstoneText(tombstone: StoredTombstone): string {
  const { pseudonym, ...rest } = tombstone;
  return canonicalJson(pseudonym === undefined ? rest : tombstone);
}

/** What {@link parseStoredRecord} checks against. */
export interface RecordCheckContext {
  networkId: string;
  /** Verify the signature with this; skip the signature when `undefined` (own storage). */
  verify: SignatureVerifier | undefined;
  /** Require canonical form (every record from outside). */
  requireCanonical: boolean;
}

/**
 * Checks a record as it is (or would be) stored under `key`: an immutable string (or the
 * plain string of a decoded change) holding the canonical JSON of a record whose
 * contribution is valid, whose key is `<contributor>/<id>`, and whose signature is the
 * contributor's.
 */
export function parseStoredRecord(
  key: string,
  value: unknown,
  context: RecordCheckContext,
): StoredRecordCheck {
  const text = Automerge.isImmutableString(value) ? value.val : value;
  if (typeof text !== 'string') return { problem: 'is not a string' };
  if (!isSafeKey(key)) return { problem: 'has a reserved key' };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { problem: 'is not JSON' };
  }
  if (typeof json !== 'object' || json === null || !('signature' in json)) return { problem: 'is unsigned' };
  const parsed = StoredRecordSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { problem: `is not a valid signed record (${issue?.path.join('.')}: ${issue?.message})` };
  }
  const record = parsed.data;
  if (!isSigningPseudonym(record.contribution.contributor)) {
    return { problem: 'names a contributor that is not a signing pseudonym (an Ed25519 public key)' };
  }
  if (recordKey(record.contribution) !== key) return { problem: 'is stored under another key' };
  if (context.requireCanonical && recordText(record) !== text) return { problem: 'is not in canonical form' };
  if (
    context.verify !== undefined &&
    !verifyRecordSignature(
      context.verify,
      context.networkId,
      record.contribution,
      record.revision,
      record.signature,
    )
  ) {
    return { problem: 'has a forged signature (not the contributor’s)' };
  }
  return { record };
}

/** What {@link parseTombstone} checks against. */
export interface TombstoneCheckContext {
  networkId: string;
  /** Operator pseudonyms (public keys in hex) named in the network's genesis. */
  operators: readonly string[];
  /** Verify the signature with this; skip it when `undefined` (own storage). */
  verify: SignatureVerifier | undefined;
}

/**
 * Checks an erasure tombstone stored under `digest`: signed by an operator of the network,
 * or by the pseudonym it names whose erasure digest is `digest`; the signature of the
 * digest is the signer's.
 */
export function parseTombstone(
  digest: string,
  value: unknown,
  context: TombstoneCheckContext,
): { tombstone: StoredTombstone; problem?: undefined } | { problem: string } {
  const text = Automerge.isImmutableString(value) ? value.val : value;
  if (typeof text !== 'string') return { problem: 'is not a signed tombstone' };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { problem: 'is not JSON' };
  }
  const parsed = StoredTombstoneSchema.safeParse(json);
  if (!parsed.success) return { problem: 'is not a signed tombstone' };
  const tombstone = parsed.data;
  if (tombstoneText(tombstone) !== text) return { problem: 'is not in canonical form' };
  if (!isErasureDigest(digest)) return { problem: 'is not stored under an erasure digest' };
  if (tombstone.pseudonym !== undefined && erasureDigest(context.networkId, tombstone.pseudonym) !== digest) {
    return { problem: 'is stored under another digest' };
  }
  if (tombstone.signer !== tombstone.pseudonym && !context.operators.includes(tombstone.signer)) {
    return { problem: 'is signed by neither the pseudonym nor an operator of the network' };
  }
  if (
    context.verify !== undefined &&
    !verifyErasureSignature(context.verify, context.networkId, digest, tombstone.signer, tombstone.signature)
  ) {
    return { problem: 'has a forged signature' };
  }
  return { tombstone };
}

/** Reads a record known to be valid (validated when it entered the replica). */
export function readRecord(value: Automerge.ImmutableString): Contribution {
  return (JSON.parse(value.val) as StoredRecord).contribution;
}

/** Reads a record's revision and contribution, known to be valid. */
export function readStoredRecord(value: Automerge.ImmutableString): StoredRecord {
  return JSON.parse(value.val) as StoredRecord;
}
