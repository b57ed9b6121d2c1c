import semver from 'semver';
import * as z from 'zod';
import { NameKeySchema } from './identifiers.js';
import { type CompatibilityMatrix, CompatibilityMatrixSchema } from './listing.js';
import { parseWith } from './parse.js';
import { coerceVersion } from './versions.js';

/**
 * An environment to check against: tool, language, framework, runtime or browser name →
 * the version in use, e.g. `{ node: '20.11.0', react: '18.2.0', typescript: '5.9.2', chrome: '120' }`.
 * Names are matched case-insensitively. Versions should be exact; loose ones (`v20`, `18.2`)
 * are coerced with `semver.coerce` unless `coerce: false`.
 *
 * @example
 * ```ts
 * const environment = EnvironmentSchema.parse({ node: '20.11.0', react: '18.2.0' });
 * ```
 */
export const EnvironmentSchema = z.record(NameKeySchema, z.string().min(1).max(256));
/** An environment (see {@link EnvironmentSchema}). */
export type Environment = z.infer<typeof EnvironmentSchema>;

/** Which part of a compatibility matrix a requirement comes from. */
export type CompatibilityKind = 'language' | 'framework' | 'runtime' | 'browser';

/** One requirement of a matrix, with what the environment has. */
export interface CompatibilityRequirement {
  /** The matrix section it comes from. */
  kind: CompatibilityKind;
  /** The name as written in the matrix (`react`, `node`) or, for browsers, the environment's browser name. */
  name: string;
  /** The semver range, or for browsers the whole browserslist query list joined by `, `. */
  required: string;
  /** The version the environment has (coerced when loose), `null` when it has none or it is unreadable. */
  actual: string | null;
}

/** A requirement the environment does not meet, and why. */
export interface UnmetRequirement extends CompatibilityRequirement {
  /**
   * `missing`: the environment lacks the name (only reported with `requireAll: true`);
   * `unsatisfied`: its version is outside the range or no query admits it;
   * `invalid-version`: its version cannot be read as a semantic version.
   */
  reason: 'missing' | 'unsatisfied' | 'invalid-version';
}

/** A requirement that was not checked, and why. */
export interface SkippedRequirement {
  /** The matrix section it comes from. */
  kind: CompatibilityKind;
  /** The requirement's name (for browser queries that need usage data: the browser name). */
  name: string;
  /** The range or query. */
  required: string;
  /**
   * `not-in-environment`: the environment does not name it (and `requireAll` is off);
   * `needs-usage-data`: a browserslist query such as `defaults`, `> 0.5%` or `last 2 versions`
   * decides the browser's fate and cannot be evaluated without the caniuse data set.
   */
  reason: 'not-in-environment' | 'needs-usage-data';
}

/** The outcome of {@link checkCompatibility}. */
export interface CompatibilityReport {
  /** `true` when nothing is unmet. */
  compatible: boolean;
  /** Every requirement not met, in matrix order (languages, frameworks, runtimes, browsers). */
  unmet: UnmetRequirement[];
  /** Every requirement met. */
  satisfied: CompatibilityRequirement[];
  /** Requirements not checked (see {@link SkippedRequirement.reason}). */
  skipped: SkippedRequirement[];
}

/** Options of {@link checkCompatibility}. */
export interface CompatibilityOptions {
  /**
   * Report a language, framework or runtime the environment does not name as unmet
   * (`reason: 'missing'`). Off, the check answers "does anything the environment has
   * conflict with the matrix?", so a search for patterns compatible with
   * `{ node: '20.11.0' }` still finds a pattern that also supports React. Browsers are never
   * required: a matrix's browser list is what it supports, not what it needs.
   * @default false
   */
  requireAll?: boolean;
  /** Coerce loose environment versions (`v20`, `18.2`) with `semver.coerce`. @default true */
  coerce?: boolean;
  /**
   * Let prerelease versions in the environment (`21.0.0-nightly.1`) satisfy plain ranges
   * (`>=20`): an environment runs what it runs; npm's prerelease rule is for choosing
   * versions to install.
   * @default true
   */
  includePrerelease?: boolean;
}

const SECTIONS = [
  ['languages', 'language'],
  ['frameworks', 'framework'],
  ['runtimes', 'runtime'],
] as const;

/**
 * Browser names browserslist understands (lowercase), with their aliases, mapped to one
 * canonical name. Source: browserslist README, "Browsers" section.
 */
const BROWSER_ALIASES: Readonly<Record<string, string>> = {
  chrome: 'chrome',
  firefox: 'firefox',
  ff: 'firefox',
  safari: 'safari',
  edge: 'edge',
  opera: 'opera',
  ie: 'ie',
  explorer: 'ie',
  ios: 'ios_saf',
  ios_saf: 'ios_saf',
  samsung: 'samsung',
  android: 'android',
  chromeandroid: 'and_chr',
  and_chr: 'and_chr',
  firefoxandroid: 'and_ff',
  and_ff: 'and_ff',
  operamobile: 'op_mob',
  op_mob: 'op_mob',
  operamini: 'op_mini',
  op_mini: 'op_mini',
  ucandroid: 'and_uc',
  and_uc: 'and_uc',
  qqandroid: 'and_qq',
  and_qq: 'and_qq',
  baidu: 'baidu',
  kaios: 'kaios',
  blackberry: 'bb',
  bb: 'bb',
  explorermobile: 'ie_mob',
  ie_mob: 'ie_mob',
};

/**
 * Checks an environment against a compatibility matrix and reports each requirement met,
 * unmet or skipped.
 *
 * Languages, frameworks and runtimes: the environment's version (matched by name,
 * case-insensitively) must satisfy the matrix's semver range. Browsers: for each browser the
 * environment names (`chrome`, `firefox`, `safari`, `edge`, `ios_saf`, … and browserslist's
 * aliases), the matrix's browserslist queries are applied in order as browserslist does — a
 * query adds matching versions, `not <query>` removes them, `,` and `or` separate queries.
 * Queries naming versions (`chrome >= 100`, `safari 15.4`, `firefox 100-115`, `ie 11`) are
 * evaluated; queries that need usage data (`defaults`, `> 0.5%`, `last 2 versions`, `dead`)
 * cannot be, and when they decide the outcome the browser is reported as skipped.
 *
 * @param matrix - a compatibility matrix (validated with {@link CompatibilityMatrixSchema})
 * @param environment - name → version in use (validated with {@link EnvironmentSchema})
 * @param options - {@link CompatibilityOptions}: `requireAll` (default `false`), `coerce`
 *   (default `true`), `includePrerelease` (default `true`); anything but an object means the defaults
 * @returns a {@link CompatibilityReport}; `compatible` is `true` when `unmet` is empty
 * @throws {@link ValidationError} when `matrix` or `environment` is malformed (bad range, `__proto__` key, …)
 * @example
 * ```ts
 * const report = checkCompatibility(
 *   { runtimes: { node: '>=20' }, frameworks: { react: '^18 || ^19' }, browsers: ['chrome >= 110'] },
 *   { node: '20.11.0', react: '17.0.2', chrome: '120' },
 * );
 * report.compatible; // false
 * report.unmet; // [{ kind: 'framework', name: 'react', required: '^18 || ^19', actual: '17.0.2', reason: 'unsatisfied' }]
 * ```
 */
export function checkCompatibility(
  matrix: CompatibilityMatrix | z.input<typeof CompatibilityMatrixSchema>,
  environment: Environment,
  options: CompatibilityOptions = {},
): CompatibilityReport {
  const checkedMatrix = parseWith(CompatibilityMatrixSchema, matrix, 'compatibility matrix');
  const checkedEnvironment = parseWith(EnvironmentSchema, environment, 'environment');
  const settings: CompatibilityOptions = typeof options === 'object' && options !== null ? options : {};
  const requireAll = settings.requireAll === true;
  const coerce = settings.coerce !== false;
  const includePrerelease = settings.includePrerelease !== false;

  const lookup = new Map<string, string>();
  for (const [name, version] of Object.entries(checkedEnvironment)) {
    const key = name.toLowerCase();
    if (!lookup.has(key)) lookup.set(key, version);
  }
  const readVersion = (raw: string): string | null =>
    coerce ? coerceVersion(raw) : semver.valid(raw) === raw ? raw : null;

  const report: CompatibilityReport = { compatible: true, unmet: [], satisfied: [], skipped: [] };
  for (const [section, kind] of SECTIONS) {
    for (const [name, range] of Object.entries(checkedMatrix[section])) {
      const raw = lookup.get(name.toLowerCase());
      if (raw === undefined) {
        if (requireAll) report.unmet.push({ kind, name, required: range, actual: null, reason: 'missing' });
        else report.skipped.push({ kind, name, required: range, reason: 'not-in-environment' });
        continue;
      }
      const actual = readVersion(raw);
      if (actual === null) {
        report.unmet.push({ kind, name, required: range, actual: null, reason: 'invalid-version' });
      } else if (semver.satisfies(actual, range, { includePrerelease })) {
        report.satisfied.push({ kind, name, required: range, actual });
      } else {
        report.unmet.push({ kind, name, required: range, actual, reason: 'unsatisfied' });
      }
    }
  }

  if (checkedMatrix.browsers.length > 0) {
    const queries = splitBrowserQueries(checkedMatrix.browsers);
    const required = checkedMatrix.browsers.join(', ');
    for (const [name, raw] of lookup) {
      const browser = BROWSER_ALIASES[name.replace(/[\s-]/g, '')];
      if (browser === undefined) continue;
      const actual = readVersion(raw);
      if (actual === null) {
        report.unmet.push({ kind: 'browser', name, required, actual: null, reason: 'invalid-version' });
        continue;
      }
      const verdict = browserAdmitted(queries, browser, actual);
      if (verdict === true) report.satisfied.push({ kind: 'browser', name, required, actual });
      else if (verdict === false)
        report.unmet.push({ kind: 'browser', name, required, actual, reason: 'unsatisfied' });
      else report.skipped.push({ kind: 'browser', name, required, reason: 'needs-usage-data' });
    }
  }

  report.compatible = report.unmet.length === 0;
  return report;
}

/**
 * Whether an environment is compatible with a matrix: {@link checkCompatibility}'s
 * `compatible`, for filters.
 *
 * @param matrix - a compatibility matrix
 * @param environment - name → version in use
 * @param options - {@link CompatibilityOptions}
 * @returns `true` when nothing is unmet
 * @throws {@link ValidationError} when `matrix` or `environment` is malformed
 * @example
 * ```ts
 * listings.filter((listing) => isCompatible(listing.compatibility, { node: '20.11.0' }));
 * ```
 */
export function isCompatible(
  matrix: CompatibilityMatrix | z.input<typeof CompatibilityMatrixSchema>,
  environment: Environment,
  options: CompatibilityOptions = {},
): boolean {
  return checkCompatibility(matrix, environment, options).compatible;
}

interface BrowserQuery {
  negated: boolean;
  text: string;
}

function splitBrowserQueries(entries: readonly string[]): BrowserQuery[] {
  const queries: BrowserQuery[] = [];
  for (const entry of entries) {
    for (const part of entry.split(/,|\s+or\s+/i)) {
      const text = part.trim().toLowerCase();
      if (text === '') continue;
      const negated = /^not\s+/.test(text);
      queries.push({ negated, text: negated ? text.replace(/^not\s+/, '') : text });
    }
  }
  return queries;
}

/** `true`, `false`, or `null` when a data-dependent query decides. */
function browserAdmitted(queries: readonly BrowserQuery[], browser: string, version: string): boolean | null {
  let state: boolean | null = false;
  for (const query of queries) {
    const match = evaluateBrowserQuery(query.text, browser, version);
    if (!query.negated) {
      if (match === true) state = true;
      else if (match === null && state === false) state = null;
    } else if (match === true) {
      state = false;
    } else if (match === null && state === true) {
      state = null;
    }
  }
  return state;
}

/** Evaluates one query for one browser version: `true`/`false`, or `null` when it needs usage data. */
function evaluateBrowserQuery(query: string, browser: string, version: string): boolean | null {
  if (/\sand\s/.test(query)) {
    let result: boolean | null = true;
    for (const part of query.split(/\s+and\s+/)) {
      const value = evaluateBrowserQuery(part.trim(), browser, version);
      if (value === false) return false;
      if (value === null) result = null;
    }
    return result;
  }
  const named = /^([a-z_]+)\s*(>=|<=|>|<)?\s*([\d.]+)(?:\s*-\s*([\d.]+))?$/.exec(query);
  if (named) {
    const [, name = '', operator, from = '', to] = named;
    const target = BROWSER_ALIASES[name];
    if (target === undefined) return null;
    if (target !== browser) return false;
    const low = coerceVersion(from);
    if (low === null) return false;
    const current = semver.coerce(version)?.version ?? version;
    if (to !== undefined) {
      const high = coerceVersion(to);
      return high !== null && semver.gte(current, low) && semver.lte(current, high);
    }
    switch (operator) {
      case '>=':
        return semver.gte(current, low);
      case '>':
        return semver.gt(current, low);
      case '<=':
        return semver.lte(current, low);
      case '<':
        return semver.lt(current, low);
      default: {
        // `safari 15.4` names one release: match on the parts given.
        const parts = from.split('.').length;
        const a = semver.parse(current);
        const b = semver.parse(low);
        if (!a || !b) return false;
        return (
          a.major === b.major && (parts < 2 || a.minor === b.minor) && (parts < 3 || a.patch === b.patch)
        );
      }
    }
  }
  // Browser-only queries that admit every version of one browser.
  const whole = /^([a-z_]+)$/.exec(query);
  if (whole?.[1] !== undefined && BROWSER_ALIASES[whole[1]] !== undefined) {
    return BROWSER_ALIASES[whole[1]] === browser;
  }
  return null;
}
