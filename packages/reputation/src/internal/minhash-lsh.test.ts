import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { radixSort } from './minhash-lsh.js';

describe('radixSort (band keys with their positions)', () => {
  it('sorts as unsigned 32-bit integers, stably, on both sides of the insertion-sort cut-off', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { maxLength: 300, size: 'max' }),
        fc.array(fc.integer({ min: 0, max: 7 }), { maxLength: 300, size: 'max' }),
        fc.nat({ max: 5 }),
        (wide, narrow, offset) => {
          // Wide keys, and keys from a handful of values (many ties), after an offset.
          for (const values of [wide, narrow.map((v) => v * 0x3fffffff)]) {
            const source = Int32Array.from([...Array(offset).fill(99), ...values]);
            const n = values.length;
            const keys = new Uint32Array(n);
            const positions = new Int32Array(n);
            radixSort(source, offset, n, keys, positions, new Uint32Array(n), new Int32Array(n));
            const expected = values
              .map((value, position) => ({ key: value >>> 0, position }))
              .sort((a, b) => a.key - b.key || a.position - b.position);
            expect([...keys]).toEqual(expected.map((entry) => entry.key));
            expect([...positions]).toEqual(expected.map((entry) => entry.position));
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
