import { ValidationError } from '@pollinate/core/model';
import type { Embedder, RelatedWords } from './embedder.js';
import { STOP_WORD_LIST } from './stop-words.js';

/**
 * A word-vector table as shipped (plain JSON-safe data): words, their frequency ranks in the
 * source model's corpus, and vectors quantized to signed bytes with one scale per word,
 * base64-encoded. The default table (`@pollinate/search/word-vectors`) is made by
 * `scripts/build-word-vectors.mjs`; {@link packWordVectors} makes one (or a subset).
 */
export interface PackedWordVectors {
  /** Where the vectors come from (model and version). */
  source: string;
  /** Vector length. */
  dimension: number;
  /** How many words the source model has (for the Zipf estimate of word probabilities). */
  modelSize: number;
  /** The words, separated by single spaces. */
  words: string;
  /** Each word's 0-based frequency rank in the source model, as base64 little-endian uint32. */
  ranks: string;
  /** Each word's quantization scale, as base64 little-endian float32. */
  scales: string;
  /** `dimension` signed bytes per word (value = byte × scale), base64. */
  vectors: string;
  /** The common component removed from every sentence vector (unit length), or empty. */
  commonComponent: readonly number[];
}

/** A decoded word-vector table (see {@link unpackWordVectors}). */
export interface WordVectorTable {
  readonly source: string;
  readonly dimension: number;
  readonly modelSize: number;
  /** word → row */
  readonly rows: ReadonlyMap<string, number>;
  readonly words: readonly string[];
  readonly ranks: Uint32Array;
  readonly scales: Float32Array;
  readonly vectors: Int8Array;
  readonly commonComponent: Float32Array;
}

const toBytes = (base64: string): Uint8Array => {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
};
const toBase64 = (bytes: Uint8Array): string => {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    text += String.fromCharCode(...bytes.subarray(i, Math.min(bytes.length, i + 0x8000)));
  return btoa(text);
};

/**
 * Decodes a {@link PackedWordVectors} table.
 *
 * @param packed - the packed table
 * @returns the decoded {@link WordVectorTable}
 * @throws `ValidationError` (from core) when the parts disagree in length
 * @example
 * ```ts
 * import { englishWordVectors } from '@pollinate/search/word-vectors';
 *
 * const table = unpackWordVectors(packWordVectors(englishWordVectors(), ['retry', 'backoff']));
 * table.words; // ['retry', 'backoff'] (in the source's frequency order)
 * ```
 */
export function unpackWordVectors(packed: PackedWordVectors): WordVectorTable {
  const words = packed.words === '' ? [] : packed.words.split(' ');
  const rankBytes = toBytes(packed.ranks);
  const scaleBytes = toBytes(packed.scales);
  const vectorBytes = toBytes(packed.vectors);
  const n = words.length;
  const issues = [];
  if (!Number.isInteger(packed.dimension) || packed.dimension < 1)
    issues.push({ path: ['dimension'], message: 'expected an integer ≥ 1' });
  if (rankBytes.length !== 4 * n) issues.push({ path: ['ranks'], message: `expected ${n} ranks` });
  if (scaleBytes.length !== 4 * n) issues.push({ path: ['scales'], message: `expected ${n} scales` });
  if (vectorBytes.length !== n * packed.dimension)
    issues.push({ path: ['vectors'], message: `expected ${n} × ${packed.dimension} bytes` });
  if (packed.commonComponent.length !== 0 && packed.commonComponent.length !== packed.dimension)
    issues.push({ path: ['commonComponent'], message: `expected ${packed.dimension} numbers or none` });
  if (issues.length > 0) throw new ValidationError(issues, 'word vectors');
  const view = new DataView(rankBytes.buffer);
  const scaleView = new DataView(scaleBytes.buffer);
  const ranks = new Uint32Array(n);
  const scales = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    ranks[i] = view.getUint32(4 * i, true);
    scales[i] = scaleView.getFloat32(4 * i, true);
  }
  return {
    source: packed.source,
    dimension: packed.dimension,
    modelSize: packed.modelSize,
    rows: new Map(words.map((word, row) => [word, row])),
    words,
    ranks,
    scales,
    vectors: new Int8Array(vectorBytes.buffer),
    commonComponent: Float32Array.from(packed.commonComponent),
  };
}

/**
 * Packs a table, or only the rows of some words (those it has), for example the vocabulary of
 * an index, so a browser receives only the vectors it needs.
 *
 * @param table - a decoded table
 * @param only - keep only these words (default: all)
 * @returns a {@link PackedWordVectors} (JSON-safe)
 * @example
 * ```ts
 * const words = listings.flatMap((listing) => `${listing.name} ${listing.description}`.toLowerCase().split(/\W+/));
 * const small = packWordVectors(table, words);
 * ```
 */
export function packWordVectors(table: WordVectorTable, only?: Iterable<string>): PackedWordVectors {
  let rows: number[];
  if (only === undefined) rows = table.words.map((_, row) => row);
  else {
    const wanted = new Set<number>();
    for (const word of only) {
      const row = table.rows.get(word);
      if (row !== undefined) wanted.add(row);
    }
    rows = [...wanted].sort((a, b) => a - b);
  }
  const { dimension } = table;
  const ranks = new Uint8Array(4 * rows.length);
  const scales = new Uint8Array(4 * rows.length);
  const vectors = new Int8Array(rows.length * dimension);
  const rankView = new DataView(ranks.buffer);
  const scaleView = new DataView(scales.buffer);
  rows.forEach((row, position) => {
    rankView.setUint32(4 * position, table.ranks[row] as number, true);
    scaleView.setFloat32(4 * position, table.scales[row] as number, true);
    vectors.set(table.vectors.subarray(row * dimension, (row + 1) * dimension), position * dimension);
  });
  return {
    source: table.source,
    dimension,
    modelSize: table.modelSize,
    words: rows.map((row) => table.words[row]).join(' '),
    ranks: toBase64(ranks),
    scales: toBase64(scales),
    vectors: toBase64(new Uint8Array(vectors.buffer)),
    commonComponent: Array.from(table.commonComponent),
  };
}

/** Options of {@link createWordVectorEmbedder}. */
export interface WordVectorEmbedderOptions {
  /**
   * SIF's smoothing constant `a` in the word weight `a / (a + p(w))` (Arora, Liang & Ma, "A
   * Simple but Tough-to-Beat Baseline for Sentence Embeddings", ICLR 2017). `p(w)` is
   * estimated from the word's frequency rank `r` in the source corpus by Zipf's law,
   * `p(w) = 1 / ((r + 1) · H)` with `H = ln(modelSize) + 0.5772` (the harmonic number).
   * A finite number > 0.
   * @default 0.001
   */
  sifA?: number;
}

const STOP = new Set(STOP_WORD_LIST);
/** The words of a text as the word-vector embedder sees them: lowercased letters and digits. */
export function embeddingWords(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '' && !STOP.has(word));
}

/**
 * The default kind of {@link Embedder}: smooth-inverse-frequency (SIF) weighted averages of
 * word vectors with the common component removed (Arora et al., ICLR 2017). Words are
 * lowercased runs of letters and digits; English stop words (the `stopword` package's list)
 * and words the table lacks are skipped; a text with no known word gets the zero vector.
 * Pure and deterministic; runs anywhere (no I/O, no download).
 *
 * @param table - a decoded word-vector table, e.g. `englishWordVectors()` from
 *   `@pollinate/search/word-vectors` (25,179 GloVe words, 100 dimensions)
 * @param options - {@link WordVectorEmbedderOptions}
 * @returns an {@link Embedder} whose `id` names the table's source and its size
 * @throws `ValidationError` (from core) when `sifA` is not a finite number > 0
 * @example
 * ```ts
 * import { englishWordVectors } from '@pollinate/search/word-vectors';
 *
 * const embedder = createWordVectorEmbedder(englishWordVectors());
 * const [a, b] = embedder.embed(['throttle requests', 'rate limiting']);
 * ```
 */
export function createWordVectorEmbedder(
  table: WordVectorTable,
  options: WordVectorEmbedderOptions = {},
): Embedder & { readonly table: WordVectorTable } {
  const a = options.sifA ?? 1e-3;
  if (!(Number.isFinite(a) && a > 0))
    throw new ValidationError(
      [{ path: ['sifA'], message: 'expected a finite number > 0' }],
      'embedder options',
    );
  const { dimension, vectors, scales, rows, commonComponent } = table;
  const harmonic = Math.log(Math.max(2, table.modelSize)) + 0.5772156649;
  const weights = new Float32Array(table.words.length);
  for (let row = 0; row < weights.length; row++) {
    const probability = 1 / (((table.ranks[row] as number) + 1) * harmonic);
    weights[row] = a / (a + probability);
  }
  const wordVector = (row: number): Float32Array => {
    const out = new Float32Array(dimension);
    const scale = scales[row] as number;
    for (let d = 0; d < dimension; d++) out[d] = (vectors[row * dimension + d] as number) * scale;
    return out;
  };
  const embedOne = (text: string): Float32Array => {
    const sum = new Float32Array(dimension);
    let known = 0;
    for (const word of embeddingWords(text)) {
      const row = rows.get(word);
      if (row === undefined) continue;
      known++;
      const weight = (weights[row] as number) * (scales[row] as number);
      const offset = row * dimension;
      for (let d = 0; d < dimension; d++)
        sum[d] = (sum[d] as number) + weight * (vectors[offset + d] as number);
    }
    if (known === 0) return sum;
    if (commonComponent.length === dimension) {
      let dot = 0;
      for (let d = 0; d < dimension; d++) dot += (sum[d] as number) * (commonComponent[d] as number);
      for (let d = 0; d < dimension; d++) sum[d] = (sum[d] as number) - dot * (commonComponent[d] as number);
    }
    for (let d = 0; d < dimension; d++) sum[d] = (sum[d] as number) / known;
    return sum;
  };
  const cosine = (x: Float32Array, y: Float32Array): number => {
    let dot = 0;
    let nx = 0;
    let ny = 0;
    for (let d = 0; d < dimension; d++) {
      dot += (x[d] as number) * (y[d] as number);
      nx += (x[d] as number) ** 2;
      ny += (y[d] as number) ** 2;
    }
    return nx === 0 || ny === 0 ? 0 : dot / Math.sqrt(nx * ny);
  };
  return {
    id: `sif:${table.source}:${table.words.length}`,
    dimension,
    table,
    embed: (texts) => texts.map(embedOne),
    similarity(query, text) {
      // Each content query word aligned with its closest text word, weighted by SIF (a soft
      // word-overlap in the spirit of BERTScore's greedy matching, Zhang et al., ICLR 2020).
      const textVectors = [...new Set(embeddingWords(text))].flatMap((word) => {
        const row = rows.get(word);
        return row === undefined ? [] : [wordVector(row)];
      });
      if (textVectors.length === 0) return 0;
      let sum = 0;
      let weightSum = 0;
      for (const word of new Set(embeddingWords(query))) {
        const row = rows.get(word);
        if (row === undefined) continue;
        const own = wordVector(row);
        let best = -1;
        for (const other of textVectors) best = Math.max(best, cosine(own, other));
        sum += (weights[row] as number) * best;
        weightSum += weights[row] as number;
      }
      return weightSum === 0 ? 0 : sum / weightSum;
    },
    relate(query, text, limit) {
      const textRows = [...new Set(embeddingWords(text))].flatMap((word) => {
        const row = rows.get(word);
        return row === undefined || (weights[row] as number) < 0.5 ? [] : [{ word, vector: wordVector(row) }];
      });
      const pairs: RelatedWords[] = [];
      for (const word of new Set(embeddingWords(query))) {
        const row = rows.get(word);
        // Words so frequent that SIF gives them less than half their weight carry little meaning.
        if (row === undefined || (weights[row] as number) < 0.5) continue;
        const own = wordVector(row);
        let best: RelatedWords | undefined;
        for (const other of textRows) {
          const similarity = other.word === word ? 1 : cosine(own, other.vector);
          if (best === undefined || similarity > best.similarity)
            best = { query: word, text: other.word, similarity };
        }
        if (best !== undefined) pairs.push(best);
      }
      pairs.sort((x, y) => y.similarity - x.similarity || (x.query < y.query ? -1 : 1));
      return pairs.slice(0, limit);
    },
  };
}
