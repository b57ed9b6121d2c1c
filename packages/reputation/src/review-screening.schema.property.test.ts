import { ReviewSchema, ValidationError } from '@pollinate/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { screenReviews } from './review-screening.js';

/** A value from `valid` most of the time, else one of the edge or wrong values in `invalid`. */
const field = (valid: fc.Arbitrary<unknown>, invalid: fc.Arbitrary<unknown>) =>
  fc.oneof(
    { weight: 3, arbitrary: valid },
    { weight: 2, arbitrary: invalid },
    { weight: 1, arbitrary: fc.anything() },
  );

const sized = (length: number) => fc.constant('x'.repeat(length));
const times = fc.constantFrom(
  '2026-01-05T10:00:00Z',
  '2026-01-05T10:00:00.123Z',
  '2026-01-05T10:00:00.123456789+05:30',
  '2026-01-05T10:00:00-23:59',
  '2024-02-29T00:00:00Z',
  '0001-01-01T00:00:00Z',
);
const badTimes = fc.constantFrom(
  '2026-01-05',
  '2026-01-05T10:00Z',
  '2026-01-05 10:00:00Z',
  '2026-01-05T10:00:00',
  '2026-01-05T10:00:00+0530',
  '2023-02-29T00:00:00Z',
  '2026-13-01T00:00:00Z',
  '2026-01-05T24:00:00Z',
  '2026-01-05T10:00:60Z',
  '2026-01-05T10:00:00z',
  'soon',
  '',
);

/** Reviews near the schema's edges: each field valid, at a limit, just past it, or anything at all; keys dropped or added. */
const reviewLike = fc
  .tuple(
    fc.record(
      {
        id: field(fc.constantFrom('r1', 'x'.repeat(200)), fc.oneof(sized(201), sized(210), fc.constant(''))),
        patternId: field(
          fc.constantFrom('acme/retry', 'beta.x/a_b-c'),
          fc.constantFrom('Acme/retry', 'acme', '/retry', `acme/${'x'.repeat(215)}`, 'acme/-x'),
        ),
        version: field(
          fc.constantFrom('1.2.3', '1.0.0-rc.1', '1.0.0+build.5', undefined),
          fc.constantFrom('nope', 'v1.2.3', '01.2.3', '1.2', '=1.2.3', ' 1.2.3'),
        ),
        reviewer: field(fc.constantFrom('u1', 'y'.repeat(200)), fc.oneof(sized(201), fc.constant(''))),
        reviewerTeam: field(
          fc.constantFrom('acme', 'gamma.team', 't'.repeat(100), undefined),
          fc.constantFrom('Acme', '', 't'.repeat(101), '-acme', 'acme/x'),
        ),
        rating: field(fc.integer({ min: 1, max: 5 }), fc.constantFrom(0, 6, 2.5, -0, Number.NaN, '5', 1e300)),
        aspects: field(
          fc.constantFrom({ stability: 3 }, { performance: 5, documentation: 1 }, {}, undefined, {
            stability: undefined,
          }),
          fc.constantFrom({ stability: 9 }, { stability: 2.5 }, { speed: 3 }, [], null, 'great'),
        ),
        title: field(fc.constantFrom('', 'Solid', 'x'.repeat(200)), fc.oneof(sized(201), fc.constant(7))),
        body: field(
          fc.constantFrom('', 'works well', 'x'.repeat(20_000)),
          fc.oneof(sized(20_001), sized(30_000)),
        ),
        wouldRecommend: field(fc.constantFrom(true, false, undefined), fc.constantFrom('yes', 0, null)),
        pros: field(
          fc.constantFrom(
            ['fast'],
            [],
            ['x'.repeat(200)],
            Array.from({ length: 10 }, (_, i) => `p${i}`),
            undefined,
          ),
          fc.constantFrom(
            [''],
            ['   '],
            ['x'.repeat(201)],
            Array.from({ length: 11 }, (_, i) => `p${i}`),
            'fast',
            [3],
            // biome-ignore lint/suspicious/noSparseArray: a hole is one of the edges
            [, 'a'],
          ),
        ),
        cons: field(fc.constantFrom(['no jitter'], undefined), fc.constantFrom([''], {}, [null])),
        useCase: field(
          fc.constantFrom('', 'payments', 'x'.repeat(1000), undefined),
          fc.oneof(sized(1001), fc.constant(5)),
        ),
        performanceImpact: field(
          fc.constantFrom('improved', 'neutral', 'degraded', undefined),
          fc.constantFrom('better', 'Improved', '', 1),
        ),
        integrationEffort: field(
          fc.constantFrom('hours', 'days', 'weeks', 'months', undefined),
          fc.constantFrom('years', 'Days', 2, null),
        ),
        verifiedAdoption: field(fc.boolean(), fc.constantFrom('true', 1, null)),
        createdAt: field(times, badTimes),
      },
      {
        requiredKeys: [],
      },
    ),
    fc.option(
      fc.dictionary(fc.constantFrom('extra', 'pro', 'pros', 'Rating', 'toString', 'id'), fc.anything()),
      {
        nil: undefined,
      },
    ),
  )
  .map(([review, extra]) => (extra === undefined ? review : { ...review, ...extra }));

/** Whether screenReviews takes the input (else it must throw a ValidationError). */
function screenAccepts(reviews: unknown[]): { ok: true; parsed: unknown[] } | { ok: false } {
  try {
    const { accepted, flagged } = screenReviews(reviews as never);
    const parsed = [...accepted, ...flagged.map((entry) => entry.review)];
    return { ok: true, parsed };
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return { ok: false };
  }
}

describe('one definition of a valid review', () => {
  it('screenReviews accepts a review iff ReviewSchema does, and takes it as the schema parses it', () => {
    fc.assert(
      fc.property(
        fc.oneof({ weight: 5, arbitrary: reviewLike }, { weight: 1, arbitrary: fc.anything() }),
        (input) => {
          const schema = ReviewSchema.safeParse(input);
          const screened = screenAccepts([input]);
          expect(screened.ok).toBe(schema.success);
          if (screened.ok && schema.success) expect(screened.parsed).toEqual([schema.data]);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('holds inside a batch: valid reviews around one arbitrary review', () => {
    const valid = (id: string) => ({
      id,
      patternId: 'acme/retry',
      reviewer: id,
      rating: 4,
      title: '',
      body: 'works',
      verifiedAdoption: true,
      createdAt: '2026-01-05T10:00:00Z',
    });
    fc.assert(
      fc.property(reviewLike, fc.nat(5), (input, position) => {
        // A distinct id, so a repeated id (which the schema cannot see) is not the difference.
        const candidate = {
          ...input,
          ...(typeof input.id === 'string' ? { id: `candidate-${input.id}` } : {}),
        };
        const batch: unknown[] = [valid('a'), valid('b'), valid('c'), valid('d'), valid('e')];
        batch.splice(position, 0, candidate);
        const schema = ReviewSchema.safeParse(candidate);
        expect(screenAccepts(batch).ok).toBe(schema.success);
      }),
      { numRuns: 400 },
    );
  });

  it('rejects each kind of review the old hand-written check let through', () => {
    const base = {
      id: 'r1',
      patternId: 'acme/retry',
      reviewer: 'u1',
      rating: 4,
      title: '',
      body: 'fine',
      verifiedAdoption: false,
      createdAt: '2026-01-05T10:00:00Z',
    };
    const cases: Record<string, object> = {
      '210-character id': { id: 'i'.repeat(210) },
      '210-character reviewer': { reviewer: 'u'.repeat(210) },
      '30,000-character body': { body: 'b'.repeat(30_000) },
      '201-character title': { title: 't'.repeat(201) },
      'unknown key': { pro: ['fast'] },
      'blank pro': { pros: ['  '] },
      'eleven cons': { cons: Array.from({ length: 11 }, (_, i) => `c${i}`) },
      'unknown integration effort': { integrationEffort: 'years' },
      'aspect out of range': { aspects: { stability: 9 } },
      'version that is not semver': { version: 'nope' },
      'date without a time': { createdAt: '2026-01-05' },
      'bad reviewer team': { reviewerTeam: 'Not A Team' },
    };
    for (const [name, change] of Object.entries(cases)) {
      const review = { ...base, ...change };
      expect(ReviewSchema.safeParse(review).success, name).toBe(false);
      expect(() => screenReviews([review as never]), name).toThrow(ValidationError);
    }
    expect(screenReviews([base as never]).accepted).toHaveLength(1);
  });
});
