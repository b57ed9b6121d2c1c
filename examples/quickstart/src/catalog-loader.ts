// Reads a pattern catalog in the examples/catalog layout into pattern packages.
//
// Layout (see examples/catalog/README.md):
//   <publisher>/<pattern>/pattern.json   the PatternPackage, without documentation and examples
//   <publisher>/<pattern>/README.md      documentation.readme; its "## API" section is the API
//                                         reference and its "## Examples" section the examples
//   <publisher>/<pattern>/MIGRATION.md   documentation.migrationGuide (optional)
//   <publisher>/<pattern>/CHANGELOG.md   documentation.changelog (optional)
//   <publisher>/<pattern>/versions/<version>/…   older versions, same files

import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import {
  type ExampleSchema,
  formatPath,
  type PatternPackage,
  PatternPackageSchema,
  safeParseWith,
} from '@pollinate/core';
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

/** Whether `dir` is a catalog in the examples/catalog layout (it holds at least one `pattern.json`). */
export async function isPatternCatalog(dir: string): Promise<boolean> {
  return (await findPatternFolders(dir)).length > 0;
}

/**
 * Reads every pattern folder under `dir` and validates each assembled package with
 * core's `PatternPackageSchema`.
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
    (a, b) => a.listing.id.localeCompare(b.listing.id) || a.listing.version.localeCompare(b.listing.version),
  );
  return { packages, problems };
}

/** Assembles the package input of one pattern folder (not yet validated). */
export async function readPatternFolder(folder: string): Promise<unknown> {
  const manifest: unknown = JSON.parse(await readFile(join(folder, 'pattern.json'), 'utf8'));
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
    ...manifest,
    documentation: {
      readme,
      ...(apiReference ? { apiReference } : {}),
      ...(migrationGuide ? { migrationGuide } : {}),
      ...(changelog ? { changelog } : {}),
    },
    examples: examplesSection ? parseExamples(examplesSection) : [],
  };
}

/** The level-2 sections of a Markdown document, keyed by lower-cased heading. */
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

/** Turns an "Examples" section (`### Title`, a paragraph, a fenced code block) into examples. */
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

async function findPatternFolders(dir: string): Promise<string[]> {
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
