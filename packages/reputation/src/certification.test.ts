import { ValidationError } from '@pollinate/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CERTIFICATION_REQUIREMENTS, type CertificationEvidence, certify } from './certification.js';

const all = {
  basicTests: true,
  documentation: true,
  comprehensiveTests: true,
  benchmarks: true,
  securityScan: true,
  productionProven: true,
  slaGuarantee: true,
  dedicatedSupport: true,
};

describe('certify', () => {
  it('awards nothing without evidence and says what bronze needs', () => {
    expect(certify({})).toEqual({
      level: null,
      nextLevel: 'bronze',
      missing: ['basicTests', 'documentation'],
      cappedBy: [],
    });
  });

  it('awards each level when its requirements are met', () => {
    expect(certify({ basicTests: true, documentation: true }).level).toBe('bronze');
    expect(
      certify({
        basicTests: true,
        documentation: true,
        comprehensiveTests: true,
        benchmarks: true,
        securityScan: true,
      }).level,
    ).toBe('silver');
    expect(certify(all)).toEqual({ level: 'gold', nextLevel: null, missing: [], cappedBy: [] });
  });

  it('nests levels: gold extras without a security scan stay bronze', () => {
    const result = certify({ ...all, securityScan: false });
    expect(result).toMatchObject({ level: 'bronze', nextLevel: 'silver', missing: ['securityScan'] });
  });

  it('caps at bronze on a critical security finding or fraud flag', () => {
    expect(certify({ ...all, criticalSecurityFinding: true })).toEqual({
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

  it('rejects non-boolean flags and unknown keys', () => {
    expect(() => certify({ basicTests: 'yes' } as never)).toThrow(ValidationError);
    expect(() => certify({ basicTest: true } as never)).toThrow(ValidationError);
    expect(() => certify(null as never)).toThrow(ValidationError);
  });

  it('property: the level only rises when evidence is added, and missing lists unmet requirements', () => {
    const flags = Object.keys(all) as (keyof typeof all)[];
    const evidence = fc.record(Object.fromEntries(flags.map((flag) => [flag, fc.boolean()])), {
      requiredKeys: [],
    }) as fc.Arbitrary<CertificationEvidence>;
    const rank = (level: string | null) =>
      level === null ? 0 : ['bronze', 'silver', 'gold'].indexOf(level) + 1;
    fc.assert(
      fc.property(evidence, fc.constantFrom(...flags), (input, flag) => {
        const before = certify(input);
        const after = certify({ ...input, [flag]: true });
        expect(rank(after.level)).toBeGreaterThanOrEqual(rank(before.level));
        if (before.nextLevel) {
          for (const requirement of CERTIFICATION_REQUIREMENTS[before.nextLevel]) {
            expect(before.missing.includes(requirement)).toBe(input[requirement] !== true);
          }
        }
      }),
    );
  });
});
