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

/**
 * Type guard for {@link ValidationError}; works across package copies by checking `code`.
 *
 * @param error - anything caught
 * @returns `true` when `error` is a Pollinate validation error
 * @example
 * ```ts
 * if (isValidationError(error)) console.table(error.issues);
 * ```
 */
export function isValidationError(error: unknown): error is ValidationError {
  return error instanceof PollinateError && error.code === 'E_VALIDATION' && 'issues' in error;
}

/**
 * Type guard for {@link PollinateError}.
 *
 * @param error - anything caught
 * @returns `true` when `error` is any error Pollinate throws on purpose
 * @example
 * ```ts
 * if (isPollinateError(error)) process.exitCode = 2;
 * ```
 */
export function isPollinateError(error: unknown): error is PollinateError {
  return error instanceof PollinateError;
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
