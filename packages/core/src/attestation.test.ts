import { ed25519 } from '@noble/curves/ed25519';
import { bytesToHex } from '@noble/hashes/utils';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AttestationInput,
  attestationPublicKey,
  attestationSigningBytes,
  signAttestation,
  verifyAttestation,
} from './attestation.js';
import { PollinateError, ValidationError } from './errors.js';

// RFC 8032 §7.1, test 1: a published key pair, so the test does not make a key of its own.
const RFC_SECRET = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60';
const RFC_PUBLIC = 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a';
const OTHER_SECRET = '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb'; // RFC 8032 test 2

const attestation: AttestationInput = {
  patternId: 'acme/retry',
  version: '1.2.0',
  auditor: 'alice',
  evidence: { securityScan: true, comprehensiveTests: true, testCoverage: 87.5 },
  statement: 'Ran the suite and an OSV scan on the published files.',
  issuedAt: '2026-12-04T20:00:00Z',
};

describe('attestations', () => {
  it('derives the RFC 8032 public key and signs deterministically', () => {
    expect(attestationPublicKey(RFC_SECRET)).toBe(RFC_PUBLIC);
    const signed = signAttestation(attestation, RFC_SECRET);
    expect(signed).toMatchObject({ algorithm: 'Ed25519', publicKey: RFC_PUBLIC });
    expect(signAttestation(attestation, RFC_SECRET).signature).toBe(signed.signature);
    // The signature is plain Ed25519 over the documented bytes: any Ed25519 library verifies it.
    const message = attestationSigningBytes(attestation);
    expect(new TextDecoder().decode(message).startsWith('pollinate-attestation-v1\n{"auditor":"alice"')).toBe(
      true,
    );
    expect(ed25519.verify(signed.signature, message, RFC_PUBLIC)).toBe(true);
  });

  it('verifies offline, after a JSON round trip and in any key order', () => {
    const signed = signAttestation(attestation, RFC_SECRET);
    const wire = JSON.parse(JSON.stringify(signed));
    const reordered = {
      ...wire,
      attestation: Object.fromEntries(Object.entries(wire.attestation).reverse()),
    };
    expect(verifyAttestation(reordered, RFC_PUBLIC)).toEqual({
      valid: true,
      attestation: signed.attestation,
    });
  });

  it('refuses another key, a malformed attestation and bad keys', () => {
    const signed = signAttestation(attestation, RFC_SECRET);
    expect(verifyAttestation(signed, attestationPublicKey(OTHER_SECRET))).toMatchObject({
      valid: false,
      reason: 'wrong-key',
    });
    // A forger re-signs with its own key and swaps the embedded public key: still refused.
    const forged = signAttestation({ ...attestation, evidence: { benchmarks: true } }, OTHER_SECRET);
    expect(verifyAttestation({ ...forged, publicKey: RFC_PUBLIC }, RFC_PUBLIC)).toMatchObject({
      valid: false,
      reason: 'bad-signature',
    });
    expect(verifyAttestation({ ...signed, extra: 1 }, RFC_PUBLIC)).toMatchObject({ reason: 'malformed' });
    expect(verifyAttestation('nope', RFC_PUBLIC)).toMatchObject({ reason: 'malformed' });
    expect(() => verifyAttestation(signed, 'short')).toThrow(PollinateError);
    expect(() => signAttestation(attestation, new Uint8Array(31))).toThrow(PollinateError);
    expect(() => signAttestation({ ...attestation, evidence: {} }, RFC_SECRET)).toThrow(ValidationError);
    expect(() => signAttestation({ ...attestation, version: 'latest' }, RFC_SECRET)).toThrow(ValidationError);
  });

  it('property: any change to the signed content or the signature fails verification', () => {
    const signed = signAttestation(attestation, RFC_SECRET);
    const changes = fc.oneof(
      fc.record({ field: fc.constant('auditor'), value: fc.string({ minLength: 1, maxLength: 20 }) }),
      fc.record({ field: fc.constant('version'), value: fc.constantFrom('1.2.1', '2.0.0', '1.2.0-rc.1') }),
      fc.record({ field: fc.constant('statement'), value: fc.string({ maxLength: 40 }) }),
      fc.record({
        field: fc.constant('evidence'),
        value: fc.record({
          benchmarks: fc.boolean(),
          testCoverage: fc.double({ min: 0, max: 100, noNaN: true }),
        }),
      }),
    );
    fc.assert(
      fc.property(
        changes,
        fc.nat(127),
        fc.integer({ min: 1, max: 15 }),
        ({ field, value }, position, flip) => {
          const changed = { ...signed, attestation: { ...signed.attestation, [field]: value } };
          if (JSON.stringify(changed.attestation) !== JSON.stringify(signed.attestation))
            expect(verifyAttestation(changed, RFC_PUBLIC).valid).toBe(false);
          const digits = signed.signature.split('');
          digits[position] = (Number.parseInt(digits[position]!, 16) ^ flip).toString(16);
          expect(verifyAttestation({ ...signed, signature: digits.join('') }, RFC_PUBLIC).valid).toBe(false);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('accepts a key as bytes or hex', () => {
    const secret = Uint8Array.from(Buffer.from(RFC_SECRET, 'hex'));
    const signed = signAttestation(attestation, secret);
    expect(verifyAttestation(signed, ed25519.getPublicKey(secret)).valid).toBe(true);
    expect(bytesToHex(ed25519.getPublicKey(secret))).toBe(RFC_PUBLIC);
  });
});
