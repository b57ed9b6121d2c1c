import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ItemKeySet, StringIndex } from './string-index.js';

/** Keys that exercise every slot layout: packed in 16 or 32 bytes, or compared as strings. */
const key = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.string({ minLength: 6, maxLength: 9, unit: fc.constantFrom('a', 'b', '\u0000', 'ÿ') }),
  fc.string({ minLength: 20, maxLength: 26, unit: fc.constantFrom('a', 'b', '\u0000', 'ÿ') }),
  fc.string({ maxLength: 30, unit: 'binary' }),
  fc.string({ maxLength: 4, unit: fc.constantFrom('a', 'Ā', '\u0000', '😀') }),
);

describe('StringIndex', () => {
  it('gives the same dense ids as a Map, through growth and hash collisions', () => {
    fc.assert(
      fc.property(
        fc.array(key, { maxLength: 300 }),
        fc.constantFrom(7 as const, 23 as const),
        (keys, packedUnits) => {
          const index = new StringIndex(2, packedUnits);
          const reference = new Map<string, number>();
          for (const key of keys) {
            const expected = reference.get(key) ?? reference.size;
            reference.set(key, expected);
            expect(index.add(key)).toBe(expected);
          }
          expect(index.size).toBe(reference.size);
          expect(index.values).toEqual([...reference.keys()]);
          for (const [key, id] of reference) expect(index.get(key)).toBe(id);
          expect(index.get('\u0000absent')).toBe(
            keys.includes('\u0000absent') ? reference.get('\u0000absent') : -1,
          );
        },
      ),
    );
  });

  it.each([7, 23] as const)(
    'tells apart keys that differ only in length, a NUL unit or a unit above 255 (%i units packed)',
    (packedUnits) => {
      const index = new StringIndex(16, packedUnits);
      const keys = [
        'team1/pattern-22',
        'team1/pattern-22\u0000',
        'team1/pattern-2\u0000',
        'abcdefghijklmnopqrstuvw',
        'abcdefghijklmnopqrstuvwx',
        'abcdefghijklmnopqrstuvĀ',
        'u1',
        'u1\u0000',
        'u1\u0000\u0000',
        'abcdefg',
        'abcdefgh',
        'abcdefĀ',
        'abcdef\u0101',
        '',
        '\u0000',
      ];
      for (const [id, key] of keys.entries()) expect(index.add(key)).toBe(id);
      for (const [id, key] of keys.entries()) expect(index.get(key)).toBe(id);
      expect(index.get('abcdefghi')).toBe(-1);
      expect(index.get('u')).toBe(-1);
    },
  );

  it('keeps __proto__ and other special names as plain keys', () => {
    const index = new StringIndex();
    expect(index.add('__proto__')).toBe(0);
    expect(index.add('constructor')).toBe(1);
    expect(index.add('__proto__')).toBe(0);
    expect(index.get('toString')).toBe(-1);
  });
});

describe('ItemKeySet', () => {
  it('finds exactly the items whose key an earlier item already had', () => {
    fc.assert(
      fc.property(fc.array(key, { maxLength: 300 }), (keys) => {
        const set = new ItemKeySet(keys.length, (item) => keys[item]!);
        const first = new Map<string, number>();
        keys.forEach((key, item) => {
          expect(set.addItem(item, key)).toBe(first.get(key) ?? -1);
          if (!first.has(key)) first.set(key, item);
        });
      }),
    );
  });
});
