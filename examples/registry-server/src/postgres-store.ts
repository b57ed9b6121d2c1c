import { createHash, randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  type AdoptionEvent,
  AdoptionEventSchema,
  type Listing,
  PatternPackageSchema,
  parseListing,
  type Review,
} from '@pollinate/core';
import { LRUCache } from 'lru-cache';
import { runner } from 'node-pg-migrate';
import pg from 'pg';
import { RateLimiterPostgres } from 'rate-limiter-flexible';
import semver from 'semver';
import { z } from 'zod';
import { notificationColumns } from './catalog-store-shared.js';
import {
  type RateLimitCounter,
  type RateLimitVerdict,
  rateLimitCounterFrom,
  type WindowLimit,
} from './middleware/address-rate-limit.js';
import { notificationCtes, notificationNotify, openPostgresCatalog } from './postgres-catalog-store.js';
import { postgresTrustMethods } from './postgres-trust.js';
import {
  type NetworkCompaction,
  type PutVersionResult,
  type RegistryStore,
  type ReviewStatus,
  type StoreChange,
  type StoredReview,
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
  isNewerRelease,
  latestClause,
  newestVersions,
  patternIdsOf,
  type ReviewerAccountRow,
  reviewRowDecoder,
  type StatsRow,
  statsFromRow,
} from './store-shared.js';

/** An `erasures` row. */
interface ErasureRow {
  pseudonym: string;
  publisher: string;
  requested_at: string;
  purge_after: string;
  purged_at: string | null;
}

/** Where the PostgreSQL migrations live (SQL files run by node-pg-migrate, in name order). */
export const POSTGRES_MIGRATIONS_DIR = fileURLToPath(new URL('../migrations/postgres/', import.meta.url));

/** The table node-pg-migrate records applied migrations in. */
const MIGRATIONS_TABLE = 'pollinate_migrations';

/** Options of {@link openPostgresStore}. */
export interface PostgresStoreOptions {
  /** Most connections this store opens (node-postgres pool), plus one for the change feed. @default 10 */
  poolSize?: number;
  /** PostgreSQL `statement_timeout` of every connection, milliseconds; `0` turns it off. @default 5000 */
  statementTimeoutMs?: number;
  /**
   * The schema the registry's tables live in (created when missing); several registries,
   * or tests, can share one database in separate schemas. @default 'public'
   */
  schema?: string;
  /** Runs pending migrations on open (under a PostgreSQL advisory lock, so instances starting together take turns). @default true */
  migrate?: boolean;
  /** Reports a lost change-feed connection and its reconnection. @default console.error */
  log?: (message: string) => void;
}

/**
 * A {@link RegistryStore} on PostgreSQL, with the per-address request counters the registry's
 * instances share (see {@link PostgresRegistryStore.addressRateLimitCounter}).
 */
export interface PostgresRegistryStore extends RegistryStore {
  /**
   * A per-client-address counter shared by every instance on this database:
   * rate-limiter-flexible's `RateLimiterPostgres` (table `rate_limits`, one upsert per counted
   * request: a fixed window per key) for `consume`; `check` reads no table: the store keeps
   * the keys over their limit in memory, learns each new block from every instance through
   * the change feed (`NOTIFY`, heard within milliseconds) and reloads them when it starts and
   * after its feed reconnects. So N instances allow an address `limit.points` per window in
   * all, not N times as many, and a request with a valid token costs no database work.
   *
   * @param name - the limit's name (key prefix; `'failed-auth'`, `'anonymous'`)
   * @param limit - see {@link WindowLimit}
   * @returns a {@link RateLimitCounter}
   * @example
   * ```ts
   * const store = await openPostgresStore(url);
   * createRegistryApp({ store, addressRateLimit: { counter: store.addressRateLimitCounter } }); // the default for this store
   * ```
   */
  addressRateLimitCounter(name: string, limit: WindowLimit): RateLimitCounter;
}

/**
 * Whether a store shares per-address counters between instances (a {@link PostgresRegistryStore}).
 *
 * @param store - any registry store
 * @returns `true` when it has `addressRateLimitCounter`
 * @example
 * ```ts
 * if (sharesRateLimits(store)) store.addressRateLimitCounter('anonymous', { points: 600, durationSeconds: 60 });
 * ```
 */
export function sharesRateLimits(store: RegistryStore): store is PostgresRegistryStore {
  return typeof (store as Partial<PostgresRegistryStore>).addressRateLimitCounter === 'function';
}

/** What a store sends on its schema's channel: a change, or a new block of a client address, and which store sent it. */
type NotificationPayload =
  | { origin: string; change: StoreChange }
  | { origin: string; block: { key: string; untilMs: number } };

/** The pattern's figures as a JSON object in {@link PatternStats} shape (SQL, `f` is a `pattern_stats` row). */
const FIGURES_JSON = `json_build_object('patternId', f.pattern_id, 'reviewCount', f.review_count,
  'ratingSum', f.rating_sum, 'downloads', f.downloads, 'installs', f.installs, 'uninstalls', f.uninstalls,
  'activeInstalls', f.active_installs, 'uninstalledTeams', f.uninstalled_teams,
  'organizations', f.organizations, 'trendMass', f.trend_mass)`;

/**
 * Stores a review with every aggregate it moves and notifies the change, in one statement:
 * data-modifying CTEs run to completion whether or not they are read, and the whole
 * statement is one transaction. No row when the id is already stored (nothing changes).
 * Row locks are taken in one order (account, pattern figures, totals), as every write does.
 * $1 id, $2 pattern, $3 status, $4 reasons, $5 review JSON, $6 reviewer, $7 team, $8 rating,
 * $9 channel, $10 origin.
 */
const PUT_REVIEW_CTES = `
WITH inserted AS (
  INSERT INTO reviews (id, pattern_id, status, reasons, review) VALUES ($1, $2, $3, $4, $5)
  ON CONFLICT (id) DO NOTHING RETURNING pattern_id
), account AS (
  INSERT INTO reviewer_accounts AS a (reviewer, review_count, team) SELECT $6, 1, $7::text FROM inserted
  ON CONFLICT (reviewer) DO UPDATE SET review_count = a.review_count + 1, team = COALESCE(excluded.team, a.team)
), bumped AS (
  INSERT INTO pattern_stats AS s (pattern_id, review_count, rating_sum)
  SELECT pattern_id, 1, $8::bigint FROM inserted WHERE $3 = 'accepted'
  ON CONFLICT (pattern_id) DO UPDATE SET review_count = s.review_count + 1, rating_sum = s.rating_sum + excluded.rating_sum
  RETURNING s.*
), total AS (
  UPDATE totals SET accepted_reviews = accepted_reviews + 1 WHERE id = 1 AND EXISTS (SELECT 1 FROM bumped)
), figures AS (
  SELECT * FROM bumped
  UNION ALL
  SELECT * FROM pattern_stats WHERE pattern_id = $2 AND NOT EXISTS (SELECT 1 FROM bumped)
)`;

/** The review's `pg_notify` (channel `$9`, origin `$10`), carrying the figures as this write left them. */
const REVIEW_NOTIFY = `pg_notify($9, json_build_object('origin', $10::text, 'change',
  json_strip_nulls(json_build_object('kind', 'review', 'patternId', $2::text, 'reviewId', $1::text,
    'status', $3::text, 'stats', CASE WHEN f.pattern_id IS NULL THEN NULL ELSE ${FIGURES_JSON} END)))::text)`;

/** One statement: the review, its figures and totals, its change notice. */
const PUT_REVIEW = `${PUT_REVIEW_CTES}
SELECT f.*, ${REVIEW_NOTIFY}
FROM inserted LEFT JOIN figures f ON true`;

/** The same, and the publisher's notification (parameters from `$11`) with its webhook delivery. */
const PUT_REVIEW_NOTIFYING = `${PUT_REVIEW_CTES},
${notificationCtes(11, 'inserted')}
SELECT f.*, ${REVIEW_NOTIFY}, note.sequence AS note_sequence, queued.webhook AS note_webhook,
  ${notificationNotify('$11', '$9', '$10')}
FROM inserted LEFT JOIN figures f ON true CROSS JOIN note CROSS JOIN queued`;

/**
 * What screening a new review reads, in one round trip: the pattern's latest reviews (oldest
 * first, as one JSON array of `[status, reasons, review]`: JSON.parse reads it far faster than
 * node-postgres parses a text[] of 500 reviews), whether the reviewing team installed the pattern, and the
 * accounts of the reviewer and of those reviews' reviewers.
 */
const REVIEW_SCREENING_INPUTS = `
WITH latest AS (
  SELECT seq, status, reasons, review FROM reviews WHERE pattern_id = $1 ORDER BY seq DESC LIMIT $3
)
SELECT
  (SELECT COALESCE(json_agg(json_build_array(status, reasons, review) ORDER BY seq), '[]'::json) FROM latest) AS reviews,
  EXISTS (SELECT 1 FROM adoption_events WHERE team = $2 AND pattern_id = $1 AND type = 'install') AS installed,
  COALESCE((SELECT json_agg(json_build_object('reviewer', a.reviewer, 'review_count', a.review_count, 'team', a.team))
    FROM reviewer_accounts a
    WHERE a.reviewer IN (SELECT review::json->>'reviewer' FROM latest UNION SELECT $2::text)), '[]'::json) AS accounts`;

/**
 * The name a statement is prepared under on each pooled connection (PostgreSQL parses and
 * plans it once per connection instead of on every call): a digest of its text, so one text
 * always has one name and two texts never share one.
 */
const statementNames = new Map<string, string>();
/** Texts prepared at most; a text past it (one with a value written into it) runs unprepared. */
const MAX_PREPARED_STATEMENTS = 500;
function statementName(text: string): string | undefined {
  let name = statementNames.get(text);
  if (name === undefined) {
    if (statementNames.size >= MAX_PREPARED_STATEMENTS) return undefined;
    name = `pollinate_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    statementNames.set(text, name);
  }
  return name;
}

/** `{ name }` to prepare `text` under, or nothing (see {@link statementName}). */
function named(text: string): { name?: string } {
  const name = statementName(text);
  return name === undefined ? {} : { name };
}

const SchemaNameSchema = z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lower-case SQL identifier');
const RETRYABLE = new Set(['40001', '40P01']);

/**
 * Opens a PostgreSQL registry store on node-postgres: runs pending migrations
 * (node-pg-migrate, SQL files in {@link POSTGRES_MIGRATIONS_DIR}), then serves every
 * {@link RegistryStore} call from a connection pool. Any number of registry processes may
 * open the same database: every write commits with a `NOTIFY` on the schema's channel and
 * each store `LISTEN`s on a connection of its own, so every instance's listeners hear
 * every change (the change feed) without polling.
 *
 * @param url - a `postgres://` or `postgresql://` connection URL
 * @param options - see {@link PostgresStoreOptions}
 * @returns the store, once migrations ran and the change feed listens
 * @throws {StoreError} `E_STORE_UNAVAILABLE` when the database cannot be reached or migrated
 * @example
 * ```ts
 * const store = await openPostgresStore('postgres://registry@db.internal:5432/registry', { poolSize: 20 });
 * ```
 */
export async function openPostgresStore(
  url: string,
  options: PostgresStoreOptions = {},
): Promise<PostgresRegistryStore> {
  const schema = options.schema === undefined ? 'public' : SchemaNameSchema.parse(options.schema);
  const statementTimeout = options.statementTimeoutMs ?? 5_000;
  const log = options.log ?? ((message: string) => console.error(message));
  const connection = {
    connectionString: url,
    application_name: 'pollinate-registry',
    options: `-c search_path=${schema}`,
    ...(statementTimeout > 0 ? { statement_timeout: statementTimeout } : {}),
  };
  const channel = `pollinate_changes_${schema}`;
  const expectedSchema = newestMigration();

  if (options.migrate !== false) {
    const client = new pg.Client({ connectionString: url, application_name: 'pollinate-registry-migrate' });
    try {
      await client.connect();
      // One instance at a time from here: concurrent CREATE SCHEMA IF NOT EXISTS can race
      // in PostgreSQL, and migrations must run once. The session lock ends with the connection.
      await client.query('SELECT pg_advisory_lock($1)', [lockValueOf(schema)]);
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${client.escapeIdentifier(schema)}`);
      await runner({
        dbClient: client,
        dir: POSTGRES_MIGRATIONS_DIR,
        direction: 'up',
        migrationsTable: MIGRATIONS_TABLE,
        schema,
        count: Number.POSITIVE_INFINITY,
        checkOrder: true,
        singleTransaction: true,
        noLock: true,
        log: () => undefined,
      });
      await client.query('SELECT pg_advisory_unlock($1)', [lockValueOf(schema)]);
    } catch (error) {
      throw new StoreError(
        'E_STORE_UNAVAILABLE',
        `cannot migrate the PostgreSQL database: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  const pool = new pg.Pool({ ...connection, max: options.poolSize ?? 10 });
  // An idle client that loses its connection emits here; the pool replaces it.
  pool.on('error', (error) => log(`registry store: idle connection lost: ${error.message}`));

  const listeners = new Set<(change: StoreChange) => void>();
  const resyncListeners = new Set<() => void>();
  // Names this store in its notifications: its own changes reach its listeners when the
  // write commits (before the write resolves), so their echo from the server is skipped.
  const origin = randomUUID();
  const emit = (change: StoreChange) => {
    for (const listener of listeners) listener(change);
  };
  // Client addresses over a shared limit: '<limit name>:<address>' → end of the block, epoch ms.
  const blocks = new Map<string, number>();
  const noteBlock = (key: string, untilMs: number) => {
    if ((blocks.get(key) ?? 0) >= untilMs) return;
    if (blocks.size >= 100_000) {
      const nowMs = Date.now();
      for (const [other, until] of blocks) if (until <= nowMs) blocks.delete(other);
    }
    blocks.set(key, untilMs);
  };
  // The blocks of each shared limit, reloaded when the change feed may have missed some.
  const blockLoaders = new Set<() => Promise<void>>();
  resyncListeners.add(() => {
    for (const load of blockLoaders) load().catch((error: Error) => log(`registry store: ${error.message}`));
  });
  let closed = false;
  let feed: pg.Client | undefined;
  let reconnectDelay = 100;
  let reconnectTimer: NodeJS.Timeout | undefined;

  const listen = async (): Promise<void> => {
    const client = new pg.Client(connection);
    client.on('notification', (message) => {
      if (message.channel !== channel || !message.payload) return;
      let change: StoreChange;
      try {
        const payload = JSON.parse(message.payload) as NotificationPayload | StoreChange;
        if ('origin' in payload) {
          if (payload.origin === origin) return;
          if ('block' in payload) {
            noteBlock(payload.block.key, payload.block.untilMs);
            return;
          }
          change = payload.change;
        } else change = payload; // an instance of an older version: no origin
      } catch {
        return;
      }
      emit(change);
    });
    const lost = (error?: Error) => {
      if (closed || feed !== client) return;
      feed = undefined;
      client.end().catch(() => undefined);
      log(`registry store: change feed lost (${error?.message ?? 'connection ended'}); reconnecting`);
      reconnectTimer = setTimeout(reconnect, reconnectDelay);
      reconnectDelay = Math.min(reconnectDelay * 2, 5_000);
    };
    client.on('error', lost);
    client.on('end', () => lost());
    await client.connect();
    await client.query(`LISTEN ${client.escapeIdentifier(channel)}`);
    feed = client;
  };
  const reconnect = () => {
    reconnectTimer = undefined;
    if (closed) return;
    listen().then(
      () => {
        reconnectDelay = 100;
        // Changes committed while the feed was down were not heard: caches rebuild.
        for (const listener of resyncListeners) listener();
      },
      (error: Error) => {
        log(`registry store: change feed reconnect failed (${error.message})`);
        reconnectTimer = setTimeout(reconnect, reconnectDelay);
        reconnectDelay = Math.min(reconnectDelay * 2, 5_000);
      },
    );
  };
  try {
    await listen();
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new StoreError(
      'E_STORE_UNAVAILABLE',
      `cannot reach the PostgreSQL database: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }

  const reviewFromRow = reviewRowDecoder();
  const open = () => {
    if (closed) throw new StoreError('E_STORE_CLOSED', 'the registry store is closed');
  };
  const query = async <R extends pg.QueryResultRow>(text: string, values: unknown[] = []) => {
    open();
    return (await pool.query<R>({ ...named(text), text, values })).rows;
  };
  /** Runs `work` in one transaction (retried on serialization failure or deadlock), notifying `change` on commit. */
  const transaction = async <T>(
    work: (client: pg.PoolClient) => Promise<{ result: T; change?: StoreChange }>,
  ): Promise<T> => {
    open();
    for (let attempt = 1; ; attempt++) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const { result, change } = await work(client);
        if (change) await client.query('SELECT pg_notify($1, $2)', [channel, notification(change)]);
        await client.query('COMMIT');
        if (change) emit(change);
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollback: Error) => {
          broken = rollback;
        });
        const code = (error as { code?: string }).code;
        if (attempt < 5 && code !== undefined && RETRYABLE.has(code)) continue;
        throw error;
      } finally {
        client.release(broken);
      }
    }
  };

  const catalog = openPostgresCatalog({ query, transaction, channel, origin, emit });
  const notification = (change: StoreChange) =>
    JSON.stringify({ origin, change } satisfies NotificationPayload);
  const parsedListings = new LRUCache<string, Listing>({ max: 2048 });
  const overlay = (row: { package: string } & Record<string, unknown>): Listing => {
    const parsed = JSON.parse(row.package) as { listing: unknown };
    const stats = row.pattern_id
      ? statsFromRow(row as unknown as Parameters<typeof statsFromRow>[0])
      : undefined;
    return withCurrentFigures(parseListing(parsed.listing), stats);
  };
  const bumpTotals = (
    client: pg.PoolClient,
    delta: { patterns?: number; versions?: number; reviews?: number; events?: number },
  ) =>
    client.query(
      `UPDATE totals SET patterns = patterns + $1, versions = versions + $2,
         accepted_reviews = accepted_reviews + $3, adoption_events = adoption_events + $4 WHERE id = 1`,
      [delta.patterns ?? 0, delta.versions ?? 0, delta.reviews ?? 0, delta.events ?? 0],
    );
  const bumpStats = (client: pg.PoolClient, id: string, d: Partial<Record<string, number>>) =>
    client.query(
      `INSERT INTO pattern_stats AS s (pattern_id, review_count, rating_sum, downloads, installs, uninstalls,
         active_installs, uninstalled_teams, organizations, trend_mass)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (pattern_id) DO UPDATE SET
         review_count = s.review_count + excluded.review_count, rating_sum = s.rating_sum + excluded.rating_sum,
         downloads = s.downloads + excluded.downloads, installs = s.installs + excluded.installs,
         uninstalls = s.uninstalls + excluded.uninstalls, active_installs = s.active_installs + excluded.active_installs,
         uninstalled_teams = s.uninstalled_teams + excluded.uninstalled_teams,
         organizations = s.organizations + excluded.organizations, trend_mass = s.trend_mass + excluded.trend_mass
       RETURNING s.*`,
      [
        id,
        d.reviews ?? 0,
        d.rating ?? 0,
        d.downloads ?? 0,
        d.installs ?? 0,
        d.uninstalls ?? 0,
        d.active ?? 0,
        d.uninstalled ?? 0,
        d.organizations ?? 0,
        d.mass ?? 0,
      ],
    );

  const { onVersionStored: _hook, ...catalogMethods } = catalog;

  return {
    ...catalogMethods,
    ...postgresTrustMethods({ query, transaction }),
    async putVersion(record, options = {}) {
      return transaction(async (client) => {
        const created = await client.query(
          'INSERT INTO patterns (id, publisher) VALUES ($1, $2) ON CONFLICT DO NOTHING',
          [record.id, record.publisher],
        );
        // Publishes of one pattern take turns from here to commit: the latest check below is a compare-and-set.
        await client.query('SELECT 1 FROM patterns WHERE id = $1 FOR UPDATE', [record.id]);
        const inserted = await client.query(
          `INSERT INTO versions (pattern_id, version, fingerprint, published_at, publisher, package)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
          [
            record.id,
            record.version,
            record.fingerprint,
            record.publishedAt,
            record.publisher,
            JSON.stringify(record.package),
          ],
        );
        if (inserted.rowCount === 0)
          return { result: { status: 'exists', distTags: [] } as PutVersionResult };
        const tags: string[] = [];
        if (options.distTag !== undefined) tags.push(options.distTag);
        else if (options.advanceLatest) {
          const current = await client.query<{ version: string }>(
            `SELECT version FROM dist_tags WHERE pattern_id = $1 AND tag = 'latest'`,
            [record.id],
          );
          if (isNewerRelease(record.version, current.rows[0]?.version)) tags.push('latest');
        }
        for (const tag of tags) {
          await client.query(
            `INSERT INTO dist_tags (pattern_id, tag, version) VALUES ($1, $2, $3)
             ON CONFLICT (pattern_id, tag) DO UPDATE SET version = excluded.version`,
            [record.id, tag, record.version],
          );
        }
        await bumpTotals(client, { patterns: created.rowCount ?? 0, versions: 1 });
        await catalog.onVersionStored(client, record);
        return {
          result: { status: 'created', distTags: tags } as PutVersionResult,
          change: { kind: 'version', patternId: record.id, version: record.version, distTags: tags },
        };
      });
    },
    async getPattern(id) {
      const rows = await query<{
        publisher: string;
        version: string | null;
        fingerprint: string;
        published_at: string;
      }>(
        `SELECT p.publisher, v.version, v.fingerprint, v.published_at FROM patterns p
         LEFT JOIN versions v ON v.pattern_id = p.id WHERE p.id = $1`,
        [id],
      );
      const first = rows[0];
      if (!first) return undefined;
      const tags = await query<{ tag: string; version: string }>(
        'SELECT tag, version FROM dist_tags WHERE pattern_id = $1 ORDER BY tag',
        [id],
      );
      const versions: StoredVersionSummary[] = rows
        .filter((row) => row.version !== null)
        .map((row) => ({
          version: row.version as string,
          fingerprint: row.fingerprint,
          publishedAt: row.published_at,
        }))
        .sort((a, b) => semver.compare(a.version, b.version));
      const distTags: Record<string, string> = Object.create(null);
      for (const tag of tags) distTags[tag.tag] = tag.version;
      return { id, publisher: first.publisher, distTags: { ...distTags }, versions };
    },
    async getVersion(id, version) {
      const [row] = await query<{
        fingerprint: string;
        published_at: string;
        publisher: string;
        package: string;
      }>(
        'SELECT fingerprint, published_at, publisher, package FROM versions WHERE pattern_id = $1 AND version = $2',
        [id, version],
      );
      if (!row) return undefined;
      return {
        id,
        version,
        publisher: row.publisher,
        fingerprint: row.fingerprint,
        publishedAt: row.published_at,
        package: decode(PatternPackageSchema, row.package, `${id}@${version}`),
      };
    },
    async setDistTag(id, tag, version) {
      await transaction(async (client) => {
        const found = await client.query('SELECT 1 FROM versions WHERE pattern_id = $1 AND version = $2', [
          id,
          version,
        ]);
        if (found.rowCount === 0) throw new StoreError('E_NOT_FOUND', `${id}@${version} is not stored`);
        await client.query(
          `INSERT INTO dist_tags (pattern_id, tag, version) VALUES ($1, $2, $3)
           ON CONFLICT (pattern_id, tag) DO UPDATE SET version = excluded.version`,
          [id, tag, version],
        );
        return { result: undefined, change: { kind: 'dist-tag', patternId: id, tag, version } };
      });
    },
    async listLatestListings() {
      const rows = await query<{ package: string }>(
        `SELECT v.package, s.* FROM dist_tags t
         JOIN versions v ON v.pattern_id = t.pattern_id AND v.version = t.version
         LEFT JOIN pattern_stats s ON s.pattern_id = t.pattern_id
         WHERE t.tag = 'latest' ORDER BY t.pattern_id COLLATE "C"`,
      );
      return rows.map(overlay);
    },
    async listListingsWithoutLatest() {
      const rows = await query<{ pattern_id: string; version: string }>(
        `SELECT v.pattern_id, v.version FROM patterns p
         JOIN versions v ON v.pattern_id = p.id
         WHERE NOT EXISTS (SELECT 1 FROM dist_tags t WHERE t.pattern_id = p.id AND t.tag = 'latest')`,
      );
      const listings: Listing[] = [];
      for (const { id, version } of newestVersions(rows)) {
        const [row] = await query<{ package: string }>(
          'SELECT package FROM versions WHERE pattern_id = $1 AND version = $2',
          [id, version],
        );
        if (row) listings.push(decode(PatternPackageSchema, row.package, `${id}@${version}`).listing);
      }
      return listings;
    },
    async getLatestListing(id) {
      const [row] = await query<{ package: string; version: string } & Record<string, unknown>>(
        `SELECT v.package, v.version, s.* FROM dist_tags t
         JOIN versions v ON v.pattern_id = t.pattern_id AND v.version = t.version
         LEFT JOIN pattern_stats s ON s.pattern_id = t.pattern_id
         WHERE t.tag = 'latest' AND t.pattern_id = $1`,
        [id],
      );
      if (!row) return undefined;
      // A stored version never changes: its parsed listing is reused (a review or an
      // adoption re-reads the pattern's figures, not its package).
      const key = `${id}@${row.version}`;
      let listing = parsedListings.get(key);
      if (!listing) {
        listing = parseListing((JSON.parse(row.package) as { listing: unknown }).listing);
        parsedListings.set(key, listing);
      }
      const stats = row.pattern_id
        ? statsFromRow(row as unknown as Parameters<typeof statsFromRow>[0])
        : undefined;
      return withCurrentFigures(listing, stats);
    },
    async totals() {
      const [row] = await query<Record<string, string>>('SELECT * FROM totals WHERE id = 1');
      return {
        patterns: Number(row?.patterns ?? 0),
        versions: Number(row?.versions ?? 0),
        acceptedReviews: Number(row?.accepted_reviews ?? 0),
        adoptionEvents: Number(row?.adoption_events ?? 0),
      };
    },
    async count() {
      const [row] = await query<Record<string, string>>('SELECT patterns, versions FROM totals WHERE id = 1');
      return { patterns: Number(row?.patterns ?? 0), versions: Number(row?.versions ?? 0) };
    },
    async putReview(stored, options = {}) {
      const review: Review = stored.review;
      const notification = options.notification;
      const text = notification ? PUT_REVIEW_NOTIFYING : PUT_REVIEW;
      open();
      // One statement (its own transaction): the review, the reviewer's account, the
      // pattern's figures and the totals, and the notification carrying the figures as this
      // write left them. One round trip per review instead of seven.
      for (let attempt = 1; ; attempt++) {
        try {
          const { rows } = await pool.query<StatsRow & { note_sequence?: string; note_webhook?: boolean }>({
            ...named(text),
            text,
            values: [
              review.id,
              review.patternId,
              stored.status,
              JSON.stringify(stored.reasons),
              JSON.stringify(review),
              review.reviewer,
              review.reviewerTeam ?? null,
              review.rating,
              channel,
              origin,
              ...(notification
                ? [...notificationColumns(notification), Date.parse(notification.createdAt)]
                : []),
            ],
          });
          const row = rows[0];
          if (!row) return 'exists';
          emit({
            kind: 'review',
            patternId: review.patternId,
            reviewId: review.id,
            status: stored.status,
            ...(row.pattern_id ? { stats: statsFromRow(row) } : {}),
          });
          if (notification && row.note_sequence !== undefined) {
            emit({
              kind: 'notification',
              publisher: notification.publisher,
              sequence: Number(row.note_sequence),
              webhook: row.note_webhook === true,
            });
          }
          return 'created';
        } catch (error) {
          const code = (error as { code?: string }).code;
          if (attempt < 5 && code !== undefined && RETRYABLE.has(code)) continue;
          throw error;
        }
      }
    },
    async getReview(id) {
      const [row] = await query<{ status: ReviewStatus; reasons: string; review: string }>(
        'SELECT status, reasons, review FROM reviews WHERE id = $1',
        [id],
      );
      return row ? reviewFromRow(row) : undefined;
    },
    async listReviews(filter) {
      const ids = patternIdsOf(filter);
      const order = latestClause(filter.latest);
      const rows = await query<{ status: ReviewStatus; reasons: string; review: string }>(
        `SELECT status, reasons, review FROM reviews WHERE pattern_id = ANY($1::text[])
         ${filter.status === undefined ? '' : 'AND status = $2'} ${order.sql}`,
        filter.status === undefined ? [ids] : [ids, filter.status],
      );
      if (order.reverse) rows.reverse();
      return rows.map(reviewFromRow);
    },
    async reviewerAccounts(reviewers) {
      if (reviewers.length === 0) return new Map();
      return accountsFromRows(
        await query<ReviewerAccountRow>(
          'SELECT reviewer, review_count, team FROM reviewer_accounts WHERE reviewer = ANY($1::text[])',
          [[...new Set(reviewers)]],
        ),
      );
    },
    async reviewScreeningInputs({ patternId, reviewer, latest }) {
      // Validates `latest` (a whole number ≥ 1) before it reaches the statement.
      latestClause(latest);
      const [row] = await query<{
        reviews: [ReviewStatus, string, string][];
        installed: boolean;
        accounts: ReviewerAccountRow[];
      }>(REVIEW_SCREENING_INPUTS, [patternId, reviewer, latest]);
      const reviews: StoredReview[] = (row?.reviews ?? []).map(([status, reasons, review]) =>
        reviewFromRow({ status, reasons, review }),
      );
      return { reviews, installed: row?.installed === true, accounts: accountsFromRows(row?.accounts ?? []) };
    },
    async addAdoptionEvent(event: AdoptionEvent, options = {}) {
      const atMs = Date.parse(event.at);
      const key = options.idempotencyKey ?? null;
      return transaction<{ status: 'created' | 'exists'; event: AdoptionEvent }>(async (client) => {
        // One team's adoption changes take turns: co-adoption reads the team's other patterns.
        await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 7))', [`team:${event.team}`]);
        const inserted = await client.query(
          `INSERT INTO adoption_events (pattern_id, team, type, at_ms, event, idempotency_key)
           VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (team, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING`,
          [event.patternId, event.team, event.type, atMs, JSON.stringify(event), key],
        );
        if (inserted.rowCount === 0) {
          const existing = await client.query<{ event: string }>(
            'SELECT event FROM adoption_events WHERE team = $1 AND idempotency_key = $2',
            [event.team, key],
          );
          const stored = existing.rows[0];
          if (stored) {
            return {
              result: {
                status: 'exists' as const,
                event: decode(AdoptionEventSchema, stored.event, 'adoption event'),
              },
            };
          }
        }
        const previous = await client.query<{ state: string; at_ms: string | null }>(
          'SELECT state, at_ms FROM team_patterns WHERE team = $1 AND pattern_id = $2',
          [event.team, event.patternId],
        );
        const row = previous.rows[0];
        const before = row?.state ?? 'none';
        const rowAt = row?.at_ms == null ? null : Number(row.at_ms);
        const wins = event.type !== 'download' && (rowAt === null || atMs >= rowAt);
        const after = wins ? (event.type === 'install' ? 'installed' : 'uninstalled') : before;
        const delta: Record<string, number> = { mass: trendingMass(event.type, atMs) };
        if (event.type === 'download') delta.downloads = 1;
        else if (event.type === 'install') delta.installs = 1;
        else delta.uninstalls = 1;
        if (!row) delta.organizations = 1;
        const others = `SELECT pattern_id FROM team_patterns WHERE team = $1 AND state = 'installed' AND pattern_id <> $2`;
        if (before !== 'installed' && after === 'installed') {
          await client.query(
            `INSERT INTO co_adoption AS c (from_id, to_id, teams)
             SELECT f, t, 1 FROM (SELECT $2::text AS f, pattern_id AS t FROM (${others}) a
                                  UNION ALL SELECT pattern_id, $2::text FROM (${others}) b) pairs
             ORDER BY f, t
             ON CONFLICT (from_id, to_id) DO UPDATE SET teams = c.teams + 1`,
            [event.team, event.patternId],
          );
          delta.active = 1;
        } else if (before === 'installed' && after !== 'installed') {
          await client.query(
            `UPDATE co_adoption SET teams = teams - 1 WHERE (from_id, to_id) IN (
               SELECT $2::text, pattern_id FROM (${others}) a UNION ALL SELECT pattern_id, $2::text FROM (${others}) b)`,
            [event.team, event.patternId],
          );
          delta.active = -1;
        }
        if (before === 'uninstalled' && after !== 'uninstalled') delta.uninstalled = -1;
        if (before !== 'uninstalled' && after === 'uninstalled') delta.uninstalled = 1;
        if (!row || wins) {
          await client.query(
            `INSERT INTO team_patterns (team, pattern_id, state, at_ms) VALUES ($1, $2, $3, $4)
             ON CONFLICT (team, pattern_id) DO UPDATE SET state = excluded.state, at_ms = excluded.at_ms`,
            [event.team, event.patternId, after, wins ? atMs : null],
          );
        }
        const bumped = await bumpStats(client, event.patternId, delta);
        await bumpTotals(client, { events: 1 });
        const stats = bumped.rows[0] as StatsRow | undefined;
        return {
          result: { status: 'created' as const, event },
          change: {
            kind: 'adoption',
            patternId: event.patternId,
            team: event.team,
            ...(stats ? { stats: statsFromRow(stats) } : {}),
          },
        };
      });
    },
    async listAdoptionEvents(filter) {
      const conditions: string[] = [];
      const values: unknown[] = [];
      if (filter.patternId !== undefined || filter.patternIds !== undefined) {
        values.push(patternIdsOf(filter));
        conditions.push(`pattern_id = ANY($${values.length}::text[])`);
      } else if (filter.team === undefined) {
        throw new StoreError(
          'E_INVALID_FILTER',
          'adoption events need a patternId, patternIds or team filter',
        );
      }
      if (filter.team !== undefined) {
        values.push(filter.team);
        conditions.push(`team = $${values.length}`);
      }
      const rows = await query<{ event: string }>(
        `SELECT event FROM adoption_events WHERE ${conditions.join(' AND ')} ORDER BY seq`,
        values,
      );
      return rows.map((row) => decode(AdoptionEventSchema, row.event, 'adoption event'));
    },
    async countAdoptionEvents(q) {
      const [row] =
        q.patternId === undefined
          ? await query<{ n: string }>(
              'SELECT COUNT(*) AS n FROM adoption_events WHERE type = $1 AND at_ms > $2 AND at_ms <= $3',
              [q.type, q.afterMs, q.throughMs],
            )
          : await query<{ n: string }>(
              'SELECT COUNT(*) AS n FROM adoption_events WHERE pattern_id = $1 AND type = $2 AND at_ms > $3 AND at_ms <= $4',
              [q.patternId, q.type, q.afterMs, q.throughMs],
            );
      return Number(row?.n ?? 0);
    },
    async patternStats(id) {
      const [row] = await query('SELECT * FROM pattern_stats WHERE pattern_id = $1', [id]);
      return row ? statsFromRow(row as Parameters<typeof statsFromRow>[0]) : undefined;
    },
    async topTrending(limit) {
      const rows = await query(
        'SELECT * FROM pattern_stats WHERE trend_mass > 0 ORDER BY trend_mass DESC, pattern_id COLLATE "C" LIMIT $1',
        [limit],
      );
      return rows.map((row) => statsFromRow(row as Parameters<typeof statsFromRow>[0]));
    },
    async coAdoption(team, alsoAdopted = []) {
      const adopted = (
        await query<{ pattern_id: string }>(
          `SELECT pattern_id FROM team_patterns WHERE team = $1 AND state = 'installed' ORDER BY pattern_id COLLATE "C"`,
          [team],
        )
      ).map((row) => row.pattern_id);
      const sources = [...new Set([...adopted, ...alsoAdopted])];
      const rows = await query<{
        from_id: string;
        to_id: string;
        teams: string;
        adopters: string | null;
        own: string | null;
      }>(
        `SELECT c.from_id, c.to_id, c.teams, s.active_installs AS adopters, f.active_installs AS own
         FROM co_adoption c
         LEFT JOIN pattern_stats s ON s.pattern_id = c.to_id
         LEFT JOIN pattern_stats f ON f.pattern_id = c.from_id
         WHERE c.from_id = ANY($1::text[]) AND c.teams > 0`,
        [sources],
      );
      const bySource = new Map<
        string,
        { adopters: number; rows: { to: string; teams: number; adopters: number }[] }
      >();
      for (const row of rows) {
        const entry = bySource.get(row.from_id) ?? { adopters: Number(row.own ?? 0), rows: [] };
        entry.rows.push({ to: row.to_id, teams: Number(row.teams), adopters: Number(row.adopters ?? 0) });
        bySource.set(row.from_id, entry);
      }
      return buildCoAdoption(adopted, alsoAdopted, (from) => bySource.get(from) ?? { adopters: 0, rows: [] });
    },
    async appendNetworkChanges(shard, changes) {
      if (changes.length === 0) {
        const [row] = await query<{ sequence: string | null }>(
          'SELECT MAX(sequence) AS sequence FROM network_changes WHERE shard = $1',
          [shard],
        );
        return Number(row?.sequence ?? 0);
      }
      return transaction(async (client) => {
        const inserted = await client.query<{ sequence: string }>(
          `INSERT INTO network_changes (shard, bytes)
           SELECT $1, bytes FROM unnest($2::bytea[]) WITH ORDINALITY AS c(bytes, n) ORDER BY n
           RETURNING sequence`,
          [shard, changes.map((bytes) => Buffer.from(bytes))],
        );
        const sequence = Math.max(...inserted.rows.map((row) => Number(row.sequence)));
        return { result: sequence, change: { kind: 'network', shard, sequence } };
      });
    },
    async readNetworkChanges(shard, afterSequence) {
      const rows = await query<{ sequence: string; bytes: Buffer }>(
        'SELECT sequence, bytes FROM network_changes WHERE shard = $1 AND sequence > $2 ORDER BY sequence',
        [shard, afterSequence],
      );
      return rows.map((row) => ({ sequence: Number(row.sequence), bytes: new Uint8Array(row.bytes) }));
    },
    async putNetworkSnapshot(shard, bytes, throughSequence) {
      await query(
        `INSERT INTO network_snapshots AS n (shard, bytes, through_sequence) VALUES ($1, $2, $3)
         ON CONFLICT (shard) DO UPDATE SET bytes = excluded.bytes, through_sequence = excluded.through_sequence
         WHERE excluded.through_sequence >= n.through_sequence`,
        [shard, Buffer.from(bytes), throughSequence],
      );
    },
    async getNetworkSnapshot(shard) {
      const [row] = await query<{ bytes: Buffer; through_sequence: string }>(
        'SELECT bytes, through_sequence FROM network_snapshots WHERE shard = $1',
        [shard],
      );
      return row
        ? { bytes: new Uint8Array(row.bytes), throughSequence: Number(row.through_sequence) }
        : undefined;
    },
    async compactNetworkShards(shards, compactor) {
      const unique = [...new Set(shards)];
      if (unique.length === 0) return [];
      return transaction(async (client) => {
        await client.query('SET LOCAL statement_timeout = 0');
        // Appends and reads wait from here to the commit: every row is in what the compactor sees.
        await client.query('LOCK TABLE network_changes, network_snapshots IN ACCESS EXCLUSIVE MODE');
        const compactions: NetworkCompaction[] = [];
        const snapshots: { shard: string; bytes: Buffer; throughSequence: number }[] = [];
        for (const shard of unique) {
          const snapshot = await client.query<{ bytes: Buffer; through_sequence: string }>(
            'SELECT bytes, through_sequence FROM network_snapshots WHERE shard = $1',
            [shard],
          );
          const rows = await client.query<{ sequence: string; bytes: Buffer }>(
            'SELECT sequence, bytes FROM network_changes WHERE shard = $1 ORDER BY sequence',
            [shard],
          );
          const held = snapshot.rows[0];
          const changes = rows.rows.map((row) => ({
            sequence: Number(row.sequence),
            bytes: new Uint8Array(row.bytes),
          }));
          const bytes = compactor(shard, {
            ...(held
              ? {
                  snapshot: {
                    bytes: new Uint8Array(held.bytes),
                    throughSequence: Number(held.through_sequence),
                  },
                }
              : {}),
            changes,
          });
          const throughSequence = Math.max(
            Number(held?.through_sequence ?? 0),
            changes.at(-1)?.sequence ?? 0,
          );
          snapshots.push({ shard, bytes: Buffer.from(bytes), throughSequence });
          compactions.push({ shard, throughSequence, removedChanges: changes.length });
        }
        // A DELETE leaves the old row versions in the table files until a vacuum may drop
        // them, which an open snapshot anywhere in the cluster postpones. TRUNCATE gives the
        // tables new, empty files at commit (the old ones are unlinked); the rows that stay
        // are copied back.
        await client.query(
          `CREATE TEMPORARY TABLE kept_changes ON COMMIT DROP AS
             SELECT sequence, shard, bytes FROM network_changes WHERE NOT (shard = ANY($1::text[]))`,
          [unique],
        );
        await client.query(
          `CREATE TEMPORARY TABLE kept_snapshots ON COMMIT DROP AS
             SELECT shard, bytes, through_sequence FROM network_snapshots WHERE NOT (shard = ANY($1::text[]))`,
          [unique],
        );
        await client.query('TRUNCATE network_changes, network_snapshots');
        await client.query(
          'INSERT INTO network_changes (sequence, shard, bytes) SELECT sequence, shard, bytes FROM kept_changes ORDER BY sequence',
        );
        await client.query(
          'INSERT INTO network_snapshots SELECT shard, bytes, through_sequence FROM kept_snapshots',
        );
        for (const snapshot of snapshots) {
          await client.query(
            'INSERT INTO network_snapshots (shard, bytes, through_sequence) VALUES ($1, $2, $3)',
            [snapshot.shard, snapshot.bytes, snapshot.throughSequence],
          );
        }
        for (const compaction of compactions) {
          await client.query('SELECT pg_notify($1, $2)', [
            channel,
            JSON.stringify({
              kind: 'network-compacted',
              shard: compaction.shard,
              sequence: compaction.throughSequence,
            }),
          ]);
        }
        return { result: compactions };
      });
    },
    async recordConsent(record) {
      timeOf(record.at, 'the consent time');
      await query(
        'INSERT INTO consent_events (pseudonym, publisher, granted, scope, at) VALUES ($1, $2, $3, $4, $5)',
        [record.pseudonym, record.publisher, record.granted, record.scope, record.at],
      );
    },
    async consentHistory(pseudonym) {
      const rows = await query<{
        pseudonym: string;
        publisher: string;
        granted: boolean;
        scope: string;
        at: string;
      }>(
        'SELECT pseudonym, publisher, granted, scope, at FROM consent_events WHERE pseudonym = $1 ORDER BY sequence',
        [pseudonym],
      );
      return rows.map((row) => ({ ...row }));
    },
    async recordErasure(record) {
      const [row] = await query<ErasureRow>(
        `INSERT INTO erasures AS e (pseudonym, publisher, requested_at, purge_after, purge_after_ms, purged_at)
         VALUES ($1, $2, $3, $4, $5, NULL)
         ON CONFLICT (pseudonym) DO UPDATE SET publisher = excluded.publisher, requested_at = excluded.requested_at,
           purge_after = excluded.purge_after, purge_after_ms = excluded.purge_after_ms, purged_at = NULL
         WHERE e.purged_at IS NOT NULL
         RETURNING pseudonym, publisher, requested_at, purge_after, purged_at`,
        [
          record.pseudonym,
          record.publisher,
          record.requestedAt,
          record.purgeAfter,
          timeOf(record.purgeAfter, 'purgeAfter'),
        ],
      );
      if (row) return erasureFromRow(row);
      const [held] = await query<ErasureRow>(
        'SELECT pseudonym, publisher, requested_at, purge_after, purged_at FROM erasures WHERE pseudonym = $1',
        [record.pseudonym],
      );
      const stored = held ? erasureFromRow(held) : undefined;
      if (!stored) throw new StoreError('E_NOT_FOUND', 'the erasure request was not stored');
      return stored;
    },
    async getErasure(pseudonym) {
      const [row] = await query<ErasureRow>(
        'SELECT pseudonym, publisher, requested_at, purge_after, purged_at FROM erasures WHERE pseudonym = $1',
        [pseudonym],
      );
      return row ? erasureFromRow(row) : undefined;
    },
    async pendingErasures() {
      const rows = await query<ErasureRow>(
        `SELECT pseudonym, publisher, requested_at, purge_after, purged_at FROM erasures
         WHERE purged_at IS NULL ORDER BY purge_after_ms, pseudonym COLLATE "C"`,
      );
      return rows.map(erasureFromRow);
    },
    async markErasuresPurged(pseudonyms, at) {
      timeOf(at, 'the purge time');
      if (pseudonyms.length === 0) return 0;
      return transaction(async (client) => {
        const updated = await client.query(
          'UPDATE erasures SET purged_at = $1 WHERE pseudonym = ANY($2::text[]) AND purged_at IS NULL',
          [at, [...new Set(pseudonyms)]],
        );
        return { result: updated.rowCount ?? 0 };
      });
    },
    async appendAudit(entry) {
      const row = auditColumns(entry);
      const [inserted] = await query<{ sequence: string }>(
        `INSERT INTO audit_events (at, at_ms, type, actor, pseudonym, details) VALUES ($1, $2, $3, $4, $5, $6)
         RETURNING sequence`,
        [row.at, row.atMs, row.type, row.actor, row.pseudonym, row.details],
      );
      return { ...entry, sequence: Number(inserted?.sequence) };
    },
    async listAudit(auditQuery = {}) {
      const q = auditQueryOf(auditQuery);
      const conditions = ['sequence > $1'];
      const values: unknown[] = [q.afterSequence];
      if (q.type !== undefined) {
        values.push(q.type);
        conditions.push(`type = $${values.length}`);
      }
      if (q.pseudonym !== undefined) {
        values.push(q.pseudonym);
        conditions.push(`pseudonym = $${values.length}`);
      }
      values.push(q.limit);
      const rows = await query<{
        sequence: string;
        at: string;
        type: string;
        actor: string;
        pseudonym: string | null;
        details: string;
      }>(
        `SELECT sequence, at, type, actor, pseudonym, details FROM audit_events
         WHERE ${conditions.join(' AND ')} ORDER BY sequence LIMIT $${values.length}`,
        values,
      );
      return rows.map(auditFromRow);
    },
    async pruneAudit(before) {
      const ms = timeOf(before, 'before');
      return transaction(async (client) => {
        const deleted = await client.query('DELETE FROM audit_events WHERE at_ms < $1', [ms]);
        return { result: deleted.rowCount ?? 0 };
      });
    },
    async claimSecret(name, candidate) {
      checkSecretClaim(name, candidate);
      await query('INSERT INTO secrets (name, secret) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [
        name,
        Buffer.from(candidate),
      ]);
      const [row] = await query<{ secret: Buffer }>('SELECT secret FROM secrets WHERE name = $1', [name]);
      if (row === undefined) throw new StoreError('E_CORRUPT_RECORD', `the secret ${name} vanished`);
      return new Uint8Array(row.secret);
    },
    async claimPseudonym(pseudonym, publisher) {
      return transaction(async (client) => {
        const inserted = await client.query(
          'INSERT INTO pseudonym_owners (pseudonym, publisher) VALUES ($1, $2) ON CONFLICT DO NOTHING',
          [pseudonym, publisher],
        );
        const owner = await client.query<{ publisher: string }>(
          'SELECT publisher FROM pseudonym_owners WHERE pseudonym = $1',
          [pseudonym],
        );
        return {
          result: owner.rows[0]?.publisher ?? publisher,
          ...(inserted.rowCount ? { change: { kind: 'pseudonym' as const, pseudonym } } : {}),
        };
      });
    },
    async getPseudonymOwner(pseudonym) {
      const [row] = await query<{ publisher: string }>(
        'SELECT publisher FROM pseudonym_owners WHERE pseudonym = $1',
        [pseudonym],
      );
      return row?.publisher;
    },
    addressRateLimitCounter(name, limit) {
      const points = Math.max(1, Math.floor(limit.points));
      const limiter = new RateLimiterPostgres({
        storeClient: pool,
        tableName: 'rate_limits',
        schemaName: schema,
        tableCreated: true, // by migration 0003
        keyPrefix: name,
        points,
        duration: Math.max(1, Math.ceil(limit.durationSeconds)),
        blockDuration: Math.max(0, Math.ceil(limit.blockSeconds ?? 0)),
      });
      const counter = rateLimitCounterFrom(limiter);
      const keyOf = (address: string) => `${name}:${address}`;
      const load = async () => {
        const rows = await query<{ key: string; expire: string }>(
          'SELECT key, expire FROM rate_limits WHERE expire > $1 AND points > $2 AND key LIKE $3',
          [Date.now(), points, `${name.replace(/[\\%_]/g, '\\$&')}:%`],
        );
        for (const row of rows) noteBlock(row.key, Number(row.expire));
      };
      blockLoaders.add(load);
      const loaded = load().catch((error: Error) =>
        log(`registry store: cannot load rate-limit blocks: ${error.message}`),
      );
      const check = async (address: string): Promise<RateLimitVerdict> => {
        await loaded;
        const key = keyOf(address);
        const untilMs = blocks.get(key);
        const nowMs = Date.now();
        if (untilMs === undefined) return { allowed: true, remaining: points, retryAfterSeconds: 0 };
        if (untilMs <= nowMs) {
          blocks.delete(key);
          return { allowed: true, remaining: points, retryAfterSeconds: 0 };
        }
        return {
          allowed: false,
          remaining: 0,
          retryAfterSeconds: Math.max(1, Math.ceil((untilMs - nowMs) / 1000)),
        };
      };
      return {
        async consume(address) {
          open();
          // An address already over the limit is refused from memory: a flood of refused
          // requests writes nothing to the database.
          const blocked = await check(address);
          if (!blocked.allowed) return blocked;
          const verdict = await counter.consume(address);
          if (!verdict.allowed) {
            const key = keyOf(address);
            const untilMs = Date.now() + verdict.retryAfterSeconds * 1000;
            if ((blocks.get(key) ?? 0) < untilMs - 1000) {
              noteBlock(key, untilMs);
              await query('SELECT pg_notify($1, $2)', [
                channel,
                JSON.stringify({ origin, block: { key, untilMs } } satisfies NotificationPayload),
              ]);
            }
          }
          return verdict;
        },
        check,
      };
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onResync(listener) {
      resyncListeners.add(listener);
      return () => resyncListeners.delete(listener);
    },
    async readiness() {
      if (closed) return { ready: false, schema: null, expectedSchema, reason: 'the store is closed' };
      try {
        const rows = (
          await pool.query<{ name: string }>(
            `SELECT name FROM ${pg.escapeIdentifier(schema)}.${MIGRATIONS_TABLE} ORDER BY name DESC LIMIT 1`,
          )
        ).rows;
        const current = rows[0]?.name ?? null;
        if (current !== expectedSchema) {
          return { ready: false, schema: current, expectedSchema, reason: 'migrations are not current' };
        }
        if (!feed)
          return { ready: false, schema: current, expectedSchema, reason: 'the change feed is reconnecting' };
        return { ready: true, schema: current, expectedSchema };
      } catch (error) {
        return { ready: false, schema: null, expectedSchema, reason: (error as Error).message };
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      if (reconnectTimer) clearTimeout(reconnectTimer);
      listeners.clear();
      resyncListeners.clear();
      const client = feed;
      feed = undefined;
      await client?.end().catch(() => undefined);
      await pool.end();
    },
  };
}

/** Whether a `--db` value is a PostgreSQL URL (`postgres:` or `postgresql:`). */
export function isPostgresUrl(value: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(value);
}

/** The name of the newest migration file (what `readiness` expects the database to have). */
function newestMigration(): string {
  const names = readdirSync(POSTGRES_MIGRATIONS_DIR)
    .filter((name) => name.endsWith('.sql'))
    .map((name) => name.slice(0, -'.sql'.length))
    .sort();
  const newest = names.at(-1);
  if (newest === undefined)
    throw new StoreError('E_STORE_UNAVAILABLE', `no migrations in ${POSTGRES_MIGRATIONS_DIR}`);
  return newest;
}

/** A 32-bit advisory lock key per schema, so registries in separate schemas migrate independently. */
function lockValueOf(schema: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < schema.length; i++) {
    hash ^= schema.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return 0x504f4c00 ^ hash;
}
