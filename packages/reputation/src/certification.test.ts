import { signAttestation, ValidationError, verifyAttestation } from '@pollinate/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  attestedEvidence,
  CERTIFICATION_REQUIREMENTS,
  type CertificationEvidence,
  type CertificationFlag,
  certify,
  EVIDENCE_SOURCES,
  VERIFIED_REQUIREMENTS,
} from './certification.js';

const registry = { value: true, source: 'registry' } as const;
const auditor = { value: true, source: 'auditor', by: 'alice' } as const;
/** Everything gold needs, tests and security measured by the registry, benchmarks audited. */
const all = {
  basicTests: true,
  documentation: true,
  comprehensiveTests: registry,
  benchmarks: auditor,
  securityScan: registry,
  productionProven: registry,
  slaGuarantee: true,
  dedicatedSupport: true,
} satisfies CertificationEvidence;

describe('certify', () => {
  it('awards nothing without evidence and says what bronze needs', () => {
    expect(certify({})).toEqual({
      level: null,
      nextLevel: 'bronze',
      missing: ['basicTests', 'documentation'],
      cappedBy: [],
      selfAsserted: [],
      needsVerification: [],
      sources: {},
    });
  });

  it('awards each level when its requirements are met', () => {
    expect(certify({ basicTests: true, documentation: true }).level).toBe('bronze');
    const silver = certify({
      basicTests: true,
      documentation: true,
      comprehensiveTests: registry,
      benchmarks: auditor,
      securityScan: registry,
    });
    expect(silver.level).toBe('silver');
    expect(silver.selfAsserted).toEqual(['basicTests', 'documentation']);
    expect(certify(all)).toMatchObject({ level: 'gold', nextLevel: null, missing: [], cappedBy: [] });
  });

  it('self-asserted tests, benchmarks and security cannot buy silver or gold', () => {
    // The publisher's word for everything, bare booleans or stated as `self`.
    const selfAll = { ...all, comprehensiveTests: true, benchmarks: true, securityScan: true };
    expect(certify(selfAll)).toMatchObject({
      level: 'bronze',
      nextLevel: 'silver',
      missing: ['comprehensiveTests', 'benchmarks', 'securityScan'],
      needsVerification: ['comprehensiveTests', 'benchmarks', 'securityScan'],
    });
    for (const requirement of VERIFIED_REQUIREMENTS) {
      const result = certify({ ...all, [requirement]: { value: true, source: 'self' } });
      expect(result.level, requirement).toBe('bronze');
      expect(result.needsVerification).toEqual([requirement]);
      expect(result.sources[requirement]).toBe('self');
    }
  });

  it('nests levels: gold extras without a security scan stay bronze', () => {
    const result = certify({ ...all, securityScan: false });
    expect(result).toMatchObject({ level: 'bronze', nextLevel: 'silver', missing: ['securityScan'] });
    expect(certify({ ...all, securityScan: { value: false, source: 'auditor' } }).level).toBe('bronze');
  });

  it('caps at bronze on a critical security finding or fraud flag', () => {
    expect(certify({ ...all, criticalSecurityFinding: true })).toMatchObject({
      level: 'bronze',
      nextLevel: null,
      missing: [],
      cappedBy: ['criticalSecurityFinding'],
    });
    expect(certify({ ...all, criticalFraudFlag: true }).level).toBe('bronze');
    expect(certify({ criticalFraudFlag: true, basicTests: true })).toMatchObject({
      level: null,
      nextLevel: 'bronze',
      missing: ['documentation'],
    });
  });

  it('rejects non-boolean flags, unknown sources and unknown keys', () => {
    expect(() => certify({ basicTests: 'yes' } as never)).toThrow(ValidationError);
    expect(() => certify({ basicTest: true } as never)).toThrow(ValidationError);
    expect(() => certify({ benchmarks: { value: true, source: 'friend' } } as never)).toThrow(
      ValidationError,
    );
    expect(() => certify({ benchmarks: { value: true } } as never)).toThrow(ValidationError);
    expect(() => certify(null as never)).toThrow(ValidationError);
  });

  it('property: the level only rises as evidence is added or verified; self-asserted evidence never passes bronze', () => {
    const flags = Object.keys(all) as (keyof typeof all)[];
    const oneFlag: fc.Arbitrary<boolean | CertificationFlag> = fc.oneof(
      fc.boolean(),
      fc.record({ value: fc.boolean(), source: fc.constantFrom(...EVIDENCE_SOURCES) }),
    );
    const evidence = fc.record(Object.fromEntries(flags.map((flag) => [flag, oneFlag])), {
      requiredKeys: [],
    }) as fc.Arbitrary<CertificationEvidence>;
    const rank = (level: string | null) =>
      level === null ? 0 : ['bronze', 'silver', 'gold'].indexOf(level) + 1;
    const shown = (value: unknown) =>
      value === true || (typeof value === 'object' && value !== null && (value as CertificationFlag).value);
    fc.assert(
      fc.property(
        evidence,
        fc.constantFrom(...flags),
        fc.constantFrom(...EVIDENCE_SOURCES),
        (input, flag, source) => {
          const before = certify(input);
          const rankOf = { self: 0, registry: 1, auditor: 1 };
          const current = before.sources[flag as keyof typeof before.sources];
          // Adding evidence, or replacing the publisher's word with the registry's or an auditor's.
          if (current === undefined || rankOf[source] >= rankOf[current]) {
            const after = certify({ ...input, [flag]: { value: true, source } });
            expect(rank(after.level)).toBeGreaterThanOrEqual(rank(before.level));
          }
          const selfOnly = VERIFIED_REQUIREMENTS.some(
            (requirement) =>
              before.sources[requirement] !== 'registry' && before.sources[requirement] !== 'auditor',
          );
          if (selfOnly) expect(rank(before.level)).toBeLessThanOrEqual(1);
          if (before.nextLevel) {
            for (const requirement of CERTIFICATION_REQUIREMENTS[before.nextLevel]) {
              if (!shown(input[requirement])) expect(before.missing).toContain(requirement);
            }
          }
        },
      ),
    );
  });

  it("auditors' signed attestations, verified offline, lift self-asserted evidence to silver", () => {
    // RFC 8032 test key 1 stands in for the registry's configured key.
    const registryKey = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60';
    const registryPublicKey = 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a';
    const base = {
      patternId: 'acme/retry',
      version: '1.0.0',
      auditor: 'alice',
      issuedAt: '2026-12-01T00:00:00Z',
    };
    const signed = [
      signAttestation({ ...base, evidence: { comprehensiveTests: true, benchmarks: true } }, registryKey),
      signAttestation({ ...base, evidence: { securityScan: false } }, registryKey),
      signAttestation(
        { ...base, auditor: 'bob', issuedAt: '2026-12-02T00:00:00Z', evidence: { securityScan: true } },
        registryKey,
      ),
    ];
    const verified = signed.flatMap((one) => {
      const result = verifyAttestation(JSON.parse(JSON.stringify(one)), registryPublicKey);
      return result.valid ? [result.attestation] : [];
    });
    expect(verified).toHaveLength(3);
    const evidence = attestedEvidence(verified);
    expect(evidence.securityScan).toEqual({ value: true, source: 'auditor', by: 'bob' });
    const claimed = {
      basicTests: true,
      documentation: true,
      comprehensiveTests: true,
      benchmarks: true,
      securityScan: true,
    };
    expect(certify(claimed).level).toBe('bronze');
    expect(certify({ ...claimed, ...evidence })).toMatchObject({
      level: 'silver',
      selfAsserted: ['basicTests', 'documentation'],
    });
  });
});
