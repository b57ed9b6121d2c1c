/**
 * Small helpers every Pollinate package shares, defined once here (published as
 * `@pollinate/core/helpers`, not from the package root).
 */

/**
 * Compares two strings by UTF-16 code units: the order `Array.prototype.sort` uses without a
 * comparator, the same in every locale and runtime (unlike `localeCompare`), so sorted
 * output is reproducible byte for byte.
 *
 * @param a - a string
 * @param b - another string
 * @returns −1 when `a` sorts first, 1 when `b` does, 0 when they are equal
 * @example
 * ```ts
 * ['b', 'B', 'a'].sort(compareStrings); // ['B', 'a', 'b']
 * ```
 */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Whether `value` is a plain object: not `null`, not an array (class instances count).
 *
 * @param value - anything
 * @returns `true` for a non-null, non-array object, narrowing `value` to a string-keyed record
 * @example
 * ```ts
 * isRecord({ a: 1 }); // true
 * isRecord([1]); // false
 * isRecord(null); // false
 * ```
 */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
