// The published builds (tsup/esbuild) must keep every class's name: `error.name` and
// `Class.name` are what users log, switch on and see in stack traces. esbuild renames a
// class that refers to itself (`_ValidationError`) unless `keepNames` is on.

import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

/** Every built entry point of every package, ESM and CJS. */
const ENTRIES = [
  'packages/core/dist/index',
  'packages/crdt-network/dist/index',
  'packages/crdt-network/dist/anonymize/index',
  'packages/search/dist/index',
  'packages/reputation/dist/index',
  'packages/client/dist/index',
];

describe('built packages keep class names', () => {
  it('has a build to test (npm ci builds it; npm run build rebuilds it)', () => {
    for (const entry of ENTRIES) expect(existsSync(`${root}${entry}.js`), `${entry}.js`).toBe(true);
  });

  for (const entry of ENTRIES) {
    for (const format of ['esm', 'cjs'] as const) {
      it(`${entry} (${format}): every exported class is named as exported`, async () => {
        const file = `${root}${entry}.${format === 'esm' ? 'js' : 'cjs'}`;
        const module: Record<string, unknown> =
          format === 'esm' ? await import(pathToFileURL(file).href) : require(file);
        const classes = Object.entries(module).filter(
          ([, value]) =>
            typeof value === 'function' && /^class\b/.test(Function.prototype.toString.call(value)),
        );
        const errors = classes.filter(
          ([, value]) => (value as { prototype: unknown }).prototype instanceof Error,
        );
        expect(errors.length).toBeGreaterThan(0);
        for (const [exported, value] of classes) expect((value as { name: string }).name).toBe(exported);
      });
    }
  }

  it('an error built from the dist says its own name (e.name, not _ValidationError)', async () => {
    const core = await import(pathToFileURL(`${root}packages/core/dist/index.js`).href);
    const error = new core.ValidationError([{ path: ['id'], message: 'bad' }], 'listing');
    expect(error.name).toBe('ValidationError');
    expect(String(error)).toMatch(/^ValidationError: Invalid listing at id: bad/);
    const client = require(`${root}packages/client/dist/index.cjs`);
    expect(new client.ConsentRequiredError().name).toBe('ConsentRequiredError');
  });
});
