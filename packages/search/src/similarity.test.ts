import { describe, expect, it } from 'vitest';
import { cosineSimilarity } from './similarity.js';

describe('cosineSimilarity', () => {
  it('computes |A ∩ B| / √(|A| |B|) for sets', () => {
    expect(cosineSimilarity(['EC2', 'RDS'], ['EC2', 'S3'])).toBeCloseTo(0.5, 12);
    expect(cosineSimilarity(new Set(['a', 'b', 'c']), ['a'])).toBeCloseTo(1 / Math.sqrt(3), 12);
    expect(cosineSimilarity(['a', 'a', 'b'], ['a', 'b'])).toBeCloseTo(1, 12);
  });

  it('computes a·b / (‖a‖ ‖b‖) for sparse vectors, mixed with sets', () => {
    expect(cosineSimilarity({ react: 2, node: 1 }, new Map([['react', 1]]))).toBeCloseTo(
      2 / Math.sqrt(5),
      12,
    );
    expect(cosineSimilarity({ x: 1, y: 0 }, ['x'])).toBeCloseTo(1, 12);
    expect(cosineSimilarity({ x: 1 }, { x: -1 })).toBeCloseTo(-1, 12);
  });

  it('is 0 when a vector is empty or all zero', () => {
    expect(cosineSimilarity([], ['a'])).toBe(0);
    expect(cosineSimilarity({ a: 0 }, { a: 1 })).toBe(0);
    expect(cosineSimilarity(new Map(), new Set())).toBe(0);
  });

  it('rejects non-finite weights with a ValidationError and reads no prototype keys', () => {
    expect(() => cosineSimilarity({ a: Number.POSITIVE_INFINITY }, ['a'])).toThrowError(
      expect.objectContaining({ code: 'E_VALIDATION' }),
    );
    const polluted = JSON.parse('{"__proto__": 3, "a": 1}') as Record<string, number>;
    expect(cosineSimilarity(polluted, { __proto__: 3 } as Record<string, number>)).toBe(0);
    expect(({} as Record<string, unknown>)['a']).toBeUndefined();
  });
});
