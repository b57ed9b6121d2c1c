import { LRUCache } from 'lru-cache';
import type MiniSearch from 'minisearch';
import type { MatchInfo } from 'minisearch';
import {
  BM25_B,
  BM25_D,
  BM25_K,
  type FieldTermData,
  FUZZY_WEIGHT,
  MiniSearchInternals,
  PREFIX_WEIGHT,
} from './minisearch-internals.js';
import { grown, grownCapacity, type ScratchArrays } from './scratch.js';

/**
 * BM25 scoring of a query over MiniSearch's inverted index, with per-document scores kept in
 * typed arrays instead of one result object per matching document.
 *
 * - **Requirement:** search p99 ≤ 20 ms and ≤ 1.25× raw MiniSearch on the 226,974 npm
 *   packages, with every score equal to `MiniSearch#search`'s.
 * - **Oracle test:** `text-scorer.property.test.ts` compares scores, matched terms and match
 *   info with `MiniSearch#search` over random catalogs, removals, query texts and
 *   prefix/fuzzy/AND/OR options (and kills mutants such as a changed prefix weight).
 * - **Plain alternative it beat:** `MiniSearch#search` with the same options: p50 2.36 /
 *   p99 174.3 ms against 2.48 / 15.6 ms for the whole of our `search` (README *Benchmarks*,
 *   2026-11-21); before this scorer our search measured p50 8.15 / p99 141.8 ms.
 *
 * MiniSearch's `search` builds, for every document a query matches, an object with its
 * score, matched terms and match info, merges them per query term through `Map`s, then
 * sorts them all. On a large catalog a common word (`react`, `plugin`) matches tens of
 * thousands of documents, and that bookkeeping — not the arithmetic — is most of the query
 * time. This scorer walks the same posting lists (MiniSearch's radix tree of terms →
 * field → document → term frequency), with the same term expansion (exact term, prefix
 * matches, fuzzy matches), the same BM25+ formula, weights and field boosts, and the same
 * order of floating-point additions, so every score equals MiniSearch's exactly. Matched
 * terms and match info are rebuilt only for the documents a page shows.
 *
 * MiniSearch's private fields are read only through `minisearch-internals.ts`.
 */

/** Posting lists at least this long are copied into typed arrays when a query first reads them. */
const CACHED_POSTINGS_MIN = 1024;
/** At most this many postings are kept as typed arrays (12 bytes each: about 48 MB), least recently used first out. */
const CACHED_POSTINGS_MAX = 4_000_000;

/**
 * A posting list of one term in one field as typed arrays, in the engine's order: short ids
 * and each posting's BM25+ score (which depends only on the index, unchanged while cached).
 */
interface PostingArrays {
  slots: Int32Array;
  scores: Float64Array;
}

/**
 * BM25+ of one posting (Lv and Zhai, "Lower-Bounding Term Frequency Normalization", CIKM
 * 2011), as MiniSearch 7.2 computes it: `idf · (d + tf·(k + 1) / (tf + k·(1 − b + b·len / avgLen)))`.
 */
function bm25Plus(
  frequency: number,
  fieldLength: number,
  averageLength: number,
  inverseDocumentFrequency: number,
): number {
  return (
    inverseDocumentFrequency *
    (BM25_D +
      (frequency * (BM25_K + 1)) /
        (frequency + BM25_K * (1 - BM25_B + (BM25_B * fieldLength) / averageLength)))
  );
}

/** Where one query term's postings are summed: per-document stamps, scores and the list of documents touched. */
interface PostingTarget {
  stamp: Uint32Array;
  epoch: number;
  scores: Float64Array;
  touched: Int32Array;
}

/** How query terms are matched; the same meaning as MiniSearch's search options of these names. */
export interface TextQueryOptions {
  /** Field boosts, by indexed field name, in field order. */
  boost: Readonly<Record<string, number>>;
  /** `'or'`: documents matching any term; `'and'`: every term. */
  combineWith: 'or' | 'and';
  /** Whether the term at this position is also matched as a prefix. */
  prefix: (term: string, position: number, terms: string[]) => boolean;
  /** The fuzzy edit distance of the term at this position (< 1: a share of its length), or `false`. */
  fuzzy: (term: string, position: number, terms: string[]) => number | false;
  /** Upper bound of a relative fuzzy distance. */
  maxFuzzy: number;
}

/** One term of the query with the index terms it expands to. */
interface QuerySpec {
  /** The query term. */
  term: string;
  /** Its position among the query's distinct terms. */
  distinct: number;
  /** The index terms it matched (the term itself, then prefix, then fuzzy matches) with their posting lists. */
  derived: { term: string; data: FieldTermData }[];
}

/**
 * The documents a query matched: short ids (MiniSearch's) and final scores — the summed term
 * scores × the number of distinct query terms matched, as `MiniSearch#search` computes —
 * in no particular order. Terms and match info are rebuilt on demand per document. Its
 * arrays are the scorer's scratch: valid until the scorer's next query.
 */
export class TextScores {
  /** How many documents matched. */
  readonly count: number;
  /** Their short ids, positions `0 … count − 1`. */
  readonly slots: Int32Array;
  /** Their final scores, by position. */
  readonly scores: Float64Array;
  /** The query's distinct terms, in query order. */
  readonly queryTerms: readonly string[];
  /** Per query term, whether any document matched it. */
  readonly termMatched: readonly boolean[];
  private readonly specs: readonly QuerySpec[];
  private readonly fields: readonly { name: string; id: number }[];
  private readonly words: number;
  /** Which query terms (bits, `words` words per document) each document matched, by short id. */
  private readonly masks: Uint32Array;

  /** @internal made by {@link TextScorer.score} */
  constructor(parts: {
    count: number;
    slots: Int32Array;
    scores: Float64Array;
    masks: Uint32Array;
    words: number;
    queryTerms: string[];
    termMatched: boolean[];
    specs: QuerySpec[];
    fields: { name: string; id: number }[];
  }) {
    this.count = parts.count;
    this.slots = parts.slots;
    this.scores = parts.scores;
    this.masks = parts.masks;
    this.words = parts.words;
    this.queryTerms = parts.queryTerms;
    this.termMatched = parts.termMatched;
    this.specs = parts.specs;
    this.fields = parts.fields;
  }

  /**
   * The distinct query terms the document at this position matched, in MiniSearch's order:
   * by the first query term (in query order) that matched it.
   */
  termsAt(position: number): string[] {
    const terms: string[] = [];
    const slot = this.slots[position] as number;
    this.specs.forEach((spec, bit) => {
      if (
        ((this.masks[slot * this.words + (bit >>> 5)] as number) >>> (bit & 31)) & 1 &&
        !terms.includes(spec.term)
      )
        terms.push(spec.term);
    });
    return terms;
  }

  /**
   * How many of the distinct query terms marked in `counted` (by distinct position) the
   * document at this position matched (exactly, as a prefix or fuzzily).
   */
  coverageAt(position: number, counted: readonly boolean[]): number {
    const slot = this.slots[position] as number;
    const seen = new Uint8Array(this.queryTerms.length);
    let matched = 0;
    this.specs.forEach((spec, bit) => {
      if (
        counted[spec.distinct] === true &&
        seen[spec.distinct] === 0 &&
        ((this.masks[slot * this.words + (bit >>> 5)] as number) >>> (bit & 31)) & 1
      ) {
        seen[spec.distinct] = 1;
        matched++;
      }
    });
    return matched;
  }

  /**
   * MiniSearch's match info of the document at this position: each index term it matched →
   * the fields it matched in, in MiniSearch's order (query term order; within a term the
   * term itself, its prefix matches, its fuzzy matches; fields in field order).
   */
  matchAt(position: number): MatchInfo {
    const slot = this.slots[position] as number;
    const match = new Map<string, string[]>();
    for (const spec of this.specs) {
      for (const { term, data } of spec.derived) {
        let fields: string[] | undefined;
        for (const field of this.fields) {
          if (data.get(field.id)?.has(slot) !== true) continue;
          fields ??= [];
          fields.push(field.name);
        }
        // A later query term's entry replaces an earlier one (MiniSearch's `Object.assign`).
        if (fields !== undefined) match.set(term, fields);
      }
    }
    return Object.fromEntries(match);
  }
}

/**
 * Scores queries over one MiniSearch index. Holds the per-document field lengths (copied
 * from MiniSearch as documents are added, so scoring reads typed arrays, not a `Map` per
 * posting) and scratch arrays reused from query to query. Not re-entrant (a query runs to
 * completion before the next starts, as JavaScript does).
 */
export class TextScorer {
  private readonly data: MiniSearchInternals;
  private readonly fields: { name: string; id: number }[];
  /** Field lengths (in terms) by field position, then short id. */
  private fieldLengths: Float64Array[];
  private capacity = 0;
  private stamp = new Uint32Array(0);
  private epoch = 0;
  private specStamp = new Uint32Array(0);
  private specEpoch = 0;
  private total = new Float64Array(0);
  private specScore = new Float64Array(0);
  private specHits = new Uint32Array(0);
  private touched = new Int32Array(0);
  private specTouched = new Int32Array(0);
  private masks = new Uint32Array(0);
  private readonly scratch: ScratchArrays;
  /**
   * Long posting lists as typed arrays, by the engine's posting `Map` (iterating a `Map` of a
   * common word's 200k postings is most of a query's time; a typed array is several times
   * faster). Cleared whenever the index changes ({@link TextScorer.invalidate}).
   */
  private readonly postingCache = new LRUCache<Map<number, number>, PostingArrays>({
    maxSize: CACHED_POSTINGS_MAX,
    sizeCalculation: (postings) => Math.max(1, postings.slots.length),
  });

  /**
   * @param engine - the MiniSearch index
   * @param fieldNames - the indexed fields, in MiniSearch's field order
   * @param scratch - where the arrays of a result live (valid until the next query)
   */
  constructor(engine: MiniSearch<unknown>, fieldNames: readonly string[], scratch: ScratchArrays) {
    this.data = new MiniSearchInternals(engine);
    this.scratch = scratch;
    this.fields = fieldNames.map((name) => {
      const id = this.data.fieldId(name);
      if (id === undefined) throw new Error(`@pollinate/search: the engine does not index the field ${name}`);
      return { name, id };
    });
    this.fieldLengths = this.fields.map(() => new Float64Array(0));
  }

  /** Whether some indexed document holds exactly this term. */
  hasTerm(term: string): boolean {
    return this.data.terms.has(term);
  }

  /** Whether some indexed term starts with this prefix (the term itself included). */
  hasPrefix(prefix: string): boolean {
    return this.data.terms.atPrefix(prefix).keys().next().done !== true;
  }

  /** Forgets the cached posting lists: call after any change to the engine (add, remove). */
  invalidate(): void {
    if (this.postingCache.size > 0) this.postingCache.clear();
  }

  /**
   * The posting list as typed arrays with each posting's BM25+ when it is long enough to be
   * worth caching. The scores depend on the document count and field lengths, which change
   * only with the index, and then the cache is cleared.
   */
  private postingArrays(
    frequencies: Map<number, number>,
    scoring: PostingScoring,
  ): PostingArrays | undefined {
    if (frequencies.size < CACHED_POSTINGS_MIN) return undefined;
    let arrays = this.postingCache.get(frequencies);
    if (arrays === undefined) {
      arrays = readPostings(
        frequencies,
        scoring,
        new Int32Array(frequencies.size),
        new Float64Array(frequencies.size),
      );
      this.postingCache.set(frequencies, arrays);
    }
    return arrays;
  }

  /** Copies the field lengths of a document just added to the engine; returns its short id. */
  admit(id: string): number {
    this.invalidate();
    const slot = this.data.shortId(id);
    if (slot === undefined) throw new Error(`@pollinate/search: ${id} is not in the engine`);
    this.reserve(slot + 1);
    const lengths = this.data.fieldLengths(slot) ?? [];
    this.fields.forEach((field, position) => {
      (this.fieldLengths[position] as Float64Array)[slot] = lengths[field.id] ?? 0;
    });
    return slot;
  }

  private reserve(size: number): void {
    if (size <= this.capacity) return;
    const capacity = grownCapacity(this.capacity, size);
    this.fieldLengths = this.fieldLengths.map((lengths) => grown(lengths, capacity));
    this.stamp = grown(this.stamp, capacity);
    this.specStamp = grown(this.specStamp, capacity);
    // Per-query scratch: nothing to keep.
    this.total = new Float64Array(capacity);
    this.specScore = new Float64Array(capacity);
    this.specHits = new Uint32Array(capacity);
    this.touched = new Int32Array(capacity);
    this.specTouched = new Int32Array(capacity);
    this.masks = new Uint32Array(capacity);
    this.capacity = capacity;
  }

  /**
   * Scores a query: per term its exact, prefix and fuzzy matches, BM25+ per field with the
   * boosts, combined with OR or AND.
   *
   * @param terms - the query's terms as the index sees them (tokenized and processed as
   *   MiniSearch does)
   * @param options - {@link TextQueryOptions}
   * @returns the matched documents and their scores
   */
  score(terms: readonly string[], options: TextQueryOptions): TextScores {
    const tree = this.data.terms;
    const distinct: string[] = [];
    const bitOf = new Map<string, number>();
    for (const term of terms)
      if (!bitOf.has(term)) {
        bitOf.set(term, distinct.length);
        distinct.push(term);
      }
    // One bit per query term (position), so the order in which terms matched can be rebuilt.
    const words = Math.max(1, Math.ceil(terms.length / 32));
    if (this.masks.length < this.capacity * words) this.masks = new Uint32Array(this.capacity * words);
    this.epoch = this.nextEpoch(this.epoch, this.stamp);
    let touchedCount = 0;
    const termMatched = distinct.map(() => false);
    const specs: QuerySpec[] = [];
    const all = [...terms];
    terms.forEach((term, position) => {
      const bit = position;
      const distinctPosition = bitOf.get(term) as number;
      const derived: QuerySpec['derived'] = [];
      const exact = tree.get(term);
      if (exact !== undefined) derived.push({ term, data: exact });
      const weights: number[] = exact === undefined ? [] : [1];
      let fuzzyMatches: Map<string, [FieldTermData, number]> | undefined;
      const fuzzy = options.fuzzy(term, position, all);
      if (fuzzy) {
        const maxDistance = fuzzy < 1 ? Math.min(options.maxFuzzy, Math.round(term.length * fuzzy)) : fuzzy;
        if (maxDistance) fuzzyMatches = tree.fuzzyGet(term, maxDistance);
      }
      if (options.prefix(term, position, all)) {
        for (const [indexTerm, data] of tree.atPrefix(term)) {
          const distance = indexTerm.length - term.length;
          if (!distance) continue;
          fuzzyMatches?.delete(indexTerm);
          derived.push({ term: indexTerm, data });
          weights.push((PREFIX_WEIGHT * indexTerm.length) / (indexTerm.length + 0.3 * distance));
        }
      }
      if (fuzzyMatches !== undefined)
        for (const [indexTerm, [data, distance]] of fuzzyMatches) {
          if (!distance) continue;
          derived.push({ term: indexTerm, data });
          weights.push((FUZZY_WEIGHT * indexTerm.length) / (indexTerm.length + distance));
        }
      specs.push({ term, distinct: distinctPosition, derived });
      // This term's score per document, summed as MiniSearch sums it (term by term, field by
      // field), then added to the documents' totals (MiniSearch's OR / AND combination).
      // While no document has a total yet, the term's scores are the totals: summed there.
      const first = touchedCount === 0;
      if (!first) this.specEpoch = this.nextEpoch(this.specEpoch, this.specStamp);
      const target: PostingTarget = first
        ? { stamp: this.stamp, epoch: this.epoch, scores: this.total, touched: this.touched }
        : { stamp: this.specStamp, epoch: this.specEpoch, scores: this.specScore, touched: this.specTouched };
      let specCount = 0;
      derived.forEach(({ data }, index) => {
        specCount = this.addPostings(data, weights[index] as number, options.boost, target, specCount);
      });
      if (specCount > 0) termMatched[distinctPosition] = true;
      const countHits = options.combineWith === 'and';
      touchedCount = first
        ? this.markFirstTerm(specCount, bit, words, countHits)
        : this.mergeTerm(specCount, bit, words, touchedCount, countHits);
    });
    return this.collect(touchedCount, options.combineWith === 'and' ? terms.length : 0, words, {
      repeated: distinct.length < terms.length,
      queryTerms: distinct,
      termMatched,
      specs,
    });
  }

  /** Sets the masks (and hit counts) of the documents the query's first matching term touched; returns their count. */
  private markFirstTerm(count: number, bit: number, words: number, countHits: boolean): number {
    const { touched, masks, specHits } = this;
    const word = bit >>> 5;
    const flag = 1 << (bit & 31);
    for (let index = 0; index < count; index++) {
      const slot = touched[index] as number;
      for (let w = 0; w < words; w++) masks[slot * words + w] = w === word ? flag : 0;
      if (countHits) specHits[slot] = 1;
    }
    return count;
  }

  /**
   * Adds the current query term's scores to the documents' totals and sets its bit in their
   * term masks (clearing a document's mask when this query first touches it); returns the
   * new count of touched documents.
   */
  private mergeTerm(
    specCount: number,
    bit: number,
    words: number,
    touchedCount: number,
    countHits: boolean,
  ): number {
    const { stamp, total, specScore, specHits, specTouched, touched, masks } = this;
    const epoch = this.epoch;
    let count = touchedCount;
    if (words === 1 && !countHits) {
      // The common case: at most 32 query terms, OR.
      const flag = 1 << bit;
      for (let index = 0; index < specCount; index++) {
        const slot = specTouched[index] as number;
        if (stamp[slot] !== epoch) {
          stamp[slot] = epoch;
          total[slot] = specScore[slot] as number;
          masks[slot] = flag;
          touched[count++] = slot;
        } else {
          total[slot] = (total[slot] as number) + (specScore[slot] as number);
          masks[slot] = (masks[slot] as number) | flag;
        }
      }
      return count;
    }
    const word = bit >>> 5;
    const flag = 1 << (bit & 31);
    for (let index = 0; index < specCount; index++) {
      const slot = specTouched[index] as number;
      if (stamp[slot] !== epoch) {
        stamp[slot] = epoch;
        total[slot] = specScore[slot] as number;
        specHits[slot] = 1;
        for (let w = 0; w < words; w++) masks[slot * words + w] = 0;
        touched[count++] = slot;
      } else {
        total[slot] = (total[slot] as number) + (specScore[slot] as number);
        specHits[slot] = (specHits[slot] as number) + 1;
      }
      masks[slot * words + word] = (masks[slot * words + word] as number) | flag;
    }
    return count;
  }

  /** Adds one index term's BM25+ scores to the current query term's scores; returns the new touched count. */
  private addPostings(
    data: FieldTermData,
    termWeight: number,
    boost: Readonly<Record<string, number>>,
    target: PostingTarget,
    touchedCount: number,
  ): number {
    const documentCount = this.data.documentCount;
    let count = touchedCount;
    this.fields.forEach((field, position) => {
      const frequencies = data.get(field.id);
      if (frequencies === undefined) return;
      const matching = frequencies.size;
      const averageLength = this.data.averageFieldLength(field.id);
      const lengths = this.fieldLengths[position] as Float64Array;
      // MiniSearch: termWeight × termBoost (1) × fieldBoost × documentBoost (1) × BM25+.
      const factor = termWeight * (boost[field.name] || 1);
      const inverseDocumentFrequency = Math.log(1 + (documentCount - matching + 0.5) / (matching + 0.5));
      const scoring = { lengths, averageLength, inverseDocumentFrequency };
      const postings =
        this.postingArrays(frequencies, scoring) ??
        readPostings(
          frequencies,
          scoring,
          this.scratch.int32('posting slots', matching),
          this.scratch.float64('posting scores', matching),
        );
      count = accumulatePostings(postings, factor, target, count);
    });
    return count;
  }

  /** The touched documents (with AND, those matching every term) with their final scores. */
  private collect(
    touchedCount: number,
    requiredTerms: number,
    words: number,
    query: { repeated: boolean; queryTerms: string[]; termMatched: boolean[]; specs: QuerySpec[] },
  ): TextScores {
    // With a repeated query term, the distinct terms matched are counted through a stamp per term.
    const seen = query.repeated ? new Int32Array(query.queryTerms.length).fill(-1) : undefined;
    const { touched, total, specHits, masks } = this;
    let slots: Int32Array;
    if (requiredTerms === 0)
      slots = touched.subarray(0, touchedCount); // OR: every touched document
    else {
      let count = 0;
      for (let index = 0; index < touchedCount; index++)
        if (specHits[touched[index] as number] === requiredTerms) count++;
      slots = this.scratch.int32('text slots', count);
      count = 0;
      for (let index = 0; index < touchedCount; index++) {
        const slot = touched[index] as number;
        if (specHits[slot] === requiredTerms) slots[count++] = slot;
      }
    }
    const count = slots.length;
    const scores = this.scratch.float64('text scores', count);
    for (let position = 0; position < count; position++) {
      const slot = slots[position] as number;
      let matched = 0;
      if (seen === undefined)
        for (let w = 0; w < words; w++) matched += popCount(masks[slot * words + w] as number);
      else
        query.specs.forEach((spec, bit) => {
          if (
            ((masks[slot * words + (bit >>> 5)] as number) >>> (bit & 31)) & 1 &&
            seen[spec.distinct] !== position
          ) {
            seen[spec.distinct] = position;
            matched++;
          }
        });
      // MiniSearch#search: score × the number of distinct query terms matched.
      scores[position] = (total[slot] as number) * (matched || 1);
    }
    return new TextScores({
      count,
      slots,
      scores,
      masks,
      words,
      queryTerms: query.queryTerms,
      termMatched: query.termMatched,
      specs: query.specs,
      fields: this.fields,
    });
  }

  /** The next epoch of a stamp array (clearing it when the counter wraps). */
  private nextEpoch(epoch: number, stamps: Uint32Array): number {
    if (epoch < 0xfffffffe) return epoch + 1;
    stamps.fill(0);
    return 1;
  }
}

/** What the BM25+ of a posting in one field depends on besides its term frequency. */
interface PostingScoring {
  /** Field lengths by short id. */
  lengths: Float64Array;
  averageLength: number;
  inverseDocumentFrequency: number;
}

/** Reads a posting list into `slots` and `scores` (each posting's BM25+), which must hold `frequencies.size` entries. */
function readPostings(
  frequencies: Map<number, number>,
  scoring: PostingScoring,
  slots: Int32Array,
  scores: Float64Array,
): PostingArrays {
  const { lengths, averageLength, inverseDocumentFrequency } = scoring;
  let position = 0;
  frequencies.forEach((frequency, slot) => {
    slots[position] = slot;
    scores[position] = bm25Plus(frequency, lengths[slot] as number, averageLength, inverseDocumentFrequency);
    position++;
  });
  return { slots, scores };
}

/**
 * Adds `factor` × each posting's score to the target's per-document scores, stamping and
 * listing each document the first time; returns the new count of touched documents.
 */
function accumulatePostings(
  postings: PostingArrays,
  factor: number,
  target: PostingTarget,
  touchedCount: number,
): number {
  const { slots, scores: postingScores } = postings;
  const { stamp, epoch, scores, touched } = target;
  let count = touchedCount;
  for (let index = 0; index < slots.length; index++) {
    const slot = slots[index] as number;
    const weighted = factor * (postingScores[index] as number);
    if (stamp[slot] !== epoch) {
      stamp[slot] = epoch;
      scores[slot] = weighted;
      touched[count++] = slot;
    } else scores[slot] = (scores[slot] as number) + weighted;
  }
  return count;
}

function popCount(value: number): number {
  let v = value - ((value >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
