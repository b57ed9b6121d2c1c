import { parseArgs } from 'node:util';
import { PollinateError, TeamIdSchema } from '@pollinate/core';
import { parseCorsOrigins } from './cors.js';
import type { WindowLimit } from './middleware/address-rate-limit.js';
import { loadOsvAdvisories } from './osv-scanner.js';
import type { PurgeRegistryOptions, StartRegistryOptions } from './registry.js';

/** The usage text of `npm run registry`. */
export const REGISTRY_USAGE = `Usage: npm run registry -- [--port <port>] [--db <file|url>] [--host <address>]
         [--body-limit <bytes>] [--rate-limit <capacity>/<per-second>|off] [--synchronous full|normal]
         [--pool-size <n>] [--statement-timeout <ms>] [--osv <file|folder>] [--webhooks https|any|off]

  --port         TCP port; 0 picks a free one (default 4873)
  --db           SQLite file or :memory: (one instance), or a postgres:// or
                 postgresql:// URL (any number of instances on one database)
                 (default ./registry.db)
  --pool-size    PostgreSQL connections per instance (default 10)
  --statement-timeout  PostgreSQL statement timeout in ms, 0 for none (default 5000)
  --host         interface to bind (default 127.0.0.1)
  --body-limit   largest request body in bytes (default 8388608)
  --rate-limit   per-token token bucket, e.g. 300/50, or off (default 300/50)
  --synchronous  SQLite sync level (default full)
  --network-id   id of the pattern network this registry replicates (default pollinate)
  --network-shards  documents the network's records are spread over, a power of two
                 1 … 65536; every peer must use the same (default 1: one document,
                 which single-document peers sync with; 1024 for a million contributions)
  --network-loaded-shards  most network shards held in memory, the least recently used
                 reloaded from the store when needed; 0 holds every shard (default 64)
  --search-cache search pages kept serialized, 0 for none (default 1000)
  --cors-origin  an origin whose pages may write from a browser (repeatable; default none);
                 public reads answer every origin
  --search-cache-bytes  most bytes of search pages kept, 0 for none (default 67108864)
  --max-json-depth      deepest nesting of a JSON body (default 400)
  --anonymous-limit     requests without a token per client address: <points>/<seconds>, or off (default 600/60)
  --failed-auth-limit   failed authentications per client address: <points>/<seconds>[/<block-seconds>], or off (default 10/600/900)
  --osv          OSV advisories (a .json file or a folder of them, e.g. osv.dev's npm export):
                 refuse packages whose requirements admit an affected version (default none)
  --min-contributors    fewest distinct deployments behind a published network aggregate (default 3)
  --purge-after  days between an erasure and its purge from the stored bytes (default 30)
  --audit-retention     days audit events are kept (default 2557, 7 years)
  --operator     a publisher whose token may read GET /api/v1/audit and POST /api/v1/purge (repeatable)

       npm run registry -- purge --db <file|url> [--network-id <id>] [--network-shards <n>]

  purge          compact erased contributions out of the database now (new network epoch,
                 database files scrubbed); on SQLite, stop the registry first
  --webhooks     publishers' webhooks: https (deliver to https URLs on public addresses only),
                 any (http, loopback and private networks too), or off (feeds only)
                 (default https)

Environment: POLLINATE_TOKENS="publisher:token,…" grants write access.
             POLLINATE_AUDITOR_TOKENS="auditor:token,…" may record attestations (POST …/attestations).
             POLLINATE_MODERATOR_TOKENS="moderator:token,…" may accept or reject reviews (/moderation).
             POLLINATE_ATTESTATION_KEY=<64 hex digits> is the Ed25519 key that signs attestations
             (default: random per process, so signatures verify only against that process's key).
             POLLINATE_NETWORK_SECRET=<64+ hex digits> keys the custodial signing keys of
             HTTP contributions (default: 32 random bytes generated once and kept in the
             database, shared by every instance and restart).`;

/** `--network-shards`: a power of two, 1 … 65,536. */
function networkShards(value: string): number {
  const shards = Number(value);
  if (!Number.isInteger(shards) || shards < 1 || shards > 65_536 || (shards & (shards - 1)) !== 0) {
    throw usage('--network-shards must be a power of two from 1 to 65536');
  }
  return shards;
}

/** What the command line asks for: help, serving, or an on-demand purge. */
export type RegistryCommand =
  | { help: true }
  | {
      help: false;
      options: StartRegistryOptions;
      /** Set for `purge`: run an on-demand purge with these options instead of serving. */
      purge?: PurgeRegistryOptions;
    };

/**
 * Parses the registry's command-line flags (node:util `parseArgs`, strict).
 *
 * @param argv - the arguments after the script name
 * @param env - the environment (`POLLINATE_TOKENS`, `POLLINATE_AUDITOR_TOKENS`,
 *   `POLLINATE_MODERATOR_TOKENS`, `POLLINATE_ATTESTATION_KEY`, `POLLINATE_NETWORK_SECRET`)
 * @returns `{ help: true }` for `--help`, else the {@link StartRegistryOptions}
 * @throws {PollinateError} `E_USAGE` for an unknown flag or a bad value (the message says which)
 * @example
 * ```ts
 * const command = parseRegistryCommand(['--port', '0', '--db', ':memory:'], process.env);
 * ```
 */
export function parseRegistryCommand(
  argv: readonly string[],
  env: Record<string, string | undefined>,
): RegistryCommand {
  let values: ReturnType<typeof parse>['values'];
  let positionals: string[];
  function parse() {
    return parseArgs({
      args: [...argv],
      options: {
        port: { type: 'string', default: '4873' },
        db: { type: 'string', default: './registry.db' },
        host: { type: 'string', default: '127.0.0.1' },
        'body-limit': { type: 'string' },
        'rate-limit': { type: 'string' },
        synchronous: { type: 'string', default: 'full' },
        'network-id': { type: 'string' },
        'network-shards': { type: 'string' },
        'network-loaded-shards': { type: 'string' },
        'search-cache': { type: 'string' },
        'cors-origin': { type: 'string', multiple: true },
        'pool-size': { type: 'string' },
        'statement-timeout': { type: 'string' },
        'search-cache-bytes': { type: 'string' },
        'max-json-depth': { type: 'string' },
        'anonymous-limit': { type: 'string' },
        'failed-auth-limit': { type: 'string' },
        osv: { type: 'string' },
        'min-contributors': { type: 'string' },
        'purge-after': { type: 'string' },
        'audit-retention': { type: 'string' },
        operator: { type: 'string', multiple: true },
        webhooks: { type: 'string', default: 'https' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: true,
    });
  }
  try {
    ({ values, positionals } = parse());
  } catch (error) {
    throw usage((error as Error).message);
  }
  if (values.help) return { help: true };
  if (positionals.length > 1 || (positionals.length === 1 && positionals[0] !== 'purge')) {
    throw usage(`unknown command ${JSON.stringify(positionals.join(' '))} (the only command is purge)`);
  }
  if (positionals[0] === 'purge') {
    return {
      help: false,
      options: { db: values.db },
      purge: {
        db: values.db,
        ...(values['network-id'] === undefined ? {} : { networkId: values['network-id'] }),
        ...(values['network-shards'] === undefined
          ? {}
          : { shards: networkShards(values['network-shards']) }),
      },
    };
  }
  const port = Number(values.port);
  if (!/^\d+$/.test(values.port) || port > 65_535) throw usage(`--port must be 0–65535, got ${values.port}`);
  const options: StartRegistryOptions = {
    port,
    db: values.db,
    hostname: values.host,
    ...(env.POLLINATE_TOKENS === undefined ? {} : { tokens: env.POLLINATE_TOKENS }),
    ...(env.POLLINATE_AUDITOR_TOKENS === undefined ? {} : { auditorTokens: env.POLLINATE_AUDITOR_TOKENS }),
    ...(env.POLLINATE_MODERATOR_TOKENS === undefined
      ? {}
      : { moderatorTokens: env.POLLINATE_MODERATOR_TOKENS }),
  };
  if (values.webhooks === 'off') options.webhooks = false;
  else if (values.webhooks === 'any') options.webhooks = { allowHttp: true, allowPrivateNetworks: true };
  else if (values.webhooks !== 'https') throw usage('--webhooks must be https, any or off');
  const attestationKey = env.POLLINATE_ATTESTATION_KEY;
  if (attestationKey !== undefined && attestationKey !== '') {
    if (!/^[0-9a-fA-F]{64}$/.test(attestationKey)) {
      throw usage('POLLINATE_ATTESTATION_KEY must be 64 hex digits (an Ed25519 private key of 32 bytes)');
    }
    options.attestationKey = attestationKey.toLowerCase();
  }
  if (values.osv !== undefined) {
    try {
      options.advisories = loadOsvAdvisories(values.osv);
    } catch (error) {
      throw usage(`--osv: ${(error as Error).message}`);
    }
  }
  if (values['body-limit'] !== undefined) {
    const bytes = Number(values['body-limit']);
    if (!Number.isInteger(bytes) || bytes < 1) throw usage('--body-limit must be a positive integer');
    options.bodyLimitBytes = bytes;
  }
  const rate = values['rate-limit'];
  if (rate === 'off') options.rateLimit = false;
  else if (rate !== undefined) {
    const match = /^(\d+)\/(\d+(?:\.\d+)?)$/.exec(rate);
    const capacity = Number(match?.[1]);
    const refillPerSecond = Number(match?.[2]);
    if (!match || capacity < 1 || refillPerSecond <= 0)
      throw usage('--rate-limit must be <capacity>/<per-second> or off');
    options.rateLimit = { capacity, refillPerSecond };
  }
  if (values.synchronous !== 'full' && values.synchronous !== 'normal') {
    throw usage('--synchronous must be full or normal');
  }
  options.synchronous = values.synchronous;
  if (values['search-cache'] !== undefined) {
    const entries = Number(values['search-cache']);
    if (!Number.isInteger(entries) || entries < 0) throw usage('--search-cache must be an integer ≥ 0');
    options.searchCacheEntries = entries;
  }
  if (values['cors-origin'] !== undefined) {
    try {
      options.corsOrigins = parseCorsOrigins(values['cors-origin']);
    } catch (error) {
      throw usage(`--cors-origin: ${(error as Error).message}`);
    }
  }
  if (values['pool-size'] !== undefined) {
    const size = Number(values['pool-size']);
    if (!Number.isInteger(size) || size < 1 || size > 1000)
      throw usage('--pool-size must be an integer 1–1000');
    options.poolSize = size;
  }
  if (values['statement-timeout'] !== undefined) {
    const ms = Number(values['statement-timeout']);
    if (!Number.isInteger(ms) || ms < 0)
      throw usage('--statement-timeout must be an integer ≥ 0 (milliseconds)');
    options.statementTimeoutMs = ms;
  }
  if (values['network-id'] !== undefined) options.network = { networkId: values['network-id'] };
  if (values['network-shards'] !== undefined) {
    options.network = { ...options.network, shards: networkShards(values['network-shards']) };
  }
  if (values['network-loaded-shards'] !== undefined) {
    const held = Number(values['network-loaded-shards']);
    if (!Number.isInteger(held) || held < 0 || held > 65_536)
      throw usage('--network-loaded-shards must be an integer 0–65536 (0: every shard)');
    options.network = { ...options.network, maxLoadedShards: held };
  }
  if (values['search-cache-bytes'] !== undefined) {
    const bytes = Number(values['search-cache-bytes']);
    if (!Number.isInteger(bytes) || bytes < 0) throw usage('--search-cache-bytes must be an integer ≥ 0');
    options.searchCacheBytes = bytes;
  }
  if (values['max-json-depth'] !== undefined) {
    const depth = Number(values['max-json-depth']);
    if (!Number.isInteger(depth) || depth < 1) throw usage('--max-json-depth must be a positive integer');
    options.maxJsonDepth = depth;
  }
  if (values['min-contributors'] !== undefined) {
    const n = Number(values['min-contributors']);
    if (!Number.isInteger(n) || n < 1) throw usage('--min-contributors must be a positive integer');
    options.minContributors = n;
  }
  if (values['purge-after'] !== undefined) {
    const days = Number(values['purge-after']);
    if (!Number.isFinite(days) || days < 0) throw usage('--purge-after must be a number of days ≥ 0');
    options.purgeAfterDays = days;
  }
  if (values['audit-retention'] !== undefined) {
    const days = Number(values['audit-retention']);
    if (!Number.isFinite(days) || days < 1) throw usage('--audit-retention must be a number of days ≥ 1');
    options.auditRetentionDays = days;
  }
  if (values.operator !== undefined) {
    for (const operator of values.operator) {
      if (!TeamIdSchema.safeParse(operator).success)
        throw usage(`--operator ${operator} is not a publisher id`);
    }
    options.operators = values.operator;
  }
  const anonymous = windowLimit(values['anonymous-limit'], '--anonymous-limit');
  const failedAuth = windowLimit(values['failed-auth-limit'], '--failed-auth-limit');
  if (anonymous !== undefined || failedAuth !== undefined) {
    options.addressRateLimit = {
      ...(anonymous === undefined ? {} : { anonymous }),
      ...(failedAuth === undefined ? {} : { failedAuth }),
    };
  }
  const secret = env.POLLINATE_NETWORK_SECRET;
  if (secret !== undefined && secret !== '') {
    if (!/^(?:[0-9a-fA-F]{2}){32,}$/.test(secret)) {
      throw usage('POLLINATE_NETWORK_SECRET must be at least 64 hex digits (32 bytes)');
    }
    options.network = {
      ...options.network,
      signingSecret: Uint8Array.from(secret.match(/../g)!, (pair) => Number.parseInt(pair, 16)),
    };
  }
  return { help: false, options };
}

/** `<points>/<seconds>[/<block-seconds>]` or `off`; `undefined` when the flag is absent. */
function windowLimit(value: string | undefined, flag: string): WindowLimit | false | undefined {
  if (value === undefined) return undefined;
  if (value === 'off') return false;
  const match = /^(\d+)\/(\d+)(?:\/(\d+))?$/.exec(value);
  const points = Number(match?.[1]);
  const durationSeconds = Number(match?.[2]);
  if (!match || points < 1 || durationSeconds < 1) {
    throw usage(`${flag} must be <points>/<seconds>[/<block-seconds>] (each ≥ 1) or off`);
  }
  return { points, durationSeconds, ...(match[3] === undefined ? {} : { blockSeconds: Number(match[3]) }) };
}

function usage(message: string): PollinateError {
  return new PollinateError('E_USAGE', message);
}
