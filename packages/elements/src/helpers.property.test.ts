import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adoptionSeries, parseValues } from './adoption-sparkline.js';
import { installCommand } from './pattern-card.js';
import { parseDistribution } from './rating-chart.js';
import { patternHref, splitAttribute } from './registry.js';
import { searchQuery } from './search.js';

const DAY = 86_400_000;

describe('element helpers (pure; the elements themselves run in Chromium, see examples/registry-server/test)', () => {
  it('parseDistribution reads both attribute forms and never yields a negative or fractional count', () => {
    expect(parseDistribution('0,1,3,10,20')).toEqual({ 1: 0, 2: 1, 3: 3, 4: 10, 5: 20 });
    expect(parseDistribution('{"5":2,"1":1}')).toEqual({ 1: 1, 2: 0, 3: 0, 4: 0, 5: 2 });
    expect(parseDistribution('{not json')).toEqual({ 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 });
    fc.assert(
      fc.property(fc.string(), (text) => {
        const counts = Object.values(parseDistribution(text));
        expect(counts).toHaveLength(5);
        for (const count of counts) expect(Number.isInteger(count) && count >= 0).toBe(true);
      }),
    );
  });

  it('parseValues keeps one finite, non-negative value per item', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.double(), fc.string({ maxLength: 4 })), { maxLength: 30 }),
        (items) => {
          const text = items.map(String).join(',');
          const values = parseValues(text);
          expect(values).toHaveLength(text.trim() ? text.split(',').length : 0);
          for (const value of values) expect(Number.isFinite(value) && value >= 0).toBe(true);
        },
      ),
    );
  });

  it('adoptionSeries counts each in-window install exactly once, in its bucket (oracle: direct count)', () => {
    const now = new Date('2026-12-01T00:00:00.000Z');
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            ageMs: fc.integer({ min: -7 * DAY, max: 20 * 7 * DAY }),
            type: fc.constantFrom('install', 'uninstall', 'download'),
          }),
          { maxLength: 200 },
        ),
        fc.integer({ min: 1, max: 16 }),
        (raw, buckets) => {
          const events = raw.map((event) => ({
            type: event.type,
            at: new Date(now.getTime() - event.ageMs).toISOString(),
          }));
          const series = adoptionSeries(events, { now, buckets });
          expect(series).toHaveLength(buckets);
          for (const [index] of series.entries()) {
            const from = (buckets - 1 - index) * 7 * DAY;
            const expected = raw.filter(
              (e) => e.type === 'install' && e.ageMs >= from && e.ageMs < from + 7 * DAY,
            ).length;
            expect(series[index]).toBe(expected);
          }
        },
      ),
    );
  });

  it('searchQuery maps picked facets to the client query (single-valued facets take the last pick)', () => {
    expect(
      searchQuery(
        'retry',
        { category: ['a', 'b'], tags: ['x', 'y'], tier: ['gold'], pricing: [] },
        { limit: 10, cursor: 'c1' },
      ),
    ).toEqual({ q: 'retry', limit: 10, category: 'b', tags: ['x', 'y'], tiers: ['gold'], cursor: 'c1' });
    expect(searchQuery('', {}, { limit: 5 })).toEqual({ q: '', limit: 5 });
  });

  it('patternHref fills the template with URL-encoded parts; splitAttribute trims and drops empties', () => {
    expect(patternHref('/patterns/{id}', 'acme/retry')).toBe('/patterns/acme/retry');
    expect(patternHref('/p?s={scope}&n={name}', 'a b/c&d')).toBe('/p?s=a%20b&n=c%26d');
    expect(splitAttribute(' a, ,b ,, c')).toEqual(['a', 'b', 'c']);
    expect(splitAttribute(null)).toEqual([]);
    expect(installCommand('http://127.0.0.1:4873', 'acme/retry', '1.2.0')).toBe(
      'npx pollinate install acme/retry@^1.2.0',
    );
    expect(installCommand('https://patterns.example.com/', 'acme/retry', '2.0.0-rc.1')).toBe(
      'npx pollinate install acme/retry@^2.0.0-rc.1 --registry https://patterns.example.com',
    );
  });
});
