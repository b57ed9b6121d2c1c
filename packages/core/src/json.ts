import { isErrorOf, PollinateError } from './errors.js';

/**
 * Deepest nesting of arrays and objects {@link parseJson} accepts by default: 400 levels.
 * Every Pollinate schema nests far less (a pattern package is under 10 levels deep), and
 * RFC 8259 §9 lets a parser limit nesting.
 */
export const DEFAULT_MAX_JSON_DEPTH = 400;

/** Options of {@link parseJson}. */
export interface ParseJsonOptions {
  /** Deepest nesting of arrays and objects accepted (≥ 1; the root array or object is level 1). @default 400 ({@link DEFAULT_MAX_JSON_DEPTH}) */
  maxDepth?: number;
  /** What the text is, for messages (e.g. `'pattern package'`). @default 'JSON text' */
  subject?: string;
}

/**
 * Why {@link parseJson} refused a text: `code` is `E_JSON_TOO_DEEP` (nested deeper than
 * the limit) or `E_BAD_JSON` (not JSON at all); `offset` is the UTF-16 index where the
 * limit was crossed (for `E_BAD_JSON`, `-1`: the platform's parser does not say).
 *
 * @example
 * ```ts
 * try { parseJson('[[[1]]]', { maxDepth: 2 }); }
 * catch (error) { if (error instanceof JsonTextError) console.log(error.code, error.offset); } // E_JSON_TOO_DEEP 2
 * ```
 */
export class JsonTextError extends PollinateError {
  /** UTF-16 index in the text where the problem was found; `-1` when unknown. */
  readonly offset: number;
  /** The depth limit that applied. */
  readonly maxDepth: number;

  /**
   * @param code - `E_JSON_TOO_DEEP` or `E_BAD_JSON`
   * @param message - human-readable explanation
   * @param offset - where in the text, or `-1`
   * @param maxDepth - the depth limit that applied
   */
  constructor(code: 'E_JSON_TOO_DEEP' | 'E_BAD_JSON', message: string, offset: number, maxDepth: number) {
    super(code, message);
    this.offset = offset;
    this.maxDepth = maxDepth;
  }
}

/**
 * Type guard for {@link JsonTextError}: checks `name` and `code`, not class identity, so it works
 * across package copies (ESM and CJS builds loaded together).
 *
 * @param error - anything caught
 * @returns `true` when JSON text was malformed or nested too deeply
 * @example
 * ```ts
 * if (isJsonTextError(error)) console.log(error.code, error.offset);
 * ```
 */
export function isJsonTextError(error: unknown): error is JsonTextError {
  return isErrorOf(error, 'JsonTextError', ['E_JSON_TOO_DEEP', 'E_BAD_JSON']);
}

/**
 * The first place where `text` nests arrays and objects deeper than `maxDepth`, or `-1`
 * when it never does. One pass over the text in constant memory: a depth counter, and
 * strings skipped whole with the native `indexOf` (brackets inside them do not count, an
 * escaped quote does not end them). The text need
 * not be valid JSON: this only measures nesting, {@link parseJson} then lets `JSON.parse`
 * judge the rest.
 *
 * @param text - JSON text (any string)
 * @param maxDepth - deepest nesting allowed (≥ 0)
 * @returns UTF-16 index of the opening bracket that goes one level too deep, or `-1`
 * @example
 * ```ts
 * jsonDepthExceededAt('{"a":[[1]]}', 2); // 6 (the second "[")
 * jsonDepthExceededAt('{"a":"[[[[["}', 2); // -1 (brackets inside a string)
 * ```
 */
export function jsonDepthExceededAt(text: string, maxDepth: number): number {
  let depth = 0;
  const length = text.length;
  for (let index = 0; index < length; index++) {
    const code = text.charCodeAt(index);
    if (code === 0x22 /* " */) {
      // Jump to the closing quote with the native search: a quote is escaped when an odd run
      // of backslashes precedes it. Each run is counted once, so this stays linear.
      let close = text.indexOf('"', index + 1);
      while (close !== -1) {
        let backslashes = 0;
        while (text.charCodeAt(close - 1 - backslashes) === 0x5c /* \ */) backslashes++;
        if (backslashes % 2 === 0) break;
        close = text.indexOf('"', close + 1);
      }
      if (close === -1) return -1; // an unterminated string: JSON.parse reports it
      index = close;
    } else if (code === 0x5b /* [ */ || code === 0x7b /* { */) {
      if (++depth > maxDepth) return index;
    } else if (code === 0x5d /* ] */ || code === 0x7d /* } */) {
      depth--;
    }
  }
  return -1;
}

/**
 * Parses JSON text from outside (a request body, a file, a message) in time linear in its
 * length, refusing nesting deeper than a limit before `JSON.parse` sees it. Deeply nested
 * input is the classic way to make a parser, and every recursive walk after it (schema
 * validation, canonical JSON, `structuredClone`), take quadratic time or overflow the
 * stack; the limit keeps all of them bounded.
 *
 * @param text - the JSON text
 * @param options - see {@link ParseJsonOptions}
 * @returns the parsed value (plain data: objects, arrays, strings, numbers, booleans, `null`);
 *   keys such as `__proto__` stay own keys, as `JSON.parse` makes them (core's `parseWith` rejects them)
 * @throws {@link JsonTextError} `E_JSON_TOO_DEEP` when nesting exceeds `maxDepth`;
 *   `E_BAD_JSON` when the text is not JSON
 * @example
 * ```ts
 * parseJson('{"id":"acme/retry"}'); // { id: 'acme/retry' }
 * try {
 *   parseJson('['.repeat(1_000_000)); // refused after 401 characters, in microseconds
 * } catch (error) {
 *   if (error instanceof JsonTextError) console.log(error.code); // 'E_JSON_TOO_DEEP'
 * }
 * ```
 */
export function parseJson(text: string, options: ParseJsonOptions = {}): unknown {
  const maxDepth = Math.max(1, Math.floor(options.maxDepth ?? DEFAULT_MAX_JSON_DEPTH));
  const subject = options.subject ?? 'JSON text';
  const tooDeepAt = jsonDepthExceededAt(text, maxDepth);
  if (tooDeepAt >= 0) {
    throw new JsonTextError(
      'E_JSON_TOO_DEEP',
      `the ${subject} nests arrays and objects deeper than ${maxDepth} levels (at character ${tooDeepAt})`,
      tooDeepAt,
      maxDepth,
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new JsonTextError(
      'E_BAD_JSON',
      `the ${subject} is not valid JSON: ${(error as Error).message}`,
      -1,
      maxDepth,
    );
  }
}
