import type { AdoptionEvent, Listing, PatternPackage, Review } from '@pollinate/core';
import { PollinateError } from '@pollinate/core';
import type { TRENDING_EPOCH_MS, trendingScore } from './trending.js';

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

/** Options of {@link RegistryStore.putVersion}. */
export interface PutVersionOptions {
  /** Points this dist-tag at the new version, unconditionally, in the same transaction. */
  distTag?: string;
  /**
   * Moves `latest` to the new version only when it is a release greater (semver) than the
   * current `latest`, or when there is no `latest` yet. The comparison and the move happen
   * in the transaction that stores the version, so concurrent publishes never move
   * `latest` backwards. Ignored when `distTag` is given.
   * @default false
   */
  advanceLatest?: boolean;
}

/** Outcome of {@link RegistryStore.putVersion}. */
export interface PutVersionResult {
  /** `'created'`, or `'exists'` when that id@version was already stored (nothing changed). */
  status: 'created' | 'exists';
  /** The dist-tags that now point at the new version (empty when none moved or it existed). */
  distTags: string[];
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

/** Filter for {@link RegistryStore.listReviews}; at least one of `patternId`, `patternIds` is required. */
export interface ReviewFilter {
  patternId?: string;
  /** Reviews of any of these patterns (at most 10,000 ids). */
  patternIds?: readonly string[];
  status?: ReviewStatus;
}

/** Filter for {@link RegistryStore.listAdoptionEvents}; at least one of `patternId`, `patternIds`, `team` is required. */
export interface AdoptionEventFilter {
  patternId?: string;
  /** Events of any of these patterns (at most 10,000 ids). */
  patternIds?: readonly string[];
  team?: string;
}

/** Per-reviewer figures kept on write, as review screening reads them. */
export interface ReviewerAccount {
  /** Reviews the reviewer wrote (accepted and flagged). */
  reviewCount: number;
  /** The team the reviewer's latest review declared, when any. */
  team?: string;
}

/**
 * A pattern's figures, kept current on every review and adoption event (never computed by
 * reading every row). Counts are whole numbers ≥ 0.
 */
export interface PatternStats {
  patternId: string;
  /** Accepted reviews. */
  reviewCount: number;
  /** Sum of the accepted reviews' ratings (stars, 1–5 each). */
  ratingSum: number;
  /** `download` events. */
  downloads: number;
  /** `install` events. */
  installs: number;
  /** `uninstall` events. */
  uninstalls: number;
  /** Teams whose latest install/uninstall event (by `at`, then arrival) is an install. */
  activeInstalls: number;
  /** Teams whose latest install/uninstall event is an uninstall. */
  uninstalledTeams: number;
  /** Distinct teams with any event for the pattern. */
  organizations: number;
  /**
   * Trending mass for a 7-day half-life: Σ weight(type) · 2^((at − {@link TRENDING_EPOCH_MS}) / 7 days)
   * with weights install 1, download 0.25, uninstall −1. The trending score at time `now` is
   * `trendMass · 2^(−(now − TRENDING_EPOCH_MS) / 7 days)` (see {@link trendingScore}); the
   * common factor keeps the order of patterns, so the top of the list is an index read.
   */
  trendMass: number;
}

/** Whole-registry counters, kept on write. */
export interface RegistryTotals {
  patterns: number;
  versions: number;
  /** Accepted reviews. */
  acceptedReviews: number;
  adoptionEvents: number;
}

/**
 * Co-adoption figures around one team, as item-based collaborative filtering needs them
 * (`coAdoption` in `@pollinate/search`'s `recommend`). Every count leaves the team itself out.
 */
export interface CoAdoption {
  /** Patterns the team adopted (its latest install/uninstall event is an install), ascending id. */
  adopted: string[];
  /** Pattern id → teams other than this one that adopted it, for every pattern in `together`. */
  adopters: Map<string, number>;
  /** From → to → teams other than this one that adopted both (counts ≥ 1), for each requested source. */
  together: Map<string, Map<string, number>>;
}

/** What a committed write changed; every instance on the same database hears every change. */
export type StoreChange =
  | { kind: 'version'; patternId: string; version: string; distTags: string[] }
  | { kind: 'dist-tag'; patternId: string; tag: string; version: string }
  | { kind: 'review'; patternId: string; reviewId: string; status: ReviewStatus }
  | { kind: 'adoption'; patternId: string; team: string }
  | { kind: 'network'; shard: string; sequence: number }
  | { kind: 'pseudonym'; pseudonym: string };

/** Whether a store can serve requests. */
export interface StoreReadiness {
  /** The database answered and its schema is the one this code expects. */
  ready: boolean;
  /** The schema version (or last migration name) the database has. */
  schema: string | null;
  /** The schema version (or last migration name) this code expects. */
  expectedSchema: string;
  /** Why it is not ready. */
  reason?: string;
}

/** One row of a network change log: its sequence number and the bytes appended. */
export interface NetworkChange {
  /** Increasing within a shard (gaps allowed), ≥ 1. */
  sequence: number;
  bytes: Uint8Array;
}

/**
 * The storage seam of the registry. `openSqliteStore` and `openPostgresStore` (in the
 * reference registry) fill it; every implementation must pass
 * `describeRegistryStoreConformance` from `@pollinate/registry-store/testing`.
 *
 * Rules every implementation keeps:
 * - a version, once stored, never changes (`putVersion` of an existing id@version returns
 *   `'exists'` and changes nothing); a write that resolves is durable;
 * - every write is one transaction: the row and every aggregate it moves (pattern
 *   figures, reviewer accounts, co-adoption, totals) commit together or not at all;
 * - no read walks every row of a growing table: reads use keys, indexes or the
 *   aggregates kept on write;
 * - after a write commits, {@link RegistryStore.subscribe} listeners of every store
 *   opened on the same database hear one {@link StoreChange} for it.
 */
export interface RegistryStore {
  /**
   * Stores a new version and moves dist-tags as {@link PutVersionOptions} say, atomically.
   *
   * @returns {@link PutVersionResult}
   */
  putVersion(version: StoredVersion, options?: PutVersionOptions): Promise<PutVersionResult>;
  /** The pattern with its dist-tags and versions, or `undefined` when never published. */
  getPattern(id: string): Promise<StoredPattern | undefined>;
  /** One version, or `undefined`. */
  getVersion(id: string, version: string): Promise<StoredVersion | undefined>;
  /** Points a dist-tag at an existing version; throws {@link StoreError} `E_NOT_FOUND` when the version is missing. */
  setDistTag(id: string, tag: string, version: string): Promise<void>;
  /**
   * The listing of every pattern's `latest` version, ordered by pattern id, with `rating`
   * (mean of accepted reviews, their count) and `adoption` (downloads, active installs,
   * organizations) set from the pattern's current figures. Read once when an instance
   * builds its search index; later changes arrive one pattern at a time through
   * {@link RegistryStore.getLatestListing}.
   */
  listLatestListings(): Promise<Listing[]>;
  /** One pattern's `latest` listing with current rating and adoption, or `undefined`. */
  getLatestListing(id: string): Promise<Listing | undefined>;
  /** Whole-registry counters (see {@link RegistryTotals}). */
  totals(): Promise<RegistryTotals>;
  /** How many patterns and versions are stored. */
  count(): Promise<{ patterns: number; versions: number }>;
  /**
   * Stores a review and, when accepted, adds it to the pattern's rating, in one
   * transaction; also counts it on the reviewer's account.
   *
   * @returns `'created'`, or `'exists'` when a review with that id is already stored (nothing changes)
   */
  putReview(review: StoredReview): Promise<'created' | 'exists'>;
  /** One review by id (ids are unique across the registry), or `undefined`. */
  getReview(id: string): Promise<StoredReview | undefined>;
  /** Reviews matching the filter, oldest first. */
  listReviews(filter: ReviewFilter): Promise<StoredReview[]>;
  /** Accounts of the given reviewers (absent: never reviewed). */
  reviewerAccounts(reviewers: readonly string[]): Promise<Map<string, ReviewerAccount>>;
  /**
   * Appends an adoption event and moves the pattern's figures, the team's adoption state and
   * co-adoption counts, in one transaction. With an idempotency key (unique per team, kept
   * with the event in the database), a repeat — on any instance — stores nothing and
   * returns the event first stored under that key.
   *
   * @returns `status` `'created'` with the event, or `'exists'` with the event stored under the key
   */
  addAdoptionEvent(
    event: AdoptionEvent,
    options?: { idempotencyKey?: string },
  ): Promise<{ status: 'created' | 'exists'; event: AdoptionEvent }>;
  /** Adoption events matching the filter, in arrival order. */
  listAdoptionEvents(filter: AdoptionEventFilter): Promise<AdoptionEvent[]>;
  /**
   * Counts adoption events of a type with `afterMs < at ≤ throughMs` (an index range read),
   * optionally of one pattern.
   */
  countAdoptionEvents(query: {
    type: AdoptionEvent['type'];
    afterMs: number;
    throughMs: number;
    patternId?: string;
  }): Promise<number>;
  /** One pattern's figures, or `undefined` when it has no reviews or events. */
  patternStats(id: string): Promise<PatternStats | undefined>;
  /** The `limit` patterns with the highest positive trending mass, highest first (ties by id). */
  topTrending(limit: number): Promise<PatternStats[]>;
  /**
   * Co-adoption around a team: what it adopted, and for each source pattern (the team's
   * adopted patterns plus `alsoAdopted`) the patterns other teams adopted with it.
   */
  coAdoption(team: string, alsoAdopted?: readonly string[]): Promise<CoAdoption>;
  /**
   * Appends changes (opaque bytes, e.g. Automerge changes) to a shard's network log,
   * in order, in one transaction.
   *
   * @param shard - the log's name (`'default'` for a single-document network)
   * @param changes - the rows to append (none: nothing happens)
   * @returns the sequence number of the last row appended (of the shard's last row when `changes` is empty; 0 for an empty log)
   */
  appendNetworkChanges(shard: string, changes: readonly Uint8Array[]): Promise<number>;
  /** The rows of a shard's log with a sequence number greater than `afterSequence`, ascending. */
  readNetworkChanges(shard: string, afterSequence: number): Promise<NetworkChange[]>;
  /**
   * Stores a snapshot (e.g. an Automerge save) of a shard that covers every log row up to
   * `throughSequence`, replacing an older snapshot; a snapshot older than the stored one is ignored.
   */
  putNetworkSnapshot(shard: string, bytes: Uint8Array, throughSequence: number): Promise<void>;
  /** The shard's latest snapshot, or `undefined`. */
  getNetworkSnapshot(shard: string): Promise<{ bytes: Uint8Array; throughSequence: number } | undefined>;
  /**
   * Stores a secret under a name unless one is stored already, and returns the stored one:
   * every instance on the same database (and every restart) gets the secret the first
   * caller stored. The registry keeps the secret its custodial network signing keys
   * derive from here. Secrets are opaque bytes (1 … 1,024).
   *
   * @param name - what the secret is for (e.g. `network-signing/<networkId>`)
   * @param candidate - the secret to store when none is (fresh random bytes)
   * @returns the secret stored under `name` (equal to `candidate` when this call stored it)
   */
  claimSecret(name: string, candidate: Uint8Array): Promise<Uint8Array>;
  /**
   * Binds a contributor pseudonym to the publisher that first contributed under it.
   *
   * @returns the owner: `publisher` when newly bound, else the existing owner
   */
  claimPseudonym(pseudonym: string, publisher: string): Promise<string>;
  /** The publisher a pseudonym is bound to, or `undefined`. */
  getPseudonymOwner(pseudonym: string): Promise<string | undefined>;
  /**
   * Registers a listener for committed changes, from this store and every other store on
   * the same database (for PostgreSQL: LISTEN/NOTIFY). Listeners must not throw.
   *
   * @returns a function that removes the listener
   */
  subscribe(listener: (change: StoreChange) => void): () => void;
  /**
   * Called after the change feed lost changes (a dropped listening connection): caches
   * built from store reads must be rebuilt. Only stores shared between processes call it.
   *
   * @returns a function that removes the listener
   */
  onResync(listener: () => void): () => void;
  /** Whether the database answers and its schema is current. Never throws. */
  readiness(): Promise<StoreReadiness>;
  /** Releases resources; the store is unusable afterwards. */
  close(): Promise<void>;
}

/**
 * A failure inside a store, with a stable `code` (`E_NOT_FOUND`, `E_STORE_CLOSED`,
 * `E_CORRUPT_RECORD`, `E_SCHEMA_TOO_NEW`, `E_INVALID_FILTER`).
 *
 * @example
 * ```ts
 * try { await store.setDistTag('acme/retry', 'latest', '9.9.9'); }
 * catch (error) { if (error instanceof StoreError) console.error(error.code); }
 * ```
 */
export class StoreError extends PollinateError {}

/**
 * The listing a search index should hold for a pattern: the stored `latest` listing with
 * `rating` and `adoption` taken from the pattern's current figures.
 *
 * @param listing - the stored listing
 * @param stats - the pattern's figures (`undefined`: no reviews or events yet)
 * @returns a new listing; `rating` is omitted while there is no accepted review
 * @example
 * ```ts
 * withCurrentFigures(listing, await store.patternStats(listing.id)).rating?.overall;
 * ```
 */
export function withCurrentFigures(listing: Listing, stats: PatternStats | undefined): Listing {
  const { rating: _published, ...rest } = listing;
  const reviewCount = stats?.reviewCount ?? 0;
  return {
    ...rest,
    ...(reviewCount > 0 ? { rating: { overall: (stats?.ratingSum ?? 0) / reviewCount, reviewCount } } : {}),
    adoption: {
      downloads: stats?.downloads ?? 0,
      activeInstalls: stats?.activeInstalls ?? 0,
      organizations: stats?.organizations ?? 0,
    },
  };
}
