/**
 * ISO 8601 time stamps, the first token of most log lines: found at a position, and skipped
 * where a line's message begins.
 */

/** An ISO 8601 date, or date and time with seconds, fraction and offset optional, from the start of a token. */
const ISO_TIMESTAMP =
  /\d{4}-[01]\d-[0-3]\d(?:T[0-2]\d:[0-5]\d(?::[0-6]\d(?:[.,]\d{1,9})?)?(?:Z|[+-][0-2]\d(?::?[0-5]\d)?)?)?/y;

/**
 * Where an ISO 8601 date or date-time that starts at `start` of `text` ends.
 *
 * @param text - the text
 * @param start - where the stamp would start
 * @returns the index just past the stamp, or -1 when none starts there
 */
export function isoTimestampEnd(text: string, start: number): number {
  const first = text.charCodeAt(start);
  if (first < 0x30 || first > 0x39 || text.charCodeAt(start + 4) !== 0x2d) return -1;
  ISO_TIMESTAMP.lastIndex = start;
  return ISO_TIMESTAMP.test(text) ? ISO_TIMESTAMP.lastIndex : -1;
}

/**
 * The time after a date and a space, as Python's `logging`, log4j and syslog-style loggers write
 * it (`2026-11-02 10:31:10,123`): hours, minutes, seconds and a fraction optional.
 */
const SPACED_TIME = /[0-2]\d:[0-5]\d(?::[0-6]\d(?:[.,]\d{1,9})?)?/y;

/** Log levels that may stand between a line's time stamp and its message. */
const LOG_LEVELS = new Set([
  'TRACE',
  'DEBUG',
  'INFO',
  'NOTICE',
  'WARN',
  'WARNING',
  'ERROR',
  'FATAL',
  'CRITICAL',
]);

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

/**
 * Where the message of a log line begins when the line opens with an ISO 8601 time stamp
 * (`2026-11-02T10:31:10.370Z …`), or a date, a space and a time (`2026-11-02 10:31:10,123 …`,
 * `[2026-11-02 10:31:10] …`): after the stamp, its blanks and a log level (`INFO`, `[WARN]`,
 * `ERROR:`). Its digits' values play no
 * part but through the stamp's form, as the line deduplication requires.
 *
 * @param text - the text
 * @param start - where the line's content starts
 * @param end - where the line ends
 * @returns where the message begins, or `start` when the line opens with no time stamp
 *   followed by a blank
 */
export function messageStart(text: string, start: number, end: number): number {
  const open = text.charCodeAt(start) === 0x5b ? 1 : 0;
  let stampEnd = isoTimestampEnd(text, start + open);
  if (stampEnd === -1 || stampEnd >= end) return start;
  // A date alone, then a space and a time (`2026-11-02 10:31:10,123`).
  if (stampEnd === start + open + 10 && text.charCodeAt(stampEnd) === 0x20) {
    SPACED_TIME.lastIndex = stampEnd + 1;
    if (SPACED_TIME.test(text) && SPACED_TIME.lastIndex <= end) stampEnd = SPACED_TIME.lastIndex;
  }
  let i = stampEnd;
  if (open === 1) {
    if (text.charCodeAt(i) !== 0x5d) return start;
    i++;
  }
  if (i >= end || !isBlank(text.charCodeAt(i))) return start;
  while (i < end && isBlank(text.charCodeAt(i))) i++;
  // A log level, bare, bracketed or with a colon, then blanks.
  let level = i;
  const bracket = text.charCodeAt(level) === 0x5b;
  if (bracket) level++;
  let levelEnd = level;
  while (
    levelEnd < end &&
    levelEnd - level < 8 &&
    text.charCodeAt(levelEnd) >= 0x41 &&
    text.charCodeAt(levelEnd) <= 0x5a
  )
    levelEnd++;
  if (levelEnd > level && LOG_LEVELS.has(text.slice(level, levelEnd))) {
    let after = levelEnd;
    if (bracket ? text.charCodeAt(after) === 0x5d : text.charCodeAt(after) === 0x3a) after++;
    else if (bracket) return i;
    if (after < end && isBlank(text.charCodeAt(after))) {
      while (after < end && isBlank(text.charCodeAt(after))) after++;
      return after;
    }
  }
  return i;
}
