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

/**
 * A seeded pseudo-random generator (mulberry32, Tommy Ettinger's 32-bit generator): the same
 * seed gives the same sequence on every runtime. For reproducible test data, simulations and
 * seeded training orders; not for secrets.
 *
 * @param seed - any number; its low 32 bits are used
 * @returns a function that returns the next value, uniform on [0, 1)
 * @example
 * ```ts
 * const random = seededRandom(42);
 * const roll = Math.floor(random() * 6) + 1; // the same roll for seed 42 every time
 * ```
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
