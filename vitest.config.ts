import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * One Vitest run for the whole monorepo. Packages import each other by their public
 * names; the aliases point those names at the TypeScript sources so tests never need a
 * build first (the published `exports` maps point at `dist/`).
 */
export default defineConfig({
  resolve: {
    alias: [
      {
        find: /^@pollinate\/core\/(rdf|import|helpers|model)$/,
        replacement: source('./packages/core/src/index-$1.ts'),
      },
      {
        find: /^@pollinate\/crdt-network\/anonymize$/,
        replacement: source('./packages/crdt-network/src/anonymize.ts'),
      },
      {
        find: /^@pollinate\/(crdt-network|client)\/testing$/,
        replacement: source('./packages/$1/src/testing.ts'),
      },
      {
        find: /^@pollinate\/registry-store\/testing$/,
        replacement: source('./packages/registry-store/src/testing.ts'),
      },
      {
        find: /^@pollinate\/search\/word-vectors$/,
        replacement: source('./packages/search/src/english-word-vectors.ts'),
      },
      {
        find: /^@pollinate\/client\/pattern-folder$/,
        replacement: source('./packages/client/src/pattern-folder.ts'),
      },
      {
        find: /^@pollinate\/client\/install$/,
        replacement: source('./packages/client/src/install.ts'),
      },
      {
        find: /^@pollinate\/(core|anonymize|crdt-network|search|reputation|client|elements|registry-store)$/,
        replacement: source('./packages/$1/src/index.ts'),
      },
    ],
  },
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'examples/*/src/**/*.test.ts',
      'examples/*/test/**/*.test.ts',
      'test/**/*.test.ts',
    ],
    exclude: ['**/node_modules/**', '**/dist/**'],
    globalSetup: ['./scripts/vitest-global-setup.ts'],
    setupFiles: ['./scripts/vitest-fast-check-seed.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
