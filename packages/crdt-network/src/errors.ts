import { isErrorOf } from '@pollinate/core/helpers';
import { ConsentRequiredError, isConsentRequiredError, PollinateError } from '@pollinate/core/model';

/** Consent errors are core's (one class for the network library and the registry client), re-exported here. */
export { ConsentRequiredError, isConsentRequiredError };

/**
 * Thrown when a contribution is made for a pseudonym that was erased from the network
 * (see {@link eraseContributor}). An erased pseudonym never counts again; a deployment
 * that wants to share again must use a new pseudonym (a new salt).
 *
 * @example
 * ```ts
 * if (isContributorErasedError(error)) rotatePseudonymSalt();
 * ```
 */
export class ContributorErasedError extends PollinateError {
  /** @param message - which contribution was refused */
  constructor(message: string) {
    super('E_CONTRIBUTOR_ERASED', message);
  }
}

/** Why a sync message or a merge was refused; see {@link SyncError.reason}. */
export type SyncErrorReason =
  /** The bytes are not a Pollinate network sync message (bad envelope, truncated, not Automerge). */
  | 'malformed'
  /** The message belongs to another network (its network digest differs). */
  | 'foreign-network'
  /** The message belongs to another epoch of this network (see {@link EpochMismatchError}). */
  | 'epoch-mismatch'
  /** The message is well formed but carries a change this document schema does not allow (outside records and tombstones, wrong form). */
  | 'invalid-change'
  /** A record or tombstone is unsigned, or its signature is not that of its pseudonym (or of an operator, for a tombstone). */
  | 'forged'
  /** A change deletes a record of a pseudonym that is not erased, deletes a tombstone, or replays a superseded revision of a record. */
  | 'not-permitted'
  /** {@link syncWithPeer} gave up after `maxRoundTrips` exchanges without reaching quiescence. */
  | 'no-progress';

/**
 * Thrown when a sync message (or a document to merge) cannot be accepted. The document
 * and the sync state passed in are left exactly as they were. {@link EpochMismatchError}
 * and {@link NetworkMismatchError} are subclasses, so catching `SyncError` catches all.
 *
 * @example
 * ```ts
 * try {
 *   ({ doc, syncState } = receiveSyncMessage(doc, syncState, bytes));
 * } catch (error) {
 *   if (isSyncError(error)) respondWith(400, error.reason);
 *   else throw error;
 * }
 * ```
 */
export class SyncError extends PollinateError {
  /** The kind of failure, stable across versions. */
  readonly reason: SyncErrorReason;

  /**
   * @param reason - what kind of failure this is
   * @param message - human-readable explanation
   * @param options - `code` to override `E_SYNC` (used by subclasses) and the `cause`
   */
  constructor(reason: SyncErrorReason, message: string, options: { code?: string; cause?: unknown } = {}) {
    super(
      options.code ?? 'E_SYNC',
      message,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.reason = reason;
  }
}

/**
 * Thrown when a sync message or document belongs to a different epoch of the same network
 * (one side has compacted, see {@link compact}). The side with the lower epoch should
 * fetch the compacted document and call {@link adoptEpoch}.
 *
 * @example
 * ```ts
 * if (isEpochMismatchError(error) && error.remoteEpoch > error.localEpoch) {
 *   doc = adoptEpoch(doc, load(await fetchCompactedNetwork()));
 * }
 * ```
 */
export class EpochMismatchError extends SyncError {
  /** The epoch of the local document (integer ≥ 0). */
  readonly localEpoch: number;
  /** The epoch the message or remote document belongs to (integer ≥ 0). */
  readonly remoteEpoch: number;

  /**
   * @param localEpoch - epoch of the local document
   * @param remoteEpoch - epoch of the remote side
   */
  constructor(localEpoch: number, remoteEpoch: number) {
    super(
      'epoch-mismatch',
      `The remote side is on epoch ${remoteEpoch} of this network, the local document on epoch ${localEpoch}; ` +
        'the side on the older epoch must adopt the newer one (adoptEpoch)',
      { code: 'E_EPOCH_MISMATCH' },
    );
    this.localEpoch = localEpoch;
    this.remoteEpoch = remoteEpoch;
  }
}

/**
 * Thrown when a sync message or document belongs to a different network (a different
 * `networkId`).
 *
 * @example
 * ```ts
 * if (isNetworkMismatchError(error)) console.error('peer is configured for another network');
 * ```
 */
export class NetworkMismatchError extends SyncError {
  /** @param message - what did not match */
  constructor(message = 'The remote side belongs to a different network') {
    super('foreign-network', message, { code: 'E_NETWORK_MISMATCH' });
  }
}

/**
 * Thrown by {@link load} (and by functions given something that is not a network
 * document) when bytes or a value are not a valid Pollinate network document: not
 * Automerge, missing the network fields, or holding records this schema does not allow.
 *
 * @example
 * ```ts
 * try {
 *   doc = load(bytes);
 * } catch (error) {
 *   if (isInvalidDocumentError(error)) doc = createNetwork({ networkId });
 *   else throw error;
 * }
 * ```
 */
export class InvalidDocumentError extends PollinateError {
  /**
   * @param message - what is wrong with the document
   * @param options - standard `ErrorOptions` (`cause`)
   */
  constructor(message: string, options?: ErrorOptions) {
    super('E_INVALID_DOCUMENT', message, options);
  }
}

const SYNC_CODES = new Set(['E_SYNC', 'E_EPOCH_MISMATCH', 'E_NETWORK_MISMATCH']);

/**
 * Type guard for {@link ContributorErasedError}.
 *
 * @param error - anything caught
 * @returns `true` when a contribution was refused because its pseudonym was erased
 * @example
 * ```ts
 * if (isContributorErasedError(error)) rotatePseudonymSalt();
 * ```
 */
export function isContributorErasedError(error: unknown): error is ContributorErasedError {
  return isErrorOf(error, 'ContributorErasedError', 'E_CONTRIBUTOR_ERASED');
}

/**
 * Type guard for {@link SyncError} and its subclasses {@link EpochMismatchError} and
 * {@link NetworkMismatchError}.
 *
 * @param error - anything caught
 * @returns `true` when a sync message or merge was refused
 * @example
 * ```ts
 * if (isSyncError(error)) console.warn('sync refused:', error.reason);
 * ```
 */
export function isSyncError(error: unknown): error is SyncError {
  return (
    isErrorOf(error, ['SyncError', 'EpochMismatchError', 'NetworkMismatchError'], [...SYNC_CODES]) &&
    'reason' in error
  );
}

/**
 * Type guard for {@link EpochMismatchError}.
 *
 * @param error - anything caught
 * @returns `true` when the other side is on another epoch
 * @example
 * ```ts
 * if (isEpochMismatchError(error)) console.log(error.localEpoch, error.remoteEpoch);
 * ```
 */
export function isEpochMismatchError(error: unknown): error is EpochMismatchError {
  return isErrorOf(error, 'EpochMismatchError', 'E_EPOCH_MISMATCH');
}

/**
 * Type guard for {@link NetworkMismatchError}.
 *
 * @param error - anything caught
 * @returns `true` when the other side belongs to another network
 * @example
 * ```ts
 * if (isNetworkMismatchError(error)) dropPeer();
 * ```
 */
export function isNetworkMismatchError(error: unknown): error is NetworkMismatchError {
  return isErrorOf(error, 'NetworkMismatchError', 'E_NETWORK_MISMATCH');
}

/**
 * Type guard for {@link InvalidDocumentError}.
 *
 * @param error - anything caught
 * @returns `true` when bytes or a value are not a valid network document
 * @example
 * ```ts
 * if (isInvalidDocumentError(error)) console.error('corrupt network file');
 * ```
 */
export function isInvalidDocumentError(error: unknown): error is InvalidDocumentError {
  return isErrorOf(error, 'InvalidDocumentError', 'E_INVALID_DOCUMENT');
}
