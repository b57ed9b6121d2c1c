import type { AdoptionEvent, Listing, PatternPackage, Review } from '@pollinate/core';
import { PollinateError } from '@pollinate/core';

/** One published version as the registry keeps it: the package, its listing and its content fingerprint. */
export interface StoredVersion {
  /** Pattern id, `scope/name`. */
  id: string;
  /** Exact semantic version. */
  version: string;
  /** The publisher (team id) that published this version; always the id's scope. */
  publisher: string;
  /** SRI `sha256-…` digest of the package's canonical JSON (see `fingerprintPackage` in `@pollinate/client`). */
  fingerprint: string;
  /** When the registry accepted the version, ISO 8601. */
  publishedAt: string;
  /** The package exactly as stored; `package.listing` carries `fingerprint` and `publishedAt`. */
  package: PatternPackage;
}

/** What a pattern's version list shows for each version. */
export interface StoredVersionSummary {
  version: string;
  fingerprint: string;
  publishedAt: string;
}

/** A pattern: its publisher, dist-tags and versions in ascending semver order. */
export interface StoredPattern {
  id: string;
  publisher: string;
  /** Tag → version, e.g. `{ latest: '1.2.0', next: '2.0.0-rc.1' }`. */
  distTags: Record<string, string>;
  versions: StoredVersionSummary[];
}

/** Whether review screening accepted a review or flagged it. */
export type ReviewStatus = 'accepted' | 'flagged';

/** A review with the screening verdict it got on arrival. */
export interface StoredReview {
  review: Review;
  status: ReviewStatus;
  /** Why screening flagged the review; empty when accepted. */
  reasons: string[];
}

/** Filter for {@link RegistryStore.listReviews}. */
export interface ReviewFilter {
  patternId?: string;
  status?: ReviewStatus;
}

/** Filter for {@link RegistryStore.listAdoptionEvents}. */
export interface AdoptionEventFilter {
  patternId?: string;
  team?: string;
}

/**
 * The storage seam of the registry. The SQLite store ({@link openSqliteStore}) fills it
 * today; a PostgreSQL store can fill it later. Every implementation must pass
 * {@link describeRegistryStoreConformance}.
 *
 * Rules every implementation keeps: a version, once stored, never changes
 * (`putVersion` of an existing id@version returns `'exists'` and changes nothing); a
 * `putVersion` that resolves has been made durable; every method is atomic.
 */
export interface RegistryStore {
  /**
   * Stores a new version and, when `distTag` is given, points that dist-tag at it, atomically.
   *
   * @returns `'created'`, or `'exists'` when that id@version is already stored (nothing changes)
   */
  putVersion(version: StoredVersion, options?: { distTag?: string }): Promise<'created' | 'exists'>;
  /** The pattern with its dist-tags and versions, or `undefined` when never published. */
  getPattern(id: string): Promise<StoredPattern | undefined>;
  /** One version, or `undefined`. */
  getVersion(id: string, version: string): Promise<StoredVersion | undefined>;
  /** Points a dist-tag at an existing version; throws {@link StoreError} `E_NOT_FOUND` when the version is missing. */
  setDistTag(id: string, tag: string, version: string): Promise<void>;
  /** The listing of every pattern's `latest` version, ordered by pattern id. */
  listLatestListings(): Promise<Listing[]>;
  /** How many patterns and versions are stored. */
  count(): Promise<{ patterns: number; versions: number }>;
  /** Stores a review; `'exists'` when a review with that id is already stored (nothing changes). */
  putReview(review: StoredReview): Promise<'created' | 'exists'>;
  /** Reviews matching the filter, oldest first. */
  listReviews(filter?: ReviewFilter): Promise<StoredReview[]>;
  /** Appends an adoption event. */
  addAdoptionEvent(event: AdoptionEvent): Promise<void>;
  /** Adoption events matching the filter, in arrival order. */
  listAdoptionEvents(filter?: AdoptionEventFilter): Promise<AdoptionEvent[]>;
  /** The saved pattern-network document (Automerge bytes), or `undefined` before the first save. */
  getNetworkState(): Promise<Uint8Array | undefined>;
  /** Replaces the saved pattern-network document. */
  putNetworkState(bytes: Uint8Array): Promise<void>;
  /**
   * Binds a contributor pseudonym to the publisher that first contributed under it.
   *
   * @returns the owner: `publisher` when newly bound, else the existing owner
   */
  claimPseudonym(pseudonym: string, publisher: string): Promise<string>;
  /** The publisher a pseudonym is bound to, or `undefined`. */
  getPseudonymOwner(pseudonym: string): Promise<string | undefined>;
  /** Releases resources; the store is unusable afterwards. */
  close(): Promise<void>;
}

/**
 * A failure inside a store, with a stable `code` (`E_NOT_FOUND`, `E_STORE_CLOSED`,
 * `E_CORRUPT_RECORD`).
 *
 * @example
 * ```ts
 * try { await store.setDistTag('acme/retry', 'latest', '9.9.9'); }
 * catch (error) { if (error instanceof StoreError) console.error(error.code); }
 * ```
 */
export class StoreError extends PollinateError {}
