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
import { PollinateError } from '@pollinate/core';
import { parseRegistryCommand, REGISTRY_USAGE } from './command-line.js';
import { purgeRegistry, startRegistry } from './registry.js';

async function main(): Promise<void> {
  let command: ReturnType<typeof parseRegistryCommand>;
  try {
    command = parseRegistryCommand(process.argv.slice(2), process.env);
  } catch (error) {
    console.error(`registry: ${(error as Error).message}\n\n${REGISTRY_USAGE}`);
    process.exit(2);
  }
  if (command.help) {
    console.log(REGISTRY_USAGE);
    return;
  }
  if (command.purge) {
    const report = await purgeRegistry(command.purge);
    console.log(
      `purged: ${report.erasures} erasure request(s) completed, ${report.removedChanges} log row(s) compacted into epoch ${report.epoch}; ${report.contributions} contribution(s) remain`,
    );
    console.log(JSON.stringify(report));
    return;
  }
  const registry = await startRegistry(command.options);
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
}

main().catch((error: unknown) => {
  console.error(`registry: ${error instanceof PollinateError ? error.message : String(error)}`);
  process.exit(1);
});
