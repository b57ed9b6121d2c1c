import type { Context } from 'hono';
import { z } from 'zod';
import { HttpProblem } from '../problem.js';

/** Longest `Idempotency-Key` accepted, in characters (it becomes a review id, which has at most 200). */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 200;

/**
 * An `Idempotency-Key` header value: 1–200 printable ASCII characters (space to `~`, not
 * starting or ending with a space), as the IETF idempotency-key draft's string keys; a UUID
 * is typical. The client sends a review's own id as its key.
 *
 * @example
 * ```ts
 * IdempotencyKeySchema.parse('0b5c6f2e-8d3a-4c1e-9f7a-2d4b6e8a0c1f');
 * ```
 */
export const IdempotencyKeySchema = z
  .string()
  .min(1, 'must not be empty')
  .max(MAX_IDEMPOTENCY_KEY_LENGTH, `must be at most ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`)
  .regex(/^(?:[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?)?$/, 'must be printable ASCII characters');

/**
 * The request's `Idempotency-Key`, validated.
 *
 * @param c - request context
 * @returns the key, or `undefined` when the header is absent
 * @throws {HttpProblem} 400 `E_VALIDATION` with an issue at `['Idempotency-Key']` for an empty, over-long, non-ASCII or control-character key
 * @example
 * ```ts
 * const key = idempotencyKeyOf(c);
 * ```
 */
export function idempotencyKeyOf(c: Context): string | undefined {
  const value = c.req.header('idempotency-key');
  if (value === undefined) return undefined;
  const result = IdempotencyKeySchema.safeParse(value);
  if (result.success) return result.data;
  const message = result.error.issues[0]?.message ?? 'is not valid';
  throw new HttpProblem(400, 'E_VALIDATION', `Invalid Idempotency-Key header: ${message}`, {
    issues: [{ path: ['Idempotency-Key'], message }],
  });
}
