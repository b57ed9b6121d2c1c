// Known-item search on real data: a sample of ../shared/datasets/npm-packages.tsv (every
// 11th row, 20,000 packages) turned into listings. Skipped with a message when the data set
// is missing on a developer machine; fails in CI (CI=true), where it must be present.
import type { Listing } from '@pollinate/core';
import { describe, expect, it } from 'vitest';
import { NPM_TSV, npmCatalogExists, npmListings, readNpmRows } from '../bench/npm-catalog.js';
import { search } from './search.js';
import { createIndex } from './search-index.js';

const present = npmCatalogExists();
if (!present && process.env.CI)
  throw new Error(`${NPM_TSV} must exist in CI (../shared/datasets beside the clone)`);
if (!present)
  console.warn(
    `npm-dataset.test.ts skipped: ${NPM_TSV} not found (the shared data sets live beside the repository)`,
  );

describe.skipIf(!present && !process.env.CI)('known-item search on 20,000 real npm packages', () => {
  const listings = present ? npmListings(readNpmRows({ stride: 11, limit: 20_000 })) : [];
  const index = createIndex(listings, { validate: false });
  // Every 100th package of the sample; names that differ only in letter case are ambiguous.
  const lowerCaseCounts = new Map<string, number>();
  for (const listing of listings)
    lowerCaseCounts.set(
      listing.name.toLowerCase(),
      (lowerCaseCounts.get(listing.name.toLowerCase()) ?? 0) + 1,
    );
  const sample = listings.filter(
    (listing, i) => i % 100 === 0 && lowerCaseCounts.get(listing.name.toLowerCase()) === 1,
  );

  it('indexes the sample', () => {
    expect(index.size).toBe(20_000);
    expect(sample.length).toBeGreaterThan(150);
  });

  it("a package's exact name finds it as hit #1", () => {
    const misses = sample.filter(
      (listing: Listing) => search(index, { text: listing.name, limit: 1 }).hits[0]?.id !== listing.id,
    );
    expect(misses.map((listing) => listing.name)).toEqual([]);
  });

  it('a misspelled name still finds the package in the top 10 most of the time', () => {
    const long = sample
      .filter((listing) => !listing.name.startsWith('@') && listing.name.length >= 8)
      .slice(0, 60);
    let found = 0;
    for (const listing of long) {
      // swap two letters in the middle
      const at = Math.floor(listing.name.length / 2);
      const text =
        listing.name.slice(0, at) + listing.name[at + 1] + listing.name[at] + listing.name.slice(at + 2);
      if (search(index, { text, limit: 10 }).hits.some((hit) => hit.id === listing.id)) found += 1;
    }
    expect(long.length).toBeGreaterThan(20);
    expect(found / long.length).toBeGreaterThanOrEqual(0.6);
  });
});
