/**
 * Aggregates benchmark (run by `npm run bench` in examples/registry-server, never by `npm test`).
 *
 * Data (seeded, the same for both stores): 10,000 patterns of 500 publishers, 1,000,000
 * adoption events of 20,000 teams over the last 365 days (85 % downloads, 12 % installs,
 * 3 % uninstalls; pattern popularity skewed, a few patterns get most events), 100,000
 * reviews by 5,000 reviewers (90 % accepted). Loaded in bulk (one SQLite transaction;
 * PostgreSQL multi-row `INSERT … SELECT unnest(…)` batches) together with the aggregates
 * the stores keep on write, computed here by replaying the same events.
 *
 * For each store (SQLite file, PostgreSQL database):
 * - **today**: the request paths as they were before aggregates were kept on write — read
 *   every adoption event and every review from the store (decoded with the core schemas,
 *   as the old store did) and compute stats / recommendations / the publisher dashboard /
 *   review screening from them — one request at a time in this process (median of
 *   BENCH_BASELINE_RUNS);
 * - **now**: the registry started from `src/main.ts` on the same database as a child
 *   process: first one request at a time over every key the run uses (200 teams, 100
 *   publishers; caches cold: the median is the cost of one request), then autocannon with
 *   20 connections for BENCH_SECONDS per endpoint: `GET /stats`, `GET /recommendations?team=…`
 *   (cycling the teams; answered from the recommendation cache until the next write),
 *   `GET /publishers/{p}/reputation` (cycling the publishers; dashboard cache) and
 *   `POST /patterns/{id}/reviews` (new review ids, a write every time).
 *
 * Goal: each endpoint p99 ≤ 50 ms at 20 connections on both stores.
 * `BENCH_SCALE=0.1` runs a tenth of the data (quick check). `BENCH_LOAD_SQLITE=<file>` only
 * generates and loads the data into that SQLite file (to profile a registry on it by hand);
 * `BENCH_SQLITE_FILE=<file>` then copies that file instead of loading SQLite again.
 * `BENCH_TODAY=0` skips the baseline (unchanged code: quote an earlier run), `BENCH_POSTGRES=0`
 * skips PostgreSQL. `BENCH_LOAD_POSTGRES=<database>` only loads the data into a new PostgreSQL
 * database of that name; `BENCH_POSTGRES_TEMPLATE=<database>` then copies it for each run.
 * `BENCH_ORDER=postgres,sqlite` runs PostgreSQL first and `BENCH_NOW_FIRST=1` the registry
 * before the baseline: on a shared machine, runs in alternating orders show the drift of the load. Each 20-connection run also reports the registry process's CPU time per
 * request (user + system from /proc): on a shared machine latency measures the machine,
 * CPU per request measures the registry.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { fingerprintPackage } from '@pollinate/client';
import {
  type AdoptionEvent,
  AdoptionEventSchema,
  type Listing,
  type PatternPackage,
  PatternPackageSchema,
  parseListing,
  type Review,
  ReviewSchema,
} from '@pollinate/core';
import { seededRandom } from '@pollinate/core/helpers';
import { publisherDashboard, type ReviewerAccount, screenReviews } from '@pollinate/reputation';
import { createIndex, marketplaceStats, recommend, trending } from '@pollinate/search';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import pg from 'pg';
import { median } from '../../../scripts/bench-harness.js';
import { samplePackage } from '../src/fixtures.js';
import { openPostgresStore } from '../src/postgres-store.js';
import { openSqliteStore } from '../src/sqlite-store.js';
import { trendingMass } from '../src/store.js';
import { waitForListening } from '../test/fixtures/registry-process.js';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const PATTERNS = Math.round(10_000 * SCALE);
const PUBLISHERS = Math.max(5, Math.round(500 * SCALE));
const TEAMS = Math.round(20_000 * SCALE);
const REVIEWERS = Math.round(5_000 * SCALE);
const EVENTS = Math.round(1_000_000 * SCALE);
const REVIEWS = Math.round(100_000 * SCALE);
const CONNECTIONS = 20;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const BASELINE_RUNS = Number(process.env.BENCH_BASELINE_RUNS ?? 2);
/** `BENCH_TODAY=0` skips the baseline (today's paths are unchanged code: quote an earlier run's figures). */
const RUN_TODAY = process.env.BENCH_TODAY !== '0';
/** A SQLite file loaded before by `BENCH_LOAD_SQLITE` (same scale): copied instead of generating and loading again. */
const SQLITE_FILE = process.env.BENCH_SQLITE_FILE;
/**
 * A PostgreSQL database (name, on the server of POLLINATE_TEST_DATABASE_URL) loaded before by
 * `BENCH_LOAD_POSTGRES=<name>` (same scale): each run copies it (`CREATE DATABASE … TEMPLATE`)
 * instead of generating and loading the data again.
 */
const POSTGRES_TEMPLATE = process.env.BENCH_POSTGRES_TEMPLATE;
/** `BENCH_ORDER=postgres,sqlite` runs PostgreSQL first. @default 'sqlite,postgres' */
const STORE_ORDER = (process.env.BENCH_ORDER ?? 'sqlite,postgres')
  .split(',')
  .filter((name): name is 'sqlite' | 'postgres' => name === 'sqlite' || name === 'postgres');
/** `BENCH_NOW_FIRST=1` measures the registry before the baseline (within each store). */
const NOW_FIRST = process.env.BENCH_NOW_FIRST === '1';
const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const ROOT_TSCONFIG = fileURLToPath(new URL('../../../tsconfig.json', import.meta.url));
const NOW = Date.now();
const DAY = 86_400_000;
const REVIEW_TOKENS = Array.from(
  { length: 20 },
  (_, i) => [`bench-${i}`, `bench-token-${i}-0123456789`] as const,
);

// ------------------------------------------------------------------------------------------
// Data

/** core's mulberry32 generator: the same data for the same seed. */
const random = seededRandom;

interface Data {
  versions: {
    id: string;
    publisher: string;
    pkg: PatternPackage;
    fingerprint: string;
    publishedAt: string;
  }[];
  events: AdoptionEvent[];
  reviews: { review: Review; status: 'accepted' | 'flagged' }[];
}

const patternId = (i: number) => `pub-${i % PUBLISHERS}/pattern-${i}`;

function generate(): Data {
  const next = random(2026);
  const categories = ['resilience', 'data', 'messaging', 'security', 'observability', 'deployment'];
  const words = [
    'retry',
    'cache',
    'queue',
    'saga',
    'outbox',
    'circuit',
    'bulkhead',
    'canary',
    'shard',
    'replica',
  ];
  const versions: Data['versions'] = [];
  for (let i = 0; i < PATTERNS; i++) {
    const id = patternId(i);
    const publishedAt = new Date(NOW - 400 * DAY + Math.floor(next() * 300) * DAY).toISOString();
    const tag = words[i % words.length] as string;
    const input = samplePackage(id, '1.0.0', {
      listing: {
        category: categories[i % categories.length],
        tags: [tag, words[(i * 7) % words.length] as string],
        description: `${tag} pattern number ${i}: a reusable pattern for ${categories[i % categories.length]}.`,
        publishedAt,
      },
    });
    const pkg = PatternPackageSchema.parse(input);
    const fingerprint = fingerprintPackage(pkg);
    pkg.listing.fingerprint = fingerprint;
    versions.push({ id, publisher: id.split('/')[0] as string, pkg, fingerprint, publishedAt });
  }
  const popular = () => Math.min(PATTERNS - 1, Math.floor(PATTERNS * next() ** 2.5));
  const events: AdoptionEvent[] = [];
  for (let i = 0; i < EVENTS; i++) {
    const roll = next();
    events.push({
      type: roll < 0.85 ? 'download' : roll < 0.97 ? 'install' : 'uninstall',
      team: `team-${Math.floor(next() * TEAMS)}`,
      patternId: patternId(popular()),
      at: new Date(NOW - 365 * DAY + Math.floor((i / EVENTS) * 365 * DAY)).toISOString(),
    });
  }
  const reviews: Data['reviews'] = [];
  for (let i = 0; i < REVIEWS; i++) {
    const reviewer = `reviewer-${Math.floor(next() * REVIEWERS)}`;
    reviews.push({
      review: ReviewSchema.parse({
        id: `seed-review-${i}`,
        patternId: patternId(popular()),
        reviewer,
        reviewerTeam: reviewer,
        rating: 1 + Math.floor(next() * 5),
        title: '',
        body: `review ${i}: ${words[i % words.length]} works as described`,
        verifiedAdoption: next() < 0.5,
        createdAt: new Date(NOW - 365 * DAY + Math.floor((i / REVIEWS) * 365 * DAY)).toISOString(),
      }),
      status: next() < 0.9 ? 'accepted' : 'flagged',
    });
  }
  return { versions, events, reviews };
}

/** The aggregates the stores keep on write, computed by replaying the data in arrival order. */
function aggregate(data: Data) {
  type Stats = Record<string, number>;
  const stats = new Map<string, Stats>();
  const statsOf = (id: string) => {
    let entry = stats.get(id);
    if (!entry) {
      entry = {
        review_count: 0,
        rating_sum: 0,
        downloads: 0,
        installs: 0,
        uninstalls: 0,
        active_installs: 0,
        uninstalled_teams: 0,
        organizations: 0,
        trend_mass: 0,
      };
      stats.set(id, entry);
    }
    return entry;
  };
  const teamPatterns = new Map<string, { state: string; at: number | null }>();
  for (const event of data.events) {
    const at = Date.parse(event.at);
    const s = statsOf(event.patternId);
    s.trend_mass = (s.trend_mass ?? 0) + trendingMass(event.type, at);
    if (event.type === 'download') s.downloads = (s.downloads ?? 0) + 1;
    else if (event.type === 'install') s.installs = (s.installs ?? 0) + 1;
    else s.uninstalls = (s.uninstalls ?? 0) + 1;
    const key = `${event.team}\u0000${event.patternId}`;
    const row = teamPatterns.get(key);
    const before = row?.state ?? 'none';
    if (!row) s.organizations = (s.organizations ?? 0) + 1;
    const wins = event.type !== 'download' && (row?.at == null || at >= row.at);
    const after = wins ? (event.type === 'install' ? 'installed' : 'uninstalled') : before;
    if (before !== 'installed' && after === 'installed') s.active_installs = (s.active_installs ?? 0) + 1;
    if (before === 'installed' && after !== 'installed') s.active_installs = (s.active_installs ?? 0) - 1;
    if (before !== 'uninstalled' && after === 'uninstalled')
      s.uninstalled_teams = (s.uninstalled_teams ?? 0) + 1;
    if (before === 'uninstalled' && after !== 'uninstalled')
      s.uninstalled_teams = (s.uninstalled_teams ?? 0) - 1;
    if (!row || wins) teamPatterns.set(key, { state: after, at: wins ? at : (row?.at ?? null) });
  }
  const installedByTeam = new Map<string, string[]>();
  for (const [key, row] of teamPatterns) {
    if (row.state !== 'installed') continue;
    const [team, pattern] = key.split('\u0000') as [string, string];
    const list = installedByTeam.get(team) ?? [];
    list.push(pattern);
    installedByTeam.set(team, list);
  }
  const co = new Map<string, number>();
  for (const list of installedByTeam.values()) {
    for (const from of list)
      for (const to of list)
        if (from !== to) co.set(`${from}\u0000${to}`, (co.get(`${from}\u0000${to}`) ?? 0) + 1);
  }
  const accounts = new Map<string, { count: number; team: string | null }>();
  let accepted = 0;
  for (const { review, status } of data.reviews) {
    const account = accounts.get(review.reviewer) ?? { count: 0, team: null };
    account.count++;
    if (review.reviewerTeam) account.team = review.reviewerTeam;
    accounts.set(review.reviewer, account);
    if (status !== 'accepted') continue;
    accepted++;
    const s = statsOf(review.patternId);
    s.review_count = (s.review_count ?? 0) + 1;
    s.rating_sum = (s.rating_sum ?? 0) + review.rating;
  }
  return { stats, teamPatterns, co, accounts, accepted };
}

/** Rows of every table, in column order, for both stores. */
function tables(data: Data) {
  const agg = aggregate(data);
  const statsColumns = [
    'review_count',
    'rating_sum',
    'downloads',
    'installs',
    'uninstalls',
    'active_installs',
    'uninstalled_teams',
    'organizations',
    'trend_mass',
  ];
  return {
    patterns: data.versions.map((v) => [v.id, v.publisher]),
    versions: data.versions.map((v) => [
      v.id,
      '1.0.0',
      v.fingerprint,
      v.publishedAt,
      v.publisher,
      JSON.stringify(v.pkg),
    ]),
    dist_tags: data.versions.map((v) => [v.id, 'latest', '1.0.0']),
    reviews: data.reviews.map(({ review, status }) => [
      review.id,
      review.patternId,
      status,
      '[]',
      JSON.stringify(review),
    ]),
    adoption_events: data.events.map((e) => [
      e.patternId,
      e.team,
      e.type,
      Date.parse(e.at),
      JSON.stringify(e),
    ]),
    pattern_stats: [...agg.stats].map(([id, s]) => [id, ...statsColumns.map((c) => s[c] ?? 0)]),
    team_patterns: [...agg.teamPatterns].map(([key, row]) => [...key.split('\u0000'), row.state, row.at]),
    co_adoption: [...agg.co].map(([key, teams]) => [...key.split('\u0000'), teams]),
    reviewer_accounts: [...agg.accounts].map(([reviewer, a]) => [reviewer, a.count, a.team]),
    totals: [[1, data.versions.length, data.versions.length, agg.accepted, data.events.length]],
  };
}

const COLUMNS: Record<string, string[]> = {
  patterns: ['id', 'publisher'],
  versions: ['pattern_id', 'version', 'fingerprint', 'published_at', 'publisher', 'package'],
  dist_tags: ['pattern_id', 'tag', 'version'],
  reviews: ['id', 'pattern_id', 'status', 'reasons', 'review'],
  adoption_events: ['pattern_id', 'team', 'type', 'at_ms', 'event'],
  pattern_stats: [
    'pattern_id',
    'review_count',
    'rating_sum',
    'downloads',
    'installs',
    'uninstalls',
    'active_installs',
    'uninstalled_teams',
    'organizations',
    'trend_mass',
  ],
  team_patterns: ['team', 'pattern_id', 'state', 'at_ms'],
  co_adoption: ['from_id', 'to_id', 'teams'],
  reviewer_accounts: ['reviewer', 'review_count', 'team'],
  totals: ['id', 'patterns', 'versions', 'accepted_reviews', 'adoption_events'],
};
const PG_TYPES: Record<string, string[]> = {
  patterns: ['text', 'text'],
  versions: ['text', 'text', 'text', 'text', 'text', 'text'],
  dist_tags: ['text', 'text', 'text'],
  reviews: ['text', 'text', 'text', 'text', 'text'],
  adoption_events: ['text', 'text', 'text', 'bigint', 'text'],
  pattern_stats: [
    'text',
    'bigint',
    'bigint',
    'bigint',
    'bigint',
    'bigint',
    'bigint',
    'bigint',
    'bigint',
    'float8',
  ],
  team_patterns: ['text', 'text', 'text', 'bigint'],
  co_adoption: ['text', 'text', 'bigint'],
  reviewer_accounts: ['text', 'bigint', 'text'],
  totals: ['int', 'bigint', 'bigint', 'bigint', 'bigint'],
};

function loadSqlite(file: string, rows: ReturnType<typeof tables>): void {
  openSqliteStore(file).close();
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  db.transaction(() => {
    db.prepare('DELETE FROM totals').run();
    for (const [table, list] of Object.entries(rows)) {
      const columns = COLUMNS[table] as string[];
      const insert = db.prepare(
        `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
      );
      for (const row of list) insert.run(...(row as unknown[]));
    }
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.exec('ANALYZE');
  db.close();
}

async function loadPostgres(url: string, rows: ReturnType<typeof tables>): Promise<void> {
  await (await openPostgresStore(url, { log: () => undefined })).close();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('BEGIN');
  await client.query('DELETE FROM totals');
  for (const [table, list] of Object.entries(rows)) {
    const columns = COLUMNS[table] as string[];
    const types = PG_TYPES[table] as string[];
    for (let start = 0; start < list.length; start += 20_000) {
      const batch = list.slice(start, start + 20_000);
      const arrays = columns.map((_, c) => batch.map((row) => (row as unknown[])[c]));
      await client.query(
        `INSERT INTO ${table} (${columns.join(', ')}) SELECT * FROM unnest(${types.map((t, i) => `$${i + 1}::${t}[]`).join(', ')})`,
        arrays,
      );
    }
  }
  // The sequences of the bulk-loaded serial columns continue after the loaded rows.
  await client.query(`SELECT setval('reviews_seq_seq', (SELECT MAX(seq) FROM reviews))`);
  await client.query(`SELECT setval('adoption_events_seq_seq', (SELECT MAX(seq) FROM adoption_events))`);
  await client.query('COMMIT');
  // Vacuum now: otherwise autovacuum visits the freshly inserted millions of rows during the
  // measurements (and index-only scans need the visibility map it writes).
  await client.query('VACUUM (ANALYZE)');
  await client.end();
}

// ------------------------------------------------------------------------------------------
// Today: the request paths before aggregates were kept on write (every event and review read per request)

interface RawReader {
  events(): Promise<string[]>;
  reviews(status?: 'accepted'): Promise<string[]>;
  latest(): Promise<Listing[]>;
}

function sqliteReader(file: string): RawReader & { close(): void } {
  const db = new Database(file, { readonly: true });
  return {
    async events() {
      return db
        .prepare<[], { event: string }>('SELECT event FROM adoption_events ORDER BY seq')
        .all()
        .map((r) => r.event);
    },
    async reviews(status) {
      const where = status ? `WHERE status = 'accepted'` : '';
      return db
        .prepare<[], { review: string }>(`SELECT review FROM reviews ${where} ORDER BY seq`)
        .all()
        .map((r) => r.review);
    },
    async latest() {
      return db
        .prepare<[], { package: string }>(
          `SELECT v.package FROM dist_tags t JOIN versions v USING (pattern_id, version) WHERE t.tag = 'latest' ORDER BY t.pattern_id`,
        )
        .all()
        .map((r) => parseListing((JSON.parse(r.package) as { listing: unknown }).listing));
    },
    close: () => db.close(),
  };
}

function postgresReader(url: string): RawReader & { close(): Promise<void> } {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  // The database is dropped (connections terminated) right after the baseline.
  pool.on('error', () => undefined);
  return {
    async events() {
      return (await pool.query<{ event: string }>('SELECT event FROM adoption_events ORDER BY seq')).rows.map(
        (r) => r.event,
      );
    },
    async reviews(status) {
      const where = status ? `WHERE status = 'accepted'` : '';
      return (
        await pool.query<{ review: string }>(`SELECT review FROM reviews ${where} ORDER BY seq`)
      ).rows.map((r) => r.review);
    },
    async latest() {
      return (
        await pool.query<{ package: string }>(
          `SELECT v.package FROM dist_tags t JOIN versions v USING (pattern_id, version) WHERE t.tag = 'latest' ORDER BY t.pattern_id`,
        )
      ).rows.map((r) => parseListing((JSON.parse(r.package) as { listing: unknown }).listing));
    },
    close: () => pool.end(),
  };
}

const decodeEvents = (rows: string[]) => rows.map((row) => AdoptionEventSchema.parse(JSON.parse(row)));
const decodeReviews = (rows: string[]) => rows.map((row) => ReviewSchema.parse(JSON.parse(row)));

async function todayPaths(reader: RawReader) {
  const listings = await reader.latest(); // the old catalog cached these: not timed
  const index = createIndex(listings);
  const now = new Date(NOW);
  return {
    '/stats': async () => {
      const events = decodeEvents(await reader.events());
      const reviews = decodeReviews(await reader.reviews('accepted'));
      return [
        marketplaceStats(listings, events, { now }),
        trending(listings, events, { now, limit: 10 }),
        reviews.length,
      ];
    },
    '/recommendations': async () =>
      recommend({ team: 'team-7' }, { index, events: decodeEvents(await reader.events()) }, { limit: 10 }),
    '/publishers/{p}/reputation': async () => {
      const publisher = 'pub-3';
      const own = listings.filter((listing) => listing.publisher.id === publisher);
      const ids = new Set(own.map((listing) => listing.id));
      const reviews = decodeReviews(await reader.reviews()).filter((review) => ids.has(review.patternId));
      const events = decodeEvents(await reader.events()).filter((event) => ids.has(event.patternId));
      return publisherDashboard(publisher, own, reviews, events);
    },
    'POST /patterns/{id}/reviews': async () => {
      const all = decodeReviews(await reader.reviews());
      const events = decodeEvents(await reader.events()).filter(
        (e) => e.team === 'bench-0' && e.patternId === patternId(1),
      );
      const review = ReviewSchema.parse({
        id: 'today-review',
        patternId: patternId(1),
        reviewer: 'bench-0',
        reviewerTeam: 'bench-0',
        rating: 4,
        title: '',
        body: 'works',
        verifiedAdoption: events.some((e) => e.type === 'install'),
        createdAt: now.toISOString(),
      });
      const accounts: Record<string, ReviewerAccount> = {};
      for (const r of [...all, review]) {
        const account = accounts[r.reviewer] ?? { reviewCount: 0 };
        account.reviewCount = (account.reviewCount ?? 0) + 1;
        if (r.reviewerTeam) account.team = r.reviewerTeam;
        accounts[r.reviewer] = account;
      }
      return screenReviews([...all.filter((r) => r.patternId === review.patternId), review], { accounts });
    },
  };
}

async function timeToday(reader: RawReader): Promise<Record<string, number>> {
  const paths = await todayPaths(reader);
  const result: Record<string, number> = {};
  for (const [name, run] of Object.entries(paths)) {
    const times: number[] = [];
    for (let i = 0; i < BASELINE_RUNS; i++) {
      (globalThis as { gc?: () => void }).gc?.();
      const start = performance.now();
      await run();
      times.push(performance.now() - start);
    }
    result[name] = median(times);
    console.error(`  today ${name}: ${result[name]?.toFixed(0)} ms`);
  }
  return result;
}

// ------------------------------------------------------------------------------------------
// Now: the registry as a process, autocannon at 20 connections

async function startRegistry(db: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    // One client address sends every request: the per-token and anonymous limits are off
    // (the failed-authentication limit stays on: a valid token checks it in memory).
    [
      '--import',
      'tsx',
      MAIN,
      '--port',
      '0',
      '--db',
      db,
      '--rate-limit',
      'off',
      '--anonymous-limit',
      'off',
      '--pool-size',
      '20',
    ],
    {
      env: {
        ...process.env,
        POLLINATE_TOKENS: REVIEW_TOKENS.map(([publisher, token]) => `${publisher}:${token}`).join(','),
        TSX_TSCONFIG_PATH: ROOT_TSCONFIG,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const { url } = await waitForListening(child);
  return { child, url };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

interface Measured {
  /** Median of one request at a time before the run (every key once: caches cold). */
  single: number;
  p50: number;
  p99: number;
  rps: number;
  errors: number;
  /** CPU time of the registry process per request during the run (user + system), ms; NaN where /proc is missing. */
  cpuMs: number;
}

/** User + system CPU time of a process, ms (Linux /proc; NaN elsewhere). */
function cpuTimeMs(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of proc(5) (utime, stime), in clock ticks of 10 ms.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

/** One request per path, one at a time (fills the response caches); the median latency. */
async function warm(base: string, paths: readonly string[]): Promise<number> {
  const times: number[] = [];
  for (const path of paths) {
    const start = performance.now();
    const response = await fetch(`${base}${path}`);
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${path}: ${response.status}`);
    times.push(performance.now() - start);
  }
  return median(times);
}

async function cannon(
  url: string,
  requests: autocannon.Request[],
  single: number,
  pid: number | undefined,
): Promise<Measured> {
  const cpuBefore = cpuTimeMs(pid);
  const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, requests });
  const cpu = cpuTimeMs(pid) - cpuBefore;
  return {
    single,
    p50: result.latency.p50,
    p99: result.latency.p99,
    rps: result.requests.average,
    errors: result.errors + result.timeouts + result.non2xx,
    cpuMs: cpu / Math.max(1, result.requests.total),
  };
}

async function timeNow(db: string): Promise<Record<string, Measured>> {
  const { child, url } = await startRegistry(db);
  try {
    // Warm up: the first request builds the search index.
    await fetch(`${url}/api/v1/stats`);
    let counter = 0;
    const cycle = <T>(list: readonly T[]) => list[counter++ % list.length] as T;
    const teams = Array.from(
      { length: 200 },
      (_, i) => `/api/v1/recommendations?team=team-${(i * 97) % TEAMS}&limit=10`,
    );
    const publishers = Array.from(
      { length: 100 },
      (_, i) => `/api/v1/publishers/pub-${(i * 13) % PUBLISHERS}/reputation`,
    );
    const run = randomBytes(4).toString('hex');
    const result: Record<string, Measured> = {};
    const stats = await warm(
      url,
      Array.from({ length: 20 }, () => '/api/v1/stats'),
    );
    const pid = child.pid;
    result['/stats'] = await cannon(
      `${url}/api/v1/stats`,
      [{ method: 'GET', path: '/api/v1/stats' }],
      stats,
      pid,
    );
    const recommendations = await warm(url, teams);
    result['/recommendations'] = await cannon(
      url,
      [{ method: 'GET', setupRequest: (req) => ({ ...req, path: cycle(teams) }) }],
      recommendations,
      pid,
    );
    const dashboards = await warm(url, publishers);
    result['/publishers/{p}/reputation'] = await cannon(
      url,
      [{ method: 'GET', setupRequest: (req) => ({ ...req, path: cycle(publishers) }) }],
      dashboards,
      pid,
    );
    const reviewTimes: number[] = [];
    for (let i = 0; i < 20; i++) {
      const [, token] = REVIEW_TOKENS[i] as readonly [string, string];
      const start = performance.now();
      const response = await fetch(`${url}/api/v1/patterns/${patternId((i * 7919) % PATTERNS)}/reviews`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ id: `single-${run}-${i}`, rating: 4, body: 'single request' }),
      });
      await response.arrayBuffer();
      reviewTimes.push(performance.now() - start);
    }
    result['POST /patterns/{id}/reviews'] = await cannon(
      url,
      [
        {
          method: 'POST',
          setupRequest: (req) => {
            const n = counter++;
            const [, token] = REVIEW_TOKENS[n % REVIEW_TOKENS.length] as readonly [string, string];
            return {
              ...req,
              path: `/api/v1/patterns/${patternId((n * 31) % PATTERNS)}/reviews`,
              headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
              body: JSON.stringify({
                id: `bench-${run}-${n}`,
                rating: 1 + (n % 5),
                body: `bench review ${n}`,
              }),
            };
          },
        },
      ],
      median(reviewTimes),
      pid,
    );
    for (const [name, m] of Object.entries(result))
      console.error(
        `  now ${name}: 1 request ${m.single.toFixed(1)} ms; 20 connections p50 ${m.p50} ms, p99 ${m.p99} ms, ${m.rps.toFixed(0)} req/s, ${m.cpuMs.toFixed(2)} ms CPU per request, ${m.errors} errors`,
      );
    return result;
  } finally {
    await stop(child);
  }
}

// ------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const started = performance.now();
  const loadOnly = process.env.BENCH_LOAD_SQLITE;
  // The data are generated only when some store must be loaded (or the baseline run).
  const loadPostgresOnly = process.env.BENCH_LOAD_POSTGRES;
  const needData =
    !SQLITE_FILE ||
    loadOnly !== undefined ||
    loadPostgresOnly !== undefined ||
    (postgresBase() !== undefined && POSTGRES_TEMPLATE === undefined);
  let rowsCache: ReturnType<typeof tables> | undefined;
  const rows = () => {
    if (!rowsCache) {
      rowsCache = tables(generate());
      console.error(
        `data: ${PATTERNS} patterns, ${EVENTS} events, ${REVIEWS} reviews; ${rowsCache.team_patterns.length} team×pattern rows, ${rowsCache.co_adoption.length} co-adoption pairs (${((performance.now() - started) / 1000).toFixed(1)} s)`,
      );
    }
    return rowsCache;
  };
  if (needData) rows();
  if (loadOnly) {
    loadSqlite(loadOnly, rows());
    console.error(`loaded into ${loadOnly}`);
    return;
  }
  if (loadPostgresOnly) {
    const base = postgresBase();
    if (!base || !/^[a-z_][a-z0-9_]{0,62}$/.test(loadPostgresOnly))
      throw new Error('BENCH_LOAD_POSTGRES needs a lower-case database name and POLLINATE_TEST_DATABASE_URL');
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${loadPostgresOnly}`);
    await admin.end();
    await loadPostgres(Object.assign(new URL(base), { pathname: `/${loadPostgresOnly}` }).toString(), rows());
    console.error(`loaded into PostgreSQL database ${loadPostgresOnly}`);
    return;
  }
  const table: string[] = [];
  const report = (store: string, today: Record<string, number>, now: Record<string, Measured>) => {
    for (const [name, m] of Object.entries(now)) {
      const before = today[name] ?? Number.NaN;
      const known = Number.isFinite(before);
      table.push(
        `| ${store} | ${name} | ${known ? before.toFixed(0) : '—'} | ${m.single.toFixed(1)} | ${known ? `${(before / m.single).toFixed(0)}×` : '—'} | ${m.p50} | ${m.p99} | ${m.rps.toFixed(0)} | ${m.cpuMs.toFixed(2)} | ${m.errors} |`,
      );
    }
  };

  const dir = mkdtempSync(join(tmpdir(), 'pollinate-aggregates-'));
  // Today and now, and the two stores, in the order asked (a shared machine's load drifts:
  // runs in alternating orders show how much of a difference is the order).
  const both = async (
    store: string,
    today: () => Promise<Record<string, number>>,
    now: () => Promise<Record<string, Measured>>,
  ) => {
    if (NOW_FIRST) {
      const measured = await now();
      report(store, RUN_TODAY ? await today() : {}, measured);
    } else {
      const baseline = RUN_TODAY ? await today() : {};
      report(store, baseline, await now());
    }
  };
  const sqlite = async () => {
    const file = join(dir, 'registry.db');
    const t = performance.now();
    if (SQLITE_FILE && existsSync(SQLITE_FILE)) copyFileSync(SQLITE_FILE, file);
    else loadSqlite(file, rows());
    console.error(`sqlite: loaded in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    await both(
      'SQLite',
      async () => {
        const reader = sqliteReader(file);
        try {
          return await timeToday(reader);
        } finally {
          reader.close();
        }
      },
      () => timeNow(file),
    );
  };
  const postgres = async () => {
    const base = postgresBase();
    if (!base) {
      console.error('no POLLINATE_TEST_DATABASE_URL: PostgreSQL skipped (scripts/postgres.sh prints one)');
      return;
    }
    const name = `bench_aggregates_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    const template =
      POSTGRES_TEMPLATE && /^[a-z_][a-z0-9_]{0,62}$/.test(POSTGRES_TEMPLATE) ? POSTGRES_TEMPLATE : undefined;
    await admin.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
    const url = Object.assign(new URL(base), { pathname: `/${name}` }).toString();
    try {
      const t = performance.now();
      if (template)
        await (await openPostgresStore(url, { log: () => undefined })).close(); // migrations
      else await loadPostgres(url, rows());
      console.error(`postgres: loaded in ${((performance.now() - t) / 1000).toFixed(1)} s`);
      await both(
        'PostgreSQL',
        async () => {
          const reader = postgresReader(url);
          try {
            return await timeToday(reader);
          } finally {
            await reader.close();
          }
        },
        () => timeNow(url),
      );
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  };
  try {
    for (const store of STORE_ORDER) await (store === 'sqlite' ? sqlite() : postgres());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    `\n${PATTERNS} patterns, ${EVENTS} adoption events, ${REVIEWS} reviews; now: ${CONNECTIONS} connections × ${SECONDS} s per endpoint; today: one request at a time, median of ${BASELINE_RUNS}\n`,
  );
  console.log(
    '| store | endpoint | today, 1 request (ms) | now, 1 request (ms) | today ÷ now | now, 20 conn. p50 (ms) | now, 20 conn. p99 (ms) | now req/s | now CPU per request (ms) | errors |',
  );
  console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const line of table) console.log(line);
}

function postgresBase(): string | undefined {
  if (process.env.BENCH_POSTGRES === '0') return undefined;
  return process.env.POLLINATE_TEST_DATABASE_URL ?? process.env.POLLINATE_BENCH_DATABASE_URL;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
