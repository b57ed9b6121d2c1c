/**
 * `@pollinate/registry-store/testing`: the conformance suite every {@link RegistryStore}
 * runs (vitest), and the helpers it uses.
 *
 * @packageDocumentation
 */
import {
  type AdoptionEvent,
  fingerprint,
  type PatternPackage,
  PatternPackageSchema,
  type Review,
} from '@pollinate/core';
import { seededRandom } from '@pollinate/core/helpers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeCatalogStoreConformance } from './catalog-testing.js';
import type { CoAdoption, RegistryStore, StoreChange, StoredVersion } from './store.js';
import { describeTrustConformance } from './testing-trust.js';
import { trendingMass } from './trending.js';

export { describeCatalogStoreConformance, sampleProposal } from './catalog-testing.js';

/** Makes a fresh, empty store for one test; may be async. */
export type RegistryStoreFactory = () => RegistryStore | Promise<RegistryStore>;

/** Options of {@link describeRegistryStoreConformance}. */
export interface ConformanceOptions {
  /**
   * Opens a second store on the same database as `store` (another registry instance).
   * When given, the suite checks that changes committed through one store reach the
   * other's listeners. Omit it for stores that cannot be shared.
   */
  openSibling?: (store: RegistryStore) => RegistryStore | Promise<RegistryStore>;
}

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

/** The {@link RegistryStore} methods {@link slowStore} delays (the type checker keeps the list complete). */
const DELAYED_METHODS: Record<Exclude<keyof RegistryStore, 'subscribe' | 'onResync'>, true> = {
  putVersion: true,
  getPattern: true,
  getVersion: true,
  setDistTag: true,
  listLatestListings: true,
  getLatestListing: true,
  totals: true,
  count: true,
  putReview: true,
  getReview: true,
  listReviews: true,
  reviewerAccounts: true,
  reviewScreeningInputs: true,
  addAdoptionEvent: true,
  listAdoptionEvents: true,
  countAdoptionEvents: true,
  patternStats: true,
  topTrending: true,
  coAdoption: true,
  appendNetworkChanges: true,
  readNetworkChanges: true,
  putNetworkSnapshot: true,
  getNetworkSnapshot: true,
  claimPseudonym: true,
  getPseudonymOwner: true,
  readiness: true,
  addNotification: true,
  addRevenueEvent: true,
  appendAudit: true,
  claimWebhookDeliveries: true,
  compactNetworkShards: true,
  claimSecret: true,
  consentHistory: true,
  decideProposal: true,
  deleteWebhook: true,
  finishWebhookDelivery: true,
  getErasure: true,
  getFork: true,
  getProposal: true,
  getWebhook: true,
  listAudit: true,
  listForks: true,
  listListingsWithoutLatest: true,
  listNotifications: true,
  listProposals: true,
  listWebhookDeliveries: true,
  markErasuresPurged: true,
  pendingErasures: true,
  pruneAudit: true,
  putProposal: true,
  putWebhook: true,
  recordConsent: true,
  recordErasure: true,
  revenueLines: true,
  putAttestation: true,
  listAttestations: true,
  moderateReview: true,
  listFlaggedReviews: true,
  listModerationDecisions: true,
  putReviewReply: true,
  listReviewReplies: true,
  close: true,
};

/**
 * Wraps a store so that every call of a {@link RegistryStore} method (but `subscribe` and
 * `onResync`) waits `delayMs` before it starts and again before its result is returned: a
 * deliberately slow store, to widen the window in which concurrent requests interleave.
 * Properties beyond the interface (a store's own extras) pass through unchanged.
 *
 * @param store - the store to wrap
 * @param delayMs - the delay on each side of a call, milliseconds (or a function returning it)
 * @returns a store with the same behaviour, slower
 * @example
 * ```ts
 * const slow = slowStore(store, () => Math.random() * 20);
 * ```
 */
export function slowStore(store: RegistryStore, delayMs: number | (() => number)): RegistryStore {
  const wait = () =>
    new Promise<void>((resolve) => setTimeout(resolve, typeof delayMs === 'number' ? delayMs : delayMs()));
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || !Object.hasOwn(DELAYED_METHODS, property)) return value;
      return async (...args: unknown[]) => {
        await wait();
        const result = await (value as (...a: unknown[]) => unknown).apply(target, args);
        await wait();
        return result;
      };
    },
  });
}

/**
 * The co-adoption figures {@link RegistryStore.coAdoption} must return, computed by
 * replaying every event (a trivially correct oracle for tests).
 *
 * @param events - every adoption event, in arrival order
 * @param team - the team
 * @param alsoAdopted - extra source patterns
 * @returns the expected {@link CoAdoption}
 */
export function coAdoptionOracle(
  events: readonly AdoptionEvent[],
  team: string,
  alsoAdopted: readonly string[] = [],
): CoAdoption {
  const ordered = events
    .map((event, position) => ({ event, position, at: Date.parse(event.at) }))
    .sort((a, b) => a.at - b.at || a.position - b.position);
  const byTeam = new Map<string, Set<string>>();
  for (const { event } of ordered) {
    if (event.type === 'download') continue;
    const set = byTeam.get(event.team) ?? new Set<string>();
    byTeam.set(event.team, set);
    if (event.type === 'install') set.add(event.patternId);
    else set.delete(event.patternId);
  }
  const adopted = [...(byTeam.get(team) ?? [])].sort();
  byTeam.delete(team);
  const adoptersOf = new Map<string, Set<string>>();
  for (const [other, patterns] of byTeam) {
    for (const id of patterns) {
      const set = adoptersOf.get(id) ?? new Set<string>();
      adoptersOf.set(id, set);
      set.add(other);
    }
  }
  const together = new Map<string, Map<string, number>>();
  const adopters = new Map<string, number>();
  for (const from of new Set([...adopted, ...alsoAdopted])) {
    const teams = adoptersOf.get(from);
    const row = new Map<string, number>();
    for (const [to, others] of adoptersOf) {
      if (to === from || !teams) continue;
      let both = 0;
      for (const other of teams) if (others.has(other)) both++;
      if (both > 0) row.set(to, both);
    }
    if (row.size === 0) continue;
    together.set(from, row);
    adopters.set(from, teams?.size ?? 0);
    for (const to of row.keys()) adopters.set(to, adoptersOf.get(to)?.size ?? 0);
  }
  return { adopted, adopters, together };
}

/** A small deterministic pseudo-random generator (core's mulberry32) for reproducible test data. */
const random = seededRandom;

const sorted = <T>(map: Map<string, T>) => [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

function until(predicate: () => boolean, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const check = () => {
      if (predicate()) resolve();
      else if (Date.now() - started > timeoutMs) reject(new Error(`not within ${timeoutMs} ms`));
      else setTimeout(check, 10);
    };
    check();
  });
}

/**
 * Registers the `RegistryStore` conformance tests with vitest (like automerge-repo's
 * storage-adapter suites): every store implementation calls this once from a test file
 * with a factory that makes a fresh, empty store. The suite closes each store after its test.
 *
 * @param name - label of the implementation under test, e.g. `'sqlite (file)'`
 * @param factory - makes a fresh, empty store
 * @param options - see {@link ConformanceOptions}
 * @example
 * ```ts no-run
 * // sqlite-store.test.ts (the suite registers vitest tests: call it at the top of a test file)
 * import { openSqliteStore } from '@pollinate-examples/registry-server';
 *
 * describeRegistryStoreConformance('sqlite :memory:', () => openSqliteStore(':memory:'));
 * ```
 */
export function describeRegistryStoreConformance(
  name: string,
  factory: RegistryStoreFactory,
  options: ConformanceOptions = {},
): void {
  describe(`RegistryStore conformance: ${name}`, () => {
    let store: RegistryStore;
    const extra: RegistryStore[] = [];
    beforeEach(async () => {
      store = await factory();
    });
    afterEach(async () => {
      for (const other of extra.splice(0)) await other.close();
      await store.close();
    });

    const review = (
      id: string,
      patternId: string,
      rating: number,
      reviewer = 'bob',
      reviewerTeam?: string,
    ): Review => ({
      id,
      patternId,
      reviewer,
      ...(reviewerTeam ? { reviewerTeam } : {}),
      rating,
      title: '',
      body: 'works',
      verifiedAdoption: false,
      createdAt: '2026-11-21T10:00:00.000Z',
    });
    const event = (
      team: string,
      patternId: string,
      type: AdoptionEvent['type'],
      at = '2026-11-21T10:00:00.000Z',
    ): AdoptionEvent => ({ type, team, patternId, at });

    it('starts empty and ready', async () => {
      expect(await store.count()).toEqual({ patterns: 0, versions: 0 });
      expect(await store.totals()).toEqual({
        patterns: 0,
        versions: 0,
        acceptedReviews: 0,
        adoptionEvents: 0,
      });
      expect(await store.getPattern('acme/retry')).toBeUndefined();
      expect(await store.getVersion('acme/retry', '1.0.0')).toBeUndefined();
      expect(await store.listLatestListings()).toEqual([]);
      expect(await store.getLatestListing('acme/retry')).toBeUndefined();
      expect(await store.getNetworkSnapshot('default')).toBeUndefined();
      expect(await store.readNetworkChanges('default', 0)).toEqual([]);
      expect(await store.topTrending(10)).toEqual([]);
      const readiness = await store.readiness();
      expect(readiness.ready).toBe(true);
      expect(readiness.schema).toBe(readiness.expectedSchema);
    });

    it('stores a version and reads it back intact', async () => {
      const record = sampleVersion('acme/retry', '1.0.0');
      expect(await store.putVersion(record, { distTag: 'latest' })).toEqual({
        status: 'created',
        distTags: ['latest'],
      });
      const read = await store.getVersion('acme/retry', '1.0.0');
      expect(read).toEqual(record);
      expect(read && fingerprint(read.package)).toBe(record.fingerprint);
      expect(await store.count()).toEqual({ patterns: 1, versions: 1 });
      expect(await store.totals()).toMatchObject({ patterns: 1, versions: 1 });
    });

    it('never overwrites a version: a second put is "exists" and changes nothing', async () => {
      const first = sampleVersion('acme/retry', '1.0.0');
      await store.putVersion(first, { distTag: 'latest' });
      const second = sampleVersion('acme/retry', '1.0.0', { description: 'changed' });
      expect(await store.putVersion(second, { distTag: 'beta' })).toEqual({ status: 'exists', distTags: [] });
      expect(await store.getVersion('acme/retry', '1.0.0')).toEqual(first);
      expect((await store.getPattern('acme/retry'))?.distTags).toEqual({ latest: '1.0.0' });
      expect(await store.totals()).toMatchObject({ patterns: 1, versions: 1 });
    });

    it('lets exactly one of several concurrent puts of the same version win', async () => {
      const attempts = Array.from({ length: 5 }, (_, i) =>
        store.putVersion(sampleVersion('acme/race', '1.0.0', { description: `attempt ${i}` }), {
          distTag: 'latest',
        }),
      );
      const outcomes = await Promise.all(attempts);
      expect(outcomes.filter((outcome) => outcome.status === 'created')).toHaveLength(1);
      const winner = outcomes.findIndex((outcome) => outcome.status === 'created');
      const stored = await store.getVersion('acme/race', '1.0.0');
      expect(stored?.package.listing.description).toBe(`attempt ${winner}`);
      expect(await store.count()).toEqual({ patterns: 1, versions: 1 });
    });

    it('never moves latest backwards under concurrent publishes (advanceLatest, even through a slow store)', async () => {
      const next = random(7);
      const versions = Array.from({ length: 24 }, (_, i) => `1.${i}.0`);
      const shuffled = [...versions].sort(() => next() - 0.5);
      const slow = slowStore(store, () => next() * 4);
      const seen: string[] = [];
      let publishing = true;
      const observer = (async () => {
        while (publishing) {
          const latest = (await store.getPattern('acme/ordered'))?.distTags.latest;
          if (latest) seen.push(latest);
          await new Promise((resolve) => setTimeout(resolve, 1));
        }
      })();
      const results = await Promise.all(
        shuffled.map((version) =>
          slow.putVersion(sampleVersion('acme/ordered', version), { advanceLatest: true }),
        ),
      );
      publishing = false;
      await observer;
      expect((await store.getPattern('acme/ordered'))?.distTags.latest).toBe('1.23.0');
      const minor = (v: string) => Number(v.split('.')[1]);
      for (let i = 1; i < seen.length; i++)
        expect(minor(seen[i] ?? '')).toBeGreaterThanOrEqual(minor(seen[i - 1] ?? ''));
      expect(results.every((result) => result.status === 'created')).toBe(true);
      // A prerelease never becomes latest through advanceLatest; a lower release neither.
      expect(
        await store.putVersion(sampleVersion('acme/ordered', '2.0.0-rc.1'), { advanceLatest: true }),
      ).toEqual({ status: 'created', distTags: [] });
      expect(await store.putVersion(sampleVersion('acme/ordered', '0.9.0'), { advanceLatest: true })).toEqual(
        {
          status: 'created',
          distTags: [],
        },
      );
      expect((await store.getPattern('acme/ordered'))?.distTags.latest).toBe('1.23.0');
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

    it('lists the latest listing of every pattern, ordered by id, with current rating and adoption', async () => {
      await store.putVersion(sampleVersion('zeta/cache', '1.0.0'), { distTag: 'latest' });
      await store.putVersion(sampleVersion('acme/retry', '1.0.0'), { distTag: 'latest' });
      await store.putVersion(sampleVersion('acme/retry', '1.1.0'), { distTag: 'latest' });
      await store.putVersion(sampleVersion('acme/retry', '2.0.0-beta.1'), { distTag: 'next' });
      await store.putReview({ review: review('r1', 'acme/retry', 5), status: 'accepted', reasons: [] });
      await store.putReview({ review: review('r2', 'acme/retry', 4), status: 'accepted', reasons: [] });
      await store.putReview({ review: review('r3', 'acme/retry', 1), status: 'flagged', reasons: ['burst'] });
      await store.addAdoptionEvent(event('blue', 'acme/retry', 'install'));
      await store.addAdoptionEvent(event('blue', 'acme/retry', 'download'));
      await store.addAdoptionEvent(event('red', 'acme/retry', 'download'));
      const listings = await store.listLatestListings();
      expect(listings.map((l) => `${l.id}@${l.version}`)).toEqual(['acme/retry@1.1.0', 'zeta/cache@1.0.0']);
      expect(listings[0]?.rating).toEqual({ overall: 4.5, reviewCount: 2 });
      expect(listings[0]?.adoption).toEqual({ downloads: 2, activeInstalls: 1, organizations: 2 });
      expect(listings[1]?.rating).toBeUndefined();
      expect(listings[1]?.adoption).toEqual({ downloads: 0, activeInstalls: 0, organizations: 0 });
      expect(await store.getLatestListing('acme/retry')).toEqual(listings[0]);
    });

    it('lists the newest version of every pattern without a latest version (prerelease-only patterns)', async () => {
      expect(await store.listListingsWithoutLatest()).toEqual([]);
      await store.putVersion(sampleVersion('acme/retry', '1.0.0'), { distTag: 'latest' });
      await store.putVersion(sampleVersion('acme/retry', '2.0.0-beta.1'), { distTag: 'next' });
      await store.putVersion(
        sampleVersion('zeta/retry-fork', '1.0.0-beta.10', { forkOf: { id: 'acme/retry', version: '1.0.0' } }),
        { distTag: 'next' },
      );
      await store.putVersion(sampleVersion('zeta/retry-fork', '1.0.0-beta.9'), { distTag: 'beta' });
      await store.putVersion(sampleVersion('beta/cache', '0.1.0-alpha.1'), { distTag: 'next' });
      const listings = await store.listListingsWithoutLatest();
      // semver order, not publish order or string order: beta.10 is newer than beta.9
      expect(listings.map((l) => `${l.id}@${l.version}`)).toEqual([
        'beta/cache@0.1.0-alpha.1',
        'zeta/retry-fork@1.0.0-beta.10',
      ]);
      expect(listings[1]?.forkOf).toEqual({ id: 'acme/retry', version: '1.0.0' });
      // a first release moves latest: the pattern leaves this list
      await store.putVersion(sampleVersion('beta/cache', '0.1.0'), { advanceLatest: true });
      expect((await store.listListingsWithoutLatest()).map((l) => l.id)).toEqual(['zeta/retry-fork']);
    });

    it('keeps reviews once per id, filters them, and keeps ratings and reviewer accounts on write', async () => {
      expect(
        await store.putReview({ review: review('r1', 'acme/retry', 4), status: 'accepted', reasons: [] }),
      ).toBe('created');
      expect(
        await store.putReview({
          review: review('r2', 'acme/retry', 2, 'bob', 'blue'),
          status: 'flagged',
          reasons: ['burst'],
        }),
      ).toBe('created');
      await store.putReview({
        review: review('r3', 'zeta/cache', 5, 'eve'),
        status: 'accepted',
        reasons: [],
      });
      expect(
        await store.putReview({ review: review('r1', 'zeta/cache', 1), status: 'flagged', reasons: [] }),
      ).toBe('exists');
      expect(
        (await store.listReviews({ patternIds: ['acme/retry', 'zeta/cache'] })).map((r) => r.review.id),
      ).toEqual(['r1', 'r2', 'r3']);
      expect((await store.listReviews({ patternId: 'acme/retry' })).map((r) => r.review.id)).toEqual([
        'r1',
        'r2',
      ]);
      const flagged = await store.listReviews({ patternId: 'acme/retry', status: 'flagged' });
      expect(flagged).toEqual([
        { review: review('r2', 'acme/retry', 2, 'bob', 'blue'), status: 'flagged', reasons: ['burst'] },
      ]);
      expect(await store.getReview('r2')).toEqual(flagged[0]);
      expect(await store.getReview('nope')).toBeUndefined();
      expect(await store.patternStats('acme/retry')).toMatchObject({ reviewCount: 1, ratingSum: 4 });
      expect(await store.patternStats('zeta/cache')).toMatchObject({ reviewCount: 1, ratingSum: 5 });
      expect(await store.totals()).toMatchObject({ acceptedReviews: 2 });
      const accounts = await store.reviewerAccounts(['bob', 'eve', 'nobody']);
      expect(accounts.get('bob')).toEqual({ reviewCount: 2, team: 'blue' });
      expect(accounts.get('eve')).toEqual({ reviewCount: 1 });
      expect(accounts.has('nobody')).toBe(false);
      await expect(store.listReviews({})).rejects.toMatchObject({ code: 'E_INVALID_FILTER' });
      // A bounded read: the most recent matching reviews, oldest first.
      expect(
        (await store.listReviews({ patternIds: ['acme/retry', 'zeta/cache'], latest: 2 })).map(
          (r) => r.review.id,
        ),
      ).toEqual(['r2', 'r3']);
      expect(
        (await store.listReviews({ patternId: 'acme/retry', status: 'accepted', latest: 5 })).map(
          (r) => r.review.id,
        ),
      ).toEqual(['r1']);
      for (const latest of [0, 1.5, -1, Number.NaN])
        await expect(store.listReviews({ patternId: 'acme/retry', latest })).rejects.toMatchObject({
          code: 'E_INVALID_FILTER',
        });
    });

    it('reads what screening a review needs in one call', async () => {
      for (let i = 1; i <= 4; i++) {
        await store.putReview({
          review: review(
            `s${i}`,
            'acme/retry',
            3 + (i % 2),
            i === 2 ? 'bob' : 'eve',
            i === 2 ? 'blue' : undefined,
          ),
          status: i === 3 ? 'flagged' : 'accepted',
          reasons: i === 3 ? ['burst'] : [],
        });
      }
      await store.putReview({
        review: review('other', 'zeta/cache', 5, 'bob'),
        status: 'accepted',
        reasons: [],
      });
      await store.addAdoptionEvent(event('blue', 'acme/retry', 'install'));
      await store.addAdoptionEvent(event('blue', 'acme/retry', 'uninstall'));
      await store.addAdoptionEvent(event('red', 'acme/retry', 'download'));
      const blue = await store.reviewScreeningInputs({
        patternId: 'acme/retry',
        reviewer: 'blue',
        latest: 3,
      });
      expect(blue.reviews).toEqual(await store.listReviews({ patternId: 'acme/retry', latest: 3 }));
      expect(blue.reviews.map((stored) => stored.review.id)).toEqual(['s2', 's3', 's4']);
      expect(blue.installed).toBe(true);
      expect(blue.accounts).toEqual(await store.reviewerAccounts(['bob', 'eve', 'blue']));
      const red = await store.reviewScreeningInputs({
        patternId: 'acme/retry',
        reviewer: 'red',
        latest: 500,
      });
      expect(red.reviews.map((stored) => stored.review.id)).toEqual(['s1', 's2', 's3', 's4']);
      expect(red.installed).toBe(false);
      expect([...red.accounts.keys()].sort()).toEqual(['bob', 'eve']);
      const empty = await store.reviewScreeningInputs({
        patternId: 'beta/none',
        reviewer: 'red',
        latest: 10,
      });
      expect(empty).toEqual({ reviews: [], installed: false, accounts: new Map() });
      for (const latest of [0, 1.5, -1])
        await expect(
          store.reviewScreeningInputs({ patternId: 'acme/retry', reviewer: 'red', latest }),
        ).rejects.toMatchObject({ code: 'E_INVALID_FILTER' });
    });

    it('appends adoption events, filters them, and keeps figures and counts on write', async () => {
      await store.addAdoptionEvent(event('blue', 'acme/retry', 'install'));
      await store.addAdoptionEvent(event('red', 'acme/retry', 'download'));
      await store.addAdoptionEvent(event('blue', 'zeta/cache', 'install'));
      // Arrives late but happened earlier: the later uninstall still wins.
      await store.addAdoptionEvent(event('red', 'acme/retry', 'uninstall', '2026-11-21T12:00:00.000Z'));
      await store.addAdoptionEvent(event('red', 'acme/retry', 'install', '2026-11-21T11:00:00.000Z'));
      expect(await store.listAdoptionEvents({ patternId: 'acme/retry' })).toEqual([
        event('blue', 'acme/retry', 'install'),
        event('red', 'acme/retry', 'download'),
        event('red', 'acme/retry', 'uninstall', '2026-11-21T12:00:00.000Z'),
        event('red', 'acme/retry', 'install', '2026-11-21T11:00:00.000Z'),
      ]);
      expect(await store.listAdoptionEvents({ team: 'blue', patternId: 'zeta/cache' })).toEqual([
        event('blue', 'zeta/cache', 'install'),
      ]);
      expect(await store.listAdoptionEvents({ patternIds: ['zeta/cache'] })).toHaveLength(1);
      await expect(store.listAdoptionEvents({})).rejects.toMatchObject({ code: 'E_INVALID_FILTER' });
      expect(await store.patternStats('acme/retry')).toMatchObject({
        downloads: 1,
        installs: 2,
        uninstalls: 1,
        activeInstalls: 1,
        uninstalledTeams: 1,
        organizations: 2,
      });
      expect(await store.totals()).toMatchObject({ adoptionEvents: 5 });
      const at = Date.parse('2026-11-21T10:00:00.000Z');
      expect(
        await store.countAdoptionEvents({ type: 'install', afterMs: at - 1, throughMs: at + 3_600_000 }),
      ).toBe(3);
      expect(
        await store.countAdoptionEvents({ type: 'install', afterMs: at, throughMs: at + 3_600_000 }),
      ).toBe(1);
      expect(
        await store.countAdoptionEvents({
          type: 'install',
          afterMs: 0,
          throughMs: at + 86_400_000,
          patternId: 'zeta/cache',
        }),
      ).toBe(1);
    });

    it('stores an adoption event once per team and idempotency key', async () => {
      const first = event('blue', 'acme/retry', 'install');
      expect(await store.addAdoptionEvent(first, { idempotencyKey: 'k-1' })).toEqual({
        status: 'created',
        event: first,
      });
      const retried = await Promise.all(
        [1, 2, 3].map(() =>
          store.addAdoptionEvent(event('blue', 'acme/retry', 'install', '2026-11-21T10:00:05.000Z'), {
            idempotencyKey: 'k-1',
          }),
        ),
      );
      expect(retried).toEqual([1, 2, 3].map(() => ({ status: 'exists', event: first })));
      // The key belongs to the team: another team may use the same key.
      expect(
        (await store.addAdoptionEvent(event('red', 'acme/retry', 'install'), { idempotencyKey: 'k-1' }))
          .status,
      ).toBe('created');
      expect(await store.listAdoptionEvents({ patternId: 'acme/retry' })).toHaveLength(2);
      expect(await store.patternStats('acme/retry')).toMatchObject({ installs: 2, activeInstalls: 2 });
      expect(await store.totals()).toMatchObject({ adoptionEvents: 2 });
    });

    it('keeps co-adoption and trending equal to a replay of every event', async () => {
      const next = random(11);
      const teams = ['t0', 't1', 't2', 't3', 't4', 't5'];
      const patterns = ['p/a', 'p/b', 'p/c', 'p/d', 'p/e'];
      const types: AdoptionEvent['type'][] = ['install', 'install', 'download', 'uninstall'];
      const events: AdoptionEvent[] = [];
      const base = Date.parse('2026-11-01T00:00:00.000Z');
      for (let i = 0; i < 160; i++) {
        const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)] as T;
        events.push(
          event(
            pick(teams),
            pick(patterns),
            pick(types),
            new Date(base + Math.floor(next() * 20) * 3_600_000).toISOString(),
          ),
        );
      }
      for (const e of events) await store.addAdoptionEvent(e);
      for (const team of [...teams, 'nobody']) {
        const expected = coAdoptionOracle(events, team, ['p/a']);
        const actual = await store.coAdoption(team, ['p/a']);
        expect(actual.adopted).toEqual(expected.adopted);
        expect(sorted(actual.adopters)).toEqual(sorted(expected.adopters));
        expect(sorted(actual.together).map(([k, v]) => [k, sorted(v)])).toEqual(
          sorted(expected.together).map(([k, v]) => [k, sorted(v)]),
        );
      }
      const mass = new Map<string, number>();
      for (const e of events)
        mass.set(e.patternId, (mass.get(e.patternId) ?? 0) + trendingMass(e.type, Date.parse(e.at)));
      const expectedTop = [...mass]
        .filter(([, m]) => m > 0)
        .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
        .slice(0, 3);
      const top = await store.topTrending(3);
      expect(top.map((s) => s.patternId)).toEqual(expectedTop.map(([id]) => id));
      for (const [i, stats] of top.entries())
        expect(stats.trendMass).toBeCloseTo(expectedTop[i]?.[1] ?? 0, 6);
    });

    it('counts concurrent writes exactly (no lost update)', async () => {
      await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          store.addAdoptionEvent(event(`team-${i % 8}`, 'acme/hot', i % 2 ? 'download' : 'install')),
        ),
      );
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          store.putReview({
            review: review(`c${i}`, 'acme/hot', 1 + (i % 5), `r${i}`),
            status: 'accepted',
            reasons: [],
          }),
        ),
      );
      expect(await store.patternStats('acme/hot')).toMatchObject({
        downloads: 20,
        installs: 20,
        activeInstalls: 4,
        organizations: 8,
        reviewCount: 20,
        ratingSum: 60,
      });
      expect(await store.totals()).toMatchObject({ adoptionEvents: 40, acceptedReviews: 20 });
    });

    it('appends network changes in order per shard and keeps the newest snapshot', async () => {
      const first = await store.appendNetworkChanges('default', [
        new Uint8Array([1]),
        new Uint8Array([2, 0, 255]),
      ]);
      const other = await store.appendNetworkChanges('eu', [new Uint8Array([9])]);
      const second = await store.appendNetworkChanges('default', [new Uint8Array([3])]);
      expect(await store.appendNetworkChanges('default', [])).toBe(second);
      expect(second).toBeGreaterThan(first);
      expect(other).toBeGreaterThan(0);
      const all = await store.readNetworkChanges('default', 0);
      expect(all.map((row) => [...row.bytes])).toEqual([[1], [2, 0, 255], [3]]);
      expect(all.at(-1)?.sequence).toBe(second);
      expect(all.map((row) => row.sequence)).toEqual(
        [...all.map((row) => row.sequence)].sort((a, b) => a - b),
      );
      expect((await store.readNetworkChanges('default', first)).map((row) => [...row.bytes])).toEqual([[3]]);
      expect((await store.readNetworkChanges('eu', 0)).map((row) => [...row.bytes])).toEqual([[9]]);
      await store.putNetworkSnapshot('default', new Uint8Array([7, 7]), first);
      await store.putNetworkSnapshot('default', new Uint8Array([8]), second);
      await store.putNetworkSnapshot('default', new Uint8Array([6]), first);
      expect(await store.getNetworkSnapshot('default')).toEqual({
        bytes: new Uint8Array([8]),
        throughSequence: second,
      });
      expect(await store.getNetworkSnapshot('eu')).toBeUndefined();
    });

    it('keeps consent as history, oldest first, per pseudonym', async () => {
      expect(await store.consentHistory('deploy-a1b2c3d4')).toEqual([]);
      const grant = {
        pseudonym: 'deploy-a1b2c3d4',
        publisher: 'acme',
        granted: true,
        scope: 'pattern-network',
        at: '2026-12-01T09:00:00.000Z',
      };
      const withdraw = { ...grant, granted: false, at: '2026-12-02T09:00:00.000Z' };
      await store.recordConsent(grant);
      await store.recordConsent({ ...grant, pseudonym: 'deploy-other000' });
      await store.recordConsent(withdraw);
      expect(await store.consentHistory('deploy-a1b2c3d4')).toEqual([grant, withdraw]);
      await expect(store.recordConsent({ ...grant, at: 'yesterday' })).rejects.toMatchObject({
        code: 'E_INVALID_FILTER',
      });
      expect(await store.consentHistory('deploy-a1b2c3d4')).toHaveLength(2);
    });

    it('keeps the first pending erasure request, lists pending ones by due time, and marks purges', async () => {
      const first = {
        pseudonym: 'deploy-a1b2c3d4',
        publisher: 'acme',
        requestedAt: '2026-12-01T09:00:00.000Z',
        purgeAfter: '2026-12-31T09:00:00.000Z',
      };
      const later = {
        pseudonym: 'deploy-b1b2c3d4',
        publisher: 'zeta',
        requestedAt: '2026-11-01T09:00:00.000Z',
        purgeAfter: '2026-12-01T09:00:00.000Z',
      };
      expect(await store.recordErasure(first)).toEqual(first);
      expect(
        await store.recordErasure({
          ...first,
          requestedAt: '2026-12-05T09:00:00.000Z',
          purgeAfter: '2027-01-04T09:00:00.000Z',
        }),
      ).toEqual(first);
      await store.recordErasure(later);
      expect((await store.pendingErasures()).map((e) => e.pseudonym)).toEqual([
        later.pseudonym,
        first.pseudonym,
      ]);
      expect(
        await store.markErasuresPurged(
          [later.pseudonym, later.pseudonym, 'deploy-unknown0'],
          '2026-12-02T00:00:00.000Z',
        ),
      ).toBe(1);
      expect(await store.markErasuresPurged([later.pseudonym], '2026-12-03T00:00:00.000Z')).toBe(0);
      expect(await store.getErasure(later.pseudonym)).toEqual({
        ...later,
        purgedAt: '2026-12-02T00:00:00.000Z',
      });
      expect((await store.pendingErasures()).map((e) => e.pseudonym)).toEqual([first.pseudonym]);
      // After a purge, a new request (records a stale replica sent back) is pending again.
      const again = {
        ...later,
        requestedAt: '2026-12-10T09:00:00.000Z',
        purgeAfter: '2027-01-09T09:00:00.000Z',
      };
      expect(await store.recordErasure(again)).toEqual(again);
      expect(await store.getErasure('deploy-unknown0')).toBeUndefined();
    });

    it('appends audit events, pages and filters them, and prunes by retention', async () => {
      const at = (day: number) => `2026-12-${String(day).padStart(2, '0')}T09:00:00.000Z`;
      const written = [];
      written.push(
        await store.appendAudit({
          type: 'consent.granted',
          at: at(1),
          actor: 'acme',
          pseudonym: 'deploy-a1b2c3d4',
        }),
      );
      written.push(
        await store.appendAudit({
          type: 'contribution',
          at: at(2),
          actor: 'acme',
          pseudonym: 'deploy-a1b2c3d4',
          details: { created: true, redactions: 2 },
        }),
      );
      written.push(
        await store.appendAudit({
          type: 'purge',
          at: at(3),
          actor: 'registry',
          details: { removedChanges: 4 },
        }),
      );
      expect(written.map((event) => event.sequence)).toEqual(
        [...written.map((event) => event.sequence)].sort((a, b) => a - b),
      );
      expect(new Set(written.map((event) => event.sequence)).size).toBe(3);
      expect(await store.listAudit()).toEqual(written);
      expect(await store.listAudit({ pseudonym: 'deploy-a1b2c3d4' })).toEqual(written.slice(0, 2));
      expect(await store.listAudit({ type: 'purge' })).toEqual(written.slice(2));
      expect(await store.listAudit({ afterSequence: written[0]?.sequence, limit: 1 })).toEqual([written[1]]);
      await expect(store.listAudit({ limit: 0 })).rejects.toMatchObject({ code: 'E_INVALID_FILTER' });
      await expect(store.listAudit({ limit: 1001 })).rejects.toMatchObject({ code: 'E_INVALID_FILTER' });
      await expect(
        store.appendAudit({ type: 'gossip' as never, at: at(4), actor: 'acme' }),
      ).rejects.toMatchObject({ code: 'E_INVALID_FILTER' });
      expect(await store.pruneAudit(at(2))).toBe(1);
      expect(await store.listAudit()).toEqual(written.slice(1));
    });

    it('compacts a shard: the compactor sees the snapshot and every row, which are replaced atomically', async () => {
      const heard: StoreChange[] = [];
      store.subscribe((change) => heard.push(change));
      await store.appendNetworkChanges('default', [new Uint8Array([1]), new Uint8Array([2])]);
      await store.putNetworkSnapshot('default', new Uint8Array([1]), 1);
      const last = await store.appendNetworkChanges('default', [new Uint8Array([3])]);
      await store.appendNetworkChanges('eu', [new Uint8Array([9])]);
      // A failing compactor changes nothing.
      await expect(
        store.compactNetworkShards(['default'], () => {
          throw new Error('no');
        }),
      ).rejects.toThrow('no');
      expect(await store.readNetworkChanges('default', 0)).toHaveLength(3);
      let seen: unknown;
      const result = await store.compactNetworkShards(['default'], (shard, state) => {
        seen = { shard, snapshot: state.snapshot, changes: state.changes.map((row) => [...row.bytes]) };
        return new Uint8Array([4, 2]);
      });
      expect(seen).toEqual({
        shard: 'default',
        snapshot: { bytes: new Uint8Array([1]), throughSequence: 1 },
        changes: [[1], [2], [3]],
      });
      expect(result).toEqual([{ shard: 'default', throughSequence: last, removedChanges: 3 }]);
      expect(await store.readNetworkChanges('default', 0)).toEqual([]);
      expect(await store.getNetworkSnapshot('default')).toEqual({
        bytes: new Uint8Array([4, 2]),
        throughSequence: last,
      });
      expect((await store.readNetworkChanges('eu', 0)).map((row) => [...row.bytes])).toEqual([[9]]);
      // The log goes on after the compaction point.
      expect(await store.appendNetworkChanges('default', [new Uint8Array([5])])).toBeGreaterThan(last);
      await until(() => heard.some((change) => change.kind === 'network-compacted'), 2_000);
      expect(heard.filter((change) => change.kind === 'network-compacted')).toEqual([
        { kind: 'network-compacted', shard: 'default', sequence: last },
      ]);
      // An empty shard compacts to a snapshot through 0.
      expect(await store.compactNetworkShards(['empty'], () => new Uint8Array([0]))).toEqual([
        { shard: 'empty', throughSequence: 0, removedChanges: 0 },
      ]);
      expect(await store.compactNetworkShards([], () => new Uint8Array([0]))).toEqual([]);
      // Several shards in one call; the others keep their rows.
      await store.appendNetworkChanges('us', [new Uint8Array([6])]);
      const both = await store.compactNetworkShards(['eu', 'us'], (shard) => new TextEncoder().encode(shard));
      expect(both.map((compaction) => [compaction.shard, compaction.removedChanges])).toEqual([
        ['eu', 1],
        ['us', 1],
      ]);
      expect((await store.getNetworkSnapshot('us'))?.bytes).toEqual(new TextEncoder().encode('us'));
      expect((await store.readNetworkChanges('default', 0)).map((row) => [...row.bytes])).toEqual([[5]]);
    });

    it('keeps the first secret claimed under a name, even under concurrent claims', async () => {
      const candidates = Array.from({ length: 6 }, (_, i) => new Uint8Array(32).fill(i + 1));
      const answers = await Promise.all(
        candidates.map((candidate) => store.claimSecret('signing/a', candidate)),
      );
      const winner = answers[0]!;
      expect(candidates.some((candidate) => [...candidate].join() === [...winner].join())).toBe(true);
      for (const answer of answers) expect([...answer]).toEqual([...winner]);
      expect([...(await store.claimSecret('signing/a', new Uint8Array([9, 9])))]).toEqual([...winner]);
      expect([...(await store.claimSecret('signing/b', new Uint8Array([5])))]).toEqual([5]);
    });

    it('binds a pseudonym to its first publisher', async () => {
      expect(await store.getPseudonymOwner('pseudonym-1')).toBeUndefined();
      expect(await store.claimPseudonym('pseudonym-1', 'acme')).toBe('acme');
      expect(await store.claimPseudonym('pseudonym-1', 'zeta')).toBe('acme');
      expect(await store.getPseudonymOwner('pseudonym-1')).toBe('acme');
    });

    it('tells its listeners about every committed write', async () => {
      const heard: StoreChange[] = [];
      const unsubscribe = store.subscribe((change) => heard.push(change));
      await store.putVersion(sampleVersion('acme/retry', '1.0.0'), { advanceLatest: true });
      await store.setDistTag('acme/retry', 'stable', '1.0.0');
      await store.putReview({ review: review('r1', 'acme/retry', 5), status: 'accepted', reasons: [] });
      await store.addAdoptionEvent(event('blue', 'acme/retry', 'install'));
      const sequence = await store.appendNetworkChanges('default', [new Uint8Array([1])]);
      await store.claimPseudonym('pseudonym-1', 'acme');
      const expected: StoreChange[] = [
        { kind: 'version', patternId: 'acme/retry', version: '1.0.0', distTags: ['latest'] },
        { kind: 'dist-tag', patternId: 'acme/retry', tag: 'stable', version: '1.0.0' },
        { kind: 'review', patternId: 'acme/retry', reviewId: 'r1', status: 'accepted' },
        { kind: 'adoption', patternId: 'acme/retry', team: 'blue' },
        { kind: 'network', shard: 'default', sequence },
        { kind: 'pseudonym', pseudonym: 'pseudonym-1' },
      ];
      // The writing store's own listeners hear each change before the write resolves, once.
      expect(heard).toHaveLength(expected.length);
      await new Promise((resolve) => setTimeout(resolve, 200));
      // Figures, when a store reports them, are the pattern's figures as the write left them.
      const [, , reviewChange, adoptionChange] = heard;
      if (reviewChange?.kind === 'review' && reviewChange.stats)
        expect(reviewChange.stats).toMatchObject({ reviewCount: 1, ratingSum: 5, installs: 0 });
      if (adoptionChange?.kind === 'adoption' && adoptionChange.stats)
        expect(adoptionChange.stats).toEqual(await store.patternStats('acme/retry'));
      expect(heard.map(({ stats: _stats, ...change }: StoreChange & { stats?: unknown }) => change)).toEqual(
        expected,
      );
      unsubscribe();
      await store.addAdoptionEvent(event('red', 'acme/retry', 'install'));
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(heard).toHaveLength(expected.length);
    });

    if (options.openSibling) {
      const openSibling = options.openSibling;
      it('shares data and changes with another store on the same database within one second', async () => {
        const sibling = await openSibling(store);
        extra.push(sibling);
        const heard: StoreChange[] = [];
        sibling.subscribe((change) => heard.push(change));
        await new Promise((resolve) => setTimeout(resolve, 100));
        await store.putVersion(sampleVersion('acme/retry', '1.0.0'), { advanceLatest: true });
        await store.addAdoptionEvent(event('blue', 'acme/retry', 'install'));
        await store.putReview({ review: review('r1', 'acme/retry', 4), status: 'accepted', reasons: [] });
        await until(() => heard.length >= 3, 1_000);
        expect(heard.map((change) => change.kind)).toEqual(['version', 'adoption', 'review']);
        expect((await sibling.getLatestListing('acme/retry'))?.adoption.activeInstalls).toBe(1);
        // Figures a change carries are those the writer committed.
        const last = heard[2];
        if (last?.kind === 'review' && last.stats)
          expect(last.stats).toEqual(await sibling.patternStats('acme/retry'));
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(heard).toHaveLength(3);
      });
    }

    describeTrustConformance(() => store);

    it('refuses use after close', async () => {
      await store.close();
      await expect(store.count()).rejects.toMatchObject({ code: 'E_STORE_CLOSED' });
      store = await factory();
    });
  });
  describeCatalogStoreConformance(name, factory, options);
}
