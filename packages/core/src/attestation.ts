import { ed25519 } from '@noble/curves/ed25519';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils';
import * as z from 'zod/mini';
import { PollinateError } from './errors.js';
import { canonicalJson } from './fingerprint.js';
import { FingerprintSchema, IsoDateTimeSchema, PatternIdSchema, SemverSchema } from './identifiers.js';
import { parseWith } from './parse.js';

/**
 * What an auditor can attest about one published version: the certification evidence it
 * verified (tests, benchmarks, security, …; `true` verified, `false` checked and not met)
 * and, optionally, the test coverage it measured (percent 0–100). At least one field.
 */
export const AttestedEvidenceSchema = z
  .strictObject({
    basicTests: z.optional(z.boolean()),
    documentation: z.optional(z.boolean()),
    comprehensiveTests: z.optional(z.boolean()),
    benchmarks: z.optional(z.boolean()),
    securityScan: z.optional(z.boolean()),
    productionProven: z.optional(z.boolean()),
    testCoverage: z.optional(z.number().check(z.gte(0), z.lte(100))),
  })
  .check(
    z.refine((evidence) => Object.values(evidence).some((value) => value !== undefined), {
      message: 'an attestation attests at least one piece of evidence',
    }),
  );

/**
 * An audit of one published version by an auditor (a registry token holder with the
 * auditor role), as the registry records and signs it.
 *
 * @example
 * ```ts
 * AttestationSchema.parse({
 *   patternId: 'acme/retry',
 *   version: '1.2.0',
 *   auditor: 'alice',
 *   evidence: { securityScan: true, comprehensiveTests: true, testCoverage: 87.5 },
 *   statement: 'Ran the suite and osv-scanner on the published files.',
 *   issuedAt: '2026-12-04T20:00:00Z',
 * });
 * ```
 */
export const AttestationSchema = z.strictObject({
  patternId: PatternIdSchema,
  version: SemverSchema,
  /** The auditor's id (the name of its token), 1–200 characters. */
  auditor: z.string().check(z.minLength(1), z.maxLength(200)),
  evidence: AttestedEvidenceSchema,
  /** What was done, in the auditor's words (≤ 2,000 characters). */
  statement: z._default(z.string().check(z.maxLength(2000)), ''),
  /** The published package's content fingerprint, binding the attestation to exactly that content. */
  fingerprint: z.optional(FingerprintSchema),
  issuedAt: IsoDateTimeSchema,
});
/** An attestation (defaults filled in). */
export type Attestation = z.infer<typeof AttestationSchema>;
/** What {@link AttestationSchema} accepts. */
export type AttestationInput = z.input<typeof AttestationSchema>;

/**
 * An attestation with the registry's Ed25519 signature (RFC 8032) over
 * {@link attestationSigningBytes}: `publicKey` and `signature` in lowercase hex (32 and 64
 * bytes).
 */
export const SignedAttestationSchema = z.strictObject({
  attestation: AttestationSchema,
  algorithm: z.literal('Ed25519'),
  publicKey: z
    .string()
    .check(z.regex(/^[0-9a-f]{64}$/, 'must be a 32-byte Ed25519 public key in lowercase hex')),
  signature: z
    .string()
    .check(z.regex(/^[0-9a-f]{128}$/, 'must be a 64-byte Ed25519 signature in lowercase hex')),
});
/** A signed attestation. */
export type SignedAttestation = z.infer<typeof SignedAttestationSchema>;

/** The domain prefix of signed attestation bytes, so a signature cannot be replayed as another kind of message. */
const DOMAIN = 'pollinate-attestation-v1\n';

/**
 * The bytes an attestation signature covers: `pollinate-attestation-v1\n` followed by the
 * RFC 8785 canonical JSON of the parsed attestation (UTF-8), so any key order or
 * formatting signs and verifies the same.
 *
 * @param attestation - an attestation ({@link AttestationSchema})
 * @returns the UTF-8 bytes to sign
 * @throws {@link ValidationError} when `attestation` is not valid
 * @example
 * ```ts
 * const attestation = {
 *   patternId: 'acme/retry',
 *   version: '1.2.0',
 *   auditor: 'alice',
 *   evidence: { securityScan: true },
 *   issuedAt: '2026-12-04T20:00:00Z',
 * };
 * const bytes = attestationSigningBytes(attestation);
 * new TextDecoder().decode(bytes).startsWith('pollinate-attestation-v1\n'); // true
 * ```
 */
export function attestationSigningBytes(attestation: AttestationInput): Uint8Array {
  const parsed = parseWith(AttestationSchema, attestation, 'attestation');
  return utf8ToBytes(DOMAIN + canonicalJson(parsed));
}

function keyBytes(key: Uint8Array | string, what: string): Uint8Array {
  if (key instanceof Uint8Array && key.length === 32) return key;
  if (typeof key === 'string' && /^[0-9a-fA-F]{64}$/.test(key)) return hexToBytes(key.toLowerCase());
  throw new PollinateError('E_BAD_KEY', `${what} must be 32 bytes (a Uint8Array or 64 hex characters)`);
}

/**
 * The Ed25519 public key (lowercase hex) of a 32-byte private key (the seed, RFC 8032).
 *
 * @param privateKey - 32 bytes, or 64 hex characters
 * @returns 64 lowercase hex characters
 * @throws {@link PollinateError} `E_BAD_KEY` when the key is not 32 bytes
 * @example
 * ```ts
 * attestationPublicKey('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60');
 * // 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a' (RFC 8032 test 1)
 * ```
 */
export function attestationPublicKey(privateKey: Uint8Array | string): string {
  return bytesToHex(ed25519.getPublicKey(keyBytes(privateKey, 'private key')));
}

/**
 * Signs an attestation with the registry's Ed25519 private key. The key is the caller's
 * (configuration, never made here): Ed25519 signing is deterministic, so the same
 * attestation and key always give the same signature.
 *
 * @param attestation - an attestation ({@link AttestationSchema}); defaults are filled in
 * @param privateKey - the registry's 32-byte private key (a Uint8Array or 64 hex characters)
 * @returns the {@link SignedAttestation}
 * @throws {@link ValidationError} when `attestation` is not valid; {@link PollinateError} `E_BAD_KEY` for a bad key
 * @example
 * ```ts
 * // The registry's private key comes from its configuration; 32 bytes here for the example.
 * const registryKey = new Uint8Array(32).fill(42);
 * const attestation = {
 *   patternId: 'acme/retry',
 *   version: '1.2.0',
 *   auditor: 'alice',
 *   evidence: { securityScan: true },
 *   issuedAt: '2026-12-04T20:00:00Z',
 * };
 * const signed = signAttestation(attestation, registryKey);
 * verifyAttestation(signed, attestationPublicKey(registryKey)).valid; // true
 * ```
 */
export function signAttestation(
  attestation: AttestationInput,
  privateKey: Uint8Array | string,
): SignedAttestation {
  const secret = keyBytes(privateKey, 'private key');
  const parsed = parseWith(AttestationSchema, attestation, 'attestation');
  const signature = ed25519.sign(attestationSigningBytes(parsed), secret);
  return {
    attestation: parsed,
    algorithm: 'Ed25519',
    publicKey: bytesToHex(ed25519.getPublicKey(secret)),
    signature: bytesToHex(signature),
  };
}

/** What {@link verifyAttestation} returns. */
export type AttestationVerification =
  | { valid: true; attestation: Attestation }
  | { valid: false; reason: 'malformed' | 'wrong-key' | 'bad-signature'; message: string };

/**
 * Verifies a signed attestation offline against the registry's public key (obtained out of
 * band: configuration, the registry's documentation, a pinned value). Never throws for
 * bad input: a malformed attestation, a signature by another key, or any change to the
 * signed content gives `valid: false` with the reason. The key embedded in `signed` is
 * only compared with `publicKey`, never trusted on its own.
 *
 * @param signed - a {@link SignedAttestation}, e.g. from the registry's JSON
 * @param publicKey - the registry's Ed25519 public key: 32 bytes or 64 hex characters
 * @returns `{ valid: true, attestation }` or `{ valid: false, reason, message }`
 * @throws {@link PollinateError} `E_BAD_KEY` only when `publicKey` itself is not 32 bytes
 * @example
 * ```ts
 * const registryKey = new Uint8Array(32).fill(42); // the registry's, from its configuration
 * const signed = signAttestation(
 *   { patternId: 'acme/retry', version: '1.2.0', auditor: 'alice', evidence: { benchmarks: true }, issuedAt: '2026-12-04T20:00:00Z' },
 *   registryKey,
 * );
 * // A client pins the registry's public key and checks what the registry served, offline:
 * const served: unknown = JSON.parse(JSON.stringify(signed));
 * const result = verifyAttestation(served, attestationPublicKey(registryKey));
 * if (result.valid) console.log(result.attestation.evidence); // { benchmarks: true }
 * ```
 */
export function verifyAttestation(signed: unknown, publicKey: Uint8Array | string): AttestationVerification {
  const expected = bytesToHex(keyBytes(publicKey, 'public key'));
  const parsed = SignedAttestationSchema.safeParse(signed);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      valid: false,
      reason: 'malformed',
      message: `${issue?.path.join('.') || 'attestation'}: ${issue?.message ?? 'invalid'}`,
    };
  }
  if (parsed.data.publicKey !== expected)
    return {
      valid: false,
      reason: 'wrong-key',
      message: 'signed by another key than the registry key given',
    };
  let ok = false;
  try {
    ok = ed25519.verify(
      hexToBytes(parsed.data.signature),
      attestationSigningBytes(parsed.data.attestation),
      hexToBytes(expected),
    );
  } catch {
    ok = false;
  }
  return ok
    ? { valid: true, attestation: parsed.data.attestation }
    : { valid: false, reason: 'bad-signature', message: 'the signature does not match the attestation' };
}
