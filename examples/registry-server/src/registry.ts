import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createRegistryApp, type RegistryAppOptions, type RegistryMaintenance } from './app.js';
import { openNetwork } from './network.js';
import { isPostgresUrl, openPostgresStore } from './postgres-store.js';
import { createPrivacy, type PurgeReport } from './privacy.js';
import { openSqliteStore, type SqliteStoreOptions } from './sqlite-store.js';
import type { RegistryStore } from './store.js';

/** Options of {@link startRegistry}: where to listen, where to store, and every {@link RegistryAppOptions} but `store`. */
export interface StartRegistryOptions extends Omit<RegistryAppOptions, 'store' | 'tokens' | 'onShutdown'> {
  /** TCP port; `0` picks a free one. @default 0 */
  port?: number;
  /** Interface to bind. @default '127.0.0.1' */
  hostname?: string;
  /**
   * Where data lives: a `postgres://` or `postgresql://` URL (PostgreSQL: any number of
   * instances on one database), or a SQLite file path or `':memory:'` (one instance).
   * Ignored when `store` is given. @default ':memory:'
   */
  db?: string;
  /** PostgreSQL connection pool size per instance. @default 10 */
  poolSize?: number;
  /** PostgreSQL statement timeout, milliseconds (`0`: none). @default 5000 */
  statementTimeoutMs?: number;
  /** PostgreSQL schema of the registry's tables. @default 'public' */
  schema?: string;
  /** SQLite durability level, see {@link SqliteStoreOptions}. @default 'full' */
  synchronous?: SqliteStoreOptions['synchronous'];
  /** A ready store to use instead of opening `db` (the registry does not close it). */
  store?: RegistryStore;
  /** Bearer tokens: `'publisher:token,…'` (as `POLLINATE_TOKENS`), or a map token → publisher. @default none */
  tokens?: string | Record<string, string>;
  /**
   * How often the registry checks for due privacy work (a purge whose time has passed, audit
   * events past retention), milliseconds; also once right after start. `0` turns the schedule off.
   * @default 3_600_000 (hourly)
   */
  maintenanceIntervalMs?: number;
}

/** A running registry. */
export interface RunningRegistry {
  /** Base URL, e.g. `http://127.0.0.1:41234` (no trailing slash). */
  url: string;
  /** The port it listens on. */
  port: number;
  /** The app's privacy maintenance: run due purges and audit retention now (the schedule calls it too). */
  maintenance: RegistryMaintenance;
  /**
   * Graceful shutdown: `/readyz` answers 503 from now on, the server stops accepting
   * connections, in-flight requests finish (keep-alive connections close as they turn
   * idle), then the store it opened is closed.
   */
  close(): Promise<void>;
}

/**
 * Starts the reference registry in this process: SQLite store, Hono app, Node HTTP server.
 * Resolves once the server accepts connections.
 *
 * @param options - see {@link StartRegistryOptions}
 * @returns the {@link RunningRegistry}
 * @throws {PollinateError} `E_INVALID_TOKENS` for malformed tokens; the listen error when the port is taken
 * @example
 * ```ts
 * const registry = await startRegistry({ db: './registry.db', tokens: 'acme:s3cret-acme' });
 * console.log(registry.url);
 * await registry.close();
 * ```
 */
export async function startRegistry(options: StartRegistryOptions = {}): Promise<RunningRegistry> {
  const ownStore = options.store === undefined;
  const db = options.db ?? ':memory:';
  const store =
    options.store ??
    (isPostgresUrl(db)
      ? await openPostgresStore(db, {
          ...(options.poolSize === undefined ? {} : { poolSize: options.poolSize }),
          ...(options.statementTimeoutMs === undefined
            ? {}
            : { statementTimeoutMs: options.statementTimeoutMs }),
          ...(options.schema === undefined ? {} : { schema: options.schema }),
        })
      : openSqliteStore(db, { synchronous: options.synchronous ?? 'full' }));
  let draining = false;
  const tokens =
    typeof options.tokens === 'object'
      ? Object.entries(options.tokens)
          .map(([token, publisher]) => `${publisher}:${token}`)
          .join(',')
      : options.tokens;
  let app: ReturnType<typeof createRegistryApp>;
  const shutdownTasks: (() => Promise<void>)[] = [];
  try {
    app = createRegistryApp({
      ...options,
      store,
      tokens,
      draining: () => draining,
      onShutdown: (task) => shutdownTasks.push(task),
    });
  } catch (error) {
    if (ownStore) await store.close();
    throw error;
  }
  // Requests being handled: shutdown waits for them, even when their client has gone
  // (a closed connection does not stop its handler, which may still write to the store).
  let inFlight = 0;
  let drained: (() => void) | undefined;
  const fetch: typeof app.fetch = async (...args) => {
    inFlight++;
    try {
      return await app.fetch(...args);
    } finally {
      inFlight--;
      if (inFlight === 0) drained?.();
    }
  };
  // Scheduled privacy work: purges whose time has passed, audit retention.
  const maintenanceIntervalMs = options.maintenanceIntervalMs ?? 3_600_000;
  let maintenanceTimer: NodeJS.Timeout | undefined;
  let maintaining: Promise<unknown> = Promise.resolve();
  if (maintenanceIntervalMs > 0) {
    const run = () => {
      maintaining = maintaining.then(() => app.maintenance.runDue());
    };
    maintenanceTimer = setInterval(run, maintenanceIntervalMs);
    maintenanceTimer.unref();
    setImmediate(run);
  }
  const hostname = options.hostname ?? '127.0.0.1';
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const created = serve({ fetch, port: options.port ?? 0, hostname }, () => resolve(created));
    created.once('error', reject);
  }).catch(async (error: unknown) => {
    if (ownStore) await store.close();
    throw error;
  });
  const port = (server.address() as AddressInfo).port;
  const http = server as Server; // serve() without createServer options makes a node:http server
  let closing: Promise<void> | undefined;
  return {
    url: `http://${hostname.includes(':') ? `[${hostname}]` : hostname}:${port}`,
    port,
    maintenance: app.maintenance,
    close() {
      draining = true;
      closing ??= new Promise<void>((resolve, reject) => {
        // Stop accepting, let in-flight requests finish, and close keep-alive connections as
        // soon as they turn idle (not only those idle right now).
        const reaper = setInterval(() => http.closeIdleConnections(), 50);
        server.close((error) => {
          clearInterval(reaper);
          if (error) reject(error);
          else resolve();
        });
        http.closeIdleConnections();
      })
        .then(
          () =>
            new Promise<void>((resolve) => {
              drained = resolve;
              if (inFlight === 0) resolve();
            }),
        )
        .finally(async () => {
          if (maintenanceTimer) clearInterval(maintenanceTimer);
          await maintaining;
          await Promise.all(shutdownTasks.map((task) => task().catch(() => undefined)));
          if (ownStore) await store.close();
        });
      return closing;
    },
  };
}

/** Options of {@link purgeRegistry}. */
export interface PurgeRegistryOptions {
  /** The registry's database: a SQLite file or a `postgres://` URL. */
  db: string;
  /** PostgreSQL schema of the registry's tables. @default 'public' */
  schema?: string;
  /** The pattern network id (used only when the database holds no network yet). @default 'pollinate' */
  networkId?: string;
  /** The registry's `--network-shards` (every shard is compacted; another number finds other logs). @default 1 */
  shards?: number;
  /** Who runs it, for the audit log. @default 'operator:cli' */
  actor?: string;
  /** The clock. @default () => new Date() */
  now?: () => Date;
}

/**
 * Purges erased data from a registry's database now (`npm run registry -- purge --db …`):
 * compacts the pattern network into a new epoch without erased records or history, replaces
 * the stored log with it, scrubs the database files, marks pending erasures purged and
 * writes a `purge` audit event. On SQLite, run it while no registry process has the file
 * open (a running registry purges on its own schedule); on PostgreSQL, running instances
 * reload the compacted network when the store's change feed tells them.
 *
 * @param options - see {@link PurgeRegistryOptions}
 * @returns what the purge did
 * @throws {StoreError} when the database cannot be opened
 * @example
 * ```ts
 * const report = await purgeRegistry({ db: './registry.db' });
 * console.log(report.removedChanges);
 * ```
 */
export async function purgeRegistry(options: PurgeRegistryOptions): Promise<PurgeReport> {
  const store = isPostgresUrl(options.db)
    ? await openPostgresStore(options.db, options.schema === undefined ? {} : { schema: options.schema })
    : openSqliteStore(options.db, { checkpoint: 'inline' });
  try {
    const network = await openNetwork(store, {
      networkId: options.networkId ?? 'pollinate',
      ...(options.shards === undefined ? {} : { shards: options.shards }),
    });
    try {
      const privacy = createPrivacy(store, async () => network, options.now ?? (() => new Date()));
      const report = await privacy.purge({ actor: options.actor ?? 'operator:cli' });
      if (report === null) throw new Error('unreachable: an on-demand purge always runs');
      return report;
    } finally {
      network.close();
    }
  } finally {
    await store.close();
  }
}
