import { ValidationError } from '@pollinate/core/model';

/**
 * Turns texts into dense vectors for semantic matching. An embedder is pluggable: the index
 * calls it for every listing when built (and on `add`/`replace`) and for the query text when
 * searching, then ranks listings by the cosine of the vectors and fuses that ranking with BM25
 * by reciprocal rank fusion (see the package README, *Hybrid search*).
 *
 * Contract: `embed` is deterministic (the same text gives the same vector, whatever the
 * other texts of the call), returns one vector of `dimension` finite numbers per text in
 * order, and may return an all-zero vector for a text it knows nothing about (such a listing
 * or query takes no part in semantic ranking). Synchronous, so search stays synchronous.
 *
 * @example
 * ```ts
 * import { createWordVectorEmbedder } from '@pollinate/search';
 * import { englishWordVectors } from '@pollinate/search/word-vectors';
 *
 * const embedder: Embedder = createWordVectorEmbedder(englishWordVectors());
 * const [vector] = embedder.embed(['throttle requests per client']);
 * vector?.length === embedder.dimension; // true (100)
 * ```
 */
export interface Embedder {
  /** A stable name of the model and its data (stored with a serialized index). */
  readonly id: string;
  /** Length of every vector `embed` returns (an integer ≥ 1). */
  readonly dimension: number;
  /** One vector per text, in order. */
  embed(texts: readonly string[]): Float32Array[];
  /**
   * Optional: the pairs of words that make a query and a text close (query word, text word,
   * cosine on [−1, 1]), best first, at most `limit`; used to explain semantic matches.
   */
  relate?(query: string, text: string, limit: number): RelatedWords[];
  /**
   * Optional: a finer query–text similarity on [−1, 1] than the cosine of the two vectors,
   * used to re-rank the nearest vectors (the word-vector embedder aligns each query word with
   * its closest word of the text).
   */
  similarity?(query: string, text: string): number;
}

/** A query word and the text word closest to it in the embedding space. */
export interface RelatedWords {
  /** The word of the query. */
  query: string;
  /** The word of the listing text closest to it. */
  text: string;
  /** Their cosine similarity, on [−1, 1] (1: the same word). */
  similarity: number;
}

/**
 * Calls an embedder and checks what it returned: one vector per text, each of the
 * embedder's dimension with finite entries; returns them as unit vectors (zero stays zero).
 */
export function embedNormalized(embedder: Embedder, texts: readonly string[]): Float32Array[] {
  return checkedEmbeddings(embedder, texts).map((vector, position) => {
    const norm = squaredNorm(vector, position);
    const out = new Float32Array(vector.length);
    if (norm === 0) return out;
    const inverse = 1 / Math.sqrt(norm);
    for (let d = 0; d < vector.length; d++) out[d] = (vector[d] as number) * inverse;
    return out;
  });
}

/**
 * @internal Calls an embedder and checks the shape of what it returned: one `Float32Array` of
 * the embedder's dimension per text (entries are checked by {@link squaredNorm}).
 */
export function checkedEmbeddings(embedder: Embedder, texts: readonly string[]): Float32Array[] {
  const vectors = embedder.embed(texts);
  if (!Array.isArray(vectors) || vectors.length !== texts.length)
    throw new ValidationError(
      [
        {
          path: [],
          message: `embedder ${embedder.id} returned ${String(vectors?.length)} vectors for ${texts.length} texts`,
        },
      ],
      'embedding',
    );
  vectors.forEach((vector, position) => {
    if (!(vector instanceof Float32Array) || vector.length !== embedder.dimension)
      throw new ValidationError(
        [{ path: [position], message: `expected a Float32Array of length ${embedder.dimension}` }],
        'embedding',
      );
  });
  return vectors;
}

/** @internal The squared length of the vector at `position`; throws on an entry that is not finite. */
export function squaredNorm(vector: Float32Array, position: number): number {
  let norm = 0;
  for (let d = 0; d < vector.length; d++) {
    const value = vector[d] as number;
    if (!Number.isFinite(value))
      throw new ValidationError([{ path: [position, d], message: 'not a finite number' }], 'embedding');
    norm += value * value;
  }
  return norm;
}
