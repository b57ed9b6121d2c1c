import { parseWith } from '@pollinate/core/helpers';
import { type Listing, ListingSchema, ValidationError } from '@pollinate/core/model';
import MiniSearch from 'minisearch';
import * as z from 'zod';
import type { Embedder } from './embedder.js';
import { IndexFormatError } from './errors.js';
import {
  atPosition,
  checkEmbedder,
  engineOptions,
  IndexOptionsSchema,
  parseBulkListing,
  SearchIndex,
} from './search-index.js';
import { listingText } from './semantic.js';
import {
  createWordVectorEmbedder,
  embeddingWords,
  type PackedWordVectors,
  packWordVectors,
  unpackWordVectors,
  type WordVectorTable,
} from './word-vectors.js';

/**
 * The `format` tag of a serialized index.
 *
 * @example
 * ```ts
 * JSON.parse(serializeIndex(index)).format === INDEX_FORMAT; // true
 * ```
 */
export const INDEX_FORMAT = 'pollinate-search-index';
/**
 * The version of the serialized form this package writes and reads; {@link loadIndex}
 * refuses any other with an {@link IndexFormatError}.
 *
 * @example
 * ```ts
 * JSON.parse(serializeIndex(index)).version === INDEX_FORMAT_VERSION; // true
 * ```
 */
export const INDEX_FORMAT_VERSION = 1;

/**
 * Serializes an index to a JSON string: the options, the listings (fields that hold their
 * schema default are left out; loading fills them in again) and MiniSearch's own serialized
 * index (so loading skips tokenizing). Does not change the index.
 *
 * @param index - the index
 * @returns JSON text for {@link loadIndex}
 * @example
 * ```ts
 * const json = serializeIndex(index);
 * const again = loadIndex(json); // same results as index
 * ```
 */
export function serializeIndex(index: SearchIndex): string {
  const embedder = index.embedder as (Embedder & { table?: WordVectorTable }) | undefined;
  let semantic: { embedder: string; wordVectors?: PackedWordVectors } | undefined;
  if (embedder !== undefined) {
    semantic = { embedder: embedder.id };
    // A word-vector model travels with the index, cut down to the words its listings use.
    if (embedder.table !== undefined) {
      const vocabulary = new Set<string>();
      for (const listing of index.listings())
        for (const word of embeddingWords(listingText(listing))) vocabulary.add(word);
      semantic.wordVectors = packWordVectors(embedder.table, vocabulary);
    }
  }
  return JSON.stringify({
    format: INDEX_FORMAT,
    version: INDEX_FORMAT_VERSION,
    options: index.options,
    listings: [...index.listings()].map(compactListing),
    engine: index.engine.toJSON(),
    ...(semantic === undefined ? {} : { semantic }),
  });
}

const EnvelopeSchema = z.strictObject({
  format: z.literal(INDEX_FORMAT),
  version: z.literal(INDEX_FORMAT_VERSION),
  options: z.unknown(),
  listings: z.array(z.unknown()),
  engine: z.looseObject({
    documentCount: z.number().int().min(0),
    documentIds: z.record(z.string(), z.unknown()),
    serializationVersion: z.number(),
  }),
  semantic: z
    .strictObject({
      embedder: z.string(),
      wordVectors: z
        .strictObject({
          source: z.string(),
          dimension: z.number().int().min(1).max(10_000),
          modelSize: z.number().int().min(1),
          words: z.string(),
          ranks: z.string(),
          scales: z.string(),
          vectors: z.string(),
          commonComponent: z.array(z.number().finite()),
        })
        .optional(),
    })
    .optional(),
});

/** Options of {@link loadIndex}. */
export interface LoadIndexOptions {
  /**
   * The embedder of an index serialized with one. A word-vector embedder travels with the
   * index (only the vectors of its listings' words), so it need not be given again; any other
   * embedder must be, or the loaded index answers keyword queries only.
   * @default the stored word vectors, if any
   */
  embedder?: Embedder;
}

/**
 * Loads an index written by {@link serializeIndex}. The loaded index gives the same results
 * as the one serialized, and can be changed with {@link add}, {@link remove} and
 * {@link replace}.
 *
 * Every stored listing is parsed with core's `ListingSchema` (which also fills in the fields
 * left out), so a tampered file cannot put invalid data in the index.
 *
 * @param json - the serialized index
 * @returns a new {@link SearchIndex}
 * @throws {@link IndexFormatError} when the text is not JSON, not a serialized index of
 *   this format version, or inconsistent (listings and full-text index disagree)
 * @throws `ValidationError` (from core) when a stored listing or the stored options are malformed
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 *
 * const index = loadIndex(await readFile('index.json', 'utf8'));
 * ```
 */
export function loadIndex(json: string, options: LoadIndexOptions = {}): SearchIndex {
  checkEmbedder(options.embedder);
  if (typeof json !== 'string') throw new IndexFormatError('A serialized index must be a string');
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw new IndexFormatError('A serialized index must be JSON', { cause: error });
  }
  const envelope = EnvelopeSchema.safeParse(raw);
  if (!envelope.success)
    throw new IndexFormatError(
      `Not a serialized index of format ${INDEX_FORMAT} version ${INDEX_FORMAT_VERSION}: ` +
        ValidationError.fromZod(envelope.error).message,
    );
  const stored = envelope.data;
  const resolved = parseWith(IndexOptionsSchema, stored.options, 'index options');
  // Each parsed by core (frozen, like every listing an index holds), with its compiled parser.
  const listings: Listing[] = stored.listings.map((listing, position) =>
    atPosition(position, () => parseBulkListing(listing)),
  );
  const ids = new Set<string>();
  for (const listing of listings) {
    if (ids.has(listing.id)) throw new IndexFormatError(`The stored listings repeat the id ${listing.id}`);
    ids.add(listing.id);
  }
  const engineIds = Object.values(stored.engine.documentIds);
  if (
    stored.engine.documentCount !== listings.length ||
    engineIds.length !== listings.length ||
    engineIds.some((id) => typeof id !== 'string' || !ids.has(id))
  )
    throw new IndexFormatError('The full-text index and the stored listings disagree');
  let engine: MiniSearch<Listing>;
  try {
    engine = MiniSearch.loadJS<Listing>(
      stored.engine as unknown as Parameters<typeof MiniSearch.loadJS>[0],
      engineOptions(resolved),
    );
  } catch (error) {
    throw new IndexFormatError('The full-text index cannot be read', { cause: error });
  }
  const wordVectors = stored.semantic?.wordVectors;
  let embedder = options.embedder;
  if (embedder === undefined && wordVectors !== undefined) {
    try {
      embedder = createWordVectorEmbedder(unpackWordVectors(wordVectors));
    } catch (error) {
      throw new IndexFormatError('The stored word vectors cannot be read', { cause: error });
    }
  }
  const index = new SearchIndex(resolved, engine, embedder);
  const vectors = index.semantic?.embedListings(listings);
  listings.forEach((listing, position) => {
    index.track(listing, vectors?.[position]);
  });
  return index;
}

/** A listing with every field that holds its schema default, as `parseListing` fills it in. */
const DEFAULTS = ListingSchema.parse({
  id: 'a/b',
  name: 'b',
  version: '1.0.0',
  publisher: { id: 'a', name: 'a' },
  category: 'b',
  license: 'MIT',
  publishedAt: '2026-01-01T00:00:00Z',
}) as unknown as Record<string, unknown>;
const DEFAULTED_KEYS = [
  'description',
  'tags',
  'pricing',
  'support',
  'guarantees',
  'dependencies',
  'compatibility',
  'metadata',
] as const;
const DEFAULT_JSON = new Map(DEFAULTED_KEYS.map((key) => [key, JSON.stringify(DEFAULTS[key])]));

/** Leaves out top-level fields equal to their default and zero adoption counters (all restored by parsing). */
function compactListing(listing: Listing): Record<string, unknown> {
  const out: Record<string, unknown> = { ...listing };
  for (const key of DEFAULTED_KEYS) if (JSON.stringify(out[key]) === DEFAULT_JSON.get(key)) delete out[key];
  const adoption: Record<string, number> = {};
  for (const [key, value] of Object.entries(listing.adoption)) if (value !== 0) adoption[key] = value;
  if (Object.keys(adoption).length === 0) delete out['adoption'];
  else out['adoption'] = adoption;
  return out;
}
