import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRegistryClient, fingerprintPackage, type PublishResult } from '@pollinate/client';
import { afterAll, describe, expect, it } from 'vitest';
import { exited, waitForListening } from '../test/fixtures/registry-process.js';
import { samplePackage } from './fixtures.js';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
const ROOT_TSCONFIG = fileURLToPath(new URL('../../../tsconfig.json', import.meta.url));
const TOKEN = 'acme-token-0123456789';
const dir = mkdtempSync(join(tmpdir(), 'pollinate-main-'));
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** Starts `src/main.ts` as a child process and resolves with its URL once it prints the listening line. */
function startChild(db: string): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, '--port', '0', '--db', db], {
    env: { ...process.env, POLLINATE_TOKENS: `acme:${TOKEN}`, TSX_TSCONFIG_PATH: ROOT_TSCONFIG },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return waitForListening(child).then((listening) => ({ child, ...listening }));
}

describe('registry process', () => {
  it('keeps every acknowledged version intact across kill -9, then shuts down cleanly on SIGTERM', async () => {
    const db = join(dir, 'durable.db');
    const first = await startChild(db);
    const client = createRegistryClient({ baseUrl: first.url, token: TOKEN, retry: 0 });
    const acknowledged: PublishResult[] = [];
    for (let i = 0; i < 20; i++)
      acknowledged.push(await client.publish(samplePackage('acme/durable', `1.0.${i}`)));
    // A burst in flight when the process dies: some may land, none may be half-written.
    const inFlight = Array.from({ length: 10 }, (_, i) =>
      client.publish(samplePackage('acme/durable', `2.0.${i}`)).then(
        (result) => acknowledged.push(result),
        () => undefined,
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 15));
    first.child.kill('SIGKILL');
    await Promise.all(inFlight);
    expect(await exited(first.child)).toBeNull();

    const second = await startChild(db);
    const reader = createRegistryClient({ baseUrl: second.url });
    for (const ack of acknowledged) {
      const version = await reader.getVersion(ack.id, ack.version);
      expect(version.fingerprint, `${ack.id}@${ack.version}`).toBe(ack.fingerprint);
      expect(fingerprintPackage(version.package)).toBe(ack.fingerprint);
    }
    const versions = await reader.listVersions('acme/durable');
    expect(versions.length).toBeGreaterThanOrEqual(acknowledged.length);
    for (const summary of versions) {
      const version = await reader.getVersion('acme/durable', summary.version);
      expect(fingerprintPackage(version.package)).toBe(summary.fingerprint);
    }

    second.child.kill('SIGTERM');
    expect(await exited(second.child), second.output()).toBe(0);
    expect(second.output()).toContain('SIGTERM: shutting down');
  }, 90_000);
});
