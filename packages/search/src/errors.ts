import { PollinateError } from '@pollinate/core';

/**
 * Thrown by {@link add} (and {@link createIndex}) when a listing with the same id is already
 * in the index. The index is left unchanged.
 *
 * @example
 * ```ts
 * try {
 *   add(index, listing);
 * } catch (error) {
 *   if (error instanceof DuplicateListingError) replace(index, listing);
 * }
 * ```
 */
export class DuplicateListingError extends PollinateError {
  /** The id that is already indexed. */
  readonly listingId: string;

  /** @param listingId - the id that is already indexed */
  constructor(listingId: string) {
    super('E_DUPLICATE_LISTING', `A listing with id "${listingId}" is already in the index`);
    this.listingId = listingId;
  }
}

/**
 * Thrown by {@link remove} and {@link replace} when no listing with the given id is in the
 * index. The index is left unchanged.
 *
 * @example
 * ```ts
 * try {
 *   remove(index, 'acme/gone');
 * } catch (error) {
 *   if (error instanceof ListingNotFoundError) console.warn(error.listingId, 'was not indexed');
 * }
 * ```
 */
export class ListingNotFoundError extends PollinateError {
  /** The id that was asked for. */
  readonly listingId: string;

  /** @param listingId - the id that was asked for */
  constructor(listingId: string) {
    super('E_LISTING_NOT_FOUND', `No listing with id "${listingId}" is in the index`);
    this.listingId = listingId;
  }
}

/**
 * Thrown by {@link loadIndex} when the text is not a serialized index this version can read
 * (not JSON, another format, an unsupported format version, or an inconsistent payload).
 * Malformed listings inside an otherwise readable index throw core's `ValidationError`
 * instead.
 *
 * @example
 * ```ts
 * try {
 *   index = loadIndex(cached);
 * } catch (error) {
 *   if (error instanceof IndexFormatError) index = createIndex(listings);
 * }
 * ```
 */
export class IndexFormatError extends PollinateError {
  /** @param message - what is wrong with the serialized index */
  constructor(message: string, options?: ErrorOptions) {
    super('E_INDEX_FORMAT', message, options);
  }
}
