// The scans' fast position finders agree with their definitions: the runs of decimal digits
// (through the token scanner's digit ranges, or a search of the whole text) and the next name
// start (a capital, then a lower-case letter, any script, code points outside the BMP too), and
// the placeholders of an output, derived from its findings.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { listDigitRuns } from './digit-positions.js';
import {
  applyFindings,
  FINDING_KINDS,
  type Finding,
  findPlaceholders,
  placeholdersAfter,
} from './findings.js';
import { nextNameStart } from './personal-data-detectors.js';
import { scanTokens } from './token-scanner.js';

/** Characters that exercise both scans: digits, delimiters, letters of several scripts, surrogate pairs. */
const piece = fc.constantFrom(
  '1',
  '42',
  ' ',
  '\n',
  '.',
  ',',
  '(',
  '[',
  ':',
  '=',
  '/',
  '-',
  'a',
  'Z',
  'Zo',
  'É',
  'é',
  'Ł',
  'ő',
  'Σσ',
  '𝐀',
  '𝐚',
  '𝐀𝐚',
  '𓀀',
  '\ud835',
  '\udc00',
  'x9',
  'C:\\Program Files\\x1',
  'Main St',
);
const texts = fc.array(piece, { maxLength: 60 }).map((parts) => parts.join(''));

describe('position finders of the scans', () => {
  it('listDigitRuns lists every maximal run of digits (through the scanner ranges: but those of ISO dates)', () => {
    const pieces = fc.oneof(
      piece,
      fc.constantFrom('2026-11-02', '2026-11-02T10:31:10.370Z', '1999-01-31T00:00'),
    );
    const withDates = fc.array(pieces, { maxLength: 60 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(withDates, fc.boolean(), (text, useRanges) => {
        // The definition: every maximal run of digits, but (with ranges) those in a token (between
        // the scanner's delimiters, without trailing `.`, `:`, `!`, `?`) that is an ISO 8601 date.
        const dated = new Set<number>();
        if (useRanges)
          for (const token of text.matchAll(/[^\s"'`()<>{}[\],;|\u00a0\u2000-\u200b\u2018-\u201f]+/g)) {
            const word = token[0].replace(/[.:!?]+$/, '');
            if (
              /^\d{4}-[01]\d-[0-3]\d(?:T[0-2]\d:[0-5]\d(?::[0-6]\d(?:[.,]\d{1,9})?)?(?:Z|[+-][0-2]\d(?::?[0-5]\d)?)?)?$/.test(
                word,
              )
            )
              for (let i = token.index; i < token.index + word.length; i++) dated.add(i);
          }
        const expected: number[] = [];
        for (const run of text.matchAll(/[0-9]+/g))
          if (!dated.has(run.index)) expected.push(run.index, run.index + run[0].length);
        const ranges: number[] = [];
        scanTokens(text, [], () => {}, ranges);
        expect(useRanges ? listDigitRuns(text, ranges) : listDigitRuns(text)).toEqual(expected);
      }),
    );
  });

  it('placeholdersAfter gives the placeholders a search of the output finds', () => {
    // Texts full of placeholders and their pieces; findings anywhere, touching them or not.
    const part = fc.constantFrom(
      '[IP]',
      '[ID]',
      '[EMAIL]',
      '[',
      ']',
      '[I',
      'P]',
      '[[',
      'a',
      ' ',
      'IP',
      '[NAME]',
    );
    const input = fc
      .tuple(
        fc.array(part, { maxLength: 30 }).map((parts) => parts.join('')),
        fc.array(fc.tuple(fc.nat(), fc.nat({ max: 6 }), fc.constantFrom(...FINDING_KINDS)), { maxLength: 8 }),
      )
      .map(([text, spans]) => {
        // Sorted, non-overlapping, non-empty findings inside the text.
        const findings: Finding[] = [];
        let from = 0;
        for (const [offset, length, kind] of spans.sort((a, b) => a[0] - b[0])) {
          const start = from + (text.length === 0 ? 0 : offset % (text.length + 1));
          const end = Math.min(text.length, start + length + 1);
          if (start >= end) continue;
          findings.push({ kind, start, end, rule: kind });
          from = end;
        }
        return { text, findings };
      });
    fc.assert(
      fc.property(input, ({ text, findings }) => {
        expect(placeholdersAfter(findings, findPlaceholders(text))).toEqual(
          findPlaceholders(applyFindings(text, findings)),
        );
      }),
      { numRuns: 500 },
    );
  });

  it('nextNameStart is the start of the next /\\p{Lu}\\p{Ll}/u match at or after a position', () => {
    fc.assert(
      fc.property(texts, fc.nat({ max: 80 }), (text, from) => {
        const start = Math.min(from, text.length);
        const pattern = /\p{Lu}\p{Ll}/gu;
        pattern.lastIndex = start;
        const match = pattern.exec(text);
        const expected = match === null ? text.length : Math.max(match.index, start);
        expect(nextNameStart(text, start)).toBe(expected);
      }),
    );
  });
});
