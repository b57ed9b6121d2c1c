import { clusterCandidates, LshIndex, ShingleBuffer, sortedSetJaccard } from './internal/minhash-lsh.js';
import { fail, isObject, requireNumber } from './internal/validation.js';

/**
 * Near-duplicate text detection: word shingles (w-shingling, Broder 1997), exact
 * Jaccard similarity, and a MinHash / locality-sensitive-hashing index to find candidate
 * pairs without comparing every pair.
 */

/**
 * The distinct word shingles of a text, hashed to 32 bits and sorted: the text is
 * lower-cased, split into words (runs of Unicode letters and digits), and every run of
 * `size` consecutive words becomes one shingle (Broder, "On the resemblance and
 * containment of documents", 1997). A text with fewer than `size` words yields no shingle.
 *
 * @param text - any text
 * @param size - words per shingle, an integer ≥ 1
 * @returns sorted, distinct 32-bit shingle hashes
 * @throws {@link ValidationError} when `text` is not a string or `size` is not in [1, 1000]
 * @example
 * ```ts
 * wordShingles('the quick brown fox', 3).length; // 2
 * ```
 */
export function wordShingles(text: string, size = 3): Uint32Array {
  if (typeof text !== 'string') fail([], 'must be a string', 'text');
  const shingleSize = requireNumber(size, ['size'], 'wordShingles options', 1, 1000);
  const buffer = new ShingleBuffer();
  const count = buffer.fill(text, Math.floor(shingleSize));
  return buffer.shingles.slice(0, count);
}

/**
 * Exact Jaccard similarity |A ∩ B| / |A ∪ B| of two sorted, distinct hash sets
 * (as returned by {@link wordShingles}).
 *
 * @param a - sorted distinct values
 * @param b - sorted distinct values
 * @returns similarity in [0, 1]; 0 when both are empty
 * @example
 * ```ts
 * jaccardSimilarity(wordShingles('a b c d'), wordShingles('a b c e')); // 1/3
 * ```
 */
export function jaccardSimilarity(a: Uint32Array, b: Uint32Array): number {
  return sortedSetJaccard(a, b);
}

/** Options of {@link findNearDuplicates}. */
export interface NearDuplicateOptions {
  /** Minimum exact Jaccard similarity of two texts' shingle sets to call them near-duplicates, 0–1. @default 0.6 */
  threshold?: number;
  /** Words per shingle. @default 3 */
  shingleSize?: number;
  /** Texts with fewer distinct shingles are too short to judge and are skipped. @default 4 */
  minShingles?: number;
  /**
   * LSH bands b; the signature has b·r values. With the defaults (b = 10, r = 2) a pair
   * with Jaccard 0.6 becomes a candidate with probability 0.988, and 0.8 with 0.99996.
   * @default 10
   */
  bands?: number;
  /** LSH rows per band r. @default 2 */
  rows?: number;
  /**
   * Order of the texts by which "first member" is decided and buckets are scanned
   * (negative when text `a` comes before text `b`). Give a total order that does not
   * depend on positions (for example by time, then id) to make the clustering independent
   * of input order. @default by position
   */
  compare?: (a: number, b: number) => number;
}

/**
 * Groups texts into near-duplicate clusters. Candidates come from MinHash LSH (b bands of
 * r rows: a pair with Jaccard s becomes a candidate with probability 1 − (1 − s^r)^b,
 * Leskovec, Rajaraman and Ullman, "Mining of Massive Datasets", ch. 3); every candidate
 * pair is then checked with the exact {@link jaccardSimilarity}, so every link in a
 * cluster is a pair at or above `threshold` (clusters are connected components of such
 * links). Within one LSH bucket, scanned in `compare` order, each text is compared with up
 * to 8 representatives (texts not similar to an earlier representative), so a bucket of n
 * texts costs O(n), not O(n²).
 *
 * Cost, for a million texts: one pass hashes each text's words and shingles into a reused
 * buffer and keeps only its b band keys (MinHash needs the shingles neither sorted nor
 * deduplicated); each band's keys are grouped by a two-pass radix sort; only texts that
 * share a bucket have their sorted shingle set built (once) for the exact check. Memory
 * is about 4·(b + 7) bytes per text, in typed arrays.
 *
 * @param texts - the texts, by position
 * @param options - see {@link NearDuplicateOptions}
 * @returns for each text, the position of its cluster's first member by `compare` (itself
 *   when it has no near-duplicate, or −1 when it was too short to judge)
 * @throws {@link ValidationError} when `texts` is not an array of strings or an option is out of range
 * @example
 * ```ts
 * findNearDuplicates(['great pattern saved our team weeks', 'great pattern saved our team weeks!', 'meh']);
 * // Int32Array [0, 0, -1]
 * ```
 */
export function findNearDuplicates(texts: readonly string[], options: NearDuplicateOptions = {}): Int32Array {
  const { threshold, shingleSize, minShingles, bands, rows } = resolveNearDuplicateOptions(texts, options);
  const n = texts.length;
  const index = new LshIndex(n, { shingleSize, minShingles, bands, rows });
  for (let i = 0; i < n; i++) index.add(i, '', texts[i]!);
  return clusterCandidates(index, n, (i) => texts[i]!, threshold, options.compare);
}

interface ResolvedNearDuplicateOptions {
  threshold: number;
  shingleSize: number;
  minShingles: number;
  bands: number;
  rows: number;
}

function resolveNearDuplicateOptions(
  texts: unknown,
  options: NearDuplicateOptions,
): ResolvedNearDuplicateOptions {
  const subject = 'near-duplicate options';
  if (!Array.isArray(texts)) fail([], 'must be an array of strings', 'texts');
  for (let i = 0; i < texts.length; i++)
    if (typeof texts[i] !== 'string') fail([i], 'must be a string', 'texts');
  if (!isObject(options)) fail([], 'must be an object', subject);
  if (options.compare !== undefined && typeof options.compare !== 'function') {
    fail(['compare'], 'must be a function', subject);
  }
  const integer = (value: number | undefined, key: string, fallback: number, max: number) =>
    value === undefined ? fallback : Math.floor(requireNumber(value, [key], subject, 1, max));
  return {
    threshold:
      options.threshold === undefined
        ? 0.6
        : requireNumber(options.threshold, ['threshold'], subject, 1e-9, 1),
    shingleSize: integer(options.shingleSize, 'shingleSize', 3, 1000),
    minShingles: integer(options.minShingles, 'minShingles', 4, 1e6),
    bands: integer(options.bands, 'bands', 10, 256),
    rows: integer(options.rows, 'rows', 2, 64),
  };
}

/**
 * The naive baseline of {@link findNearDuplicates}: exact Jaccard over every pair, O(n²).
 * Same result contract; used by tests as an oracle and by the benchmark for comparison.
 *
 * @param texts - the texts, by position
 * @param options - `threshold`, `shingleSize` and `minShingles` as in {@link NearDuplicateOptions}
 * @returns for each text, its cluster's first member (itself when alone, −1 when too short)
 * @throws {@link ValidationError} when `texts` is not an array of strings or an option is out of range
 * @example
 * ```ts
 * findNearDuplicatesPairwise(['a b c d e f', 'a b c d e f g']);
 * ```
 */
export function findNearDuplicatesPairwise(
  texts: readonly string[],
  options: NearDuplicateOptions = {},
): Int32Array {
  const { threshold, shingleSize, minShingles } = resolveNearDuplicateOptions(texts, options);
  const n = texts.length;
  const sets = texts.map((text) => wordShingles(text, shingleSize));
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x]!;
    return x;
  };
  for (let i = 0; i < n; i++) {
    if (sets[i]!.length < minShingles) continue;
    for (let j = i + 1; j < n; j++) {
      if (sets[j]!.length < minShingles) continue;
      if (jaccardSimilarity(sets[i]!, sets[j]!) >= threshold) {
        const ri = find(i);
        const rj = find(j);
        if (ri !== rj) {
          if (ri < rj) parent[rj] = ri;
          else parent[ri] = rj;
        }
      }
    }
  }
  const clusters = new Int32Array(n);
  for (let i = 0; i < n; i++) clusters[i] = sets[i]!.length >= minShingles ? find(i) : -1;
  return clusters;
}
