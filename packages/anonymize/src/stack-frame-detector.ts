/**
 * Stack-trace frame detector: finds the frame lines of JavaScript (V8), Java, .NET,
 * Python, Go, Ruby and PHP traces. Frames reveal file paths, package names and source
 * code; they go. The exception type and message lines (`java.net.SocketTimeoutException:
 * connect timed out`, `Traceback (most recent call last):`, `Caused by: …`,
 * `goroutine 1 [running]:`) stay, and go through the other detectors.
 */
import type { Finding } from './findings.js';
import { messageStart } from './time-stamps.js';

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** Whether `line` ends with `:<digits>` (one group) — `file.go:42`, `Foo.cs:line 42`. */
function endsWithNumber(line: string, from: number): number {
  let i = line.length;
  while (i > from && isDigit(line.charCodeAt(i - 1))) i--;
  return i < line.length ? i : -1;
}

/** Whether `line` ends with `:<line>:<column>` (V8 frames without a function name). */
function endsWithLineAndColumn(line: string): boolean {
  const column = endsWithNumber(line, 0);
  if (column <= 0 || line.charCodeAt(column - 1) !== 0x3a) return false;
  const row = endsWithNumber(line.slice(0, column - 1), 0);
  return row > 0 && line.charCodeAt(row - 1) === 0x3a;
}

function isFunctionNameChar(c: number): boolean {
  return c > 0x20 && c !== 0x28 && c !== 0x29;
}

/**
 * `at …` frames of V8 (`at fn (file:1:2)`, `at file:1:2`, `at async fn (…)`,
 * `at new Foo (…)`), Java (`at com.acme.Foo.bar(Foo.java:42)`, `at java.base/…`) and
 * .NET (`at Acme.Foo.Bar() in C:\src\Foo.cs:line 42`).
 */
function isAtFrame(line: string): boolean {
  if (!line.startsWith('at ')) return false;
  let i = 3;
  if (line.startsWith('async ', i)) i += 6;
  if (line.startsWith('new ', i)) i += 4;
  const nameStart = i;
  while (i < line.length && isFunctionNameChar(line.charCodeAt(i))) i++;
  const name = line.slice(nameStart, i);
  if (name.length === 0) return line.startsWith('(', i) && line.endsWith(')');
  if (i === line.length) return /[./:<\\]/.test(name) && (endsWithLineAndColumn(name) || name.includes('/'));
  const rest = line.slice(i);
  if (rest.startsWith('(') || rest.startsWith(' (')) {
    return line.endsWith(')') || (rest.includes(') in ') && /:line \d+$/.test(rest));
  }
  return false;
}

/** Python `File "…", line N, in fn` frame lines. */
function isPythonFrame(line: string): boolean {
  return line.startsWith('File "') && line.includes('", line ');
}

/** Go source-position lines: `/home/u/app/main.go:42 +0x1d`. */
function isGoPositionLine(line: string): boolean {
  if (!line.includes('.go:')) return false;
  let end = line.length;
  const plus = line.lastIndexOf(' +0x');
  if (plus !== -1) end = plus;
  const number = endsWithNumber(line.slice(0, end), 0);
  return number > 3 && line.startsWith('.go:', number - 4);
}

/** Go function lines: `main.(*Server).Handle(0xc000123, {0x1, 0x2})` or `main.main()`. */
function isGoFunctionLine(line: string): boolean {
  if (!line.endsWith(')')) return false;
  const open = line.indexOf('(');
  return open > 0 && !line.slice(0, open).includes(' ') && line.slice(0, open).includes('.');
}

/** Ruby (`from /app/x.rb:10:in 'block'`) and PHP (`#0 /var/www/x.php(12): fn()`, `#1 {main}`) frames. */
function isOtherFrame(line: string): boolean {
  if (line.startsWith('from ') && line.includes(':in ')) return true;
  if (line.startsWith('#') && /^#\d{1,4} (?:\/|[A-Za-z]:\\|\{main\}|\[internal)/.test(line)) return true;
  if (line.startsWith('created by ')) return true;
  if (line.startsWith('--- End of ') && line.endsWith('---')) return true;
  return line.startsWith('... ') && / \d+ more$/.test(line);
}

/** Where the content of the line `[start, end)` ends: before a `\r` at its end. */
function contentEndOf(text: string, start: number, end: number): number {
  return end > start && text.charCodeAt(end - 1) === 0x0d ? end - 1 : end;
}

/**
 * Where the content of a line starting at `start` begins: after its spaces and tabs, and after
 * the ISO 8601 time stamp (and log level) a logger may write before each line of a trace (not
 * past `contentEnd`).
 */
function contentStartOf(text: string, start: number, contentEnd: number): number {
  let contentStart = start;
  while (
    contentStart < contentEnd &&
    (text.charCodeAt(contentStart) === 0x20 || text.charCodeAt(contentStart) === 0x09)
  )
    contentStart++;
  return messageStart(text, contentStart, contentEnd);
}

/** First characters of the frames the predicates above know by their start (`at `, `from `, `#1 `, `created by `, `--- End of `, `... `, `File "`). */
const MAY_OPEN_FRAME = new Set([...'af#c-.F'].map((char) => char.charCodeAt(0)));

/**
 * Finds stack-frame lines and reports each run of consecutive frame lines as one
 * `stack-frame` finding (from the first frame's first non-blank character to the last
 * frame's line end). Python frames take the indented source line after them and any
 * `^^^^` marker line; Go frames take the function line before a `.go:N` position line.
 * Linear: each line is looked at a bounded number of times.
 *
 * Known limits: frames of other languages, and frames reformatted by a logger onto
 * one line with other text, are not recognised.
 */
export function findStackFrames(text: string, out: Finding[]): void {
  let runStart = -1;
  let runEnd = -1;
  // The line before (its content span, whether it is a Go function line, whether it was a frame).
  let previousStart = -1;
  let previousEnd = -1;
  let previousGoFunction = false;
  let previousFrame = false;
  let pythonIndent = -1;
  let lineStart = 0;
  const flush = () => {
    if (runStart !== -1) out.push({ kind: 'stack-frame', start: runStart, end: runEnd, rule: 'stack-frame' });
    runStart = -1;
  };
  const extend = (start: number, end: number) => {
    if (runStart === -1) runStart = start;
    runEnd = end;
  };
  /** The next `.go:` at or after the current line (Go position lines have one), or -1. */
  let nextGo = text.indexOf('.go:');
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    const contentEnd = contentEndOf(text, lineStart, lineEnd);
    const contentStart = contentStartOf(text, lineStart, contentEnd);
    const indent = contentStart - lineStart;
    if (nextGo !== -1 && nextGo < contentStart) nextGo = text.indexOf('.go:', contentStart);
    // A line is a frame by its own text only with a frame's first character, a `.go:` or a `)`
    // at its end; the others (most lines) are read without making a string of them.
    const byText =
      contentStart < contentEnd &&
      (MAY_OPEN_FRAME.has(text.charCodeAt(contentStart)) ||
        text.charCodeAt(contentEnd - 1) === 0x29 ||
        (nextGo !== -1 && nextGo < contentEnd));
    const line = byText ? text.slice(contentStart, contentEnd) : '';
    let frame = false;
    if (contentStart < contentEnd) {
      const python = byText && isPythonFrame(line);
      // The source line (or `^^^` markers) under a Python frame.
      const underPython = pythonIndent !== -1 && indent > pythonIndent;
      if (byText && (isAtFrame(line) || isOtherFrame(line))) frame = true;
      else if (python) {
        frame = true;
        pythonIndent = indent;
      } else if (underPython) frame = true;
      else if (byText && isGoPositionLine(line)) {
        frame = true;
        if (previousGoFunction && !previousFrame) extend(previousStart, previousEnd);
      }
      if (!python && !underPython) pythonIndent = -1;
      if (frame) extend(contentStart, contentEnd);
      else flush();
    }
    previousStart = contentStart;
    previousEnd = contentEnd;
    previousGoFunction = byText && isGoFunctionLine(line);
    previousFrame = frame;
    lineStart = lineEnd + 1;
  }
  flush();
}

/**
 * Whether the line `text[start, end)` is a stack frame by its own text, as
 * {@link findStackFrames} reads it (blanks before it and a `\r` after it set aside), without
 * the lines around it: every frame but a Python frame's indented source line and a Go
 * function line. A frame found by context needs such a line before or after it.
 *
 * @param text - the text
 * @param start - where the line starts
 * @param end - where it ends (its line feed, or the end of the text)
 */
export function isFrameByItself(text: string, start: number, end: number): boolean {
  const contentEnd = contentEndOf(text, start, end);
  const contentStart = contentStartOf(text, start, contentEnd);
  if (contentStart === contentEnd) return false;
  const line = text.slice(contentStart, contentEnd);
  return isAtFrame(line) || isOtherFrame(line) || isPythonFrame(line) || isGoPositionLine(line);
}
