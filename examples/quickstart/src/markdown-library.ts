// `--catalog <dir>` with a Markdown pattern library (Markdown + YAML front matter, such as
// the DStudio pattern library): core's importMarkdownLibrary makes the listings; each
// listing is wrapped into a PatternPackage whose documentation is its own page.

import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { markdownSections } from '@pollinate/client/pattern-folder';
import {
  type CatalogLinkReport,
  type Listing,
  type PatternPackage,
  PatternPackageSchema,
  type PublishPolicy,
  validateCatalogLinks,
} from '@pollinate/core';
import { safeParseWith } from '@pollinate/core/helpers';
import { importMarkdownLibrary, type LibraryFile } from '@pollinate/core/import';

/** What importing a Markdown library gave. */
export interface ImportedLibrary {
  packages: PatternPackage[];
  /** Files that are not patterns (indexes, guides, exams, templates…), with why. */
  skipped: { path: string; reason: string }[];
  /** Values the importer could not use (reported, never fatal). */
  warnings: number;
  /** Markdown files read. */
  files: number;
  /** Link integrity and coverage of the library (core's validateCatalogLinks, page links checked against the files read). */
  links: CatalogLinkReport;
}

/**
 * The gate severities for a documentation library: a library of pattern pages ships no
 * test suite and many pages explain with diagrams rather than code, so the test and
 * example gates report warnings instead of refusing; every other gate (quick start,
 * reference, license, quality score, scanners) applies.
 */
export const DOCUMENTATION_LIBRARY_GATES: NonNullable<PublishPolicy['gateSeverity']> = {
  'tests-present': 'warning',
  'tests-passing': 'warning',
  examples: 'warning',
};

/** Sections of a pattern page that serve as its reference (the "API" of a documentation pattern). */
const REFERENCE_SECTIONS = [
  'quick reference',
  'the complete blueprint',
  'implementation',
  'implementation guide',
  'decision matrix',
];

/**
 * Reads every Markdown file under `dir` and imports the library.
 *
 * @param dir - the library's root folder
 * @param publishedBefore - publication instants after this (ISO 8601) are clamped to it
 */
export async function importMarkdownCatalog(dir: string, publishedBefore: string): Promise<ImportedLibrary> {
  const files = await readMarkdownFiles(dir);
  const { listings, paths, skipped, warnings } = importMarkdownLibrary(files);
  const fileAt = new Map(files.map((file) => [file.path, file]));
  const packages: PatternPackage[] = [];
  const unwrapped: { path: string; reason: string }[] = [];
  for (const [index, listing] of listings.entries()) {
    const page = fileAt.get(paths[index] as string);
    if (!page) {
      unwrapped.push({ path: listing.id, reason: 'its page could not be found again' });
      continue;
    }
    const result = safeParseWith(
      PatternPackageSchema,
      wrapListing(listing, page, publishedBefore),
      'pattern package',
    );
    if (result.success) packages.push(result.data);
    else unwrapped.push({ path: page.path, reason: result.error.message });
  }
  return {
    packages,
    skipped: [...skipped.map(({ path, reason }) => ({ path, reason })), ...unwrapped],
    warnings: warnings.length,
    files: files.length,
    links: validateCatalogLinks(listings, { knownPaths: files.map((file) => file.path) }),
  };
}

/**
 * Wraps an imported listing into a package: the README is a short header (what it is,
 * a quick start that shows the pattern with the `pollinate` CLI) followed by the page
 * itself without its front matter; the reference is the page's quick-reference or
 * blueprint section; the examples are the page's code blocks (diagrams excluded).
 */
export function wrapListing(listing: Listing, page: LibraryFile, publishedBefore: string): unknown {
  const body = stripFrontMatter(page.text);
  const sections = markdownSections(body);
  const reference = REFERENCE_SECTIONS.map((name) => sections.get(name)).find(
    (text) => text && text.length > 0,
  );
  const readme = [
    `# ${listing.name}`,
    '',
    listing.metadata.tagline ?? listing.description,
    '',
    `Imported from the pattern library page \`${page.path}\`.`,
    '',
    '## Quick start',
    '',
    '```sh',
    `pollinate info ${listing.id}`,
    '```',
    '',
    'Check the "when to use" guidance, then follow the blueprint below.',
    '',
    body.trim(),
    '',
  ].join('\n');
  const publishedAt = simulatedPublication(listing, publishedBefore);
  return {
    listing: { ...listing, publishedAt },
    documentation: { readme, ...(reference ? { apiReference: reference } : {}) },
    examples: codeExamples(body).slice(0, 5),
  };
}

/**
 * When the page entered the simulated marketplace: its own date (front-matter
 * `last_updated`) when it has one, else a day within the year before `publishedBefore`
 * derived from the id (FNV-1a), so pages without a date do not all arrive at once and
 * runs stay reproducible.
 */
export function simulatedPublication(listing: Listing, publishedBefore: string): string {
  const own = Date.parse(listing.publishedAt);
  const limit = Date.parse(publishedBefore);
  if (own > Date.parse('2000-01-01T00:00:00Z')) return new Date(Math.min(own, limit)).toISOString();
  let hash = 0x811c9dc5;
  for (let i = 0; i < listing.id.length; i++)
    hash = Math.imul(hash ^ listing.id.charCodeAt(i), 0x01000193) >>> 0;
  return new Date(limit - (hash % 365) * 86_400_000).toISOString();
}

/** Fenced code blocks with the heading above each as the title; Mermaid diagrams are not examples. */
export function codeExamples(
  markdown: string,
): { title: string; description: string; code: string; language?: string }[] {
  const examples: { title: string; description: string; code: string; language?: string }[] = [];
  let heading = 'Example';
  let fence: { marker: string; language: string; lines: string[] } | undefined;
  for (const line of markdown.split('\n')) {
    if (fence) {
      if (line.trimStart().startsWith(fence.marker)) {
        const code = fence.lines.join('\n').trim();
        if (code && fence.language !== 'mermaid') {
          examples.push({
            title:
              `${heading}${examples.some((example) => example.title.startsWith(heading)) ? ` (${examples.length + 1})` : ''}`.slice(
                0,
                200,
              ),
            description: '',
            code,
            ...(fence.language ? { language: fence.language } : {}),
          });
        }
        fence = undefined;
      } else fence.lines.push(line);
      continue;
    }
    const open = /^\s*(```|~~~)\s*([\w+-]*)/.exec(line);
    if (open) {
      fence = { marker: open[1] ?? '```', language: (open[2] ?? '').toLowerCase(), lines: [] };
      continue;
    }
    const title = /^#{2,4}\s+(.+?)\s*(\{#[^}]*\})?\s*$/.exec(line);
    if (title?.[1]) heading = title[1];
  }
  return examples;
}

function stripFrontMatter(text: string): string {
  const match = /^---\r?\n[\s\S]*?\r?\n---\r?\n?/.exec(text);
  return match ? text.slice(match[0].length) : text;
}

async function readMarkdownFiles(dir: string): Promise<LibraryFile[]> {
  const out: LibraryFile[] = [];
  const walk = async (folder: string): Promise<void> => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile() && entry.name.toLowerCase().endsWith('.md')) {
        out.push({ path: relative(dir, path).split(sep).join('/'), text: await readFile(path, 'utf8') });
      }
    }
  };
  await walk(dir);
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
