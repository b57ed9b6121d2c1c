import { PollinateError, type ValidationIssue } from '@pollinate/core';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** Base URI of the registry's problem types (RFC 9457 `type`); each code has its own fragment. */
export const PROBLEM_TYPE_BASE = 'https://pollinate.dev/problems/';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Options of {@link HttpProblem}. */
export interface HttpProblemOptions {
  /** Field-level issues (validation), each with the path of the bad field. */
  issues?: ValidationIssue[];
  /** Extra members of the problem body (e.g. a publish report). */
  extensions?: Record<string, unknown>;
  /** Extra response headers (e.g. `Retry-After`). */
  headers?: Record<string, string>;
}

/**
 * An HTTP failure the registry answers with an RFC 9457 `application/problem+json`
 * body: `type`, `title`, `status`, `detail`, `instance`, plus `code` and `issues`.
 *
 * @example
 * ```ts
 * throw new HttpProblem(404, 'E_NOT_FOUND', 'acme/retry has no version 9.9.9');
 * ```
 */
export class HttpProblem extends PollinateError {
  /** HTTP status of the response. */
  readonly status: ContentfulStatusCode;
  /** See {@link HttpProblemOptions}. */
  readonly options: HttpProblemOptions;

  /**
   * @param status - HTTP status (4xx/5xx)
   * @param code - stable code such as `E_NOT_FOUND`
   * @param detail - human-readable explanation of this occurrence
   * @param options - issues, extensions, headers
   */
  constructor(status: ContentfulStatusCode, code: string, detail: string, options: HttpProblemOptions = {}) {
    super(code, detail);
    this.status = status;
    this.options = options;
  }
}

/**
 * Writes a problem as the response.
 *
 * @param c - the Hono context
 * @param problem - the failure
 * @returns the `application/problem+json` response
 * @example
 * ```ts
 * app.onError((error, c) => problemResponse(c, toHttpProblem(error)));
 * ```
 */
export function problemResponse(c: Context, problem: HttpProblem): Response {
  const body: Record<string, unknown> = {
    ...problem.options.extensions,
    type: PROBLEM_TYPE_BASE + problem.code.replace(/^E_/, '').toLowerCase().replaceAll('_', '-'),
    title: TITLES[problem.status] ?? 'Error',
    status: problem.status,
    detail: problem.message,
    instance: new URL(c.req.url).pathname,
    code: problem.code,
  };
  if (problem.options.issues) body.issues = problem.options.issues;
  const headers: Record<string, string> = {
    'content-type': 'application/problem+json',
    ...problem.options.headers,
  };
  return new Response(JSON.stringify(body), { status: problem.status, headers });
}

/**
 * Maps any thrown value to an {@link HttpProblem}: `HttpProblem` as is, core's
 * `ValidationError` to 400 with its issues, core's JSON text errors (`E_JSON_TOO_DEEP`,
 * `E_BAD_JSON`) to 400, a consent refusal to 422, `…NOT_FOUND` codes to 404, a write another
 * instance's purge overtook (`E_NETWORK_RELOADED`) to 503 with `Retry-After: 1`, Hono's
 * `HTTPException` to its 4xx status, every other error to 500. The problem never carries
 * the error's message, stack or cause for a 5xx: those go to the log only.
 *
 * @param error - what was thrown
 * @returns the problem to answer with
 * @example
 * ```ts
 * const problem = toHttpProblem(new Error('boom')); // 500 E_INTERNAL
 * ```
 */
export function toHttpProblem(error: unknown): HttpProblem {
  if (error instanceof HttpProblem) return error;
  if (error instanceof PollinateError) {
    if (error.code === 'E_VALIDATION' && 'issues' in error) {
      return new HttpProblem(400, 'E_VALIDATION', error.message, {
        issues: error.issues as ValidationIssue[],
      });
    }
    if (error.code === 'E_JSON_TOO_DEEP' || error.code === 'E_BAD_JSON')
      return new HttpProblem(400, error.code, error.message);
    if (error.code === 'E_CONSENT_REQUIRED') return new HttpProblem(422, error.code, error.message);
    // A write another instance's purge overtook: nothing was kept, and a retry applies it.
    if (error.code === 'E_NETWORK_RELOADED')
      return new HttpProblem(503, error.code, error.message, { headers: { 'Retry-After': '1' } });
    if (error.code.includes('NOT_FOUND')) return new HttpProblem(404, error.code, error.message);
  }
  if (error instanceof HTTPException && error.status >= 400 && error.status < 500) {
    const status = error.status as ContentfulStatusCode;
    return new HttpProblem(status, 'E_BAD_REQUEST', TITLES[status] ?? 'the request was refused');
  }
  return new HttpProblem(500, 'E_INTERNAL', 'the registry failed to handle the request');
}
