import { defineConfig, type Options } from 'tsup';

/**
 * The build every package shares: ESM + CJS + `.d.ts` for each public entry point,
 * targeting Node 20 and evergreen browsers.
 *
 * @param entry - entry name → source file, e.g. `{ index: 'src/index.ts' }`
 * @param overrides - tsup options that differ for one package (e.g. a CLI banner)
 */
export function packageBuild(entry: Record<string, string>, overrides: Options = {}) {
  return defineConfig({
    entry,
    format: ['esm', 'cjs'],
    // `stripInternal`: members tagged `@internal` in TSDoc leave the published `.d.ts`.
    dts: { compilerOptions: { composite: false, stripInternal: true } },
    tsconfig: 'tsconfig.json',
    target: 'es2022',
    platform: 'neutral',
    sourcemap: true,
    clean: true,
    splitting: false,
    treeshake: true,
    // Keep class and function names as written: esbuild otherwise renames a class that
    // refers to itself (`_ValidationError`), and `error.name` comes from the class name.
    keepNames: true,
    ...overrides,
  });
}
