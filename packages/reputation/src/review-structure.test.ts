import { INTEGRATION_EFFORTS, type Review, ValidationError } from '@pollinate/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregateReviewStructure } from './review-structure.js';

const review = (id: string, extra: Partial<Review>): Review => ({
  id,
  patternId: 'acme/retry',
  reviewer: `u-${id}`,
  rating: 4,
  title: '',
  body: '',
  verifiedAdoption: false,
  createdAt: '2026-12-01T10:00:00Z',
  ...extra,
});

describe('aggregateReviewStructure', () => {
  it('counts each pro and con once per review, merging case, spacing and end punctuation', () => {
    const summary = aggregateReviewStructure([
      review('r1', { pros: ['Clear API', 'clear  api!'], cons: ['No jitter'] }),
      review('r2', { pros: ['clear api.', 'Small'], cons: ['no jitter'] }),
      review('r3', { pros: ['Clear API'], useCase: 'webhooks', performanceImpact: 'improved' }),
      review('r4', {}),
    ]);
    expect(summary.reviews).toBe(4);
    expect(summary.structured).toBe(3);
    expect(summary.topPros).toEqual([
      { text: 'Clear API', count: 3 },
      { text: 'Small', count: 1 },
    ]);
    expect(summary.topCons).toEqual([{ text: 'No jitter', count: 2 }]);
    expect(summary.useCases).toBe(1);
    expect(summary.performanceImpact).toEqual({ improved: 1, neutral: 0, degraded: 0 });
    expect(summary.integrationEffort).toEqual({
      distribution: { hours: 0, days: 0, weeks: 0, months: 0 },
      median: null,
      answered: 0,
    });
  });

  it('takes the lower median of integration effort', () => {
    const efforts = ['hours', 'days', 'weeks', 'months'] as const;
    const median = (list: readonly (typeof efforts)[number][]) =>
      aggregateReviewStructure(list.map((integrationEffort, i) => review(`r${i}`, { integrationEffort })))
        .integrationEffort.median;
    expect(median(['weeks'])).toBe('weeks');
    expect(median(['hours', 'months'])).toBe('hours');
    expect(median(['hours', 'days', 'days', 'months'])).toBe('days');
    expect(median(['days', 'weeks', 'weeks'])).toBe('weeks');
  });

  it('limits the top lists and rejects bad input with the path of the field', () => {
    const many = Array.from({ length: 12 }, (_, i) => review(`r${i}`, { pros: [`point ${i % 7}`] }));
    expect(aggregateReviewStructure(many, { top: 2 }).topPros).toEqual([
      { text: 'point 0', count: 2 },
      { text: 'point 1', count: 2 },
    ]);
    expect(() => aggregateReviewStructure([review('r1', { pros: [''] })])).toThrow(ValidationError);
    const bad = [review('r1', {}), { ...review('r2', {}), integrationEffort: 'years' } as never];
    expect(() => aggregateReviewStructure(bad)).toThrow(
      expect.objectContaining({ issues: [expect.objectContaining({ path: [1, 'integrationEffort'] })] }),
    );
    expect(() => aggregateReviewStructure([], { top: -1 })).toThrow(ValidationError);
  });

  it('does not depend on review order, and the median splits the answers in half', () => {
    const structured = fc.record({
      pros: fc.option(fc.array(fc.constantFrom('Fast', 'fast!', 'Small', 'Clear docs'), { maxLength: 4 }), {
        nil: undefined,
      }),
      integrationEffort: fc.option(fc.constantFrom(...INTEGRATION_EFFORTS), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(structured, { maxLength: 30 }), fc.infiniteStream(fc.nat()), (parts, seeds) => {
        const reviews = parts.map((part, i) =>
          review(`r${i}`, {
            ...(part.pros ? { pros: part.pros } : {}),
            ...(part.integrationEffort ? { integrationEffort: part.integrationEffort } : {}),
          }),
        );
        const shuffled = [...reviews];
        for (let i = shuffled.length - 1; i > 0; i--) {
          const j = seeds.next().value % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
        }
        const a = aggregateReviewStructure(reviews, { top: 100 });
        const b = aggregateReviewStructure(shuffled, { top: 100 });
        expect(b.topPros.map((p) => [p.text.toLowerCase().replace(/!$/, ''), p.count])).toEqual(
          a.topPros.map((p) => [p.text.toLowerCase().replace(/!$/, ''), p.count]),
        );
        expect(b.integrationEffort).toEqual(a.integrationEffort);
        for (const point of a.topPros) expect(point.count).toBeLessThanOrEqual(reviews.length);
        const { median, distribution, answered } = a.integrationEffort;
        if (median === null) expect(answered).toBe(0);
        else {
          const rank = INTEGRATION_EFFORTS.indexOf(median);
          const atOrBelow = INTEGRATION_EFFORTS.slice(0, rank + 1).reduce((s, l) => s + distribution[l], 0);
          const below = atOrBelow - distribution[median];
          expect(atOrBelow * 2).toBeGreaterThanOrEqual(answered);
          expect(below * 2).toBeLessThan(answered);
        }
      }),
    );
  });
});
