// `pollinate publish <folder>` against the real registry on loopback: a pattern folder
// (pattern.json + README.md + …) is read the way the quickstart reads the catalog, and a
// refused publish shows its whole reason (wrapped in the table, the problem body in --json).
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningRegistry, startRegistry } from '../../../../examples/registry-server/src/index.js';
import { createRegistryClient } from '../client.js';
import { captureCli } from './capture.js';
import { EXIT_CODES } from './program.js';

const TOKEN = 'guild-token-0123456789';
const catalog = fileURLToPath(new URL('../../../../examples/catalog', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'pollinate-publish-folder-'));
let registry: RunningRegistry;

beforeAll(async () => {
  registry = await startRegistry({
    db: join(dir, 'registry.db'),
    tokens: `resilience-guild:${TOKEN}`,
    synchronous: 'normal',
  });
});
afterAll(async () => {
  await registry?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function run(args: string[], cwd = dir) {
  return captureCli(args, { env: { POLLINATE_REGISTRY: registry.url, POLLINATE_TOKEN: TOKEN }, cwd });
}

describe('pollinate publish <pattern folder>', () => {
  it('publishes examples/catalog/resilience-guild/timeout with its README as documentation', async () => {
    const result = await run(['publish', 'resilience-guild/timeout'], catalog);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(EXIT_CODES.ok);
    expect(result.stdout).toContain('✓ resilience-guild/timeout@1.4.0');
    expect(result.stdout).toContain('1 published, 0 failed');
    const stored = await createRegistryClient({ baseUrl: registry.url }).getVersion(
      'resilience-guild/timeout',
      '1.4.0',
    );
    const readme = readFileSync(join(catalog, 'resilience-guild/timeout/README.md'), 'utf8');
    expect(stored.package.documentation.readme).toBe(readme);
    expect(stored.package.documentation.apiReference).toBeTruthy();
    expect(stored.package.examples[0]).toMatchObject({ title: 'Share one deadline across calls' });
  });

  it('publishes every version of a pattern folder with versions/, oldest first', async () => {
    const result = await run(['publish', join(catalog, 'resilience-guild/circuit-breaker'), '--json']);
    expect(result.code).toBe(EXIT_CODES.ok);
    const body = JSON.parse(result.stdout) as { published: number; results: { version: string }[] };
    const versions = body.results.map((r) => r.version);
    expect(versions.length).toBeGreaterThan(1);
    expect(body.published).toBe(versions.length);
    const pattern = await createRegistryClient({ baseUrl: registry.url }).getPattern(
      'resilience-guild/circuit-breaker',
    );
    expect(pattern.distTags.latest).toBe(versions.at(-1));
  });

  it('shows the whole reason of a refused publish, wrapped, and keeps the problem body in --json', async () => {
    // The timeout pattern without its "Quick start" section fails a quality gate.
    const folder = join(dir, 'no-quick-start');
    cpSync(join(catalog, 'resilience-guild/timeout'), folder, { recursive: true });
    const readme = readFileSync(join(folder, 'README.md'), 'utf8').replace('## Quick start', '## Overview');
    writeFileSync(join(folder, 'README.md'), readme);
    const manifest = JSON.parse(readFileSync(join(folder, 'pattern.json'), 'utf8'));
    manifest.listing.version = '9.0.0';
    writeFileSync(join(folder, 'pattern.json'), JSON.stringify(manifest));

    const table = await run(['publish', 'no-quick-start']);
    expect(table.code).toBe(EXIT_CODES.usage);
    expect(table.stdout).toContain('✗ E_NOT_PUBLISHABLE');
    const gate = 'The README needs a "Quick start", "Getting started" or "Usage" heading';
    // Wrapped onto several lines, never cut: the words of the reason are all there, in order.
    expect(table.stdout.replace(/\s+/g, ' ')).toContain(gate.replace(/\s+/g, ' '));
    expect(table.stdout).not.toContain('…');
    for (const line of table.stdout.split('\n'))
      expect(line.length).toBeLessThanOrEqual(60 + 2 + 22 + 2 + 70);

    const json = await run(['publish', 'no-quick-start', '--json']);
    const body = JSON.parse(json.stdout) as {
      failed: number;
      results: { code: string; problem: Record<string, unknown>; issues: { message: string }[] }[];
    };
    expect(body.failed).toBe(1);
    const [failure] = body.results;
    expect(failure?.code).toBe('E_NOT_PUBLISHABLE');
    expect(failure?.problem).toMatchObject({ status: 422, code: 'E_NOT_PUBLISHABLE' });
    expect(JSON.stringify(failure?.problem)).toContain('readme-quick-start');
    expect(failure?.issues.some((issue) => issue.message.includes(gate))).toBe(true);
  });

  it('reports a folder it cannot read (no README.md) as a failed row, not a crash', async () => {
    const folder = join(dir, 'no-readme');
    cpSync(join(catalog, 'resilience-guild/timeout'), folder, { recursive: true });
    rmSync(join(folder, 'README.md'));
    const result = await run(['publish', 'no-readme']);
    expect(result.code).toBe(EXIT_CODES.failure);
    expect(result.stdout).toContain('README.md is missing');
    expect(result.stdout).toContain('0 published, 1 failed');
  });
});
