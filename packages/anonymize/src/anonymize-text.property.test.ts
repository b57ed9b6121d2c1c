import { anonymizeText, PLACEHOLDERS } from '@pollinate/anonymize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateHeldOutCorpus } from '../bench/held-out-corpus.js';

const PLACEHOLDER_TEXTS = [...new Set(Object.values(PLACEHOLDERS))];

/** The parts of `text` outside placeholders: nothing planted may survive in any of them. */
function unredactedParts(text: string): string[] {
  const parts: string[] = [];
  let cursor = 0;
  for (let index = text.indexOf('['); index !== -1; index = text.indexOf('[', index + 1)) {
    const placeholder = PLACEHOLDER_TEXTS.find((candidate) => text.startsWith(candidate, index));
    if (placeholder) {
      parts.push(text.slice(cursor, index));
      cursor = index + placeholder.length;
      index = cursor - 1;
    }
  }
  parts.push(text.slice(cursor));
  return parts;
}

const alnum = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const chars = (alphabet: string, min: number, max: number) =>
  fc.array(fc.constantFrom(...alphabet), { minLength: min, maxLength: max }).map((list) => list.join(''));
const hex = '0123456789abcdef';

/** Planted secrets in the formats the anonymizer promises to catch. */
const plantedSecret = fc.oneof(
  chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16, 16).map((s) => `AKIA${s}`),
  chars(alnum, 36, 36).map((s) => `ghp_${s}`),
  chars(alnum, 20, 20).map((s) => `glpat-${s}`),
  chars(alnum, 24, 24).map((s) => `sk_live_${s}`),
  chars(alnum, 35, 35).map((s) => `AIza${s}`),
  fc
    .tuple(
      fc.integer({ min: 0, max: 255 }),
      fc.integer({ min: 0, max: 255 }),
      fc.integer({ min: 1, max: 254 }),
    )
    .map(([a, b, c]) => `10.${a}.${b}.${c}`),
  fc
    .tuple(chars(hex, 8, 8), chars(hex, 4, 4), chars(hex, 12, 12))
    .map(([a, b, c]) => `${a}-${b}-4${b.slice(1)}-8${b.slice(1)}-${c}`),
  fc
    .tuple(chars('abcdefghij', 3, 8), chars('abcdefghij', 3, 8))
    .map(([user, host]) => `${user}@${host}-corp.com`),
  chars(alnum, 12, 12)
    .map((s) => `Password=${s}`)
    .map((s) => s),
  fc.integer({ min: 100_000_000_000, max: 999_999_999_999 }).map(String),
);

/** Known identifiers: words that cannot hide inside a placeholder name. */
const knownIdentifier = chars('bcdfghjkmpqvwxz', 4, 10);

/** Filler text: technical words, punctuation, whitespace, junk. */
const filler = fc.oneof(
  fc.constantFrom(
    ' ',
    '\n',
    ', ',
    ': ',
    '=',
    '/',
    '.',
    '(',
    ')',
    '"',
    "'",
    '\t',
    ' at ',
    '@',
    '-',
    '[',
    ']',
    '[IP]',
  ),
  fc.constantFrom(
    'EC2',
    't3.large',
    'us-east-1',
    'ORA-00942',
    'HTTP 503',
    '45m',
    '12.5%',
    '310 MB/s',
    'failed',
    'retry',
  ),
  fc.string({ maxLength: 6 }),
);

const document = fc
  .tuple(
    fc.array(fc.tuple(filler, fc.option(plantedSecret, { nil: undefined })), { maxLength: 12 }),
    fc.array(knownIdentifier, { maxLength: 3 }),
  )
  .map(([parts, identifiers]) => {
    let text = '';
    const secrets: string[] = [];
    parts.forEach(([fill, secret], index) => {
      text += fill;
      if (secret !== undefined) {
        text += ` ; ${secret} ; `;
        secrets.push(secret.startsWith('Password=') ? secret.slice('Password='.length) : secret);
      }
      const identifier = identifiers[index % Math.max(1, identifiers.length)];
      if (identifier && index % 3 === 0) text += `x${identifier.toUpperCase()}-db `;
    });
    return { text, secrets, identifiers };
  });

describe('anonymizeText properties', () => {
  it('never lets a planted secret or known identifier through', () => {
    fc.assert(
      fc.property(document, ({ text, secrets, identifiers }) => {
        const output = anonymizeText(text, { knownIdentifiers: identifiers }).text;
        for (const part of unredactedParts(output)) {
          for (const secret of secrets) expect(part).not.toContain(secret);
          for (const identifier of identifiers)
            expect(part.toLowerCase()).not.toContain(identifier.toLowerCase());
        }
      }),
      { numRuns: 300 },
    );
  });

  it('is idempotent: anonymizing the output again changes nothing and finds nothing', () => {
    const input = fc.oneof(
      document.map((d) => ({ text: d.text, identifiers: d.identifiers })),
      fc.record({
        text: fc.string({ maxLength: 200 }),
        identifiers: fc.array(fc.string({ minLength: 1, maxLength: 5 }), { maxLength: 2 }),
      }),
      fc.record({ text: fc.string({ unit: 'grapheme', maxLength: 100 }), identifiers: fc.constant([]) }),
    );
    fc.assert(
      fc.property(input, ({ text, identifiers }) => {
        const once = anonymizeText(text, { knownIdentifiers: identifiers });
        const twice = anonymizeText(once.text, { knownIdentifiers: identifiers });
        expect(twice.text).toBe(once.text);
        expect(twice.findings).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  it('finds on repeated lines what it finds on each line alone (each distinct line is scanned once)', () => {
    // Single-line sentences of the held-out corpus (planted values of nine kinds) and clean lines.
    const sentences = generateHeldOutCorpus({ perKind: 12, seed: 5 })
      .map((snippet) => snippet.text)
      .concat(['step 7 done in 45m on t3.large', '', '  ', 'HTTP 503 from 10.0.4.17:5432 (retry 3 of 5)']);
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...sentences), { minLength: 1, maxLength: 30 }), (lines) => {
        const whole = anonymizeText(lines.join('\n')).text;
        expect(whole).toBe(lines.map((line) => anonymizeText(line).text).join('\n'));
      }),
      { numRuns: 200 },
    );
  });

  it('finds on time-stamped lines what it finds on each line alone, whatever the digits of the stamps', () => {
    // Lines whose text after an opening ISO 8601 stamp is the same are scanned once: this holds
    // only if no detector reads the stamp's digits by value. Rests that touch the stamp (a
    // number, a key, a name right after it) and stamps of several forms, with random digits.
    const rests = generateHeldOutCorpus({ perKind: 6, seed: 11 })
      .map((snippet) => ` ${snippet.text}`)
      .concat([
        '',
        ' ',
        '(212) 555-0198 called',
        ' 123 456 789 TAJ',
        ' 4111 1111 1111 1111',
        '=hunter2 password',
        ' password: hunter2',
        ' 54 Apt. 827',
        ' Main Street 12',
        ' Anna Kowalska reran the job',
        ']: ssn 123-45-6789',
        ' +48 22 123 45 67',
        ']10.0.4.17',
      ]);
    // A digit in [0, max]: month and day digits stay in ISO 8601's ranges ([01]x, [0-3]x, …).
    const digit = (max = 9) => fc.integer({ min: 0, max }).map(String);
    const stamp = fc
      .record({
        date: fc.tuple(digit(), digit(), digit(), digit(), digit(1), digit(), digit(3), digit()),
        time: fc.option(fc.tuple(digit(2), digit(), digit(5), digit()), { nil: undefined }),
        seconds: fc.option(fc.tuple(digit(5), digit()), { nil: undefined }),
        fraction: fc.option(fc.array(digit(), { minLength: 1, maxLength: 9 }), { nil: undefined }),
        zone: fc.constantFrom('', 'Z', '+01:00', '-0500'),
        bracket: fc.boolean(),
      })
      .map(({ date, time, seconds, fraction, zone, bracket }) => {
        const [y1, y2, y3, y4, m1, m2, d1, d2] = date;
        let text = `${bracket ? '[' : ''}${y1}${y2}${y3}${y4}-${m1}${m2}-${d1}${d2}`;
        if (time) {
          text += `T${time[0]}${time[1]}:${time[2]}${time[3]}`;
          if (seconds) text += `:${seconds[0]}${seconds[1]}${fraction ? `.${fraction.join('')}` : ''}`;
          text += zone;
        }
        return text;
      });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(stamp, fc.constantFrom(...rests)), { minLength: 1, maxLength: 30 }),
        (pairs) => {
          const lines = pairs.map(([opening, rest]) => opening + rest);
          const whole = anonymizeText(lines.join('\n')).text;
          expect(whole).toBe(lines.map((line) => anonymizeText(line).text).join('\n'));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('reports valid, sorted, non-overlapping findings that rebuild the output', () => {
    fc.assert(
      fc.property(document, ({ text, identifiers }) => {
        const { text: output, findings } = anonymizeText(text, { knownIdentifiers: identifiers });
        let rebuilt = '';
        let cursor = 0;
        for (const finding of findings) {
          expect(finding.start).toBeGreaterThanOrEqual(cursor);
          expect(finding.end).toBeGreaterThan(finding.start);
          expect(finding.end).toBeLessThanOrEqual(text.length);
          rebuilt += text.slice(cursor, finding.start) + PLACEHOLDERS[finding.kind];
          cursor = finding.end;
        }
        expect(rebuilt + text.slice(cursor)).toBe(output);
      }),
      { numRuns: 300 },
    );
  });

  it('is total: never throws on any string, including lone surrogates and control characters', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 300 }),
          fc.string({ unit: fc.constantFrom(...'a.1@/-:=\\[]"\' \n\t%'), maxLength: 300 }),
        ),
        fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }),
        (text, identifiers) => {
          const result = anonymizeText(text, { knownIdentifiers: identifiers });
          expect(typeof result.text).toBe('string');
        },
      ),
      { numRuns: 400 },
    );
  });
});
