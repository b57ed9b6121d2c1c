// Reads ../shared/datasets/npm-packages.tsv (name, version, downloads_a_month, summary) and
// turns each row into a Pollinate listing. Used by the benchmark and by the dataset test.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Listing, parseListing, SemverSchema } from '@pollinate/core';
import { importPackageManifest } from '@pollinate/core/import';
import { DATASETS } from '../../../scripts/datasets.js';

/** Where the data set lives: `../shared/datasets` beside the repository. */
export const NPM_TSV = join(DATASETS, 'npm-packages.tsv');

/** Whether the data set is present. */
export function npmCatalogExists(): boolean {
  return existsSync(NPM_TSV);
}

/** One row of the TSV. */
export interface NpmRow {
  name: string;
  version: string;
  downloads: number;
  summary: string;
}

/** Reads the TSV rows (header skipped). `stride` keeps every n-th row, `limit` stops after that many kept rows. */
export function readNpmRows(options: { stride?: number; limit?: number } = {}): NpmRow[] {
  const stride = options.stride ?? 1;
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const lines = readFileSync(NPM_TSV, 'utf8').split('\n');
  const rows: NpmRow[] = [];
  for (let i = 1; i < lines.length && rows.length < limit; i += stride) {
    const line = lines[i];
    if (!line) continue;
    const [name = '', version = '', downloads = '0', summary = ''] = line.split('\t');
    if (name === '') continue;
    rows.push({ name, version, downloads: Number.parseInt(downloads, 10) || 0, summary });
  }
  return rows;
}

const PART = /[^a-z0-9._-]+/g;

function slugPart(text: string): string {
  const cleaned = text
    .toLowerCase()
    .replace(PART, '-')
    .replace(/^[^a-z0-9]+/, '');
  return cleaned === '' ? 'x' : cleaned.slice(0, 100);
}

const IMPORT_OPTIONS = {
  category: 'npm',
  publishedAt: '2026-11-01T00:00:00Z',
  defaultLicense: 'LicenseRef-unknown', // the TSV has no license column
} as const;

/**
 * The listing of an npm package, made by core's `importPackageManifest` from the row as a
 * manifest (`name`, `version`, `description`); unscoped packages get the publisher `npm`, so
 * `react` becomes `npm/react` and `@babel/core` becomes `babel/core`. Monthly downloads go to
 * `adoption.downloads`. The few rows the importer refuses (legacy upper-case names, versions
 * that are not semver) and ids already taken get a lower-cased, de-duplicated id instead.
 */
export function npmRowToListing(row: NpmRow, takenIds: Set<string>): Listing {
  const scoped = row.name.startsWith('@');
  let listing: Listing | undefined;
  try {
    listing = importPackageManifest(
      { name: row.name, version: row.version, description: row.summary },
      scoped ? IMPORT_OPTIONS : { ...IMPORT_OPTIONS, publisher: { id: 'npm', name: 'npm' } },
    );
  } catch {
    listing = undefined;
  }
  if (listing !== undefined && !takenIds.has(listing.id)) {
    takenIds.add(listing.id);
    // Parsed by core (so frozen and recognized by createIndex, as a registry's listings are).
    return parseListing({ ...listing, adoption: { ...listing.adoption, downloads: row.downloads } });
  }
  return fallbackListing(row, takenIds);
}

function fallbackListing(row: NpmRow, takenIds: Set<string>): Listing {
  const scoped = /^@([^/]+)\/(.+)$/.exec(row.name);
  const scope = scoped ? slugPart(scoped[1] as string) : 'npm';
  const base = `${scope}/${slugPart(scoped ? (scoped[2] as string) : row.name)}`;
  let id = base;
  for (let n = 2; takenIds.has(id); n++) id = `${base}-${n}`;
  takenIds.add(id);
  return parseListing({
    id,
    name: row.name.slice(0, 200),
    version: SemverSchema.safeParse(row.version).success ? row.version : '0.0.0',
    publisher: { id: scope, name: scoped ? `@${scoped[1]}` : 'npm' },
    description: row.summary.slice(0, 10_000),
    category: IMPORT_OPTIONS.category,
    license: IMPORT_OPTIONS.defaultLicense,
    adoption: { downloads: row.downloads },
    publishedAt: IMPORT_OPTIONS.publishedAt,
  });
}

/** Rows → listings, with ids made unique. */
export function npmListings(rows: readonly NpmRow[]): Listing[] {
  const taken = new Set<string>();
  return rows.map((row) => npmRowToListing(row, taken));
}

/** MiniSearch's default tokenizer: splits on white space and punctuation. */
export const TOKEN = /[\n\r\p{Z}\p{P}]+/u;

/**
 * The distinct words (3+ characters, not all digits) of each listing's description, and in
 * how many descriptions each word occurs: what the known-item queries of the rarest words
 * are drawn from.
 */
export function descriptionWords(listings: readonly Listing[]): {
  words: string[][];
  documentFrequency: Map<string, number>;
} {
  const documentFrequency = new Map<string, number>();
  const words = listings.map((listing) => {
    const unique = [
      ...new Set(
        listing.description
          .toLowerCase()
          .split(TOKEN)
          .filter((word) => word.length >= 3 && !/^\d+$/.test(word)),
      ),
    ];
    for (const word of unique) documentFrequency.set(word, (documentFrequency.get(word) ?? 0) + 1);
    return unique;
  });
  return { words, documentFrequency };
}

/**
 * The two rarest words of a description (by document frequency, then alphabetically): the
 * text of a known-item query.
 */
export function rarestWords(own: readonly string[], documentFrequency: ReadonlyMap<string, number>): string {
  return [...own]
    .sort((a, b) => (documentFrequency.get(a) ?? 0) - (documentFrequency.get(b) ?? 0) || (a < b ? -1 : 1))
    .slice(0, 2)
    .join(' ');
}

/**
 * A package name with one typing error at a random inner position: a letter dropped, a random
 * letter in place of one, or two neighbours swapped (equally likely). May return `name`
 * itself (a swap of equal letters); callers skip those.
 *
 * @param name - a name of 6 or more characters
 * @param random - a seeded source of numbers in [0, 1)
 */
export function misspell(name: string, random: () => number): string {
  const at = 1 + Math.floor(random() * (name.length - 2));
  const letter = 'abcdefghijklmnopqrstuvwxyz'[Math.floor(random() * 26)] as string;
  const edit = Math.floor(random() * 3);
  return edit === 0
    ? name.slice(0, at) + name.slice(at + 1)
    : edit === 1
      ? name.slice(0, at) + letter + name.slice(at + 1)
      : name.slice(0, at) + name[at + 1] + name[at] + name.slice(at + 2);
}
