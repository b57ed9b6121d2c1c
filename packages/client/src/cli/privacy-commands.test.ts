import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningRegistry, startRegistry } from '../../../../examples/registry-server/src/index.js';
import { captureCli } from './capture.js';
import { EXIT_CODES } from './program.js';

const ACME = 'acme-token-0123456789';
const OPS = 'ops0-token-0123456789';
const dir = mkdtempSync(join(tmpdir(), 'pollinate-cli-privacy-'));
let registry: RunningRegistry;

beforeAll(async () => {
  registry = await startRegistry({
    db: join(dir, 'registry.db'),
    tokens: `acme:${ACME},ops:${OPS}`,
    operators: ['ops'],
    synchronous: 'normal',
    maintenanceIntervalMs: 0,
  });
});
afterAll(async () => {
  await registry?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function run(args: string[], token = ACME): Promise<{ code: number; stdout: string; stderr: string }> {
  return captureCli(args, { env: { POLLINATE_REGISTRY: registry.url, POLLINATE_TOKEN: token }, cwd: dir });
}

function migration(contributor: string, durationHours: number) {
  return {
    id: 'cli-migration-1',
    contributor,
    sourceCloud: 'aws',
    targetCloud: 'gcp',
    strategy: 'replatform',
    resourceTypes: ['RDS'],
    steps: [{ action: 'export snapshot', durationSeconds: 600, success: true }],
    success: true,
    durationHours,
    costSavingsPercent: 12,
    contributedAt: '2026-11-20T10:00:00Z',
  };
}

describe('pollinate consent, rectify, audit and purge', () => {
  it('exercises every right from the command line, and operators read the audit log', async () => {
    const shown = await run(['--json', 'consent', 'show']);
    expect(shown.code).toBe(EXIT_CODES.ok);
    const { pseudonym, granted } = JSON.parse(shown.stdout);
    expect(granted).toBe(false);
    const granting = await run(['consent', 'grant']);
    expect(granting.code).toBe(EXIT_CODES.ok);
    expect(granting.stdout).toMatch(/consent\s+granted/);
    expect(granting.stdout).toContain('opt-in');

    writeFileSync(join(dir, 'migration.json'), JSON.stringify(migration(pseudonym, 4)));
    expect((await run(['contribute', 'migration.json', '--consent'])).code).toBe(EXIT_CODES.ok);
    writeFileSync(join(dir, 'corrected.json'), JSON.stringify(migration(pseudonym, 5)));
    const rectified = await run(['rectify', 'corrected.json']);
    expect([rectified.code, rectified.stdout]).toEqual([EXIT_CODES.ok, 'rectified cli-migration-1\n']);
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ ...migration(pseudonym, 5), durationHours: -1 }));
    expect((await run(['rectify', 'bad.json'])).code).toBe(EXIT_CODES.usage);

    const unconfirmed = await run(['consent', 'withdraw']);
    expect(unconfirmed.code).toBe(EXIT_CODES.usage);
    expect(unconfirmed.stderr).toContain('--yes');
    const withdrawn = await run(['--json', 'consent', 'withdraw', '--yes']);
    expect(JSON.parse(withdrawn.stdout)).toMatchObject({ granted: false, erased: 1 });
    const refused = await run(['contribute', 'migration.json', '--consent']);
    expect(refused.code).toBe(EXIT_CODES.auth);
    expect(refused.stderr).toContain('withdrew its consent');

    expect((await run(['audit'])).code).toBe(EXIT_CODES.auth);
    const audit = await run(['--json', 'audit', '--pseudonym', pseudonym], OPS);
    expect(audit.code).toBe(EXIT_CODES.ok);
    expect(JSON.parse(audit.stdout).events.map((event: { type: string }) => event.type)).toEqual([
      'consent.granted',
      'contribution',
      'rectification',
      'consent.withdrawn',
      'erasure',
    ]);
    const table = await run(['audit', '--type', 'erasure'], OPS);
    expect(table.stdout).toMatch(/erasure\s+acme\s+\S+\s+contributions=1/);

    expect((await run(['purge'], OPS)).code).toBe(EXIT_CODES.usage);
    expect((await run(['purge', '--yes'])).code).toBe(EXIT_CODES.auth);
    const purged = await run(['--json', 'purge', '--yes'], OPS);
    expect(JSON.parse(purged.stdout)).toMatchObject({ erasures: 1, epoch: 1, contributions: 0 });
  });
});
