// The two semver functions this file needs, by their own modules: the `semver` index loads
// every function and class, which browser bundles of the client would then carry.
import parseSemver from 'semver/functions/parse.js';
import validRange from 'semver/ranges/valid.js';
import parseSpdx from 'spdx-expression-parse';
import { en } from 'zod/locales';
import * as z from 'zod/mini';

// Core's schemas are written with zod/mini (tree-shakable: a browser bundle of the client
// carries only the schema types and checks used here, not every method of every schema type).
// zod/mini loads no error messages of its own; use zod's English ones, as `import 'zod'` does,
// unless the application chose a locale first.
if (!z.config().localeError) z.config(en());

const SCOPE_OR_NAME = '[a-z0-9][a-z0-9._-]*';

/** Longest pattern id accepted, in characters (npm's package-name limit). */
export const MAX_PATTERN_ID_LENGTH = 214;

/** Keys that must never become object properties when parsing outside data. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * A pattern id: `scope/name`, following npm's package-name rules — lowercase, URL-safe
 * (`a-z`, `0-9`, `-`, `.`, `_`), each part starting with a letter or digit, at most 214
 * characters in all. The scope is the publishing team's id.
 *
 * @example
 * ```ts
 * PatternIdSchema.parse('acme/circuit-breaker'); // ok
 * PatternIdSchema.safeParse('Acme/Circuit Breaker').success; // false (parse would throw)
 * ```
 */
export const PatternIdSchema = z
  .string()
  .check(
    z.maxLength(MAX_PATTERN_ID_LENGTH, `a pattern id has at most ${MAX_PATTERN_ID_LENGTH} characters`),
    z.regex(
      new RegExp(`^${SCOPE_OR_NAME}/${SCOPE_OR_NAME}$`),
      'a pattern id is "scope/name": lowercase letters, digits, "-", "." or "_", each part starting with a letter or digit',
    ),
  );

/**
 * A team id (also the scope of the team's patterns): lowercase letters, digits, `-`,
 * `.`, `_`, starting with a letter or digit, 1–100 characters.
 *
 * @example
 * ```ts
 * TeamIdSchema.parse('platform-team');
 * ```
 */
export const TeamIdSchema = z
  .string()
  .check(
    z.minLength(1),
    z.maxLength(100),
    z.regex(new RegExp(`^${SCOPE_OR_NAME}$`), 'a team id is lowercase letters, digits, "-", "." or "_"'),
  );

/**
 * A semantic version as defined by semver 2.0.0, without a leading `v` (checked with the
 * `semver` library).
 *
 * @example
 * ```ts
 * SemverSchema.parse('1.4.0-beta.2');
 * ```
 */
export const SemverSchema = z
  .string()
  .check(z.maxLength(256), z.refine(isSemanticVersion, 'must be a semantic version such as 1.2.3'));

/**
 * Whether `value` is exactly a semantic version as semver 2.0.0 writes it: `1.2.3`,
 * `1.0.0-rc.1`, `1.0.0+build.5` — no leading `v` or `=`, no spaces, no leading zeros.
 * (`semver.valid` alone strips build metadata and a leading `v`, so it is compared back.)
 *
 * @param value - the candidate version
 * @returns `true` when `value` is a canonical semantic version
 * @example
 * ```ts
 * isSemanticVersion('1.0.0+build.5'); // true
 * isSemanticVersion('v1.0.0'); // false
 * ```
 */
export function isSemanticVersion(value: string): boolean {
  if (typeof value !== 'string' || value.length > 256) return false;
  const parsed = parseSemver(value);
  if (parsed === null) return false;
  return (parsed.build.length > 0 ? `${parsed.version}+${parsed.build.join('.')}` : parsed.version) === value;
}

/**
 * A semver range as npm understands it (`^1.2.0`, `>=2 <4`, `1.x || 2.x`, `*`), checked with
 * the `semver` library.
 *
 * @example
 * ```ts
 * SemverRangeSchema.parse('^18.2.0');
 * ```
 */
export const SemverRangeSchema = z.string().check(
  z.maxLength(1024),
  z.refine((value) => validRange(value) !== null, 'must be a semver range such as ^1.2.0'),
);

/**
 * An SPDX 2 license expression (`MIT`, `Apache-2.0 OR MIT`, `GPL-2.0-only WITH
 * Classpath-exception-2.0`, `LicenseRef-acme-commercial`), validated by
 * `spdx-expression-parse` against the SPDX license list.
 *
 * @example
 * ```ts
 * SpdxExpressionSchema.parse('Apache-2.0 OR MIT');
 * ```
 */
export const SpdxExpressionSchema = z
  .string()
  .check(
    z.maxLength(1024),
    z.refine(
      isValidSpdxExpression,
      'must be a valid SPDX license expression such as MIT or Apache-2.0 OR MIT',
    ),
  );

/** How many SPDX verdicts {@link isValidSpdxExpression} keeps (all dropped when full). */
const SPDX_VERDICTS_KEPT = 1024;
const spdxVerdicts = new Map<string, boolean>();

/**
 * Whether `value` is a valid SPDX 2 license expression.
 *
 * @param value - the candidate expression
 * @returns `true` when `spdx-expression-parse` accepts it
 * @example
 * ```ts
 * isValidSpdxExpression('MIT OR Apache-2.0'); // true
 * isValidSpdxExpression('MIT-ish'); // false
 * ```
 */
export function isValidSpdxExpression(value: string): boolean {
  const known = spdxVerdicts.get(value);
  if (known !== undefined) return known;
  let valid: boolean;
  try {
    parseSpdx(value);
    valid = true;
  } catch {
    valid = false;
  }
  // A catalog repeats a few expressions (MIT, ISC, Apache-2.0) across thousands of listings:
  // parsing each once makes validating a catalog in bulk cheaper (same verdicts).
  if (spdxVerdicts.size >= SPDX_VERDICTS_KEPT) spdxVerdicts.clear();
  spdxVerdicts.set(value, valid);
  return valid;
}

/**
 * A timestamp in ISO 8601 / RFC 3339 form with a `Z` or numeric offset, such as
 * `2026-11-21T09:30:00Z`.
 */
export const IsoDateTimeSchema = z.iso.datetime({ offset: true });

/**
 * A content fingerprint in Subresource Integrity form: `sha256-` followed by the base64
 * SHA-256 digest (44 characters).
 */
export const FingerprintSchema = z
  .string()
  .check(z.regex(/^sha256-[A-Za-z0-9+/]{43}=$/, 'must be an SRI sha256 digest such as sha256-…='));

/**
 * A key in a map of names (frameworks, runtimes, languages, metrics): 1–214 characters of
 * letters, digits, `@`, `/`, `.`, `_`, `-`, `+` or `#`, never `__proto__`, `constructor` or
 * `prototype`.
 */
export const NameKeySchema = z.string().check(
  z.minLength(1),
  z.maxLength(214),
  z.regex(
    /^[A-Za-z0-9@][A-Za-z0-9@/._+#-]*$/,
    'must be a name of letters, digits, "@", "/", ".", "_", "+", "#" or "-"',
  ),
  z.refine((key) => !FORBIDDEN_KEYS.has(key), 'this key is not allowed'),
);

/**
 * A short label such as a tag or a category: lowercase letters, digits and `-`, 1–64
 * characters, starting with a letter or digit.
 */
export const SlugSchema = z
  .string()
  .check(
    z.minLength(1),
    z.maxLength(64),
    z.regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lowercase letters, digits and "-"'),
  );

/**
 * Whether `key` is safe to use as an own property of a plain object built from outside
 * data (not `__proto__`, `constructor` or `prototype`).
 *
 * @param key - a property name taken from input
 * @returns `false` for keys that could pollute prototypes
 * @example
 * ```ts
 * isSafeKey('__proto__'); // false
 * ```
 */
export function isSafeKey(key: string): boolean {
  return !FORBIDDEN_KEYS.has(key);
}
