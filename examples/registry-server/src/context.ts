import { DEFAULT_MAX_JSON_DEPTH, PatternIdSchema, ValidationError } from '@pollinate/core';
import { parseWith } from '@pollinate/core/helpers';
import type { Context } from 'hono';
import * as z from 'zod';
import type { TokenTable } from './auth.js';
import { parseJsonBody, requireJsonContentType } from './middleware/json-body.js';
import { HttpProblem } from './problem.js';
import type { RegistryStore } from './store.js';

/** Per-request values the middleware sets: the publisher the bearer token belongs to, if any. */
export interface RegistryEnv {
  Variables: {
    /** The authenticated publisher (team id); unset for anonymous requests and tokens of other roles only. */
    publisher: string | undefined;
    /** The authenticated auditor's id, for an auditor token. */
    auditor?: string | undefined;
    /** The authenticated moderator's id, for a moderator token. */
    moderator?: string | undefined;
    /** Deepest nesting accepted in a JSON body (set by the `jsonDepthLimit` middleware). @default 400 */
    maxJsonDepth: number | undefined;
  };
}

/** What route handlers share: the store, tokens, the clock and the composed services. */
export interface RegistryServices {
  store: RegistryStore;
  tokens: TokenTable;
  /** The clock; tests pin it. */
  now: () => Date;
  /** Random UUIDs for ids the registry assigns. */
  randomId: () => string;
}

/**
 * The authenticated publisher, or a 401 problem.
 *
 * @param c - request context
 * @returns the publisher (team id)
 * @throws {HttpProblem} 401 `E_UNAUTHORIZED` when the request carries no token
 */
export function requirePublisher(c: Context<RegistryEnv>): string {
  const publisher = c.get('publisher');
  if (!publisher && (c.get('auditor') || c.get('moderator'))) {
    throw new HttpProblem(
      403,
      'E_FORBIDDEN',
      'this call needs a publisher token; the token given holds another role',
    );
  }
  if (!publisher) {
    throw new HttpProblem(
      401,
      'E_UNAUTHORIZED',
      'this call needs a bearer token (Authorization: Bearer <token>)',
      {
        headers: { 'www-authenticate': 'Bearer realm="pollinate"' },
      },
    );
  }
  return publisher;
}

/**
 * Reads the request body as JSON and parses it with a schema. The body must be declared
 * JSON (`Content-Type: application/json` or `application/<name>+json`, UTF-8), is parsed in
 * linear time with a nesting limit (core's `parseJson`; 400 levels unless the app sets
 * another), then validated.
 *
 * @param c - request context
 * @param schema - the zod schema of the body
 * @param subject - what the body is, for messages
 * @returns the parsed body
 * @throws {HttpProblem} 415 `E_UNSUPPORTED_MEDIA_TYPE` for a body not declared as JSON
 * @throws {HttpProblem} 400 `E_BAD_JSON` for a body that is not JSON; 400 `E_JSON_TOO_DEEP` for one nested too deep
 * @throws {ValidationError} (answered as 400 `E_VALIDATION`) with every issue and its path,
 *   including `__proto__` keys anywhere in the body (core's `parseWith`)
 */
export async function readJsonBody<S extends z.core.$ZodType>(
  c: Context<RegistryEnv>,
  schema: S,
  subject: string,
): Promise<z.infer<S>> {
  requireJsonContentType(c);
  const text = await c.req.text();
  const value = parseJsonBody(text, c.get('maxJsonDepth') ?? DEFAULT_MAX_JSON_DEPTH, subject);
  return parseWith(schema, value, subject);
}

/**
 * Parses a value (path or query parameters) with a schema.
 *
 * @param schema - zod schema
 * @param value - the raw value
 * @param subject - what it is, for messages
 * @returns the parsed value
 * @throws {ValidationError} with every issue (answered as 400)
 */
export function parseParams<S extends z.core.$ZodType>(
  schema: S,
  value: unknown,
  subject: string,
): z.infer<S> {
  const result = z.safeParse(schema, value);
  if (!result.success) throw ValidationError.fromZod(result.error, subject);
  return result.data;
}

/**
 * The pattern id `scope/name` from the path, validated.
 *
 * @param c - request context with `scope` and `name` path parameters
 * @returns the pattern id
 * @throws {ValidationError} when the id is invalid (answered as 400)
 */
export function patternIdFromPath(c: Context<RegistryEnv>): string {
  return parseParams(PatternIdSchema, `${c.req.param('scope')}/${c.req.param('name')}`, 'pattern id');
}

/**
 * Splits a comma-separated query parameter into a list (`undefined` when absent or empty).
 *
 * @param value - the raw parameter
 * @returns the trimmed, non-empty items
 */
export function splitList(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  return items.length ? items : undefined;
}

/**
 * The authenticated auditor or moderator, or a 401/403 problem.
 *
 * @param c - request context
 * @param role - `auditor` (records attestations) or `moderator` (decides on reviews)
 * @returns the role holder's id (the name its token is configured under)
 * @throws {HttpProblem} 401 `E_UNAUTHORIZED` without a token; 403 `E_FORBIDDEN` for a token without the role
 */
export function requireRole(c: Context<RegistryEnv>, role: 'auditor' | 'moderator'): string {
  const id = c.get(role);
  if (id) return id;
  if (!c.get('publisher')) {
    throw new HttpProblem(
      401,
      'E_UNAUTHORIZED',
      `this call needs a bearer token with the ${role} role (Authorization: Bearer <token>)`,
      { headers: { 'www-authenticate': 'Bearer realm="pollinate"' } },
    );
  }
  throw new HttpProblem(403, 'E_FORBIDDEN', `this call needs the ${role} role`);
}
