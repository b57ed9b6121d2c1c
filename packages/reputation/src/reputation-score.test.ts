import { ValidationError } from '@pollinate/core';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_REPUTATION_WEIGHTS,
  normalizeSignal,
  REPUTATION_ANCHORS,
  REPUTATION_FACTORS,
  scoreReputation,
} from './reputation-score.js';

const excellent = {
  codeQuality: 95,
  testCoverage: 95,
  performance: 95,
  userRatings: 4.8,
  adoptionRate: 5_000_000,
  retentionRate: 0.97,
  publisherTrackRecord: 95,
  supportResponsiveness: 2,
  bugFrequency: 0,
  breakingChanges: 0,
  updateFrequency: 12,
  securityAudited: true,
  documentationCoverage: 90,
  // Coverage and benchmarks measured by the registry, the audit an auditor's.
  sources: {
    testCoverage: 'registry',
    performance: 'registry',
    securityAudited: 'auditor',
    documentationCoverage: 'registry',
  },
} as const;

describe('scoreReputation', () => {
  it('default weights sum to 1 over the 11 factors', () => {
    expect(REPUTATION_FACTORS).toHaveLength(11);
    const total = REPUTATION_FACTORS.reduce((sum, factor) => sum + DEFAULT_REPUTATION_WEIGHTS[factor], 0);
    expect(total).toBeCloseTo(1, 12);
  });

  it('scores a hand-computed example exactly', () => {
    // testCoverage 60 → 0.3 + (20/40)·0.6 = 0.6; userRatings 4 → 0.8; weights 0.12 and 0.15.
    const score = scoreReputation({ testCoverage: 60, userRatings: 4 });
    expect(score.breakdown.testCoverage.normalized).toBeCloseTo(0.6, 12);
    expect(score.breakdown.userRatings.normalized).toBeCloseTo(0.8, 12);
    expect(score.overall).toBeCloseTo((100 * (0.12 * 0.6 + 0.15 * 0.8)) / 0.27, 10);
    expect(score.confidence).toBeCloseTo(0.27, 12);
    expect(score.breakdown.codeQuality).toEqual({
      raw: null,
      normalized: null,
      weight: 0,
      contribution: 0,
      source: 'registry',
    });
    const contributions = REPUTATION_FACTORS.reduce(
      (sum, factor) => sum + score.breakdown[factor].contribution,
      0,
    );
    expect(contributions).toBeCloseTo(score.overall, 10);
  });

  it('an excellent pattern is highly trusted with every badge', () => {
    const score = scoreReputation(excellent);
    expect(score.overall).toBeGreaterThan(90);
    expect(score.confidence).toBe(1);
    expect(score.trustLevel).toBe('highly-trusted');
    expect(score.badges.map((badge) => badge.name)).toEqual([
      'Well-Tested',
      'Security-Audited',
      'Performance-Optimized',
      'Well-Documented',
      'Actively-Maintained',
      'Community-Favorite',
      'Stable-API',
    ]);
  });

  it('self-asserted evidence earns no badge, and the score says which signals are self-asserted', () => {
    const { sources: _verified, ...claimed } = excellent;
    const score = scoreReputation(claimed);
    expect(score.badges.map((badge) => badge.name)).toEqual([
      'Actively-Maintained',
      'Community-Favorite',
      'Stable-API',
    ]);
    expect(score.unverifiedBadges).toEqual([
      'Well-Tested',
      'Security-Audited',
      'Performance-Optimized',
      'Well-Documented',
    ]);
    expect(score.selfAsserted).toEqual([
      'testCoverage',
      'performance',
      'securityAudited',
      'documentationCoverage',
    ]);
    expect(score.breakdown.testCoverage.source).toBe('self');
    // Said outright: an auditor's coverage figure earns the badge, the publisher's does not.
    expect(
      scoreReputation({ testCoverage: 99, sources: { testCoverage: 'auditor' } }).badges.map((b) => b.name),
    ).toEqual(['Well-Tested']);
    expect(scoreReputation({ testCoverage: 99, sources: { testCoverage: 'self' } }).badges).toEqual([]);
    // The same signals score the same whoever asserted them: provenance decides badges, not points.
    expect(score.overall).toBe(scoreReputation(excellent).overall);
    expect(() =>
      scoreReputation({ testCoverage: 99, sources: { testCoverage: 'friend' } } as never),
    ).toThrow();
  });

  it('negative factors score lower as they grow', () => {
    const calm = scoreReputation({ bugFrequency: 0, breakingChanges: 0, supportResponsiveness: 1 });
    const noisy = scoreReputation({ bugFrequency: 30, breakingChanges: 5, supportResponsiveness: 500 });
    expect(calm.overall).toBeGreaterThan(95);
    expect(noisy.overall).toBeLessThan(10);
  });

  it('leaves out missing (undefined or null) signals and renormalizes', () => {
    const withGaps = scoreReputation({ testCoverage: 80, codeQuality: null, performance: undefined });
    const clean = scoreReputation({ testCoverage: 80 });
    expect(withGaps.overall).toBeCloseTo(clean.overall, 12);
    expect(withGaps.breakdown.testCoverage.weight).toBe(1);
    expect(withGaps.breakdown.codeQuality.raw).toBeNull();
  });

  it('refuses out-of-range and non-finite signals with a ValidationError naming the field', () => {
    const bad: [string, unknown][] = [
      ['testCoverage', 150],
      ['testCoverage', -50],
      ['codeQuality', Number.NaN],
      ['performance', Number.POSITIVE_INFINITY],
      ['adoptionRate', Number.NEGATIVE_INFINITY],
      ['userRatings', 0],
      ['retentionRate', 1.5],
      ['bugFrequency', -1],
      ['documentationCoverage', 101],
      ['securityAudited', 'yes'],
      ['updateFrequency', '6'],
    ];
    for (const [field, value] of bad) {
      let caught: unknown;
      try {
        scoreReputation({ [field]: value });
      } catch (error) {
        caught = error;
      }
      expect(caught, `${field}: ${String(value)}`).toBeInstanceOf(ValidationError);
      expect((caught as ValidationError).issues[0]?.path).toEqual([field]);
    }
  });

  it('says it knows nothing about an empty signal set', () => {
    const score = scoreReputation({});
    expect(score).toMatchObject({ overall: 0, confidence: 0, trustLevel: 'unrated', badges: [] });
  });

  it('holds scores flat beyond the last anchor', () => {
    expect(scoreReputation({ adoptionRate: 0 }).overall).toBe(0);
    expect(scoreReputation({ adoptionRate: 1e12 }).overall).toBe(100);
  });

  it('uses trust-level cut-offs', () => {
    const level = (coverage: number) =>
      scoreReputation({ testCoverage: coverage, codeQuality: coverage, userRatings: 1 + coverage / 25 })
        .trustLevel;
    expect(level(5)).toBe('low');
    expect(level(60)).toBe('moderate');
    // Top marks on 3 of 11 factors (confidence 0.39): trusted, not highly trusted.
    expect(level(100)).toBe('trusted');
    expect(scoreReputation({ updateFrequency: 12 }).trustLevel).toBe('unrated');
  });

  it('accepts weight overrides and rejects bad ones', () => {
    const onlyRatings = scoreReputation(
      { testCoverage: 100, userRatings: 1 },
      { weights: { testCoverage: 0 } },
    );
    expect(onlyRatings.overall).toBe(0);
    expect(() => scoreReputation({}, { weights: { testCoverage: -1 } })).toThrow(ValidationError);
    expect(() => scoreReputation({}, { weights: { testCoverage: Number.NaN } })).toThrow(ValidationError);
  });

  it('rejects non-numeric signals and non-objects', () => {
    expect(() => scoreReputation({ testCoverage: '90' as never })).toThrow(ValidationError);
    expect(() => scoreReputation(null as never)).toThrow(ValidationError);
    expect(() => scoreReputation({ securityAudited: 'yes' as never })).toThrow(ValidationError);
  });

  it('refuses a __proto__ key (the rule of core for outside data) and pollutes nothing', () => {
    const signals = JSON.parse('{"__proto__": {"testCoverage": 100}, "userRatings": 3}');
    expect(() => scoreReputation(signals)).toThrow(ValidationError);
    expect(({} as Record<string, unknown>).testCoverage).toBeUndefined();
  });
});

describe('anchors', () => {
  it('interpolate linearly and hold flat outside', () => {
    expect(normalizeSignal(500, REPUTATION_ANCHORS.adoptionRate)).toBeCloseTo(0.25 + (400 / 900) * 0.2, 12);
    expect(normalizeSignal(1e12, REPUTATION_ANCHORS.adoptionRate)).toBe(1);
    expect(normalizeSignal(-1, REPUTATION_ANCHORS.bugFrequency)).toBe(1);
  });

  it('are strictly increasing in raw and monotone in score, within [0, 1]', () => {
    const decreasing = new Set(['supportResponsiveness', 'bugFrequency', 'breakingChanges']);
    for (const factor of REPUTATION_FACTORS) {
      const anchors = REPUTATION_ANCHORS[factor];
      for (let i = 1; i < anchors.length; i++) {
        expect(anchors[i]!.raw).toBeGreaterThan(anchors[i - 1]!.raw);
        if (decreasing.has(factor)) expect(anchors[i]!.score).toBeLessThanOrEqual(anchors[i - 1]!.score);
        else expect(anchors[i]!.score).toBeGreaterThanOrEqual(anchors[i - 1]!.score);
      }
      for (const point of anchors) {
        expect(point.score).toBeGreaterThanOrEqual(0);
        expect(point.score).toBeLessThanOrEqual(1);
      }
    }
  });
});
