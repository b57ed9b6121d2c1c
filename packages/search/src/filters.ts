import type { Listing } from '@pollinate/core/model';
import spdxSatisfies from 'spdx-satisfies';
import type { FacetDictionary, ListingColumns } from './search-index.js';
import { type FitReport, fitOf } from './signals.js';

/** A facet dimension of search results: category, tag, license expression, excellence tier or pricing model. */
export type FacetName = 'category' | 'tags' | 'license' | 'tier' | 'pricing';
/** The facet dimensions, in result order. */
export const FACET_NAMES: readonly FacetName[] = ['category', 'tags', 'license', 'tier', 'pricing'];

/** Bit of each facet dimension's own filter in a failure mask; `OTHER` for non-facet filters. */
export const FACET_BIT: Readonly<Record<FacetName, number>> = {
  category: 1,
  tags: 2,
  license: 4,
  tier: 8,
  pricing: 16,
};
const OTHER = 32;

/** Filters after validation (see {@link SearchFilters} in search.ts for meanings). */
export interface ResolvedFilters {
  categories?: string[] | undefined;
  tags?: string[] | undefined;
  tagMode: 'all' | 'any';
  licenses?: string[] | undefined;
  minRating?: number | undefined;
  minAdoptions?: number | undefined;
  publishers?: string[] | undefined;
  pricing?: string[] | undefined;
  tiers?: string[] | undefined;
  environment?: Record<string, string> | undefined;
}

/** A compiled filter: `mask(listing)` is 0 when the listing passes every filter. */
export interface CompiledFilter {
  /** Bit set of the failed filters ({@link FACET_BIT}, plus 32 for any other filter). */
  mask(listing: Listing): number;
  /** The fit report of a listing against the query environment (cached). */
  fit(listing: Listing): FitReport;
  /** Whether an environment was given. */
  readonly hasEnvironment: boolean;
  /** Whether any filter is set (when not, every mask is 0). */
  readonly active: boolean;
}

/**
 * Whether an SPDX expression can be satisfied using only the allowed licenses (spdx-satisfies:
 * `MIT OR GPL-3.0-only` passes an allow-list of `MIT`; `MIT AND GPL-3.0-only` does not). An
 * expression the library cannot read passes only when it is literally on the list.
 */
export function licenseAllowed(expression: string, allowed: readonly string[]): boolean {
  if (allowed.includes(expression)) return true;
  try {
    return spdxSatisfies(expression, [...allowed]);
  } catch {
    return false;
  }
}

/** Compiles filters into a mask function; per-query caches keep repeated work (licenses, fit) cheap. */
export function compileFilters(filters: ResolvedFilters): CompiledFilter {
  const categories = filters.categories && filters.categories.length > 0 ? new Set(filters.categories) : null;
  const tags = filters.tags && filters.tags.length > 0 ? filters.tags : null;
  const tagsAll = filters.tagMode === 'all';
  const licenses = filters.licenses ?? null;
  const publishers = filters.publishers ? new Set(filters.publishers) : null;
  const pricing = filters.pricing ? new Set(filters.pricing) : null;
  const tiers = filters.tiers ? new Set(filters.tiers) : null;
  const minRating = filters.minRating;
  const minAdoptions = filters.minAdoptions;
  const environment = filters.environment ?? null;
  const entries = environment ? Object.keys(environment).length : 0;
  const licenseCache = new Map<string, boolean>();
  const fitCache = new Map<string, FitReport>();

  const fit = (listing: Listing): FitReport => {
    let report = fitCache.get(listing.id);
    if (report === undefined) {
      report = fitOf(listing, environment ?? {}, entries);
      fitCache.set(listing.id, report);
    }
    return report;
  };

  const mask = (listing: Listing): number => {
    let failed = 0;
    if (categories !== null && !categories.has(listing.category)) failed |= FACET_BIT.category;
    if (tags !== null) {
      const own = listing.tags;
      const ok = tagsAll ? tags.every((tag) => own.includes(tag)) : tags.some((tag) => own.includes(tag));
      if (!ok) failed |= FACET_BIT.tags;
    }
    if (licenses !== null) {
      let ok = licenseCache.get(listing.license);
      if (ok === undefined) {
        ok = licenseAllowed(listing.license, licenses);
        licenseCache.set(listing.license, ok);
      }
      if (!ok) failed |= FACET_BIT.license;
    }
    if (tiers !== null) {
      const tier = listing.metadata?.excellenceTier;
      if (tier === undefined || !tiers.has(tier)) failed |= FACET_BIT.tier;
    }
    if (pricing !== null && !pricing.has(listing.pricing.model)) failed |= FACET_BIT.pricing;
    if (minRating !== undefined && (listing.rating === undefined || listing.rating.overall < minRating))
      failed |= OTHER;
    else if (minAdoptions !== undefined && listing.adoption.downloads < minAdoptions) failed |= OTHER;
    else if (publishers !== null && !publishers.has(listing.publisher.id)) failed |= OTHER;
    else if (environment !== null && !fit(listing).compatible) failed |= OTHER;
    return failed;
  };

  const active =
    categories !== null ||
    tags !== null ||
    licenses !== null ||
    publishers !== null ||
    pricing !== null ||
    tiers !== null ||
    minRating !== undefined ||
    minAdoptions !== undefined ||
    environment !== null;
  return { mask, fit, hasEnvironment: environment !== null && entries > 0, active };
}

/** Adds one to a count (the code is always in range: arrays are sized by the dictionaries). */
function increment(counts: Int32Array, code: number): void {
  counts[code] = (counts[code] ?? 0) + 1;
}

/**
 * Running disjunctive facet counts, in typed arrays indexed by the index's facet value codes
 * (one slot per value the index has ever seen, so counting is an increment, never a lookup).
 */
export class FacetCounter {
  readonly category: Int32Array;
  readonly tags: Int32Array;
  readonly license: Int32Array;
  readonly tier: Int32Array;
  readonly pricing: Int32Array;

  /** @param dictionaries - the index's facet dictionaries, which size the count arrays */
  constructor(dictionaries: Readonly<Record<FacetName, FacetDictionary>>) {
    this.category = new Int32Array(dictionaries.category.values.length);
    this.tags = new Int32Array(dictionaries.tags.values.length);
    this.license = new Int32Array(dictionaries.license.values.length);
    this.tier = new Int32Array(dictionaries.tier.values.length);
    this.pricing = new Int32Array(dictionaries.pricing.values.length);
  }

  /**
   * Counts a candidate given its failure mask: with no failure it counts in every
   * dimension; when only one dimension's own filter failed, it counts in that dimension
   * alone (a facet's own filter does not shrink its own counts).
   */
  count(columns: ListingColumns, slot: number, mask: number): void {
    switch (mask) {
      case 0: {
        increment(this.category, columns.category[slot] as number);
        const tags = columns.tags[slot] as readonly number[];
        for (let index = 0; index < tags.length; index++) increment(this.tags, tags[index] as number);
        increment(this.license, columns.license[slot] as number);
        const tier = columns.tier[slot] as number;
        if (tier >= 0) increment(this.tier, tier);
        increment(this.pricing, columns.pricing[slot] as number);
        return;
      }
      case FACET_BIT.category:
        increment(this.category, columns.category[slot] as number);
        return;
      case FACET_BIT.tags:
        for (const tag of columns.tags[slot] as readonly number[]) increment(this.tags, tag);
        return;
      case FACET_BIT.license:
        increment(this.license, columns.license[slot] as number);
        return;
      case FACET_BIT.tier: {
        const tier = columns.tier[slot] as number;
        if (tier >= 0) increment(this.tier, tier);
        return;
      }
      case FACET_BIT.pricing:
        increment(this.pricing, columns.pricing[slot] as number);
        return;
    }
  }

  /**
   * Turns these counts, of listings left out of a set, into the counts of the set itself:
   * `catalog − this` in every dimension (`catalog` counted every listing, with no filter).
   */
  subtractFrom(catalog: FacetCounter): void {
    for (const name of FACET_NAMES) {
      const own = this[name];
      const all = catalog[name];
      for (let code = 0; code < own.length; code++) own[code] = (all[code] as number) - (own[code] as number);
    }
  }

  /** The non-zero counts of one dimension, by value. */
  of(facet: FacetName, dictionary: FacetDictionary): Map<string, number> {
    const out = new Map<string, number>();
    this[facet].forEach((count, code) => {
      if (count > 0) out.set(dictionary.values[code] as string, count);
    });
    return out;
  }
}
