import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';

// Domain-separated SHA-256 (FIPS 180-4) digests used by the network document. Each
// purpose has its own prefix so a digest made for one purpose never equals one made for
// another; fields are separated by NUL, which none of the inputs may contain.

function digest(purpose: string, ...fields: (string | number)[]): Uint8Array {
  return sha256(utf8ToBytes(`pollinate/${purpose}/v1\u0000${fields.join('\u0000')}`));
}

/** Number of bytes of the network digest carried in every sync envelope. */
export const NETWORK_TAG_LENGTH = 4;

/**
 * The first {@link NETWORK_TAG_LENGTH} bytes of SHA-256 over the network id: identifies
 * the network in sync envelopes without revealing the id itself.
 */
export function networkTag(networkId: string): Uint8Array {
  return digest('network', networkId).subarray(0, NETWORK_TAG_LENGTH);
}

/**
 * The Automerge actor id (32 hex digits) that writes the genesis change of one epoch of
 * one network. Every replica derives the same actor, so every replica creates the same
 * genesis change (same hash) and independently created replicas merge losslessly.
 */
export function genesisActor(networkId: string, epoch: number): string {
  return bytesToHex(digest('genesis', networkId, epoch).subarray(0, 16));
}

/**
 * The erasure digest of a pseudonym: 64 hex digits of SHA-256 over the network id and the
 * pseudonym. One-way: the document records this, never the pseudonym.
 */
export function erasureDigest(networkId: string, pseudonym: string): string {
  return bytesToHex(digest('erasure', networkId, pseudonym));
}

/** Whether `value` has the form of an erasure digest (64 lower-case hex digits). */
/** Bytes of the body checksum carried in every sync envelope. */
export const CHECKSUM_LENGTH = 4;

/** The first {@link CHECKSUM_LENGTH} bytes of SHA-256 over `bytes`: detects truncated or damaged messages. */
export function checksum(bytes: Uint8Array): Uint8Array {
  return sha256(bytes).subarray(0, CHECKSUM_LENGTH);
}

/**
 * Whether `value` has the form of an erasure record key: 64 lower-case hex digits (a
 * SHA-256 digest). Used to reject documents and sync changes whose erasure keys could carry
 * anything else, such as a raw pseudonym.
 *
 * @param value - a key read from the document or from a change in a sync message
 * @returns `true` for a 64-character lower-case hex string
 * @example
 * ```ts
 * isErasureDigest('a'.repeat(64)); // true
 * isErasureDigest('pseudonym-123'); // false
 * ```
 */
export function isErasureDigest(value: string): boolean {
  return /^[0-9a-f]{64}$/.test(value);
}
