import {
  type AdoptionEvent,
  AdoptionEventSchema,
  type Listing,
  PatternPackageSchema,
  parseListing,
  type Review,
} from '@pollinate/core';
import Database from 'better-sqlite3';
import { LRUCache } from 'lru-cache';
import semver from 'semver';
import { openSqliteCatalog, SQLITE_CATALOG_SQL } from './sqlite-catalog-store.js';
import { type Checkpointer, startCheckpointer } from './sqlite-checkpointer.js';
import { SQLITE_TRUST_MIGRATION, sqliteTrustMethods } from './sqlite-trust.js';
import {
  type AdoptionEventFilter,
  type NetworkCompaction,
  type NetworkShardState,
  type NotificationInput,
  type PutVersionResult,
  type RegistryStore,
  type ReviewerAccount,
  type ReviewFilter,
  type ReviewStatus,
  type StoreChange,
  type StoredPattern,
  type StoredReview,
  type StoredVersion,
  type StoredVersionSummary,
  StoreError,
  trendingMass,
  withCurrentFigures,
} from './store.js';
import { auditColumns, auditFromRow, auditQueryOf, erasureFromRow, timeOf } from './store-privacy-shared.js';
import {
  accountsFromRows,
  buildCoAdoption,
  checkSecretClaim,
  decode,
  invalidFilter,
  isNewerRelease,
  latestClause,
  newestVersions,
  patternIdsOf,
  type ReviewerAccountRow,
  reviewRowDecoder,
  type StatsRow,
  statsFromRow,
} from './store-shared.js';

/** One schema migration: applied once, in order, inside a transaction; `PRAGMA user_version` records the last. */
export interface Migration {
  /** 1, 2, 3, … — never reused, never reordered. */
  version: number;
  /** What the migration does, for logs. */
  description: string;
  /** The SQL to run. */
  sql: string;
  /** Runs after `sql` in the same transaction (backfills that need the registry's own code). */
  after?: (db: Database.Database) => void;
}

/**
 * The SQLite schema, versioned in code. Append new migrations; never edit a shipped one.
 */
export const SQLITE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'patterns, versions, dist-tags, reviews, adoption events, network state, pseudonym owners',
    sql: `
      CREATE TABLE patterns (
        id TEXT PRIMARY KEY,
        publisher TEXT NOT NULL
      ) STRICT;
      CREATE TABLE versions (
        pattern_id TEXT NOT NULL REFERENCES patterns(id),
        version TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        published_at TEXT NOT NULL,
        publisher TEXT NOT NULL,
        package TEXT NOT NULL,
        PRIMARY KEY (pattern_id, version)
      ) STRICT;
      CREATE TABLE dist_tags (
        pattern_id TEXT NOT NULL REFERENCES patterns(id),
        tag TEXT NOT NULL,
        version TEXT NOT NULL,
        PRIMARY KEY (pattern_id, tag),
        FOREIGN KEY (pattern_id, version) REFERENCES versions(pattern_id, version)
      ) STRICT;
      CREATE TABLE reviews (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        pattern_id TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('accepted', 'flagged')),
        reasons TEXT NOT NULL,
        review TEXT NOT NULL
      ) STRICT;
      CREATE INDEX reviews_by_pattern ON reviews(pattern_id, seq);
      CREATE TABLE adoption_events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        pattern_id TEXT NOT NULL,
        team TEXT NOT NULL,
        event TEXT NOT NULL
      ) STRICT;
      CREATE INDEX adoption_events_by_pattern ON adoption_events(pattern_id, seq);
      CREATE INDEX adoption_events_by_team ON adoption_events(team, seq);
      CREATE TABLE network_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        bytes BLOB NOT NULL
      ) STRICT;
      CREATE TABLE pseudonym_owners (
        pseudonym TEXT PRIMARY KEY,
        publisher TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 2,
    description:
      'aggregates kept on write (pattern figures, team adoption state, co-adoption, reviewer accounts, totals), event type and time columns, the network as a change log with snapshots',
    sql: `
      ALTER TABLE adoption_events ADD COLUMN type TEXT;
      ALTER TABLE adoption_events ADD COLUMN at_ms INTEGER;
      UPDATE adoption_events SET
        type = json_extract(event, '$.type'),
        at_ms = CAST(round(unixepoch(json_extract(event, '$.at'), 'subsec') * 1000) AS INTEGER);
      CREATE INDEX adoption_events_by_time ON adoption_events(type, at_ms);
      CREATE INDEX adoption_events_by_pattern_time ON adoption_events(pattern_id, type, at_ms);
      CREATE TABLE pattern_stats (
        pattern_id TEXT PRIMARY KEY,
        review_count INTEGER NOT NULL DEFAULT 0,
        rating_sum INTEGER NOT NULL DEFAULT 0,
        downloads INTEGER NOT NULL DEFAULT 0,
        installs INTEGER NOT NULL DEFAULT 0,
        uninstalls INTEGER NOT NULL DEFAULT 0,
        active_installs INTEGER NOT NULL DEFAULT 0,
        uninstalled_teams INTEGER NOT NULL DEFAULT 0,
        organizations INTEGER NOT NULL DEFAULT 0,
        trend_mass REAL NOT NULL DEFAULT 0
      ) STRICT;
      CREATE INDEX pattern_stats_by_trend ON pattern_stats(trend_mass DESC, pattern_id);
      CREATE TABLE team_patterns (
        team TEXT NOT NULL,
        pattern_id TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('none', 'installed', 'uninstalled')),
        at_ms INTEGER,
        PRIMARY KEY (team, pattern_id)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE co_adoption (
        from_id TEXT NOT NULL,
        to_id TEXT NOT NULL,
        teams INTEGER NOT NULL,
        PRIMARY KEY (from_id, to_id)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE reviewer_accounts (
        reviewer TEXT PRIMARY KEY,
        review_count INTEGER NOT NULL,
        team TEXT
      ) STRICT;
      CREATE TABLE totals (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        patterns INTEGER NOT NULL,
        versions INTEGER NOT NULL,
        accepted_reviews INTEGER NOT NULL,
        adoption_events INTEGER NOT NULL
      ) STRICT;
      INSERT INTO totals VALUES (1, (SELECT COUNT(*) FROM patterns), (SELECT COUNT(*) FROM versions), 0, 0);
      CREATE TABLE network_changes (
        sequence INTEGER PRIMARY KEY AUTOINCREMENT,
        shard TEXT NOT NULL,
        bytes BLOB NOT NULL
      ) STRICT;
      CREATE INDEX network_changes_by_shard ON network_changes(shard, sequence);
      CREATE TABLE network_snapshots (
        shard TEXT PRIMARY KEY,
        bytes BLOB NOT NULL,
        through_sequence INTEGER NOT NULL
      ) STRICT;
      INSERT INTO network_snapshots (shard, bytes, through_sequence)
        SELECT 'default', bytes, 0 FROM network_state;
      DROP TABLE network_state;
    `,
    after(db) {
      const aggregates = prepareAggregates(db);
      for (const row of db
        .prepare<[], { status: string; review: string }>('SELECT status, review FROM reviews ORDER BY seq')
        .all()) {
        aggregates.countReview(JSON.parse(row.review) as Review, row.status === 'accepted');
      }
      for (const row of db
        .prepare<[], { event: string; at_ms: number }>(
          'SELECT event, at_ms FROM adoption_events ORDER BY seq',
        )
        .all()) {
        aggregates.countEvent(JSON.parse(row.event) as AdoptionEvent, row.at_ms);
      }
    },
  },
  {
    version: 3,
    description: 'idempotency keys of adoption events (unique per team)',
    sql: `
      ALTER TABLE adoption_events ADD COLUMN idempotency_key TEXT;
      CREATE UNIQUE INDEX adoption_events_by_idempotency_key ON adoption_events(team, idempotency_key)
        WHERE idempotency_key IS NOT NULL;
    `,
  },
  {
    version: 4,
    description: 'data-subject rights: consent history, erasure requests, the audit log',
    sql: `
      CREATE TABLE consent_events (
        sequence INTEGER PRIMARY KEY AUTOINCREMENT,
        pseudonym TEXT NOT NULL,
        publisher TEXT NOT NULL,
        granted INTEGER NOT NULL CHECK (granted IN (0, 1)),
        scope TEXT NOT NULL,
        at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX consent_events_by_pseudonym ON consent_events(pseudonym, sequence);
      CREATE TABLE erasures (
        pseudonym TEXT PRIMARY KEY,
        publisher TEXT NOT NULL,
        requested_at TEXT NOT NULL,
        purge_after TEXT NOT NULL,
        purge_after_ms INTEGER NOT NULL,
        purged_at TEXT
      ) STRICT;
      CREATE INDEX erasures_pending ON erasures(purge_after_ms) WHERE purged_at IS NULL;
      CREATE TABLE audit_events (
        sequence INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        at_ms INTEGER NOT NULL,
        type TEXT NOT NULL,
        actor TEXT NOT NULL,
        pseudonym TEXT,
        details TEXT NOT NULL
      ) STRICT;
      CREATE INDEX audit_events_by_type ON audit_events(type, sequence);
      CREATE INDEX audit_events_by_pseudonym ON audit_events(pseudonym, sequence);
      CREATE INDEX audit_events_by_time ON audit_events(at_ms);
    `,
  },
  {
    version: 5,
    description:
      'catalog: forks (backfilled from stored versions), improvement proposals, notifications, webhook deliveries, revenue events and lines',
    sql: SQLITE_CATALOG_SQL,
  },
  SQLITE_TRUST_MIGRATION,
  {
    // After the trust migration (20): a file already at 20 must still get this table.
    version: 21,
    description: 'secrets claimed once per name (the network signing secret shared by every restart)',
    sql: `
      CREATE TABLE secrets (
        name TEXT PRIMARY KEY,
        secret BLOB NOT NULL
      ) STRICT;
    `,
  },
];

/** Options of {@link openSqliteStore}. */
export interface SqliteStoreOptions {
  /**
   * SQLite `synchronous` level. `'full'` syncs the WAL on every commit (survives power
   * loss); `'normal'` survives a process crash but may lose the last commits on power loss.
   * @default 'full'
   */
  synchronous?: 'full' | 'normal';
  /**
   * Where WAL checkpoints run (file databases). `'background'`: a thread of its own runs a
   * passive checkpoint every 250 ms, so no request pays the copy of the WAL into the
   * database file (a stall of up to hundreds of milliseconds every ~1,000 WAL pages);
   * `'inline'`: SQLite's automatic checkpoint in the committing request.
   * @default 'background'
   */
  checkpoint?: 'background' | 'inline';
  /**
   * SQLite page cache of the serving connection, KiB (`PRAGMA cache_size`); an integer ≥ 0,
   * else `openSqliteStore` throws a `RangeError`. @default 65536 (64 MiB)
   */
  cacheSizeKiB?: number;
}

/**
 * The statements that keep the aggregates of one review or one adoption event; they run
 * inside the caller's transaction.
 */
function prepareAggregates(db: Database.Database) {
  const s = {
    bumpStats: db.prepare(
      `INSERT INTO pattern_stats (pattern_id, review_count, rating_sum, downloads, installs, uninstalls,
         active_installs, uninstalled_teams, organizations, trend_mass)
       VALUES (@id, @reviews, @rating, @downloads, @installs, @uninstalls, @active, @uninstalled, @organizations, @mass)
       ON CONFLICT (pattern_id) DO UPDATE SET
         review_count = review_count + excluded.review_count,
         rating_sum = rating_sum + excluded.rating_sum,
         downloads = downloads + excluded.downloads,
         installs = installs + excluded.installs,
         uninstalls = uninstalls + excluded.uninstalls,
         active_installs = active_installs + excluded.active_installs,
         uninstalled_teams = uninstalled_teams + excluded.uninstalled_teams,
         organizations = organizations + excluded.organizations,
         trend_mass = trend_mass + excluded.trend_mass`,
    ),
    bumpTotals: db.prepare(
      `UPDATE totals SET patterns = patterns + @patterns, versions = versions + @versions,
         accepted_reviews = accepted_reviews + @reviews, adoption_events = adoption_events + @events WHERE id = 1`,
    ),
    account: db.prepare(
      `INSERT INTO reviewer_accounts (reviewer, review_count, team) VALUES (?, 1, ?)
       ON CONFLICT (reviewer) DO UPDATE SET review_count = review_count + 1, team = COALESCE(excluded.team, team)`,
    ),
    teamPattern: db.prepare<[string, string], { state: string; at_ms: number | null }>(
      'SELECT state, at_ms FROM team_patterns WHERE team = ? AND pattern_id = ?',
    ),
    putTeamPattern: db.prepare(
      `INSERT INTO team_patterns (team, pattern_id, state, at_ms) VALUES (?, ?, ?, ?)
       ON CONFLICT (team, pattern_id) DO UPDATE SET state = excluded.state, at_ms = excluded.at_ms`,
    ),
    coUp: db.prepare(
      `INSERT INTO co_adoption (from_id, to_id, teams)
       SELECT @p, pattern_id, 1 FROM team_patterns WHERE team = @team AND state = 'installed' AND pattern_id <> @p
       ON CONFLICT (from_id, to_id) DO UPDATE SET teams = teams + 1`,
    ),
    coUpReverse: db.prepare(
      `INSERT INTO co_adoption (from_id, to_id, teams)
       SELECT pattern_id, @p, 1 FROM team_patterns WHERE team = @team AND state = 'installed' AND pattern_id <> @p
       ON CONFLICT (from_id, to_id) DO UPDATE SET teams = teams + 1`,
    ),
    coDown: db.prepare(
      `UPDATE co_adoption SET teams = teams - 1 WHERE from_id = @p AND to_id IN
         (SELECT pattern_id FROM team_patterns WHERE team = @team AND state = 'installed' AND pattern_id <> @p)`,
    ),
    coDownReverse: db.prepare(
      `UPDATE co_adoption SET teams = teams - 1 WHERE to_id = @p AND from_id IN
         (SELECT pattern_id FROM team_patterns WHERE team = @team AND state = 'installed' AND pattern_id <> @p)`,
    ),
  };
  const zero = {
    reviews: 0,
    rating: 0,
    downloads: 0,
    installs: 0,
    uninstalls: 0,
    active: 0,
    uninstalled: 0,
    organizations: 0,
    mass: 0,
  };
  return {
    countReview(review: Review, accepted: boolean): void {
      s.account.run(review.reviewer, review.reviewerTeam ?? null);
      if (!accepted) return;
      s.bumpStats.run({ ...zero, id: review.patternId, reviews: 1, rating: review.rating });
      s.bumpTotals.run({ patterns: 0, versions: 0, reviews: 1, events: 0 });
    },
    countEvent(event: AdoptionEvent, atMs: number): void {
      const delta = { ...zero, id: event.patternId, mass: trendingMass(event.type, atMs) };
      if (event.type === 'download') delta.downloads = 1;
      else if (event.type === 'install') delta.installs = 1;
      else delta.uninstalls = 1;
      const row = s.teamPattern.get(event.team, event.patternId);
      const before = row?.state ?? 'none';
      if (!row) delta.organizations = 1;
      const wins = event.type !== 'download' && (row?.at_ms == null || atMs >= row.at_ms);
      const after = wins ? (event.type === 'install' ? 'installed' : 'uninstalled') : before;
      const keys = { p: event.patternId, team: event.team };
      if (before !== 'installed' && after === 'installed') {
        s.coUp.run(keys);
        s.coUpReverse.run(keys);
        delta.active = 1;
      } else if (before === 'installed' && after !== 'installed') {
        s.coDown.run(keys);
        s.coDownReverse.run(keys);
        delta.active = -1;
      }
      if (before === 'uninstalled' && after !== 'uninstalled') delta.uninstalled = -1;
      if (before !== 'uninstalled' && after === 'uninstalled') delta.uninstalled = 1;
      if (!row || wins) s.putTeamPattern.run(event.team, event.patternId, after, wins ? atMs : null);
      s.bumpStats.run(delta);
      s.bumpTotals.run({ patterns: 0, versions: 0, reviews: 0, events: 1 });
    },
  };
}

/**
 * Opens (creating and migrating as needed) a SQLite registry store on better-sqlite3,
 * in WAL mode with foreign keys on. One process owns a SQLite store: its change feed
 * reaches the listeners of this store object only (run several instances on PostgreSQL,
 * see `openPostgresStore`).
 *
 * @param file - a file path, or `':memory:'` for a private in-memory database
 * @param options - see {@link SqliteStoreOptions}
 * @returns a {@link RegistryStore}
 * @throws {StoreError} `E_SCHEMA_TOO_NEW` when the file was migrated by a newer registry
 * @example
 * ```ts
 * const store = openSqliteStore('./registry.db');
 * console.log(await store.count()); // { patterns: 0, versions: 0 }
 * await store.close();
 * ```
 */
export function openSqliteStore(file: string, options: SqliteStoreOptions = {}): RegistryStore {
  const db = new Database(file);
  if (file !== ':memory:') db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // 64 MiB of page cache instead of SQLite's 2 MiB: a review or a read of one pattern
  // touches a handful of index pages of a file of hundreds of MiB, and each page missing from
  // the cache is a read system call on the serving thread.
  const cacheSizeKiB = options.cacheSizeKiB ?? 65_536;
  if (!Number.isSafeInteger(cacheSizeKiB) || cacheSizeKiB < 0) {
    db.close();
    throw new RangeError(`cacheSizeKiB must be an integer ≥ 0, got ${cacheSizeKiB}`);
  }
  db.pragma(`cache_size = -${cacheSizeKiB}`);
  migrate(db, SQLITE_MIGRATIONS);
  let checkpointer: Checkpointer | undefined;
  if (file !== ':memory:' && (options.checkpoint ?? 'background') === 'background') {
    db.pragma('wal_autocheckpoint = 0');
    checkpointer = startCheckpointer(file, {
      synchronous: options.synchronous === 'normal' ? 'NORMAL' : 'FULL',
      intervalMs: 250,
      onError: () => {
        // Without the thread, checkpoints go back to the committing connection.
        if (db.open) db.pragma('wal_autocheckpoint = 1000');
      },
    });
  }
  const expectedSchema = String(SQLITE_MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0));
  const aggregates = prepareAggregates(db);
  // Statements whose text depends on the call (IN lists of n placeholders), compiled once per
  // text: compiling costs more than running them on the request paths of reviews.
  const compiled = new LRUCache<string, Database.Statement>({ max: 256 });
  const cachedStatement = <P extends unknown[], R>(sql: string): Database.Statement<P, R> => {
    let statement = compiled.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      compiled.set(sql, statement);
    }
    return statement as unknown as Database.Statement<P, R>;
  };

  const statements = {
    insertPattern: db.prepare('INSERT OR IGNORE INTO patterns (id, publisher) VALUES (?, ?)'),
    insertVersion: db.prepare(
      'INSERT OR IGNORE INTO versions (pattern_id, version, fingerprint, published_at, publisher, package) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    upsertTag: db.prepare(
      'INSERT INTO dist_tags (pattern_id, tag, version) VALUES (?, ?, ?) ON CONFLICT (pattern_id, tag) DO UPDATE SET version = excluded.version',
    ),
    tag: db.prepare<[string, string], { version: string }>(
      'SELECT version FROM dist_tags WHERE pattern_id = ? AND tag = ?',
    ),
    bumpTotals: db.prepare(
      `UPDATE totals SET patterns = patterns + @patterns, versions = versions + @versions WHERE id = 1`,
    ),
    pattern: db.prepare<[string], { id: string; publisher: string }>(
      'SELECT id, publisher FROM patterns WHERE id = ?',
    ),
    versionsOf: db.prepare<[string], { version: string; fingerprint: string; published_at: string }>(
      'SELECT version, fingerprint, published_at FROM versions WHERE pattern_id = ?',
    ),
    tagsOf: db.prepare<[string], { tag: string; version: string }>(
      'SELECT tag, version FROM dist_tags WHERE pattern_id = ? ORDER BY tag',
    ),
    version: db.prepare<
      [string, string],
      {
        pattern_id: string;
        version: string;
        fingerprint: string;
        published_at: string;
        publisher: string;
        package: string;
      }
    >('SELECT * FROM versions WHERE pattern_id = ? AND version = ?'),
    hasVersion: db.prepare<[string, string], { one: number }>(
      'SELECT 1 AS one FROM versions WHERE pattern_id = ? AND version = ?',
    ),
    latestPackages: db.prepare<[], { package: string } & Partial<StatsRow>>(
      `SELECT v.package, s.* FROM dist_tags t
       JOIN versions v ON v.pattern_id = t.pattern_id AND v.version = t.version
       LEFT JOIN pattern_stats s ON s.pattern_id = t.pattern_id
       WHERE t.tag = 'latest' ORDER BY t.pattern_id`,
    ),
    versionsWithoutLatest: db.prepare<[], { pattern_id: string; version: string }>(
      `SELECT v.pattern_id, v.version FROM patterns p
       JOIN versions v ON v.pattern_id = p.id
       WHERE NOT EXISTS (SELECT 1 FROM dist_tags t WHERE t.pattern_id = p.id AND t.tag = 'latest')`,
    ),
    latestPackage: db.prepare<[string], { package: string; version: string } & Partial<StatsRow>>(
      `SELECT v.package, v.version, s.* FROM dist_tags t
       JOIN versions v ON v.pattern_id = t.pattern_id AND v.version = t.version
       LEFT JOIN pattern_stats s ON s.pattern_id = t.pattern_id
       WHERE t.tag = 'latest' AND t.pattern_id = ?`,
    ),
    totals: db.prepare<
      [],
      { patterns: number; versions: number; accepted_reviews: number; adoption_events: number }
    >('SELECT patterns, versions, accepted_reviews, adoption_events FROM totals WHERE id = 1'),
    insertReview: db.prepare(
      'INSERT OR IGNORE INTO reviews (id, pattern_id, status, reasons, review) VALUES (?, ?, ?, ?, ?)',
    ),
    review: db.prepare<[string], { status: ReviewStatus; reasons: string; review: string }>(
      'SELECT status, reasons, review FROM reviews WHERE id = ?',
    ),
    insertEvent: db.prepare(
      'INSERT OR IGNORE INTO adoption_events (pattern_id, team, event, type, at_ms, idempotency_key) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    eventByKey: db.prepare<[string, string], { event: string }>(
      'SELECT event FROM adoption_events WHERE team = ? AND idempotency_key = ?',
    ),
    countEvents: db.prepare<[string, number, number], { n: number }>(
      'SELECT COUNT(*) AS n FROM adoption_events WHERE type = ? AND at_ms > ? AND at_ms <= ?',
    ),
    countPatternEvents: db.prepare<[string, string, number, number], { n: number }>(
      'SELECT COUNT(*) AS n FROM adoption_events WHERE pattern_id = ? AND type = ? AND at_ms > ? AND at_ms <= ?',
    ),
    stats: db.prepare<[string], StatsRow>('SELECT * FROM pattern_stats WHERE pattern_id = ?'),
    hasInstalled: db.prepare<[string, string], { found: number }>(
      "SELECT 1 AS found FROM adoption_events WHERE team = ? AND pattern_id = ? AND type = 'install' LIMIT 1",
    ),
    trending: db.prepare<[number], StatsRow>(
      'SELECT * FROM pattern_stats WHERE trend_mass > 0 ORDER BY trend_mass DESC, pattern_id LIMIT ?',
    ),
    adoptedBy: db.prepare<[string], { pattern_id: string }>(
      `SELECT pattern_id FROM team_patterns WHERE team = ? AND state = 'installed' ORDER BY pattern_id`,
    ),
    together: db.prepare<[string], { to_id: string; teams: number; adopters: number | null }>(
      `SELECT c.to_id, c.teams, s.active_installs AS adopters FROM co_adoption c
       LEFT JOIN pattern_stats s ON s.pattern_id = c.to_id WHERE c.from_id = ? AND c.teams > 0`,
    ),
    appendChange: db.prepare('INSERT INTO network_changes (shard, bytes) VALUES (?, ?)'),
    lastChange: db.prepare<[string], { sequence: number | null }>(
      'SELECT MAX(sequence) AS sequence FROM network_changes WHERE shard = ?',
    ),
    changesAfter: db.prepare<[string, number], { sequence: number; bytes: Buffer }>(
      'SELECT sequence, bytes FROM network_changes WHERE shard = ? AND sequence > ? ORDER BY sequence',
    ),
    putSnapshot: db.prepare(
      `INSERT INTO network_snapshots (shard, bytes, through_sequence) VALUES (?, ?, ?)
       ON CONFLICT (shard) DO UPDATE SET bytes = excluded.bytes, through_sequence = excluded.through_sequence
       WHERE excluded.through_sequence >= network_snapshots.through_sequence`,
    ),
    snapshot: db.prepare<[string], { bytes: Buffer; through_sequence: number }>(
      'SELECT bytes, through_sequence FROM network_snapshots WHERE shard = ?',
    ),
    claimSecret: db.prepare('INSERT OR IGNORE INTO secrets (name, secret) VALUES (?, ?)'),
    secret: db.prepare<[string], { secret: Buffer }>('SELECT secret FROM secrets WHERE name = ?'),
    claim: db.prepare('INSERT OR IGNORE INTO pseudonym_owners (pseudonym, publisher) VALUES (?, ?)'),
    owner: db.prepare<[string], { publisher: string }>(
      'SELECT publisher FROM pseudonym_owners WHERE pseudonym = ?',
    ),
  };

  const privacy = {
    deleteChanges: db.prepare('DELETE FROM network_changes WHERE shard = ? AND sequence <= ?'),
    replaceSnapshot: db.prepare(
      `INSERT INTO network_snapshots (shard, bytes, through_sequence) VALUES (?, ?, ?)
       ON CONFLICT (shard) DO UPDATE SET bytes = excluded.bytes, through_sequence = excluded.through_sequence`,
    ),
    insertConsent: db.prepare(
      'INSERT INTO consent_events (pseudonym, publisher, granted, scope, at) VALUES (?, ?, ?, ?, ?)',
    ),
    consentOf: db.prepare<
      [string],
      { pseudonym: string; publisher: string; granted: number; scope: string; at: string }
    >(
      'SELECT pseudonym, publisher, granted, scope, at FROM consent_events WHERE pseudonym = ? ORDER BY sequence',
    ),
    upsertErasure: db.prepare(
      `INSERT INTO erasures (pseudonym, publisher, requested_at, purge_after, purge_after_ms, purged_at)
       VALUES (?, ?, ?, ?, ?, NULL)
       ON CONFLICT (pseudonym) DO UPDATE SET publisher = excluded.publisher, requested_at = excluded.requested_at,
         purge_after = excluded.purge_after, purge_after_ms = excluded.purge_after_ms, purged_at = NULL
       WHERE erasures.purged_at IS NOT NULL`,
    ),
    erasure: db.prepare<
      [string],
      {
        pseudonym: string;
        publisher: string;
        requested_at: string;
        purge_after: string;
        purged_at: string | null;
      }
    >('SELECT pseudonym, publisher, requested_at, purge_after, purged_at FROM erasures WHERE pseudonym = ?'),
    pending: db.prepare<
      [],
      {
        pseudonym: string;
        publisher: string;
        requested_at: string;
        purge_after: string;
        purged_at: string | null;
      }
    >(
      `SELECT pseudonym, publisher, requested_at, purge_after, purged_at FROM erasures
       WHERE purged_at IS NULL ORDER BY purge_after_ms, pseudonym`,
    ),
    markPurged: db.prepare('UPDATE erasures SET purged_at = ? WHERE pseudonym = ? AND purged_at IS NULL'),
    insertAudit: db.prepare(
      'INSERT INTO audit_events (at, at_ms, type, actor, pseudonym, details) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    pruneAudit: db.prepare('DELETE FROM audit_events WHERE at_ms < ?'),
  };
  const markPurged = db.transaction((pseudonyms: readonly string[], at: string): number => {
    let marked = 0;
    for (const pseudonym of new Set(pseudonyms)) marked += privacy.markPurged.run(at, pseudonym).changes;
    return marked;
  });
  /** Rewrites the database file so that nothing deleted stays in it (or in the WAL). */
  const scrub = () => {
    if (file === ':memory:') return;
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.exec('VACUUM');
    db.pragma('wal_checkpoint(TRUNCATE)');
  };

  /** Accounts of the given reviewers (absent: never reviewed). */
  const accountsOf = (reviewers: readonly string[]): Map<string, ReviewerAccount> => {
    if (reviewers.length === 0) return new Map();
    const unique = [...new Set(reviewers)];
    return accountsFromRows(
      cachedStatement<string[], ReviewerAccountRow>(
        `SELECT reviewer, review_count, team FROM reviewer_accounts WHERE reviewer IN (${unique.map(() => '?').join(', ')})`,
      ).all(...unique),
    );
  };

  const catalog = openSqliteCatalog(
    db,
    (change) => emit(change),
    () => open(),
  );
  const putVersion = db.transaction(
    (record: StoredVersion, distTag: string | undefined, advanceLatest: boolean): PutVersionResult => {
      const newPattern = statements.insertPattern.run(record.id, record.publisher).changes;
      const inserted = statements.insertVersion.run(
        record.id,
        record.version,
        record.fingerprint,
        record.publishedAt,
        record.publisher,
        JSON.stringify(record.package),
      );
      if (inserted.changes === 0) return { status: 'exists', distTags: [] };
      statements.bumpTotals.run({ patterns: newPattern, versions: 1 });
      catalog.onVersionStored(record);
      const tags: string[] = [];
      if (distTag !== undefined) tags.push(distTag);
      else if (advanceLatest) {
        const current = statements.tag.get(record.id, 'latest')?.version;
        if (isNewerRelease(record.version, current)) tags.push('latest');
      }
      for (const tag of tags) statements.upsertTag.run(record.id, tag, record.version);
      return { status: 'created', distTags: tags };
    },
  );
  const putReview = db.transaction(
    ({ stored, notification }: { stored: StoredReview; notification: NotificationInput | undefined }) => {
      const result = statements.insertReview.run(
        stored.review.id,
        stored.review.patternId,
        stored.status,
        JSON.stringify(stored.reasons),
        JSON.stringify(stored.review),
      );
      if (result.changes === 0) return { created: false as const };
      aggregates.countReview(stored.review, stored.status === 'accepted');
      return {
        created: true as const,
        notified: notification ? catalog.storeNotification(notification) : undefined,
      };
    },
  );
  // Group commit: reviews submitted in the same turn of the event loop (20 connections
  // posting at once) are written in one transaction, each in a savepoint of its own, so
  // they share one WAL sync instead of queueing for one each. Each answer still waits for
  // the commit that holds its review.
  const commitReviews = groupCommit(db, putReview);
  const addEvent = db.transaction(
    (
      event: AdoptionEvent,
      atMs: number,
      key: string | null,
    ): { status: 'created' | 'exists'; event: AdoptionEvent } => {
      const inserted = statements.insertEvent.run(
        event.patternId,
        event.team,
        JSON.stringify(event),
        event.type,
        atMs,
        key,
      );
      if (inserted.changes === 0 && key !== null) {
        const row = statements.eventByKey.get(event.team, key);
        if (row) return { status: 'exists', event: decode(AdoptionEventSchema, row.event, 'adoption event') };
      }
      aggregates.countEvent(event, atMs);
      return { status: 'created', event };
    },
  );
  const append = db.transaction((shard: string, changes: readonly Uint8Array[]): number => {
    let last = 0;
    for (const bytes of changes)
      last = Number(statements.appendChange.run(shard, Buffer.from(bytes)).lastInsertRowid);
    return last;
  });

  const compactShards = db.transaction(
    (
      shards: readonly string[],
      compactor: (shard: string, state: NetworkShardState) => Uint8Array,
    ): NetworkCompaction[] =>
      [...new Set(shards)].map((shard) => {
        const snapshot = statements.snapshot.get(shard);
        const rows = statements.changesAfter.all(shard, 0);
        const bytes = compactor(shard, {
          ...(snapshot
            ? {
                snapshot: {
                  bytes: new Uint8Array(snapshot.bytes),
                  throughSequence: snapshot.through_sequence,
                },
              }
            : {}),
          changes: rows.map((row) => ({ sequence: row.sequence, bytes: new Uint8Array(row.bytes) })),
        });
        const throughSequence = Math.max(snapshot?.through_sequence ?? 0, rows.at(-1)?.sequence ?? 0);
        privacy.deleteChanges.run(shard, throughSequence);
        privacy.replaceSnapshot.run(shard, Buffer.from(bytes), throughSequence);
        return { shard, throughSequence, removedChanges: rows.length };
      }),
  );

  const listeners = new Set<(change: StoreChange) => void>();
  const emit = (change: StoreChange) => {
    for (const listener of listeners) listener(change);
  };
  let closed = false;
  const reviewFromRow = reviewRowDecoder();
  const open = () => {
    if (closed) throw new StoreError('E_STORE_CLOSED', 'the registry store is closed');
  };
  const {
    onVersionStored: _hook,
    storeNotification: _store,
    notificationChange: _change,
    ...catalogMethods
  } = catalog;
  const parsedListings = new LRUCache<string, Listing>({ max: 2048 });
  const overlay = (row: { package: string } & Partial<StatsRow>): Listing => {
    const parsed = JSON.parse(row.package) as { listing: unknown };
    const stats = row.pattern_id ? statsFromRow(row as StatsRow) : undefined;
    return withCurrentFigures(parseListing(parsed.listing), stats);
  };

  return {
    ...catalogMethods,
    ...sqliteTrustMethods(db, { open, emit, beforeWrite: () => commitReviews.flush() }),
    async putVersion(record, options = {}) {
      open();
      const result = putVersion.immediate(record, options.distTag, options.advanceLatest === true);
      if (result.status === 'created') {
        emit({ kind: 'version', patternId: record.id, version: record.version, distTags: result.distTags });
      }
      return result;
    },
    async getPattern(id) {
      open();
      const row = statements.pattern.get(id);
      if (!row) return undefined;
      const versions: StoredVersionSummary[] = statements.versionsOf
        .all(id)
        .map((v) => ({ version: v.version, fingerprint: v.fingerprint, publishedAt: v.published_at }))
        .sort((a, b) => semver.compare(a.version, b.version));
      const distTags: Record<string, string> = Object.create(null);
      for (const tag of statements.tagsOf.all(id)) distTags[tag.tag] = tag.version;
      const pattern: StoredPattern = {
        id: row.id,
        publisher: row.publisher,
        distTags: { ...distTags },
        versions,
      };
      return pattern;
    },
    async getVersion(id, version) {
      open();
      const row = statements.version.get(id, version);
      if (!row) return undefined;
      return {
        id: row.pattern_id,
        version: row.version,
        publisher: row.publisher,
        fingerprint: row.fingerprint,
        publishedAt: row.published_at,
        package: decode(PatternPackageSchema, row.package, `${id}@${version}`),
      };
    },
    async setDistTag(id, tag, version) {
      open();
      if (!statements.hasVersion.get(id, version)) {
        throw new StoreError('E_NOT_FOUND', `${id}@${version} is not stored`);
      }
      statements.upsertTag.run(id, tag, version);
      emit({ kind: 'dist-tag', patternId: id, tag, version });
    },
    async listLatestListings() {
      open();
      const listings: Listing[] = [];
      for (const row of statements.latestPackages.iterate()) listings.push(overlay(row));
      return listings;
    },
    async listListingsWithoutLatest() {
      open();
      return newestVersions(statements.versionsWithoutLatest.iterate()).map(({ id, version }) => {
        const row = statements.version.get(id, version);
        if (!row) throw new StoreError('E_CORRUPT_RECORD', `${id}@${version} vanished during a read`);
        return decode(PatternPackageSchema, row.package, `${id}@${version}`).listing;
      });
    },
    async getLatestListing(id) {
      open();
      const row = statements.latestPackage.get(id);
      if (!row) return undefined;
      // A stored version never changes: its parsed listing is reused (a review or an
      // adoption re-reads the pattern's figures, not its package).
      const key = `${id}@${row.version}`;
      let listing = parsedListings.get(key);
      if (!listing) {
        listing = parseListing((JSON.parse(row.package) as { listing: unknown }).listing);
        parsedListings.set(key, listing);
      }
      return withCurrentFigures(listing, row.pattern_id ? statsFromRow(row as StatsRow) : undefined);
    },
    async totals() {
      open();
      const row = statements.totals.get();
      return {
        patterns: row?.patterns ?? 0,
        versions: row?.versions ?? 0,
        acceptedReviews: row?.accepted_reviews ?? 0,
        adoptionEvents: row?.adoption_events ?? 0,
      };
    },
    async count() {
      open();
      const row = statements.totals.get();
      return { patterns: row?.patterns ?? 0, versions: row?.versions ?? 0 };
    },
    async putReview(stored, options = {}) {
      open();
      const outcome = await commitReviews({ stored, notification: options.notification });
      if (!outcome.created) return 'exists';
      // The figures as committed (a later review of the same pattern may already be in
      // them: still a committed state, and listeners keep the latest by figuresVersion).
      const stats = statements.stats.get(stored.review.patternId);
      emit({
        kind: 'review',
        patternId: stored.review.patternId,
        reviewId: stored.review.id,
        status: stored.status,
        ...(stats ? { stats: statsFromRow(stats) } : {}),
      });
      if (outcome.notified) emit(catalog.notificationChange(outcome.notified));
      return 'created';
    },
    async getReview(id) {
      open();
      const row = statements.review.get(id);
      return row ? reviewFromRow(row) : undefined;
    },
    async listReviews(filter: ReviewFilter) {
      open();
      const ids = patternIdsOf(filter);
      const params: string[] = [...ids];
      let where = `pattern_id IN (${ids.map(() => '?').join(', ')})`;
      if (filter.status !== undefined) {
        where += ' AND status = ?';
        params.push(filter.status);
      }
      const order = latestClause(filter.latest);
      const rows = cachedStatement<string[], { status: ReviewStatus; reasons: string; review: string }>(
        `SELECT status, reasons, review FROM reviews WHERE ${where} ${order.sql}`,
      ).all(...params);
      if (order.reverse) rows.reverse();
      return rows.map(reviewFromRow);
    },
    async reviewerAccounts(reviewers) {
      open();
      return accountsOf(reviewers);
    },
    async reviewScreeningInputs({ patternId, reviewer, latest }) {
      open();
      const order = latestClause(latest);
      const rows = cachedStatement<[string], { status: ReviewStatus; reasons: string; review: string }>(
        `SELECT status, reasons, review FROM reviews WHERE pattern_id = ? ${order.sql}`,
      ).all(patternId);
      rows.reverse();
      const reviews = rows.map(reviewFromRow);
      const installed = statements.hasInstalled.get(reviewer, patternId) !== undefined;
      return {
        reviews,
        installed,
        accounts: accountsOf([...reviews.map((stored) => stored.review.reviewer), reviewer]),
      };
    },
    async addAdoptionEvent(event, options = {}) {
      open();
      const result = addEvent.immediate(event, Date.parse(event.at), options.idempotencyKey ?? null);
      if (result.status === 'created') {
        const stats = statements.stats.get(event.patternId);
        emit({
          kind: 'adoption',
          patternId: event.patternId,
          team: event.team,
          ...(stats ? { stats: statsFromRow(stats) } : {}),
        });
      }
      return result;
    },
    async listAdoptionEvents(filter: AdoptionEventFilter) {
      open();
      const conditions: string[] = [];
      const params: string[] = [];
      if (filter.patternId !== undefined || filter.patternIds !== undefined) {
        const ids = patternIdsOf(filter);
        conditions.push(`pattern_id IN (${ids.map(() => '?').join(', ')})`);
        params.push(...ids);
      } else if (filter.team === undefined) {
        throw invalidFilter('adoption events need a patternId, patternIds or team filter');
      }
      if (filter.team !== undefined) {
        conditions.push('team = ?');
        params.push(filter.team);
      }
      const rows = cachedStatement<string[], { event: string }>(
        `SELECT event FROM adoption_events WHERE ${conditions.join(' AND ')} ORDER BY seq`,
      ).all(...params);
      return rows.map((row): AdoptionEvent => decode(AdoptionEventSchema, row.event, 'adoption event'));
    },
    async countAdoptionEvents(query) {
      open();
      const row =
        query.patternId === undefined
          ? statements.countEvents.get(query.type, query.afterMs, query.throughMs)
          : statements.countPatternEvents.get(query.patternId, query.type, query.afterMs, query.throughMs);
      return row?.n ?? 0;
    },
    async patternStats(id) {
      open();
      const row = statements.stats.get(id);
      return row ? statsFromRow(row) : undefined;
    },
    async topTrending(limit) {
      open();
      return statements.trending.all(limit).map(statsFromRow);
    },
    async coAdoption(team, alsoAdopted = []) {
      open();
      const adopted = statements.adoptedBy.all(team).map((row) => row.pattern_id);
      return buildCoAdoption(adopted, alsoAdopted, (from) => {
        const rows = statements.together.all(from);
        const own = statements.stats.get(from)?.active_installs ?? 0;
        return {
          adopters: own,
          rows: rows.map((row) => ({ to: row.to_id, teams: row.teams, adopters: row.adopters ?? 0 })),
        };
      });
    },
    async appendNetworkChanges(shard, changes) {
      open();
      if (changes.length === 0) return statements.lastChange.get(shard)?.sequence ?? 0;
      const sequence = append.immediate(shard, changes);
      emit({ kind: 'network', shard, sequence });
      return sequence;
    },
    async readNetworkChanges(shard, afterSequence) {
      open();
      return statements.changesAfter
        .all(shard, afterSequence)
        .map((row) => ({ sequence: row.sequence, bytes: new Uint8Array(row.bytes) }));
    },
    async putNetworkSnapshot(shard, bytes, throughSequence) {
      open();
      statements.putSnapshot.run(shard, Buffer.from(bytes), throughSequence);
    },
    async getNetworkSnapshot(shard) {
      open();
      const row = statements.snapshot.get(shard);
      return row ? { bytes: new Uint8Array(row.bytes), throughSequence: row.through_sequence } : undefined;
    },
    async compactNetworkShards(shards, compactor) {
      open();
      if (shards.length === 0) return [];
      const result = compactShards.immediate(shards, compactor);
      scrub();
      for (const compaction of result) {
        emit({ kind: 'network-compacted', shard: compaction.shard, sequence: compaction.throughSequence });
      }
      return result;
    },
    async recordConsent(record) {
      open();
      timeOf(record.at, 'the consent time');
      privacy.insertConsent.run(
        record.pseudonym,
        record.publisher,
        record.granted ? 1 : 0,
        record.scope,
        record.at,
      );
    },
    async consentHistory(pseudonym) {
      open();
      return privacy.consentOf.all(pseudonym).map((row) => ({
        pseudonym: row.pseudonym,
        publisher: row.publisher,
        granted: row.granted === 1,
        scope: row.scope,
        at: row.at,
      }));
    },
    async recordErasure(record) {
      open();
      privacy.upsertErasure.run(
        record.pseudonym,
        record.publisher,
        record.requestedAt,
        record.purgeAfter,
        timeOf(record.purgeAfter, 'purgeAfter'),
      );
      const row = privacy.erasure.get(record.pseudonym);
      if (!row) throw new StoreError('E_NOT_FOUND', 'the erasure request was not stored');
      return erasureFromRow(row);
    },
    async getErasure(pseudonym) {
      open();
      const row = privacy.erasure.get(pseudonym);
      return row ? erasureFromRow(row) : undefined;
    },
    async pendingErasures() {
      open();
      return privacy.pending.all().map(erasureFromRow);
    },
    async markErasuresPurged(pseudonyms, at) {
      open();
      timeOf(at, 'the purge time');
      return markPurged.immediate(pseudonyms, at);
    },
    async appendAudit(entry) {
      open();
      const row = auditColumns(entry);
      const sequence = Number(
        privacy.insertAudit.run(row.at, row.atMs, row.type, row.actor, row.pseudonym, row.details)
          .lastInsertRowid,
      );
      return { ...entry, sequence };
    },
    async listAudit(query = {}) {
      open();
      const q = auditQueryOf(query);
      const conditions = ['sequence > ?'];
      const params: (string | number)[] = [q.afterSequence];
      if (q.type !== undefined) {
        conditions.push('type = ?');
        params.push(q.type);
      }
      if (q.pseudonym !== undefined) {
        conditions.push('pseudonym = ?');
        params.push(q.pseudonym);
      }
      params.push(q.limit);
      return cachedStatement<
        (string | number)[],
        {
          sequence: number;
          at: string;
          type: string;
          actor: string;
          pseudonym: string | null;
          details: string;
        }
      >(
        `SELECT sequence, at, type, actor, pseudonym, details FROM audit_events WHERE ${conditions.join(' AND ')} ORDER BY sequence LIMIT ?`,
      )
        .all(...params)
        .map(auditFromRow);
    },
    async pruneAudit(before) {
      open();
      return privacy.pruneAudit.run(timeOf(before, 'before')).changes;
    },
    async claimSecret(name, candidate) {
      open();
      checkSecretClaim(name, candidate);
      statements.claimSecret.run(name, Buffer.from(candidate));
      return new Uint8Array(statements.secret.get(name)?.secret ?? candidate);
    },
    async claimPseudonym(pseudonym, publisher) {
      open();
      const claimed = statements.claim.run(pseudonym, publisher).changes > 0;
      if (claimed) emit({ kind: 'pseudonym', pseudonym });
      return statements.owner.get(pseudonym)?.publisher ?? publisher;
    },
    async getPseudonymOwner(pseudonym) {
      open();
      return statements.owner.get(pseudonym)?.publisher;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onResync() {
      // One process owns the file: no change is ever missed.
      return () => undefined;
    },
    async readiness() {
      if (closed) return { ready: false, schema: null, expectedSchema, reason: 'the store is closed' };
      try {
        const schema = String(db.pragma('user_version', { simple: true }));
        return schema === expectedSchema
          ? { ready: true, schema, expectedSchema }
          : { ready: false, schema, expectedSchema, reason: 'the schema is not the expected one' };
      } catch (error) {
        return { ready: false, schema: null, expectedSchema, reason: (error as Error).message };
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      // Writes already accepted commit before the connection closes.
      commitReviews.flush();
      listeners.clear();
      await checkpointer?.close();
      db.close();
    },
  };
}

/**
 * Batches calls of a transaction function made in one turn of the event loop into one
 * `BEGIN IMMEDIATE` transaction (one sync), each call in a savepoint (better-sqlite3 runs a
 * nested transaction function as a savepoint): a call that throws rolls back only its own
 * writes and rejects only its own promise. The batch runs on `setImmediate`.
 */
function groupCommit<I, O>(
  db: Database.Database,
  write: (item: I) => O,
): { (item: I): Promise<O>; flush(): void } {
  type Outcome = { ok: true; value: O } | { ok: false; error: unknown };
  const all = db.transaction((items: readonly I[]): Outcome[] =>
    items.map((item): Outcome => {
      try {
        return { ok: true, value: write(item) };
      } catch (error) {
        return { ok: false, error };
      }
    }),
  );
  let queue: { item: I; resolve: (value: O) => void; reject: (error: unknown) => void }[] = [];
  const flush = () => {
    const batch = queue;
    queue = [];
    if (batch.length === 0) return;
    let outcomes: Outcome[];
    try {
      outcomes = all.immediate(batch.map((entry) => entry.item));
    } catch (error) {
      for (const entry of batch) entry.reject(error);
      return;
    }
    for (const [i, entry] of batch.entries()) {
      const outcome = outcomes[i] as Outcome;
      if (outcome.ok) entry.resolve(outcome.value);
      else entry.reject(outcome.error);
    }
  };
  const submit = (item: I) =>
    new Promise<O>((resolve, reject) => {
      if (queue.length === 0) setImmediate(flush);
      queue.push({ item, resolve, reject });
    });
  return Object.assign(submit, { flush });
}

function migrate(db: Database.Database, migrations: readonly Migration[]): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const newest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  if (current > newest) {
    throw new StoreError(
      'E_SCHEMA_TOO_NEW',
      `the database schema is version ${current}; this registry knows up to ${newest}`,
    );
  }
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      migration.after?.(db);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
}
