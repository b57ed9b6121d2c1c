// Builds dist/pollinate-elements.js: one self-contained ES module (Lit, d3, the client and
// its dependencies included) that a page loads with one <script type="module">.
// Usage: node scripts/build-bundle.mjs [outfile]. Also imported by the browser tests.

import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

/** The largest gzipped size the bundle may have, bytes (the issue's budget: 60 KB). */
export const BUNDLE_BUDGET_GZIP_BYTES = 60 * 1024;

/**
 * Bundles the elements from the monorepo's TypeScript sources (the `@pollinate/*` packages
 * are resolved to their `src/`, so no other package needs building first).
 *
 * @param {{ outfile?: string, write?: boolean }} [options]
 * @returns {Promise<{ outfile: string, bytes: number, gzipBytes: number, code: Uint8Array }>}
 */
export async function buildElementsBundle(options = {}) {
  const outfile = options.outfile ?? here('../dist/pollinate-elements.js');
  const alias = {};
  for (const name of ['core', 'client']) alias[`@pollinate/${name}`] = here(`../../${name}/src/index.ts`);
  const result = await build({
    entryPoints: [here('../src/index.ts')],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    charset: 'utf8',
    sourcemap: false,
    alias,
    write: options.write ?? true,
    logLevel: 'warning',
  });
  const code = result.outputFiles?.[0]?.contents ?? (await import('node:fs')).readFileSync(outfile);
  return { outfile, bytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length, code };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { outfile, bytes, gzipBytes } = await buildElementsBundle(
    process.argv[2] ? { outfile: process.argv[2] } : {},
  );
  console.log(`${outfile}: ${(bytes / 1024).toFixed(1)} KiB, ${(gzipBytes / 1024).toFixed(1)} KiB gzipped`);
  if (gzipBytes > BUNDLE_BUDGET_GZIP_BYTES) {
    console.error(`over the ${BUNDLE_BUDGET_GZIP_BYTES / 1024} KiB gzip budget`);
    process.exit(1);
  }
}
