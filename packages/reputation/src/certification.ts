import { parseWith } from '@pollinate/core/helpers';
import { type Attestation, AttestationSchema } from '@pollinate/core/model';
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

/**
 * Who asserted a piece of evidence: `self` (the publisher's own word, e.g. a coverage
 * figure in its manifest), `registry` (measured by the registry: gates and scans it ran,
 * adoption it counted, reviews it screened) or `auditor` (an independent auditor's signed
 * attestation).
 */
export type EvidenceSource = 'self' | 'registry' | 'auditor';

/** The evidence sources, least to most independent. *
 * @example
 * ```ts
 * EVIDENCE_SOURCES.includes('auditor'); // true
 * ```
 */
export const EVIDENCE_SOURCES: readonly EvidenceSource[] = ['self', 'registry', 'auditor'];

/** Zod schema of {@link EvidenceSource}. *
 * @example
 * ```ts
 * EvidenceSourceSchema.parse('registry');
 * ```
 */
export const EvidenceSourceSchema = z.enum(['self', 'registry', 'auditor']);

/**
 * One piece of certification evidence with its provenance: whether it is shown
 * (`value`), who asserted it (`source`) and, optionally, who exactly (`by`: an auditor's
 * id, a scanner's name; ≤ 200 characters).
 *
 * @example
 * ```ts
 * CertificationFlagSchema.parse({ value: true, source: 'auditor', by: 'alice' });
 * ```
 */
export const CertificationFlagSchema = z.strictObject({
  value: z.boolean(),
  source: EvidenceSourceSchema,
  by: z.string().min(1).max(200).optional(),
});

/** A {@link CertificationFlagSchema} value. */
export type CertificationFlag = z.infer<typeof CertificationFlagSchema>;

/** A flag given as a bare boolean is the publisher's word (`source: 'self'`). */
const flag = z.union([z.boolean(), CertificationFlagSchema]).optional();

/**
 * The requirements silver and gold accept only from the registry or an auditor: tests,
 * benchmarks and security. Self-asserted, they can earn bronze at most.
 *
 * @example
 * ```ts
 * VERIFIED_REQUIREMENTS; // ['comprehensiveTests', 'benchmarks', 'securityScan']
 * ```
 */
export const VERIFIED_REQUIREMENTS: readonly CertificationRequirement[] = [
  'comprehensiveTests',
  'benchmarks',
  'securityScan',
];

/**
 * Zod schema of {@link CertificationEvidence}; every flag optional (missing means not
 * shown), given as a bare boolean (the publisher's word: `self`) or as a
 * {@link CertificationFlag} with its source.
 *
 * @example
 * ```ts
 * const evidence = CertificationEvidenceSchema.parse(JSON.parse('{"basicTests":true,"documentation":true}'));
 * ```
 */
export const CertificationEvidenceSchema = z.strictObject({
  basicTests: flag,
  documentation: flag,
  comprehensiveTests: flag,
  benchmarks: flag,
  securityScan: flag,
  productionProven: flag,
  slaGuarantee: flag,
  dedicatedSupport: flag,
  /** An open critical security finding: caps the level at bronze. */
  criticalSecurityFinding: z.boolean().optional(),
  /** A critical fraud flag (for example from review screening): caps the level at bronze. */
  criticalFraudFlag: z.boolean().optional(),
});

/**
 * Evidence for {@link certify}: each flag shown (`true`, or `{ value: true, source }`) or
 * not (missing, `false`). A bare boolean is self-asserted.
 */
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
  /** Requirements shown only on the publisher's word (`source: 'self'`), in {@link CERTIFICATION_REQUIREMENTS} order. */
  selfAsserted: CertificationRequirement[];
  /**
   * Requirements of `nextLevel` that are shown but self-asserted where that level needs the
   * registry or an auditor ({@link VERIFIED_REQUIREMENTS}); they are in `missing` too.
   */
  needsVerification: CertificationRequirement[];
  /** Each shown requirement's source, by requirement. */
  sources: Partial<Record<CertificationRequirement, EvidenceSource>>;
}

/**
 * Certifies a pattern: bronze = basic tests + documentation; silver = bronze +
 * comprehensive tests, benchmarks, security scan; gold = silver + production proven, SLA
 * guarantee, dedicated support (seed: the certification program). Levels are nested, so
 * a pattern with gold's extras but no security scan is bronze. A critical security
 * finding or a critical fraud flag caps the level at bronze (and no higher level is
 * reachable until it is cleared). Every flag records who asserted it: silver and gold
 * count tests, benchmarks and security ({@link VERIFIED_REQUIREMENTS}) only when the
 * registry or an auditor asserted them, so self-asserted evidence earns bronze at most.
 *
 * @param evidence - see {@link CertificationEvidence}
 * @returns see {@link CertificationResult}
 * @throws {@link ValidationError} when `evidence` is not an object of boolean flags (unknown keys rejected)
 * @example
 * ```ts
 * certify({ basicTests: true, documentation: true, comprehensiveTests: true });
 * // level 'bronze', nextLevel 'silver', missing ['comprehensiveTests', 'benchmarks', 'securityScan'],
 * // needsVerification ['comprehensiveTests'] (a bare `true` is the publisher's word)
 * certify({
 *   basicTests: true,
 *   documentation: true,
 *   comprehensiveTests: { value: true, source: 'registry' },
 *   benchmarks: { value: true, source: 'auditor', by: 'alice' },
 *   securityScan: { value: true, source: 'registry', by: 'osv' },
 * }).level; // 'silver'
 * ```
 */
export function certify(evidence: CertificationEvidence): CertificationResult {
  const parsed = parseWith(CertificationEvidenceSchema, evidence, 'certification evidence');
  const sources: Partial<Record<CertificationRequirement, EvidenceSource>> = {};
  for (const requirement of CERTIFICATION_REQUIREMENTS.gold) {
    const given = parsed[requirement];
    if (given === true) sources[requirement] = 'self';
    else if (typeof given === 'object' && given.value) sources[requirement] = given.source;
  }
  const meets = (level: CertificationLevel, requirement: CertificationRequirement): boolean => {
    const source = sources[requirement];
    if (source === undefined) return false;
    return level === 'bronze' || source !== 'self' || !VERIFIED_REQUIREMENTS.includes(requirement);
  };
  const cappedBy: CertificationResult['cappedBy'] = [];
  if (parsed.criticalSecurityFinding) cappedBy.push('criticalSecurityFinding');
  if (parsed.criticalFraudFlag) cappedBy.push('criticalFraudFlag');
  const ceiling = cappedBy.length > 0 ? 0 : LEVELS.length - 1;
  let achieved = -1;
  for (let index = 0; index <= ceiling; index++) {
    const level = LEVELS[index]!;
    if (CERTIFICATION_REQUIREMENTS[level].every((requirement) => meets(level, requirement))) achieved = index;
    else break;
  }
  const nextIndex = achieved + 1 <= ceiling ? achieved + 1 : -1;
  const nextLevel = nextIndex >= 0 ? LEVELS[nextIndex]! : null;
  const missing = nextLevel
    ? CERTIFICATION_REQUIREMENTS[nextLevel].filter((requirement) => !meets(nextLevel, requirement))
    : [];
  return {
    level: achieved >= 0 ? LEVELS[achieved]! : null,
    nextLevel,
    missing,
    cappedBy,
    selfAsserted: CERTIFICATION_REQUIREMENTS.gold.filter((requirement) => sources[requirement] === 'self'),
    needsVerification: missing.filter((requirement) => sources[requirement] === 'self'),
    sources,
  };
}

/**
 * Certification evidence from auditors' attestations (core's `Attestation`, verified
 * first with `verifyAttestation`): each attested flag becomes `{ value, source: 'auditor',
 * by: auditor }`. When several attestations name the same flag, the latest by `issuedAt`
 * wins (ties: the later in the array). Merge the result over the registry's own evidence:
 * `certify({ ...measured, ...attestedEvidence(attestations) })`.
 *
 * @param attestations - verified attestations of one version
 * @returns the flags the attestations speak to (others absent)
 * @throws {@link ValidationError} when an attestation is not valid
 * @example
 * ```ts
 * import { attestationPublicKey, signAttestation, verifyAttestation } from '@pollinate/core';
 *
 * const registryKey = new Uint8Array(32).fill(42); // the registry's private key, from its configuration
 * // What the registry serves for acme/retry@1.2.0 (JSON), and the public key a client pins:
 * const served: unknown[] = [
 *   signAttestation({ patternId: 'acme/retry', version: '1.2.0', auditor: 'alice', evidence: { securityScan: true, comprehensiveTests: true }, issuedAt: '2026-12-04T20:00:00Z' }, registryKey),
 * ];
 * const registryPublicKey = attestationPublicKey(registryKey);
 * const verified = served
 *   .map((signed) => verifyAttestation(signed, registryPublicKey))
 *   .flatMap((result) => (result.valid ? [result.attestation] : []));
 * certify({ basicTests: true, documentation: true, ...attestedEvidence(verified) });
 * // securityScan and comprehensiveTests: { value: true, source: 'auditor', by: 'alice' }
 * ```
 */
export function attestedEvidence(attestations: readonly Attestation[]): CertificationEvidence {
  const parsed = attestations.map((attestation, index) => ({
    attestation: parseWith(AttestationSchema, attestation, `attestation ${index}`),
    index,
  }));
  parsed.sort(
    (a, b) => Date.parse(a.attestation.issuedAt) - Date.parse(b.attestation.issuedAt) || a.index - b.index,
  );
  const evidence: Record<string, CertificationFlag> = {};
  for (const { attestation } of parsed) {
    for (const requirement of CERTIFICATION_REQUIREMENTS.gold) {
      const value = (attestation.evidence as Partial<Record<string, unknown>>)[requirement];
      if (typeof value === 'boolean')
        evidence[requirement] = { value, source: 'auditor', by: attestation.auditor.slice(0, 200) };
    }
  }
  return evidence as CertificationEvidence;
}
