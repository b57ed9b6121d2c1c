import type { Review } from '@pollinate/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregateRatingsByPattern } from './ratings.js';
import { SCREENING_REASONS, screenReviews } from './review-screening.js';

const words = [
  'retry',
  'backoff',
  'works',
  'great',
  'flaky',
  'calls',
  'saga',
  'outbox',
  'cache',
  'queue',
  'fast',
];
const reviewArbitrary = (index: number) =>
  fc.record({
    id: fc.constant(`r${index}`),
    patternId: fc.constantFrom('acme/retry', 'acme/saga', 'beta/cache'),
    reviewer: fc.constantFrom('u1', 'u2', 'u3', 'u4', 'u5', 'u6'),
    reviewerTeam: fc.constantFrom('acme', 'beta', 'gamma'),
    rating: fc.integer({ min: 1, max: 5 }),
    title: fc.constant(''),
    body: fc.array(fc.constantFrom(...words), { maxLength: 12 }).map((list) => list.join(' ')),
    verifiedAdoption: fc.boolean(),
    createdAt: fc
      .integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2026, 0, 20) })
      .map((ms) => new Date(ms).toISOString()),
  });
const reviewsArbitrary = fc
  .integer({ min: 0, max: 40 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => reviewArbitrary(i))));

describe('screenReviews properties', () => {
  it('partitions the input: every review is accepted or flagged, once, in input order', () => {
    fc.assert(
      fc.property(reviewsArbitrary, (reviews: Review[]) => {
        const { accepted, flagged } = screenReviews(reviews);
        const ids = [...accepted.map((r) => r.id), ...flagged.map((f) => f.review.id)];
        expect(ids.sort()).toEqual(reviews.map((r) => r.id).sort());
        const position = new Map(reviews.map((r, i) => [r.id, i]));
        const acceptedPositions = accepted.map((r) => position.get(r.id)!);
        expect(acceptedPositions).toEqual([...acceptedPositions].sort((a, b) => a - b));
        for (const entry of flagged) {
          expect(entry.reasons.length).toBeGreaterThan(0);
          expect(entry.suspicion).toBeGreaterThanOrEqual(0.5);
        }
      }),
    );
  });

  it('reads reviews one by one (a review the schema must complete) with the same result as the fast path', () => {
    fc.assert(
      fc.property(reviewsArbitrary, fc.nat(), fc.boolean(), (reviews: Review[], pick, withAccounts) => {
        fc.pre(reviews.length > 0);
        // Without its title, a review fails the quick check: core's schema fills in '' and
        // every review is then read one at a time.
        const { title: _title, ...untitled } = reviews[pick % reviews.length]!;
        const completed = reviews.map((review, index) =>
          index === pick % reviews.length ? untitled : review,
        );
        const context = withAccounts
          ? { accounts: { u1: { createdAt: '2026-01-10T00:00:00Z' } }, aggregate: {} }
          : {};
        const fast = screenReviews(reviews, context);
        const oneByOne = screenReviews(completed as Review[], context);
        expect(oneByOne.accepted).toEqual(fast.accepted);
        expect(oneByOne.flagged).toEqual(fast.flagged);
        expect(oneByOne.ratingsByPattern).toEqual(fast.ratingsByPattern);
      }),
    );
  });

  it('marks exactly the reviews in a burst window (the documented rule, checked by brute force)', () => {
    const HOUR = 3_600_000;
    const burstCase = fc.record({
      windowHours: fc.integer({ min: 1, max: 72 }),
      minReviews: fc.integer({ min: 2, max: 8 }),
      factor: fc.integer({ min: 1, max: 6 }),
      // Hours to years of history (past the bucket count where the pigeonhole test gives up).
      spanHours: fc.constantFrom(6, 200, 2_000, 90_000),
      background: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 0, maxLength: 40 }),
      // A cluster spread over up to one window, so it often straddles two of the test's buckets.
      cluster: fc.record({
        at: fc.double({ min: 0, max: 1, noNaN: true }),
        size: fc.nat(12),
        spread: fc.double({ min: 0, max: 1, noNaN: true }),
      }),
    });
    fc.assert(
      fc.property(burstCase, ({ windowHours, minReviews, factor, spanHours, background, cluster }) => {
        const start = Date.UTC(2026, 0, 1);
        const offsets = [
          ...background.map((f) => Math.round(f * spanHours * HOUR)),
          ...Array.from(
            { length: cluster.size },
            (_, k) =>
              Math.round(cluster.at * spanHours * HOUR) +
              Math.round((k / Math.max(1, cluster.size - 1)) * cluster.spread * windowHours * HOUR),
          ),
        ];
        const reviews: Review[] = offsets.map((offset, index) => ({
          id: `r${String(index).padStart(3, '0')}`,
          patternId: 'acme/retry',
          reviewer: `u${index}`,
          rating: 4,
          title: '',
          body: '',
          verifiedAdoption: true,
          createdAt: new Date(start + offset).toISOString(),
        }));
        const weights = Object.fromEntries(
          SCREENING_REASONS.map((reason) => [reason, reason === 'burst' ? 1 : 0]),
        );
        const { flagged } = screenReviews(reviews, {
          thresholds: { burstWindowHours: windowHours, burstMinReviews: minReviews, burstFactor: factor },
          weights,
        });
        const found = flagged
          .filter((entry) => entry.reasons.includes('burst'))
          .map((entry) => entry.review.id);
        // The rule, by brute force: each window ends at a review and reaches back one window.
        const sorted = [...reviews].sort(
          (a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id),
        );
        const times = sorted.map((review) => Date.parse(review.createdAt));
        const windowMs = windowHours * HOUR;
        const span = times.length > 0 ? times[times.length - 1]! - times[0]! : 0;
        const inBurst = new Set<string>();
        if (sorted.length >= minReviews) {
          for (let right = 0; right < sorted.length; right++) {
            let left = 0;
            while (times[right]! - times[left]! > windowMs) left++;
            const inWindow = right - left + 1;
            const outside = sorted.length - inWindow;
            const expected = (outside / Math.max(span - windowMs, windowMs)) * windowMs;
            if (inWindow >= minReviews && (outside === 0 || inWindow >= factor * expected)) {
              for (let k = left; k <= right; k++) inBurst.add(sorted[k]!.id);
            }
          }
        }
        expect(found.sort()).toEqual([...inBurst].sort());
      }),
      { numRuns: 300 },
    );
  });

  it('does not depend on input order', () => {
    fc.assert(
      fc.property(
        reviewsArbitrary.chain((reviews: Review[]) =>
          fc.tuple(fc.constant(reviews), fc.shuffledSubarray(reviews, { minLength: reviews.length })),
        ),
        ([reviews, shuffled]) => {
          const a = screenReviews(reviews);
          const b = screenReviews(shuffled);
          const summary = (result: typeof a) =>
            new Map(result.flagged.map((entry) => [entry.review.id, entry.reasons.join(',')]));
          expect(summary(b)).toEqual(summary(a));
        },
      ),
    );
  });

  it('ratingsByPattern equals aggregateRatingsByPattern over the accepted reviews, in the same order', () => {
    const aggregateOptions = fc.record(
      {
        halfLifeDays: fc.double({ min: 1, max: 3650, noNaN: true }),
        unverifiedWeight: fc.double({ min: 0, max: 1, noNaN: true }),
        z: fc.double({ min: 0.5, max: 3, noNaN: true }),
        prior: fc.record({ mean: fc.double({ min: 1, max: 5, noNaN: true }) }),
      },
      { requiredKeys: [] },
    );
    const withAnswers = reviewsArbitrary.chain((reviews: Review[]) =>
      fc.tuple(
        ...reviews.map((review) =>
          fc
            .constantFrom(undefined, true, false)
            .map((answer) => (answer === undefined ? review : { ...review, wouldRecommend: answer })),
        ),
      ),
    );
    fc.assert(
      fc.property(withAnswers, aggregateOptions, (reviews: Review[], options) => {
        const aggregate =
          options.halfLifeDays === undefined ? options : { ...options, now: '2026-01-10T00:00:00Z' };
        const result = screenReviews(reviews, { aggregate });
        expect([...result.ratingsByPattern!]).toEqual([
          ...aggregateRatingsByPattern(result.accepted, aggregate),
        ]);
        expect(screenReviews(reviews).ratingsByPattern).toBeUndefined();
      }),
    );
  });
});
