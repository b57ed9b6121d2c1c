// The shared datasets tests and benchmarks read (never copied into the repository): CI clones
// `main` with `../shared` beside it. Node only.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root folder. */
export const REPOSITORY_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
/** `../shared/datasets` beside the repository. */
export const DATASETS = join(REPOSITORY_ROOT, '..', 'shared', 'datasets');
/** The DStudio Markdown pattern library (186 pages). */
export const DSTUDIO_LIBRARY = join(DATASETS, 'dstudio-pattern-library');

/** Whether the DStudio library is there (tests that need it say so and run in CI). */
export function dstudioAvailable(): boolean {
  return existsSync(DSTUDIO_LIBRARY);
}

/**
 * Every Markdown file under `root`, as the importer takes them: `path` relative to `root`
 * with `/` separators, `text` in UTF-8, in sorted path order (the same on every machine).
 */
export function readMarkdownFiles(root: string = DSTUDIO_LIBRARY): { path: string; text: string }[] {
  const files: { path: string; text: string }[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.md'))
        files.push({ path: relative(root, path).split(sep).join('/'), text: readFileSync(path, 'utf8') });
    }
  };
  walk(root);
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** The bodies of every fenced code block (```) of the given Markdown files, in file order. */
export function fencedCodeBlocks(files: readonly { text: string }[]): string[] {
  return files.flatMap((file) =>
    [...file.text.matchAll(/^```[^\n]*\n([\s\S]*?)^```/gm)].map((match) => match[1]!),
  );
}
