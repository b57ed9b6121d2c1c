import { PollinateError } from '@pollinate/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { certify } from './certification.js';
import { publisherDashboard } from './publisher-dashboard.js';
import { aggregateRatings } from './ratings.js';
import { scoreReputation } from './reputation-score.js';
import { screenReviews } from './review-screening.js';
import { findNearDuplicates, wordShingles } from './text-similarity.js';
import { computeTrust } from './trust-propagation.js';

/** Calls fn and accepts only a normal return or a PollinateError: never a raw TypeError or RangeError. */
function onlyTypedErrors(fn: () => unknown): void {
  try {
    fn();
  } catch (error) {
    if (!(error instanceof PollinateError)) throw error;
    expect(error.code).toBe('E_VALIDATION');
  }
}

const junk = fc.anything({
  withNullPrototype: true,
  withBigInt: true,
  withDate: true,
  withSparseArray: true,
  withTypedArray: true,
  withMap: true,
  withSet: true,
});
const junkList = fc.oneof(junk, fc.array(junk, { maxLength: 5 }));

describe('any input: a result or a ValidationError, nothing else', () => {
  it('aggregateRatings', () => {
    fc.assert(
      fc.property(junkList, junk, (reviews, options) =>
        onlyTypedErrors(() => aggregateRatings(reviews as never, options as never)),
      ),
    );
  });
  it('scoreReputation', () => {
    fc.assert(
      fc.property(junk, junk, (signals, options) =>
        onlyTypedErrors(() => scoreReputation(signals as never, options as never)),
      ),
    );
  });
  it('screenReviews', () => {
    fc.assert(
      fc.property(junkList, junk, (reviews, context) =>
        onlyTypedErrors(() => screenReviews(reviews as never, context as never)),
      ),
    );
  });
  it('computeTrust', () => {
    fc.assert(
      fc.property(junkList, junk, (edges, options) =>
        onlyTypedErrors(() => computeTrust(edges as never, options as never)),
      ),
    );
  });
  it('findNearDuplicates and wordShingles', () => {
    fc.assert(
      fc.property(junkList, junk, (texts, options) => {
        onlyTypedErrors(() => findNearDuplicates(texts as never, options as never));
        onlyTypedErrors(() => wordShingles(texts as never, options as never));
      }),
    );
  });
  it('certify', () => {
    fc.assert(fc.property(junk, (evidence) => onlyTypedErrors(() => certify(evidence as never))));
  });
  it('publisherDashboard', () => {
    fc.assert(
      fc.property(junk, junkList, junkList, junkList, (publisher, listings, reviews, events) =>
        onlyTypedErrors(() =>
          publisherDashboard(publisher as never, listings as never, reviews as never, events as never),
        ),
      ),
    );
  });
});
