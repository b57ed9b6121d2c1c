// Builds dist/pollinate-elements.js: one self-contained ES module (Lit, d3, the client and
// its dependencies included) that a page loads with one <script type="module">.
// Usage: tsx scripts/build-bundle.ts [outfile]. Also imported by the browser tests.

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The budget for the gzipped bundle, bytes (60 KiB), which the browser tests enforce. Core's
 * and the client's schemas are written with zod/mini, so the bundle carries only the schema
 * types and checks they use (about 12 KiB gzipped of zod instead of 27 KiB of its classic API).
 */
export const BUNDLE_BUDGET_GZIP_BYTES = 60 * 1024;

/** What {@link buildElementsBundle} built. */
export interface BuiltBundle {
  outfile: string;
  /** Size, bytes. */
  bytes: number;
  /** Size gzipped (level 9), bytes. */
  gzipBytes: number;
}

/**
 * Bundles the elements from the monorepo's TypeScript sources (the `@pollinate/*` packages
 * are resolved to their `src/`, so no other package needs building first).
 *
 * @param options - `outfile` @default dist/pollinate-elements.js
 * @returns the file and its sizes
 */
export async function buildElementsBundle(options: { outfile?: string } = {}): Promise<BuiltBundle> {
  const outfile = options.outfile ?? here('../dist/pollinate-elements.js');
  const alias: Record<string, string> = {};
  // Subpaths first: an alias also matches the paths below its name.
  for (const entry of ['rdf', 'import', 'helpers'])
    alias[`@pollinate/core/${entry}`] = here(`../../core/src/index-${entry}.ts`);
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
    write: false,
    logLevel: 'warning',
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  mkdirSync(dirname(outfile), { recursive: true });
  writeFileSync(outfile, code);
  return { outfile, bytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { outfile, bytes, gzipBytes } = await buildElementsBundle(
    process.argv[2] ? { outfile: process.argv[2] } : {},
  );
  console.log(`${outfile}: ${(bytes / 1024).toFixed(1)} KiB, ${(gzipBytes / 1024).toFixed(1)} KiB gzipped`);
  if (gzipBytes > BUNDLE_BUDGET_GZIP_BYTES) {
    console.warn(`warning: over the ${BUNDLE_BUDGET_GZIP_BYTES / 1024} KiB gzip budget`);
  }
}
