import { ValidationError } from '@pollinate/core';
import { describe, expect, it } from 'vitest';
import {
  aggregateRatings,
  aggregateRatingsByPattern,
  starRatingLowerBound,
  wilsonLowerBound,
} from './ratings.js';

const many = (rating: number, count: number) => Array.from({ length: count }, () => ({ rating }));

describe('published vectors', () => {
  it("Evan Miller's star-rating lower bound (Dirichlet(1,…,1), z = 1.65)", () => {
    expect(aggregateRatings([]).lowerBound).toBeCloseTo(2.047, 3);
    expect(aggregateRatings([{ rating: 5 }]).lowerBound).toBeCloseTo(2.404, 3);
    expect(aggregateRatings([...many(4, 25), ...many(5, 25)]).lowerBound).toBeCloseTo(4.194, 3);
    expect(starRatingLowerBound([0, 0, 0, 25, 25])).toBeCloseTo(4.194, 3);
  });

  it('Wilson lower bound of 209 positive of 259 at z = 1.96', () => {
    expect(wilsonLowerBound(209, 259)).toBeCloseTo(0.7545, 4);
    const reviews = [
      ...Array.from({ length: 209 }, () => ({ rating: 5, wouldRecommend: true })),
      ...Array.from({ length: 50 }, () => ({ rating: 2, wouldRecommend: false })),
    ];
    expect(aggregateRatings(reviews).recommend).toEqual({
      positive: 209,
      total: 259,
      wilsonLowerBound: expect.closeTo(0.7545, 4),
    });
  });

  it('IMDb weighted rating with an explicit prior', () => {
    // v = 4 reviews of mean R = 4.5; m = 6 pseudo-reviews at C = 3.5 → (4·4.5 + 6·3.5)/10 = 3.9.
    const result = aggregateRatings([...many(4, 2), ...many(5, 2)], { prior: { mean: 3.5, weight: 6 } });
    expect(result.bayesianMean).toBeCloseTo(3.9, 10);
    expect(result.mean).toBe(4.5);
  });
});

describe('aggregateRatings', () => {
  it('counts the distribution and the mean', () => {
    const result = aggregateRatings([{ rating: 1 }, { rating: 3 }, { rating: 3 }, { rating: 5 }]);
    expect(result.count).toBe(4);
    expect(result.distribution).toEqual({ 1: 1, 2: 0, 3: 2, 4: 0, 5: 1 });
    expect(result.mean).toBe(3);
  });

  it('has no mean but a finite prior-based summary without reviews', () => {
    const result = aggregateRatings([]);
    expect(result.mean).toBeNull();
    expect(result.bayesianMean).toBe(3);
    expect(result.recommend).toEqual({ positive: 0, total: 0, wilsonLowerBound: 0 });
  });

  it('with the default prior, bayesianMean is the Dirichlet posterior mean', () => {
    // (4·25 + 5·25 + 3·5) / 55 = 240/55
    expect(aggregateRatings([...many(4, 25), ...many(5, 25)]).bayesianMean).toBeCloseTo(240 / 55, 12);
  });

  it('decays old reviews by half each half-life', () => {
    const now = '2026-11-21T00:00:00Z';
    const result = aggregateRatings(
      [
        { rating: 5, createdAt: '2026-11-21T00:00:00Z' },
        { rating: 1, createdAt: '2026-05-25T00:00:00Z' }, // 180 days old → weight 0.5
      ],
      { halfLifeDays: 180, now },
    );
    expect(result.effectiveCount).toBeCloseTo(1.5, 10);
    expect(result.mean).toBeCloseTo((5 + 0.5) / 1.5, 10);
    expect(result.count).toBe(2);
  });

  it('weighs future-dated reviews as new ones', () => {
    const result = aggregateRatings([{ rating: 4, createdAt: '2027-01-01T00:00:00Z' }], {
      halfLifeDays: 30,
      now: new Date('2026-01-01T00:00:00Z'),
    });
    expect(result.effectiveCount).toBe(1);
  });

  it('down-weights reviews without verified adoption', () => {
    const result = aggregateRatings(
      [
        { rating: 5, verifiedAdoption: true },
        { rating: 1, verifiedAdoption: false },
      ],
      { unverifiedWeight: 0.25 },
    );
    expect(result.mean).toBeCloseTo((5 + 0.25) / 1.25, 10);
  });

  it('rejects bad ratings with a ValidationError naming the path', () => {
    for (const rating of [0, 6, 4.5, Number.NaN, Number.POSITIVE_INFINITY, '5']) {
      try {
        aggregateRatings([{ rating: 4 }, { rating } as never]);
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
        expect((error as ValidationError).code).toBe('E_VALIDATION');
        expect((error as ValidationError).issues[0]?.path).toEqual([1, 'rating']);
      }
    }
    expect(() => aggregateRatings([null as never])).toThrow(ValidationError);
    expect(() => aggregateRatings('nope' as never)).toThrow(ValidationError);
  });

  it('rejects bad options', () => {
    expect(() => aggregateRatings([], { z: -1 })).toThrow(ValidationError);
    expect(() => aggregateRatings([], { z: Number.NaN })).toThrow(ValidationError);
    expect(() => aggregateRatings([], { prior: { mean: 7 } })).toThrow(ValidationError);
    expect(() => aggregateRatings([], { halfLifeDays: 30 })).toThrow(/now/);
    expect(() =>
      aggregateRatings([{ rating: 3 }], { halfLifeDays: 30, now: '2026-01-01T00:00:00Z' }),
    ).toThrow(/createdAt/);
    expect(() => aggregateRatings([], { unverifiedWeight: 2 })).toThrow(ValidationError);
  });
});

describe('aggregateRatingsByPattern', () => {
  const reviews = [
    { patternId: 'acme/retry', rating: 5, wouldRecommend: true },
    { patternId: 'beta/queue', rating: 2, wouldRecommend: false },
    { patternId: 'acme/retry', rating: 4 },
    { patternId: 'beta/queue', rating: 3, verifiedAdoption: true },
  ];

  it('summarizes each pattern like aggregateRatings over its reviews', () => {
    const byPattern = aggregateRatingsByPattern(reviews);
    expect([...byPattern.keys()]).toEqual(['acme/retry', 'beta/queue']);
    expect(byPattern.get('acme/retry')).toEqual(aggregateRatings([reviews[0]!, reviews[2]!]));
    expect(byPattern.get('acme/retry')?.mean).toBe(4.5);
    expect(byPattern.get('beta/queue')?.distribution).toEqual({ 1: 0, 2: 1, 3: 1, 4: 0, 5: 0 });
    expect(byPattern.get('beta/queue')?.recommend).toEqual({ positive: 0, total: 1, wilsonLowerBound: 0 });
  });

  it('applies decay and verification weights per review', () => {
    const options = { halfLifeDays: 30, now: '2026-11-21T00:00:00Z', unverifiedWeight: 0.5 };
    const dated = reviews.map((review, index) => ({
      ...review,
      createdAt: `2026-0${index + 1}-15T12:00:00.000Z`,
    }));
    const byPattern = aggregateRatingsByPattern(dated, options);
    expect(byPattern.get('beta/queue')).toEqual(aggregateRatings([dated[1]!, dated[3]!], options));
    expect(byPattern.get('beta/queue')!.effectiveCount).toBeLessThan(2);
  });

  it('returns an empty map for no reviews', () => {
    expect(aggregateRatingsByPattern([]).size).toBe(0);
  });

  it('names each bad field by its index in the whole list', () => {
    try {
      aggregateRatingsByPattern([
        { patternId: 'acme/retry', rating: 5 },
        { patternId: '', rating: 5 },
        { patternId: 'acme/retry', rating: 7 },
        { rating: 4 } as never,
      ]);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues.map((issue) => issue.path)).toEqual([
        [1, 'patternId'],
        [2, 'rating'],
        [3, 'patternId'],
      ]);
    }
    expect(() => aggregateRatingsByPattern([null as never])).toThrow(ValidationError);
    expect(() => aggregateRatingsByPattern({} as never)).toThrow(ValidationError);
    expect(() => aggregateRatingsByPattern([], { z: 0 })).toThrow(ValidationError);
    expect(() =>
      aggregateRatingsByPattern([{ patternId: 'a/b', rating: 3 }], {
        halfLifeDays: 30,
        now: '2026-01-01T00:00:00Z',
      }),
    ).toThrow(/createdAt/);
  });
});

describe('wilsonLowerBound and starRatingLowerBound', () => {
  it('reject impossible proportions and counts', () => {
    expect(() => wilsonLowerBound(5, 4)).toThrow(ValidationError);
    expect(() => wilsonLowerBound(-1, 4)).toThrow(ValidationError);
    expect(() => starRatingLowerBound([1, 2, 3])).toThrow(ValidationError);
    expect(() => starRatingLowerBound([1, 2, 3, 4, -5])).toThrow(ValidationError);
  });

  it('is 0 for no outcomes and approaches p̂ with many', () => {
    expect(wilsonLowerBound(0, 0)).toBe(0);
    expect(wilsonLowerBound(800_000, 1_000_000)).toBeGreaterThan(0.799);
  });
});
