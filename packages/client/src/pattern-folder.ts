/**
 * Reads pattern folders from disk (Node only: `@pollinate/client/pattern-folder`): the
 * layout `pollinate publish <folder>` and the quickstart read, documented in
 * examples/catalog/README.md.
 *
 * ```text
 * <pattern>/pattern.json    the PatternPackage without documentation and examples
 * <pattern>/README.md       documentation.readme; its "## API" section is the API reference
 *                           and its "## Examples" section the examples
 * <pattern>/MIGRATION.md    documentation.migrationGuide (optional)
 * <pattern>/CHANGELOG.md    documentation.changelog (optional)
 * <pattern>/versions/<version>/…   older versions, same files
 * ```
 *
 * @packageDocumentation
 */

import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import {
  compareVersions,
  type ExampleSchema,
  type PatternPackage,
  type PatternPackageInput,
  PatternPackageSchema,
} from '@pollinate/core';
import { formatPath, safeParseWith } from '@pollinate/core/helpers';
import type { z } from 'zod';

/** One entry of the catalog that could not be read, and why. */
export interface CatalogProblem {
  /** Folder of the entry, relative to the catalog root. */
  path: string;
  reason: string;
}

/** A catalog read from disk. */
export interface LoadedCatalog {
  /** Every valid pattern package, sorted by id then version. */
  packages: PatternPackage[];
  /** Entries whose files could not be read or whose package fails the schema. */
  problems: CatalogProblem[];
}

/**
 * Whether `dir` holds at least one pattern folder (a folder with a `pattern.json`), at any
 * depth up to six levels.
 *
 * @param dir - a directory path
 * @returns `false` also when `dir` does not exist
 * @example
 * ```ts
 * await isPatternCatalog('examples/catalog'); // true
 * ```
 */
export async function isPatternCatalog(dir: string): Promise<boolean> {
  return (await findPatternFolders(dir)).length > 0;
}

/**
 * Reads every pattern folder under `dir` (see {@link findPatternFolders}) and validates
 * each assembled package with core's `PatternPackageSchema`. Never throws for a bad
 * entry: it is listed in `problems` with the reason.
 *
 * @param dir - the catalog's root directory
 * @returns the valid packages sorted by id then version, and one problem per bad entry
 * @example
 * ```ts
 * const { packages, problems } = await loadPatternCatalog('examples/catalog');
 * console.log(packages.length, problems); // 48 []
 * ```
 */
export async function loadPatternCatalog(dir: string): Promise<LoadedCatalog> {
  const folders = await findPatternFolders(dir);
  const packages: PatternPackage[] = [];
  const problems: CatalogProblem[] = [];
  for (const folder of folders) {
    const path = relative(dir, folder) || '.';
    let input: unknown;
    try {
      input = await readPatternFolder(folder);
    } catch (error) {
      problems.push({ path, reason: error instanceof Error ? error.message : String(error) });
      continue;
    }
    const result = safeParseWith(PatternPackageSchema, input, 'pattern package');
    if (result.success) packages.push(result.data);
    else {
      const issues = result.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
      problems.push({ path, reason: issues.join('; ') });
    }
  }
  packages.sort(
    (a, b) =>
      a.listing.id.localeCompare(b.listing.id) || compareVersions(a.listing.version, b.listing.version),
  );
  return { packages, problems };
}

/**
 * Assembles the pattern package of one folder: `pattern.json`, with `documentation` from
 * README.md (required), MIGRATION.md and CHANGELOG.md, and `examples` from the README's
 * "## Examples" section. The result is not validated yet: pass it to
 * `RegistryClient.publish` or core's `parseWith(PatternPackageSchema, …)`.
 *
 * @param folder - the pattern folder's path
 * @returns the package input
 * @throws `Error` when `pattern.json` is missing, is not valid JSON or not an object, or
 *   README.md is missing
 * @example
 * ```ts
 * import { PatternPackageSchema } from '@pollinate/core';
 * import { parseWith } from '@pollinate/core/helpers';
 *
 * const input = await readPatternFolder('examples/catalog/resilience-guild/timeout');
 * const pkg = parseWith(PatternPackageSchema, input, 'pattern package');
 * pkg.listing.id; // 'resilience-guild/timeout'
 * ```
 */
export async function readPatternFolder(folder: string): Promise<PatternPackageInput> {
  const text = await readOptional(join(folder, 'pattern.json'));
  if (text === undefined) throw new Error('pattern.json is missing');
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch (error) {
    throw new Error(`pattern.json is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) {
    throw new Error('pattern.json must hold a JSON object');
  }
  const readme = await readOptional(join(folder, 'README.md'));
  if (readme === undefined) throw new Error('README.md is missing');
  const sections = markdownSections(readme);
  const apiReference = sections.get('api');
  const migrationGuide = await readOptional(join(folder, 'MIGRATION.md'));
  const changelog = await readOptional(join(folder, 'CHANGELOG.md'));
  const examplesSection = sections.get('examples');
  return {
    ...(manifest as PatternPackageInput),
    documentation: {
      readme,
      ...(apiReference ? { apiReference } : {}),
      ...(migrationGuide ? { migrationGuide } : {}),
      ...(changelog ? { changelog } : {}),
    },
    examples: examplesSection ? parseExamples(examplesSection) : [],
  };
}

/**
 * The level-2 sections of a Markdown document, keyed by lower-cased heading text; a
 * heading inside a fenced code block does not count.
 *
 * @param markdown - the document
 * @returns heading → the section's text (trimmed, without the heading line)
 * @example
 * ```ts
 * markdownSections('# T\n\n## API\n\n`f()`\n').get('api'); // '`f()`'
 * ```
 */
export function markdownSections(markdown: string): Map<string, string> {
  const sections = new Map<string, string>();
  let heading: string | undefined;
  let body: string[] = [];
  let inFence = false;
  const flush = () => {
    if (heading !== undefined) sections.set(heading, body.join('\n').trim());
  };
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    const match = inFence ? null : /^##\s+(.+?)\s*#*\s*$/.exec(line);
    if (match?.[1] && !line.startsWith('###')) {
      flush();
      heading = match[1].toLowerCase();
      body = [];
    } else body.push(line);
  }
  flush();
  return sections;
}

type ExampleInput = z.input<typeof ExampleSchema>;

/**
 * Turns an "Examples" section into examples: each `### Title`, the text after it and its
 * first fenced code block (the info string is the language). Entries without a code
 * block are skipped.
 *
 * @param section - the section's text, as {@link markdownSections} returns it
 * @returns the examples, in order
 * @example
 * ```ts
 * parseExamples('### Basic\n\nCall it.\n\n```ts\nf();\n```\n');
 * // [{ title: 'Basic', description: 'Call it.', code: 'f();', language: 'ts' }]
 * ```
 */
export function parseExamples(section: string): ExampleInput[] {
  const examples: ExampleInput[] = [];
  for (const chunk of section.split(/^###\s+/m).slice(1)) {
    const newline = chunk.indexOf('\n');
    const title = (newline === -1 ? chunk : chunk.slice(0, newline)).trim();
    const rest = newline === -1 ? '' : chunk.slice(newline + 1);
    const fence = /^(```|~~~)([\w+-]*)\n([\s\S]*?)^\1\s*$/m.exec(rest);
    if (!title || !fence) continue;
    const description = rest.slice(0, fence.index).trim();
    examples.push({
      title,
      description,
      code: (fence[3] ?? '').replace(/\n$/, ''),
      ...(fence[2] ? { language: fence[2] } : {}),
    });
  }
  return examples;
}

/**
 * The pattern folders under `dir` (`dir` itself included): every folder holding a
 * `pattern.json`, at most six levels deep, skipping hidden folders and `node_modules`.
 *
 * @param dir - a directory path
 * @returns absolute or relative paths as `dir` was given, sorted; empty when `dir` does not exist
 * @example
 * ```ts
 * await findPatternFolders('examples/catalog/resilience-guild/timeout'); // ['examples/catalog/resilience-guild/timeout']
 * ```
 */
export async function findPatternFolders(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const found: string[] = [];
  const walk = async (folder: string, depth: number): Promise<void> => {
    if (depth > 6) return;
    const entries = await readdir(folder, { withFileTypes: true });
    if (entries.some((entry) => entry.isFile() && entry.name === 'pattern.json')) found.push(folder);
    for (const entry of entries) {
      if (entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules') {
        await walk(join(folder, entry.name), depth + 1);
      }
    }
  };
  await walk(dir, 0);
  return found.sort();
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
