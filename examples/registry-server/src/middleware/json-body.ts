import { DEFAULT_MAX_JSON_DEPTH, JsonTextError, parseJson } from '@pollinate/core';
import { parse as parseContentType } from 'content-type';
import type { Context, MiddlewareHandler } from 'hono';
import type { RegistryEnv } from '../context.js';
import { HttpProblem } from '../problem.js';

/** `application/json` and every `application/<name>+json` (RFC 6839 structured syntax suffix). */
const JSON_MEDIA_TYPE = /^application\/(?:[a-z0-9][a-z0-9!#$&^_.+-]*\+)?json$/;

/**
 * Refuses a request body that is not declared as JSON: the `Content-Type` must be
 * `application/json` or `application/<name>+json`, with no charset parameter or
 * `charset=utf-8` (RFC 8259 §8.1: JSON exchanged between systems is UTF-8). Parsed with the
 * `content-type` library.
 *
 * @param c - request context
 * @throws {HttpProblem} 415 `E_UNSUPPORTED_MEDIA_TYPE` otherwise (the detail says what to send)
 * @example
 * ```ts
 * requireJsonContentType(c); // before reading the body
 * ```
 */
export function requireJsonContentType(c: Context): void {
  const header = c.req.header('content-type');
  let type = '';
  let charset: string | undefined;
  try {
    const parsed = parseContentType(header ?? '');
    type = parsed.type;
    charset = parsed.parameters.charset;
  } catch {
    type = '';
  }
  const problem =
    header === undefined
      ? 'the request has no Content-Type'
      : !JSON_MEDIA_TYPE.test(type)
        ? `Content-Type ${JSON.stringify(header.slice(0, 100))} is not JSON`
        : charset !== undefined && charset.toLowerCase() !== 'utf-8'
          ? `charset ${JSON.stringify(charset.slice(0, 40))} is not supported`
          : undefined;
  if (problem !== undefined) {
    throw new HttpProblem(
      415,
      'E_UNSUPPORTED_MEDIA_TYPE',
      `${problem}: send the body as JSON with Content-Type: application/json (UTF-8)`,
    );
  }
}

/**
 * Parses a request body as JSON with core's `parseJson`: linear time, nesting at most
 * `maxDepth` levels.
 *
 * @param text - the body
 * @param maxDepth - deepest nesting accepted
 * @param subject - what the body is, for messages
 * @returns the parsed value
 * @throws {HttpProblem} 400 `E_JSON_TOO_DEEP` beyond `maxDepth`; 400 `E_BAD_JSON` for text that is not JSON
 * @example
 * ```ts
 * const value = parseJsonBody(await c.req.text(), 400, 'review');
 * ```
 */
export function parseJsonBody(text: string, maxDepth: number, subject: string): unknown {
  try {
    return parseJson(text, { maxDepth, subject: `${subject} body` });
  } catch (error) {
    if (!(error instanceof JsonTextError)) throw error;
    if (error.code === 'E_JSON_TOO_DEEP') {
      throw new HttpProblem(400, 'E_JSON_TOO_DEEP', error.message, {
        extensions: { maxDepth: error.maxDepth, offset: error.offset },
      });
    }
    throw new HttpProblem(400, 'E_BAD_JSON', `the ${subject} body is not valid JSON`);
  }
}

/**
 * Sets the nesting limit that `readJsonBody` applies to request bodies of this app.
 *
 * @param maxDepth - deepest nesting accepted (≥ 1)
 * @returns the Hono middleware
 * @example
 * ```ts
 * app.use('/api/*', jsonDepthLimit(400));
 * ```
 */
export function jsonDepthLimit(maxDepth: number = DEFAULT_MAX_JSON_DEPTH): MiddlewareHandler<RegistryEnv> {
  const depth = Math.max(1, Math.floor(maxDepth));
  return async (c, next) => {
    c.set('maxJsonDepth', depth);
    await next();
  };
}
