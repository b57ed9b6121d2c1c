import semver from 'semver';
import * as z from 'zod';
import { ValidationError, type ValidationIssue } from './errors.js';
import {
  IsoDateTimeSchema,
  NameKeySchema,
  PatternIdSchema,
  SlugSchema,
  SpdxExpressionSchema,
  TeamIdSchema,
} from './identifiers.js';
import { DEFAULT_IMPORT_PUBLISHED_AT } from './import-markdown.js';
import { slugify, truncate } from './import-text.js';
import { type Listing, ListingSchema, type Publisher, PublisherSchema } from './listing.js';
import { parseWith } from './parse.js';

/**
 * Options of {@link importPackageManifest}.
 *
 * @example
 * ```ts
 * importPackageManifest(packageJson, {
 *   publisher: { id: 'acme', name: 'Acme' },
 *   category: 'resilience',
 *   publishedAt: '2026-11-21T00:00:00Z',
 *   isPatternDependency: (name) => name.startsWith('@acme/patterns-'),
 * });
 * ```
 */
export interface ManifestImportOptions {
  /**
   * The publishing team. Required for an unscoped package name; for `@scope/name` it must
   * have the scope as its id.
   * @default `{ id: <scope>, name: <author name or scope> }` for a scoped name
   */
  publisher?: string | Publisher;
  /**
   * Category slug of the listing.
   * @default the manifest's `pollinate.category` if it is a slug, else `'uncategorized'`
   */
  category?: string;
  /**
   * ISO 8601 publication time (manifests carry none).
   * @default {@link DEFAULT_IMPORT_PUBLISHED_AT}
   */
  publishedAt?: string;
  /**
   * SPDX expression used when the manifest has no `license` (a present but invalid license is
   * always an error).
   * @default none: a manifest without a license is an error
   */
  defaultLicense?: string;
  /**
   * Decides which `dependencies` entries are patterns (their names, mapped `@scope/name` →
   * `scope/name`, become pattern dependencies); the rest are ordinary packages and are left out.
   * @default a dependency is a pattern when it is in the same npm scope as the manifest
   */
  isPatternDependency?: (packageName: string) => boolean;
}

const ManifestSchema = z.looseObject({
  name: z.string().min(1).max(214),
  version: z.string().max(256),
  description: z.string().max(100_000).optional(),
  keywords: z.array(z.unknown()).max(10_000).optional(),
  license: z.union([z.string(), z.looseObject({ type: z.string() })]).optional(),
  licenses: z
    .array(z.looseObject({ type: z.string() }))
    .max(50)
    .optional(),
  author: z.union([z.string(), z.looseObject({ name: z.string().optional() })]).optional(),
  dependencies: z.record(z.string(), z.unknown()).optional(),
  peerDependencies: z.record(z.string(), z.unknown()).optional(),
  engines: z.record(z.string(), z.unknown()).optional(),
  pollinate: z.looseObject({ category: z.string().optional() }).optional(),
});

const OptionsSchema = z.strictObject({
  publisher: z.union([TeamIdSchema, PublisherSchema]).optional(),
  category: z.optional(SlugSchema),
  publishedAt: z.optional(IsoDateTimeSchema),
  defaultLicense: z.optional(SpdxExpressionSchema),
  isPatternDependency: z.custom<(name: string) => boolean>((value) => typeof value === 'function').optional(),
});

/**
 * Turns a `package.json`-like manifest into a listing.
 *
 * Mapping: `name` → `id` (`@scope/name` → `scope/name`; an unscoped name takes the publisher
 * option's id as scope) and → the listing's display `name`, unchanged; `version` (valid semver, a leading `v` removed); `description`;
 * `keywords` → `tags` (slugified, deduplicated, first 50); `license` (SPDX expression; the
 * legacy `{ type }` and `licenses: [{ type }]` forms joined with `OR`); `author` → publisher
 * display name; `dependencies` → pattern `dependencies` for the entries
 * `isPatternDependency` accepts, with valid semver ranges; `engines` → `compatibility.runtimes`
 * and `peerDependencies` → `compatibility.frameworks` (entries with valid ranges). Fields the
 * manifest cannot supply (pricing, ratings, metadata) get the schema defaults.
 *
 * License policy: a present license must be a valid SPDX expression — otherwise a
 * {@link ValidationError} at `license`; a missing one takes `defaultLicense` or is an error.
 * Dependencies, engines and peer dependencies that cannot be mapped are left out, since most
 * are ordinary packages rather than patterns.
 *
 * @param manifest - a parsed `package.json` (or the same shape from any registry)
 * @param options - see {@link ManifestImportOptions}
 * @returns a valid listing
 * @throws {@link ValidationError} naming the manifest field (`name`, `version`, `license`, …) or option that cannot make a valid listing
 * @example
 * ```ts
 * const listing = importPackageManifest(
 *   { name: '@acme/retry', version: '1.2.0', description: 'Retries with backoff', keywords: ['Resilience'], license: 'MIT',
 *     dependencies: { '@acme/timeout': '^2.0.0', lodash: '^4.17.21' } },
 *   { category: 'resilience', publishedAt: '2026-11-21T00:00:00Z' },
 * );
 * // listing.id === 'acme/retry'; listing.tags → ['resilience']; listing.dependencies → { 'acme/timeout': '^2.0.0' }
 * ```
 */
export function importPackageManifest(manifest: unknown, options: ManifestImportOptions = {}): Listing {
  const input = parseWith(ManifestSchema, manifest, 'package manifest');
  const settings = parseWith(OptionsSchema, options, 'manifest import options');
  const fail = (path: (string | number)[], message: string): never => {
    throw new ValidationError([{ path, message }], 'package manifest');
  };

  // ---- id and publisher
  const scoped = /^@([^/]+)\/(.+)$/.exec(input.name);
  const scope = scoped ? (scoped[1] as string) : undefined;
  const bareName = scoped ? (scoped[2] as string) : input.name;
  const authorName =
    typeof input.author === 'string'
      ? input.author.replace(/\s*[<(].*$/, '').trim()
      : typeof input.author?.name === 'string'
        ? input.author.name.trim()
        : '';
  let publisher: Publisher;
  if (settings.publisher !== undefined) {
    publisher =
      typeof settings.publisher === 'string'
        ? { id: settings.publisher, name: settings.publisher }
        : settings.publisher;
    if (scope !== undefined && scope !== publisher.id) {
      fail(['name'], `the package scope @${scope} is not the publisher id ${publisher.id}`);
    }
  } else if (scope !== undefined) {
    publisher = { id: scope, name: truncate(authorName, 200) || scope };
  } else {
    return fail(
      ['name'],
      `the unscoped package ${JSON.stringify(input.name)} needs options.publisher to give its scope`,
    );
  }
  const id = `${publisher.id}/${bareName}`;
  if (!PatternIdSchema.safeParse(id).success) {
    fail(
      ['name'],
      `${JSON.stringify(input.name)} does not make a valid pattern id (scope/name, lowercase, URL-safe)`,
    );
  }

  // ---- version
  const version = semver.valid(input.version.trim());
  if (version === null) fail(['version'], `${JSON.stringify(input.version)} is not a semantic version`);

  // ---- license
  let license: string | undefined;
  const declared =
    typeof input.license === 'string'
      ? input.license.trim()
      : input.license
        ? input.license.type.trim()
        : input.licenses && input.licenses.length > 0
          ? input.licenses.map((entry) => entry.type.trim()).join(' OR ')
          : undefined;
  if (declared !== undefined) {
    if (!SpdxExpressionSchema.safeParse(declared).success) {
      fail(
        [input.license === undefined ? 'licenses' : 'license'],
        `${JSON.stringify(declared)} is not a valid SPDX license expression`,
      );
    }
    license = declared;
  } else {
    license = settings.defaultLicense;
    if (license === undefined)
      fail(['license'], 'the manifest has no license and options.defaultLicense is not set');
  }

  // ---- tags
  const tags: string[] = [];
  for (const keyword of input.keywords ?? []) {
    if (typeof keyword !== 'string') continue;
    const tag = slugify(keyword);
    if (tag && !tags.includes(tag)) tags.push(tag);
    if (tags.length === 50) break;
  }

  // ---- dependencies and compatibility
  const isPattern =
    settings.isPatternDependency ?? ((name: string) => scope !== undefined && name.startsWith(`@${scope}/`));
  const dependencies: Record<string, string> = {};
  for (const [name, range] of Object.entries(input.dependencies ?? {})) {
    if (typeof range !== 'string' || semver.validRange(range) === null || !isPattern(name)) continue;
    const dependencyId = name.replace(/^@/, '');
    if (PatternIdSchema.safeParse(dependencyId).success) define(dependencies, dependencyId, range);
  }
  const rangeMap = (record: Record<string, unknown> | undefined): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const [name, range] of Object.entries(record ?? {})) {
      if (
        typeof range === 'string' &&
        semver.validRange(range) !== null &&
        NameKeySchema.safeParse(name).success
      ) {
        define(out, name, range);
      }
    }
    return out;
  };

  const category =
    settings.category ??
    (input.pollinate?.category && SlugSchema.safeParse(input.pollinate.category).success
      ? input.pollinate.category
      : 'uncategorized');

  const result = ListingSchema.safeParse({
    id,
    // The display name is the package name as npm shows it (`@types/pify`, not `pify`), so
    // a search for the exact npm name finds it first.
    name: truncate(input.name, 200),
    version,
    publisher,
    description: truncate(input.description ?? '', 10_000),
    category,
    tags,
    license,
    dependencies,
    compatibility: {
      languages: {},
      frameworks: rangeMap(input.peerDependencies),
      runtimes: rangeMap(input.engines),
      browsers: [],
    },
    publishedAt: settings.publishedAt ?? DEFAULT_IMPORT_PUBLISHED_AT,
  });
  if (!result.success) {
    throw new ValidationError(
      result.error.issues.map(
        (issue): ValidationIssue => ({
          path: issue.path.map((part) => (typeof part === 'number' ? part : String(part))),
          message: issue.message,
        }),
      ),
      'listing made from the package manifest',
    );
  }
  return result.data;
}

/** Sets an own enumerable property even for a key such as `__proto__` (the schema then rejects it). */
function define(record: Record<string, string>, key: string, value: string): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}
