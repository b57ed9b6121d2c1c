import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cosineAgainst, cosineSimilarity } from './similarity.js';

const key = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f');
const weight = fc.double({ min: 0, max: 1000, noNaN: true, noDefaultInfinity: true });
const signed = fc.double({ min: -1000, max: 1000, noNaN: true, noDefaultInfinity: true });
const nonNegative = fc.oneof(fc.array(key, { maxLength: 6 }), fc.dictionary(key, weight, { maxKeys: 6 }));
const anyVector = fc.oneof(fc.array(key, { maxLength: 6 }), fc.dictionary(key, signed, { maxKeys: 6 }));

describe('cosineSimilarity, properties', () => {
  it('is symmetric', () => {
    fc.assert(
      fc.property(anyVector, anyVector, (a, b) => {
        expect(cosineSimilarity(a, b)).toBe(cosineSimilarity(b, a));
      }),
    );
  });

  it('lies in [0, 1] for non-negative vectors and in [−1, 1] always', () => {
    fc.assert(
      fc.property(nonNegative, nonNegative, (a, b) => {
        const value = cosineSimilarity(a, b);
        expect(value).toBeGreaterThanOrEqual(0);
        expect(value).toBeLessThanOrEqual(1);
      }),
    );
    fc.assert(
      fc.property(anyVector, anyVector, (a, b) => {
        const value = cosineSimilarity(a, b);
        expect(Math.abs(value)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('is 1 for identical non-zero vectors and does not change with scale', () => {
    fc.assert(
      fc.property(
        fc.dictionary(key, fc.double({ min: 0.001, max: 1000, noNaN: true }), { minKeys: 1 }),
        (a) => {
          expect(cosineSimilarity(a, a)).toBeCloseTo(1, 12);
          const scaled = Object.fromEntries(Object.entries(a).map(([k, v]) => [k, v * 7]));
          expect(cosineSimilarity(a, scaled)).toBeCloseTo(1, 12);
        },
      ),
    );
    fc.assert(
      fc.property(fc.array(key, { minLength: 1 }), (set) => {
        expect(cosineSimilarity(set, [...set])).toBeCloseTo(1, 12);
      }),
    );
  });

  it('cosineAgainst(a)(set) is exactly cosineSimilarity(a, set) (recommendations score with it)', () => {
    const feature = fc.constantFrom('category:data', 'tag:retry', 'tag:cache', 'tag:queue', 'tag:saga', 'x');
    fc.assert(
      fc.property(
        fc.dictionary(feature, fc.double({ min: -1e6, max: 1e6, noNaN: true })),
        fc.array(feature, { maxLength: 8 }),
        (weights, set) => {
          expect(cosineAgainst(weights)(set)).toBe(cosineSimilarity(weights, set));
        },
      ),
    );
  });
});
