import { isErrorOf } from '@pollinate/core/helpers';
import { PollinateError } from '@pollinate/core/model';

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
 * Type guard for {@link DuplicateListingError}: checks `name` and `code`, not class identity, so it works
 * across package copies (ESM and CJS builds loaded together).
 *
 * @param error - anything caught
 * @returns `true` when a listing id was already in the index
 * @example
 * ```ts
 * if (isDuplicateListingError(error)) console.log(error.listingId);
 * ```
 */
export function isDuplicateListingError(error: unknown): error is DuplicateListingError {
  return isErrorOf(error, 'DuplicateListingError', 'E_DUPLICATE_LISTING');
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
 * Type guard for {@link ListingNotFoundError}: checks `name` and `code`, not class identity, so it works
 * across package copies (ESM and CJS builds loaded together).
 *
 * @param error - anything caught
 * @returns `true` when no listing with the id was in the index
 * @example
 * ```ts
 * if (isListingNotFoundError(error)) console.log(error.listingId);
 * ```
 */
export function isListingNotFoundError(error: unknown): error is ListingNotFoundError {
  return isErrorOf(error, 'ListingNotFoundError', 'E_LISTING_NOT_FOUND');
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

/**
 * Type guard for {@link IndexFormatError}: checks `name` and `code`, not class identity, so it works
 * across package copies (ESM and CJS builds loaded together).
 *
 * @param error - anything caught
 * @returns `true` when a serialized index could not be loaded
 * @example
 * ```ts
 * if (isIndexFormatError(error)) console.error(error.message);
 * ```
 */
export function isIndexFormatError(error: unknown): error is IndexFormatError {
  return isErrorOf(error, 'IndexFormatError', 'E_INDEX_FORMAT');
}
