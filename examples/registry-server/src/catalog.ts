import type { Listing } from '@pollinate/core';
import { add, createIndex, remove, replace, type SearchIndex } from '@pollinate/search';
import { figuresVersion, type PatternStats, type RegistryStore, withCurrentFigures } from './store.js';

/** Options of {@link createCatalog}. */
export interface CatalogOptions {
  /**
   * How long changes heard from the store's change feed are gathered before the index
   * re-reads the patterns they touched (one read per pattern per batch), milliseconds.
   * @default 50
   */
  batchMs?: number;
  /** Logs a failed refresh (the next change or resync retries). @default console.error */
  logError?: (error: unknown) => void;
}

/**
 * The registry's search index over the `latest` listing of every pattern, with current
 * rating and adoption, built from the store on first use and kept current one pattern at a
 * time: directly after this instance's own writes, and through the store's change feed
 * for every instance's writes.
 */
export interface Catalog {
  /** The index (built on first call; waits for refreshes already scheduled by this instance's writes). */
  index(): Promise<SearchIndex>;
  /** Every latest listing, in id order (cached until the next change). */
  listings(): Promise<Listing[]>;
  /** The latest listing of one pattern from the index, or `undefined`. */
  listing(id: string): Promise<Listing | undefined>;
  /**
   * The latest listing of one pattern when the index is already built (no waiting, no
   * store read), else `undefined`. What a write needs to know of a pattern that exists
   * (its publisher never changes) without a round trip to the database.
   */
  peek(id: string): Listing | undefined;
  /** The latest listings of one publisher, in id order. */
  listingsOf(publisher: string): Promise<Listing[]>;
  /**
   * One listing per pattern, in id order, for fork lineage (core's `lineage`): the `latest`
   * listing, or for a pattern without `latest` (published only as prereleases) its newest
   * version's listing, so prerelease-only forks keep their place in the family tree.
   */
  lineageListings(): Promise<Listing[]>;
  /**
   * Re-reads one pattern's latest listing from the store into the index. `immediate`
   * (this instance's own write): index reads wait for it; otherwise it joins the next batch.
   */
  refresh(patternId: string, options?: { immediate?: boolean }): void;
  /**
   * Sets one pattern's rating and adoption from figures a change carried (no store read):
   * the listing reads return it at once, and the search index takes it in on its next read
   * (changes gathered until then are applied together, one index update per pattern).
   * Figures older than those already applied ({@link figuresVersion}) are ignored; a
   * pattern this catalog does not hold is re-read from the store instead.
   */
  updateFigures(patternId: string, stats: PatternStats): void;
  /** Moves the generation (response caches miss) for a change that leaves the listings as they are. */
  touch(): void;
  /** Drops the index; the next read rebuilds it from the store (after the change feed lost changes). */
  rebuild(): void;
  /** Registers a callback run whenever the listings change (caches clear themselves with it). */
  onChange(listener: () => void): void;
  /** Counts changes: goes up by one each time the listings change (cache keys include it). */
  readonly generation: number;
  /** Stops pending batches. */
  close(): void;
}

interface State {
  index: SearchIndex;
  byId: Map<string, Listing>;
  byPublisher: Map<string, Set<string>>;
  /** Patterns without `latest`: the newest version's listing (lineage only, never searched). */
  withoutLatest: Map<string, Listing>;
  /** {@link figuresVersion} of the figures last applied from a change, per pattern. */
  figures: Map<string, number>;
  /** Patterns whose listing in `byId` is newer than the one in the index. */
  stale: Set<string>;
}

/**
 * Creates the catalog over a store.
 *
 * @param store - where the listings live
 * @param options - see {@link CatalogOptions}
 * @returns a {@link Catalog}
 * @example
 * ```ts
 * const catalog = createCatalog(store);
 * store.subscribe((change) => { if ('patternId' in change) catalog.refresh(change.patternId); });
 * const hits = search(await catalog.index(), { text: 'retry' });
 * ```
 */
export function createCatalog(store: RegistryStore, options: CatalogOptions = {}): Catalog {
  const batchMs = options.batchMs ?? 50;
  const logError = options.logError ?? ((error: unknown) => console.error(error));
  let built: Promise<State> | undefined;
  /** The state once built (the same object the promise chain updates), for {@link Catalog.peek}. */
  let ready: State | undefined;
  let sorted: Listing[] | undefined;
  let lineageSorted: Listing[] | undefined;
  const listeners: (() => void)[] = [];
  let generation = 0;
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;

  const changed = (membership = true) => {
    generation++;
    if (membership) {
      sorted = undefined;
      lineageSorted = undefined;
    }
    for (const listener of listeners) listener();
  };
  /** Brings the index up to the listings of `byId` (figures applied since its last read). */
  const catchUp = (state: State) => {
    if (state.stale.size === 0) return state;
    for (const id of state.stale) {
      const listing = state.byId.get(id);
      if (listing) replace(state.index, listing);
    }
    state.stale.clear();
    return state;
  };
  const build = () => {
    built ??= Promise.all([store.listLatestListings(), store.listListingsWithoutLatest()]).then(
      ([listings, withoutLatest]) => {
        const state: State = {
          // The store's listings are parsed (core's schemas) and carry numeric figures only:
          // the index takes them without validating each again.
          index: createIndex(listings, { validate: false }),
          byId: new Map(listings.map((listing) => [listing.id, listing])),
          byPublisher: new Map(),
          withoutLatest: new Map(withoutLatest.map((listing) => [listing.id, listing])),
          figures: new Map(),
          stale: new Set(),
        };
        for (const listing of listings) publisherSet(state, listing.publisher.id).add(listing.id);
        ready = state;
        return state;
      },
    );
    built.catch(() => {
      built = undefined;
      ready = undefined;
    });
    return built;
  };
  const apply = (ids: readonly string[]) => {
    if (!built) {
      changed();
      return;
    }
    built = built.then(async (state) => {
      const fresh = await Promise.all(ids.map((id) => store.getLatestListing(id)));
      const newest = await Promise.all(
        ids.map((id, i) => (fresh[i] ? undefined : newestListingWithoutLatest(store, id))),
      );
      catchUp(state);
      for (const [i, id] of ids.entries()) {
        const listing = fresh[i];
        const prerelease = newest[i];
        if (prerelease) state.withoutLatest.set(id, prerelease);
        else state.withoutLatest.delete(id);
        const old = state.byId.get(id);
        if (old) {
          if (listing) replace(state.index, listing);
          else remove(state.index, id);
          state.byPublisher.get(old.publisher.id)?.delete(id);
        } else if (listing) add(state.index, listing);
        if (listing) {
          state.byId.set(id, listing);
          publisherSet(state, listing.publisher.id).add(id);
        } else state.byId.delete(id);
      }
      changed();
      return state;
    });
    built.catch((error: unknown) => {
      // A store closed under a pending refresh (shutdown) is not worth a log line.
      if ((error as { code?: string }).code !== 'E_STORE_CLOSED') logError(error);
      built = undefined;
      ready = undefined;
      changed();
    });
  };
  const flush = () => {
    timer = undefined;
    const ids = [...pending];
    pending = new Set();
    if (ids.length > 0) apply(ids);
  };

  return {
    async index() {
      return catchUp(await build()).index;
    },
    async listings() {
      const { byId } = await build();
      sorted ??= [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      return sorted;
    },
    async listing(id) {
      return (await build()).byId.get(id);
    },
    async lineageListings() {
      const { byId, withoutLatest } = await build();
      lineageSorted ??= [...byId.values(), ...withoutLatest.values()].sort((a, b) =>
        a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
      );
      return lineageSorted;
    },
    peek(id) {
      return ready?.byId.get(id);
    },
    async listingsOf(publisher) {
      const state = await build();
      return [...(state.byPublisher.get(publisher) ?? [])]
        .sort()
        .map((id) => state.byId.get(id))
        .filter((listing): listing is Listing => listing !== undefined);
    },
    onChange(listener) {
      listeners.push(listener);
    },
    get generation() {
      return generation;
    },
    refresh(patternId, refreshOptions = {}) {
      if (refreshOptions.immediate) {
        pending.delete(patternId);
        // Cache keys move now, before the re-read: no request after this call is answered
        // from a page computed before the write (reads of the index wait for the re-read).
        if (built) changed();
        apply([patternId]);
        return;
      }
      pending.add(patternId);
      timer ??= setTimeout(flush, batchMs);
      timer.unref?.();
    },
    updateFigures(patternId, stats) {
      if (!built) {
        changed();
        return;
      }
      const version = figuresVersion(stats);
      // The generation moves now (before the update applies): no request after this call is
      // answered from a cached page; reads of the listings wait for the update below.
      changed(false);
      built = built.then((state) => {
        const old = state.byId.get(patternId);
        if (!old) {
          // Not in this catalog yet (its publish is still on the way): read it whole.
          pending.add(patternId);
          timer ??= setTimeout(flush, batchMs);
          timer.unref?.();
          return state;
        }
        if ((state.figures.get(patternId) ?? -1) >= version) return state;
        state.figures.set(patternId, version);
        const listing = withCurrentFigures(old, stats);
        state.byId.set(patternId, listing);
        state.stale.add(patternId);
        if (sorted) {
          const at = sortedPosition(sorted, patternId);
          if (sorted[at]?.id === patternId) sorted[at] = listing;
          else sorted = undefined;
        }
        return state;
      });
    },
    touch() {
      changed(false);
    },
    rebuild() {
      built = undefined;
      ready = undefined;
      pending.clear();
      changed();
    },
    close() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      pending.clear();
    },
  };
}

/** The newest version's listing of a pattern that has no `latest` dist-tag, else `undefined`. */
async function newestListingWithoutLatest(store: RegistryStore, id: string): Promise<Listing | undefined> {
  const pattern = await store.getPattern(id);
  const newest = pattern?.versions.at(-1)?.version; // versions are in semver order
  if (!pattern || pattern.distTags.latest !== undefined || newest === undefined) return undefined;
  return (await store.getVersion(id, newest))?.package.listing;
}

/** Where `id` is (or would go) in listings sorted by id (binary search). */
function sortedPosition(sorted: readonly Listing[], id: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as Listing).id < id) low = middle + 1;
    else high = middle;
  }
  return low;
}

function publisherSet(state: State, publisher: string): Set<string> {
  let ids = state.byPublisher.get(publisher);
  if (!ids) {
    ids = new Set();
    state.byPublisher.set(publisher, ids);
  }
  return ids;
}
