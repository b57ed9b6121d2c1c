// The scans' fast position finders agree with their definitions: the runs of decimal digits
// (through the token scanner's digit ranges, or a search of the whole text) and the next name
// start (a capital, then a lower-case letter, any script, code points outside the BMP too), and
// the placeholders of an output, derived from its findings; and when a later pass must look
// for stack frames.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { listDigitRuns } from './digit-positions.js';
import {
  applyFindings,
  FINDING_KINDS,
  type Finding,
  findPlaceholders,
  mergeFindings,
  placeholdersAfter,
} from './findings.js';
import { nextNameStart } from './personal-data-detectors.js';
import { findStackFrames, isFrameByItself } from './stack-frame-detector.js';
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
        expect([...(useRanges ? listDigitRuns(text, ranges) : listDigitRuns(text))]).toEqual(expected);
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

  it('a later pass finds stack frames only where a line holding a placeholder is a frame by itself', () => {
    // A first pass's output: the frames of a text and other findings anywhere, replaced. If no
    // line that holds a placeholder is a frame by its own text, a search of the whole output
    // finds no frame (so a later pass skips it).
    // Lines of frame-like pieces. `tok en` stands for a secret another detector found:
    // `at tok en:12:7` is no frame, but `at [SECRET]:12:7` is one.
    const line = fc
      .tuple(
        fc.constantFrom('', '  ', '\t', '    '),
        fc.constantFrom('at ', 'at async ', 'File "', '#1 ', 'from ', 'created by ', '... ', ''),
        fc.constantFrom('tok en', 'a.b', 'x', '/srv/app.js', 'main.go', 'Service.call', 'tok en.go'),
        fc.constantFrom(
          ':12:7',
          '", line 3, in run',
          ':42',
          ':42 +0x1d',
          '()',
          ' (x)',
          ' 3 more',
          ':in ',
          '',
        ),
      )
      .map((pieces) => pieces.join(''));
    // And free-form lines: a replacement can also remove what kept a line from being a frame
    // (`at  +0x1dmain.go:42` is none; `[REDACTED]+0x1dmain.go:42` is a Go position line).
    const freeForm = fc
      .array(
        fc.constantFrom(
          'at ',
          ' +0x1d',
          'main.go:42',
          '.go:',
          '42',
          ' ',
          'x',
          '(',
          ')',
          'File "',
          ', line 3',
        ),
        {
          maxLength: 8,
        },
      )
      .map((pieces) => pieces.join(''));
    const input = fc
      .tuple(
        fc.array(fc.oneof(line, freeForm), { maxLength: 12 }).map((lines) => lines.join('\n')),
        fc.array(fc.tuple(fc.nat(), fc.nat({ max: 12 }), fc.constantFrom(...FINDING_KINDS)), {
          maxLength: 6,
        }),
      )
      .map(([text, spans]) => {
        const others: Finding[] = spans.map(([offset, length, kind]) => {
          const start = text.length === 0 ? 0 : offset % text.length;
          return { kind, start, end: Math.min(text.length, start + length + 1), rule: kind };
        });
        for (const match of text.matchAll(/tok en/g))
          others.push({ kind: 'secret', start: match.index, end: match.index + 6, rule: 'secret' });
        return { text, others };
      });
    let checked = 0;
    fc.assert(
      fc.property(input, ({ text, others }) => {
        const frames: Finding[] = [];
        findStackFrames(text, frames);
        const output = applyFindings(text, mergeFindings([...frames, ...others]));
        const placeholders = findPlaceholders(output);
        let framed = false;
        let lineStart = 0;
        for (const line of output.split('\n')) {
          const lineEnd = lineStart + line.length;
          if (placeholders.some(([start]) => start >= lineStart && start < lineEnd))
            framed ||= isFrameByItself(output, lineStart, lineEnd);
          lineStart = lineEnd + 1;
        }
        const later: Finding[] = [];
        findStackFrames(output, later);
        if (later.length > 0) checked++;
        if (!framed) expect(later).toEqual([]);
      }),
      { numRuns: 1000 },
    );
    // The outputs did hold frames (so the test can fail).
    expect(checked).toBeGreaterThan(20);
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
