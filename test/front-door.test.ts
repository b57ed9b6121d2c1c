// The README's first steps on the built packages, as a user runs them from the
// repository root after `npm ci`: `npx pollinate --help`, then `pollinate publish` of a
// catalog pattern folder against a registry started with `npm run registry`.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { waitForListening } from '../examples/registry-server/test/fixtures/registry-process.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'pollinate-front-door-'));
const TOKEN = 'guild-token-0123456789';
let server: ChildProcess | undefined;

afterAll(() => {
  try {
    if (server?.pid) process.kill(-server.pid, 'SIGKILL');
  } catch {}
  rmSync(dir, { recursive: true, force: true });
});

function npx(args: string[], env: Record<string, string> = {}) {
  return spawnSync('npx', args, {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 60_000,
  });
}

function startRegistry(): Promise<string> {
  server = spawn('npm', ['run', 'registry', '--', '--port', '0', '--db', join(dir, 'registry.sqlite')], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, POLLINATE_TOKENS: `resilience-guild:${TOKEN}` },
  });
  return waitForListening(server).then((listening) => listening.url);
}

describe("the README's first steps", () => {
  it('npx pollinate --help works straight after install', () => {
    const result = npx(['pollinate', '--help']);
    expect(result.stderr).not.toContain('could not determine executable');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Usage: pollinate');
    expect(result.stdout).toContain('publish');
  });

  it('pollinate publish examples/catalog/resilience-guild/timeout publishes to npm run registry', async () => {
    const url = await startRegistry();
    const result = npx(['pollinate', 'publish', 'examples/catalog/resilience-guild/timeout'], {
      POLLINATE_REGISTRY: url,
      POLLINATE_TOKEN: TOKEN,
    });
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('✓ resilience-guild/timeout@1.4.0');
    expect(result.stdout).toContain('1 published, 0 failed');
    expect(result.status).toBe(0);
    const info = npx(['pollinate', 'info', 'resilience-guild/timeout', '--json'], {
      POLLINATE_REGISTRY: url,
    });
    expect(JSON.parse(info.stdout)).toMatchObject({
      id: 'resilience-guild/timeout',
      distTags: { latest: '1.4.0' },
    });
    server?.kill('SIGTERM');
  });
});
