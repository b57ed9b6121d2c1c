import { ValidationError, type ValidationIssue } from '@pollinate/core';

/** Milliseconds in one day. */
export const MS_PER_DAY = 86_400_000;

/**
 * Collects validation issues and throws them together as one {@link ValidationError}.
 * Internal: keeps the hand-written checks of the hot loops cheap and uniform.
 */
export class IssueCollector {
  readonly issues: ValidationIssue[] = [];
  constructor(readonly subject: string) {}

  add(path: (string | number)[], message: string): void {
    // A flood of bad rows reports the first hundred; the error says there are more.
    if (this.issues.length < 100) this.issues.push({ path, message });
  }

  throwIfAny(): void {
    if (this.issues.length > 0) throw new ValidationError(this.issues, this.subject);
  }
}

/** Throws a {@link ValidationError} with one issue. */
export function fail(path: (string | number)[], message: string, subject: string): never {
  throw new ValidationError([{ path, message }], subject);
}

/**
 * Parses a time given as an ISO 8601 string or a `Date` to epoch milliseconds.
 *
 * @returns epoch milliseconds, or `undefined` when the value is not a valid time
 */
export function toEpochMs(value: unknown): number | undefined {
  if (value instanceof Date) {
    const ms = value.getTime();
    return Number.isFinite(ms) ? ms : undefined;
  }
  if (typeof value !== 'string' || value.length < 10 || value.length > 40) return undefined;
  // Date.parse accepts odd forms; require the ISO 8601 date shape first.
  if (!/^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(value)) {
    return undefined;
  }
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}

/** Requires a finite number within [min, max]. */
export function requireNumber(
  value: unknown,
  path: (string | number)[],
  subject: string,
  min: number,
  max: number,
): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(path, 'must be a finite number', subject);
  if (value < min || value > max) fail(path, `must be between ${min} and ${max}`, subject);
  return value;
}

/** True for a plain object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True for an object (not null, not an array); unlike {@link isRecord}, does not narrow the type. */
export function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
