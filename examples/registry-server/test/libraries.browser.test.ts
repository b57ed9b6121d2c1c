// Browser reality: core, search, reputation, the anonymizer and crdt-network (syncing with
// a real registry over HTTP) run inside Chromium, bundled with esbuild the way docs/browser.md
// says, and answer exactly what they answer in Node.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningRegistry, startRegistry } from '../src/index.js';
import { launchChromium, serveStatic } from './browser-harness.js';
import { runLibraries } from './fixtures/libraries-scenario.js';

const source = (path: string) => fileURLToPath(new URL(`../../../${path}`, import.meta.url));

/** esbuild: `@automerge/automerge` → its `slim` build (the wasm is initialized by the entry). */
const automergeSlim: Plugin = {
  name: 'automerge-slim',
  setup(build) {
    build.onResolve({ filter: /^@automerge\/automerge$/ }, (args) =>
      build.resolve('@automerge/automerge/slim', { kind: args.kind, resolveDir: args.resolveDir }),
    );
  },
};

let dir: string;
let registry: RunningRegistry;
let server: Awaited<ReturnType<typeof serveStatic>>;
let browser: Browser;
let bundleBytes = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pollinate-libs-'));
  const bundled = await build({
    entryPoints: [fileURLToPath(new URL('./fixtures/libraries-entry.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    plugins: [automergeSlim],
    alias: {
      '@pollinate/crdt-network/anonymize': source('packages/crdt-network/src/anonymize.ts'),
      '@pollinate/anonymize': source('packages/anonymize/src/index.ts'),
      '@pollinate/core/rdf': source('packages/core/src/index-rdf.ts'),
      '@pollinate/core/import': source('packages/core/src/index-import.ts'),
      '@pollinate/core/helpers': source('packages/core/src/index-helpers.ts'),
      '@pollinate/core/model': source('packages/core/src/index-model.ts'),
      '@pollinate/core': source('packages/core/src/index.ts'),
      '@pollinate/crdt-network': source('packages/crdt-network/src/index.ts'),
      '@pollinate/search': source('packages/search/src/index.ts'),
      '@pollinate/reputation': source('packages/reputation/src/index.ts'),
      '@pollinate/client': source('packages/client/src/index.ts'),
    },
    logLevel: 'warning',
  });
  const code = bundled.outputFiles[0]?.contents ?? new Uint8Array();
  bundleBytes = code.length;
  server = await serveStatic({
    '/': [
      'text/html',
      '<!doctype html><html lang="en"><head><title>libraries</title><script type="module" src="/libraries.js"></script></head><body></body></html>',
    ],
    '/libraries.js': ['text/javascript', code],
  });
  // The page's origin may write (network sync is a POST with a bearer token).
  registry = await startRegistry({
    db: ':memory:',
    rateLimit: false,
    tokens: 'deploy-lab:token-deploy-lab',
    corsOrigins: [`http://127.0.0.1:${server.port}`],
  });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await registry?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the libraries in Chromium', () => {
  it('core, search, reputation, the anonymizer and crdt-network sync give the same answers as in Node', async () => {
    const inNode = await runLibraries(registry.url, 'token-deploy-lab', 'node');
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`http://127.0.0.1:${server.port}/`);
    await page.waitForFunction(() => typeof window.runLibraries === 'function', undefined, {
      timeout: 20_000,
    });
    const inBrowser = await page.evaluate(
      ([url, token, peer]) => window.runLibraries(url as string, token as string, peer as string),
      [registry.url, 'token-deploy-lab', 'browser'],
    );
    expect(errors).toEqual([]);
    console.log(`library bundle: ${(bundleBytes / 1024).toFixed(0)} KiB (Automerge wasm inlined as base64)`);
    expect(inBrowser).toEqual(inNode);
    // The answers are real: the search found the retry patterns, the anonymizer removed the
    // identifiers, and replica B got replica A's three records through the registry.
    expect(inBrowser.search.ids).toContain('acme/retry-budget');
    expect(inBrowser.anonymizer.text).not.toContain('jane.doe@acme-corp.com');
    expect(inBrowser.anonymizer.text).not.toContain('10.20.30.40');
    expect(inBrowser.network.b).toEqual(inBrowser.network.a);
    expect(inBrowser.network.b[0]?.executions).toBe(3);
    await page.close();
  });
});
