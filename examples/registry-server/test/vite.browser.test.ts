// The Vite recipe of docs/browser.md, run: a page that imports @pollinate/crdt-network is
// built with Vite and vite-plugin-wasm (Automerge's default browser entry, its .wasm loaded as
// a module), served, and run in Chromium; two replicas merge and round-trip through bytes there
// and give the same patterns as in Node.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { build } from 'vite';
import wasm from 'vite-plugin-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, serveStatic } from './browser-harness.js';
import { networkScenario } from './fixtures/network-scenario.js';

const source = (path: string) => fileURLToPath(new URL(`../../../${path}`, import.meta.url));
const scenario = fileURLToPath(new URL('./fixtures/network-scenario.ts', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
};

let dir: string;
let browser: Browser;
let server: Awaited<ReturnType<typeof serveStatic>>;
let files: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pollinate-vite-'));
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>vite</title><script type="module" src="./main.js"></script></head><body></body></html>',
  );
  writeFileSync(
    join(dir, 'main.js'),
    `import { networkScenario } from ${JSON.stringify(scenario)};\nwindow.result = networkScenario();\n`,
  );
  // docs/browser.md, "Vite": the plugin, Automerge excluded from dependency pre-bundling. The
  // aliases only point the workspace packages at their sources (no build needed first).
  await build({
    root: dir,
    configFile: false,
    logLevel: 'warn',
    plugins: [wasm()],
    optimizeDeps: { exclude: ['@automerge/automerge'] },
    resolve: {
      alias: {
        '@pollinate/crdt-network': source('packages/crdt-network/src/index.ts'),
        '@pollinate/anonymize': source('packages/anonymize/src/index.ts'),
        '@pollinate/core/rdf': source('packages/core/src/index-rdf.ts'),
        '@pollinate/core/import': source('packages/core/src/index-import.ts'),
        '@pollinate/core/helpers': source('packages/core/src/index-helpers.ts'),
        '@pollinate/core/model': source('packages/core/src/index-model.ts'),
        '@pollinate/core': source('packages/core/src/index.ts'),
      },
    },
    build: { outDir: join(dir, 'dist'), target: 'es2022', minify: false },
  });
  const out = join(dir, 'dist');
  const served: Record<string, [string, string | Uint8Array]> = {};
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else
        served[`/${relative(out, path)}`] = [
          TYPES[extname(path)] ?? 'application/octet-stream',
          readFileSync(path),
        ];
    }
  };
  walk(out);
  served['/'] = served['/index.html'] as [string, Uint8Array];
  files = Object.keys(served);
  server = await serveStatic(served);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('crdt-network bundled with Vite (docs/browser.md recipe)', () => {
  it('emits the Automerge wasm as its own file and runs in Chromium with the answers Node gives', async () => {
    expect(files.some((file) => file.endsWith('.wasm'))).toBe(true);
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`http://127.0.0.1:${server.port}/`);
    await page.waitForFunction(() => 'result' in window, undefined, { timeout: 20_000 });
    const inBrowser = await page.evaluate(() => (window as unknown as { result: unknown }).result);
    expect(errors).toEqual([]);
    const inNode = networkScenario();
    expect(inBrowser).toEqual(inNode);
    expect(inNode.merged).toHaveLength(1);
    expect(inNode.merged[0]?.executions).toBe(4);
    await page.close();
  });
});
