import { isValidationError } from '@pollinate/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuseRankings } from './rank-fusion.js';

describe('fuseRankings, reciprocal rank fusion (Cormack et al. 2009)', () => {
  it('matches hand-computed RRF scores with k = 60', () => {
    // a: 1/61 + 1/63 + 1/61; b: 1/62 + 1/61; c: 1/63 + 1/62 + 1/62
    const fused = fuseRankings(
      [
        ['a', 'b', 'c'],
        ['b', 'c', 'a'],
        ['a', 'c'],
      ],
      { method: 'rrf', k: 60 },
    );
    expect(fused.map((item) => item.id)).toEqual(['a', 'c', 'b']);
    expect(fused[0]?.score).toBeCloseTo(0.0486604, 6);
    expect(fused[1]?.score).toBeCloseTo(0.0481311, 6);
    expect(fused[2]?.score).toBeCloseTo(0.0325224, 6);
    expect(fused[0]?.contributions).toEqual([
      { ranking: '0', rank: 1, contribution: 1 / 61 },
      { ranking: '1', rank: 3, contribution: 1 / 63 },
      { ranking: '2', rank: 1, contribution: 1 / 61 },
    ]);
  });

  it('uses k: a small k rewards top ranks more', () => {
    // x is 1st and 10th; y is 3rd twice.
    const rankings = [
      ['x', 'p1', 'y', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8', 'p9'],
      ['q0', 'q1', 'y', 'q3', 'q4', 'q5', 'q6', 'q7', 'q8', 'x'],
    ];
    const small = fuseRankings(rankings, { k: 1 });
    const large = fuseRankings(rankings, { k: 60 });
    const position = (items: { id: string }[], id: string) => items.findIndex((item) => item.id === id);
    // k = 1: x = 1/2 + 1/11 = 0.591 > y = 2/4 = 0.5; k = 60: x = 1/61 + 1/70 = 0.03068 < y = 2/63 = 0.03175
    expect(position(small, 'x')).toBeLessThan(position(small, 'y'));
    expect(position(large, 'y')).toBeLessThan(position(large, 'x'));
  });

  it('weights rankings and ignores later duplicates', () => {
    const fused = fuseRankings(
      [
        { name: 'text', weight: 2, items: ['a', 'b', 'a'] },
        { name: 'rating', weight: 1, items: ['b'] },
      ],
      { method: 'rrf', k: 60 },
    );
    // a: 2/61; b: 2/62 + 1/61
    expect(fused.map((item) => [item.id, item.score])).toEqual([
      ['b', 2 / 62 + 1 / 61],
      ['a', 2 / 61],
    ]);
    expect(fused[1]?.contributions).toHaveLength(1);
  });

  it('breaks ties by best rank, then by id, and honours limit', () => {
    const fused = fuseRankings([['b', 'a'], ['a', 'b'], ['c']], { limit: 2 });
    // a and b tie at 1/61 + 1/62; c has 1/61 and best rank 1 too but a lower score.
    expect(fused.map((item) => item.id)).toEqual(['a', 'b']);
  });
});

describe('fuseRankings, weighted CombSUM', () => {
  it('min–max normalizes each ranking, then sums with weights', () => {
    const fused = fuseRankings(
      [
        {
          name: 'text',
          weight: 1,
          items: [
            { id: 'a', score: 12 },
            { id: 'b', score: 6 },
            { id: 'c', score: 2 },
          ],
        },
        {
          name: 'rating',
          weight: 0.5,
          items: [
            { id: 'c', score: 5 },
            { id: 'b', score: 4 },
            { id: 'a', score: 1 },
          ],
        },
      ],
      { method: 'weighted' },
    );
    // text: a 1, b 0.4, c 0; rating: c 1, b 0.75, a 0
    expect(fused.map((item) => [item.id, Number(item.score.toFixed(6))])).toEqual([
      ['a', 1],
      ['b', 0.775],
      ['c', 0.5],
    ]);
  });

  it('scores unscored rankings by rank: (n − rank) / (n − 1)', () => {
    const fused = fuseRankings([['a', 'b', 'c']], { method: 'weighted' });
    expect(fused.map((item) => item.score)).toEqual([1, 0.5, 0]);
    expect(fuseRankings([['only']], { method: 'weighted' })[0]?.score).toBe(1);
  });

  it('takes scores as given with normalization "none"', () => {
    const fused = fuseRankings(
      [
        { weight: 2, items: [{ id: 'a', score: 0.5 }] },
        { weight: 1, items: [{ id: 'a', score: 0.25 }] },
      ],
      { method: 'weighted', normalization: 'none' },
    );
    expect(fused[0]?.score).toBe(1.25);
  });
});

describe('fuseRankings, bad input', () => {
  it.each([
    [[['a']], { k: 0 }],
    [[['a']], { method: 'borda' }],
    [[{ weight: -1, items: ['a'] }], {}],
    [[[{ id: 'a', score: Number.NaN }]], { method: 'weighted' }],
    [[[42]], {}],
  ])('throws a ValidationError for %j %j', (rankings, options) => {
    expect(() => fuseRankings(rankings as never, options as never)).toThrowError(
      expect.objectContaining({ code: 'E_VALIDATION' }),
    );
    try {
      fuseRankings(rankings as never, options as never);
    } catch (error) {
      expect(isValidationError(error)).toBe(true);
    }
  });
});

describe('fuseRankings, properties', () => {
  const ranking = fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g'), { maxLength: 7 });

  it('an item first in every ranking is first after RRF, and scores are non-increasing', () => {
    fc.assert(
      fc.property(fc.array(ranking, { minLength: 1, maxLength: 5 }), (rankings) => {
        const withTop = rankings.map((items) => ['top', ...items]);
        const fused = fuseRankings(withTop);
        expect(fused[0]?.id).toBe('top');
        for (let i = 1; i < fused.length; i++)
          expect((fused[i - 1] as { score: number }).score).toBeGreaterThanOrEqual(
            (fused[i] as { score: number }).score,
          );
      }),
    );
  });

  it('the result does not depend on the order of the rankings, and holds every item once', () => {
    fc.assert(
      fc.property(fc.array(ranking, { maxLength: 5 }), (rankings) => {
        const forward = fuseRankings(rankings);
        const backward = fuseRankings([...rankings].reverse());
        expect(backward.map((item) => item.id)).toEqual(forward.map((item) => item.id));
        expect(new Set(forward.map((item) => item.id))).toEqual(new Set(rankings.flat()));
      }),
    );
    // Found by the property: summed in ranking order, e and b differed in the last bit.
    const found = [
      ['e', 'g', 'f', 'd', 'a', 'c', 'b'],
      ['b', 'e'],
      ['c', 'b', 'f', 'd', 'g', 'a', 'e'],
    ];
    expect(fuseRankings([...found].reverse()).map((item) => item.id)).toEqual(
      fuseRankings(found).map((item) => item.id),
    );
  });
});
