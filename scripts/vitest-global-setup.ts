import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Vitest global setup: makes sure the tests that need PostgreSQL have one. When
 * `POLLINATE_TEST_DATABASE_URL` is unset, it starts (or reuses) the loopback test server of
 * `scripts/postgres.sh` and exports its URL to every test worker. Tests create their own
 * databases or schemas inside it, so parallel test files never share tables.
 */
export default function setup(): void {
  if (process.env.POLLINATE_TEST_DATABASE_URL) return;
  const script = fileURLToPath(new URL('./postgres.sh', import.meta.url));
  const output = execFileSync('bash', [script], { encoding: 'utf8' }).trim().split('\n');
  process.env.POLLINATE_TEST_DATABASE_URL = output[output.length - 1];
}
