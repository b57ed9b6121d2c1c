import { describe, expect, it } from 'vitest';
import {
  ConsentRequiredError,
  InvalidRangeError,
  InvalidVersionError,
  isConsentRequiredError,
  isInvalidRangeError,
  isInvalidVersionError,
  isJsonTextError,
  isLineageError,
  isPollinateError,
  isPricingError,
  isValidationError,
  JsonTextError,
  LineageError,
  PollinateError,
  PricingError,
  ValidationError,
} from './index.js';
import { isErrorOf } from './index-helpers.js';
import { isTurtleSyntaxError, TurtleSyntaxError } from './index-rdf.js';
import { fromAnotherCopy, withCode, withName } from './testing/error-copies.js';

const cases: [string, (error: unknown) => boolean, Error & { code: string }][] = [
  ['InvalidVersionError', isInvalidVersionError, new InvalidVersionError('x')],
  ['InvalidRangeError', isInvalidRangeError, new InvalidRangeError('>>1')],
  ['LineageError', isLineageError, new LineageError('E_FORK_SAME_ID', 'same id')],
  ['PricingError', isPricingError, new PricingError('E_UNKNOWN_TIER', 'no such tier')],
  ['JsonTextError', isJsonTextError, new JsonTextError('E_BAD_JSON', 'bad', 3, 10)],
  ['TurtleSyntaxError', isTurtleSyntaxError, new TurtleSyntaxError('bad')],
  ['ConsentRequiredError', isConsentRequiredError, new ConsentRequiredError()],
];

describe('error type guards (name and code, not only instanceof)', () => {
  it.each(cases)(
    '%s: its guard accepts an instance and the same error from another package copy',
    (_, guard, error) => {
      expect(guard(error)).toBe(true);
      const copy = fromAnotherCopy(error);
      expect(copy instanceof PollinateError).toBe(false);
      expect(guard(copy)).toBe(true);
      expect(isPollinateError(copy)).toBe(true);
    },
  );

  it.each(cases.filter(([name]) => name !== 'ConsentRequiredError'))(
    '%s: its guard refuses another name, another code, plain errors and non-errors',
    (name, guard, error) => {
      expect(guard(withName(error, `Other${name}`))).toBe(false);
      expect(guard(withCode(error, 'not-a-pollinate-code'))).toBe(false);
      // LineageError and PricingError carry one of several codes (E_FORK_SAME_ID, E_UNKNOWN_TIER, …): any Pollinate code.
      if (name !== 'LineageError' && name !== 'PricingError')
        expect(guard(withCode(error, 'E_SOMETHING_ELSE'))).toBe(false);
      expect(guard(new Error(error.message))).toBe(false);
      expect(guard({ name, code: error.code, message: error.message })).toBe(false);
      expect(guard(undefined)).toBe(false);
      expect(guard('E_INVALID_RANGE')).toBe(false);
    },
  );

  it('isConsentRequiredError goes by code: a registry refusal with that code counts, another code does not', () => {
    const refusal = Object.assign(new Error('consent'), {
      name: 'RegistryValidationError',
      code: 'E_CONSENT_REQUIRED',
    });
    expect(isConsentRequiredError(refusal)).toBe(true);
    expect(isConsentRequiredError(withCode(new ConsentRequiredError(), 'E_VALIDATION'))).toBe(false);
  });

  it('isValidationError accepts a ValidationError from another copy, by code and issues', () => {
    const error = new ValidationError([{ path: ['id'], message: 'bad' }], 'listing');
    expect(isValidationError(error)).toBe(true);
    const copy = fromAnotherCopy(error);
    expect(isValidationError(copy)).toBe(true);
    expect(isValidationError(withCode(error, 'E_OTHER'))).toBe(false);
    const noIssues = Object.assign(new Error('x'), { name: 'ValidationError', code: 'E_VALIDATION' });
    expect(isValidationError(noIssues)).toBe(false);
  });

  it('isPollinateError accepts Pollinate-coded errors only', () => {
    expect(isPollinateError(new PollinateError('E_X', 'x'))).toBe(true);
    expect(isPollinateError(Object.assign(new Error('x'), { name: 'SomeError', code: 'E_SOME_THING' }))).toBe(
      true,
    );
    expect(isPollinateError(Object.assign(new Error('x'), { code: 'ENOENT' }))).toBe(false); // Node's system errors
    expect(isPollinateError(Object.assign(new Error('x'), { name: 'SomeError', code: 'e_lower' }))).toBe(
      false,
    );
    expect(isPollinateError(Object.assign(new Error('x'), { name: 'Nope', code: 'E_X' }))).toBe(false);
    expect(isPollinateError({ name: 'PollinateError', code: 'E_X' })).toBe(false);
  });

  it('isErrorOf matches one name or a family, one code, a list of codes, or any Pollinate code', () => {
    const error = new InvalidRangeError('>>1');
    expect(isErrorOf(error, 'InvalidRangeError', 'E_INVALID_RANGE')).toBe(true);
    expect(isErrorOf(error, ['InvalidVersionError', 'InvalidRangeError'])).toBe(true);
    expect(isErrorOf(error, 'InvalidRangeError', ['E_A', 'E_INVALID_RANGE'])).toBe(true);
    expect(isErrorOf(error, 'InvalidRangeError', 'E_INVALID_VERSION')).toBe(false);
    expect(isErrorOf(error, 'InvalidVersionError')).toBe(false);
    expect(isErrorOf(Object.assign(new Error('x'), { name: 'X', code: 7 }), 'X')).toBe(false);
    expect(isErrorOf(Object.assign(new Error('x'), { name: 'X', code: 'nope' }), 'X')).toBe(false);
  });
});
