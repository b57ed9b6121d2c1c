import { ed25519 } from '@noble/curves/ed25519';
import { hkdf } from '@noble/hashes/hkdf';
import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils';
import { type Contribution, canonicalJson, ValidationError } from '@pollinate/core/model';

// Ed25519 (RFC 8032) signatures of the network's records and erasure tombstones, by
// `@noble/curves` (audited, pure JavaScript, runs in browsers). Every signed message is
// domain-separated: `pollinate/<purpose>/v1`, NUL, the network id, NUL, the payload, so a
// signature made for one network or purpose never verifies for another.

/**
 * A deployment's signing key pair for one network. The pseudonym is the public key in hex:
 * whoever holds the secret key is the only one who can write, rectify or erase records
 * under that pseudonym.
 */
export interface NetworkKeyPair {
  /** Ed25519 secret key (seed), 32 bytes. Keep it secret; it is never written to the network. */
  readonly secretKey: Uint8Array;
  /** Ed25519 public key, 32 bytes. */
  readonly publicKey: Uint8Array;
  /** The pseudonym the key signs for: the public key as 64 lower-case hex digits. */
  readonly pseudonym: string;
}

/**
 * Checks a signature: `true` when `signature` (64 bytes) is a valid Ed25519 signature of
 * `message` by `publicKey` (32 bytes). Every function that verifies accepts one, so a host
 * can plug in a native implementation (for example Node's `crypto.verify(null, …)`, about
 * ten times as fast as the pure JavaScript default).
 */
export type SignatureVerifier = (
  signature: Uint8Array,
  message: Uint8Array,
  publicKey: Uint8Array,
) => boolean;

/**
 * The default {@link SignatureVerifier}: `@noble/curves` Ed25519 (RFC 8032, strict
 * verification as in ZIP-215 is not required). Pure JavaScript, about 1 ms per signature.
 */
export const verifyEd25519: SignatureVerifier = (signature, message, publicKey) => {
  try {
    return ed25519.verify(signature, message, publicKey);
  } catch {
    return false;
  }
};

/** Options of the functions that check signatures ({@link load}, {@link merge}, the sync functions). */
export interface VerifyOptions {
  /**
   * How to check one Ed25519 signature.
   * @default {@link verifyEd25519} (`@noble/curves`)
   */
  verifySignature?: SignatureVerifier;
}

const PSEUDONYM_KEY = /^[0-9a-f]{64}$/;
const SIGNATURE_HEX = /^[0-9a-f]{128}$/;

function asSecret(secretKey: unknown): Uint8Array {
  if (!(secretKey instanceof Uint8Array) || secretKey.length !== 32) {
    throw new ValidationError([{ path: ['secretKey'], message: 'must be 32 bytes' }], 'signing key');
  }
  return secretKey;
}

/**
 * Makes the key pair of a 32-byte Ed25519 secret key. To create a new deployment key, pass
 * 32 bytes from a cryptographically secure random source (`crypto.getRandomValues`); keep
 * the secret key and use the same pair for every write to this network.
 *
 * @param secretKey - 32 random bytes (the Ed25519 seed)
 * @returns `{ secretKey, publicKey, pseudonym }` (frozen); see {@link NetworkKeyPair}
 * @throws `ValidationError` (from `@pollinate/core`) unless `secretKey` is 32 bytes
 * @example
 * ```ts
 * const keys = keyPairFromSecret(crypto.getRandomValues(new Uint8Array(32)));
 * doc = contribute(doc, { ...record, contributor: keys.pseudonym }, { consent: true, signer: keys });
 * ```
 */
export function keyPairFromSecret(secretKey: Uint8Array): NetworkKeyPair {
  const secret = asSecret(secretKey).slice();
  const publicKey = ed25519.getPublicKey(secret);
  return Object.freeze({ secretKey: secret, publicKey, pseudonym: bytesToHex(publicKey) });
}

/**
 * Derives a key pair from a long secret and a context with HKDF-SHA256 (RFC 5869): the
 * same secret and context always give the same keys, different contexts unrelated keys.
 * A registry uses it for custodial keys, one per publisher and network, from one secret
 * it is configured with.
 *
 * @param secret - at least 32 bytes of secret key material
 * @param context - what the key is for, for example `network-id/publisher`
 * @returns the key pair; see {@link NetworkKeyPair}
 * @throws `ValidationError` (from `@pollinate/core`) when `secret` is shorter than 32 bytes
 * @example
 * ```ts
 * // One secret the registry is configured with (here 32 random bytes), one key pair per network and publisher:
 * const registrySecret = crypto.getRandomValues(new Uint8Array(32));
 * const acme = deriveKeyPair(registrySecret, 'acme-migrations/acme');
 * deriveKeyPair(registrySecret, 'acme-migrations/acme').pseudonym === acme.pseudonym; // true: same secret, same context
 * deriveKeyPair(registrySecret, 'acme-migrations/globex').pseudonym === acme.pseudonym; // false
 * ```
 */
export function deriveKeyPair(secret: Uint8Array, context: string): NetworkKeyPair {
  if (!(secret instanceof Uint8Array) || secret.length < 32) {
    throw new ValidationError([{ path: ['secret'], message: 'must be at least 32 bytes' }], 'key secret');
  }
  const seed = hkdf(sha256, secret, utf8ToBytes('pollinate/network-key/v1'), utf8ToBytes(context), 32);
  return keyPairFromSecret(seed);
}

/**
 * The pseudonym of a public key: its 64 lower-case hex digits.
 *
 * @param publicKey - an Ed25519 public key, 32 bytes
 * @returns the pseudonym
 * @throws `ValidationError` (from `@pollinate/core`) unless `publicKey` is 32 bytes
 * @example
 * ```ts
 * pseudonymOf(keys.publicKey) === keys.pseudonym; // true
 * ```
 */
export function pseudonymOf(publicKey: Uint8Array): string {
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== 32) {
    throw new ValidationError([{ path: ['publicKey'], message: 'must be 32 bytes' }], 'public key');
  }
  return bytesToHex(publicKey);
}

/**
 * Whether a pseudonym is a signing pseudonym (a public key in hex) that records can be
 * verified against.
 *
 * @param pseudonym - any string
 * @returns `true` for 64 lower-case hex digits
 * @example
 * ```ts
 * isSigningPseudonym(keys.pseudonym); // true
 * isSigningPseudonym('k3J9x_pQ2vLm'); // false: an unsigned (salted) pseudonym of the old format
 * ```
 */
export function isSigningPseudonym(pseudonym: string): boolean {
  return PSEUDONYM_KEY.test(pseudonym);
}

function message(purpose: string, networkId: string, payload: string): Uint8Array {
  return utf8ToBytes(`pollinate/${purpose}/v1\u0000${networkId}\u0000${payload}`);
}

const SHARD_SUFFIX = /^(.+):shard:\d+:\d+$/;

/**
 * The network id records are signed for: the id itself, or for a shard of a sharded
 * network (id `<network>:shard:<index>:<count>`, see {@link createShardedNetwork}) the
 * network's id, so a record's signature does not depend on the shard it lands in.
 */
export function signingNetworkId(networkId: string): string {
  return SHARD_SUFFIX.exec(networkId)?.[1] ?? networkId;
}

/**
 * The exact bytes a record's Ed25519 signature covers: `pollinate/record/v1`, NUL, the
 * network id, NUL, the RFC 8785 canonical JSON of `{contribution, revision}`. For signing
 * records outside this package (an HSM, a native signer); see {@link importRecords}.
 *
 * @param networkId - the network (for a shard: its network's id; both give the same bytes)
 * @param contribution - a valid contribution
 * @param revision - 0 for a first contribution, +1 per rectification
 * @returns the message to sign
 * @example
 * ```ts
 * import { generateKeyPairSync, sign } from 'node:crypto';
 *
 * // A key held outside this package: here Node's native Ed25519 (an HSM works the same way).
 * const { privateKey, publicKey } = generateKeyPairSync('ed25519');
 * const contributor = pseudonymOf(Buffer.from(publicKey.export({ format: 'jwk' }).x ?? '', 'base64url'));
 * const record = { ...contribution, id: 'm-hsm-0001', contributor };
 * const signature = sign(null, recordSigningMessage(networkInfo(doc).networkId, record, 0), privateKey);
 * doc = importRecords(doc, [{ contribution: record, revision: 0, signature: signature.toString('hex') }]);
 * ```
 */
export function recordSigningMessage(
  networkId: string,
  contribution: Contribution,
  revision: number,
): Uint8Array {
  return message('record', signingNetworkId(networkId), recordPayload(contribution, revision));
}

/** What a record's signature covers: the contribution and its revision, as canonical JSON. */
export function recordPayload(contribution: Contribution, revision: number): string {
  return canonicalJson({ contribution, revision });
}

/** Signs a record (revision 0: the contribution; ≥ 1: a rectification); returns the signature in hex. */
export function signRecord(
  keys: NetworkKeyPair,
  networkId: string,
  contribution: Contribution,
  revision: number,
): string {
  return bytesToHex(ed25519.sign(recordSigningMessage(networkId, contribution, revision), keys.secretKey));
}

/** Whether `signature` (hex) is the contributor's signature of the record. */
export function verifyRecordSignature(
  verify: SignatureVerifier,
  networkId: string,
  contribution: Contribution,
  revision: number,
  signature: string,
): boolean {
  if (!isSigningPseudonym(contribution.contributor) || !SIGNATURE_HEX.test(signature)) return false;
  return verify(
    hexToBytes(signature),
    recordSigningMessage(networkId, contribution, revision),
    hexToBytes(contribution.contributor),
  );
}

/**
 * Signs the erasure tombstone of the pseudonym whose erasure digest is `digest` (by the
 * pseudonym's own key or an operator key); returns hex. The signature covers the digest,
 * so an operator's tombstone need not name the pseudonym.
 */
export function signErasure(keys: NetworkKeyPair, networkId: string, digest: string): string {
  return bytesToHex(ed25519.sign(message('erasure', networkId, digest), keys.secretKey));
}

/** Whether `signature` (hex) by `signer` (a public key in hex) signs the tombstone of `digest`. */
export function verifyErasureSignature(
  verify: SignatureVerifier,
  networkId: string,
  digest: string,
  signer: string,
  signature: string,
): boolean {
  if (!isSigningPseudonym(signer) || !SIGNATURE_HEX.test(signature)) return false;
  return verify(hexToBytes(signature), message('erasure', networkId, digest), hexToBytes(signer));
}
