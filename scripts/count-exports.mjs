// Counts the public surface of every built package entry point: the names its `.d.ts`
// exports (types and values, through the TypeScript checker, so `export *` chains are
// followed) and the keys of the module at run time (`import()` of the ESM build).
// Run after `npm run build`:  node scripts/count-exports.mjs [--names]
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';

const root = resolve(import.meta.dirname, '..');
const showNames = process.argv.includes('--names');
const workspaces = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).workspaces.filter((path) =>
  path.startsWith('packages/'),
);

function declarationNames(file) {
  const program = ts.createProgram([file], { skipLibCheck: true, noEmit: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  const symbol = source && checker.getSymbolAtLocation(source);
  return symbol ? checker.getExportsOfModule(symbol).map((item) => item.getName()) : [];
}

const rows = [];
for (const workspace of workspaces) {
  const dir = join(root, workspace);
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
    const entry = typeof target === 'object' ? target.import : undefined;
    if (!entry || typeof entry !== 'object') continue;
    const types = join(dir, entry.types);
    const code = join(dir, entry.default);
    const names = declarationNames(types);
    let runtime = [];
    try {
      runtime = Object.keys(await import(pathToFileURL(code).href));
    } catch (error) {
      runtime = [`(import failed: ${error.message})`];
    }
    rows.push({ entry: join(manifest.name, subpath), types: names.length, runtime: runtime.length });
    if (showNames)
      console.log(
        `${join(manifest.name, subpath)}\n  d.ts: ${names.sort().join(', ')}\n  run time: ${runtime.sort().join(', ')}`,
      );
  }
}
console.log('| entry | names in .d.ts | keys at run time |\n| --- | ---: | ---: |');
for (const row of rows) console.log(`| \`${row.entry}\` | ${row.types} | ${row.runtime} |`);
void dirname;
