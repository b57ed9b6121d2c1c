import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  REPUTATION_FACTORS,
  type ReputationFactor,
  type ReputationSignals,
  scoreReputation,
} from './reputation-score.js';

const NEGATIVE = new Set<string>(['supportResponsiveness', 'bugFrequency', 'breakingChanges']);
/** Each factor's valid range (ReputationSignalsSchema), with open-ended counts capped for the generator. */
const RANGE: Record<ReputationFactor, [number, number]> = {
  codeQuality: [0, 100],
  testCoverage: [0, 100],
  performance: [0, 100],
  userRatings: [1, 5],
  adoptionRate: [0, 1e8],
  retentionRate: [0, 1],
  publisherTrackRecord: [0, 100],
  supportResponsiveness: [0, 1e6],
  bugFrequency: [0, 1e4],
  breakingChanges: [0, 1e3],
  updateFrequency: [0, 1e4],
};
const inRange = (factor: ReputationFactor) => {
  const [min, max] = RANGE[factor];
  return fc.oneof(fc.double({ min, max, noNaN: true }), fc.constantFrom(min, max));
};
const signals: fc.Arbitrary<ReputationSignals> = fc.record(
  Object.fromEntries(REPUTATION_FACTORS.map((factor) => [factor, inRange(factor)])) as Record<
    ReputationFactor,
    fc.Arbitrary<number>
  >,
  { requiredKeys: [] },
);
const weights = fc.record(
  Object.fromEntries(
    REPUTATION_FACTORS.map((factor) => [factor, fc.double({ min: 0, max: 10, noNaN: true })]),
  ),
  { requiredKeys: [] },
);

describe('scoreReputation properties', () => {
  it('overall is in [0, 100], confidence in [0, 1], everything finite', () => {
    fc.assert(
      fc.property(signals, weights, (input, w) => {
        const score = scoreReputation(input, { weights: w });
        expect(score.overall).toBeGreaterThanOrEqual(0);
        expect(score.overall).toBeLessThanOrEqual(100);
        expect(score.confidence).toBeGreaterThanOrEqual(0);
        expect(score.confidence).toBeLessThanOrEqual(1);
        for (const factor of REPUTATION_FACTORS) {
          const entry = score.breakdown[factor];
          expect(Number.isFinite(entry.weight)).toBe(true);
          expect(Number.isFinite(entry.contribution)).toBe(true);
        }
      }),
    );
  });

  it('improving a factor never lowers overall (raising a positive one, lowering a negative one)', () => {
    fc.assert(
      fc.property(
        signals,
        weights,
        fc.constantFrom(...REPUTATION_FACTORS),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (input, w, factor, a, b) => {
          // Two points of the factor's range; "improved" is the better one.
          const [min, max] = RANGE[factor];
          const [low, high] = [min + (max - min) * Math.min(a, b), min + (max - min) * Math.max(a, b)];
          const [start, improved] = NEGATIVE.has(factor) ? [high, low] : [low, high];
          const before = scoreReputation({ ...input, [factor]: start }, { weights: w });
          const after = scoreReputation({ ...input, [factor]: improved }, { weights: w });
          expect(after.overall).toBeGreaterThanOrEqual(before.overall - 1e-9);
        },
      ),
    );
  });

  it('refuses any signal outside its range (a ValidationError naming it), never clamps it', () => {
    const outside = fc.constantFrom(...REPUTATION_FACTORS).chain((factor) => {
      const [min, max] = RANGE[factor];
      const above =
        max >= 1e3
          ? fc.constant(Number.POSITIVE_INFINITY)
          : fc.double({ min: max, noNaN: true, minExcluded: true });
      return fc.tuple(
        fc.constant(factor),
        fc.oneof(
          fc.double({ max: min, maxExcluded: true, noNaN: true }).filter((value) => value < min),
          above,
          fc.constant(Number.NaN),
        ),
      );
    });
    fc.assert(
      fc.property(signals, outside, (input, [factor, value]) => {
        expect(() => scoreReputation({ ...input, [factor]: value })).toThrow(
          expect.objectContaining({
            name: 'ValidationError',
            issues: [expect.objectContaining({ path: [factor] })],
          }),
        );
      }),
    );
  });

  it('is deterministic and independent of key order', () => {
    fc.assert(
      fc.property(signals, (input) => {
        const reversed = Object.fromEntries(Object.entries(input).reverse()) as ReputationSignals;
        expect(scoreReputation(reversed)).toEqual(scoreReputation(input));
      }),
    );
  });
});
