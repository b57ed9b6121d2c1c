import type { AdoptionEvent, Listing, Review } from '@pollinate/core';
import { ValidationError } from '@pollinate/core';
import { describe, expect, it } from 'vitest';
import { publisherDashboard } from './publisher-dashboard.js';

const listing = (id: string, version: string, publishedAt: string, downloads: number): Listing =>
  ({
    id,
    name: id.split('/')[1]!,
    version,
    publisher: { id: id.split('/')[0]!, name: 'Team' },
    category: 'resilience',
    license: 'MIT',
    publishedAt,
    adoption: { downloads, activeInstalls: Math.floor(downloads / 10), organizations: 1 },
  }) as Listing;

let counter = 0;
const review = (
  patternId: string,
  rating: number,
  createdAt: string,
  extra: Partial<Review> = {},
): Review => ({
  id: `r${counter++}`,
  patternId,
  reviewer: `user${counter}`,
  rating,
  title: '',
  body: '',
  verifiedAdoption: true,
  createdAt,
  ...extra,
});
const event = (type: AdoptionEvent['type'], team: string, patternId: string, at: string): AdoptionEvent => ({
  type,
  team,
  patternId,
  at,
});

describe('publisherDashboard', () => {
  const listings = [
    listing('acme/retry', '1.0.0', '2026-01-01T00:00:00Z', 100),
    listing('acme/retry', '1.1.0', '2026-03-01T00:00:00Z', 250),
    listing('acme/saga', '0.1.0', '2026-02-01T00:00:00Z', 40),
    listing('other/cache', '1.0.0', '2026-01-01T00:00:00Z', 9999),
  ];
  const reviews = [
    ...Array.from({ length: 6 }, (_, i) => review('acme/retry', 5, `2026-04-0${i + 1}T00:00:00Z`)),
    review('acme/saga', 3, '2026-04-10T00:00:00Z'),
    review('acme/saga', 4, '2026-04-11T00:00:00Z'),
    review('acme/saga', 5, '2026-04-12T00:00:00Z', { reviewerTeam: 'acme' }), // self-review
    review('other/cache', 1, '2026-04-13T00:00:00Z'),
  ];
  const events = [
    event('install', 'payments', 'acme/retry', '2026-03-02T00:00:00Z'),
    event('install', 'search', 'acme/retry', '2026-03-03T00:00:00Z'),
    event('uninstall', 'search', 'acme/retry', '2026-03-09T00:00:00Z'),
    event('download', 'search', 'acme/retry', '2026-03-03T00:00:00Z'),
    event('install', 'payments', 'other/cache', '2026-03-02T00:00:00Z'),
  ];

  it('takes precomputed adoption figures instead of events, with the same result', () => {
    const fromEvents = publisherDashboard('acme', listings, reviews, events);
    const adoption = {
      'acme/retry': { events: { install: 2, uninstall: 1, download: 1 }, activeTeams: 1, installers: 2 },
    };
    expect(publisherDashboard('acme', listings, reviews, [], { adoption })).toEqual(fromEvents);
    expect(() =>
      publisherDashboard('acme', listings, reviews, [], {
        adoption: { 'acme/retry': { ...adoption['acme/retry'], activeTeams: -1 } },
      }),
    ).toThrowError(expect.objectContaining({ code: 'E_VALIDATION' }));
  });

  it('summarizes the publisher’s patterns, adoption and ratings', () => {
    const dashboard = publisherDashboard('acme', listings, reviews, events);
    expect(dashboard.totals).toEqual({
      patterns: 2,
      versions: 3,
      downloads: 290,
      activeInstalls: 29,
      reviews: 9,
      flaggedReviews: 1,
      events: { install: 2, uninstall: 1, download: 1 },
    });
    const retry = dashboard.patterns.find((p) => p.id === 'acme/retry')!;
    expect(retry).toMatchObject({
      latestVersion: '1.1.0',
      versions: 2,
      downloads: 250,
      activeTeams: 1,
      retentionRate: 0.5,
      reviews: 6,
      flaggedReviews: 0,
    });
    expect(retry.rating.mean).toBe(5);
    const saga = dashboard.patterns.find((p) => p.id === 'acme/saga')!;
    expect(saga.flaggedReviews).toBe(1);
    expect(saga.rating.count).toBe(2);
    expect(saga.retentionRate).toBeNull();
    expect(dashboard.averageRating.count).toBe(8);
    expect(dashboard.topPatterns.map((p) => p.id)).toEqual(['acme/retry', 'acme/saga']);
    expect(dashboard.recentReviews[0]!.createdAt).toBe('2026-04-12T00:00:00Z');
    expect(dashboard.recentReviews.every((r) => r.patternId.startsWith('acme/'))).toBe(true);
  });

  it('can rate every review without screening and limit the lists', () => {
    const dashboard = publisherDashboard('acme', listings, reviews, events, {
      screening: false,
      topLimit: 1,
      recentLimit: 2,
    });
    expect(dashboard.totals.flaggedReviews).toBe(0);
    expect(dashboard.averageRating.count).toBe(9);
    expect(dashboard.topPatterns).toHaveLength(1);
    expect(dashboard.recentReviews).toHaveLength(2);
  });

  it('is empty, not broken, for a publisher with nothing', () => {
    const dashboard = publisherDashboard('nobody', listings, reviews, events);
    expect(dashboard.patterns).toEqual([]);
    expect(dashboard.averageRating.mean).toBeNull();
  });

  it('does not depend on input order', () => {
    const a = publisherDashboard('acme', listings, reviews, events);
    const b = publisherDashboard(
      'acme',
      [...listings].reverse(),
      [...reviews].reverse(),
      [...events].reverse(),
    );
    expect(b).toEqual(a);
  });

  it('rejects bad listings, reviews, events and publishers with paths', () => {
    expect(() => publisherDashboard('Not A Team', listings, reviews, events)).toThrow(ValidationError);
    try {
      publisherDashboard('acme', listings, reviews, [{ ...events[0]!, type: 'explode' as never }]);
      expect.unreachable();
    } catch (error) {
      expect((error as ValidationError).issues[0]!.path).toEqual([0, 'type']);
    }
    expect(() => publisherDashboard('acme', [{ id: 'x' } as never], reviews, events)).toThrow(
      ValidationError,
    );
    expect(() => publisherDashboard('acme', listings, [{ rating: 5 } as never], events)).toThrow(
      ValidationError,
    );
    expect(() => publisherDashboard('acme', listings, reviews, events, { topLimit: -1 })).toThrow(
      ValidationError,
    );
  });
});
