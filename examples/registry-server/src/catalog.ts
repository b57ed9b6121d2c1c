import type { Listing } from '@pollinate/core';
import { add, createIndex, replace, type SearchIndex } from '@pollinate/search';
import type { RegistryStore } from './store.js';

/**
 * The registry's search index over the `latest` listing of every pattern, built from the
 * store on first use and kept current as versions are published.
 */
export interface Catalog {
  /** The index (built on first call). */
  index(): Promise<SearchIndex>;
  /** Every latest listing, in id order (cached with the index). */
  listings(): Promise<Listing[]>;
  /** Tells the catalog a version became `latest` of its pattern. */
  latestChanged(listing: Listing): void;
  /** Registers a callback run whenever the listings change (caches clear themselves with it). */
  onChange(listener: () => void): void;
  /** Counts changes: goes up by one each time the listings change (cache keys include it). */
  readonly generation: number;
}

/**
 * Creates the catalog over a store.
 *
 * @param store - where the listings live
 * @returns a {@link Catalog}
 * @example
 * ```ts
 * const catalog = createCatalog(store);
 * const hits = search(await catalog.index(), { text: 'retry' });
 * ```
 */
export function createCatalog(store: RegistryStore): Catalog {
  let built: Promise<{ index: SearchIndex; byId: Map<string, Listing> }> | undefined;
  let sorted: Listing[] | undefined;
  const listeners: (() => void)[] = [];
  let generation = 0;
  const build = () => {
    built ??= store.listLatestListings().then((listings) => ({
      index: createIndex(listings),
      byId: new Map(listings.map((listing) => [listing.id, listing])),
    }));
    return built;
  };
  return {
    async index() {
      return (await build()).index;
    },
    async listings() {
      const { byId } = await build();
      sorted ??= [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      return sorted;
    },
    onChange(listener) {
      listeners.push(listener);
    },
    get generation() {
      return generation;
    },
    latestChanged(listing) {
      generation++;
      for (const listener of listeners) listener();
      if (!built) return;
      built = built.then((state) => {
        if (state.byId.has(listing.id)) replace(state.index, listing);
        else add(state.index, listing);
        state.byId.set(listing.id, listing);
        return state;
      });
      sorted = undefined;
    },
  };
}
