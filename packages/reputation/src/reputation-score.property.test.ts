import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  REPUTATION_FACTORS,
  type ReputationFactor,
  type ReputationSignals,
  scoreReputation,
} from './reputation-score.js';

const NEGATIVE = new Set<string>(['supportResponsiveness', 'bugFrequency', 'breakingChanges']);
const anyNumber = fc.oneof(
  fc.double({ min: -1e7, max: 1e8, noNaN: true }),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0, -1, 100, 5),
);
const signals: fc.Arbitrary<ReputationSignals> = fc.record(
  Object.fromEntries(REPUTATION_FACTORS.map((factor) => [factor, anyNumber])) as Record<
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
        fc.double({ min: -1e7, max: 1e8, noNaN: true }),
        fc.double({ min: 0, max: 1e7, noNaN: true }),
        (input, w, factor, start, step) => {
          const before = scoreReputation({ ...input, [factor]: start }, { weights: w });
          const improved = NEGATIVE.has(factor) ? start - step : start + step;
          const after = scoreReputation({ ...input, [factor]: improved }, { weights: w });
          expect(after.overall).toBeGreaterThanOrEqual(before.overall - 1e-9);
        },
      ),
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
