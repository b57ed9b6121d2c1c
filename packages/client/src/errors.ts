import { ConsentRequiredError, isConsentRequiredError, PollinateError } from '@pollinate/core';
import { isErrorOf } from '@pollinate/core/helpers';
import type { Problem, ProblemIssue } from './wire.js';

/** Consent errors are core's (one class for the network library and this client), re-exported here. */
export { ConsentRequiredError, isConsentRequiredError };

/** What every {@link RegistryError} carries besides its message. */
export interface RegistryErrorDetails {
  /** HTTP status; `0` when no response arrived (network failure, timeout). */
  status: number;
  /** The parsed RFC 9457 problem body, when the registry sent one. */
  problem?: Problem;
  /** HTTP method of the failed request, upper case. */
  method?: string;
  /** URL of the failed request (never carries the token: tokens travel in a header). */
  url?: string;
  /** The underlying error. */
  cause?: unknown;
}

/**
 * The base class of every failure of a registry call. `status` is the HTTP status (0 when
 * no response arrived), `code` the stable code (`E_NOT_FOUND`, …; from the problem body
 * when the registry sent one), `problem` the parsed problem body. Messages never contain
 * the bearer token.
 *
 * @example
 * ```ts
 * try { await client.getPattern('acme/nope'); }
 * catch (error) {
 *   if (isRegistryError(error)) console.error(error.status, error.code, error.problem?.detail);
 * }
 * ```
 */
export class RegistryError extends PollinateError {
  /** HTTP status, or 0 when no response arrived. */
  readonly status: number;
  /** The parsed problem body, when there was one. */
  readonly problem: Problem | undefined;
  /** Method of the failed request. */
  readonly method: string | undefined;
  /** URL of the failed request. */
  readonly url: string | undefined;

  /**
   * @param code - stable code, e.g. `E_REGISTRY`
   * @param message - human-readable explanation (must not contain secrets)
   * @param details - status, problem body, request
   */
  constructor(code: string, message: string, details: RegistryErrorDetails) {
    super(code, message, details.cause === undefined ? undefined : { cause: details.cause });
    this.status = details.status;
    this.problem = details.problem;
    this.method = details.method;
    this.url = details.url;
  }
}

/**
 * 404: the pattern, version, review or contributor does not exist. Code `E_NOT_FOUND`.
 *
 * @example
 * ```ts
 * const pattern = await client.getPattern(id).catch((error) => (error instanceof NotFoundError ? null : Promise.reject(error)));
 * ```
 */
export class NotFoundError extends RegistryError {}
/**
 * 401: the call needs a token and none (or an unknown one) was sent. Code `E_UNAUTHORIZED`.
 *
 * @example
 * ```ts
 * if (error instanceof UnauthorizedError) console.error('set POLLINATE_TOKEN to a token of your publisher');
 * ```
 */
export class UnauthorizedError extends RegistryError {}
/**
 * 403: the token's publisher may not do this (e.g. publish into another scope). Code `E_FORBIDDEN`.
 *
 * @example
 * ```ts
 * if (error instanceof ForbiddenError) console.error(error.problem?.detail);
 * ```
 */
export class ForbiddenError extends RegistryError {}
/**
 * 409: the write conflicts with what is stored (e.g. re-publishing an existing version).
 * Code from the registry (`E_VERSION_EXISTS`, `E_REVIEW_EXISTS`, `E_CONTRIBUTOR_ERASED`), else `E_CONFLICT`.
 *
 * @example
 * ```ts
 * await client.publish(pkg).catch((error) => { if (!(error instanceof ConflictError)) throw error; });
 * ```
 */
export class ConflictError extends RegistryError {}

/**
 * 400/422: the registry refused the input. `issues` lists every problem with the path
 * of the bad field. Code `E_VALIDATION` (so core's `isValidationError` also accepts it)
 * unless the registry sent a more specific one such as `E_NOT_PUBLISHABLE` or `E_CONSENT_REQUIRED`.
 *
 * @example
 * ```ts
 * if (error instanceof RegistryValidationError) for (const issue of error.issues) console.error(issue.path.join('.'), issue.message);
 * ```
 */
export class RegistryValidationError extends RegistryError {
  /** Every problem found; may be empty when the registry gave only a `detail`. */
  readonly issues: ProblemIssue[];

  /**
   * @param code - stable code
   * @param message - explanation
   * @param details - status, problem body, request
   * @param issues - the problems, each with a path
   */
  constructor(code: string, message: string, details: RegistryErrorDetails, issues: ProblemIssue[]) {
    super(code, message, details);
    this.issues = issues;
  }
}

/**
 * 429: too many requests for this token. `retryAfterSeconds` says when to try again (the
 * client already retried idempotent calls within its `retry` policy). Code `E_RATE_LIMITED`.
 *
 * @example
 * ```ts
 * if (error instanceof RateLimitedError) setTimeout(again, (error.retryAfterSeconds ?? 1) * 1000);
 * ```
 */
export class RateLimitedError extends RegistryError {
  /** Seconds to wait before retrying (from `Retry-After`); `undefined` when the registry did not say. */
  readonly retryAfterSeconds: number | undefined;

  /**
   * @param message - explanation
   * @param details - status, problem body, request
   * @param retryAfterSeconds - from the `Retry-After` header
   */
  constructor(message: string, details: RegistryErrorDetails, retryAfterSeconds: number | undefined) {
    super('E_RATE_LIMITED', message, details);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/**
 * No response: DNS, refused connection, reset, aborted by the caller's signal. Status 0.
 * Code `E_NETWORK` (or `E_ABORTED`); `cause` is the underlying error.
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * const stats = client.stats({ signal: controller.signal });
 * controller.abort();
 * try {
 *   await stats;
 * } catch (error) {
 *   if (!(error instanceof NetworkError && error.code === 'E_ABORTED')) throw error; // we cancelled it
 * }
 * ```
 */
export class NetworkError extends RegistryError {}
/**
 * No response within the client's `timeout`. Status 0. Code `E_TIMEOUT`.
 *
 * @example
 * ```ts
 * const client = createRegistryClient({ baseUrl, timeout: 30_000 }); // after TimeoutErrors on a slow link
 * ```
 */
export class TimeoutError extends RegistryError {}
/**
 * The registry answered 2xx with a body that does not match the contract (or not JSON).
 * Code `E_BAD_RESPONSE`; usually a client and registry of different versions.
 *
 * @example
 * ```ts
 * if (error instanceof ResponseFormatError) console.error('upgrade the Pollinate client:', error.message);
 * ```
 */
export class ResponseFormatError extends RegistryError {}

/** The class names of {@link RegistryError} and its subclasses (their guards match by name and code). */
const REGISTRY_ERROR_NAMES = [
  'RegistryError',
  'NotFoundError',
  'UnauthorizedError',
  'ForbiddenError',
  'ConflictError',
  'RegistryValidationError',
  'RateLimitedError',
  'NetworkError',
  'TimeoutError',
  'ResponseFormatError',
];

/**
 * Type guard for {@link RegistryError} and its subclasses. Each guard of this module accepts
 * an instance of its class, or (when two copies of this package are loaded, e.g. its ESM and
 * CJS builds) an error with the class's `name` and a Pollinate `code`.
 * @param error - anything caught
 * @returns whether `error` is any registry failure
 * @example
 * ```ts
 * if (isRegistryError(error)) console.error(error.status);
 * ```
 */
export function isRegistryError(error: unknown): error is RegistryError {
  return (
    error instanceof RegistryError ||
    (isErrorOf(error, REGISTRY_ERROR_NAMES) && typeof (error as { status?: unknown }).status === 'number')
  );
}
/**
 * Type guard for {@link NotFoundError}.
 * @param error - anything caught
 * @returns whether `error` is a 404
 * @example
 * ```ts
 * const pattern = await client.getPattern(id).catch((e) => (isNotFoundError(e) ? undefined : Promise.reject(e)));
 * ```
 */
export function isNotFoundError(error: unknown): error is NotFoundError {
  return error instanceof NotFoundError || isErrorOf(error, 'NotFoundError');
}
/**
 * Type guard for {@link UnauthorizedError}.
 * @param error - anything caught
 * @returns whether `error` is a 401
 * @example
 * ```ts
 * if (isUnauthorizedError(error)) console.error('set POLLINATE_TOKEN');
 * ```
 */
export function isUnauthorizedError(error: unknown): error is UnauthorizedError {
  return error instanceof UnauthorizedError || isErrorOf(error, 'UnauthorizedError');
}
/**
 * Type guard for {@link ForbiddenError}.
 * @param error - anything caught
 * @returns whether `error` is a 403
 * @example
 * ```ts
 * if (isForbiddenError(error)) console.error('your token cannot write this scope');
 * ```
 */
export function isForbiddenError(error: unknown): error is ForbiddenError {
  return error instanceof ForbiddenError || isErrorOf(error, 'ForbiddenError');
}
/**
 * Type guard for {@link ConflictError}.
 * @param error - anything caught
 * @returns whether `error` is a 409
 * @example
 * ```ts
 * if (isConflictError(error)) console.log('already published');
 * ```
 */
export function isConflictError(error: unknown): error is ConflictError {
  return error instanceof ConflictError || isErrorOf(error, 'ConflictError');
}
/**
 * Type guard for {@link RegistryValidationError}.
 * @param error - anything caught
 * @returns whether `error` is a 400/422 with issues
 * @example
 * ```ts
 * if (isRegistryValidationError(error)) for (const i of error.issues) console.log(i.path.join('.'), i.message);
 * ```
 */
export function isRegistryValidationError(error: unknown): error is RegistryValidationError {
  return error instanceof RegistryValidationError || isErrorOf(error, 'RegistryValidationError');
}
/**
 * Type guard for {@link RateLimitedError}.
 * @param error - anything caught
 * @returns whether `error` is a 429
 * @example
 * ```ts
 * if (isRateLimitedError(error)) await sleep((error.retryAfterSeconds ?? 1) * 1000);
 * ```
 */
export function isRateLimitedError(error: unknown): error is RateLimitedError {
  return error instanceof RateLimitedError || isErrorOf(error, 'RateLimitedError', 'E_RATE_LIMITED');
}
/**
 * Type guard for {@link NetworkError}.
 * @param error - anything caught
 * @returns whether no response arrived
 * @example
 * ```ts
 * if (isNetworkError(error)) console.error('is the registry running?');
 * ```
 */
export function isNetworkError(error: unknown): error is NetworkError {
  return error instanceof NetworkError || isErrorOf(error, 'NetworkError');
}
/**
 * Type guard for {@link TimeoutError}.
 * @param error - anything caught
 * @returns whether the call timed out
 * @example
 * ```ts
 * if (isTimeoutError(error)) console.error('the registry is slow; raise `timeout`');
 * ```
 */
export function isTimeoutError(error: unknown): error is TimeoutError {
  return error instanceof TimeoutError || isErrorOf(error, 'TimeoutError');
}
/**
 * Type guard for {@link ResponseFormatError}.
 * @param error - anything caught
 * @returns whether the registry's 2xx body broke the contract
 * @example
 * ```ts
 * if (isResponseFormatError(error)) console.error('client and registry versions differ');
 * ```
 */
export function isResponseFormatError(error: unknown): error is ResponseFormatError {
  return error instanceof ResponseFormatError || isErrorOf(error, 'ResponseFormatError');
}
