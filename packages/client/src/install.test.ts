import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type RunningRegistry,
  samplePackage,
  startRegistry,
} from '../../../examples/registry-server/src/index.js';
import { captureCli } from './cli/capture.js';
import { createRegistryClient, type RegistryClient } from './client.js';
import {
  isDependencyResolutionError,
  isFingerprintMismatchError,
  LockfileSchema,
  resolveInstall,
} from './install.js';
import { fingerprintPackage } from './wire.js';

const TOKEN = 'acme-token-0123456789';
const dir = mkdtempSync(join(tmpdir(), 'pollinate-install-'));
let registry: RunningRegistry;
let client: RegistryClient;

beforeAll(async () => {
  registry = await startRegistry({
    db: join(dir, 'registry.db'),
    tokens: `acme:${TOKEN}`,
    synchronous: 'normal',
  });
  client = createRegistryClient({ baseUrl: registry.url, token: TOKEN, retry: { limit: 0 } });
  const publish = (id: string, version: string, dependencies: Record<string, string> = {}) =>
    client.publish(samplePackage(id, version, { listing: { dependencies } }));
  // The planted backtracking case: the newest acme/api needs acme/codec ^2, acme/store rules it out.
  await publish('acme/codec', '1.0.0');
  await publish('acme/codec', '1.4.0');
  await publish('acme/codec', '2.0.0');
  await publish('acme/store', '1.0.0', { 'acme/codec': '^1.2' });
  await publish('acme/api', '1.0.0', { 'acme/codec': '^1' });
  await publish('acme/api', '2.0.0', { 'acme/codec': '^2' });
  await publish('acme/app', '1.0.0', { 'acme/api': '*', 'acme/store': '^1' });
});
afterAll(async () => {
  await registry?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function cli(args: string[]) {
  return captureCli(args, { env: { POLLINATE_REGISTRY: registry.url }, cwd: dir });
}

describe('resolveInstall against the registry on loopback', () => {
  it('resolves by backtracking, dependencies first, with verified fingerprints', async () => {
    const plan = await resolveInstall(client, { 'acme/app': '^1' });
    expect(plan.resolution.installOrder).toEqual([
      'acme/codec@1.4.0',
      'acme/api@1.0.0',
      'acme/store@1.0.0',
      'acme/app@1.0.0',
    ]);
    for (const doc of plan.packages) expect(fingerprintPackage(doc.package)).toBe(doc.fingerprint);
    expect(plan.lockfile).toEqual(LockfileSchema.parse(plan.lockfile));
    expect(plan.lockfile.packages['acme/api']).toEqual({
      version: '1.0.0',
      fingerprint: plan.packages[1]!.fingerprint,
      dependencies: { 'acme/codec': '^1' },
    });
  });

  it('fails with the conflicting chain, and for a pattern the registry lacks', async () => {
    const error = await resolveInstall(client, { 'acme/store': '^1', 'acme/codec': '^2' }).catch(
      (e: unknown) => e,
    );
    expect(isDependencyResolutionError(error)).toBe(true);
    if (!isDependencyResolutionError(error)) return;
    expect(error.resolution.chain).toContainEqual({
      kind: 'dependency',
      requestedBy: 'acme/store@1.0.0',
      id: 'acme/codec',
      range: '^1.2',
    });
    const ghost = await resolveInstall(client, { 'acme/ghost': '*' }).catch((e: unknown) => e);
    expect(isDependencyResolutionError(ghost) && ghost.resolution.missing[0]?.id).toBe('acme/ghost');
  });

  it('refuses a download whose content does not match its fingerprint', async () => {
    const tampered = {
      listVersions: (id: string) => client.listVersions(id),
      getVersion: async (id: string, version: string) => {
        const doc = await client.getVersion(id, version);
        return { ...doc, package: { ...doc.package, examples: [] } };
      },
    };
    const error = await resolveInstall(tampered, { 'acme/codec': '^1' }).catch((e: unknown) => e);
    expect(isFingerprintMismatchError(error)).toBe(true);
  });
});

describe('pollinate install', () => {
  it('prints the install order, writes pollinate-lock.json, and adds to it on the next install', async () => {
    const first = await cli(['install', 'acme/app@^1']);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/1 +acme\/codec@1\.4\.0/);
    expect(first.stdout).toMatch(/4 packages resolved, fingerprints verified; wrote pollinate-lock\.json/);
    const lock = LockfileSchema.parse(JSON.parse(readFileSync(join(dir, 'pollinate-lock.json'), 'utf8')));
    expect(lock.requested).toEqual({ 'acme/app': '^1' });
    expect(lock.installOrder.at(-1)).toBe('acme/app@1.0.0');

    const json = await cli(['install', 'acme/codec', '--json']);
    expect(json.code).toBe(0);
    const body = JSON.parse(json.stdout) as { lock: { requested: Record<string, string> } };
    expect(body.lock.requested).toEqual({ 'acme/app': '^1', 'acme/codec': '*' });
  });

  it('exits 2 with the explanation when nothing resolves, and writes no lock file', async () => {
    const result = await cli(['install', 'acme/codec@^9', '--lockfile', 'other-lock.json']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/version solving failed/);
    expect(existsSync(join(dir, 'other-lock.json'))).toBe(false);
    expect((await cli(['install', 'Not An Id'])).code).toBe(2);
  });
});
