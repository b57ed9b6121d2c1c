#!/usr/bin/env node
/**
 * Starts the reference registry from the command line:
 *
 *   npm run registry -- --port 4873 --db ./registry.db
 *
 * Tokens come from POLLINATE_TOKENS ("publisher:token,…"). Prints
 * `listening on http://127.0.0.1:<port>` once it accepts requests; SIGTERM and SIGINT
 * stop it cleanly (in-flight requests finish, the database is closed).
 */
import { parseArgs } from 'node:util';
import { startRegistry } from './registry.js';

const USAGE = `Usage: registry [--port <port>] [--db <file>] [--host <address>] [--body-limit <bytes>]
                [--rate-limit <capacity>/<per-second>|off] [--synchronous full|normal]

  --port         TCP port; 0 picks a free one (default 4873)
  --db           SQLite file, or :memory: (default ./registry.db)
  --host         interface to bind (default 127.0.0.1)
  --body-limit   largest request body in bytes (default 8388608)
  --rate-limit   per-token token bucket, e.g. 300/50, or off (default 300/50)
  --synchronous  SQLite sync level (default full)

Environment: POLLINATE_TOKENS="publisher:token,…" grants write access.`;

function fail(message: string): never {
  console.error(`registry: ${message}\n\n${USAGE}`);
  process.exit(2);
}

let values: ReturnType<typeof parse>['values'];
function parse() {
  return parseArgs({
    options: {
      port: { type: 'string', default: '4873' },
      db: { type: 'string', default: './registry.db' },
      host: { type: 'string', default: '127.0.0.1' },
      'body-limit': { type: 'string' },
      'rate-limit': { type: 'string' },
      synchronous: { type: 'string', default: 'full' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
}
try {
  values = parse().values;
} catch (error) {
  fail((error as Error).message);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535) fail(`--port must be 0–65535, got ${values.port}`);
const bodyLimitBytes = values['body-limit'] === undefined ? undefined : Number(values['body-limit']);
if (bodyLimitBytes !== undefined && !(Number.isInteger(bodyLimitBytes) && bodyLimitBytes > 0)) {
  fail('--body-limit must be a positive integer');
}
let rateLimit: { capacity: number; refillPerSecond: number } | false | undefined;
if (values['rate-limit'] === 'off') rateLimit = false;
else if (values['rate-limit'] !== undefined) {
  const [capacity, perSecond] = values['rate-limit'].split('/').map(Number);
  if (!(capacity && capacity >= 1 && perSecond && perSecond > 0)) fail('--rate-limit must be <capacity>/<per-second> or off');
  rateLimit = { capacity, refillPerSecond: perSecond };
}
if (values.synchronous !== 'full' && values.synchronous !== 'normal') fail('--synchronous must be full or normal');

try {
  const registry = await startRegistry({
    port,
    db: values.db,
    hostname: values.host,
    tokens: process.env.POLLINATE_TOKENS,
    synchronous: values.synchronous,
    ...(bodyLimitBytes === undefined ? {} : { bodyLimitBytes }),
    ...(rateLimit === undefined ? {} : { rateLimit }),
  });
  console.log(`listening on ${registry.url}`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    registry.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
} catch (error) {
  console.error(`registry: ${(error as Error).message}`);
  process.exit(1);
}
