import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  findNearDuplicates,
  findNearDuplicatesPairwise,
  jaccardSimilarity,
  wordShingles,
} from './text-similarity.js';

const vocabulary = Array.from({ length: 40 }, (_, i) => `w${i}`);
const text = fc
  .array(fc.constantFrom(...vocabulary), { minLength: 0, maxLength: 25 })
  .map((words) => words.join(' '));

/** The oracle's relation: a and b are in one connected component of "Jaccard ≥ threshold". */
function sameComponent(clusters: Int32Array, a: number, b: number): boolean {
  return clusters[a]! >= 0 && clusters[a] === clusters[b];
}

describe('findNearDuplicates against the pairwise oracle', () => {
  it('is sound: texts it puts together are together in the exact O(n²) clustering', () => {
    fc.assert(
      fc.property(fc.array(text, { maxLength: 40 }), (texts) => {
        const fast = findNearDuplicates(texts);
        const exact = findNearDuplicatesPairwise(texts);
        for (let i = 0; i < texts.length; i++) {
          expect(fast[i]! >= 0).toBe(exact[i]! >= 0);
          if (fast[i]! >= 0) expect(sameComponent(exact, i, fast[i]!)).toBe(true);
        }
      }),
    );
  });

  it('always finds exact copies and one-word edits of long texts', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...vocabulary), { minLength: 20, maxLength: 40 }),
        fc.nat(),
        fc.constantFrom(...vocabulary),
        fc.array(text, { maxLength: 10 }),
        (words, position, replacement, noise) => {
          const original = words.join(' ');
          const edited = [...words];
          edited[position % words.length] = replacement;
          const texts = [...noise, original, original.toUpperCase(), edited.join(' ')];
          const clusters = findNearDuplicates(texts);
          const n = texts.length;
          expect(sameComponent(clusters, n - 3, n - 2)).toBe(true);
          if (jaccardSimilarity(wordShingles(original), wordShingles(edited.join(' '))) >= 0.8) {
            expect(sameComponent(clusters, n - 3, n - 1)).toBe(true);
          }
        },
      ),
    );
  });

  it('Jaccard is symmetric and in [0, 1]', () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        const sa = wordShingles(a);
        const sb = wordShingles(b);
        const s = jaccardSimilarity(sa, sb);
        expect(s).toBe(jaccardSimilarity(sb, sa));
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
      }),
    );
  });
});
