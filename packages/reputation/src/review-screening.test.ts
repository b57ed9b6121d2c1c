import type { Review } from '@pollinate/core';
import { ValidationError } from '@pollinate/core';
import { describe, expect, it } from 'vitest';
import { screenReviews } from './review-screening.js';

let next = 0;
const review = (overrides: Partial<Review> = {}): Review => ({
  id: `r${next++}`,
  patternId: 'acme/retry',
  reviewer: `user${next}`,
  rating: 4,
  title: '',
  body: '',
  verifiedAdoption: true,
  createdAt: '2026-03-01T12:00:00Z',
  ...overrides,
});
const day = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000).toISOString();
/** Reviewers with several reviews elsewhere, so one-review-account does not apply. */
const seasoned = (ids: string[]) => Object.fromEntries(ids.map((id) => [id, { reviewCount: 10 }]));

describe('screenReviews reasons', () => {
  it('accepts an ordinary population untouched', () => {
    const reviews = Array.from({ length: 30 }, (_, i) =>
      review({ reviewer: `u${i}`, createdAt: day(i * 7), rating: 3 + (i % 3) }),
    );
    const result = screenReviews(reviews, { accounts: seasoned(reviews.map((r) => r.reviewer)) });
    expect(result.flagged).toEqual([]);
    expect(result.accepted).toEqual(reviews);
  });

  it('flags self-review by declared team, account team, team membership and affiliation', () => {
    const reviews = [
      review({ reviewer: 'a', reviewerTeam: 'acme' }),
      review({ reviewer: 'b' }),
      review({ reviewer: 'c' }),
      review({ reviewer: 'd', reviewerTeam: 'acme-labs' }),
      review({ reviewer: 'e', reviewerTeam: 'other' }),
    ];
    const result = screenReviews(reviews, {
      accounts: { ...seasoned(['a', 'c', 'd', 'e']), b: { team: 'acme', reviewCount: 3 } },
      teams: [{ id: 'acme', name: 'Acme', members: ['c'], techStack: {}, adoptedPatterns: [] }],
      affiliatedTeams: { acme: ['acme-labs'] },
    });
    expect(result.flagged.map((entry) => entry.review.reviewer)).toEqual(['a', 'b', 'c', 'd']);
    for (const entry of result.flagged) expect(entry.reasons).toContain('self-review');
    expect(result.accepted.map((r) => r.reviewer)).toEqual(['e']);
  });

  it('flags near-duplicate texts except the earliest of each cluster', () => {
    const text =
      'this retry pattern with jittered exponential backoff fixed our flaky payment calls overnight';
    const reviews = [
      review({ reviewer: 'late', body: `${text}!`, createdAt: day(10) }),
      review({ reviewer: 'first', body: text, createdAt: day(1) }),
      review({ reviewer: 'edit', body: text.replace('overnight', 'within a day'), createdAt: day(5) }),
      review({
        reviewer: 'other',
        body: 'completely different words about circuit breakers and their half open state',
        createdAt: day(3),
      }),
      review({ reviewer: 'short1', body: 'Works great', createdAt: day(2) }),
      review({ reviewer: 'short2', body: 'Works great', createdAt: day(4) }),
    ];
    const result = screenReviews(reviews, { accounts: seasoned(reviews.map((r) => r.reviewer)) });
    expect(result.flagged.map((entry) => entry.review.reviewer).sort()).toEqual(['edit', 'late']);
    for (const entry of result.flagged) expect(entry.reasons).toEqual(['near-duplicate']);
  });

  it('marks bursts relative to the pattern history, and flags them with another reason', () => {
    const history = Array.from({ length: 40 }, (_, i) =>
      review({ reviewer: `old${i}`, createdAt: day(i * 9) }),
    );
    const burst = Array.from({ length: 8 }, (_, i) =>
      review({
        reviewer: `burst${i}`,
        createdAt: new Date(Date.UTC(2026, 5, 1, i)).toISOString(),
        verifiedAdoption: i % 2 === 0,
      }),
    );
    const accounts = seasoned([...history, ...burst].map((r) => r.reviewer));
    const result = screenReviews([...history, ...burst], { accounts });
    const flagged = new Map(result.flagged.map((entry) => [entry.review.reviewer, entry.reasons]));
    for (let i = 0; i < 8; i++) {
      if (i % 2 === 0)
        expect(flagged.has(`burst${i}`)).toBe(false); // burst alone (0.35) is not enough
      else expect(flagged.get(`burst${i}`)).toEqual(['burst', 'unverified-adoption']);
    }
    expect(result.flagged.every((entry) => entry.review.reviewer.startsWith('burst'))).toBe(true);
  });

  it('finds the same bursts whatever the time span, ties and input order', () => {
    // Histories over 40 days and over 9,600 years (too wide to pack time and position into
    // one double: the sort falls back to the comparator); bursts with reviews in the same ms.
    for (const spacingMs of [86_400_000, 240 * 365 * 86_400_000]) {
      const start = Date.UTC(100, 0, 1);
      const history = Array.from({ length: 40 }, (_, i) =>
        review({ reviewer: `old${i}`, createdAt: new Date(start + i * spacingMs).toISOString() }),
      );
      const end = start + 40 * spacingMs;
      const burst = Array.from({ length: 8 }, (_, i) =>
        review({
          reviewer: `burst${i}`,
          createdAt: new Date(end + Math.floor(i / 3) * 3_600_000).toISOString(),
          verifiedAdoption: i % 2 === 0,
        }),
      );
      const reviews = [...history, ...burst];
      const accounts = seasoned(reviews.map((r) => r.reviewer));
      const result = screenReviews(reviews, { accounts });
      expect(result.flagged.map((entry) => entry.review.reviewer)).toEqual([
        'burst1',
        'burst3',
        'burst5',
        'burst7',
      ]);
      const reversed = screenReviews([...reviews].reverse(), { accounts });
      expect(reversed.flagged.map((entry) => entry.review.reviewer).sort()).toEqual(
        result.flagged.map((entry) => entry.review.reviewer).sort(),
      );
    }
  });

  it('does not call a steady high-volume stream a burst', () => {
    // 10 reviews a day for 30 days: 10 in any 24 h window is the normal rate.
    const reviews = Array.from({ length: 300 }, (_, i) =>
      review({
        reviewer: `s${i}`,
        verifiedAdoption: false,
        createdAt: new Date(Date.UTC(2026, 0, 1) + i * 8_640_000).toISOString(),
      }),
    );
    const result = screenReviews(reviews, { accounts: seasoned(reviews.map((r) => r.reviewer)) });
    expect(result.flagged).toEqual([]);
  });

  it('flags a new one-review account that did not adopt', () => {
    const reviews = [
      review({ reviewer: 'fresh', verifiedAdoption: false, createdAt: day(10) }),
      review({ reviewer: 'fresh-verified', verifiedAdoption: true, createdAt: day(10) }),
    ];
    const result = screenReviews(reviews, {
      accounts: { fresh: { createdAt: day(5) }, 'fresh-verified': { createdAt: day(5) } },
    });
    expect(result.flagged).toHaveLength(1);
    expect(result.flagged[0]).toMatchObject({
      review: { reviewer: 'fresh' },
      reasons: ['new-account', 'one-review-account', 'unverified-adoption'],
      suspicion: expect.closeTo(0.6, 10),
    });
  });

  it('measures deviation from the median of verified reviews', () => {
    const consensus = Array.from({ length: 9 }, (_, i) =>
      review({ reviewer: `v${i}`, rating: 5, createdAt: day(i * 20) }),
    );
    const outlier = review({ reviewer: 'harsh', rating: 1, verifiedAdoption: false, createdAt: day(3) });
    const result = screenReviews([...consensus, outlier], {
      accounts: { ...seasoned(consensus.map((r) => r.reviewer)), harsh: { createdAt: day(-400) } },
    });
    expect(result.flagged).toHaveLength(1);
    expect(result.flagged[0]!.reasons).toEqual([
      'one-review-account',
      'rating-deviation',
      'unverified-adoption',
    ]);
  });

  it('lets thresholds and weights be tuned', () => {
    const reviews = [review({ reviewer: 'x', verifiedAdoption: false })];
    expect(screenReviews(reviews).flagged).toHaveLength(0);
    expect(screenReviews(reviews, { weights: { 'unverified-adoption': 0.6 } }).flagged).toHaveLength(1);
    expect(screenReviews(reviews, { thresholds: { flagAt: 0.3 } }).flagged).toHaveLength(1);
  });

  it('keeps flagged reviews visible and unchanged', () => {
    const original = review({ reviewerTeam: 'acme' });
    const snapshot = structuredClone(original);
    const result = screenReviews([original]);
    expect(result.flagged[0]!.review).toEqual(snapshot);
    expect(original).toEqual(snapshot);
  });
});

describe('screenReviews validation', () => {
  it('names the bad field of a review', () => {
    try {
      screenReviews([review(), { ...review(), rating: 9 }]);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues[0]!.path).toEqual([1, 'rating']);
    }
  });

  it('fills defaults of review inputs through core ReviewSchema', () => {
    const input = {
      id: 'x1',
      patternId: 'acme/retry',
      reviewer: 'u',
      rating: 4,
      createdAt: '2026-01-01T00:00:00Z',
    };
    const result = screenReviews([input as Review]);
    expect(result.accepted[0]).toMatchObject({ title: '', body: '', verifiedAdoption: false });
  });

  it('rejects duplicate ids, bad contexts and bad thresholds', () => {
    const a = review();
    expect(() => screenReviews([a, { ...a }])).toThrow(/duplicate review id/);
    expect(() => screenReviews([review()], { thresholds: { flagAt: Number.NaN } })).toThrow(ValidationError);
    expect(() => screenReviews([review()], { accounts: { u: { createdAt: 'yesterday' } } })).toThrow(
      ValidationError,
    );
    expect(() => screenReviews([review()], { teams: [{ id: 'Bad Team' } as never] })).toThrow(
      ValidationError,
    );
    expect(() => screenReviews('x' as never)).toThrow(ValidationError);
    expect(() => screenReviews([review()], null as never)).toThrow(ValidationError);
  });
});

describe('screenReviews with context.aggregate', () => {
  it('rates each pattern from its accepted reviews only', () => {
    const reviews = [
      review({ patternId: 'acme/retry', reviewer: 'a', rating: 5, wouldRecommend: true }),
      review({ patternId: 'acme/saga', reviewer: 'b', rating: 3 }),
      review({ patternId: 'acme/retry', reviewer: 'c', rating: 4, reviewerTeam: 'acme' }), // self-review
    ];
    const result = screenReviews(reviews, { accounts: seasoned(['a', 'b', 'c']), aggregate: {} });
    expect(result.flagged.map((entry) => entry.review.id)).toEqual([reviews[2]!.id]);
    expect([...result.ratingsByPattern!.keys()]).toEqual(['acme/retry', 'acme/saga']);
    expect(result.ratingsByPattern!.get('acme/retry')!.count).toBe(1);
    expect(result.ratingsByPattern!.get('acme/retry')!.recommend).toMatchObject({ positive: 1, total: 1 });
  });

  it('validates the options and wouldRecommend, naming the path', () => {
    try {
      screenReviews([review()], { aggregate: { z: -1 } });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues[0]?.path).toEqual(['aggregate', 'z']);
    }
    const bad = { ...review(), wouldRecommend: 'yes' } as unknown as Review;
    expect(() => screenReviews([bad], { aggregate: {} })).toThrow(ValidationError);
    expect(() => screenReviews([review()], { aggregate: { halfLifeDays: 30 } })).toThrow(/now/);
  });
});
