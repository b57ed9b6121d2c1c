import type { RootContent } from 'mdast';
import { parseDocument } from 'yaml';
import * as z from 'zod';
import { ValidationError } from './errors.js';
import { compareStrings, isRecord } from './helpers.js';
import {
  IsoDateTimeSchema,
  NameKeySchema,
  SemverSchema,
  SlugSchema,
  SpdxExpressionSchema,
  TeamIdSchema,
} from './identifiers.js';
import { preview, slugify, truncate } from './import-text.js';
import {
  AlertSeveritySchema,
  DifficultySchema,
  EffortSchema,
  ExcellenceTierSchema,
  ImpactSchema,
  type Listing,
  ListingSchema,
  MaintenanceFrequencySchema,
  PatternStatusSchema,
  type Publisher,
  PublisherSchema,
  type RelatedPattern,
  type Relationship,
  RelevanceSchema,
} from './listing.js';
import { linkEntries, listOrTableItems, markdownSections, parseMarkdown, plainTextOf } from './markdown.js';
import { parseWith } from './parse.js';

/**
 * The publisher imported patterns get unless the options name one: the DStudio pattern library.
 *
 * @example
 * ```ts
 * importMarkdownPattern(text, { path }).listing?.id; // 'dstudio/<name>'
 * ```
 */
export const DEFAULT_IMPORT_PUBLISHER: Readonly<Publisher> = Object.freeze({
  id: 'dstudio',
  name: 'DStudio',
});

/**
 * The version imported patterns get unless the options name one.
 *
 * @example
 * ```ts
 * importMarkdownPattern(text, { path }).listing?.version; // '1.0.0'
 * ```
 */
export const DEFAULT_IMPORT_VERSION = '1.0.0';

/**
 * The license imported patterns get when neither the options nor the front matter state a
 * valid one: an SPDX `LicenseRef-` saying the source did not specify a license.
 *
 * @example
 * ```ts
 * const unlicensed = listings.filter((listing) => listing.license === DEFAULT_IMPORT_LICENSE);
 * ```
 */
export const DEFAULT_IMPORT_LICENSE = 'LicenseRef-unspecified';

/**
 * The publication time imported patterns get when neither the options nor the front matter
 * (`last_updated: YYYY-MM-DD`) give one: the Unix epoch, so imports stay deterministic.
 *
 * @example
 * ```ts
 * importMarkdownPattern('---\ntype: pattern\ntitle: X\n---\n', { path: 'a/x.md' }).listing?.publishedAt; // '1970-01-01T00:00:00Z'
 * ```
 */
export const DEFAULT_IMPORT_PUBLISHED_AT = '1970-01-01T00:00:00Z';

/**
 * Options shared by {@link importMarkdownPattern} and {@link importMarkdownLibrary}.
 *
 * @example
 * ```ts
 * importMarkdownLibrary(files, { publisher: { id: 'platform', name: 'Platform Team' }, version: '2.0.0', license: 'CC-BY-4.0', publishedAt: '2026-11-21T00:00:00Z' });
 * ```
 */
export interface MarkdownLibraryOptions {
  /**
   * The publishing team: a team id (display name = id) or `{ id, name }`. Its id is the scope of every imported id.
   * @default {@link DEFAULT_IMPORT_PUBLISHER} (`dstudio`)
   */
  publisher?: string | Publisher;
  /**
   * Semantic version given to every imported listing.
   * @default {@link DEFAULT_IMPORT_VERSION} (`1.0.0`)
   */
  version?: string;
  /**
   * ISO 8601 publication time; when absent, the front matter's `last_updated` date (midnight UTC), else {@link DEFAULT_IMPORT_PUBLISHED_AT}.
   */
  publishedAt?: string;
  /**
   * SPDX license expression for every listing; when absent, the front matter's `license` if valid, else {@link DEFAULT_IMPORT_LICENSE}.
   */
  license?: string;
}

/**
 * Options of {@link importMarkdownPattern}.
 *
 * @example
 * ```ts
 * importMarkdownPattern(text, { path: 'scaling/sharding.md', publisher: 'platform' });
 * ```
 */
export interface MarkdownImportOptions extends MarkdownLibraryOptions {
  /**
   * The file's path inside the library, `/`-separated (e.g. `resilience/circuit-breaker.md`).
   * The file name gives the pattern name, the first folder the category when the front matter has none.
   */
  path: string;
}

/**
 * A value the importer could not use: which field, the value as found (shortened), and why.
 *
 * @example
 * ```ts
 * // { field: 'excellence_tier', value: 'platinum', message: 'not a known value (gold, silver, bronze); dropped' }
 * ```
 */
export interface ImportWarning {
  /** The front-matter key or listing field concerned, e.g. `excellence_tier` or `id`. */
  field: string;
  /** The offending value, rendered as text and cut to 120 characters. */
  value: string;
  /** What was wrong and what the importer did instead (dropped it, used the folder, …). */
  message: string;
}

/**
 * Why a file did not become a listing, as a stable code: `not-markdown` (not `.md`),
 * `index` (`index.md`, `README.md`), `template`, `exam`, `documentation` (ALL-CAPS file
 * name), `no-front-matter`, `invalid-front-matter` (YAML error or not a mapping),
 * `not-a-pattern` (front-matter `type` other than `pattern`), `outside-category` (a top-level
 * page without `type: pattern`), `stub` (a placeholder page), `no-name` / `no-category`
 * (nothing to derive them from), `invalid-listing` (still invalid after dropping bad
 * fields), `duplicate-path` (the same path twice in a library).
 *
 * @example
 * ```ts
 * const guides = skipped.filter((file) => file.kind === 'not-a-pattern');
 * ```
 */
export type SkipKind =
  | 'not-markdown'
  | 'index'
  | 'template'
  | 'exam'
  | 'documentation'
  | 'no-front-matter'
  | 'invalid-front-matter'
  | 'not-a-pattern'
  | 'outside-category'
  | 'stub'
  | 'no-name'
  | 'no-category'
  | 'invalid-listing'
  | 'duplicate-path';

/**
 * A skipped file: the {@link SkipKind} and a sentence for people.
 *
 * @example
 * ```ts
 * // { kind: 'not-a-pattern', reason: 'front matter type is learning-module, not "pattern"' }
 * ```
 */
export interface SkipReason {
  /** Stable machine-readable reason. */
  kind: SkipKind;
  /** Human-readable explanation naming the evidence (file name, front-matter `type`, …). */
  reason: string;
}

/**
 * The outcome of importing one Markdown file: exactly one of `listing` (a valid listing) or
 * `skipped` is set; `warnings` lists every value that was dropped or replaced.
 *
 * @example
 * ```ts
 * const { listing, skipped, warnings } = importMarkdownPattern(text, { path });
 * if (listing) listings.push(listing);
 * else console.log(skipped?.kind, skipped?.reason);
 * ```
 */
export interface ImportResult {
  /** The listing, valid by {@link ListingSchema}; absent when the file was skipped. */
  listing?: Listing;
  /** Why the file is not a pattern; absent when a listing was made. */
  skipped?: SkipReason;
  /** Values that could not be used, in the order found. */
  warnings: ImportWarning[];
}

/**
 * One file of a pattern library: its path inside the library and its text.
 *
 * @example
 * ```ts
 * const file: LibraryFile = { path: 'resilience/timeout.md', text: '---\ntitle: Timeout\n---\n\n# Timeout\n' };
 * ```
 */
export interface LibraryFile {
  /** `/`-separated path inside the library, e.g. `scaling/sharding.md`. */
  path: string;
  /** The file's content (UTF-8 decoded). */
  text: string;
}

/**
 * The outcome of {@link importMarkdownLibrary}.
 *
 * @example
 * ```ts
 * const { listings, skipped, warnings } = importMarkdownLibrary(files);
 * for (const { path, field, message } of warnings) console.warn(`${path}: ${field}: ${message}`);
 * ```
 */
export interface LibraryImportResult {
  /** Valid listings with unique ids, in path order. */
  listings: Listing[];
  /** The library path of each listing's page: `paths[i]` is where `listings[i]` came from. */
  paths: string[];
  /** Every file that is not a listing, with why, in path order. */
  skipped: (SkipReason & { path: string })[];
  /** Every warning, with the file it came from, in path order. */
  warnings: (ImportWarning & { path: string })[];
}

const LibraryOptionsShape = {
  publisher: z.union([TeamIdSchema, PublisherSchema]).optional(),
  version: z.optional(SemverSchema),
  publishedAt: z.optional(IsoDateTimeSchema),
  license: z.optional(SpdxExpressionSchema),
};
const PatternOptionsSchema = z.strictObject({ path: z.string().min(1).max(4096), ...LibraryOptionsShape });
const LibraryOptionsSchema = z.strictObject(LibraryOptionsShape);
const LibraryFilesSchema = z
  .array(z.object({ path: z.string().min(1).max(4096), text: z.string() }))
  .max(100_000);

const TIER_SUFFIX = /-(gold|silver|bronze|platinum)$/;
const MAX_NAME_SLUG = 100;
const LIST_ITEM_MAX = 500;
const LIST_MAX = 200;
/** File names of guides, decision matrices and plans (skipped unless the front matter says `type: pattern`). */
const GUIDE_NAME =
  /(^|[-_])(matrix|guide|guides|roadmap|recipes|plan|summary|instructions|checklist|cheatsheet|overview|glossary)$/i;
/**
 * The front-matter keys the importer reads (after lower-casing and `-` → `_`); any other key is
 * reported as a warning. Includes seed 002's Phase-2 keys.
 */
const KNOWN_FRONT_MATTER_KEYS: ReadonlySet<string> = new Set([
  'type',
  'title',
  'description',
  'category',
  'tags',
  'license',
  'last_updated',
  'status',
  'pattern_status',
  'excellence_tier',
  'tier',
  'current_relevance',
  'introduced',
  'difficulty',
  'tagline',
  'essential_question',
  'prerequisites',
  'when_to_use',
  'when_not_to_use',
  'best_for',
  'production_checklist',
  'trade_offs',
  'modern_examples',
  'implementation_guide',
  'case_studies',
  'migration_paths',
  'pattern_combinations',
  'comparison_links',
  'decision_criteria',
  'implementation_complexity',
  'operational_considerations',
  'modern_alternatives',
  'deprecation_reason',
  'migration_guide',
]);
/** Prose words below which a page without pattern metadata counts as a stub. */
const STUB_WORDS = 25;

/**
 * Imports one Markdown pattern page with YAML front matter (seed: the DStudio pattern
 * library) as a listing, or says why the file is not a pattern.
 *
 * Derived fields: `id` = `<publisher id>/<slug of the file name>` (a `-gold`/`-silver`/
 * `-bronze` suffix dropped); `name` = `title` (else the first `# heading`); `description`;
 * `category` = front-matter `category` if a valid slug, else the first folder of `path`;
 * `tags` (slugified); and the pattern metadata from `excellence_tier`, `pattern_status`,
 * `current_relevance`, `introduced` (`YYYY-MM`), `difficulty`, `tagline`,
 * `essential_question`, `prerequisites`, `when_to_use` / `when_not_to_use`, `trade_offs`,
 * `best_for` (list, or comma-separated text), `modern_examples`, `production_checklist`.
 * Where the front matter lacks them, the body gives the essential question (`## Essential
 * Question`), when to use / not to use (`### ✅ Use When` / `### ❌ DON'T Use When` tables
 * or lists) and related patterns (links in `## Related Patterns`, the relationship taken from
 * the sub-heading: complementary → `complements`, alternative → `alternative`, extension →
 * `enhances`, foundational/prerequisite → `requires`, anti-pattern → `anti-pattern`).
 * The body is read with the shared Markdown parser (CommonMark + GFM, see `markdown.ts`), so
 * fenced code, setext headings, HTML blocks and tables read as any renderer shows them.
 *
 * Seed 002's Phase-2 keys (the seed's template is not in this repository; these are the shapes
 * its field names imply): `implementation_guide` (a link, or `{ path, title }`); `case_studies`
 * (list of `{ title, company, path, summary }` or of links); `comparison_links` (list of links or
 * `{ path, title }`); `migration_paths` (list of `{ from, to, guide, effort }`);
 * `pattern_combinations` (`{ complements, requires, enhances, anti_patterns }`, each a list of
 * pattern names / page links or `{ pattern, reason }`); `decision_criteria`
 * (`{ scale_thresholds: { name: number | text }, complexity_factors: [text | { factor, impact }] }`);
 * `implementation_complexity` (an effort, or `{ effort, team_size, timeline, expertise }`);
 * `operational_considerations` (`{ monitoring: [{ metric, tool }], alerting: [{ condition,
 * severity }], maintenance: [{ task, frequency }] }`, items may be plain text); and the bronze
 * keys `modern_alternatives`, `deprecation_reason`, `migration_guide`. Enums: effort and impact
 * `low | medium | high`, severity `critical | high | medium | low | info`, frequency
 * `continuous | hourly | daily | weekly | monthly | quarterly | yearly` (`annually` → `yearly`).
 * Relative links are resolved against the page's folder into library paths
 * (`../guides/x.md` from `resilience/y.md` → `guides/x.md`); URLs are kept. Front-matter keys the
 * importer does not know (e.g. `reading_time`) are reported as warnings, not dropped silently.
 *
 * Skipped (with a {@link SkipKind}): non-Markdown files, `index.md`/`README.md`, templates,
 * exams, ALL-CAPS documentation files, files without front matter or with invalid YAML,
 * front matter whose `type` is not `pattern` (guides, learning modules, examinations), pages
 * named like a guide or decision matrix (`…-matrix`, `…-guide`, `…-roadmap`, …) without `type: pattern`,
 * top-level pages without `type: pattern`, and stubs (under 25 words of prose, no
 * `type: pattern` and no pattern metadata). Values that are unknown or unfilled (tier `platinum` or `gold|silver|bronze`,
 * `introduced: YYYY-MM`, a category `a|b|c`) become warnings and are dropped; over-long text
 * is shortened with a warning. The result never holds an invalid listing, and junk input
 * never throws: the function is total over strings.
 *
 * @param text - the file's content
 * @param options - the file's `path` and the shared {@link MarkdownLibraryOptions}
 * @returns `{ listing, warnings }` or `{ skipped, warnings }`
 * @throws {@link ValidationError} only when `text` is not a string or the options are invalid (bad publisher id, version, time or license)
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 *
 * const result = importMarkdownPattern(await readFile('resilience/circuit-breaker.md', 'utf8'), {
 *   path: 'resilience/circuit-breaker.md',
 *   publishedAt: '2026-11-21T00:00:00Z',
 * });
 * if (result.listing) console.log(result.listing.id); // 'dstudio/circuit-breaker'
 * else console.log(result.skipped?.reason);
 * for (const warning of result.warnings) console.warn(warning.field, warning.message);
 * ```
 */
export function importMarkdownPattern(text: string, options: MarkdownImportOptions): ImportResult {
  if (typeof text !== 'string') {
    throw new ValidationError(
      [{ path: ['text'], message: 'expected the Markdown text as a string' }],
      'Markdown import',
    );
  }
  const parsed = parseWith(PatternOptionsSchema, options, 'Markdown import options');
  return importPattern(text, parsed.path, resolveShared(parsed)).result;
}

/**
 * Imports a whole Markdown pattern library: every file through
 * {@link importMarkdownPattern}, in path order, then duplicate ids made unique
 * deterministically. When two files give the same id (`bulkhead.md` and `bulkhead-gold.md`,
 * or the same file name in two folders), the richer listing (more metadata filled, then
 * declared `type: pattern`, then the shorter and alphabetically first path) keeps the id; each
 * other one is renamed to its own file-name slug if that is free, else `<name>-<folder>`, else
 * `<name>-2`, `-3`, … and a warning on field `id` says so. The result does not depend on the
 * order of `files`.
 *
 * @param files - the library's files as `{ path, text }` (paths `/`-separated, relative to the library root)
 * @param options - see {@link MarkdownLibraryOptions}
 * @returns `{ listings, paths, skipped, warnings }`; every listing valid and every id unique, `paths[i]` the page of `listings[i]`
 * @throws {@link ValidationError} when `files` is not an array of `{ path, text }` or the options are invalid
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * import { join } from 'node:path';
 *
 * const root = 'patterns';
 * const paths = ['resilience/circuit-breaker.md', 'resilience/timeout.md', 'README.md'];
 * const files = paths.map((path) => ({ path, text: readFileSync(join(root, path), 'utf8') }));
 * const { listings, skipped, warnings } = importMarkdownLibrary(files, { publishedAt: '2026-11-21T00:00:00Z' });
 * console.log(`${listings.length} patterns, ${skipped.length} other files, ${warnings.length} warnings`);
 * ```
 */
export function importMarkdownLibrary(
  files: readonly LibraryFile[],
  options: MarkdownLibraryOptions = {},
): LibraryImportResult {
  const parsedFiles = parseWith(LibraryFilesSchema, files, 'library files');
  const shared = resolveShared(parseWith(LibraryOptionsSchema, options, 'Markdown import options'));
  const ordered = parsedFiles
    .map((file) => ({ ...file, path: normalizePath(file.path) }))
    .sort((a, b) => compareStrings(a.path, b.path));

  const skipped: LibraryImportResult['skipped'] = [];
  const warnings: LibraryImportResult['warnings'] = [];
  const imported: { path: string; outcome: PatternOutcome; listing: Listing; warnings: ImportWarning[] }[] =
    [];
  const seenPaths = new Set<string>();
  for (const file of ordered) {
    if (seenPaths.has(file.path)) {
      skipped.push({
        path: file.path,
        kind: 'duplicate-path',
        reason: `another file has the same path ${file.path}`,
      });
      continue;
    }
    seenPaths.add(file.path);
    const outcome = importPattern(file.text, file.path, shared);
    const { listing, skipped: skip } = outcome.result;
    if (listing) imported.push({ path: file.path, outcome, listing, warnings: [...outcome.result.warnings] });
    else {
      if (skip) skipped.push({ path: file.path, ...skip });
      for (const warning of outcome.result.warnings) warnings.push({ path: file.path, ...warning });
    }
  }

  // Duplicate ids: the richest listing keeps the id; the others get the next free candidate.
  const byId = new Map<string, typeof imported>();
  for (const item of imported) {
    const group = byId.get(item.listing.id);
    if (group) group.push(item);
    else byId.set(item.listing.id, [item]);
  }
  const taken = new Set(byId.keys());
  for (const [id, group] of byId) {
    if (group.length < 2) continue;
    group.sort(
      (a, b) =>
        b.outcome.richness - a.outcome.richness ||
        Number(b.outcome.declaredPattern) - Number(a.outcome.declaredPattern) ||
        a.path.length - b.path.length ||
        compareStrings(a.path, b.path),
    );
    const winner = group[0] as (typeof group)[number];
    for (const loser of group.slice(1)) {
      const name = id.slice(shared.publisher.id.length + 1);
      const candidates = [loser.outcome.fileSlug, `${name}-${loser.outcome.folderSlug}`]
        .filter((candidate) => candidate && candidate !== name)
        .map(
          (candidate) => `${shared.publisher.id}/${truncate(candidate, MAX_NAME_SLUG).replace(/-+$/, '')}`,
        );
      let next = candidates.find((candidate) => !taken.has(candidate));
      for (let copy = 2; next === undefined; copy++) {
        if (!taken.has(`${id}-${copy}`)) next = `${id}-${copy}`;
      }
      taken.add(next);
      loser.listing = { ...loser.listing, id: next };
      loser.warnings.push({
        field: 'id',
        value: id,
        message: `duplicate id ${id} (also derived from ${winner.path}, which keeps it); renamed to ${next}`,
      });
    }
  }
  const listings: Listing[] = [];
  const paths: string[] = [];
  for (const item of imported) {
    listings.push(item.listing);
    paths.push(item.path);
    for (const warning of item.warnings) warnings.push({ path: item.path, ...warning });
  }
  warnings.sort((a, b) => compareStrings(a.path, b.path));
  return { listings, paths, skipped, warnings };
}

// ---------------------------------------------------------------------------------------------

interface SharedOptions {
  publisher: Publisher;
  version: string;
  publishedAt: string | undefined;
  license: string | undefined;
}

interface PatternOutcome {
  result: ImportResult;
  fileSlug: string;
  folderSlug: string;
  richness: number;
  declaredPattern: boolean;
}

function resolveShared(options: z.infer<typeof LibraryOptionsSchema>): SharedOptions {
  const publisher =
    options.publisher === undefined
      ? { ...DEFAULT_IMPORT_PUBLISHER }
      : typeof options.publisher === 'string'
        ? { id: options.publisher, name: options.publisher }
        : options.publisher;
  return {
    publisher,
    version: options.version ?? DEFAULT_IMPORT_VERSION,
    publishedAt: options.publishedAt,
    license: options.license,
  };
}

function normalizePath(path: string): string {
  return path
    .replace(/\\/g, '/')
    .split('/')
    .filter((segment) => segment !== '' && segment !== '.')
    .join('/');
}

function importPattern(text: string, rawPath: string, shared: SharedOptions): PatternOutcome {
  const path = normalizePath(rawPath);
  const segments = path.split('/');
  const fileName = segments[segments.length - 1] ?? '';
  const baseName = fileName.replace(/\.(md|markdown)$/i, '');
  const folders = segments.slice(0, -1);
  const fileSlug = slugify(baseName, MAX_NAME_SLUG);
  const folderSlug = slugify(folders[folders.length - 1] ?? '', 40);
  const warnings: ImportWarning[] = [];
  const outcome = (
    result: Omit<ImportResult, 'warnings'>,
    richness = 0,
    declaredPattern = false,
  ): PatternOutcome => ({
    result: { ...result, warnings },
    fileSlug,
    folderSlug,
    richness,
    declaredPattern,
  });
  const skip = (kind: SkipKind, reason: string) => outcome({ skipped: { kind, reason } });

  if (!/\.(md|markdown)$/i.test(fileName)) return skip('not-markdown', `${fileName} is not a Markdown file`);
  if (/^(index|readme)$/i.test(baseName)) return skip('index', `${fileName} is an index page`);
  if (/(^|[-_])template([-_]v?\d+)?$/i.test(baseName)) return skip('template', `${fileName} is a template`);
  if (/(^|[-_])(exam|examination|quiz)([-_]|$)/i.test(baseName))
    return skip('exam', `${fileName} is an exam`);
  if (/^[A-Z0-9_-]+$/.test(baseName) && /[A-Z]/.test(baseName)) {
    return skip('documentation', `${fileName} is project documentation (ALL-CAPS file name)`);
  }

  const split = splitFrontMatter(text);
  if (!split) return skip('no-front-matter', 'no YAML front matter (a pattern page starts with a --- block)');
  const frontMatter = parseFrontMatter(split.yaml);
  if (typeof frontMatter === 'string') return skip('invalid-front-matter', frontMatter);
  const field = (...keys: string[]): unknown => {
    for (const key of keys) if (frontMatter.has(key)) return frontMatter.get(key);
    return undefined;
  };

  const type = field('type');
  const declaredPattern = typeof type === 'string' && type.trim().toLowerCase() === 'pattern';
  if (type !== undefined && type !== null && !declaredPattern) {
    return skip('not-a-pattern', `front matter type is ${preview(type)}, not "pattern"`);
  }
  if (!declaredPattern && GUIDE_NAME.test(baseName)) {
    return skip(
      'not-a-pattern',
      `${fileName} names a guide or decision matrix, and the front matter does not say type: pattern`,
    );
  }
  if (folders.length === 0 && !declaredPattern) {
    return skip(
      'outside-category',
      `${fileName} is a top-level page (guide, matrix or overview) without type: pattern`,
    );
  }

  const body = parseBody(split.body);
  const hasPatternMetadata = [
    'excellence_tier',
    'pattern_status',
    'current_relevance',
    'essential_question',
  ].some((key) => frontMatter.has(key));
  if (!declaredPattern && !hasPatternMetadata && body.proseWords < STUB_WORDS) {
    return skip(
      'stub',
      `only ${body.proseWords} words of content and no pattern metadata: a placeholder page`,
    );
  }

  // ---- identity
  const name =
    truncate(fileSlug.replace(TIER_SUFFIX, ''), MAX_NAME_SLUG).replace(/-+$/, '') ||
    slugify(String(field('title') ?? ''), MAX_NAME_SLUG);
  if (!name) return skip('no-name', `cannot derive a pattern name from ${fileName}`);
  const id = `${shared.publisher.id}/${name}`;

  const title = textField(field('title'), 'title', 200, warnings) ?? body.title ?? titleCase(name);

  let category: string | undefined;
  const frontCategory = field('category');
  if (frontCategory !== undefined && frontCategory !== null) {
    const candidate = typeof frontCategory === 'string' ? frontCategory.trim() : '';
    if (SlugSchema.safeParse(candidate).success && candidate !== 'pattern-library') category = candidate;
    else warn(warnings, 'category', frontCategory, 'not a single category slug; using the folder instead');
  }
  if (!category) {
    const folderCategory = folders[0] ?? '';
    if (SlugSchema.safeParse(folderCategory).success) category = folderCategory;
    else if (slugify(folderCategory)) category = slugify(folderCategory);
  }
  if (!category) return skip('no-category', 'neither the front matter nor the folder gives a category');

  // ---- metadata
  const metadata: Record<string, unknown> = {};
  const enumField = (key: string, target: string, schema: z.core.$ZodType, ...aliases: string[]) => {
    const value = field(key, ...aliases);
    if (value === undefined || value === null) return;
    const candidate = typeof value === 'string' ? value.trim().toLowerCase() : value;
    if (z.safeParse(schema, candidate).success) metadata[target] = candidate;
    else warn(warnings, key, value, `not a known value (${describeEnum(schema)}); dropped`);
  };
  enumField('excellence_tier', 'excellenceTier', ExcellenceTierSchema, 'tier');
  enumField('pattern_status', 'status', PatternStatusSchema);
  if (metadata.status === undefined && !frontMatter.has('pattern_status')) {
    const status = field('status');
    // `status` is often the page's editing state (complete, stub); only pattern statuses count.
    if (typeof status === 'string' && PatternStatusSchema.safeParse(status.trim().toLowerCase()).success) {
      metadata.status = status.trim().toLowerCase();
    }
  }
  enumField('current_relevance', 'currentRelevance', RelevanceSchema);
  enumField('difficulty', 'difficulty', DifficultySchema);
  const introduced = field('introduced');
  if (introduced !== undefined && introduced !== null) {
    const value = typeof introduced === 'string' ? introduced.trim() : String(introduced);
    if (/^\d{4}-(0[1-9]|1[0-2])$/.test(value)) metadata.introduced = value;
    else warn(warnings, 'introduced', introduced, 'not a year and month (YYYY-MM); dropped');
  }
  const tagline = textField(field('tagline'), 'tagline', 500, warnings);
  if (tagline) metadata.tagline = tagline;
  const question =
    textField(field('essential_question'), 'essential_question', 1000, warnings) ?? body.essentialQuestion;
  if (question) metadata.essentialQuestion = truncate(question, 1000);
  const listField = (key: string, target: string, splitText: 'commas' | 'sentence', from?: string[]) => {
    const items = lineList(field(key), key, splitText, warnings) ?? from;
    if (items && items.length > 0) metadata[target] = items.slice(0, LIST_MAX);
  };
  listField('prerequisites', 'prerequisites', 'commas');
  listField('when_to_use', 'whenToUse', 'sentence', body.whenToUse);
  listField('when_not_to_use', 'whenNotToUse', 'sentence', body.whenNotToUse);
  listField('best_for', 'bestFor', 'commas');
  listField('production_checklist', 'productionChecklist', 'sentence');
  const tradeOffs = field('trade_offs');
  if (tradeOffs !== undefined && tradeOffs !== null) {
    if (isRecord(tradeOffs)) {
      const pros = lineList(ownValue(tradeOffs, 'pros'), 'trade_offs.pros', 'sentence', warnings) ?? [];
      const cons = lineList(ownValue(tradeOffs, 'cons'), 'trade_offs.cons', 'sentence', warnings) ?? [];
      metadata.tradeOffs = { pros: pros.slice(0, LIST_MAX), cons: cons.slice(0, LIST_MAX) };
    } else warn(warnings, 'trade_offs', tradeOffs, 'expected { pros: [...], cons: [...] }; dropped');
  }
  const examples = modernExamples(field('modern_examples'), warnings);
  if (examples.length > 0) metadata.modernExamples = examples;
  if (body.relatedPatterns.length > 0) {
    metadata.relatedPatterns = body.relatedPatterns
      .filter((related) => related.pattern !== name)
      .slice(0, LIST_MAX);
  }

  readPhase2(field, path, metadata, warnings);

  // ---- the rest
  const tags = tagList(field('tags'), warnings);
  const description = textField(field('description'), 'description', 10_000, warnings) ?? '';
  let license = shared.license;
  if (!license) {
    const frontLicense = field('license');
    if (typeof frontLicense === 'string' && SpdxExpressionSchema.safeParse(frontLicense.trim()).success) {
      license = frontLicense.trim();
    } else if (frontLicense !== undefined && frontLicense !== null) {
      warn(warnings, 'license', frontLicense, `not a valid SPDX expression; using ${DEFAULT_IMPORT_LICENSE}`);
    }
  }
  let publishedAt = shared.publishedAt;
  if (!publishedAt) {
    const updated = field('last_updated');
    if (typeof updated === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(updated.trim())) {
      const candidate = `${updated.trim()}T00:00:00Z`;
      if (IsoDateTimeSchema.safeParse(candidate).success) publishedAt = candidate;
    }
    if (!publishedAt && updated !== undefined && updated !== null) {
      warn(
        warnings,
        'last_updated',
        updated,
        `not a date (YYYY-MM-DD); using ${DEFAULT_IMPORT_PUBLISHED_AT}`,
      );
    }
  }

  const candidate: Record<string, unknown> = {
    id,
    name: title,
    version: shared.version,
    publisher: shared.publisher,
    description,
    category,
    tags,
    license: license ?? DEFAULT_IMPORT_LICENSE,
    publishedAt: publishedAt ?? DEFAULT_IMPORT_PUBLISHED_AT,
    metadata,
  };
  for (const key of frontMatter.keys()) {
    if (!KNOWN_FRONT_MATTER_KEYS.has(key)) {
      warn(warnings, key, frontMatter.get(key), 'not a front-matter key the importer knows; ignored');
    }
  }
  const listing = validateDroppingBadFields(candidate, warnings);
  if (!listing) {
    return skip('invalid-listing', 'the derived listing is invalid even after dropping the bad fields');
  }
  const richness =
    Object.keys(metadata).length +
    (listing.description ? 1 : 0) +
    listing.tags.length / 100 +
    (declaredPattern ? 0.5 : 0);
  return outcome({ listing }, richness, declaredPattern);
}

/** Parses the candidate; drops each field an issue points at (with a warning) and retries, a few times at most. */
function validateDroppingBadFields(
  candidate: Record<string, unknown>,
  warnings: ImportWarning[],
): Listing | undefined {
  const required = new Set(['id', 'name', 'version', 'publisher', 'category', 'license', 'publishedAt']);
  for (let attempt = 0; attempt < 8; attempt++) {
    const result = ListingSchema.safeParse(candidate);
    if (result.success) return result.data;
    let dropped = false;
    for (const issue of result.error.issues) {
      const [top, second] = issue.path.map(String);
      if (
        top === 'metadata' &&
        second !== undefined &&
        isRecord(candidate.metadata) &&
        second in candidate.metadata
      ) {
        warn(warnings, second, candidate.metadata[second], `${issue.message}; dropped`);
        delete candidate.metadata[second];
        dropped = true;
      } else if (top !== undefined && !required.has(top) && top in candidate) {
        warn(warnings, top, candidate[top], `${issue.message}; dropped`);
        delete candidate[top];
        dropped = true;
      }
    }
    if (!dropped) return undefined;
  }
  return undefined;
}

function warn(warnings: ImportWarning[], field: string, value: unknown, message: string): void {
  warnings.push({ field, value: preview(value), message });
}

function describeEnum(schema: z.core.$ZodType): string {
  const options = (schema as unknown as { options?: readonly string[] }).options;
  return options ? options.join(', ') : 'see the schema';
}

function titleCase(slug: string): string {
  return slug
    .split('-')
    .filter(Boolean)
    .map((word) => word[0]?.toUpperCase() + word.slice(1))
    .join(' ');
}

function ownValue(record: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** A text value: strings trimmed, numbers and booleans as text, lists of strings joined; else a warning. */
function textField(value: unknown, key: string, max: number, warnings: ImportWarning[]): string | undefined {
  if (value === undefined || value === null) return undefined;
  let text: string | undefined;
  if (typeof value === 'string') text = value.trim();
  else if (typeof value === 'number' || typeof value === 'boolean') text = String(value);
  else if (Array.isArray(value) && value.every((item) => typeof item === 'string'))
    text = value.join(' ').trim();
  if (text === undefined) {
    warn(warnings, key, value, 'expected text; dropped');
    return undefined;
  }
  if (text.length > max) {
    warn(warnings, key, value, `longer than ${max} characters; shortened`);
    text = truncate(text, max);
  }
  return text || undefined;
}

/**
 * A list of short texts: a YAML list of scalars, or one text split on commas (`commas`) or
 * kept whole (`sentence`, the way "When you need X, Y and Z" reads). Items over 500
 * characters are shortened with a warning; items that are not text are dropped with one.
 */
function lineList(
  value: unknown,
  key: string,
  splitText: 'commas' | 'sentence',
  warnings: ImportWarning[],
): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  let raw: unknown[];
  if (typeof value === 'string') {
    const trimmed = value.trim();
    raw =
      splitText === 'commas' || !/^when\b/i.test(trimmed)
        ? truncate(trimmed, 20_000).split(splitText === 'commas' ? /[,;]/ : /;/)
        : [trimmed];
  } else if (Array.isArray(value)) raw = value;
  else {
    warn(warnings, key, value, 'expected a list or text; dropped');
    return undefined;
  }
  const items: string[] = [];
  for (const item of raw.slice(0, LIST_MAX * 2)) {
    if (item === null || item === undefined) continue;
    if (typeof item !== 'string' && typeof item !== 'number' && typeof item !== 'boolean') {
      warn(warnings, key, item, 'a list item is not text; dropped');
      continue;
    }
    let text = String(item).trim();
    if (!text) continue;
    if (text.length > LIST_ITEM_MAX) {
      warn(warnings, key, item, `a list item is longer than ${LIST_ITEM_MAX} characters; shortened`);
      text = truncate(text, LIST_ITEM_MAX);
    }
    items.push(text);
  }
  return items;
}

function tagList(value: unknown, warnings: ImportWarning[]): string[] {
  if (value === undefined || value === null) return [];
  const raw =
    typeof value === 'string' ? truncate(value, 10_000).split(',') : Array.isArray(value) ? value : undefined;
  if (!raw) {
    warn(warnings, 'tags', value, 'expected a list of tags; dropped');
    return [];
  }
  const tags: string[] = [];
  for (const item of raw.slice(0, 500)) {
    const tag = typeof item === 'string' || typeof item === 'number' ? slugify(String(item)) : '';
    if (!tag) warn(warnings, 'tags', item, 'not usable as a tag; dropped');
    else if (!tags.includes(tag)) tags.push(tag);
  }
  if (tags.length > 50) warn(warnings, 'tags', value, 'more than 50 tags; kept the first 50');
  return tags.slice(0, 50);
}

function modernExamples(
  value: unknown,
  warnings: ImportWarning[],
): { company: string; implementation: string; scale?: string }[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    warn(
      warnings,
      'modern_examples',
      value,
      'expected a list of { company, implementation, scale }; dropped',
    );
    return [];
  }
  const examples: { company: string; implementation: string; scale?: string }[] = [];
  for (const item of value.slice(0, 100)) {
    if (!isRecord(item)) {
      warn(warnings, 'modern_examples', item, 'expected { company, implementation, scale }; dropped');
      continue;
    }
    const company = textField(ownValue(item, 'company'), 'modern_examples.company', 200, warnings);
    const implementation = textField(
      ownValue(item, 'implementation'),
      'modern_examples.implementation',
      1000,
      warnings,
    );
    const scale = textField(ownValue(item, 'scale'), 'modern_examples.scale', 500, warnings);
    if (!company || !implementation) {
      warn(warnings, 'modern_examples', item, 'an example needs a company and an implementation; dropped');
      continue;
    }
    examples.push(scale ? { company, implementation, scale } : { company, implementation });
  }
  return examples;
}

// ---------------------------------------------------------------------------------------------
// Front matter and body

function splitFrontMatter(text: string): { yaml: string; body: string } | undefined {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const firstBreak = source.indexOf('\n');
  if (firstBreak < 0 || source.slice(0, firstBreak).trimEnd() !== '---') return undefined;
  let position = firstBreak + 1;
  while (position <= source.length) {
    let end = source.indexOf('\n', position);
    if (end < 0) end = source.length;
    const line = source.slice(position, end).trimEnd();
    if (line === '---' || line === '...') {
      return { yaml: source.slice(firstBreak + 1, position), body: source.slice(end + 1) };
    }
    position = end + 1;
  }
  return undefined;
}

/** The front matter as a Map (so no key can touch a prototype), or why it cannot be read. */
function parseFrontMatter(yaml: string): Map<string, unknown> | string {
  let data: unknown;
  try {
    const document = parseDocument(yaml, { prettyErrors: false, uniqueKeys: false });
    const [error] = document.errors;
    if (error) return `invalid YAML front matter: ${truncate(error.message.split('\n')[0] ?? '', 200)}`;
    data = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return `invalid YAML front matter: ${truncate(error instanceof Error ? error.message : String(error), 200)}`;
  }
  if (data === null || data === undefined) return 'empty YAML front matter';
  if (!isRecord(data)) return 'the YAML front matter is not a mapping of keys to values';
  const map = new Map<string, unknown>();
  for (const [key, value] of Object.entries(data)) {
    const normalized = key.trim().toLowerCase().replace(/-/g, '_');
    if (!map.has(normalized)) map.set(normalized, value);
  }
  return map;
}

interface BodyFacts {
  title?: string;
  essentialQuestion?: string;
  whenToUse?: string[];
  whenNotToUse?: string[];
  relatedPatterns: RelatedPattern[];
  proseWords: number;
}

function parseBody(body: string): BodyFacts {
  const root = parseMarkdown(body);
  const sections = markdownSections(root);

  // Words of prose (code, HTML and headings aside), outside "See also" sections, up to 1,000.
  let proseWords = 0;
  let inSeeAlso = false;
  for (const node of root.children) {
    if (proseWords >= 1000) break;
    if (node.type === 'heading') {
      inSeeAlso = /^see also$/i.test(plainTextOf(node));
      continue;
    }
    if (inSeeAlso) continue;
    const words = plainTextOf(node).match(/[\p{L}\p{N}]+/gu);
    proseWords += words ? words.length : 0;
  }
  proseWords = Math.min(proseWords, 1000);

  const facts: BodyFacts = { relatedPatterns: [], proseWords };
  const h1 = sections.find((section) => section.depth === 1 && section.title);
  if (h1) facts.title = truncate(h1.title, 200);

  const questionSection = sections.find((section) => /^essential question\b/i.test(section.title));
  if (questionSection) {
    const first = questionSection.nodes.find(
      (node) => node.type !== 'heading' && node.type !== 'code' && node.type !== 'html' && plainTextOf(node),
    );
    const question = first ? plainTextOf(first) : '';
    if (question) facts.essentialQuestion = truncate(question, 1000);
  }

  const notUse = /\b(don'?t|do not|not)\b.*\buse\b|\bavoid\b/i;
  const useWhen = /\buse when\b|\bwhen to use\b|\bwhen not to use\b/i;
  for (const section of sections) {
    if (facts.whenToUse && facts.whenNotToUse) break;
    // "When to Use / When NOT to Use" holds both lists under sub-headings: skip the container.
    if (section.depth < 2 || !useWhen.test(section.title) || section.title.includes('/')) continue;
    const items = listOrTableItems(section.nodes)
      .slice(0, LIST_MAX)
      .map((item) => truncate(item, LIST_ITEM_MAX));
    if (items.length === 0) continue;
    if (notUse.test(section.title)) facts.whenNotToUse ??= items;
    else facts.whenToUse ??= items;
  }

  const related = sections.find(
    (section) => section.depth <= 2 && /^related patterns\b/i.test(section.title),
  );
  if (related) facts.relatedPatterns = relatedPatterns(related.nodes);
  return facts;
}

function relationshipOf(heading: string): Relationship {
  if (/anti[- ]?pattern/i.test(heading)) return 'anti-pattern';
  if (/alternative/i.test(heading)) return 'alternative';
  if (/extension|build upon|enhanc/i.test(heading)) return 'enhances';
  if (/foundation|prerequisite|require|essential/i.test(heading)) return 'requires';
  return 'complements';
}

function relatedPatterns(nodes: readonly RootContent[]): RelatedPattern[] {
  const out: RelatedPattern[] = [];
  const seen = new Set<string>();
  for (const entry of linkEntries(nodes)) {
    const relationship = entry.heading === undefined ? 'complements' : relationshipOf(entry.heading);
    const target = entry.url.split('#')[0] ?? '';
    const file = target.split('/').filter(Boolean).pop() ?? '';
    const slug = slugify(file.replace(/\.(md|markdown|html)$/i, ''), MAX_NAME_SLUG).replace(TIER_SUFFIX, '');
    if (!slug || seen.has(slug) || /^https?:/i.test(target)) continue;
    seen.add(slug);
    const reason = entry.note;
    out.push(
      reason
        ? { pattern: slug, relationship, reason: truncate(reason, 500) }
        : { pattern: slug, relationship },
    );
    if (out.length >= LIST_MAX) break;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Seed 002 Phase-2 front matter. The seed's template is not in this repository; the shapes
// accepted here are the natural reading of its field names, documented on importMarkdownPattern.

type FieldReader = (...keys: string[]) => unknown;

function readPhase2(
  field: FieldReader,
  pagePath: string,
  metadata: Record<string, unknown>,
  warnings: ImportWarning[],
): void {
  const guide = pageLink(field('implementation_guide'), 'implementation_guide', pagePath, warnings);
  if (guide) metadata.implementationGuide = guide;

  const studies = listOf(field('case_studies'), 'case_studies', warnings, (item) => {
    if (typeof item === 'string') {
      const text = item.trim();
      if (!text) return undefined;
      return looksLikeLink(text)
        ? { title: truncate(text, 500), path: resolveLink(text, pagePath) }
        : { title: truncate(text, 500) };
    }
    if (!isRecord(item)) return undefined;
    const title = textField(
      ownValue(item, 'title') ?? ownValue(item, 'name'),
      'case_studies.title',
      500,
      warnings,
    );
    if (!title) return undefined;
    const study: Record<string, string> = { title };
    const company = textField(ownValue(item, 'company'), 'case_studies.company', 200, warnings);
    if (company) study.company = company;
    const link = linkValue(item);
    if (link) study.path = resolveLink(link, pagePath);
    const summary = textField(
      ownValue(item, 'summary') ?? ownValue(item, 'outcome') ?? ownValue(item, 'description'),
      'case_studies.summary',
      2000,
      warnings,
    );
    if (summary) study.summary = summary;
    return study;
  });
  if (studies.length > 0) metadata.caseStudies = studies.slice(0, 100);

  const comparisons = listOf(field('comparison_links'), 'comparison_links', warnings, (item) =>
    pageLink(item, 'comparison_links', pagePath, warnings),
  );
  if (comparisons.length > 0) metadata.comparisonLinks = comparisons.slice(0, 100);

  const migrations = listOf(field('migration_paths'), 'migration_paths', warnings, (item) => {
    if (!isRecord(item)) return undefined;
    const path: Record<string, string> = {};
    const from = patternRef(ownValue(item, 'from'));
    const to = patternRef(ownValue(item, 'to'));
    if (from) path.from = from;
    if (to) path.to = to;
    const guideText = textField(ownValue(item, 'guide'), 'migration_paths.guide', 5000, warnings);
    if (guideText) path.guide = looksLikeLink(guideText) ? resolveLink(guideText, pagePath) : guideText;
    const effort = enumValue(ownValue(item, 'effort'), EffortSchema, 'migration_paths.effort', warnings);
    if (effort) path.effort = effort;
    return Object.keys(path).length > 0 ? path : undefined;
  });
  if (migrations.length > 0) metadata.migrationPaths = migrations.slice(0, 50);

  const combinations = field('pattern_combinations');
  if (combinations !== undefined && combinations !== null) {
    if (isRecord(combinations)) {
      const refs = (key: string, ...aliases: string[]) => {
        let value: unknown;
        for (const name of [key, ...aliases]) value ??= ownValue(combinations, name);
        return listOf(value, `pattern_combinations.${key}`, warnings, (item) => {
          const pattern = patternRef(
            isRecord(item) ? (ownValue(item, 'pattern') ?? ownValue(item, 'name')) : item,
          );
          if (!pattern) return undefined;
          const reason = isRecord(item)
            ? textField(ownValue(item, 'reason'), `pattern_combinations.${key}.reason`, 500, warnings)
            : undefined;
          return reason ? { pattern, reason } : { pattern };
        }).slice(0, LIST_MAX);
      };
      metadata.patternCombinations = {
        complements: refs('complements'),
        requires: refs('requires'),
        enhances: refs('enhances'),
        antiPatterns: refs('anti_patterns', 'antipatterns', 'anti-patterns', 'antiPatterns'),
      };
    } else {
      warn(
        warnings,
        'pattern_combinations',
        combinations,
        'expected { complements, requires, enhances, anti_patterns }; dropped',
      );
    }
  }

  const criteria = field('decision_criteria');
  if (criteria !== undefined && criteria !== null) {
    if (isRecord(criteria)) {
      const thresholds: Record<string, number | string> = {};
      const rawThresholds = ownValue(criteria, 'scale_thresholds') ?? ownValue(criteria, 'scaleThresholds');
      if (isRecord(rawThresholds)) {
        for (const [key, value] of Object.entries(rawThresholds).slice(0, LIST_MAX)) {
          const number = typeof value === 'number' && Number.isFinite(value) ? value : undefined;
          const text =
            number === undefined
              ? textField(value, `decision_criteria.scale_thresholds.${key}`, 500, warnings)
              : undefined;
          if (!NameKeySchema.safeParse(key).success || key === '__proto__') {
            warn(warnings, 'decision_criteria.scale_thresholds', key, 'not a usable threshold name; dropped');
          } else if (number !== undefined) thresholds[key] = number;
          else if (text !== undefined) thresholds[key] = text;
        }
      } else if (rawThresholds !== undefined && rawThresholds !== null) {
        warn(
          warnings,
          'decision_criteria.scale_thresholds',
          rawThresholds,
          'expected a mapping of name to threshold; dropped',
        );
      }
      const factors = listOf(
        ownValue(criteria, 'complexity_factors') ?? ownValue(criteria, 'complexityFactors'),
        'decision_criteria.complexity_factors',
        warnings,
        (item) => {
          const factor = textField(
            isRecord(item) ? (ownValue(item, 'factor') ?? ownValue(item, 'name')) : item,
            'decision_criteria.complexity_factors',
            500,
            warnings,
          );
          if (!factor) return undefined;
          const impact = isRecord(item)
            ? enumValue(
                ownValue(item, 'impact'),
                ImpactSchema,
                'decision_criteria.complexity_factors.impact',
                warnings,
              )
            : undefined;
          return impact ? { factor, impact } : { factor };
        },
      );
      metadata.decisionCriteria = {
        scaleThresholds: thresholds,
        complexityFactors: factors.slice(0, LIST_MAX),
      };
    } else {
      warn(
        warnings,
        'decision_criteria',
        criteria,
        'expected { scale_thresholds, complexity_factors }; dropped',
      );
    }
  }

  const complexity = field('implementation_complexity');
  if (complexity !== undefined && complexity !== null) {
    if (typeof complexity === 'string') {
      const effort = enumValue(complexity, EffortSchema, 'implementation_complexity', warnings);
      if (effort) metadata.implementationComplexity = { effort, expertise: [] };
    } else if (isRecord(complexity)) {
      const value: Record<string, unknown> = {};
      const effort = enumValue(
        ownValue(complexity, 'effort') ?? ownValue(complexity, 'level'),
        EffortSchema,
        'implementation_complexity.effort',
        warnings,
      );
      if (effort) value.effort = effort;
      const teamSize = textField(
        ownValue(complexity, 'team_size') ?? ownValue(complexity, 'teamSize'),
        'implementation_complexity.team_size',
        500,
        warnings,
      );
      if (teamSize) value.teamSize = teamSize;
      const timeline = textField(
        ownValue(complexity, 'timeline'),
        'implementation_complexity.timeline',
        500,
        warnings,
      );
      if (timeline) value.timeline = timeline;
      value.expertise = (
        lineList(
          ownValue(complexity, 'expertise'),
          'implementation_complexity.expertise',
          'commas',
          warnings,
        ) ?? []
      ).slice(0, LIST_MAX);
      metadata.implementationComplexity = value;
    } else {
      warn(
        warnings,
        'implementation_complexity',
        complexity,
        'expected an effort (low, medium, high) or { effort, team_size, timeline, expertise }; dropped',
      );
    }
  }

  const operations = field('operational_considerations');
  if (operations !== undefined && operations !== null) {
    if (isRecord(operations)) {
      const entries = <T>(
        key: string,
        main: string,
        second: string,
        schema: z.core.$ZodType<T> | undefined,
        secondKeys: string[],
      ) =>
        listOf(ownValue(operations, key), `operational_considerations.${key}`, warnings, (item) => {
          const first = textField(
            isRecord(item) ? ownValue(item, main) : item,
            `operational_considerations.${key}.${main}`,
            500,
            warnings,
          );
          if (!first) return undefined;
          const entry: Record<string, unknown> = { [main]: first };
          if (isRecord(item)) {
            let raw: unknown;
            for (const name of secondKeys) raw ??= ownValue(item, name);
            const value = schema
              ? enumValue(raw, schema, `operational_considerations.${key}.${second}`, warnings)
              : textField(raw, `operational_considerations.${key}.${second}`, 500, warnings);
            if (value !== undefined) entry[second] = value;
          }
          return entry;
        }).slice(0, LIST_MAX);
      metadata.operationalConsiderations = {
        monitoring: entries('monitoring', 'metric', 'tool', undefined, ['tool', 'tools']),
        alerting: entries('alerting', 'condition', 'severity', AlertSeveritySchema, ['severity']),
        maintenance: entries('maintenance', 'task', 'frequency', MaintenanceFrequencySchema, ['frequency']),
      };
    } else {
      warn(
        warnings,
        'operational_considerations',
        operations,
        'expected { monitoring, alerting, maintenance }; dropped',
      );
    }
  }

  const alternatives = lineList(field('modern_alternatives'), 'modern_alternatives', 'sentence', warnings);
  if (alternatives && alternatives.length > 0) metadata.modernAlternatives = alternatives.slice(0, LIST_MAX);
  const reason = textField(field('deprecation_reason'), 'deprecation_reason', 2000, warnings);
  if (reason) metadata.deprecationReason = reason;
  const migrationGuide = field('migration_guide');
  // Placeholders such as `<!-- TODO: … -->` are unfilled template text, not a guide.
  const guidePath = (
    typeof migrationGuide === 'string'
      ? migrationGuide
      : isRecord(migrationGuide)
        ? (linkValue(migrationGuide) ?? '')
        : ''
  )
    .replace(/<!--[\s\S]*?(-->|$)/g, '')
    .trim();
  if (guidePath) {
    const guide = truncate(guidePath, 2000);
    metadata.migrationGuide = looksLikeLink(guide) ? resolveLink(guide, pagePath) : guide;
  } else if (migrationGuide !== undefined && migrationGuide !== null) {
    warn(warnings, 'migration_guide', migrationGuide, 'expected a link to the guide (or its text); dropped');
  }
}

/** A YAML list mapped item by item; items the mapper rejects get a warning. A single non-list value counts as a one-item list. */
function listOf<T>(
  value: unknown,
  key: string,
  warnings: ImportWarning[],
  map: (item: unknown) => T | undefined,
): T[] {
  if (value === undefined || value === null) return [];
  const items = Array.isArray(value) ? value : [value];
  const out: T[] = [];
  for (const item of items.slice(0, LIST_MAX * 2)) {
    if (item === null || item === undefined) continue;
    const mapped = map(item);
    if (mapped === undefined) warn(warnings, key, item, 'an item could not be read; dropped');
    else out.push(mapped);
  }
  return out;
}

function enumValue<T>(
  value: unknown,
  schema: z.core.$ZodType<T>,
  key: string,
  warnings: ImportWarning[],
): T | undefined {
  if (value === undefined || value === null) return undefined;
  let candidate = typeof value === 'string' ? value.trim().toLowerCase() : value;
  if (candidate === 'annually' || candidate === 'annual') candidate = 'yearly';
  const parsed = z.safeParse(schema, candidate);
  if (parsed.success) return parsed.data;
  warn(warnings, key, value, `not a known value (${describeEnum(schema)}); dropped`);
  return undefined;
}

function linkValue(record: Record<string, unknown>): string | undefined {
  for (const key of ['path', 'link', 'url', 'href']) {
    const value = ownValue(record, key);
    if (typeof value === 'string' && value.trim()) return value.trim();
  }
  return undefined;
}

function pageLink(value: unknown, key: string, pagePath: string, warnings: ImportWarning[]) {
  if (value === undefined || value === null) return undefined;
  const raw = typeof value === 'string' ? value.trim() : isRecord(value) ? linkValue(value) : undefined;
  if (!raw) {
    warn(warnings, key, value, 'expected a link (text, or { path, title }); dropped');
    return undefined;
  }
  const path = resolveLink(truncate(raw, 2000), pagePath);
  const title = isRecord(value)
    ? textField(ownValue(value, 'title') ?? ownValue(value, 'name'), `${key}.title`, 500, warnings)
    : undefined;
  return title ? { path, title } : { path };
}

function looksLikeLink(text: string): boolean {
  return (
    /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ||
    (!/\s/.test(text) && (/\.(md|markdown|html?)(#.*)?$/i.test(text) || text.includes('/')))
  );
}

/**
 * A link as a path inside the library: a relative link resolved against the page's folder
 * (`../resilience/retry.md` from `scaling/x.md` → `resilience/retry.md`), a leading `/` meaning
 * the library root; URLs (`https://…`, `mailto:`) unchanged. A link that climbs above the root
 * keeps its leading `../` so the link check reports it.
 */
function resolveLink(link: string, pagePath: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(link)) return link;
  const hash = link.indexOf('#');
  const target = hash >= 0 ? link.slice(0, hash) : link;
  const fragment = hash >= 0 ? link.slice(hash) : '';
  if (!target) return link;
  const base = target.startsWith('/') ? [] : pagePath.split('/').slice(0, -1);
  const out = [...base];
  let above = 0;
  for (const segment of target.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (out.length > 0) out.pop();
      else above += 1;
    } else out.push(segment);
  }
  return `${'../'.repeat(above)}${out.join('/')}${fragment}`;
}

/** A pattern named in front matter: a slug, an id (`scope/name`) or a link to its page (→ the file's slug). */
function patternRef(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (!text) return undefined;
  if (/\.(md|markdown|html?)(#.*)?$/i.test(text)) {
    const file = text.split('#')[0]?.split('/').filter(Boolean).pop() ?? '';
    const slug = slugify(file.replace(/\.(md|markdown|html?)$/i, ''), MAX_NAME_SLUG).replace(TIER_SUFFIX, '');
    return slug || undefined;
  }
  return truncate(text, 214);
}
