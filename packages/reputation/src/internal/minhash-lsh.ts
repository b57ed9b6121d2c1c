/**
 * Internal machinery of the near-duplicate search (not re-exported from the package):
 * word and shingle hashing, one-permutation MinHash, the LSH band keys of many texts in
 * typed arrays, and the candidate grouping and exact check that turn them into clusters.
 * `findNearDuplicates` (public) and `screenReviews` both build on it; screening feeds it
 * each review's title and body in the same pass that validates the review.
 *
 * - **Requirement:** the `near-duplicate` screening rule (exact 3-word-shingle Jaccard ≥ 0.6
 *   with an earlier review) over a million reviews, within screening's budget of about 2 s
 *   for 1M reviews.
 * - **Oracle test:** `text-similarity.property.test.ts` checks `findNearDuplicates` against
 *   the exact O(n²) pairwise clustering (sound, and always finds copies and one-word edits);
 *   the benchmark checks it finds the pairwise oracle's clusters for 100 % of 4k texts.
 * - **Plain alternative it beat:** pairwise Jaccard, O(n²): 2.00 s for 4k texts against
 *   10.5 ms (README *Benchmark*, 2026-11-21); 100k texts take 0.16 s, where pairwise would
 *   need about 20 minutes.
 */

const WORD_CHARACTER = /[\p{L}\p{N}]/u;

/** MurmurHash3's 32-bit finalizer (Appleby): a fast avalanche mix of a 32-bit integer. */
export function mix32(value: number): number {
  let h = value ^ (value >>> 16);
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
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
export class ShingleBuffer {
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
    let wordCount = this.hashWords(text, true);
    if (wordCount < 0) wordCount = this.hashWords(text.toLowerCase(), false);
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
   * FNV-1a of each run of letters and digits: ASCII through `ASCII_WORD_FOLD` (which
   * also lower-cases A–Z), any other code unit by Unicode's letter and number classes.
   * With `asciiOnly`, stops at the first non-ASCII code unit and returns −1; without it,
   * the text must be lower-cased already.
   *
   * @returns the word count (hashes in `this.words`), or −1
   */
  private hashWords(text: string, asciiOnly: boolean): number {
    const words = this.wordCapacity(text.length);
    let wordCount = 0;
    let h = 0x811c9dc5;
    let inWord = false;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      let folded: number;
      if (code < 128) folded = ASCII_WORD_FOLD[code]!;
      else if (asciiOnly) return -1;
      else folded = WORD_CHARACTER.test(text[i]!) ? code : 0;
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

  /** The word buffer, grown to hold the words of a text of `length` code units (at most one per unit). */
  private wordCapacity(length: number): Uint32Array {
    if (this.words.length < length) this.words = new Uint32Array(Math.max(length, this.words.length * 2));
    return this.words;
  }
}

/**
 * One-permutation MinHash signature with densification by rotation (Li, Owen and Zhang,
 * "One Permutation Hashing", NeurIPS 2012; Shrivastava and Li, "Densifying One
 * Permutation Hashing via Rotation", ICML 2014): each shingle hash picks one of k bins by
 * its top 16 bits (`⌊(h >>> 16) · k / 2^16⌋`, an integer multiply and shift instead of a
 * division), each bin keeps its minimum hash, and an empty bin borrows the next non-empty
 * bin's value (to the right, cyclically) plus a per-distance offset. Two signatures agree
 * in a bin with probability ≈ the Jaccard similarity of the sets. The shingle hashes are
 * already finished with MurmurHash3's mixer, so they are used as they are.
 */
function minHashSignature(
  shingles: Uint32Array,
  start: number,
  end: number,
  bins: number,
  out: Uint32Array,
  outOffset: number,
): void {
  for (let k = 0; k < bins; k++) out[outOffset + k] = EMPTY_BIN;
  for (let i = start; i < end; i++) {
    const h = shingles[i]!;
    const bin = outOffset + (((h >>> 16) * bins) >>> 16);
    if (h < out[bin]!) out[bin] = h;
  }
  densify(out, outOffset, bins);
}

/**
 * Densification by rotation of a one-permutation MinHash signature: walks the bins right
 * to left, remembering the nearest bin to the right (round the end: position bin + k)
 * that holds its own minimum, so each empty bin finds its donor in O(1); it takes the
 * donor's value plus the distance times the golden-ratio constant (mod 2^32), as the
 * paper's rotation adds the distance times a constant. A hash equal to {@link EMPTY_BIN}
 * reads as empty, which only makes its bin borrow.
 */
function densify(out: Uint32Array, outOffset: number, bins: number): void {
  let donor = -1;
  for (let bin = bins - 1; bin >= 0 && donor < 0; bin--) {
    if (out[outOffset + bin] !== EMPTY_BIN) donor = bin + bins;
  }
  if (donor < 0) return; // No shingle: nothing to borrow.
  for (let position = bins - 1; position >= 0; position--) {
    if (out[outOffset + position] !== EMPTY_BIN) donor = position;
    else {
      const borrowed = out[outOffset + (donor < bins ? donor : donor - bins)]!;
      out[outOffset + position] = (borrowed + Math.imul(donor - position, 0x9e3779b9)) >>> 0;
    }
  }
}

/**
 * Exact Jaccard similarity |A ∩ B| / |A ∪ B| of two sorted, distinct hash sets; 0 when
 * both are empty.
 */
export function sortedSetJaccard(a: Uint32Array, b: Uint32Array): number {
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

/** Parameters of an {@link LshIndex}. */
export interface LshParameters {
  /** Words per shingle, ≥ 1. */
  shingleSize: number;
  /** Texts with fewer distinct shingles are not judged, ≥ 1. */
  minShingles: number;
  /** LSH bands b. */
  bands: number;
  /** LSH rows per band r. */
  rows: number;
}

/** 32-bit FNV-1a's prime (Fowler, Noll, Vo). */
const FNV_PRIME = 0x01000193;
const EMPTY_BIN = 0xffffffff;

/**
 * The first pass of the near-duplicate search: for each added text, its b LSH band keys
 * (each a hash of the band's r MinHash signature values), kept band-major in one typed
 * array so each band's keys can be grouped without a gather. Nothing else of a text is
 * kept: a million texts' shingle sets would be hundreds of megabytes, and only the few
 * texts that share a bucket need them again (rebuilt by {@link clusterCandidates}).
 *
 * A text may come in two parts (a review's title and body): it is hashed as the two
 * joined by a space. Each text is hashed in three tight loops over reused buffers (words,
 * then shingles, then MinHash bins): measured, this is about 20 % faster than one fused
 * pass over the characters that does all three, whose word-boundary branches interleave.
 */
export class LshIndex {
  /** The added items (any integer ids) that were judged, in the order they were added. */
  readonly judged: Int32Array;
  /** How many items were judged. */
  judgedCount = 0;
  /** The p-th judged item's key of band k is at `[k · capacity + p]`. */
  readonly bandKeys: Int32Array;
  private readonly capacity: number;
  private readonly signature: Uint32Array;
  private readonly buffer = new ShingleBuffer();

  /**
   * @param capacity - the most texts that will be added
   * @param parameters - shingle size, minimum distinct shingles, bands and rows
   */
  constructor(
    capacity: number,
    readonly parameters: LshParameters,
  ) {
    this.capacity = capacity;
    this.judged = new Int32Array(capacity);
    this.bandKeys = new Int32Array(capacity * parameters.bands);
    const bins = parameters.bands * parameters.rows;
    this.signature = new Uint32Array(bins);
  }

  /**
   * Adds the text `first + ' ' + second` (just `second` when `first` is empty) as `item`.
   * It is judged (kept) when it has at least `minShingles` distinct shingles.
   */
  add(item: number, first: string, second: string): void {
    const { shingleSize, minShingles } = this.parameters;
    const buffer = this.buffer;
    const count = buffer.fillUnsorted(first.length > 0 ? `${first} ${second}` : second, shingleSize);
    if (!hasDistinct(buffer.shingles, 0, count, minShingles)) return;
    minHashSignature(buffer.shingles, 0, count, this.signature.length, this.signature, 0);
    this.keep(item);
  }

  /** Stores the band keys of `this.signature` for `item`. */
  private keep(item: number): void {
    const { bands, rows } = this.parameters;
    const signature = this.signature;
    const p = this.judgedCount++;
    for (let band = 0; band < bands; band++) {
      let key = Math.imul(band + 1, 0x9e3779b1);
      for (let r = 0; r < rows; r++) key = Math.imul(key ^ signature[band * rows + r]!, FNV_PRIME);
      // Mixed, because the grouping's slot table reads the key's low bits, which a product
      // alone draws only from the low bits of the row values (measured: grouping was
      // slower without the mix, and no faster reading the unmixed key's top bits).
      this.bandKeys[band * this.capacity + p] = mix32(key) | 0;
    }
    this.judged[p] = item;
  }

  /** The p-th judged item's keys of one band: `bandKeys[band · capacity + p]`. */
  bandOffset(band: number): number {
    return band * this.capacity;
  }
}

/** Buckets with at least this many texts are remembered, so an identical bucket of another band is skipped. */
const LARGE_BUCKET = 64;

/** A copy of `values` with room for `length` values. */
function grownInt32(values: Int32Array, length: number): Int32Array<ArrayBuffer> {
  const copy = new Int32Array(length);
  copy.set(values);
  return copy;
}

/** Up to this many keys sort by insertion (see {@link radixSort}). */
const SMALL_SORT = 64;

/**
 * Sorts the keys `source[offset .. offset + length)` as unsigned 32-bit integers, with
 * each key's position (0-based, from `offset`) carried along, into `keys`/`positions`, by
 * a stable least-significant-digit radix sort: three passes of 11, 11 and 10 bits, whose
 * counters fit in the L1 cache (Knuth, TAOCP vol. 3, §5.2.5); the three digits are counted
 * in one read of the source. Equal keys keep their order. All four output and scratch
 * arrays must hold `length` values. Up to {@link SMALL_SORT} keys go by insertion sort
 * instead (same order): screening one new review against a pattern's recent reviews spent
 * about 55 µs per review clearing and scanning the digit tables. Guarded by
 * `minhash-lsh.test.ts` (a comparison sort as the oracle, both paths).
 */
export function radixSort(
  source: Int32Array,
  offset: number,
  length: number,
  keys: Uint32Array,
  positions: Int32Array,
  keysScratch: Uint32Array,
  positionsScratch: Int32Array,
): void {
  // A few keys (a new review against a pattern's recent ones): insertion sort, also stable,
  // instead of the three digit tables (20 KiB to clear and scan) that dominated that case.
  if (length <= SMALL_SORT) {
    for (let i = 0; i < length; i++) {
      const key = source[offset + i]! >>> 0;
      let j = i - 1;
      while (j >= 0 && keys[j]! > key) {
        keys[j + 1] = keys[j]!;
        positions[j + 1] = positions[j]!;
        j--;
      }
      keys[j + 1] = key;
      positions[j + 1] = i;
    }
    return;
  }
  const low = new Int32Array(2048);
  const middle = new Int32Array(2048);
  const high = new Int32Array(1024);
  for (let i = 0; i < length; i++) {
    const key = source[offset + i]!;
    low[key & 2047]!++;
    middle[(key >>> 11) & 2047]!++;
    high[key >>> 22]!++;
  }
  let lowTotal = 0;
  let middleTotal = 0;
  let highTotal = 0;
  for (let digit = 0; digit < 2048; digit++) {
    const lowCount = low[digit]!;
    low[digit] = lowTotal;
    lowTotal += lowCount;
    const middleCount = middle[digit]!;
    middle[digit] = middleTotal;
    middleTotal += middleCount;
    if (digit < 1024) {
      const highCount = high[digit]!;
      high[digit] = highTotal;
      highTotal += highCount;
    }
  }
  for (let i = 0; i < length; i++) {
    const key = source[offset + i]! >>> 0;
    const target = low[key & 2047]!++;
    keys[target] = key;
    positions[target] = i;
  }
  for (let i = 0; i < length; i++) {
    const key = keys[i]!;
    const target = middle[(key >>> 11) & 2047]!++;
    keysScratch[target] = key;
    positionsScratch[target] = positions[i]!;
  }
  for (let i = 0; i < length; i++) {
    const key = keysScratch[i]!;
    const target = high[key >>> 22]!++;
    keys[target] = key;
    positions[target] = positionsScratch[i]!;
  }
}

/**
 * The second pass of the near-duplicate search: groups the judged texts of `index` by
 * each band's key and checks the texts of every bucket that holds more than one with the
 * exact Jaccard similarity of their sorted shingle sets (rebuilt once per text, only for
 * texts that share a bucket). Within a bucket, scanned in `compare` order (by item when
 * `compare` is undefined), each text is compared with up to 8 representatives (texts
 * not similar to an earlier representative), so a bucket of n texts costs O(n).
 * Grouping: a table of 2-bit slots, 8 per text, marks the band keys whose low bits were
 * seen before; only those texts (the repeats plus about 1 in 8 others) are gathered, in
 * order, and grouped by a stable radix sort of the whole key. Buckets are checked in key order; the clusters do not depend on that order.
 *
 * @param index - the first pass
 * @param itemCount - items are integers in [0, itemCount)
 * @param textOf - an item's text (as it was added, parts joined by a space)
 * @param threshold - Jaccard similarity at which two texts are near-duplicates
 * @param compare - a total order of items (negative when `a` comes first), or undefined for item order
 * @returns for each item, its cluster's first item by `compare` (itself when it has no
 *   near-duplicate), or −1 when it was not judged
 */
export function clusterCandidates(
  index: LshIndex,
  itemCount: number,
  textOf: (item: number) => string,
  threshold: number,
  compare: ((a: number, b: number) => number) | undefined,
): Int32Array {
  const { shingleSize, bands } = index.parameters;
  const { judged, judgedCount, bandKeys } = index;
  const shingleSets = new Map<number, Uint32Array>();
  const setBuffer = new ShingleBuffer();
  const shingleSet = (item: number): Uint32Array => {
    let set = shingleSets.get(item);
    if (set === undefined) {
      set = setBuffer.shingles.slice(0, setBuffer.fill(textOf(item), shingleSize));
      shingleSets.set(item, set);
    }
    return set;
  };
  const similarity = (a: number, b: number) => sortedSetJaccard(shingleSet(a), shingleSet(b));
  const parent = new Int32Array(itemCount);
  for (let i = 0; i < itemCount; i++) parent[i] = i;
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
  const order = compare ?? ((a: number, b: number) => a - b);
  const union = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    // The first of the two roots (by `order`) stays root, so a cluster's root is its first member.
    if (ra === rb) return;
    if (order(ra, rb) < 0) parent[rb] = ra;
    else parent[ra] = rb;
  };

  const maxRepresentatives = 8;
  const representatives = new Int32Array(maxRepresentatives);
  const members: number[] = [];
  const checkBucket = () => {
    // Scan the bucket in `compare` order (buckets with several texts are few).
    if (compare) members.sort(compare);
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
  // Copies of the texts sent (exact duplicates) collide in every band: a large bucket whose
  // members equal an earlier bucket's is skipped, as checking it again could only repeat
  // the same unions (which representatives are chosen depends only on the members).
  const largeBuckets = new Map<number, Int32Array[]>();
  const checkedBefore = (list: number[]): boolean => {
    if (list.length < LARGE_BUCKET) return false;
    let hash = list.length;
    for (let k = 0; k < list.length; k++) hash = Math.imul(hash ^ list[k]!, FNV_PRIME);
    const earlier = largeBuckets.get(hash);
    if (earlier?.some((bucket) => bucket.length === list.length && bucket.every((m, k) => m === list[k])))
      return true;
    const copy = Int32Array.from(list);
    if (earlier) earlier.push(copy);
    else largeBuckets.set(hash, [copy]);
    return false;
  };
  // Most keys of a band are unique. A table of 2-bit slots indexed by a key's low bits
  // (8 slots per text: 2 MB for a million texts) finds the keys that may repeat: a slot's
  // first bit says a key reached it, its second that another key did too. Only the keys
  // of repeated slots (true repeats plus about 1 in 8 unique keys, by chance) are gathered,
  // in position order, and radix-sorted by the whole key.
  let slotCount = 1024;
  while (slotCount < judgedCount * 8) slotCount *= 2;
  const slotMask = slotCount - 1;
  const slots = new Int32Array(slotCount >>> 4);
  // Sized for the usual share of candidates (the repeats plus about 1 in 8 others), so a
  // large input does not grow the six arrays again and again.
  let capacity = Math.max(1024, judgedCount >> 2);
  let candidateKeys = new Int32Array(capacity);
  let candidatePositions = new Int32Array(capacity);
  let keys = new Uint32Array(capacity);
  let sortedOrder = new Int32Array(capacity);
  let keysScratch = new Uint32Array(capacity);
  let orderScratch = new Int32Array(capacity);
  for (let band = 0; band < bands; band++) {
    const offset = index.bandOffset(band);
    slots.fill(0);
    for (let p = 0; p < judgedCount; p++) {
      const slot = bandKeys[offset + p]! & slotMask;
      const word = slot >>> 4;
      const reached = 1 << ((slot & 15) << 1);
      const value = slots[word]!;
      // Sets the first bit, or the second when the first is set (reached << 1).
      slots[word] = value | ((value & reached) === 0 ? reached : reached << 1);
    }
    let count = 0;
    for (let p = 0; p < judgedCount; p++) {
      const key = bandKeys[offset + p]!;
      const slot = key & slotMask;
      if ((slots[slot >>> 4]! & (2 << ((slot & 15) << 1))) === 0) continue;
      if (count === capacity) {
        capacity *= 2;
        candidateKeys = grownInt32(candidateKeys, capacity);
        candidatePositions = grownInt32(candidatePositions, capacity);
        keys = new Uint32Array(capacity);
        sortedOrder = new Int32Array(capacity);
        keysScratch = new Uint32Array(capacity);
        orderScratch = new Int32Array(capacity);
      }
      candidateKeys[count] = key;
      candidatePositions[count++] = p;
    }
    // Fewer than two candidates share no bucket: skip the sort (its fixed cost, three digit
    // tables, dominated the screening of one new review against a pattern's few reviews).
    if (count < 2) continue;
    radixSort(candidateKeys, 0, count, keys, sortedOrder, keysScratch, orderScratch);
    for (let first = 0; first < count; ) {
      const key = keys[first]!;
      let last = first + 1;
      while (last < count && keys[last] === key) last++;
      if (last - first > 1) {
        members.length = 0;
        for (let k = first; k < last; k++) members.push(judged[candidatePositions[sortedOrder[k]!]!]!);
        if (!checkedBefore(members)) checkBucket();
      }
      first = last;
    }
  }
  // `parent` becomes the result, without a second array of every item: each judged item's
  // root (full path compression), marked by a negative code while the items that were not
  // judged (still their own parent, ≥ 0) are set to −1.
  for (let p = 0; p < judgedCount; p++) parent[judged[p]!] = find(judged[p]!);
  for (let p = 0; p < judgedCount; p++) parent[judged[p]!] = -parent[judged[p]!]! - 2;
  for (let i = 0; i < itemCount; i++) parent[i] = parent[i]! >= 0 ? -1 : -parent[i]! - 2;
  return parent;
}
