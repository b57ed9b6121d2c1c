import {
  type AdoptionEvent,
  fingerprint,
  type PatternPackage,
  PatternPackageSchema,
  type Review,
} from '@pollinate/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RegistryStore, StoredVersion } from './store.js';

/** Makes a fresh, empty store for one test; may be async. */
export type RegistryStoreFactory = () => RegistryStore | Promise<RegistryStore>;

/**
 * Builds a valid stored version for tests: `id@version` published by the id's scope.
 *
 * @param id - `scope/name`
 * @param version - exact semver
 * @param overrides - extra listing fields (e.g. `description`)
 * @returns a {@link StoredVersion} whose fingerprint matches its package
 * @example
 * ```ts
 * await store.putVersion(sampleVersion('acme/retry', '1.0.0'), { distTag: 'latest' });
 * ```
 */
export function sampleVersion(
  id: string,
  version: string,
  overrides: Record<string, unknown> = {},
): StoredVersion {
  const scope = id.split('/')[0] ?? id;
  const publishedAt = '2026-11-21T10:00:00.000Z';
  const pkg: PatternPackage = PatternPackageSchema.parse({
    listing: {
      id,
      name: id,
      version,
      publisher: { id: scope, name: scope },
      description: `${id} at ${version}`,
      category: 'resilience',
      tags: ['retry'],
      license: 'MIT',
      publishedAt,
      ...overrides,
    },
    documentation: { readme: `# ${id}\n` },
  });
  return { id, version, publisher: scope, fingerprint: fingerprint(pkg), publishedAt, package: pkg };
}

/**
 * Registers the `RegistryStore` conformance tests with vitest (like automerge-repo's
 * storage-adapter suites): every store implementation calls this once from a test file
 * with a factory that makes a fresh, empty store. The suite closes each store after its test.
 *
 * @param name - label of the implementation under test, e.g. `'sqlite (file)'`
 * @param factory - makes a fresh, empty store
 * @example
 * ```ts
 * // sqlite-store.test.ts
 * describeRegistryStoreConformance('sqlite :memory:', () => openSqliteStore(':memory:'));
 * ```
 */
export function describeRegistryStoreConformance(name: string, factory: RegistryStoreFactory): void {
  describe(`RegistryStore conformance: ${name}`, () => {
    let store: RegistryStore;
    beforeEach(async () => {
      store = await factory();
    });
    afterEach(async () => {
      await store.close();
    });

    it('starts empty', async () => {
      expect(await store.count()).toEqual({ patterns: 0, versions: 0 });
      expect(await store.getPattern('acme/retry')).toBeUndefined();
      expect(await store.getVersion('acme/retry', '1.0.0')).toBeUndefined();
      expect(await store.listLatestListings()).toEqual([]);
      expect(await store.getNetworkState()).toBeUndefined();
    });

    it('stores a version and reads it back intact', async () => {
      const record = sampleVersion('acme/retry', '1.0.0');
      expect(await store.putVersion(record, { distTag: 'latest' })).toBe('created');
      const read = await store.getVersion('acme/retry', '1.0.0');
      expect(read).toEqual(record);
      expect(read && fingerprint(read.package)).toBe(record.fingerprint);
      expect(await store.count()).toEqual({ patterns: 1, versions: 1 });
    });

    it('never overwrites a version: a second put is "exists" and changes nothing', async () => {
      const first = sampleVersion('acme/retry', '1.0.0');
      await store.putVersion(first, { distTag: 'latest' });
      const second = sampleVersion('acme/retry', '1.0.0', { description: 'changed' });
      expect(await store.putVersion(second, { distTag: 'beta' })).toBe('exists');
      expect(await store.getVersion('acme/retry', '1.0.0')).toEqual(first);
      expect((await store.getPattern('acme/retry'))?.distTags).toEqual({ latest: '1.0.0' });
    });

    it('lets exactly one of several concurrent puts of the same version win', async () => {
      const attempts = Array.from({ length: 5 }, (_, i) =>
        store.putVersion(sampleVersion('acme/race', '1.0.0', { description: `attempt ${i}` }), {
          distTag: 'latest',
        }),
      );
      const outcomes = await Promise.all(attempts);
      expect(outcomes.filter((outcome) => outcome === 'created')).toHaveLength(1);
      const winner = outcomes.indexOf('created');
      const stored = await store.getVersion('acme/race', '1.0.0');
      expect(stored?.package.listing.description).toBe(`attempt ${winner}`);
      expect(await store.count()).toEqual({ patterns: 1, versions: 1 });
    });

    it('lists versions in semver order with dist-tags', async () => {
      for (const version of ['1.10.0', '1.2.0', '2.0.0-rc.1', '1.9.3']) {
        await store.putVersion(sampleVersion('acme/retry', version), {
          distTag: version.includes('-') ? 'next' : 'latest',
        });
      }
      const pattern = await store.getPattern('acme/retry');
      expect(pattern?.publisher).toBe('acme');
      expect(pattern?.versions.map((v) => v.version)).toEqual(['1.2.0', '1.9.3', '1.10.0', '2.0.0-rc.1']);
      expect(pattern?.distTags).toEqual({ latest: '1.9.3', next: '2.0.0-rc.1' });
      await store.setDistTag('acme/retry', 'latest', '1.10.0');
      expect((await store.getPattern('acme/retry'))?.distTags.latest).toBe('1.10.0');
      await expect(store.setDistTag('acme/retry', 'latest', '9.9.9')).rejects.toMatchObject({
        code: 'E_NOT_FOUND',
      });
    });

    it('lists the latest listing of every pattern, ordered by id', async () => {
      await store.putVersion(sampleVersion('zeta/cache', '1.0.0'), { distTag: 'latest' });
      await store.putVersion(sampleVersion('acme/retry', '1.0.0'), { distTag: 'latest' });
      await store.putVersion(sampleVersion('acme/retry', '1.1.0'), { distTag: 'latest' });
      await store.putVersion(sampleVersion('acme/retry', '2.0.0-beta.1'), { distTag: 'next' });
      const listings = await store.listLatestListings();
      expect(listings.map((l) => `${l.id}@${l.version}`)).toEqual(['acme/retry@1.1.0', 'zeta/cache@1.0.0']);
    });

    it('keeps reviews once per id and filters them', async () => {
      const review = (id: string, patternId: string): Review => ({
        id,
        patternId,
        reviewer: 'bob',
        rating: 4,
        title: '',
        body: 'works',
        verifiedAdoption: false,
        createdAt: '2026-11-21T10:00:00.000Z',
      });
      expect(
        await store.putReview({ review: review('r1', 'acme/retry'), status: 'accepted', reasons: [] }),
      ).toBe('created');
      expect(
        await store.putReview({ review: review('r2', 'acme/retry'), status: 'flagged', reasons: ['burst'] }),
      ).toBe('created');
      await store.putReview({ review: review('r3', 'zeta/cache'), status: 'accepted', reasons: [] });
      expect(
        await store.putReview({ review: review('r1', 'zeta/cache'), status: 'flagged', reasons: [] }),
      ).toBe('exists');
      expect((await store.listReviews()).map((r) => r.review.id)).toEqual(['r1', 'r2', 'r3']);
      expect((await store.listReviews({ patternId: 'acme/retry' })).map((r) => r.review.id)).toEqual([
        'r1',
        'r2',
      ]);
      const flagged = await store.listReviews({ patternId: 'acme/retry', status: 'flagged' });
      expect(flagged).toEqual([
        { review: review('r2', 'acme/retry'), status: 'flagged', reasons: ['burst'] },
      ]);
    });

    it('appends adoption events and filters them by pattern and team', async () => {
      const event = (team: string, patternId: string, type: AdoptionEvent['type']): AdoptionEvent => ({
        type,
        team,
        patternId,
        at: '2026-11-21T10:00:00.000Z',
      });
      await store.addAdoptionEvent(event('blue', 'acme/retry', 'install'));
      await store.addAdoptionEvent(event('red', 'acme/retry', 'download'));
      await store.addAdoptionEvent(event('blue', 'zeta/cache', 'install'));
      expect(await store.listAdoptionEvents()).toHaveLength(3);
      expect(await store.listAdoptionEvents({ patternId: 'acme/retry' })).toEqual([
        event('blue', 'acme/retry', 'install'),
        event('red', 'acme/retry', 'download'),
      ]);
      expect(await store.listAdoptionEvents({ team: 'blue', patternId: 'zeta/cache' })).toEqual([
        event('blue', 'zeta/cache', 'install'),
      ]);
    });

    it('replaces the network state and returns the exact bytes', async () => {
      await store.putNetworkState(new Uint8Array([1, 2, 3]));
      await store.putNetworkState(new Uint8Array([4, 5, 0, 255]));
      expect(await store.getNetworkState()).toEqual(new Uint8Array([4, 5, 0, 255]));
    });

    it('binds a pseudonym to its first publisher', async () => {
      expect(await store.getPseudonymOwner('pseudonym-1')).toBeUndefined();
      expect(await store.claimPseudonym('pseudonym-1', 'acme')).toBe('acme');
      expect(await store.claimPseudonym('pseudonym-1', 'zeta')).toBe('acme');
      expect(await store.getPseudonymOwner('pseudonym-1')).toBe('acme');
    });

    it('refuses use after close', async () => {
      await store.close();
      await expect(store.count()).rejects.toMatchObject({ code: 'E_STORE_CLOSED' });
      store = await factory();
    });
  });
}
