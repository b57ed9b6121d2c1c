import {
  type AdoptionEvent,
  AdoptionEventSchema,
  type Listing,
  PatternPackageSchema,
  parseListing,
  ReviewSchema,
} from '@pollinate/core';
import Database from 'better-sqlite3';
import semver from 'semver';
import { z } from 'zod';
import {
  type AdoptionEventFilter,
  type RegistryStore,
  type ReviewFilter,
  type StoredPattern,
  type StoredReview,
  type StoredVersion,
  type StoredVersionSummary,
  StoreError,
} from './store.js';

/** One schema migration: applied once, in order, inside a transaction; `PRAGMA user_version` records the last. */
export interface Migration {
  /** 1, 2, 3, … — never reused, never reordered. */
  version: number;
  /** What the migration does, for logs. */
  description: string;
  /** The SQL to run. */
  sql: string;
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
];

/** Options of {@link openSqliteStore}. */
export interface SqliteStoreOptions {
  /**
   * SQLite `synchronous` level. `'full'` syncs the WAL on every commit (survives power
   * loss); `'normal'` survives a process crash but may lose the last commits on power loss.
   * @default 'full'
   */
  synchronous?: 'full' | 'normal';
  /** Migrations to apply; tests may pass a prefix. @default SQLITE_MIGRATIONS */
  migrations?: readonly Migration[];
}

const ReasonsSchema = z.array(z.string());

/**
 * Opens (creating and migrating as needed) a SQLite registry store on better-sqlite3,
 * in WAL mode with foreign keys on.
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
  migrate(db, options.migrations ?? SQLITE_MIGRATIONS);

  const statements = {
    insertPattern: db.prepare('INSERT OR IGNORE INTO patterns (id, publisher) VALUES (?, ?)'),
    insertVersion: db.prepare(
      'INSERT OR IGNORE INTO versions (pattern_id, version, fingerprint, published_at, publisher, package) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    upsertTag: db.prepare(
      'INSERT INTO dist_tags (pattern_id, tag, version) VALUES (?, ?, ?) ON CONFLICT (pattern_id, tag) DO UPDATE SET version = excluded.version',
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
    latestPackages: db.prepare<[], { package: string }>(
      `SELECT v.package FROM dist_tags t JOIN versions v ON v.pattern_id = t.pattern_id AND v.version = t.version
       WHERE t.tag = 'latest' ORDER BY t.pattern_id`,
    ),
    countPatterns: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM patterns'),
    countVersions: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM versions'),
    insertReview: db.prepare(
      'INSERT OR IGNORE INTO reviews (id, pattern_id, status, reasons, review) VALUES (?, ?, ?, ?, ?)',
    ),
    insertEvent: db.prepare('INSERT INTO adoption_events (pattern_id, team, event) VALUES (?, ?, ?)'),
    networkState: db.prepare<[], { bytes: Buffer }>('SELECT bytes FROM network_state WHERE id = 1'),
    putNetworkState: db.prepare(
      'INSERT INTO network_state (id, bytes) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET bytes = excluded.bytes',
    ),
    claim: db.prepare('INSERT OR IGNORE INTO pseudonym_owners (pseudonym, publisher) VALUES (?, ?)'),
    owner: db.prepare<[string], { publisher: string }>(
      'SELECT publisher FROM pseudonym_owners WHERE pseudonym = ?',
    ),
  };

  const putVersion = db.transaction(
    (record: StoredVersion, distTag: string | undefined): 'created' | 'exists' => {
      statements.insertPattern.run(record.id, record.publisher);
      const inserted = statements.insertVersion.run(
        record.id,
        record.version,
        record.fingerprint,
        record.publishedAt,
        record.publisher,
        JSON.stringify(record.package),
      );
      if (inserted.changes === 0) return 'exists';
      if (distTag !== undefined) statements.upsertTag.run(record.id, distTag, record.version);
      return 'created';
    },
  );

  let closed = false;
  const open = () => {
    if (closed) throw new StoreError('E_STORE_CLOSED', 'the registry store is closed');
  };

  return {
    async putVersion(record, options = {}) {
      open();
      return putVersion.immediate(record, options.distTag);
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
    },
    async listLatestListings() {
      open();
      const listings: Listing[] = [];
      for (const row of statements.latestPackages.iterate()) {
        const parsed = JSON.parse(row.package) as { listing: unknown };
        listings.push(parseListing(parsed.listing));
      }
      return listings;
    },
    async count() {
      open();
      return {
        patterns: statements.countPatterns.get()?.n ?? 0,
        versions: statements.countVersions.get()?.n ?? 0,
      };
    },
    async putReview(stored) {
      open();
      const result = statements.insertReview.run(
        stored.review.id,
        stored.review.patternId,
        stored.status,
        JSON.stringify(stored.reasons),
        JSON.stringify(stored.review),
      );
      return result.changes === 0 ? 'exists' : 'created';
    },
    async listReviews(filter: ReviewFilter = {}) {
      open();
      const { where, params } = equalityFilter({ pattern_id: filter.patternId, status: filter.status });
      const rows = db
        .prepare<string[], { status: 'accepted' | 'flagged'; reasons: string; review: string }>(
          `SELECT status, reasons, review FROM reviews ${where} ORDER BY seq`,
        )
        .all(...params);
      return rows.map(
        (row): StoredReview => ({
          status: row.status,
          reasons: decode(ReasonsSchema, row.reasons, 'review reasons'),
          review: decode(ReviewSchema, row.review, 'review'),
        }),
      );
    },
    async addAdoptionEvent(event) {
      open();
      statements.insertEvent.run(event.patternId, event.team, JSON.stringify(event));
    },
    async listAdoptionEvents(filter: AdoptionEventFilter = {}) {
      open();
      const { where, params } = equalityFilter({ pattern_id: filter.patternId, team: filter.team });
      const rows = db
        .prepare<string[], { event: string }>(`SELECT event FROM adoption_events ${where} ORDER BY seq`)
        .all(...params);
      return rows.map((row): AdoptionEvent => decode(AdoptionEventSchema, row.event, 'adoption event'));
    },
    async getNetworkState() {
      open();
      const row = statements.networkState.get();
      return row ? new Uint8Array(row.bytes) : undefined;
    },
    async putNetworkState(bytes) {
      open();
      statements.putNetworkState.run(Buffer.from(bytes));
    },
    async claimPseudonym(pseudonym, publisher) {
      open();
      statements.claim.run(pseudonym, publisher);
      return statements.owner.get(pseudonym)?.publisher ?? publisher;
    },
    async getPseudonymOwner(pseudonym) {
      open();
      return statements.owner.get(pseudonym)?.publisher;
    },
    async close() {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
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
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
}

/**
 * A `WHERE` clause matching every given column to its value, with the values as bound
 * parameters; columns whose value is `undefined` are not filtered on. Column names come
 * from this file only (never from input).
 *
 * @returns `where`: `''` or `WHERE a = ? AND b = ?`; `params`: the values in that order
 */
function equalityFilter(columns: Readonly<Record<string, string | undefined>>): {
  where: string;
  params: string[];
} {
  const conditions: string[] = [];
  const params: string[] = [];
  for (const [column, value] of Object.entries(columns)) {
    if (value === undefined) continue;
    conditions.push(`${column} = ?`);
    params.push(value);
  }
  return { where: conditions.length ? `WHERE ${conditions.join(' AND ')}` : '', params };
}

function decode<S extends z.ZodType>(schema: S, json: string, what: string): z.infer<S> {
  const result = schema.safeParse(JSON.parse(json));
  if (!result.success) throw new StoreError('E_CORRUPT_RECORD', `stored ${what} does not match its schema`);
  return result.data;
}
