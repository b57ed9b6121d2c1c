import type { z } from 'zod';

/**
 * The base class of every error Pollinate throws on purpose. Catch it to tell our errors
 * from bugs; switch on {@link PollinateError.code} to tell them apart.
 *
 * @example
 * ```ts
 * try {
 *   parseListing(input);
 * } catch (error) {
 *   if (error instanceof PollinateError) console.error(error.code, error.message);
 *   else throw error;
 * }
 * ```
 */
export class PollinateError extends Error {
  /** A stable, machine-readable code such as `E_VALIDATION`; never changes for a given failure. */
  readonly code: string;

  /**
   * @param code - stable machine-readable code, `E_` + upper snake case
   * @param message - human-readable explanation
   * @param options - standard `ErrorOptions` (`cause`)
   */
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** One problem found while validating input: where it is and what is wrong. */
export interface ValidationIssue {
  /** Path from the root of the input to the bad value, e.g. `['rating', 'overall']`; empty for the root. */
  path: (string | number)[];
  /** What is wrong, in words. */
  message: string;
}

/**
 * Thrown when outside data does not match a Pollinate schema. Carries every issue found,
 * each with the path of the bad field, so a caller can point at all of them at once.
 *
 * @example
 * ```ts
 * try {
 *   parseListing({ id: 'Not Valid' });
 * } catch (error) {
 *   if (isValidationError(error)) for (const issue of error.issues) console.log(issue.path.join('.'), issue.message);
 * }
 * ```
 */
export class ValidationError extends PollinateError {
  /** Every problem found, in input order; never empty. */
  readonly issues: ValidationIssue[];

  /**
   * @param issues - the problems found (at least one)
   * @param subject - what was being validated, used in the message (e.g. `'listing'`)
   */
  constructor(issues: ValidationIssue[], subject = 'input') {
    const first = issues[0];
    const where = first && first.path.length > 0 ? ` at ${formatPath(first.path)}` : '';
    const more =
      issues.length > 1 ? ` (and ${issues.length - 1} more issue${issues.length > 2 ? 's' : ''})` : '';
    super('E_VALIDATION', `Invalid ${subject}${where}: ${first?.message ?? 'unknown problem'}${more}`);
    this.issues = issues;
  }

  /**
   * Builds a `ValidationError` from a zod error, keeping every issue's path and message.
   *
   * @param error - the `ZodError` thrown or returned by a zod schema
   * @param subject - what was being validated, used in the message
   */
  static fromZod(error: z.core.$ZodError, subject = 'input'): ValidationError {
    return new ValidationError(
      error.issues.map((issue) => ({
        path: issue.path.map((segment) => (typeof segment === 'number' ? segment : String(segment))),
        message: issue.message,
      })),
      subject,
    );
  }
}

/** The form of every Pollinate error code: `E_` + upper snake case. */
const POLLINATE_CODE = /^E_[A-Z0-9]+(?:_[A-Z0-9]+)*$/;

/**
 * Whether `error` is an `Error` with one of the given class `name`s and a Pollinate `code`
 * (one of `codes` when given, else any `E_…` code). The building block of every type guard
 * of the Pollinate packages: it recognizes errors by what they say they are, not by class
 * identity, so it holds when two copies of a package are loaded (an ESM and a CJS build, or
 * two versions), where `instanceof` fails.
 *
 * @param error - anything caught
 * @param names - the class name, or the names of a class and its subclasses
 * @param codes - the code or codes the error may carry; omitted: any `E_…` code
 * @returns `true` when name and code both match
 * @example
 * ```ts
 * import { InvalidRangeError } from '@pollinate/core';
 * import { isErrorOf } from '@pollinate/core/helpers';
 *
 * isErrorOf(new InvalidRangeError('>>1'), 'InvalidRangeError', 'E_INVALID_RANGE'); // true
 * isErrorOf(new Error('boom'), 'InvalidRangeError'); // false
 * ```
 */
export function isErrorOf(
  error: unknown,
  names: string | readonly string[],
  codes?: string | readonly string[],
): error is PollinateError {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') return false;
  if (typeof names === 'string' ? error.name !== names : !names.includes(error.name)) return false;
  if (codes === undefined) return POLLINATE_CODE.test(code);
  return typeof codes === 'string' ? code === codes : codes.includes(code);
}

/**
 * Type guard for {@link ValidationError}, and for the errors that share its code and
 * `issues` (the registry client's `RegistryValidationError`). Checks `code` and `issues`,
 * not class identity, so it works across package copies (ESM and CJS builds loaded together).
 *
 * @param error - anything caught
 * @returns `true` when `error` is a Pollinate validation error
 * @example
 * ```ts
 * if (isValidationError(error)) console.table(error.issues);
 * ```
 */
export function isValidationError(error: unknown): error is ValidationError {
  return (
    isPollinateError(error) &&
    error.code === 'E_VALIDATION' &&
    Array.isArray((error as { issues?: unknown }).issues)
  );
}

/**
 * Type guard for {@link PollinateError} and every subclass: an `Error` whose `name` ends in
 * `Error` and whose `code` has the Pollinate form (`E_` + upper snake case). Works across
 * package copies (ESM and CJS builds loaded together), where `instanceof` fails.
 *
 * @param error - anything caught
 * @returns `true` when `error` is any error Pollinate throws on purpose
 * @example
 * ```ts
 * if (isPollinateError(error)) process.exitCode = 2;
 * ```
 */
export function isPollinateError(error: unknown): error is PollinateError {
  if (error instanceof PollinateError) return true;
  if (!(error instanceof Error) || !error.name.endsWith('Error')) return false;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && POLLINATE_CODE.test(code);
}

/**
 * Thrown when contributing to the pattern network without explicit opt-in consent:
 * nothing was written or sent. Code `E_CONSENT_REQUIRED`. The network library
 * (`contribute`) and the registry client (`client.contribute`) both throw it.
 *
 * @example
 * ```ts
 * try {
 *   throw new ConsentRequiredError();
 * } catch (error) {
 *   if (isConsentRequiredError(error)) console.log('sharing is off; nothing was sent');
 * }
 * ```
 */
export class ConsentRequiredError extends PollinateError {
  /** @param message - why consent is missing */
  constructor(
    message = 'Contributing to the pattern network needs explicit opt-in consent ({ consent: true })',
  ) {
    super('E_CONSENT_REQUIRED', message);
  }
}

/**
 * Type guard for {@link ConsentRequiredError}, and for a registry's refusal with the same
 * code (the client's `RegistryValidationError` with code `E_CONSENT_REQUIRED`): it checks
 * `code`, so it works across package copies.
 *
 * @param error - anything caught
 * @returns `true` when contributing was refused for lack of consent
 * @example
 * ```ts
 * if (isConsentRequiredError(error)) console.log('nothing was sent');
 * ```
 */
export function isConsentRequiredError(error: unknown): error is PollinateError {
  return isPollinateError(error) && error.code === 'E_CONSENT_REQUIRED';
}

/**
 * Formats an issue path the way a reader writes it: `dependencies["acme/retry"]`, `tags[2]`.
 *
 * @param path - path segments from {@link ValidationIssue.path}
 * @returns the path as one string; `(root)` for an empty path
 * @example
 * ```ts
 * formatPath(['rating', 'overall']); // 'rating.overall'
 * ```
 */
export function formatPath(path: readonly (string | number)[]): string {
  if (path.length === 0) return '(root)';
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(segment)) out += out ? `.${segment}` : segment;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}
