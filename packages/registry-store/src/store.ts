import type { AdoptionEvent, Listing, PatternPackage, Review } from '@pollinate/core';
import { PollinateError } from '@pollinate/core';
import { isErrorOf } from '@pollinate/core/helpers';
import type { CatalogStore, NotificationInput } from './catalog.js';
import type { TRENDING_EPOCH_MS, trendingScore } from './trending.js';
import type { TrustStore } from './trust.js';

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

/**
 * Where a review stands: `accepted` (counted in ratings), `flagged` (screening held it
 * back; it waits in the moderation queue) or `rejected` (a moderator hid it).
 */
export type ReviewStatus = 'accepted' | 'flagged' | 'rejected';

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
  /**
   * Only the `latest` most recently stored matching reviews (still returned oldest first):
   * a bounded read however many reviews a pattern has. An integer ≥ 1, else
   * `E_INVALID_FILTER`. @default every matching review
   */
  latest?: number;
}

/** Filter for {@link RegistryStore.listAdoptionEvents}; at least one of `patternId`, `patternIds`, `team` is required. */
export interface AdoptionEventFilter {
  patternId?: string;
  /** Events of any of these patterns (at most 10,000 ids). */
  patternIds?: readonly string[];
  team?: string;
}

/**
 * Options of {@link RegistryStore.putReview}.
 *
 * @example
 * ```ts
 * const review = { ...reviews[0]!, id: 'r-example', patternId: 'acme/retry-with-backoff' };
 * await store.putReview(
 *   { review, status: 'accepted', reasons: [] },
 *   {
 *     notification: {
 *       publisher: 'acme',
 *       kind: 'review',
 *       patternId: review.patternId,
 *       actor: review.reviewer,
 *       createdAt: review.createdAt,
 *       data: { reviewId: review.id, rating: review.rating, status: 'accepted' },
 *     },
 *   },
 * ); // 'created': the review and acme's notification, in one transaction
 * ```
 */
export interface PutReviewOptions {
  /** A notification to store with the review (the pattern's publisher hears of it). @default none */
  notification?: NotificationInput;
}

/**
 * What {@link RegistryStore.reviewScreeningInputs} reads.
 *
 * @example
 * ```ts
 * const query: ReviewScreeningQuery = { patternId: 'acme/retry-with-backoff', reviewer: 'zeta', latest: 500 };
 * const inputs = await store.reviewScreeningInputs(query);
 * ```
 */
export interface ReviewScreeningQuery {
  /** The reviewed pattern. */
  patternId: string;
  /** The reviewer (a team id): its install of the pattern and its account are read. */
  reviewer: string;
  /** How many of the pattern's most recent reviews, ≥ 1. */
  latest: number;
}

/**
 * What screening a new review reads (see {@link RegistryStore.reviewScreeningInputs}).
 *
 * @example
 * ```ts
 * const { reviews: latest, installed, accounts } = await store.reviewScreeningInputs({
 *   patternId: 'acme/retry-with-backoff',
 *   reviewer: 'zeta',
 *   latest: 500,
 * });
 * latest.length; // 0: no review stored yet
 * installed; // false: zeta never installed it
 * accounts.get('zeta'); // undefined: zeta never reviewed
 * ```
 */
export interface ReviewScreeningInputs {
  /** The pattern's most recent reviews, oldest first. */
  reviews: StoredReview[];
  /** Whether the reviewer has an `install` adoption event of the pattern (later uninstalls do not matter). */
  installed: boolean;
  /** Accounts of the reviewer and of the reviews' reviewers; absent: never reviewed. */
  accounts: Map<string, ReviewerAccount>;
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

/**
 * What a committed write changed; every instance on the same database hears every change.
 *
 * A review or adoption change may carry `stats`: the pattern's figures as that write left
 * them (read inside its transaction). Listeners then update what they keep (a search
 * document's rating and adoption) without reading the store again. Writes to one pattern
 * commit one after another, so of two changes the one with the larger
 * {@link figuresVersion} is the later state. Stores that do not report `stats` leave it out;
 * listeners then re-read the pattern.
 */
export type StoreChange =
  | { kind: 'version'; patternId: string; version: string; distTags: string[] }
  | { kind: 'dist-tag'; patternId: string; tag: string; version: string }
  | { kind: 'review'; patternId: string; reviewId: string; status: ReviewStatus; stats?: PatternStats }
  | { kind: 'adoption'; patternId: string; team: string; stats?: PatternStats }
  | { kind: 'network'; shard: string; sequence: number }
  /** A shard's log was replaced by one snapshot ({@link RegistryStore.compactNetworkShards}): replicas reload it. */
  | { kind: 'network-compacted'; shard: string; sequence: number }
  | { kind: 'pseudonym'; pseudonym: string }
  | {
      kind: 'notification';
      publisher: string;
      sequence: number;
      /** Whether the notification queued a webhook delivery (absent: not known, so a dispatcher looks). */
      webhook?: boolean;
    }
  | { kind: 'attestation'; patternId: string; version: string }
  | { kind: 'reply'; patternId: string; reviewId: string };

/**
 * One consent decision of a contributor (GDPR Art. 6(1)(a) and 7): an opt-in to a scope, or
 * its withdrawal (an objection or opt-out). Consent is kept as history: every decision is a
 * new record, the newest one for a pseudonym and scope is in force.
 */
export interface ConsentRecord {
  /** The contributor's pseudonym (the deployment's key, never a raw id). */
  pseudonym: string;
  /** Who recorded it: the publisher (token owner) the pseudonym belongs to. */
  publisher: string;
  /** `true`: opt-in; `false`: withdrawal (objection, opt-out). */
  granted: boolean;
  /** What the consent covers, e.g. `'pattern-network'` (sharing migration records with the network). */
  scope: string;
  /** When it was given or withdrawn, ISO 8601. */
  at: string;
}

/**
 * An erasure request of a contributor: the registry erased its records at once (they count
 * nowhere from `requestedAt`) and purges them from the stored bytes (compaction) when
 * `purgeAfter` has passed, or earlier on demand.
 */
export interface ErasureRecord {
  pseudonym: string;
  /** Who asked: the publisher (token owner) or `operator:<name>`. */
  publisher: string;
  /** When the erasure took effect, ISO 8601. */
  requestedAt: string;
  /** Latest time the purge is due, ISO 8601 (`requestedAt` plus the purge delay, 30 days by default). */
  purgeAfter: string;
  /** When a purge removed the records from the stored bytes, ISO 8601; absent while pending. */
  purgedAt?: string;
}

/** What an audit event records; the registry never puts a contribution's content in it. */
export type AuditEventType =
  | 'consent.granted'
  | 'consent.withdrawn'
  | 'contribution'
  | 'erasure'
  | 'purge'
  | 'export'
  | 'rectification';

/** An audit event as written: who, what, when — never a contribution's content or id. */
export interface AuditEntry {
  type: AuditEventType;
  /** When it happened, ISO 8601. */
  at: string;
  /** Who did it: a publisher (token owner), `operator:<name>` or `registry` (scheduled work). */
  actor: string;
  /** The contributor pseudonym concerned, when one is. */
  pseudonym?: string;
  /** Counts and flags (e.g. `{ contributions: 3 }`), never free text from a contribution. */
  details?: Record<string, string | number | boolean>;
}

/** An audit event as stored: its place in the append-only log. */
export interface AuditEvent extends AuditEntry {
  /** Increasing (gaps allowed), ≥ 1. */
  sequence: number;
}

/** Filter of {@link RegistryStore.listAudit}. */
export interface AuditQuery {
  /** Events after this sequence number (paging). @default 0 */
  afterSequence?: number;
  /** Most events returned, 1–1,000. @default 100 */
  limit?: number;
  /** Only events of this type. */
  type?: AuditEventType;
  /** Only events about this pseudonym. */
  pseudonym?: string;
}

/** What {@link RegistryStore.compactNetworkShards} hands the compactor: the shard as stored. */
export interface NetworkShardState {
  /** The shard's snapshot, if any. */
  snapshot?: { bytes: Uint8Array; throughSequence: number };
  /** Every log row of the shard, ascending (rows before the snapshot point included). */
  changes: NetworkChange[];
}

/** Outcome of {@link RegistryStore.compactNetworkShards}, per shard. */
export interface NetworkCompaction {
  /** The shard compacted. */
  shard: string;
  /** The sequence number the new snapshot covers (the last row removed; 0 for an empty log). */
  throughSequence: number;
  /** Log rows deleted. */
  removedChanges: number;
}

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
 *   opened on the same database hear one {@link StoreChange} for it; the listeners of the
 *   store that wrote hear it before the write's promise resolves (read-your-writes), and
 *   only once.
 */
export interface RegistryStore extends CatalogStore, TrustStore {
  /**
   * Stores a new version and moves dist-tags as {@link PutVersionOptions} say, atomically.
   * When the version's listing names a parent (`forkOf`) and the pattern has no fork record
   * yet, the same transaction records the fork ({@link CatalogStore.listForks}) and notifies
   * the parent's publisher (kind `fork`, the parent id's scope).
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
  /**
   * The listing of the newest version (semver order) of every pattern that has no `latest`
   * dist-tag — published only as prereleases (`2.0.0-beta.1` goes to `next`) or only under
   * other tags — ordered by pattern id, as published (no current figures). With
   * {@link RegistryStore.listLatestListings} it covers every pattern once, which fork
   * lineage needs: a fork published as a prerelease still has a parent. Read once when an
   * instance builds its catalog; reads only the versions of patterns without `latest`.
   */
  listListingsWithoutLatest(): Promise<Listing[]>;
  /** Whole-registry counters (see {@link RegistryTotals}). */
  totals(): Promise<RegistryTotals>;
  /** How many patterns and versions are stored. */
  count(): Promise<{ patterns: number; versions: number }>;
  /**
   * Stores a review and, when accepted, adds it to the pattern's rating, in one
   * transaction; also counts it on the reviewer's account. With `options.notification`,
   * that notification (and its webhook delivery, when the publisher subscribed to its kind)
   * is stored in the same transaction, as {@link CatalogStore.addNotification} would store it.
   *
   * @returns `'created'`, or `'exists'` when a review with that id is already stored (nothing changes, no notification)
   */
  putReview(review: StoredReview, options?: PutReviewOptions): Promise<'created' | 'exists'>;
  /** One review by id (ids are unique across the registry), or `undefined`. */
  getReview(id: string): Promise<StoredReview | undefined>;
  /** Reviews matching the filter, oldest first. */
  listReviews(filter: ReviewFilter): Promise<StoredReview[]>;
  /** Accounts of the given reviewers (absent: never reviewed). */
  reviewerAccounts(reviewers: readonly string[]): Promise<Map<string, ReviewerAccount>>;
  /**
   * What screening a new review reads, in one round trip on a networked store: the pattern's
   * `latest` most recent reviews (oldest first, as {@link RegistryStore.listReviews} with
   * `latest` gives them), whether the reviewing team has an `install` adoption event of the
   * pattern, and the accounts of the reviewer and of those reviews' reviewers.
   *
   * @throws `StoreError` `E_INVALID_FILTER` when `latest` is not an integer ≥ 1
   */
  reviewScreeningInputs(query: ReviewScreeningQuery): Promise<ReviewScreeningInputs>;
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
   * Replaces the whole log of each named shard with one snapshot, all in one transaction,
   * and then scrubs the storage the old rows and snapshots occupied, so that nothing
   * removed survives in the database's files (SQLite: checkpoint and `VACUUM`; PostgreSQL:
   * the network tables are rewritten into new files, which also drops row versions that
   * other sessions' snapshots would keep alive). The purge of erased contributions runs on
   * it: `compactor` receives each shard as stored (snapshot and every row, read while
   * appends wait) and returns the bytes of the compacted document (e.g. crdt-network's
   * `save(compact(doc))`); every row it saw is deleted and the bytes become the shard's
   * snapshot. Other shards are left as they are. Listeners hear one `network-compacted`
   * change per shard. Call it once for every shard a purge covers (a rewrite per call).
   *
   * @param shards - the logs to compact (each once; none: nothing happens)
   * @param compactor - builds a shard's compacted snapshot; runs inside the transaction (a throw rolls everything back)
   * @returns one {@link NetworkCompaction} per shard, in the order given
   * @example
   * ```ts
   * await store.appendNetworkChanges('default', [new Uint8Array([1]), new Uint8Array([2])]);
   * const [compaction] = await store.compactNetworkShards(['default'], (shard, { changes }) =>
   *   Uint8Array.from(changes.flatMap((row) => [...row.bytes])),
   * );
   * console.log(compaction?.removedChanges); // 2
   * ```
   */
  compactNetworkShards(
    shards: readonly string[],
    compactor: (shard: string, state: NetworkShardState) => Uint8Array,
  ): Promise<NetworkCompaction[]>;
  /**
   * Appends a consent decision to the pseudonym's history.
   *
   * @example
   * ```ts
   * await store.recordConsent({ pseudonym: 'a1b2c3d4e5f60718', publisher: 'acme', granted: true, scope: 'pattern-network', at: '2026-12-01T09:00:00.000Z' });
   * ```
   */
  recordConsent(record: ConsentRecord): Promise<void>;
  /**
   * Every consent decision of a pseudonym, oldest first (empty: never asked).
   *
   * @example
   * ```ts
   * const history = await store.consentHistory('a1b2c3d4e5f60718');
   * const inForce = history.at(-1)?.granted === true;
   * ```
   */
  consentHistory(pseudonym: string): Promise<ConsentRecord[]>;
  /**
   * Records an erasure request. A pending request of the pseudonym is kept as it is (its
   * first `requestedAt` and `purgeAfter` stand); after a purge, a new request starts a new
   * pending one.
   *
   * @returns the stored request
   * @example
   * ```ts
   * await store.recordErasure({ pseudonym: 'a1b2c3d4e5f60718', publisher: 'acme', requestedAt: '2026-12-01T09:00:00.000Z', purgeAfter: '2026-12-31T09:00:00.000Z' });
   * ```
   */
  recordErasure(record: Omit<ErasureRecord, 'purgedAt'>): Promise<ErasureRecord>;
  /** A pseudonym's erasure request, or `undefined`. */
  getErasure(pseudonym: string): Promise<ErasureRecord | undefined>;
  /** Erasure requests not yet purged, earliest `purgeAfter` first. */
  pendingErasures(): Promise<ErasureRecord[]>;
  /** Marks pending erasure requests as purged at `at` (ISO 8601); returns how many it marked. */
  markErasuresPurged(pseudonyms: readonly string[], at: string): Promise<number>;
  /**
   * Appends an event to the audit log (append-only: nothing updates or deletes an event but
   * {@link RegistryStore.pruneAudit}'s retention).
   *
   * @returns the stored event with its sequence number
   * @example
   * ```ts
   * await store.appendAudit({ type: 'export', at: '2026-12-01T09:00:00.000Z', actor: 'acme', pseudonym: 'a1b2c3d4e5f60718', details: { contributions: 2 } });
   * ```
   */
  appendAudit(entry: AuditEntry): Promise<AuditEvent>;
  /**
   * Audit events matching the query, ascending by sequence (an index range read).
   *
   * @throws {@link StoreError} `E_INVALID_FILTER` for a limit outside 1–1,000
   */
  listAudit(query?: AuditQuery): Promise<AuditEvent[]>;
  /**
   * Deletes audit events that happened before `before` (ISO 8601): the retention period.
   *
   * @returns how many were deleted
   */
  pruneAudit(before: string): Promise<number>;
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
 * A failure inside a store, with a stable `code` (`E_NOT_FOUND`, `E_CONFLICT`, `E_STORE_CLOSED`,
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
 * Type guard for {@link StoreError}: checks `name` and `code`, not class identity, so it works
 * across package copies (ESM and CJS builds loaded together).
 *
 * @param error - anything caught
 * @returns `true` when a registry store refused an operation or failed
 * @example
 * ```ts
 * if (isStoreError(error)) console.error(error.code);
 * ```
 */
export function isStoreError(error: unknown): error is StoreError {
  return isErrorOf(error, 'StoreError');
}

/**
 * Orders states of one pattern's figures: the number of writes counted in them (accepted
 * reviews plus adoption events). Every write that moves a pattern's figures adds one, so
 * a larger value is a later state.
 *
 * @param stats - a pattern's figures
 * @returns accepted reviews + downloads + installs + uninstalls (≥ 0)
 * @example
 * ```ts
 * const kept = { patternId: 'acme/retry', reviewCount: 2, ratingSum: 9, downloads: 40, installs: 3,
 *   uninstalls: 0, activeInstalls: 3, uninstalledTeams: 0, organizations: 5, trendMass: 0 };
 * const heard = { ...kept, downloads: 41 }; // one more download
 * figuresVersion(heard) > figuresVersion(kept); // true: `heard` is the later state
 * ```
 */
export function figuresVersion(stats: PatternStats): number {
  return stats.reviewCount + stats.downloads + stats.installs + stats.uninstalls;
}

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
