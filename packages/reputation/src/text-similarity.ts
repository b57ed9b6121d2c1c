import { fail, isObject, requireNumber } from './validation.js';

/**
 * Near-duplicate text detection: word shingles (w-shingling, Broder 1997), exact
 * Jaccard similarity, and a MinHash / locality-sensitive-hashing index to find candidate
 * pairs without comparing every pair.
 */

const WORD_CHARACTER = /[\p{L}\p{N}]/u;

/** MurmurHash3's 32-bit finalizer (Appleby): a fast avalanche mix of a 32-bit integer. */
function mix32(value: number): number {
  let h = value ^ (value >>> 16);
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function isWordCharacter(code: number, text: string, index: number): boolean {
  if (code < 128)
    return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || (code >= 65 && code <= 90);
  return WORD_CHARACTER.test(text[index]!);
}

/**
 * Sorts `values[start .. start + count)` ascending in place and moves the distinct values
 * to its front.
 *
 * @returns how many distinct values there are
 */
function sortUnique(values: Uint32Array, start: number, count: number): number {
  const end = start + count;
  if (count <= 48) {
    // Insertion sort: faster than TypedArray#sort for the short lists reviews give.
    for (let i = start + 1; i < end; i++) {
      const value = values[i]!;
      let j = i - 1;
      while (j >= start && values[j]! > value) {
        values[j + 1] = values[j]!;
        j--;
      }
      values[j + 1] = value;
    }
  } else values.subarray(start, end).sort();
  let unique = start;
  for (let i = start; i < end; i++) {
    if (i === start || values[i] !== values[unique - 1]) values[unique++] = values[i]!;
  }
  return unique - start;
}

const DISTINCT_SCRATCH = new Uint32Array(16);

/**
 * True when `values[start .. start + count)` holds at least `needed` distinct values.
 * Linear in `count` for small `needed` (a text's first few shingles are almost always
 * distinct); sorts a copy otherwise.
 */
function hasDistinct(values: Uint32Array, start: number, count: number, needed: number): boolean {
  if (count < needed) return false;
  if (needed > 16) return sortUnique(values.slice(start, start + count), 0, count) >= needed;
  const seen = DISTINCT_SCRATCH;
  let distinct = 0;
  for (let i = start; i < start + count && distinct < needed; i++) {
    const value = values[i]!;
    let repeat = false;
    for (let k = 0; k < distinct; k++) if (seen[k] === value) repeat = true;
    if (!repeat) seen[distinct++] = value;
  }
  return distinct >= needed;
}

/** For each ASCII code: its lower-case code when it is a letter or digit, else 0. */
const ASCII_WORD_FOLD = Uint8Array.from({ length: 128 }, (_, code) => {
  if (code >= 65 && code <= 90) return code + 32;
  return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) ? code : 0;
});

/** Reusable buffers so hashing millions of texts does not allocate per text. */
class ShingleBuffer {
  words = new Uint32Array(256);
  shingles = new Uint32Array(256);

  /**
   * Hashes the text's words (FNV-1a over lower-cased UTF-16 code units of runs of Unicode
   * letters and digits) and then each run of `size` consecutive words; sorts the shingle
   * hashes and drops repeats.
   *
   * @returns how many distinct shingles are in `this.shingles`
   */
  fill(text: string, size: number): number {
    return sortUnique(this.shingles, 0, this.fillUnsorted(text, size));
  }

  /**
   * Like {@link ShingleBuffer.fill} but leaves the shingle hashes in text order, repeats
   * included (MinHash does not need them sorted; only texts that meet a candidate are
   * sorted later, for the exact check).
   *
   * @returns how many shingles (one per word position) are in `this.shingles`
   */
  fillUnsorted(text: string, size: number): number {
    // Plain ASCII (the common case) is lower-cased per character code, without allocating
    // a lower-cased copy; any other text goes through `toLowerCase` (which can change
    // lengths and depends on context, like the Greek final sigma). Both paths hash the same
    // code units, so a text's shingles do not depend on which path ran.
    let wordCount = this.hashAsciiWords(text);
    if (wordCount < 0) wordCount = this.hashWords(text.toLowerCase());
    if (wordCount < size) return 0;
    const count = wordCount - size + 1;
    if (this.shingles.length < count) this.shingles = new Uint32Array(count * 2);
    const words = this.words;
    const shingles = this.shingles;
    for (let start = 0; start < count; start++) {
      let s = 0x9747b28c;
      for (let offset = 0; offset < size; offset++) s = Math.imul(s ^ words[start + offset]!, 0x01000193);
      shingles[start] = mix32(s);
    }
    return count;
  }

  /**
   * Hashes the words of a text made only of ASCII characters, lower-casing A–Z on the fly.
   *
   * @returns the word count, or −1 when the text has a non-ASCII character
   */
  private hashAsciiWords(text: string): number {
    const words = this.wordCapacity(text.length);
    let wordCount = 0;
    let h = 0x811c9dc5;
    let inWord = false;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code >= 128) return -1;
      const folded = ASCII_WORD_FOLD[code]!;
      if (folded !== 0) {
        h = Math.imul(h ^ folded, 0x01000193);
        inWord = true;
      } else if (inWord) {
        words[wordCount++] = h;
        h = 0x811c9dc5;
        inWord = false;
      }
    }
    if (inWord) words[wordCount++] = h;
    return wordCount;
  }

  /** Hashes the words of an already lower-cased text. @returns the word count */
  private hashWords(lower: string): number {
    const words = this.wordCapacity(lower.length);
    let wordCount = 0;
    let h = 0x811c9dc5;
    let inWord = false;
    for (let i = 0; i < lower.length; i++) {
      const code = lower.charCodeAt(i);
      if (isWordCharacter(code, lower, i)) {
        h = Math.imul(h ^ code, 0x01000193);
        inWord = true;
      } else if (inWord) {
        words[wordCount++] = h;
        h = 0x811c9dc5;
        inWord = false;
      }
    }
    if (inWord) words[wordCount++] = h;
    return wordCount;
  }

  /** The word buffer, grown to hold the words of a text of `length` code units (at most one per unit). */
  private wordCapacity(length: number): Uint32Array {
    if (this.words.length < length) this.words = new Uint32Array(Math.max(length, this.words.length * 2));
    return this.words;
  }
}

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
  if (a.length === 0 && b.length === 0) return 0;
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      shared++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return shared / (a.length + b.length - shared);
}

/** Options of {@link findNearDuplicates}. */
export interface NearDuplicateOptions {
  /** Minimum exact Jaccard similarity of two texts' shingle sets to call them near-duplicates, 0–1. @defaultValue 0.6 */
  threshold?: number;
  /** Words per shingle. @defaultValue 3 */
  shingleSize?: number;
  /** Texts with fewer distinct shingles are too short to judge and are skipped. @defaultValue 4 */
  minShingles?: number;
  /**
   * LSH bands b; the signature has b·r values. With the defaults (b = 10, r = 2) a pair
   * with Jaccard 0.6 becomes a candidate with probability 0.988, and 0.8 with 0.99996.
   * @defaultValue 10
   */
  bands?: number;
  /** LSH rows per band r. @defaultValue 2 */
  rows?: number;
  /**
   * Order of the texts by which "first member" is decided and buckets are scanned
   * (negative when text `a` comes before text `b`). Give a total order that does not
   * depend on positions (for example by time, then id) to make the clustering independent
   * of input order. @defaultValue by position
   */
  compare?: (a: number, b: number) => number;
}

/**
 * One-permutation MinHash signature with densification by rotation (Li, Owen and Zhang,
 * "One Permutation Hashing", NeurIPS 2012; Shrivastava and Li, "Densifying One
 * Permutation Hashing via Rotation", ICML 2014): each shingle is hashed once into one of
 * k bins, each bin keeps its minimum, and an empty bin borrows the next non-empty bin's
 * value (to the right, cyclically) plus a per-distance offset. Two signatures agree in a
 * bin with probability ≈ the Jaccard similarity of the sets.
 */
function minHashSignature(
  shingles: Uint32Array,
  start: number,
  end: number,
  bins: number,
  out: Uint32Array,
  outOffset: number,
): void {
  const empty = 0xffffffff;
  for (let k = 0; k < bins; k++) out[outOffset + k] = empty;
  const binWidth = Math.floor(0x100000000 / bins);
  for (let i = start; i < end; i++) {
    const h = mix32(shingles[i]! ^ 0x5bd1e995);
    const bin = Math.min(bins - 1, Math.floor(h / binWidth));
    const value = h - bin * binWidth;
    if (value < out[outOffset + bin]!) out[outOffset + bin] = value;
  }
  // Densify: walk the bins right to left, remembering the nearest bin to the right (round
  // the end: position bin + k) that holds its own minimum, so each empty bin finds its
  // donor in O(1). The walk starts from the last such bin, seen from past the end.
  let donor = -1;
  for (let bin = bins - 1; bin >= 0 && donor < 0; bin--) {
    const own = out[outOffset + bin]!;
    if (own !== empty && own < binWidth) donor = bin + bins;
  }
  if (donor < 0) return; // No shingle: nothing to borrow.
  for (let position = bins - 1; position >= 0; position--) {
    const own = out[outOffset + position]!;
    if (own !== empty) {
      if (own < binWidth) donor = position; // An own minimum, not a borrowed one.
    } else {
      // Mix in the distance so a borrowed value differs from the bin's own ones (a chance
      // equality only adds a candidate, which the exact check then rejects).
      const borrowed = out[outOffset + (donor < bins ? donor : donor - bins)]!;
      out[outOffset + position] = mix32(borrowed ^ Math.imul(donor - position, 0x9e3779b9));
    }
  }
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

  const { judged, judgedCount, bandKeys } = indexTexts(texts, shingleSize, minShingles, bands, rows);

  // The exact check needs sorted shingle sets: made again, once, for the texts that share
  // a bucket with another (a small share of the texts).
  const shingleSets = new Map<number, Uint32Array>();
  const setBuffer = new ShingleBuffer();
  const shingleSet = (i: number): Uint32Array => {
    let set = shingleSets.get(i);
    if (set === undefined) {
      set = setBuffer.shingles.slice(0, setBuffer.fill(texts[i]!, shingleSize));
      shingleSets.set(i, set);
    }
    return set;
  };
  const similarity = (a: number, b: number) => jaccardSimilarity(shingleSet(a), shingleSet(b));
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  const find = (x: number): number => {
    let root = x;
    while (parent[root] !== root) root = parent[root]!;
    while (parent[x] !== root) {
      const next = parent[x]!;
      parent[x] = root;
      x = next;
    }
    return root;
  };
  const compare = options.compare ?? ((a: number, b: number) => a - b);
  const union = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    // The first of the two roots (by `compare`) stays root, so a cluster's root is its first member.
    if (ra === rb) return;
    if (compare(ra, rb) < 0) parent[rb] = ra;
    else parent[ra] = rb;
  };

  // Pass 2, one band at a time: group the judged texts by band key, then check the texts
  // of each bucket that holds more than one. Grouping is a stable radix sort by the key's
  // low 22 bits (sequential memory access, unlike a hash table of a million random slots);
  // the few runs of equal low bits are then sorted by the whole key.
  const keys = new Uint32Array(judgedCount);
  const positions = new Int32Array(judgedCount);
  const keysScratch = new Uint32Array(judgedCount);
  const positionsScratch = new Int32Array(judgedCount);
  const maxRepresentatives = 8;
  const representatives = new Int32Array(maxRepresentatives);
  const members: number[] = [];
  const checkBucket = () => {
    // Scan the bucket in `compare` order (buckets with several texts are few).
    if (options.compare) members.sort(compare);
    representatives[0] = members[0]!;
    let representativeCount = 1;
    for (let m = 1; m < members.length; m++) {
      const member = members[m]!;
      let matched = false;
      for (let k = 0; k < representativeCount; k++) {
        const representative = representatives[k]!;
        // Always compare (no shortcut through earlier unions) so which texts become
        // representatives depends only on the bucket, not on the order buckets are visited.
        if (similarity(member, representative) >= threshold) {
          union(member, representative);
          matched = true;
          break;
        }
      }
      if (!matched && representativeCount < maxRepresentatives)
        representatives[representativeCount++] = member;
    }
  };
  for (let band = 0; band < bands; band++) {
    for (let p = 0; p < judgedCount; p++) {
      keys[p] = bandKeys[p * bands + band]!;
      positions[p] = p;
    }
    radixSortLowBits(keys, positions, keysScratch, positionsScratch);
    for (let start = 0; start < judgedCount; ) {
      const low = keys[start]! & LOW_BITS_MASK;
      let end = start + 1;
      while (end < judgedCount && (keys[end]! & LOW_BITS_MASK) === low) end++;
      if (end - start > 1) {
        insertionSortPairs(keys, positions, start, end);
        for (let first = start; first < end; ) {
          let last = first + 1;
          while (last < end && keys[last] === keys[first]) last++;
          if (last - first > 1) {
            members.length = 0;
            for (let p = first; p < last; p++) members.push(judged[positions[p]!]!);
            checkBucket();
          }
          first = last;
        }
      }
      start = end;
    }
  }
  const clusters = new Int32Array(n).fill(-1);
  for (let p = 0; p < judgedCount; p++) clusters[judged[p]!] = find(judged[p]!);
  return clusters;
}

/** What {@link findNearDuplicates}'s first pass keeps of the texts. */
interface TextIndex {
  /** Positions of the judged texts (those with at least `minShingles` shingles), ascending. */
  judged: Int32Array;
  judgedCount: number;
  /** For the p-th judged text, its b band keys at `[p·b .. p·b + b)`. */
  bandKeys: Int32Array;
}

/**
 * The first pass of {@link findNearDuplicates}, one text at a time: its shingles (in a
 * reused buffer), its MinHash signature in a scratch buffer, and its b band keys (each a
 * hash of the band's r signature values). Only the band keys are kept: a million texts'
 * shingle sets would be hundreds of megabytes, and only the few texts that share a
 * bucket need them again.
 */
function indexTexts(
  texts: readonly string[],
  shingleSize: number,
  minShingles: number,
  bands: number,
  rows: number,
): TextIndex {
  const n = texts.length;
  const bins = bands * rows;
  const buffer = new ShingleBuffer();
  const judged = new Int32Array(n);
  const signature = new Uint32Array(bins);
  const bandKeys = new Int32Array(bands * n);
  let judgedCount = 0;
  for (let i = 0; i < n; i++) {
    const count = buffer.fillUnsorted(texts[i]!, shingleSize);
    if (!hasDistinct(buffer.shingles, 0, count, minShingles)) continue; // Too short to judge.
    minHashSignature(buffer.shingles, 0, count, bins, signature, 0);
    const keyBase = judgedCount * bands;
    for (let band = 0; band < bands; band++) {
      let key = Math.imul(band + 1, 0x9e3779b1);
      for (let r = 0; r < rows; r++) key = Math.imul(key ^ signature[band * rows + r]!, 0x01000193);
      bandKeys[keyBase + band] = mix32(key) | 0;
    }
    judged[judgedCount++] = i;
  }
  return { judged, judgedCount, bandKeys };
}

/** Mask of the key bits {@link radixSortLowBits} sorts by. */
const LOW_BITS_MASK = 0x3fffff;

/**
 * Sorts `keys` by their low 22 bits, carrying `values` along, with a stable
 * least-significant-digit radix sort: two passes of 11 bits, whose 2,048 counters fit in
 * the L1 cache (Knuth, TAOCP vol. 3, §5.2.5). Keys with equal low bits keep their order.
 * The scratch arrays must be as long as `keys`; the result ends in `keys`/`values`.
 */
function radixSortLowBits(
  keys: Uint32Array,
  values: Int32Array,
  keysScratch: Uint32Array,
  valuesScratch: Int32Array,
): void {
  const length = keys.length;
  const counts = new Int32Array(2048);
  let fromKeys = keys;
  let fromValues = values;
  let toKeys = keysScratch;
  let toValues = valuesScratch;
  for (let shift = 0; shift < 22; shift += 11) {
    counts.fill(0);
    for (let i = 0; i < length; i++) counts[(fromKeys[i]! >>> shift) & 2047]!++;
    let total = 0;
    for (let digit = 0; digit < 2048; digit++) {
      const count = counts[digit]!;
      counts[digit] = total;
      total += count;
    }
    for (let i = 0; i < length; i++) {
      const key = fromKeys[i]!;
      const target = counts[(key >>> shift) & 2047]!++;
      toKeys[target] = key;
      toValues[target] = fromValues[i]!;
    }
    [fromKeys, toKeys] = [toKeys, fromKeys];
    [fromValues, toValues] = [toValues, fromValues];
  }
  // Two passes (an even number): the sorted data is back in `keys` and `values`.
}

/** Stable insertion sort of `keys[start .. end)` (with `values`) by the whole key. */
function insertionSortPairs(keys: Uint32Array, values: Int32Array, start: number, end: number): void {
  for (let i = start + 1; i < end; i++) {
    const key = keys[i]!;
    const value = values[i]!;
    let j = i - 1;
    while (j >= start && keys[j]! > key) {
      keys[j + 1] = keys[j]!;
      values[j + 1] = values[j]!;
      j--;
    }
    keys[j + 1] = key;
    values[j + 1] = value;
  }
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
