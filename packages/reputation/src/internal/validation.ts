import { ValidationError, type ValidationIssue } from '@pollinate/core/model';

/**
 * The hand-written checks of the hot loops: an issue collector, range checks, plain-object
 * tests and a strict ISO 8601 time reader. Core's zod schemas stay the definition of valid;
 * these checks run where a million reviews are read and defer to the schema when in doubt.
 *
 * - **Requirement:** validate a million reviews within screening's budget of about 2 s,
 *   with exactly `ReviewSchema`'s verdicts (one definition of a valid review, issue 20).
 * - **Oracle tests:** `review-screening.schema.property.test.ts` (*screenReviews accepts a
 *   review iff ReviewSchema does*), `validation.test.ts` (`toEpochMs` agrees with
 *   `Date.parse` on every `toISOString` form, rejects impossible dates).
 * - **Plain alternative:** parsing every review with `ReviewSchema`. No A/B of that alone
 *   was recorded (do not quote one); what was measured is that making the pre-check exactly
 *   as strict as the schema cost +1.0 % CPU (2,097 → 2,117 ms) on 1M reviews (README
 *   *Benchmark*, "One definition of a valid review").
 */

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
  const fast = parseUtcIso(value);
  if (fast !== undefined) return fast;
  // Date.parse accepts odd forms and rolls impossible dates over; require the ISO 8601
  // shape and real calendar values first.
  const match = ISO_DATE_TIME.exec(value);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const hour = match[4] === undefined ? 0 : Number(match[4]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23) return undefined;
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

/** True for an object (not null, not an array); unlike {@link isRecord}, does not narrow the type. */
export function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!;
}

/** The value of the two decimal digits at `start`, or −1 when one of them is not a digit. */
function twoDigits(text: string, start: number): number {
  const tens = text.charCodeAt(start) - 48;
  const ones = text.charCodeAt(start + 1) - 48;
  // `>>> 0` turns a code below '0' into a large number, so one comparison checks each digit.
  return tens >>> 0 <= 9 && ones >>> 0 <= 9 ? tens * 10 + ones : -1;
}

/** Days before the first of each month (March-based year: index 0 is March, 11 is February). */
const DAYS_BEFORE_MONTH_FROM_MARCH = [0, 31, 61, 92, 122, 153, 184, 214, 245, 275, 306, 337];

/**
 * Days from 1970-01-01 to a date of the proleptic Gregorian calendar (Howard Hinnant's
 * `days_from_civil`, "chrono-Compatible Low-Level Date Algorithms", 2013), for years ≥ 1,
 * in integer arithmetic (the day of the year from a table of the March-based months).
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = (y / 400) | 0;
  const yearOfEra = y - era * 400;
  const dayOfYear = DAYS_BEFORE_MONTH_FROM_MARCH[month > 2 ? month - 3 : month + 9]! + day - 1;
  const dayOfEra = yearOfEra * 365 + (yearOfEra >> 2) - ((yearOfEra / 100) | 0) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/**
 * Fast path for the common `YYYY-MM-DDTHH:MM:SS[.sss]Z` form (what `toISOString` writes),
 * read by character codes, without a regular expression, `Date.parse` or `Date.UTC`;
 * `undefined` for anything else (also for a value that is not a string).
 */
export function parseUtcIso(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined;
  const length = text.length;
  if (length !== 20 && length !== 24) return undefined;
  if (
    text.charCodeAt(4) !== 45 || // -
    text.charCodeAt(7) !== 45 ||
    text.charCodeAt(10) !== 84 || // T
    text.charCodeAt(13) !== 58 || // :
    text.charCodeAt(16) !== 58 ||
    text.charCodeAt(length - 1) !== 90 || // Z
    (length === 24 && text.charCodeAt(19) !== 46) // .
  )
    return undefined;
  const century = twoDigits(text, 0);
  const yearOfCentury = twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  const second = twoDigits(text, 17);
  let millisecond = 0;
  if (length === 24) {
    const hundreds = text.charCodeAt(20) - 48;
    const rest = twoDigits(text, 21);
    if (hundreds >>> 0 > 9 || rest < 0) return undefined;
    millisecond = hundreds * 100 + rest;
  }
  if (century < 0 || yearOfCentury < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23)
    return undefined;
  if (minute < 0 || minute > 59 || second < 0 || second > 59) return undefined;
  const year = century * 100 + yearOfCentury;
  if (day > daysInMonth(year, month)) return undefined;
  return (
    daysFromCivil(year, month, day) * MS_PER_DAY +
    hour * 3_600_000 +
    minute * 60_000 +
    second * 1000 +
    millisecond
  );
}
