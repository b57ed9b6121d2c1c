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

describe.skipIf(!present)('known-item search on 20,000 real npm packages', () => {
  const rows = present ? readNpmRows({ stride: 11, limit: 20_000 }) : [];
  const listings = npmListings(rows);
  const index = createIndex(listings);
  // Every 100th package of the sample, queried by its npm name as a user types it.
  const sample = rows
    .map((row, i) => ({ name: row.name, id: (listings[i] as Listing).id }))
    .filter((_, i) => i % 100 === 0);

  it('indexes the sample', () => {
    expect(index.size).toBe(20_000);
    expect(sample.length).toBe(200);
  });

  it("a package's exact npm name (scoped or not) finds it as hit #1", () => {
    const misses = sample.filter(
      ({ name, id }) => search(index, { text: name, limit: 1 }).hits[0]?.id !== id,
    );
    expect(misses).toEqual([]);
  });

  it('a misspelled name still finds the package in the top 10 most of the time', () => {
    const long = sample.filter(({ name }) => !name.startsWith('@') && name.length >= 8).slice(0, 60);
    let found = 0;
    for (const { name, id } of long) {
      // swap two letters in the middle
      const at = Math.floor(name.length / 2);
      const text = name.slice(0, at) + name[at + 1] + name[at] + name.slice(at + 2);
      if (search(index, { text, limit: 10 }).hits.some((hit) => hit.id === id)) found += 1;
    }
    expect(long.length).toBeGreaterThan(20);
    expect(found / long.length).toBeGreaterThanOrEqual(0.6);
  });
});
