import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newWebhookSecret, retryDelayMs } from './webhooks.js';

describe('retryDelayMs', () => {
  it('doubles from the base up to the cap, with equal jitter (half fixed, half random)', () => {
    const at = (attempt: number, random: number) =>
      retryDelayMs(attempt, { baseMs: 5000, maxMs: 36_000_000, random: () => random });
    expect([1, 2, 3, 4].map((attempt) => at(attempt, 1))).toEqual([5000, 10_000, 20_000, 40_000]);
    expect(at(3, 0)).toBe(10_000);
    expect(at(40, 1)).toBe(36_000_000);
  });

  it('stays within [delay / 2, delay] for every attempt and random draw (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.integer({ min: 1, max: 60_000 }),
        fc.integer({ min: 1, max: 86_400_000 }),
        (attempt, random, baseMs, maxMs) => {
          const delay = Math.min(maxMs, baseMs * 2 ** (attempt - 1));
          const value = retryDelayMs(attempt, { baseMs, maxMs, random: () => random });
          expect(Number.isFinite(value)).toBe(true);
          expect(value).toBeGreaterThanOrEqual(delay / 2);
          expect(value).toBeLessThanOrEqual(delay);
        },
      ),
    );
  });
});

describe('newWebhookSecret', () => {
  it('makes Standard Webhooks secrets of 32 random bytes, never the same twice', () => {
    const secrets = new Set(Array.from({ length: 100 }, () => newWebhookSecret()));
    expect(secrets.size).toBe(100);
    for (const secret of secrets) {
      expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
      expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
    }
  });
});
