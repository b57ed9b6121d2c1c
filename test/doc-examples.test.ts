// The doc-test step: every ```ts block of every README and every @example of the public
// API (TSDoc of what each package entry point exports) is type-checked with the project's
// compiler options and then run, so the documentation cannot drift from the code.
// Conventions (test/doc-examples/README.md): examples may use the prelude's globals
// (test/doc-examples/prelude.ts); a TSDoc example may use its package's public names
// without importing them; ```ts no-run is compiled but not run; ```ts signature is an API
// signature in shorthand, neither compiled nor run.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { compilerOptions, exampleModule, typeCheck } from './doc-examples/compile.js';
import { type DocExample, markdownExamples, tsdocExamples } from './doc-examples/extract.js';
import { resetGlobals, resetRegistry, setUpPrelude, tearDownPrelude } from './doc-examples/prelude.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, '.doc-examples');
const prelude = join(root, 'test/doc-examples/prelude.ts');

/**
 * Every public entry point: the root tsconfig's `paths` map each public module name
 * (`@pollinate/core`, `@pollinate/crdt-network/anonymize`, …) to its source.
 */
const ENTRIES = Object.entries(compilerOptions(join(root, 'tsconfig.json')).paths ?? {})
  .filter(([name]) => name.startsWith('@pollinate/'))
  .map(([name, [entry]]) => ({ entry: join(root, entry as string), package: name }));

/** Every README a user reads (the catalog's pattern READMEs are sample data, not ours to run). */
function readmes(): string[] {
  const files = [join(root, 'README.md')];
  for (const parent of ['packages', 'examples']) {
    for (const entry of readdirSync(join(root, parent), { withFileTypes: true })) {
      if (entry.isDirectory() && entry.name !== 'catalog')
        files.push(join(root, parent, entry.name, 'README.md'));
    }
  }
  return files.filter((file) => {
    try {
      return readdirSync(join(file, '..')).includes('README.md');
    } catch {
      return false;
    }
  });
}

/** A package README's examples may use its package's public names unimported. */
function readmePackages(file: string): string[] {
  const match = /packages\/([^/]+)\/README\.md$/.exec(file);
  if (!match?.[1]) return [];
  return ENTRIES.map((e) => e.package).filter((name) => name.startsWith(`@pollinate/${match[1]}`));
}

interface Checked {
  example: DocExample;
  file: string;
  errors: string[];
}

let checked: Checked[] = [];

beforeAll(async () => {
  const options = compilerOptions(join(root, 'tsconfig.json'));
  const program = ts.createProgram([...ENTRIES.map((e) => e.entry), prelude], options);
  const { examples, names } = tsdocExamples(root, ENTRIES, program);
  for (const file of readmes()) examples.push(...markdownExamples(root, file, readmePackages(file)));
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const modules = new Map<string, string>();
  const files: string[] = [];
  examples.forEach((example, i) => {
    const file = join(out, `example-${String(i).padStart(3, '0')}.ts`);
    const text = exampleModule(example, names);
    modules.set(file, text);
    writeFileSync(file, `// ${example.where}\n${text}`);
    files.push(file);
  });
  // The files on disk carry a location comment first; type-check the same text.
  for (const [file, text] of modules)
    modules.set(file, `// ${examples[files.indexOf(file)]?.where}\n${text}`);
  const errors = typeCheck(options, modules, [prelude], program);
  checked = examples.map((example, i) => ({
    example,
    file: files[i] as string,
    errors: errors.get(files[i] as string) ?? [],
  }));
  await setUpPrelude();
}, 180_000);

afterAll(async () => {
  await tearDownPrelude();
  rmSync(out, { recursive: true, force: true });
});

describe('doc examples (READMEs and TSDoc @example)', () => {
  it('finds the examples of every README and package', () => {
    expect(checked.length).toBeGreaterThan(250);
    // Every package's source has examples (a subpath such as `crdt-network/anonymize` may only
    // re-export what another package documents).
    for (const directory of new Set(ENTRIES.map((e) => /packages\/[^/]+\/src\//.exec(e.entry)?.[0]))) {
      expect(
        checked.some((c) => directory !== undefined && c.example.where.startsWith(directory)),
        directory,
      ).toBe(true);
    }
  });

  it('every example compiles and runs', async () => {
    const failures: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      for (const { example, file, errors } of checked) {
        let problem: string | undefined =
          errors.length > 0 ? `does not compile:\n    ${errors.join('\n    ')}` : undefined;
        if (!problem && !example.noRun) {
          try {
            resetGlobals();
            if (/\bclient\b|:4873|\bbaseUrl\b|\burl\b|\bstore\b|\btoken\b/.test(example.code))
              await resetRegistry();
            await import(pathToFileURL(file).href);
          } catch (caught) {
            problem = `throws: ${caught instanceof Error ? `${caught.name}: ${caught.message}` : String(caught)}`;
          }
        }
        if (problem) failures.push(`${example.where} ${problem}\n${example.code}`);
      }
    } finally {
      log.mockRestore();
      warn.mockRestore();
      error.mockRestore();
    }
    expect(failures, failures.join('\n\n')).toEqual([]);
  }, 180_000);
});
