import semver from 'semver';
import { isErrorOf, PollinateError } from './errors.js';
import { isSemanticVersion } from './identifiers.js';

/**
 * Thrown when a string that must be a semantic version (semver 2.0.0, e.g. `1.4.0-beta.2`)
 * is not one. `code` is `E_INVALID_VERSION`; `value` is the rejected input.
 *
 * @example
 * ```ts
 * try {
 *   compareVersions('1.0', '2.0.0');
 * } catch (error) {
 *   if (error instanceof InvalidVersionError) console.log(error.value); // '1.0'
 * }
 * ```
 */
export class InvalidVersionError extends PollinateError {
  /** The rejected input, as given. */
  readonly value: unknown;

  /**
   * @param value - the rejected input
   * @param label - what the value was meant to be, for the message (e.g. `'from version'`)
   */
  constructor(value: unknown, label = 'version') {
    super(
      'E_INVALID_VERSION',
      `Invalid ${label}: ${describe(value)} is not a semantic version such as 1.2.3`,
    );
    this.value = value;
  }
}

/**
 * Type guard for {@link InvalidVersionError}: checks `name` and `code`, not class identity, so it works
 * across package copies (ESM and CJS builds loaded together).
 *
 * @param error - anything caught
 * @returns `true` when a value was not a semantic version
 * @example
 * ```ts
 * if (isInvalidVersionError(error)) console.log(error.value);
 * ```
 */
export function isInvalidVersionError(error: unknown): error is InvalidVersionError {
  return isErrorOf(error, 'InvalidVersionError', 'E_INVALID_VERSION');
}

/**
 * Thrown when a string that must be a semver range (`^1.2.0`, `>=2 <4`, `1.x || 2.x`) is not
 * one. `code` is `E_INVALID_RANGE`; `value` is the rejected input.
 *
 * @example
 * ```ts
 * try {
 *   satisfies('1.0.0', '>>1');
 * } catch (error) {
 *   if (error instanceof InvalidRangeError) console.log(error.code); // 'E_INVALID_RANGE'
 * }
 * ```
 */
export class InvalidRangeError extends PollinateError {
  /** The rejected input, as given. */
  readonly value: unknown;

  /**
   * @param value - the rejected input
   */
  constructor(value: unknown) {
    super('E_INVALID_RANGE', `Invalid range: ${describe(value)} is not a semver range such as ^1.2.0`);
    this.value = value;
  }
}

/**
 * Type guard for {@link InvalidRangeError}: checks `name` and `code`, not class identity, so it works
 * across package copies (ESM and CJS builds loaded together).
 *
 * @param error - anything caught
 * @returns `true` when a value was not a semver range
 * @example
 * ```ts
 * if (isInvalidRangeError(error)) console.log(error.value);
 * ```
 */
export function isInvalidRangeError(error: unknown): error is InvalidRangeError {
  return isErrorOf(error, 'InvalidRangeError', 'E_INVALID_RANGE');
}

/** Options of the range helpers. */
export interface RangeOptions {
  /**
   * Let ranges match prerelease versions (`2.0.0-beta.1` satisfies `>=1`). Off, npm's rule
   * applies: a prerelease only matches a range naming a prerelease of the same
   * `major.minor.patch`.
   * @default false
   */
  includePrerelease?: boolean;
}

/** The next version of each kind after a given version (see {@link nextVersions}). */
export interface NextVersions {
  /** Next major: `1.4.2` → `2.0.0`; `2.0.0-rc.1` → `2.0.0`. */
  major: string;
  /** Next minor: `1.4.2` → `1.5.0`. */
  minor: string;
  /** Next patch: `1.4.2` → `1.4.3`; `1.4.3-rc.1` → `1.4.3`. */
  patch: string;
  /** Next prerelease: `1.4.2` → `1.4.3-<id>.0`; `1.5.0-rc.0` → `1.5.0-rc.1`. */
  prerelease: string;
}

const MAX_INPUT_LENGTH = 1024;

/**
 * Whether `value` is a semantic version string (semver 2.0.0, no leading `v`, no spaces).
 *
 * @param value - anything
 * @returns `true` for strings such as `1.2.3` and `1.0.0-rc.1+build.5`
 * @example
 * ```ts
 * isValidVersion('1.2.3'); // true
 * isValidVersion('v1.2'); // false
 * ```
 */
export function isValidVersion(value: unknown): value is string {
  return typeof value === 'string' && isSemanticVersion(value);
}

/**
 * Whether `value` is a semver range npm understands (`^1.2.0`, `~1.2`, `>=2 <4`, `1.x || 2.x`, `*`).
 *
 * @param value - anything
 * @returns `true` when the `semver` library parses it as a range
 * @example
 * ```ts
 * isValidRange('^18 || ^19'); // true
 * isValidRange('>>1'); // false
 * ```
 */
export function isValidRange(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_INPUT_LENGTH && semver.validRange(value) !== null;
}

/**
 * Compares two versions by semver precedence (build metadata ignored).
 *
 * @param a - a semantic version
 * @param b - a semantic version
 * @returns `-1` when `a < b`, `0` when equal in precedence, `1` when `a > b`
 * @throws {@link InvalidVersionError} when `a` or `b` is not a semantic version
 * @example
 * ```ts
 * compareVersions('1.10.0', '1.9.0'); // 1
 * ['2.0.0', '1.0.0-rc.1', '1.0.0'].sort(compareVersions); // ['1.0.0-rc.1', '1.0.0', '2.0.0']
 * ```
 */
export function compareVersions(a: string, b: string): -1 | 0 | 1 {
  return semver.compare(requireVersion(a), requireVersion(b));
}

/**
 * Sorts versions by semver precedence into a new array (the input is not changed).
 *
 * @param versions - semantic versions
 * @param order - `'ascending'` (default) or `'descending'`
 * @returns a sorted copy
 * @throws {@link InvalidVersionError} when `versions` is not an array or any entry is not a semantic version
 * @example
 * ```ts
 * sortVersions(['1.10.0', '1.2.0', '1.9.0'], 'descending'); // ['1.10.0', '1.9.0', '1.2.0']
 * ```
 */
export function sortVersions(
  versions: readonly string[],
  order: 'ascending' | 'descending' = 'ascending',
): string[] {
  const checked = requireVersionList(versions);
  const sign = order === 'descending' ? -1 : 1;
  return checked.sort((a, b) => sign * semver.compare(a, b));
}

/**
 * Whether `version` satisfies `range` by npm's rules.
 *
 * @param version - a semantic version
 * @param range - a semver range
 * @param options - {@link RangeOptions} (`includePrerelease`, default `false`)
 * @returns `true` when the version is in the range
 * @throws {@link InvalidVersionError} when `version` is not a semantic version
 * @throws {@link InvalidRangeError} when `range` is not a semver range
 * @example
 * ```ts
 * satisfies('18.2.0', '^18.0.0'); // true
 * satisfies('2.0.0-beta.1', '>=1'); // false
 * satisfies('2.0.0-beta.1', '>=1', { includePrerelease: true }); // true
 * ```
 */
export function satisfies(version: string, range: string, options: RangeOptions = {}): boolean {
  return semver.satisfies(requireVersion(version), requireRange(range), {
    includePrerelease: options.includePrerelease === true,
  });
}

/**
 * The highest of `versions` that satisfies `range`.
 *
 * @param versions - semantic versions, in any order
 * @param range - a semver range
 * @param options - {@link RangeOptions}
 * @returns the highest matching version, or `null` when none matches
 * @throws {@link InvalidVersionError} when `versions` is not an array or an entry is not a semantic version
 * @throws {@link InvalidRangeError} when `range` is not a semver range
 * @example
 * ```ts
 * maxSatisfying(['1.2.0', '1.9.1', '2.0.0'], '^1.2.0'); // '1.9.1'
 * maxSatisfying(['1.2.0'], '^2'); // null
 * ```
 */
export function maxSatisfying(
  versions: readonly string[],
  range: string,
  options: RangeOptions = {},
): string | null {
  const checked = requireVersionList(versions);
  return semver.maxSatisfying(checked, requireRange(range), {
    includePrerelease: options.includePrerelease === true,
  });
}

/**
 * Whether two ranges have at least one version in common (`^1.2` and `>=1.5 <3` do).
 *
 * @param a - a semver range
 * @param b - a semver range
 * @param options - {@link RangeOptions}
 * @returns `true` when some version satisfies both
 * @throws {@link InvalidRangeError} when `a` or `b` is not a semver range
 * @example
 * ```ts
 * rangesIntersect('^1.2.0', '>=1.5.0 <3'); // true
 * rangesIntersect('^1', '^2'); // false
 * ```
 */
export function rangesIntersect(a: string, b: string, options: RangeOptions = {}): boolean {
  return semver.intersects(requireRange(a), requireRange(b), {
    includePrerelease: options.includePrerelease === true,
  });
}

/**
 * Whether moving from version `from` to version `to` can break a consumer: the two are in
 * different compatibility lines by semver 2.0.0 §4 and §8 and npm's caret rule — a different
 * major for `1.0.0` and above, a different minor within `0.x` (`0.2` → `0.3`), any change
 * within `0.0.x`. A prerelease of a new major (`2.0.0-rc.1` from `1.9.0`) counts as breaking.
 * Changes within one line (`1.2.0` → `1.9.3`, either direction) are not breaking.
 *
 * @param from - the version a consumer has
 * @param to - the version it moves to
 * @returns `true` when the change crosses a compatibility line
 * @throws {@link InvalidVersionError} when `from` or `to` is not a semantic version
 * @example
 * ```ts
 * isBreakingChange('1.4.2', '2.0.0'); // true
 * isBreakingChange('1.4.2', '1.9.0'); // false
 * isBreakingChange('0.2.1', '0.3.0'); // true
 * ```
 */
export function isBreakingChange(from: string, to: string): boolean {
  const a = semver.parse(requireVersion(from, 'from version'));
  const b = semver.parse(requireVersion(to, 'to version'));
  if (!a || !b) throw new InvalidVersionError(a ? to : from);
  if (a.major !== b.major) return true;
  if (a.major > 0) return false;
  if (a.minor !== b.minor) return true;
  if (a.minor > 0) return false;
  return a.patch !== b.patch;
}

/**
 * The versions a release after `version` would take, by semver 2.0.0 rules (`semver.inc`).
 *
 * @param version - the current version
 * @param prereleaseId - identifier for the prerelease suggestion (default `'rc'`); letters, digits and `-`
 * @returns the next major, minor, patch and prerelease versions
 * @throws {@link InvalidVersionError} when `version` is not a semantic version
 * @example
 * ```ts
 * nextVersions('1.4.2'); // { major: '2.0.0', minor: '1.5.0', patch: '1.4.3', prerelease: '1.4.3-rc.0' }
 * ```
 */
export function nextVersions(version: string, prereleaseId = 'rc'): NextVersions {
  const current = requireVersion(version);
  const id =
    typeof prereleaseId === 'string' && /^[0-9A-Za-z-]{1,64}$/.test(prereleaseId) ? prereleaseId : null;
  if (id === null) {
    throw new PollinateError(
      'E_INVALID_PRERELEASE_ID',
      `Invalid prerelease identifier ${describe(prereleaseId)}: use letters, digits and "-"`,
    );
  }
  const step = (kind: semver.ReleaseType) => {
    const next = semver.inc(current, kind, id);
    if (next === null) throw new InvalidVersionError(version);
    return next;
  };
  return { major: step('major'), minor: step('minor'), patch: step('patch'), prerelease: step('prerelease') };
}

/**
 * Turns a loose version as tools print it (`v20.11.0`, `20`, `18.2`, `node 20.11.0`) into a
 * semantic version, with `semver.coerce`: the first `major[.minor[.patch]]` in the text,
 * missing parts as `0`. Prerelease tags are kept (`21.0.0-nightly` stays a prerelease).
 *
 * @param value - a loose version
 * @returns the semantic version, or `null` when the text holds no version
 * @example
 * ```ts
 * coerceVersion('v20.11'); // '20.11.0'
 * coerceVersion('latest'); // null
 * ```
 */
export function coerceVersion(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 256) return null;
  if (isValidVersion(value)) return value;
  const coerced = semver.coerce(value, { includePrerelease: true });
  return coerced ? coerced.version : null;
}

/**
 * Checks that `value` is a semantic version and returns it.
 *
 * @param value - anything
 * @param label - what the value is, for the error message
 * @returns `value`, typed as a string
 * @throws {@link InvalidVersionError} when it is not a semantic version
 * @example
 * ```ts
 * const version = requireVersion(listing.version, 'listing version');
 * ```
 */
export function requireVersion(value: unknown, label = 'version'): string {
  if (!isValidVersion(value)) throw new InvalidVersionError(value, label);
  return value;
}

/**
 * Checks that `value` is a semver range and returns it.
 *
 * @param value - anything
 * @returns `value`, typed as a string
 * @throws {@link InvalidRangeError} when it is not a semver range
 * @example
 * ```ts
 * const range = requireRange(listing.compatibility.runtimes.node ?? '>=20');
 * ```
 */
export function requireRange(value: unknown): string {
  if (!isValidRange(value)) throw new InvalidRangeError(value);
  return value;
}

function requireVersionList(versions: unknown): string[] {
  if (!Array.isArray(versions)) throw new InvalidVersionError(versions, 'version list (expected an array)');
  return versions.map((version) => requireVersion(version));
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  if (value === null) return 'null';
  return `a ${typeof value}`;
}
