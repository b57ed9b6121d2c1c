import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PollinateError } from './errors.js';
import { fromTurtle, toTurtle } from './rdf.js';
import { listingArbitrary, listingsArbitrary } from './testing/arbitraries.js';

describe('toTurtle / fromTurtle round trip', () => {
  it('fromTurtle(toTurtle(listings)) deep-equals the listings, key order and -0 included', () => {
    fc.assert(
      fc.property(listingsArbitrary(), (listings) => {
        const back = fromTurtle(toTurtle(listings));
        expect(back).toStrictEqual(listings);
        // Same key order everywhere (toStrictEqual ignores it).
        expect(JSON.stringify(back)).toBe(JSON.stringify(listings));
        // Every number bit-for-bit, -0 included (JSON.stringify loses -0).
        const numbers = (value: unknown, out: number[] = []): number[] => {
          if (typeof value === 'number') out.push(value);
          else if (value && typeof value === 'object')
            for (const item of Object.values(value)) numbers(item, out);
          return out;
        };
        const expected = numbers(listings);
        const actual = numbers(back);
        expect(actual.length).toBe(expected.length);
        for (const [index, value] of actual.entries()) expect(Object.is(value, expected[index])).toBe(true);
      }),
      { numRuns: 80 },
    );
  });

  it('survives a custom base IRI', () => {
    fc.assert(
      fc.property(listingArbitrary(), (listing) => {
        const turtle = toTurtle([listing], { baseIri: 'urn:example:catalog:' });
        expect(turtle).toContain('urn:example:catalog:');
        expect(fromTurtle(turtle)).toStrictEqual([listing]);
      }),
      { numRuns: 15 },
    );
  });

  it('fromTurtle never crashes on mutated documents: it returns listings or throws a PollinateError', () => {
    fc.assert(
      fc.property(
        listingArbitrary({ maxItems: 2 }),
        fc.nat(),
        fc.nat(),
        fc.constantFrom(
          '',
          ' ',
          '"',
          '.',
          ';',
          '(',
          ')',
          '[',
          ']',
          '_:x',
          '<urn:x>',
          '"9"^^xsd:double',
          'rdf:nil',
        ),
        (listing, start, length, insert) => {
          const turtle = toTurtle([listing]);
          const from = start % (turtle.length + 1);
          const mutated = turtle.slice(0, from) + insert + turtle.slice(from + (length % 40));
          try {
            const listings = fromTurtle(mutated);
            for (const item of listings) expect(typeof item.id).toBe('string');
          } catch (error) {
            expect(error).toBeInstanceOf(PollinateError);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('fromTurtle and toTurtle throw nothing but PollinateError on junk', () => {
    const junkTurtle = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc
        .array(
          fc.constantFrom(
            '<urn:a>',
            '_:b',
            '[',
            ']',
            '(',
            ')',
            ';',
            ',',
            '.',
            '"x"',
            'a',
            '@prefix p: <urn:p#>.',
            'p:q',
            '^^',
            '42',
          ),
          { maxLength: 30 },
        )
        .map((tokens) => tokens.join(' ')),
    );
    fc.assert(
      fc.property(junkTurtle, fc.anything(), (text, value) => {
        for (const run of [
          () => fromTurtle(text),
          () => toTurtle(value as never),
          () => toTurtle([value] as never),
        ]) {
          try {
            run();
          } catch (error) {
            expect(error).toBeInstanceOf(PollinateError);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
