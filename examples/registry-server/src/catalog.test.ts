import { search } from '@pollinate/search';
import { afterEach, describe, expect, it } from 'vitest';
import { createCatalog } from './catalog.js';
import { openSqliteStore } from './sqlite-store.js';
import type { PatternStats, RegistryStore } from './store.js';
import { sampleVersion } from './store-conformance.js';

const open: RegistryStore[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((store) => store.close()));
});

function figures(patternId: string, reviewCount: number, ratingSum: number, downloads = 0): PatternStats {
  return {
    patternId,
    reviewCount,
    ratingSum,
    downloads,
    installs: 0,
    uninstalls: 0,
    activeInstalls: 0,
    uninstalledTeams: 0,
    organizations: 0,
    trendMass: 0,
  };
}

async function catalogOf(...ids: string[]) {
  const store = openSqliteStore(':memory:');
  open.push(store);
  for (const id of ids) await store.putVersion(sampleVersion(id, '1.0.0'), { advanceLatest: true });
  const catalog = createCatalog(store);
  await catalog.index();
  return { store, catalog };
}

const rated = async (catalog: ReturnType<typeof createCatalog>, minRating: number) =>
  search(await catalog.index(), { filters: { minRating } }).hits.map((hit) => hit.listing.id);

describe('catalog figures from the change feed', () => {
  it('sets rating and adoption without a store read, and the index sees them on its next read', async () => {
    const { store, catalog } = await catalogOf('acme/retry', 'acme/cache');
    let reads = 0;
    const original = store.getLatestListing.bind(store);
    store.getLatestListing = async (id) => {
      reads++;
      return original(id);
    };
    const before = catalog.generation;
    catalog.updateFigures('acme/retry', figures('acme/retry', 2, 9, 40));
    // The generation moves at once: cached pages keyed by it are not served again.
    expect(catalog.generation).toBe(before + 1);
    expect((await catalog.listing('acme/retry'))?.rating).toEqual({ overall: 4.5, reviewCount: 2 });
    expect((await catalog.listing('acme/retry'))?.adoption.downloads).toBe(40);
    expect(catalog.peek('acme/retry')?.rating?.overall).toBe(4.5);
    expect(await rated(catalog, 4)).toEqual(['acme/retry']);
    expect(
      (await catalog.listings()).find((listing) => listing.id === 'acme/retry')?.rating?.reviewCount,
    ).toBe(2);
    expect(reads).toBe(0);
  });

  it('keeps the latest figures whatever order changes arrive in (figuresVersion)', async () => {
    const { catalog } = await catalogOf('acme/retry');
    catalog.updateFigures('acme/retry', figures('acme/retry', 3, 6));
    catalog.updateFigures('acme/retry', figures('acme/retry', 1, 5)); // older: ignored
    catalog.updateFigures('acme/retry', figures('acme/retry', 2, 10)); // older: ignored
    expect((await catalog.listing('acme/retry'))?.rating).toEqual({ overall: 2, reviewCount: 3 });
    expect(await rated(catalog, 3)).toEqual([]);
    catalog.updateFigures('acme/retry', figures('acme/retry', 4, 18));
    expect(await rated(catalog, 4)).toEqual(['acme/retry']);
  });

  it('re-reads a pattern it does not hold yet (its publish still on the way)', async () => {
    const { store, catalog } = await catalogOf('acme/retry');
    await store.putVersion(sampleVersion('acme/late', '1.0.0'), { advanceLatest: true });
    await store.putReview({
      review: {
        id: 'r1',
        patternId: 'acme/late',
        reviewer: 'zeta',
        rating: 5,
        title: '',
        body: 'works',
        verifiedAdoption: true,
        createdAt: '2026-12-01T00:00:00.000Z',
      },
      status: 'accepted',
      reasons: [],
    });
    catalog.updateFigures('acme/late', figures('acme/late', 1, 5));
    const deadline = Date.now() + 2_000;
    while (!(await catalog.listing('acme/late')) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await catalog.listing('acme/late'))?.rating).toEqual({ overall: 5, reviewCount: 1 });
    expect(await rated(catalog, 5)).toEqual(['acme/late']);
  });
});
