import { isRecord, parseWith } from '@pollinate/core/helpers';
import { z } from 'zod';
import { type EvidenceSource, EvidenceSourceSchema } from './certification.js';
import { fail, requireNumber } from './internal/validation.js';

/** The names of the reputation factors (seed: the marketplace's ReputationManager factors). *
 * @example
 * ```ts
 * for (const factor of REPUTATION_FACTORS) console.log(factor, score.breakdown[factor].contribution);
 * ```
 */
export const REPUTATION_FACTORS = [
  'codeQuality',
  'testCoverage',
  'performance',
  'userRatings',
  'adoptionRate',
  'retentionRate',
  'publisherTrackRecord',
  'supportResponsiveness',
  'bugFrequency',
  'breakingChanges',
  'updateFrequency',
] as const;

/** One reputation factor name. */
export type ReputationFactor = (typeof REPUTATION_FACTORS)[number];

const signal = (min: number, max = Number.MAX_VALUE) => z.number().min(min).max(max).nullish();

/**
 * The one definition of valid {@link ReputationSignals}: every signal is optional (`undefined`
 * or `null` means unknown) and, when given, a finite number in its unit's range — percent
 * 0–100, stars 1–5, a share 0–1, or a count, rate or duration ≥ 0. Other keys are ignored.
 * {@link scoreReputation} parses its input with it, so a value out of range (a coverage of
 * 150 %, a negative bug count, `NaN`) is a `ValidationError` rather than a silently clamped score.
 *
 * @example
 * ```ts
 * ReputationSignalsSchema.safeParse({ testCoverage: 150 }).success; // false
 * ReputationSignalsSchema.safeParse({ testCoverage: 92, userRatings: null }).success; // true
 * ```
 */
export const ReputationSignalsSchema = z.object({
  codeQuality: signal(0, 100),
  testCoverage: signal(0, 100),
  performance: signal(0, 100),
  userRatings: signal(1, 5),
  adoptionRate: signal(0),
  retentionRate: signal(0, 1),
  publisherTrackRecord: signal(0, 100),
  supportResponsiveness: signal(0),
  bugFrequency: signal(0),
  breakingChanges: signal(0),
  updateFrequency: signal(0),
  securityAudited: z.boolean().nullish(),
  documentationCoverage: signal(0, 100),
  sources: z
    .strictObject(
      Object.fromEntries(
        [...REPUTATION_FACTORS, 'securityAudited', 'documentationCoverage'].map((key) => [
          key,
          EvidenceSourceSchema.optional(),
        ]),
      ),
    )
    .optional(),
});

/** A signal that can carry provenance: every factor plus the badge-only evidence. */
export type ReputationSignalName = ReputationFactor | 'securityAudited' | 'documentationCoverage';

/**
 * Who asserts each signal when {@link ReputationSignals.sources} does not say: the
 * publisher (`self`) for what a manifest declares — test coverage, benchmark standing,
 * security audit, documentation coverage —, the registry for what the marketplace counts
 * or runs itself (code-quality gates, ratings of screened reviews, adoption, releases,
 * support, bugs). Badges built on self-asserted evidence are not awarded.
 *
 * @example
 * ```ts
 * DEFAULT_SIGNAL_SOURCES.testCoverage; // 'self'
 * ```
 */
export const DEFAULT_SIGNAL_SOURCES: Readonly<Record<ReputationSignalName, EvidenceSource>> = {
  codeQuality: 'registry',
  testCoverage: 'self',
  performance: 'self',
  userRatings: 'registry',
  adoptionRate: 'registry',
  retentionRate: 'registry',
  publisherTrackRecord: 'registry',
  supportResponsiveness: 'registry',
  bugFrequency: 'registry',
  breakingChanges: 'registry',
  updateFrequency: 'registry',
  securityAudited: 'self',
  documentationCoverage: 'self',
};

/**
 * Raw signals about a pattern, each in its own unit and range (checked by
 * {@link ReputationSignalsSchema}). Any may be missing (`undefined` or `null`); a missing
 * value is left out of the score and the weights of the others are renormalized.
 */
export interface ReputationSignals {
  /** Static-analysis or quality-checklist score, 0–100 (e.g. JSR score percent, Scorecard × 10). */
  codeQuality?: number | null;
  /** Line coverage of the test suite, percent 0–100. */
  testCoverage?: number | null;
  /** Benchmark standing among comparable patterns, percentile 0–100. */
  performance?: number | null;
  /** Users' rating in stars 1–5; pass {@link RatingAggregate.lowerBound} so few reviews count less. */
  userRatings?: number | null;
  /** Adoption: downloads per month, ≥ 0. */
  adoptionRate?: number | null;
  /** Share of adopting teams still using the pattern after 90 days, 0–1. */
  retentionRate?: number | null;
  /** The publisher's standing from its other patterns, 0–100 (e.g. their mean `overall`). */
  publisherTrackRecord?: number | null;
  /** Median time to a first answer on an issue or support request, hours ≥ 0 (lower is better). */
  supportResponsiveness?: number | null;
  /** Confirmed bug reports per month, ≥ 0 (lower is better). */
  bugFrequency?: number | null;
  /** Releases with breaking changes (semver majors) in the last 12 months, ≥ 0 (lower is better). */
  breakingChanges?: number | null;
  /** Releases in the last 12 months, ≥ 0. */
  updateFrequency?: number | null;
  /** Evidence for the Security-Audited badge: an independent security audit or scan passed. Not a factor. */
  securityAudited?: boolean | null;
  /** Evidence for the Well-Documented badge: share of public symbols documented, percent 0–100. Not a factor. */
  documentationCoverage?: number | null;
  /**
   * Who asserted each signal (`self`, `registry` or `auditor`); unspecified ones take
   * {@link DEFAULT_SIGNAL_SOURCES}. A badge is awarded only when every signal it rests on
   * comes from the registry or an auditor.
   */
  sources?: Partial<Record<ReputationSignalName, EvidenceSource>> | null;
}

/** A point of a piecewise-linear anchor: raw value → normalized score in [0, 1]. */
export interface AnchorPoint {
  /** Raw value in the factor's unit. */
  raw: number;
  /** Normalized score, 0–1. */
  score: number;
}

/**
 * The fixed piecewise-linear anchors mapping each raw signal to [0, 1]. Between two
 * points the score is interpolated linearly; below the first and above the last it is
 * held flat. Anchors are absolute (not relative to a catalog, unlike npms.io's
 * min/max normalization) so a score is reproducible anywhere.
 *
 * Sources: npms.io's score (quality: tests and coverage; popularity: downloads; maintenance:
 * release frequency and open issues), OpenSSF Scorecard ("Maintained": activity in the last
 * 90 days; scores 0–10), JSR's score checklist (documented symbols ≥ 80 %), and common
 * industry thresholds (80 % coverage). Positive factors rise, and bug frequency, breaking
 * changes and support response time fall, monotonically.
 *
 * @example
 * ```ts
 * normalizeSignal(5_000, REPUTATION_ANCHORS.adoptionRate); // ≈ 0.54
 * ```
 */
export const REPUTATION_ANCHORS: Readonly<Record<ReputationFactor, readonly AnchorPoint[]>> = {
  codeQuality: [
    { raw: 0, score: 0 },
    { raw: 50, score: 0.3 },
    { raw: 80, score: 0.8 },
    { raw: 100, score: 1 },
  ],
  testCoverage: [
    { raw: 0, score: 0 },
    { raw: 40, score: 0.3 },
    { raw: 80, score: 0.9 },
    { raw: 100, score: 1 },
  ],
  performance: [
    { raw: 0, score: 0 },
    { raw: 50, score: 0.5 },
    { raw: 90, score: 0.95 },
    { raw: 100, score: 1 },
  ],
  userRatings: [
    { raw: 1, score: 0 },
    { raw: 3, score: 0.4 },
    { raw: 4, score: 0.8 },
    { raw: 5, score: 1 },
  ],
  adoptionRate: [
    { raw: 0, score: 0 },
    { raw: 10, score: 0.1 },
    { raw: 100, score: 0.25 },
    { raw: 1_000, score: 0.45 },
    { raw: 10_000, score: 0.65 },
    { raw: 100_000, score: 0.8 },
    { raw: 1_000_000, score: 0.9 },
    { raw: 10_000_000, score: 1 },
  ],
  retentionRate: [
    { raw: 0, score: 0 },
    { raw: 0.5, score: 0.3 },
    { raw: 0.8, score: 0.8 },
    { raw: 1, score: 1 },
  ],
  publisherTrackRecord: [
    { raw: 0, score: 0 },
    { raw: 100, score: 1 },
  ],
  supportResponsiveness: [
    { raw: 0, score: 1 },
    { raw: 24, score: 0.9 },
    { raw: 72, score: 0.6 },
    { raw: 168, score: 0.3 },
    { raw: 720, score: 0 },
  ],
  bugFrequency: [
    { raw: 0, score: 1 },
    { raw: 1, score: 0.85 },
    { raw: 5, score: 0.5 },
    { raw: 20, score: 0.1 },
    { raw: 50, score: 0 },
  ],
  breakingChanges: [
    { raw: 0, score: 1 },
    { raw: 1, score: 0.7 },
    { raw: 2, score: 0.4 },
    { raw: 4, score: 0 },
  ],
  updateFrequency: [
    { raw: 0, score: 0 },
    { raw: 1, score: 0.4 },
    { raw: 4, score: 0.8 },
    { raw: 12, score: 1 },
  ],
};

/**
 * Default factor weights (sum 1). Grouped like npms.io's final score (quality,
 * popularity, maintenance about a third each): quality 0.32 (code quality, tests,
 * performance), community 0.33 (ratings, adoption, retention), maintenance 0.35 (track
 * record, support, bugs, breaking changes, updates).
 *
 * @example
 * ```ts
 * scoreReputation(signals, { weights: { ...DEFAULT_REPUTATION_WEIGHTS, userRatings: 0.3 } });
 * ```
 */
export const DEFAULT_REPUTATION_WEIGHTS: Readonly<Record<ReputationFactor, number>> = {
  codeQuality: 0.12,
  testCoverage: 0.12,
  performance: 0.08,
  userRatings: 0.15,
  adoptionRate: 0.1,
  retentionRate: 0.08,
  publisherTrackRecord: 0.07,
  supportResponsiveness: 0.07,
  bugFrequency: 0.08,
  breakingChanges: 0.06,
  updateFrequency: 0.07,
};

/** Options of {@link scoreReputation}. */
export interface ScoreReputationOptions {
  /** Weights to override, each finite and ≥ 0; unspecified ones keep {@link DEFAULT_REPUTATION_WEIGHTS}. */
  weights?: Partial<Record<ReputationFactor, number>>;
}

/** How one factor entered the score. */
export interface FactorBreakdown {
  /** The raw signal, or `null` when missing (then left out). */
  raw: number | null;
  /** The anchored score in [0, 1], or `null` when left out. */
  normalized: number | null;
  /** The factor's weight after renormalization over the known factors (0 when left out); these sum to 1. */
  weight: number;
  /** Points this factor adds to `overall`: 100 · weight · normalized (0 when left out). */
  contribution: number;
  /** Who asserted the signal (see {@link ReputationSignals.sources}). */
  source: EvidenceSource;
}

/**
 * Trust levels by `overall` (0–100) and `confidence` (0–1), checked in this order:
 * `unrated` when confidence < 0.3; `highly-trusted` when overall ≥ 80 and confidence ≥ 0.6;
 * `trusted` when overall ≥ 60; `moderate` when overall ≥ 40; `low` otherwise.
 */
export type TrustLevel = 'unrated' | 'low' | 'moderate' | 'trusted' | 'highly-trusted';

/** The badge names {@link scoreReputation} can award. */
export type BadgeName =
  | 'Well-Tested'
  | 'Security-Audited'
  | 'Performance-Optimized'
  | 'Well-Documented'
  | 'Actively-Maintained'
  | 'Community-Favorite'
  | 'Stable-API';

/** An awarded badge and the rule that awarded it. */
export interface Badge {
  /** The badge name. */
  name: BadgeName;
  /** The rule, in words. */
  rule: string;
}

/** What {@link scoreReputation} returns. */
export interface ReputationScore {
  /** Weighted score over the known factors, 0–100. */
  overall: number;
  /** Per factor: raw value, anchored score, renormalized weight, contribution. */
  breakdown: Record<ReputationFactor, FactorBreakdown>;
  /** How much was known: the share of the (unrenormalized) weight on known factors, 0–1. */
  confidence: number;
  /** The named level; see {@link TrustLevel} for the cut-offs. */
  trustLevel: TrustLevel;
  /** Badges earned, in the order of {@link BADGE_RULES}. */
  badges: Badge[];
  /** Given signals that rest on the publisher's word (`self`), in {@link REPUTATION_FACTORS} order then the badge evidence. */
  selfAsserted: ReputationSignalName[];
  /** Badges whose rule the signals meet but only on self-asserted evidence (so not awarded). */
  unverifiedBadges: BadgeName[];
}

/** A badge rule: its name, the rule in words and the test on the signals. */
export interface BadgeRule {
  /** The badge name. */
  name: BadgeName;
  /** The rule, in words. */
  rule: string;
  /** The signals the rule rests on: each must come from the registry or an auditor. */
  evidence: readonly ReputationSignalName[];
  /** Whether the (sanitized: finite or undefined) signals earn the badge. */
  test: (signals: Readonly<ReputationSignals>) => boolean;
}

const atLeast = (value: number | null | undefined, threshold: number) =>
  typeof value === 'number' && value >= threshold;

/** The badge rules, in the order badges are listed. *
 * @example
 * ```ts
 * for (const { name, rule } of BADGE_RULES) console.log(`${name}: ${rule}`);
 * ```
 */
export const BADGE_RULES: readonly BadgeRule[] = [
  {
    name: 'Well-Tested',
    evidence: ['testCoverage'],
    rule: 'test coverage ≥ 80 %',
    test: (s) => atLeast(s.testCoverage, 80),
  },
  {
    name: 'Security-Audited',
    evidence: ['securityAudited'],
    rule: 'an independent security audit or scan passed (securityAudited)',
    test: (s) => s.securityAudited === true,
  },
  {
    name: 'Performance-Optimized',
    evidence: ['performance'],
    rule: 'performance percentile ≥ 80 among comparable patterns',
    test: (s) => atLeast(s.performance, 80),
  },
  {
    name: 'Well-Documented',
    evidence: ['documentationCoverage'],
    rule: '≥ 80 % of public symbols documented (JSR score checklist)',
    test: (s) => atLeast(s.documentationCoverage, 80),
  },
  {
    name: 'Actively-Maintained',
    evidence: ['updateFrequency'],
    rule: '≥ 4 releases in 12 months, and a first response within 72 h when known (OpenSSF Scorecard "Maintained")',
    test: (s) =>
      atLeast(s.updateFrequency, 4) &&
      (typeof s.supportResponsiveness !== 'number' || s.supportResponsiveness <= 72),
  },
  {
    name: 'Community-Favorite',
    evidence: ['userRatings', 'adoptionRate'],
    rule: 'users’ rating ≥ 4★ and ≥ 1,000 downloads a month',
    test: (s) => atLeast(s.userRatings, 4) && atLeast(s.adoptionRate, 1_000),
  },
  {
    name: 'Stable-API',
    evidence: ['breakingChanges', 'updateFrequency'],
    rule: 'no breaking change in 12 months while releasing at least once',
    test: (s) =>
      typeof s.breakingChanges === 'number' && s.breakingChanges <= 0 && atLeast(s.updateFrequency, 1),
  },
];

/**
 * Maps a raw value through piecewise-linear anchor points (held flat outside them).
 *
 * @param value - the raw value (finite)
 * @param anchors - points with strictly increasing `raw`
 * @returns the interpolated score
 * @example
 * ```ts
 * normalizeSignal(60, REPUTATION_ANCHORS.testCoverage); // 0.6
 * ```
 */
export function normalizeSignal(value: number, anchors: readonly AnchorPoint[]): number {
  const first = anchors[0];
  const last = anchors[anchors.length - 1];
  if (!first || !last || Number.isNaN(value)) return 0;
  if (value <= first.raw) return first.score;
  if (value >= last.raw) return last.score;
  for (let i = 1; i < anchors.length; i++) {
    const high = anchors[i]!;
    if (value <= high.raw) {
      const low = anchors[i - 1]!;
      const fraction = (value - low.raw) / (high.raw - low.raw);
      return low.score + fraction * (high.score - low.score);
    }
  }
  return last.score;
}

function trustLevelFor(overall: number, confidence: number): TrustLevel {
  if (confidence < 0.3) return 'unrated';
  if (overall >= 80 && confidence >= 0.6) return 'highly-trusted';
  if (overall >= 60) return 'trusted';
  if (overall >= 40) return 'moderate';
  return 'low';
}

/**
 * Scores a pattern's reputation from up to 11 raw signals: each signal is mapped to
 * [0, 1] through its fixed anchor ({@link REPUTATION_ANCHORS}), and `overall` is the
 * weighted mean over the known signals times 100. Missing signals (`undefined` or `null`)
 * are left out and the remaining weights renormalized; `confidence` is the share of weight
 * that was known.
 *
 * Properties: `overall` is in [0, 100]; improving a positive factor (or lowering bug
 * frequency, breaking changes or response time) never lowers it.
 *
 * @param signals - see {@link ReputationSignals}
 * @param options - see {@link ScoreReputationOptions}
 * @returns see {@link ReputationScore}
 * @throws {@link ValidationError} when `signals` is not an object, a signal is neither
 *   undefined/null nor a finite number in its range (see {@link ReputationSignalsSchema}:
 *   e.g. `testCoverage: 150`), or a weight is negative or not finite
 * @example
 * ```ts
 * const score = scoreReputation({ testCoverage: 92, userRatings: 4.3, adoptionRate: 12_000, updateFrequency: 6 });
 * score.overall; // ≈ 83.9 (confidence 0.44: four of eleven factors known)
 * score.badges.map((badge) => badge.name); // ['Actively-Maintained', 'Community-Favorite']
 * score.unverifiedBadges; // ['Well-Tested']: the coverage is the publisher's word (pass sources: { testCoverage: 'registry' })
 * ```
 */
export function scoreReputation(
  signals: ReputationSignals,
  options?: ScoreReputationOptions,
): ReputationScore {
  const subject = 'reputation signals';
  if (!isRecord(signals)) fail([], 'must be an object', subject);
  if (options !== undefined && !isRecord(options)) fail([], 'must be an object', 'scoreReputation options');
  const weightOverrides = options?.weights;
  if (weightOverrides !== undefined && !isRecord(weightOverrides)) {
    fail(['weights'], 'must be an object', 'scoreReputation options');
  }
  const parsed = parseWith(ReputationSignalsSchema, signals, subject);
  const sanitized: ReputationSignals = {};
  const weights = {} as Record<ReputationFactor, number>;
  let totalWeight = 0;
  let knownWeight = 0;
  for (const factor of REPUTATION_FACTORS) {
    const override =
      weightOverrides && Object.hasOwn(weightOverrides, factor) ? weightOverrides[factor] : undefined;
    const weight =
      override === undefined
        ? DEFAULT_REPUTATION_WEIGHTS[factor]
        : requireNumber(override, ['weights', factor], 'scoreReputation options', 0, 1e9);
    weights[factor] = weight;
    totalWeight += weight;
    const raw = parsed[factor];
    if (typeof raw === 'number') {
      sanitized[factor] = raw;
      knownWeight += weight;
    }
  }
  if (typeof parsed.documentationCoverage === 'number') {
    sanitized.documentationCoverage = parsed.documentationCoverage;
  }
  if (parsed.securityAudited === true) sanitized.securityAudited = true;

  const sources = parsed.sources ?? {};
  const sourceOf = (name: ReputationSignalName): EvidenceSource =>
    (sources[name] as EvidenceSource | undefined) ?? DEFAULT_SIGNAL_SOURCES[name];
  const breakdown = {} as Record<ReputationFactor, FactorBreakdown>;
  let overall = 0;
  for (const factor of REPUTATION_FACTORS) {
    const raw = sanitized[factor];
    if (typeof raw !== 'number') {
      breakdown[factor] = {
        raw: null,
        normalized: null,
        weight: 0,
        contribution: 0,
        source: sourceOf(factor),
      };
      continue;
    }
    const normalized = normalizeSignal(raw, REPUTATION_ANCHORS[factor]);
    const weight = knownWeight > 0 ? weights[factor] / knownWeight : 0;
    const contribution = 100 * weight * normalized;
    overall += contribution;
    breakdown[factor] = { raw, normalized, weight, contribution, source: sourceOf(factor) };
  }
  overall = Math.min(100, Math.max(0, overall));
  const confidence = totalWeight > 0 ? Math.min(1, knownWeight / totalWeight) : 0;
  const earned = BADGE_RULES.filter((badge) => badge.test(sanitized));
  const verified = (badge: BadgeRule) => badge.evidence.every((name) => sourceOf(name) !== 'self');
  const given = (name: ReputationSignalName) =>
    name === 'securityAudited' ? sanitized.securityAudited === true : typeof sanitized[name] === 'number';
  return {
    overall,
    breakdown,
    confidence,
    trustLevel: trustLevelFor(overall, confidence),
    badges: earned.filter(verified).map(({ name, rule }) => ({ name, rule })),
    selfAsserted: (Object.keys(DEFAULT_SIGNAL_SOURCES) as ReputationSignalName[]).filter(
      (name) => given(name) && sourceOf(name) === 'self',
    ),
    unverifiedBadges: earned.filter((badge) => !verified(badge)).map((badge) => badge.name),
  };
}
