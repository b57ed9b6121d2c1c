import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  automatonLeftmostLongest,
  compileKnownIdentifiers,
  foldCase,
  type IdentifierMatch,
  scanLeftmostLongest,
} from './identifier-detectors.js';

/** The definition, by brute force: the match that starts first, the longest on a tie, then on after its end. */
function leftmostLongest(text: string, spellings: readonly string[]): IdentifierMatch[] {
  const matches: IdentifierMatch[] = [];
  let cursor = 0;
  for (;;) {
    let bestStart = -1;
    let bestLength = 0;
    for (const spelling of spellings) {
      const start = text.indexOf(spelling, cursor);
      if (start === -1) continue;
      if (bestStart === -1 || start < bestStart || (start === bestStart && spelling.length > bestLength)) {
        bestStart = start;
        bestLength = spelling.length;
      }
    }
    if (bestStart === -1) return matches;
    matches.push([bestStart, bestStart + bestLength]);
    cursor = bestStart + bestLength;
  }
}

const noBudget = () => {};
// A small alphabet so that names overlap and repeat often.
const alphabet = fc.constantFrom(...'abc -.'.split(''));
const name = fc.string({ unit: alphabet, minLength: 1, maxLength: 6 });

describe('known identifiers: both matchers agree with leftmost-longest', () => {
  it('scan (indexOf per name) and Aho–Corasick give the same matches as the definition', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: alphabet, maxLength: 200 }),
        fc.array(name, { minLength: 1, maxLength: 40 }),
        (text, names) => {
          const groups = compileKnownIdentifiers(names);
          const spellings = groups.flatMap((group) => group.variants);
          const folded = foldCase(text);
          const expected = leftmostLongest(folded, spellings);
          expect(scanLeftmostLongest(folded, groups, noBudget)).toEqual(expected);
          expect(automatonLeftmostLongest(folded, groups, noBudget)).toEqual(expected);
        },
      ),
      { numRuns: 500 },
    );
  });
});
