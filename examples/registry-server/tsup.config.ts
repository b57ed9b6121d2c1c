import { defineConfig } from 'tsup';

/**
 * The registry's start path: one Node process running `dist/main.js` (no npm → sh → tsx
 * chain that could outlive a SIGTERM). The workspace packages and npm dependencies stay
 * external, so the registry runs the same `@pollinate/*` builds users install.
 */
export default defineConfig({
  entry: { main: 'src/main.ts' },
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  tsconfig: 'tsconfig.json',
  sourcemap: true,
  clean: true,
  splitting: false,
  keepNames: true,
});
