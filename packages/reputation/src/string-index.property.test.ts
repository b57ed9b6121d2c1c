import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StringIndex } from './string-index.js';

describe('StringIndex', () => {
  it('gives the same dense ids as a Map, through growth and hash collisions', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 6 }), { maxLength: 300 }), (keys) => {
        const index = new StringIndex(2);
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
      }),
    );
  });

  it('keeps __proto__ and other special names as plain keys', () => {
    const index = new StringIndex();
    expect(index.add('__proto__')).toBe(0);
    expect(index.add('constructor')).toBe(1);
    expect(index.add('__proto__')).toBe(0);
    expect(index.get('toString')).toBe(-1);
  });
});
