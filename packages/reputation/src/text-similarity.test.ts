import { describe, expect, it } from 'vitest';
import {
  findNearDuplicates,
  findNearDuplicatesPairwise,
  jaccardSimilarity,
  wordShingles,
} from './text-similarity.js';

describe('wordShingles', () => {
  it('makes one shingle per run of 3 words, case- and punctuation-insensitive', () => {
    expect(wordShingles('The quick brown fox').length).toBe(2);
    expect(wordShingles('the QUICK, brown... fox!')).toEqual(wordShingles('The quick brown fox'));
    expect(wordShingles('two words').length).toBe(0);
    expect(wordShingles('a a a a a a').length).toBe(1); // distinct shingles only
  });

  it('keeps non-Latin words', () => {
    expect(wordShingles('über straße größe maß').length).toBe(2);
    expect(wordShingles('重试 模式 很好 用').length).toBe(2);
  });
});

describe('jaccardSimilarity', () => {
  it('computes |A ∩ B| / |A ∪ B|', () => {
    const a = Uint32Array.from([1, 2, 3, 4]);
    const b = Uint32Array.from([3, 4, 5]);
    expect(jaccardSimilarity(a, b)).toBeCloseTo(2 / 5, 12);
    expect(jaccardSimilarity(a, a)).toBe(1);
    expect(jaccardSimilarity(new Uint32Array(0), new Uint32Array(0))).toBe(0);
  });
});

describe('findNearDuplicates', () => {
  it('clusters copies and leaves distinct and short texts alone', () => {
    const base = 'the outbox pattern kept our events consistent with the database through every deploy';
    const texts = [
      'a totally unrelated sentence about caching layers and their eviction policies today',
      base,
      `${base}!`,
      'ok',
      base.replace('every deploy', 'every single deploy'),
    ];
    expect([...findNearDuplicates(texts)]).toEqual([0, 1, 1, -1, 1]);
    expect([...findNearDuplicatesPairwise(texts)]).toEqual([0, 1, 1, -1, 1]);
  });

  it('handles empty input and one big bucket of identical texts in linear comparisons', () => {
    expect(findNearDuplicates([]).length).toBe(0);
    const same = Array.from(
      { length: 5000 },
      () => 'identical spam text posted by every single sockpuppet account',
    );
    const clusters = findNearDuplicates(same);
    expect(clusters.every((root) => root === 0)).toBe(true);
  });
});
