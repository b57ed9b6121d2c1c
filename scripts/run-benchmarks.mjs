// Runs every `bench/*.bench.ts` file of the package in the current directory, one
// process each (so one benchmark's heap does not skew the next), and fails on the
// first failure. Used by each package's `npm run bench`.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = join(process.cwd(), 'bench');
const files = existsSync(dir)
  ? readdirSync(dir)
      .filter((name) => name.endsWith('.bench.ts'))
      .sort()
  : [];
if (files.length === 0) {
  console.log(`${process.env.npm_package_name ?? process.cwd()}: no benchmarks`);
  process.exit(0);
}
for (const file of files) {
  console.log(`\n## ${process.env.npm_package_name ?? ''} ${file}\n`);
  const result = spawnSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', join(dir, file), ...process.argv.slice(2)],
    {
      stdio: 'inherit',
      // Benchmarks import sibling packages from source through the root tsconfig paths.
      env: { ...process.env, TSX_TSCONFIG_PATH: join(import.meta.dirname, '..', 'tsconfig.json') },
    },
  );
  if (result.status !== 0) process.exit(result.status ?? 1);
}
