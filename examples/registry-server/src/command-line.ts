import { parseArgs } from 'node:util';
import { PollinateError } from '@pollinate/core';
import { parseCorsOrigins } from './cors.js';
import type { WindowLimit } from './middleware/address-rate-limit.js';
import { loadOsvAdvisories } from './osv-scanner.js';
import type { StartRegistryOptions } from './registry.js';

/** The usage text of `npm run registry`. */
export const REGISTRY_USAGE = `Usage: npm run registry -- [--port <port>] [--db <file|url>] [--host <address>]
         [--body-limit <bytes>] [--rate-limit <capacity>/<per-second>|off] [--synchronous full|normal]
         [--pool-size <n>] [--statement-timeout <ms>] [--osv <file|folder>]

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
  --search-cache search pages kept serialized, 0 for none (default 1000)
  --cors-origin  an origin whose pages may write from a browser (repeatable; default none);
                 public reads answer every origin
  --search-cache-bytes  most bytes of search pages kept, 0 for none (default 67108864)
  --max-json-depth      deepest nesting of a JSON body (default 400)
  --anonymous-limit     requests without a token per client address: <points>/<seconds>, or off (default 600/60)
  --failed-auth-limit   failed authentications per client address: <points>/<seconds>[/<block-seconds>], or off (default 10/600/900)
  --osv          OSV advisories (a .json file or a folder of them, e.g. osv.dev's npm export):
                 refuse packages whose requirements admit an affected version (default none)

Environment: POLLINATE_TOKENS="publisher:token,…" grants write access.
             POLLINATE_NETWORK_SECRET=<64+ hex digits> keys the custodial signing keys of
             HTTP contributions (default: 32 random bytes generated once and kept in the
             database, shared by every instance and restart).`;

/** What the command line asks for. */
export type RegistryCommand = { help: true } | { help: false; options: StartRegistryOptions };

/**
 * Parses the registry's command-line flags (node:util `parseArgs`, strict).
 *
 * @param argv - the arguments after the script name
 * @param env - the environment (`POLLINATE_TOKENS`, `POLLINATE_NETWORK_SECRET`)
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
        'search-cache': { type: 'string' },
        'cors-origin': { type: 'string', multiple: true },
        'pool-size': { type: 'string' },
        'statement-timeout': { type: 'string' },
        'search-cache-bytes': { type: 'string' },
        'max-json-depth': { type: 'string' },
        'anonymous-limit': { type: 'string' },
        'failed-auth-limit': { type: 'string' },
        osv: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    });
  }
  try {
    values = parse().values;
  } catch (error) {
    throw usage((error as Error).message);
  }
  if (values.help) return { help: true };
  const port = Number(values.port);
  if (!/^\d+$/.test(values.port) || port > 65_535) throw usage(`--port must be 0–65535, got ${values.port}`);
  const options: StartRegistryOptions = {
    port,
    db: values.db,
    hostname: values.host,
    ...(env.POLLINATE_TOKENS === undefined ? {} : { tokens: env.POLLINATE_TOKENS }),
  };
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
    const shards = Number(values['network-shards']);
    if (!Number.isInteger(shards) || shards < 1 || shards > 65_536 || (shards & (shards - 1)) !== 0) {
      throw usage('--network-shards must be a power of two from 1 to 65536');
    }
    options.network = { ...options.network, shards };
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
