import {
  ConflictError,
  ForbiddenError,
  NetworkError,
  NotFoundError,
  RateLimitedError,
  RegistryError,
  type RegistryErrorDetails,
  RegistryValidationError,
  TimeoutError,
  UnauthorizedError,
} from './errors.js';
import { type Problem, ProblemSchema } from './wire.js';

/**
 * Turns an error response into the matching {@link RegistryError} subclass, reading the
 * RFC 9457 problem body when there is one.
 *
 * @param response - the non-2xx response (its body is consumed)
 * @param method - request method
 * @param url - request URL
 * @returns the typed error (not thrown)
 * @example
 * ```ts
 * if (!response.ok) throw await errorFromResponse(response, 'GET', url);
 * ```
 */
export async function errorFromResponse(
  response: Response,
  method: string,
  url: string,
): Promise<RegistryError> {
  let problem: Problem | undefined;
  try {
    const text = await response.text();
    const parsed = ProblemSchema.safeParse(JSON.parse(text));
    if (parsed.success) problem = parsed.data;
  } catch {
    problem = undefined;
  }
  const status = response.status;
  const details: RegistryErrorDetails = { status, method, url, ...(problem ? { problem } : {}) };
  const path = safePath(url);
  const message = `${method} ${path} failed with ${status}${problem?.detail ? `: ${problem.detail}` : problem?.title ? `: ${problem.title}` : ''}`;
  const code = problem?.code;
  switch (status) {
    case 400:
    case 422:
      return new RegistryValidationError(code ?? 'E_VALIDATION', message, details, problem?.issues ?? []);
    case 401:
      return new UnauthorizedError(code ?? 'E_UNAUTHORIZED', message, details);
    case 403:
      return new ForbiddenError(code ?? 'E_FORBIDDEN', message, details);
    case 404:
      return new NotFoundError(code ?? 'E_NOT_FOUND', message, details);
    case 409:
      return new ConflictError(code ?? 'E_CONFLICT', message, details);
    case 429:
      return new RateLimitedError(
        message,
        details,
        retryAfterSeconds(response.headers.get('retry-after'), response.headers.get('date')) ??
          problem?.retryAfterSeconds,
      );
    default:
      return new RegistryError(code ?? (status >= 500 ? 'E_SERVER' : 'E_REGISTRY'), message, details);
  }
}

/**
 * Wraps a failure that produced no response: a timeout, an abort, or a network error.
 *
 * @param error - what fetch (or ky) threw
 * @param method - request method
 * @param url - request URL
 * @returns a {@link TimeoutError} or {@link NetworkError}
 * @example
 * ```ts
 * try { await fetch(url); } catch (error) { throw errorWithoutResponse(error, 'GET', url); }
 * ```
 */
export function errorWithoutResponse(error: unknown, method: string, url: string): RegistryError {
  const path = safePath(url);
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError') {
    return new TimeoutError('E_TIMEOUT', `${method} ${path} timed out`, { status: 0, method, url });
  }
  if (name === 'AbortError') {
    return new NetworkError('E_ABORTED', `${method} ${path} was aborted`, {
      status: 0,
      method,
      url,
      cause: error,
    });
  }
  const reason = error instanceof Error ? describeCause(error) : String(error);
  return new NetworkError('E_NETWORK', `${method} ${path} failed: ${reason}`, {
    status: 0,
    method,
    url,
    cause: error,
  });
}

function describeCause(error: Error): string {
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof Error && 'code' in cause) return `${error.message} (${String(cause.code)})`;
  return error.message;
}

/**
 * Parses `Retry-After` (RFC 9110 §10.2.3): delay-seconds, or an HTTP date measured against
 * the response's own `Date` header (so no local clock is read); `undefined` when absent or
 * unusable.
 */
function retryAfterSeconds(header: string | null, responseDate: string | null): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  if (header.trim() !== '' && Number.isFinite(seconds) && seconds >= 0) return seconds;
  const until = Date.parse(header);
  const sent = responseDate === null ? Number.NaN : Date.parse(responseDate);
  return Number.isNaN(until) || Number.isNaN(sent)
    ? undefined
    : Math.max(0, Math.ceil((until - sent) / 1000));
}

function safePath(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.pathname + parsed.search;
  } catch {
    return url;
  }
}
