import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toEpochMs } from './validation.js';

describe('toEpochMs', () => {
  it('agrees with Date.parse on every ISO string toISOString writes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('0000-01-01T00:00:00Z'), max: Date.UTC(9999, 11, 31) }),
        (ms) => {
          const iso = new Date(ms).toISOString();
          expect(toEpochMs(iso)).toBe(ms);
          expect(toEpochMs(iso.replace(/\.\d{3}Z$/, 'Z'))).toBe(Date.parse(iso.replace(/\.\d{3}Z$/, 'Z')));
        },
      ),
    );
  });

  it('accepts offsets and dates, rejects impossible and free-form times', () => {
    expect(toEpochMs('2026-11-21T10:00:00+02:00')).toBe(Date.UTC(2026, 10, 21, 8));
    expect(toEpochMs('2026-11-21')).toBe(Date.UTC(2026, 10, 21));
    expect(toEpochMs(new Date(5))).toBe(5);
    expect(toEpochMs('2024-02-29T00:00:00Z')).toBe(Date.UTC(2024, 1, 29));
    // Years 0000–0099 are those years (proleptic Gregorian, as Date.parse reads them), not
    // 1900–1999 as Date.UTC would make them.
    for (const iso of ['0050-01-01T00:00:00Z', '0000-03-01T12:30:00.250Z', '0099-12-31T23:59:59Z'])
      expect(toEpochMs(iso)).toBe(Date.parse(iso));
    for (const bad of [
      '2026-02-30T00:00:00Z',
      '2026-02-30T00:00:00.000+00:00',
      '2025-02-29',
      '2026-13-01T00:00:00Z',
      '2026-01-01T24:00:00Z',
      '2026-01-01T10:60:00+01:00',
      'March 7',
      '',
      7,
      null,
    ]) {
      expect(toEpochMs(bad)).toBeUndefined();
    }
    expect(toEpochMs(new Date(Number.NaN))).toBeUndefined();
  });
});
