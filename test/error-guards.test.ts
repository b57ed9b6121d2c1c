// Every error class of the packages beyond core has a type guard that checks `name` and
// `code`, so it recognizes the error when two copies of a package are loaded (an ESM and a
// CJS build), where `instanceof` fails. Core's own guards: packages/core/src/error-guards.test.ts.
import { isResidualIdentifierError, ResidualIdentifierError } from '@pollinate/anonymize';
import {
  ConflictError,
  ForbiddenError,
  isConflictError,
  isForbiddenError,
  isNetworkError,
  isNotFoundError,
  isRateLimitedError,
  isRegistryError,
  isRegistryValidationError,
  isResponseFormatError,
  isTimeoutError,
  isUnauthorizedError,
  NetworkError,
  NotFoundError,
  RateLimitedError,
  RegistryError,
  RegistryValidationError,
  ResponseFormatError,
  TimeoutError,
  UnauthorizedError,
} from '@pollinate/client';
import {
  DependencyResolutionError,
  FingerprintMismatchError,
  isDependencyResolutionError,
  isFingerprintMismatchError,
} from '@pollinate/client/install';
import * as core from '@pollinate/core';
import {
  ContributorErasedError,
  EpochMismatchError,
  InvalidDocumentError,
  isConsentRequiredError,
  isContributorErasedError,
  isEpochMismatchError,
  isInvalidDocumentError,
  isNetworkMismatchError,
  isSyncError,
  NetworkMismatchError,
  SyncError,
} from '@pollinate/crdt-network';
import { isStoreError, StoreError } from '@pollinate/registry-store';
import {
  DuplicateListingError,
  IndexFormatError,
  isDuplicateListingError,
  isIndexFormatError,
  isListingNotFoundError,
  ListingNotFoundError,
} from '@pollinate/search';
import { describe, expect, it } from 'vitest';
import { fromAnotherCopy, withCode, withName } from '../packages/core/src/testing/error-copies.js';

const details = { status: 404, problem: undefined, method: 'GET', url: 'http://127.0.0.1/api/v1/x' };
type Guard = (error: unknown) => boolean;
type CodedError = Error & { code: string };

/** [class name, its guard, an instance, whether the class has one fixed code]. */
const cases: [string, Guard, CodedError, boolean][] = [
  ['ResidualIdentifierError', isResidualIdentifierError, new ResidualIdentifierError(['steps', 0]), true],
  ['DuplicateListingError', isDuplicateListingError, new DuplicateListingError('acme/a'), true],
  ['ListingNotFoundError', isListingNotFoundError, new ListingNotFoundError('acme/a'), true],
  ['IndexFormatError', isIndexFormatError, new IndexFormatError('bad'), true],
  ['StoreError', isStoreError, new StoreError('E_STORE_CLOSED', 'closed'), false],
  ['ContributorErasedError', isContributorErasedError, new ContributorErasedError('p'), true],
  ['EpochMismatchError', isEpochMismatchError, new EpochMismatchError(1, 2), true],
  ['NetworkMismatchError', isNetworkMismatchError, new NetworkMismatchError('other network'), true],
  ['InvalidDocumentError', isInvalidDocumentError, new InvalidDocumentError('bad'), true],
  ['NotFoundError', isNotFoundError, new NotFoundError('E_NOT_FOUND', 'gone', details), false],
  ['UnauthorizedError', isUnauthorizedError, new UnauthorizedError('E_UNAUTHORIZED', 'who', details), false],
  ['ForbiddenError', isForbiddenError, new ForbiddenError('E_FORBIDDEN', 'no', details), false],
  ['ConflictError', isConflictError, new ConflictError('E_CONFLICT', 'taken', details), false],
  [
    'RegistryValidationError',
    isRegistryValidationError,
    new RegistryValidationError('E_VALIDATION', 'bad', details, []),
    false,
  ],
  ['RateLimitedError', isRateLimitedError, new RateLimitedError('slow down', details, 3), true],
  ['NetworkError', isNetworkError, new NetworkError('E_NETWORK', 'down', details), false],
  ['TimeoutError', isTimeoutError, new TimeoutError('E_TIMEOUT', 'late', details), false],
  [
    'ResponseFormatError',
    isResponseFormatError,
    new ResponseFormatError('E_RESPONSE_FORMAT', 'odd', details),
    false,
  ],
  [
    'DependencyResolutionError',
    isDependencyResolutionError,
    new DependencyResolutionError({
      ok: false,
      order: [],
      missing: [],
      conflicts: [],
      cycles: [],
      explanation: ['no version of acme/a satisfies ^2'],
    } as unknown as core.Resolution),
    true,
  ],
  [
    'FingerprintMismatchError',
    isFingerprintMismatchError,
    new FingerprintMismatchError('acme/a', '1.0.0', 'sha256-a', 'sha256-b'),
    true,
  ],
];

describe('error type guards of every package (name and code, not only instanceof)', () => {
  it.each(cases)('%s: accepted as an instance and from another package copy', (_, guard, error) => {
    expect(guard(error)).toBe(true);
    expect(guard(fromAnotherCopy(error))).toBe(true);
    expect(core.isPollinateError(fromAnotherCopy(error))).toBe(true);
  });

  it.each(cases)(
    '%s: refused under another name or code, and as a plain error',
    (name, guard, error, fixedCode) => {
      expect(guard(withName(error, `Other${name}`))).toBe(false);
      expect(guard(withCode(error, 'not-a-pollinate-code'))).toBe(false);
      if (fixedCode) expect(guard(withCode(error, 'E_SOMETHING_ELSE'))).toBe(false);
      expect(guard(new Error(error.message))).toBe(false);
      expect(guard({ name, code: error.code, message: error.message })).toBe(false);
      expect(guard(null)).toBe(false);
    },
  );

  it('isSyncError accepts SyncError and its subclasses, from any copy', () => {
    for (const error of [
      new SyncError('malformed', 'bad'),
      new EpochMismatchError(1, 2),
      new NetworkMismatchError('other network'),
    ]) {
      expect(isSyncError(error)).toBe(true);
      expect(isSyncError(fromAnotherCopy(error))).toBe(true);
    }
    expect(isSyncError(withName(new SyncError('malformed', 'bad'), 'OtherError'))).toBe(false);
    expect(isSyncError(withCode(new SyncError('malformed', 'bad'), 'E_OTHER'))).toBe(false);
  });

  it('isRegistryError accepts every registry error, from any copy, and nothing without a status', () => {
    for (const [, , error] of cases.filter(([, guard]) => guard !== isDependencyResolutionError)) {
      if (!(error instanceof RegistryError)) continue;
      expect(isRegistryError(error)).toBe(true);
      expect(isRegistryError(fromAnotherCopy(error))).toBe(true);
    }
    expect(isRegistryError(new RegistryError('E_REGISTRY', 'x', details))).toBe(true);
    const noStatus = Object.assign(new Error('x'), { name: 'NotFoundError', code: 'E_NOT_FOUND' });
    expect(isRegistryError(noStatus)).toBe(false);
    expect(isRegistryError(new StoreError('E_STORE_CLOSED', 'closed'))).toBe(false);
  });

  it('one ConsentRequiredError class for the network library and the client', async () => {
    const client = await import('@pollinate/client');
    const network = await import('@pollinate/crdt-network');
    expect(client.ConsentRequiredError).toBe(core.ConsentRequiredError);
    expect(network.ConsentRequiredError).toBe(core.ConsentRequiredError);
    expect(isConsentRequiredError(new client.ConsentRequiredError())).toBe(true);
  });
});
