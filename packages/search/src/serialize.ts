import { type Listing, ListingSchema, parseWith, ValidationError } from '@pollinate/core';
import MiniSearch from 'minisearch';
import { z } from 'zod';
import { IndexFormatError } from './errors.js';
import { engineOptions, IndexOptionsSchema, SearchIndex } from './search-index.js';

/** The `format` tag of a serialized index. */
export const INDEX_FORMAT = 'pollinate-search-index';
/** The version of the serialized form this package writes and reads. */
export const INDEX_FORMAT_VERSION = 1;

/**
 * Serializes an index to a JSON string: the options, the listings and MiniSearch's own
 * serialized index (so loading skips tokenizing). Does not change the index.
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
  return JSON.stringify({
    format: INDEX_FORMAT,
    version: INDEX_FORMAT_VERSION,
    options: index.options,
    listings: [...index.listings()],
    engine: index.engine.toJSON(),
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
});

/** Options of {@link loadIndex}. */
export interface LoadIndexOptions {
  /**
   * Validate every listing with core's `ListingSchema`. `false` skips it for text this
   * program wrote itself (faster start-up). Default: the `validate` option stored in the
   * index (default `true`).
   */
  validate?: boolean;
}

/**
 * Loads an index written by {@link serializeIndex}. The loaded index gives the same results
 * as the one serialized, and can be changed with {@link add}, {@link remove} and
 * {@link replace}.
 *
 * @param json - the serialized index
 * @param options - {@link LoadIndexOptions}
 * @returns a new {@link SearchIndex}
 * @throws {@link IndexFormatError} when the text is not JSON, not a serialized index of
 *   this format version, or inconsistent (listings and full-text index disagree)
 * @throws `ValidationError` (from core) when a stored listing or the stored options are malformed
 * @example
 * ```ts
 * const index = loadIndex(await readFile('index.json', 'utf8'));
 * ```
 */
export function loadIndex(json: string, options: LoadIndexOptions = {}): SearchIndex {
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
  const validate = options.validate ?? resolved.validate;
  const listings: Listing[] = validate
    ? parseWith(z.array(ListingSchema), stored.listings, 'listings')
    : (stored.listings as Listing[]);
  const ids = new Set<string>();
  for (const listing of listings) {
    if (typeof listing?.id !== 'string' || ids.has(listing.id))
      throw new IndexFormatError('The stored listings have a missing or repeated id');
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
  const index = new SearchIndex(resolved, engine);
  for (const listing of listings) index.track(listing);
  return index;
}
