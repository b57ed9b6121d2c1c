import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  aggregateRatings,
  aggregateRatingsByPattern,
  type PatternRatedItem,
  type RatedItem,
  starRatingLowerBound,
  wilsonLowerBound,
} from './ratings.js';

const reviewFields = {
  rating: fc.integer({ min: 1, max: 5 }),
  verifiedAdoption: fc.boolean(),
  wouldRecommend: fc.boolean(),
  createdAt: fc
    .integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2027, 0, 1) })
    .map((ms) => new Date(ms).toISOString()),
};
const review = fc.record(reviewFields, { requiredKeys: ['rating', 'createdAt'] });
const reviews = fc.array(review, { maxLength: 60 });
const options = fc.record(
  {
    halfLifeDays: fc.double({ min: 1, max: 3650, noNaN: true }),
    unverifiedWeight: fc.double({ min: 0, max: 1, noNaN: true }),
    z: fc.double({ min: 0.5, max: 3, noNaN: true }),
  },
  { requiredKeys: [] },
);
const now = '2026-11-21T00:00:00Z';
const withNow = (o: { halfLifeDays?: number }) => (o.halfLifeDays === undefined ? o : { ...o, now });

describe('aggregateRatings properties', () => {
  it('every figure is finite and in range; lowerBound ≤ posterior mean, and ≤ mean from 3★ up', () => {
    fc.assert(
      fc.property(reviews, options, (items, opts) => {
        const result = aggregateRatings(items, withNow(opts));
        expect(result.lowerBound).toBeGreaterThanOrEqual(1);
        expect(result.lowerBound).toBeLessThanOrEqual(5);
        expect(result.bayesianMean).toBeGreaterThanOrEqual(1);
        expect(result.bayesianMean).toBeLessThanOrEqual(5);
        // The bound lies under the Dirichlet posterior mean, which is bayesianMean with the default prior.
        expect(result.lowerBound).toBeLessThanOrEqual(result.bayesianMean + 1e-12);
        if (result.mean !== null) {
          expect(result.mean).toBeGreaterThanOrEqual(1);
          expect(result.mean).toBeLessThanOrEqual(5);
          // It lies under the sample mean too whenever that is at or above the prior mean 3★
          // (below it, the uniform prior pulls the bound up: one 1★ review gives 1.737 > 1).
          if (result.mean >= 3) expect(result.lowerBound).toBeLessThanOrEqual(result.mean + 1e-12);
        }
        const { wilsonLowerBound: w, positive, total } = result.recommend;
        expect(w).toBeGreaterThanOrEqual(0);
        expect(w).toBeLessThanOrEqual(1);
        if (opts.halfLifeDays === undefined && opts.unverifiedWeight === undefined && total > 0) {
          expect(w).toBeLessThanOrEqual(positive / total + 1e-12);
        }
        expect(Number.isFinite(result.effectiveCount)).toBe(true);
      }),
    );
  });

  it('does not depend on input order', () => {
    fc.assert(
      fc.property(
        reviews.chain((items) =>
          fc.tuple(fc.constant(items), fc.shuffledSubarray(items, { minLength: items.length })),
        ),
        options,
        ([items, shuffled], opts) => {
          const a = aggregateRatings(items, withNow(opts));
          const b = aggregateRatings(shuffled, withNow(opts));
          expect(b.count).toBe(a.count);
          expect(b.distribution).toEqual(a.distribution);
          expect(b.lowerBound).toBeCloseTo(a.lowerBound, 9);
          expect(b.bayesianMean).toBeCloseTo(a.bayesianMean, 9);
        },
      ),
    );
  });

  it('a 5★ review never lowers mean, bayesianMean or lowerBound; a 1★ never raises them', () => {
    fc.assert(
      fc.property(reviews, review, options, (items, extra, opts) => {
        const before = aggregateRatings(items, withNow(opts));
        const up = aggregateRatings([...items, { ...extra, rating: 5 }], withNow(opts));
        const down = aggregateRatings([...items, { ...extra, rating: 1 }], withNow(opts));
        expect(up.lowerBound).toBeGreaterThanOrEqual(before.lowerBound - 1e-12);
        expect(up.bayesianMean).toBeGreaterThanOrEqual(before.bayesianMean - 1e-12);
        expect(down.lowerBound).toBeLessThanOrEqual(before.lowerBound + 1e-12);
        expect(down.bayesianMean).toBeLessThanOrEqual(before.bayesianMean + 1e-12);
        if (before.mean !== null && up.mean !== null && down.mean !== null) {
          expect(up.mean).toBeGreaterThanOrEqual(before.mean - 1e-12);
          expect(down.mean).toBeLessThanOrEqual(before.mean + 1e-12);
        }
      }),
    );
  });

  it('the star bound is monotone in large counts too', () => {
    const counts = fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: 5, maxLength: 5 });
    fc.assert(
      fc.property(counts, (n) => {
        const base = starRatingLowerBound(n);
        expect(starRatingLowerBound([n[0]!, n[1]!, n[2]!, n[3]!, n[4]! + 1])).toBeGreaterThanOrEqual(
          base - 1e-12,
        );
        expect(starRatingLowerBound([n[0]! + 1, n[1]!, n[2]!, n[3]!, n[4]!])).toBeLessThanOrEqual(
          base + 1e-12,
        );
      }),
    );
  });

  it('Wilson lower bound lies in [0, p̂] and rises with positives', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (total, share) => {
          const positive = Math.floor(share * total);
          const bound = wilsonLowerBound(positive, total);
          expect(bound).toBeGreaterThanOrEqual(0);
          expect(bound).toBeLessThanOrEqual(positive / total + 1e-12);
          if (positive < total) expect(wilsonLowerBound(positive + 1, total)).toBeGreaterThanOrEqual(bound);
        },
      ),
    );
  });

  it('any malformed rating is rejected, never turned into NaN', () => {
    const bad = fc.oneof(
      fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0, 6, -3, 2.5),
      fc.string(),
      fc.constant(undefined),
    );
    fc.assert(
      fc.property(reviews, bad, (items, rating) => {
        expect(() => aggregateRatings([...items, { rating } as unknown as RatedItem])).toThrow(/rating/);
      }),
    );
  });
});

describe('aggregateRatingsByPattern properties', () => {
  const patternReview = fc.record(
    {
      patternId: fc.constantFrom('acme/retry', 'acme/cache', 'beta/queue', 'c/x', 'toString', '__proto__'),
      ...reviewFields,
    },
    { requiredKeys: ['patternId', 'rating', 'createdAt'] },
  );

  it("equals aggregateRatings over each pattern's reviews, in order of first review", () => {
    fc.assert(
      fc.property(fc.array(patternReview, { maxLength: 80 }), options, (items, opts) => {
        const groups = new Map<string, PatternRatedItem[]>();
        for (const item of items) {
          const group = groups.get(item.patternId);
          if (group) group.push(item);
          else groups.set(item.patternId, [item]);
        }
        const byPattern = aggregateRatingsByPattern(items, withNow(opts));
        expect([...byPattern.keys()]).toEqual([...groups.keys()]);
        for (const [patternId, group] of groups) {
          // Bit for bit: toEqual compares numbers with Object.is.
          expect(byPattern.get(patternId)).toEqual(aggregateRatings(group, withNow(opts)));
        }
      }),
    );
  });

  it('rejects what aggregateRatings rejects, with the path into the whole list', () => {
    const bad = fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, 0, 6, 2.5, '4', undefined);
    fc.assert(
      fc.property(fc.array(patternReview, { maxLength: 20 }), bad, (items, rating) => {
        const input = [...items, { patternId: 'acme/retry', rating } as unknown as PatternRatedItem];
        expect(() => aggregateRatingsByPattern(input)).toThrow(/rating/);
      }),
    );
  });
});
