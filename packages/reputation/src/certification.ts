import { parseWith } from '@pollinate/core';
import * as z from 'zod';

/** A certification level, lowest to highest: bronze, silver, gold. */
export type CertificationLevel = 'bronze' | 'silver' | 'gold';

/** An evidence flag {@link certify} checks. */
export type CertificationRequirement =
  | 'basicTests'
  | 'documentation'
  | 'comprehensiveTests'
  | 'benchmarks'
  | 'securityScan'
  | 'productionProven'
  | 'slaGuarantee'
  | 'dedicatedSupport';

/**
 * What each level needs (seed: the marketplace's certification program). Levels are
 * nested: silver needs everything bronze needs, gold everything silver needs.
 *
 * @example
 * ```ts
 * CERTIFICATION_REQUIREMENTS.silver; // ['basicTests', 'documentation', 'comprehensiveTests', 'benchmarks', 'securityScan']
 * ```
 */
export const CERTIFICATION_REQUIREMENTS: Readonly<
  Record<CertificationLevel, readonly CertificationRequirement[]>
> = {
  bronze: ['basicTests', 'documentation'],
  silver: ['basicTests', 'documentation', 'comprehensiveTests', 'benchmarks', 'securityScan'],
  gold: [
    'basicTests',
    'documentation',
    'comprehensiveTests',
    'benchmarks',
    'securityScan',
    'productionProven',
    'slaGuarantee',
    'dedicatedSupport',
  ],
};

const LEVELS: readonly CertificationLevel[] = ['bronze', 'silver', 'gold'];

/** Zod schema of {@link CertificationEvidence}; every flag optional (missing means not shown). *
 * @example
 * ```ts
 * const evidence = CertificationEvidenceSchema.parse(JSON.parse('{"basicTests":true,"documentation":true}'));
 * ```
 */
export const CertificationEvidenceSchema = z.strictObject({
  basicTests: z.boolean().optional(),
  documentation: z.boolean().optional(),
  comprehensiveTests: z.boolean().optional(),
  benchmarks: z.boolean().optional(),
  securityScan: z.boolean().optional(),
  productionProven: z.boolean().optional(),
  slaGuarantee: z.boolean().optional(),
  dedicatedSupport: z.boolean().optional(),
  /** An open critical security finding: caps the level at bronze. */
  criticalSecurityFinding: z.boolean().optional(),
  /** A critical fraud flag (for example from review screening): caps the level at bronze. */
  criticalFraudFlag: z.boolean().optional(),
});

/** Evidence for {@link certify}: each flag `true` when shown; missing or `false` when not. */
export type CertificationEvidence = z.input<typeof CertificationEvidenceSchema>;

/** What {@link certify} returns. */
export interface CertificationResult {
  /** The highest level whose requirements are all met (after any cap), or `null`. */
  level: CertificationLevel | null;
  /** The next level up, or `null` at gold (or when capped at bronze). */
  nextLevel: CertificationLevel | null;
  /** Requirements missing for `nextLevel`, in {@link CERTIFICATION_REQUIREMENTS} order (empty when none is reachable). */
  missing: CertificationRequirement[];
  /** Why the level was capped at bronze, when it was. */
  cappedBy: ('criticalSecurityFinding' | 'criticalFraudFlag')[];
}

/**
 * Certifies a pattern: bronze = basic tests + documentation; silver = bronze +
 * comprehensive tests, benchmarks, security scan; gold = silver + production proven, SLA
 * guarantee, dedicated support (seed: the certification program). Levels are nested, so
 * a pattern with gold's extras but no security scan is bronze. A critical security
 * finding or a critical fraud flag caps the level at bronze (and no higher level is
 * reachable until it is cleared).
 *
 * @param evidence - see {@link CertificationEvidence}
 * @returns see {@link CertificationResult}
 * @throws {@link ValidationError} when `evidence` is not an object of boolean flags (unknown keys rejected)
 * @example
 * ```ts
 * certify({ basicTests: true, documentation: true, comprehensiveTests: true });
 * // { level: 'bronze', nextLevel: 'silver', missing: ['benchmarks', 'securityScan'], cappedBy: [] }
 * ```
 */
export function certify(evidence: CertificationEvidence): CertificationResult {
  const flags = parseWith(CertificationEvidenceSchema, evidence, 'certification evidence');
  const cappedBy: CertificationResult['cappedBy'] = [];
  if (flags.criticalSecurityFinding) cappedBy.push('criticalSecurityFinding');
  if (flags.criticalFraudFlag) cappedBy.push('criticalFraudFlag');
  const ceiling = cappedBy.length > 0 ? 0 : LEVELS.length - 1;
  let achieved = -1;
  for (let index = 0; index <= ceiling; index++) {
    const level = LEVELS[index]!;
    if (CERTIFICATION_REQUIREMENTS[level].every((requirement) => flags[requirement] === true))
      achieved = index;
    else break;
  }
  const nextIndex = achieved + 1 <= ceiling ? achieved + 1 : -1;
  const nextLevel = nextIndex >= 0 ? LEVELS[nextIndex]! : null;
  const missing = nextLevel
    ? CERTIFICATION_REQUIREMENTS[nextLevel].filter((requirement) => flags[requirement] !== true)
    : [];
  return { level: achieved >= 0 ? LEVELS[achieved]! : null, nextLevel, missing, cappedBy };
}
