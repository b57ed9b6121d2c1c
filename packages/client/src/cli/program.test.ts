import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type RunningRegistry,
  samplePackage,
  startRegistry,
} from '../../../../examples/registry-server/src/index.js';
import { type CapturedRun, captureCli } from './capture.js';
import { EXIT_CODES, runCli } from './program.js';

const TOKEN = 'acme-token-0123456789';
const dir = mkdtempSync(join(tmpdir(), 'pollinate-cli-'));
let registry: RunningRegistry;

beforeAll(async () => {
  registry = await startRegistry({
    db: join(dir, 'registry.db'),
    tokens: `acme:${TOKEN}`,
    synchronous: 'normal',
    // The migration search below shows one deployment's pattern; the default threshold is 3.
    minContributors: 1,
  });
});
afterAll(async () => {
  await registry?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function run(
  args: string[],
  env: Record<string, string | undefined> = {},
  stdin: Uint8Array = new Uint8Array(),
): Promise<CapturedRun> {
  return captureCli(args, { env: { POLLINATE_REGISTRY: registry.url, ...env }, cwd: dir, stdin });
}

function writePackage(path: string, id: string, version: string, extra: Record<string, unknown> = {}) {
  writeFileSync(path, JSON.stringify(samplePackage(id, version, { listing: extra })));
}

describe('pollinate CLI', () => {
  it('prints help with examples and every command', async () => {
    const result = await run(['--help']);
    expect(result.code).toBe(EXIT_CODES.ok);
    for (const command of [
      'search',
      'info',
      'publish',
      'review',
      'contribute',
      'migrations',
      'sync',
      'stats',
      'erase',
      'export',
    ]) {
      expect(result.stdout).toContain(command);
    }
    expect(result.stdout).toContain('Examples:');
    expect(result.stdout).toContain('Exit codes:');
  });

  it('rejects unknown commands and bad options with the usage exit code', async () => {
    expect((await run(['frobnicate'])).code).toBe(EXIT_CODES.usage);
    const badLimit = await run(['search', 'retry', '--limit', '0']);
    expect(badLimit.code).toBe(EXIT_CODES.usage);
    expect(badLimit.stderr).toContain('--limit');
  });

  it('publishes a folder of packages, then refuses a re-publish with the conflict exit code', async () => {
    const folder = join(dir, 'patterns');
    mkdirSync(folder);
    writePackage(join(folder, 'a.json'), 'acme/cli-retry', '1.0.0', { tags: ['retry'] });
    writePackage(join(folder, 'b.json'), 'acme/cli-cache', '1.0.0', { tags: ['cache'] });
    writePackage(join(folder, 'c.json'), 'acme/cli-saga', '1.0.0', { tags: ['saga'] });
    const published = await run(['publish', 'patterns', '--json'], { POLLINATE_TOKEN: TOKEN });
    expect(published.code).toBe(EXIT_CODES.ok);
    const body = JSON.parse(published.stdout) as { published: number; failed: number };
    expect(body).toMatchObject({ published: 3, failed: 0 });

    writePackage(join(folder, 'd.json'), 'acme/cli-outbox', '1.0.0', { tags: ['outbox'] });
    writePackage(join(folder, 'e.json'), 'acme/cli-bulkhead', '1.0.0', { tags: ['bulkhead'] });
    let drawn = '';
    const terminal = new Writable({
      write(chunk, _encoding, done) {
        drawn += String(chunk);
        done();
      },
    });
    const code = await runCli(['publish', join(folder, 'd.json'), join(folder, 'e.json')], {
      stdout: () => {},
      stderr: () => {},
      stdoutBytes: () => {},
      readStdin: async () => new Uint8Array(),
      env: { POLLINATE_REGISTRY: registry.url, POLLINATE_TOKEN: TOKEN },
      isTTY: true,
      cwd: dir,
      progressStream: terminal,
    });
    expect(code).toBe(EXIT_CODES.ok);
    expect(drawn).toContain('publishing [');
    expect(drawn).toContain('2/2');

    const again = await run(['publish', 'patterns/a.json'], { POLLINATE_TOKEN: TOKEN });
    expect(again.code).toBe(EXIT_CODES.conflict);
    expect(again.stdout).toContain('E_VERSION_EXISTS');
    expect(again.stdout).toContain('0 published, 1 failed');
  });

  it('maps auth failures to exit code 4 and never prints the token', async () => {
    writePackage(join(dir, 'other.json'), 'zeta/cli-other', '1.0.0');
    const forbidden = await run(['publish', 'other.json'], { POLLINATE_TOKEN: TOKEN });
    expect(forbidden.code).toBe(EXIT_CODES.auth);
    const anonymous = await run(['publish', 'other.json', '--token', 'wrong-token-xyz-123']);
    expect(anonymous.code).toBe(EXIT_CODES.auth);
    expect(anonymous.stdout + anonymous.stderr).not.toContain('wrong-token-xyz-123');
  });

  it('searches with a table or JSON', async () => {
    const table = await run(['search', 'retry']);
    expect(table.code).toBe(EXIT_CODES.ok);
    expect(table.stdout).toMatch(/^ID\s+VERSION\s+SCORE/);
    expect(table.stdout).toContain('acme/cli-retry');
    const json = await run(['search', '--tag', 'saga', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ total: 1, hits: [{ id: 'acme/cli-saga' }] });
    const all = await run(['search', '--all', '--limit', '1', '--json']);
    expect((JSON.parse(all.stdout) as { hits: unknown[] }).hits).toHaveLength(5);
  });

  it('shows a pattern or a version, and exit code 3 for a missing one', async () => {
    const pattern = await run(['info', 'acme/cli-retry']);
    expect(pattern.code).toBe(EXIT_CODES.ok);
    expect(pattern.stdout).toContain('latest: 1.0.0');
    const version = await run(['info', 'acme/cli-retry@1.0.0', '--json']);
    expect(JSON.parse(version.stdout)).toMatchObject({ id: 'acme/cli-retry', version: '1.0.0' });
    const missing = await run(['info', 'acme/cli-none']);
    expect(missing.code).toBe(EXIT_CODES.notFound);
    expect(missing.stderr).toContain('404');
    const invalid = await run(['info', 'Not An Id']);
    expect(invalid.code).toBe(EXIT_CODES.usage);
  });

  it('submits a review', async () => {
    const result = await run(['review', 'acme/cli-cache', '--rating', '4', '--title', 'Good', '--json'], {
      POLLINATE_TOKEN: TOKEN,
    });
    expect(result.code).toBe(EXIT_CODES.ok);
    expect(JSON.parse(result.stdout)).toMatchObject({ review: { rating: 4, patternId: 'acme/cli-cache' } });
    expect((await run(['review', 'acme/cli-cache', '--rating', '9'])).code).toBe(EXIT_CODES.usage);
  });

  it('contributes only with --consent, then exports and erases', async () => {
    const record = {
      id: 'cli-m-1',
      contributor: 'deploy-cli-01',
      sourceCloud: 'azure',
      targetCloud: 'aws',
      strategy: 'rehost',
      resourceTypes: ['VM'],
      steps: [{ action: 'replicate disks', durationSeconds: 600, success: true }],
      success: true,
      durationHours: 2,
      costSavingsPercent: 10,
      contributedAt: '2026-11-20T10:00:00Z',
    };
    writeFileSync(join(dir, 'migration.json'), JSON.stringify([record]));
    const refused = await run(['contribute', 'migration.json'], { POLLINATE_TOKEN: TOKEN });
    expect(refused.code).toBe(EXIT_CODES.usage);
    expect(refused.stderr).toContain('--consent');
    const added = await run(['contribute', 'migration.json', '--consent'], { POLLINATE_TOKEN: TOKEN });
    expect(added.code).toBe(EXIT_CODES.ok);
    expect(added.stdout).toContain('added');
    // The registry signs with the publisher's custodial key and stores under its pseudonym.
    const again = await run(['contribute', 'migration.json', '--consent', '--json'], {
      POLLINATE_TOKEN: TOKEN,
    });
    const [result] = JSON.parse(again.stdout) as { contributor: string; created: boolean }[];
    expect(result?.created).toBe(false);
    const pseudonym = result!.contributor;

    const found = await run([
      'migrations',
      'search',
      '--source',
      'azure',
      '--target',
      'aws',
      '--resources',
      'VM',
    ]);
    expect(found.code).toBe(EXIT_CODES.ok);
    expect(found.stdout).toContain('azure:aws:rehost:VM');
    expect(found.stdout).toContain('1 matching pattern');
    const foundJson = await run([
      'migrations',
      'search',
      '--source',
      'azure',
      '--target',
      'aws',
      '--resources',
      'VM,Disk',
      '--json',
    ]);
    expect(JSON.parse(foundJson.stdout)).toMatchObject({
      totalMatches: 1,
      patterns: [{ patternId: 'azure:aws:rehost:VM', contributors: 1 }],
    });
    expect(
      (await run(['migrations', 'search', '--source', 'mars', '--target', 'aws', '--resources', 'VM'])).code,
    ).not.toBe(EXIT_CODES.ok);

    const exported = await run(['export', pseudonym, '--out', 'export.json'], {
      POLLINATE_TOKEN: TOKEN,
    });
    expect(exported.code).toBe(EXIT_CODES.ok);
    const file = JSON.parse(readFileSync(join(dir, 'export.json'), 'utf8')) as { contributions: unknown[] };
    expect(file.contributions).toHaveLength(1);

    expect((await run(['erase', pseudonym], { POLLINATE_TOKEN: TOKEN })).code).toBe(EXIT_CODES.usage);
    const erased = await run(['erase', pseudonym, '--yes', '--json'], { POLLINATE_TOKEN: TOKEN });
    expect(JSON.parse(erased.stdout)).toEqual({ pseudonym, erased: 1, purgeAfter: expect.any(String) });
  });

  it('prints stats as a table', async () => {
    const result = await run(['stats']);
    expect(result.code).toBe(EXIT_CODES.ok);
    expect(result.stdout).toMatch(/patterns\s+5/);
  });

  it('exchanges a sync message and reports refusals', async () => {
    writeFileSync(join(dir, 'junk.bin'), new Uint8Array([9, 9, 9]));
    const refused = await run(['sync', '--peer', 'cli-peer', '--in', 'junk.bin'], { POLLINATE_TOKEN: TOKEN });
    expect(refused.code).toBe(EXIT_CODES.usage);
    const { createNetwork, generateSyncMessage, initSyncState } = await import('@pollinate/crdt-network');
    const first = generateSyncMessage(createNetwork({ networkId: 'pollinate' }), initSyncState()).message;
    expect(first).not.toBeNull();
    const replied = await run(
      ['sync', '--peer', 'cli-peer', '--json'],
      { POLLINATE_TOKEN: TOKEN },
      first ?? undefined,
    );
    expect(replied.code).toBe(EXIT_CODES.ok);
    expect(JSON.parse(replied.stdout)).toMatchObject({ sent: first?.byteLength });
  });

  it('reports an unreachable registry with the network exit code', async () => {
    const result = await run(['stats', '--timeout', '2000'], { POLLINATE_REGISTRY: 'http://127.0.0.1:1' });
    expect(result.code).toBe(EXIT_CODES.network);
  });

  it('runs as a program from its bin entry', async () => {
    const entry = fileURLToPath(new URL('../cli.ts', import.meta.url));
    const failed = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', entry, 'info', 'acme/none'],
      {
        env: { ...process.env, POLLINATE_REGISTRY: registry.url },
      },
    ).catch((error: { code?: number; stderr?: string }) => error);
    expect(failed).toMatchObject({ code: EXIT_CODES.notFound });
    expect((failed as { stderr: string }).stderr).toContain('no pattern acme/none');
    expect(readFileSync(entry, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });
});
