import type { AdoptionEvent } from '@pollinate/core';
import { describe, expect, it } from 'vitest';
import { marketplaceStats, newArrivals, trending } from './marketplace.js';
import { CATALOG, makeListing } from './test-catalog.js';

const now = '2026-11-21T00:00:00Z';
const daysAgo = (days: number) => new Date(Date.parse(now) - days * 86_400_000).toISOString();
const event = (
  type: AdoptionEvent['type'],
  patternId: string,
  days: number,
  team = 'team-a',
): AdoptionEvent => ({
  type,
  team,
  patternId,
  at: daysAgo(days),
});

describe('trending', () => {
  it('scores Σ weight · 2^(−age / half-life), by hand', () => {
    const events = [
      event('install', 'acme/bulkhead', 0), // 1
      event('install', 'acme/bulkhead', 7), // 0.5
      event('download', 'acme/bulkhead', 14), // 0.25 · 0.25
      event('install', 'globex/saga', 1), // 2^(−1/7) = 0.905724
      event('install', 'globex/saga', 1, 'team-b'),
      event('uninstall', 'globex/saga', 0), // −1
    ];
    const top = trending(CATALOG, events, { now, halfLifeDays: 7 });
    expect(top.map((item) => item.listing.id)).toEqual(['acme/bulkhead', 'globex/saga']);
    expect(top[0]?.score).toBeCloseTo(1.5625, 10);
    expect(top[1]?.score).toBeCloseTo(2 * 2 ** (-1 / 7) - 1, 10);
    expect(top[0]).toMatchObject({ installs: 2, downloads: 1, uninstalls: 0 });
  });

  it('favours recent adoption over old adoption, ignores the future, unknown patterns and non-positive scores', () => {
    const events = [
      ...Array.from({ length: 3 }, (_, i) => event('install', 'acme/bulkhead', 60 + i)),
      event('install', 'globex/saga', 1),
      event('install', 'acme/rate-limiter', -2), // after now
      event('install', 'nobody/unknown', 0),
      event('install', 'globex/cqrs', 3),
      event('uninstall', 'globex/cqrs', 3),
    ];
    const top = trending(CATALOG, events, { now: new Date(now), halfLifeDays: 7, limit: 5 });
    expect(top.map((item) => item.listing.id)).toEqual(['globex/saga', 'acme/bulkhead']);
    expect(trending(CATALOG, events, { now: Date.parse(now), limit: 1 })).toHaveLength(1);
  });

  it('rejects a bad event or option with a ValidationError', () => {
    expect(() => trending(CATALOG, [{ type: 'stolen' } as never], { now })).toThrowError(
      expect.objectContaining({ code: 'E_VALIDATION' }),
    );
    expect(() => trending(CATALOG, [], { now, halfLifeDays: 0 })).toThrowError(
      expect.objectContaining({ code: 'E_VALIDATION' }),
    );
    expect(() => trending(CATALOG, [], { now: 'yesterday' })).toThrowError(
      expect.objectContaining({ code: 'E_VALIDATION' }),
    );
  });
});

describe('newArrivals', () => {
  it('lists listings published within the window, newest first, none from the future', () => {
    const listings = [
      makeListing({ id: 'a/old', publishedAt: daysAgo(40) }),
      makeListing({ id: 'a/week', publishedAt: daysAgo(7) }),
      makeListing({ id: 'a/today', publishedAt: daysAgo(0.1) }),
      makeListing({ id: 'a/future', publishedAt: daysAgo(-3) }),
    ];
    expect(newArrivals(listings, { now }).map((l) => l.id)).toEqual(['a/today', 'a/week']);
    expect(newArrivals(listings, { now, days: 60, limit: 2 }).map((l) => l.id)).toEqual([
      'a/today',
      'a/week',
    ]);
    expect(newArrivals(listings, { now, days: 60 }).map((l) => l.id)).toEqual(['a/today', 'a/week', 'a/old']);
  });
});

describe('marketplaceStats', () => {
  it('computes the homepage figures by hand', () => {
    const listings = [
      makeListing({ id: 'a/one', rating: { overall: 5, reviewCount: 3 }, publishedAt: daysAgo(10) }),
      makeListing({ id: 'a/two', rating: { overall: 3, reviewCount: 1 }, publishedAt: daysAgo(200) }),
      makeListing({ id: 'b/three', publishedAt: daysAgo(100) }),
    ];
    const events = [
      event('download', 'a/one', 1),
      event('download', 'a/one', 6.9),
      event('download', 'a/one', 8),
      event('install', 'a/two', 2),
      event('uninstall', 'a/two', 1),
    ];
    expect(marketplaceStats(listings, events, { now })).toEqual({
      totalPatterns: 3,
      totalPublishers: 2,
      activePublishers: 1, // only a published within 90 days
      weeklyDownloads: 2,
      weeklyInstalls: 1,
      averageRating: (5 * 3 + 3 * 1) / 4,
      ratingCount: 4,
      asOf: '2026-11-21T00:00:00.000Z',
    });
  });

  it('takes now from the data when not given, and copes with an empty marketplace', () => {
    const stats = marketplaceStats(CATALOG, [event('download', 'acme/bulkhead', 0)]);
    expect(stats.asOf).toBe('2026-11-21T00:00:00.000Z');
    expect(stats.weeklyDownloads).toBe(1);
    expect(stats.totalPatterns).toBe(CATALOG.length);
    expect(marketplaceStats([], [])).toMatchObject({ totalPatterns: 0, averageRating: null, asOf: null });
  });
});
