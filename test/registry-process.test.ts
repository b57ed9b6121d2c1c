// `npm run registry` is how the README starts the registry; SIGTERM or SIGINT to that npm
// process (what a process manager or Ctrl-C in a terminal sends) must stop the server:
// the port stops answering and no child process survives holding the database open.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { waitForListening } from '../examples/registry-server/test/fixtures/registry-process.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'pollinate-registry-process-'));
const started: ChildProcess[] = [];

afterAll(() => {
  // Each run is its own process group (detached): clean up whatever a failed test left.
  for (const child of started) {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {}
  }
  rmSync(dir, { recursive: true, force: true });
});

/** Processes whose command line mentions `needle` (ps, as on any POSIX system). */
function processesMentioning(needle: string): string[] {
  const lines = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' }).split('\n');
  return lines.filter((line) => line.includes(needle) && !line.includes('ps -eo'));
}

function startWithNpm(db: string): Promise<{ npm: ChildProcess; url: string; output: () => string }> {
  const npm = spawn('npm', ['run', 'registry', '--', '--port', '0', '--db', db], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, POLLINATE_TOKENS: 'acme:acme-token-0123456789' },
  });
  started.push(npm);
  return waitForListening(npm, 20_000).then((listening) => ({ npm, ...listening }));
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1_000) });
    return response.ok;
  } catch {
    return false;
  }
}

describe('npm run registry', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`stops the server when the npm process gets ${signal}`, async () => {
      const db = join(dir, `${signal}.sqlite`);
      const { npm, url, output } = await startWithNpm(db);
      expect(await answers(url)).toBe(true);
      // The start path is npm → node (sh execs node): nothing else holds the database.
      expect(processesMentioning(db).filter((line) => /\bnode\b.*dist\/main\.js/.test(line))).toHaveLength(1);
      expect(processesMentioning(db).some((line) => /\btsx\b/.test(line))).toBe(false);

      const exited = new Promise<number | null>((resolve) => npm.once('exit', (code) => resolve(code)));
      npm.kill(signal);
      await exited;
      // The server finishes shutting down within its 10 s grace period, usually at once.
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline && processesMentioning(db).length > 0) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(processesMentioning(db)).toEqual([]);
      expect(await answers(url)).toBe(false);
      expect(output()).toContain(`${signal}: shutting down`);
    });
  }
});
