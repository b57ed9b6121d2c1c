import * as z from 'zod';
import { type Listing, ListingSchema } from './listing.js';
import { parseWith } from './parse.js';

/**
 * What a link-integrity finding is about:
 * - `dangling-relation`: a related pattern, a pattern combination (complements, requires,
 *   enhances) or a dependency names a pattern the catalog does not have;
 * - `unknown-migration-target`: a migration path's `from` or `to` names an unknown pattern;
 * - `unknown-anti-pattern`: an anti-pattern (related pattern with relationship `anti-pattern`, or
 *   `patternCombinations.antiPatterns`) names an unknown pattern;
 * - `missing-page`: an implementation guide, case study, comparison link, migration guide or
 *   migration-path guide links to a library path that is not among `knownPaths`;
 * - `contradicting-relations`: the same pattern is both required / complemented / enhanced and an
 *   anti-pattern of this one.
 *
 * @example
 * ```ts
 * const dangling = report.findings.filter((finding) => finding.kind === 'dangling-relation');
 * ```
 */
export type LinkFindingKind =
  | 'dangling-relation'
  | 'unknown-migration-target'
  | 'unknown-anti-pattern'
  | 'missing-page'
  | 'contradicting-relations';

/**
 * One link-integrity problem: which listing, which field (a path such as
 * `metadata.relatedPatterns[2].pattern`), the target as written, and a sentence.
 *
 * @example
 * ```ts
 * // { kind: 'dangling-relation', listing: 'dstudio/circuit-breaker', field: 'metadata.relatedPatterns[3].pattern',
 * //   target: 'timeout-gold', message: 'no pattern timeout-gold in the catalog' }
 * ```
 */
export interface LinkFinding {
  kind: LinkFindingKind;
  /** The id of the listing the link is in. */
  listing: string;
  /** Where in the listing, as a dotted path with indexes. */
  field: string;
  /** The pattern name / id or the page path the link points at. */
  target: string;
  /** What is wrong, in words. */
  message: string;
}

/**
 * The seed-002 Phase-2 sections whose coverage {@link validateCatalogLinks} measures.
 *
 * @example
 * ```ts
 * for (const section of PHASE2_SECTIONS) console.log(section, report.coverage.sections[section].share);
 * ```
 */
export const PHASE2_SECTIONS = [
  'implementationGuide',
  'caseStudies',
  'migrationPaths',
  'patternCombinations',
  'comparisonLinks',
  'decisionCriteria',
  'implementationComplexity',
  'operationalConsiderations',
] as const;
/** A Phase-2 section name (a key of the pattern metadata). */
export type Phase2Section = (typeof PHASE2_SECTIONS)[number];

/**
 * The seed's coverage metrics for a catalog: share of patterns with each Phase-2 section, share
 * of gold patterns with a production checklist, and average cross-references per pattern.
 * Shares are fractions 0–1 (0 for an empty catalog).
 *
 * @example
 * ```ts
 * console.log(`${(coverage.gold.share * 100).toFixed(0)}% of gold patterns have a production checklist`);
 * ```
 */
export interface CatalogCoverage {
  /** Listings measured. */
  patterns: number;
  /** Per Phase-2 section: how many listings have it (non-empty) and the share. */
  sections: Record<Phase2Section, { count: number; share: number }>;
  /** Gold-tier listings, those with a non-empty production checklist, and the share. */
  gold: { patterns: number; withProductionChecklist: number; share: number };
  /**
   * Mean number of references to other patterns per listing: related patterns, pattern
   * combinations (all four lists), migration-path ends and dependencies.
   */
  averageCrossReferences: number;
}

/**
 * The outcome of {@link validateCatalogLinks}.
 *
 * @example
 * ```ts
 * const { findings, coverage, checked } = validateCatalogLinks(listings, { knownPaths });
 * ```
 */
export interface CatalogLinkReport {
  /** Every problem found, in listing order, then field order. */
  findings: LinkFinding[];
  /** Coverage metrics. */
  coverage: CatalogCoverage;
  /** How many links were checked: pattern references, and page links (only when `knownPaths` is given). */
  checked: { patternReferences: number; pageLinks: number };
}

/**
 * Options of {@link validateCatalogLinks}.
 *
 * @example
 * ```ts
 * validateCatalogLinks(listings, { knownPaths: files.map((file) => file.path) });
 * ```
 */
export interface CatalogLinkOptions {
  /**
   * Every path the library has (`/`-separated, relative to its root, e.g. `guides/retry.md`).
   * When given, page links (guides, case studies, comparisons) are checked against it; when
   * absent they are not checked. URLs (`https://…`) are never checked.
   */
  knownPaths?: Iterable<string>;
}

const ListingsSchema = z.array(ListingSchema).max(1_000_000);
const POSITIVE = ['complements', 'requires', 'enhances'] as const;

/**
 * Checks a catalog's links (seed 002's first success criterion): relations, pattern
 * combinations, dependencies and migration paths must name patterns the catalog has;
 * guide, case-study, comparison and migration-guide links must name pages the library has; and
 * a pattern must not both require (or complement, or enhance) another and call it an
 * anti-pattern. Also measures the seed's coverage metrics.
 *
 * A reference names a pattern when it equals a listing's id (`scope/name`) or its name (the part
 * after `/`, as imported libraries write them); a trailing `.md` and a `-gold` / `-silver` /
 * `-bronze` suffix are ignored. Page links are compared without their `#fragment` and leading
 * `./` or `/`. Cost: linear in the number of links plus the listings.
 *
 * @param listings - the catalog's listings (validated with {@link ListingSchema})
 * @param options - {@link CatalogLinkOptions}
 * @returns findings, coverage and how many links were checked
 * @throws {@link ValidationError} when a listing is invalid
 * @example
 * ```ts
 * import { importMarkdownLibrary } from '@pollinate/core/import';
 *
 * const { listings } = importMarkdownLibrary(files);
 * const report = validateCatalogLinks(listings, { knownPaths: files.map((file) => file.path) });
 * for (const f of report.findings) console.log(`${f.listing} ${f.field} → ${f.target}: ${f.message}`);
 * console.log(report.coverage.averageCrossReferences);
 * ```
 */
export function validateCatalogLinks(
  listings: readonly Listing[],
  options: CatalogLinkOptions = {},
): CatalogLinkReport {
  const parsed = parseWith(ListingsSchema, listings, 'catalog listings');
  const known = new Map<string, string>();
  for (const listing of parsed) {
    known.set(listing.id, listing.id);
    const name = listing.id.slice(listing.id.indexOf('/') + 1);
    if (!known.has(name)) known.set(name, listing.id);
  }
  const resolvePattern = (target: string): string | undefined => {
    const trimmed = target.trim();
    const page = /\.(md|markdown)$/i.test(trimmed);
    const clean = trimmed.replace(/\.(md|markdown)$/i, '').replace(/-(gold|silver|bronze)$/, '');
    // An id matches exactly; a name (no `/`) or a page link matches by its last segment.
    if (clean.includes('/') && !page) return known.get(clean)?.includes('/') ? known.get(clean) : undefined;
    return known.get(clean.split('/').filter(Boolean).at(-1) ?? clean);
  };
  const paths =
    options.knownPaths === undefined ? undefined : new Set([...options.knownPaths].map(normalizePagePath));
  const findings: LinkFinding[] = [];
  const checked = { patternReferences: 0, pageLinks: 0 };
  let crossReferences = 0;

  for (const listing of parsed) {
    const meta = listing.metadata;
    const add = (kind: LinkFindingKind, field: string, target: string, message: string) =>
      findings.push({ kind, listing: listing.id, field, target, message });
    const checkPattern = (kind: LinkFindingKind, field: string, target: string, what: string) => {
      checked.patternReferences += 1;
      crossReferences += 1;
      const found = resolvePattern(target);
      if (found === undefined) add(kind, field, target, `${what} ${target} is not a pattern of the catalog`);
      return found ?? target;
    };
    const checkPage = (field: string, target: string, what: string) => {
      if (paths === undefined || /^[a-z][a-z0-9+.-]*:/i.test(target)) return;
      checked.pageLinks += 1;
      if (!paths.has(normalizePagePath(target)))
        add('missing-page', field, target, `${what} ${target} is not a page of the library`);
    };

    const positive = new Map<string, string>(); // resolved target → field
    const anti = new Map<string, string>();
    meta.relatedPatterns.forEach((related, index) => {
      const field = `metadata.relatedPatterns[${index}].pattern`;
      const isAnti = related.relationship === 'anti-pattern';
      const target = checkPattern(
        isAnti ? 'unknown-anti-pattern' : 'dangling-relation',
        field,
        related.pattern,
        isAnti ? 'anti-pattern' : `related pattern (${related.relationship})`,
      );
      if (isAnti) anti.set(target, field);
      else if ((POSITIVE as readonly string[]).includes(related.relationship)) positive.set(target, field);
    });
    const combinations = meta.patternCombinations;
    if (combinations) {
      for (const relation of POSITIVE) {
        combinations[relation].forEach((reference, index) => {
          const field = `metadata.patternCombinations.${relation}[${index}].pattern`;
          positive.set(
            checkPattern('dangling-relation', field, reference.pattern, `combination (${relation})`),
            field,
          );
        });
      }
      combinations.antiPatterns.forEach((reference, index) => {
        const field = `metadata.patternCombinations.antiPatterns[${index}].pattern`;
        anti.set(checkPattern('unknown-anti-pattern', field, reference.pattern, 'anti-pattern'), field);
      });
    }
    for (const id of Object.keys(listing.dependencies)) {
      positive.set(
        checkPattern('dangling-relation', `dependencies.${id}`, id, 'dependency'),
        `dependencies.${id}`,
      );
    }
    meta.migrationPaths.forEach((path, index) => {
      for (const end of ['from', 'to'] as const) {
        const target = path[end];
        if (target !== undefined) {
          checkPattern(
            'unknown-migration-target',
            `metadata.migrationPaths[${index}].${end}`,
            target,
            `migration ${end}`,
          );
        }
      }
      if (path.guide !== undefined && looksLikePath(path.guide)) {
        checkPage(`metadata.migrationPaths[${index}].guide`, path.guide, 'migration guide');
      }
    });
    if (meta.implementationGuide)
      checkPage('metadata.implementationGuide.path', meta.implementationGuide.path, 'implementation guide');
    meta.caseStudies?.forEach((study, index) => {
      if (study.path !== undefined)
        checkPage(`metadata.caseStudies[${index}].path`, study.path, 'case study');
    });
    meta.comparisonLinks?.forEach((link, index) => {
      checkPage(`metadata.comparisonLinks[${index}].path`, link.path, 'comparison');
    });
    if (meta.migrationGuide !== undefined && looksLikePath(meta.migrationGuide)) {
      checkPage('metadata.migrationGuide', meta.migrationGuide, 'migration guide');
    }

    for (const [target, antiField] of anti) {
      const positiveField = positive.get(target);
      if (positiveField !== undefined) {
        add(
          'contradicting-relations',
          `${positiveField} / ${antiField}`,
          target,
          `${target} is both a pattern this one builds on (${positiveField}) and one of its anti-patterns (${antiField})`,
        );
      }
    }
  }

  const count = parsed.length;
  const share = (value: number, of: number) => (of === 0 ? 0 : value / of);
  const sections = Object.fromEntries(
    PHASE2_SECTIONS.map((section) => {
      const have = parsed.filter((listing) => hasSection(listing, section)).length;
      return [section, { count: have, share: share(have, count) }];
    }),
  ) as CatalogCoverage['sections'];
  const gold = parsed.filter((listing) => listing.metadata.excellenceTier === 'gold');
  const withChecklist = gold.filter((listing) => listing.metadata.productionChecklist.length > 0).length;
  return {
    findings,
    coverage: {
      patterns: count,
      sections,
      gold: {
        patterns: gold.length,
        withProductionChecklist: withChecklist,
        share: share(withChecklist, gold.length),
      },
      averageCrossReferences: share(crossReferences, count),
    },
    checked,
  };
}

function hasSection(listing: Listing, section: Phase2Section): boolean {
  const value = listing.metadata[section];
  if (value === undefined) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (section === 'patternCombinations') {
    const combinations = listing.metadata.patternCombinations;
    return combinations !== undefined && Object.values(combinations).some((list) => list.length > 0);
  }
  if (section === 'decisionCriteria') {
    const criteria = listing.metadata.decisionCriteria;
    return (
      criteria !== undefined &&
      (Object.keys(criteria.scaleThresholds).length > 0 || criteria.complexityFactors.length > 0)
    );
  }
  if (section === 'operationalConsiderations') {
    const operations = listing.metadata.operationalConsiderations;
    return (
      operations !== undefined &&
      operations.monitoring.length + operations.alerting.length + operations.maintenance.length > 0
    );
  }
  return true;
}

function looksLikePath(text: string): boolean {
  return !/\s/.test(text) && (/\.(md|markdown|html?)(#.*)?$/i.test(text) || text.includes('/'));
}

function normalizePagePath(path: string): string {
  return path
    .split('#')[0]!
    .replace(/\\/g, '/')
    .split('/')
    .filter((segment) => segment !== '' && segment !== '.')
    .join('/');
}
