/**
 * The token scanner: splits text into tokens in one linear pass and classifies each
 * token with the single-token detectors. Tokens are runs of characters between
 * whitespace and the delimiters `"'`()<>{}[],;|` (and typographic quotes).
 */
import type { Finding, FindingKind } from './findings.js';
import { isUnixPath, isWindowsPathStart } from './location-detectors.js';
import { isEmailAddress, isIpv4, isIpv6, isMacAddress, isSensitiveHost } from './network-detectors.js';
import { AWS_RESOURCE_ID_PATTERN, UUID_PATTERN } from './patterns.js';
import { isIban } from './personal-data-detectors.js';
import {
  isBase64Credential,
  isHighEntropySecret,
  isInternalHostName,
  isPasswordLike,
  matchSecretFormat,
} from './secret-detectors.js';
import { isoTimestampEnd } from './time-stamps.js';

/** A classification of one token. */
export interface TokenClass {
  kind: FindingKind;
  rule: string;
}

/** Bit flags of the ASCII characters the scanner and the classifier look at. */
const DELIMITER = 1;
const DOT = 2;
const COLON = 4;
const AT = 8;
const SLASH = 16;
const BACKSLASH = 32;
const DIGIT = 64;
const EQUALS = 128;
const HYPHEN = 256;
/** Characters that make a token worth classifying: digits, `.`, `:`, `@`, `/`, `\`. */
const INTERESTING = DOT | COLON | AT | SLASH | BACKSLASH | DIGIT;

/** {@link DELIMITER}, {@link DOT}, … of each ASCII code unit: one table look-up per character. */
const CHARACTER_FLAGS = new Uint16Array(128);
for (const char of ' \t\n\r\f\v"\'`()<>{}[],;|') CHARACTER_FLAGS[char.charCodeAt(0)] = DELIMITER;
for (const char of '0123456789') CHARACTER_FLAGS[char.charCodeAt(0)] = DIGIT;
CHARACTER_FLAGS[0x2e] = DOT;
CHARACTER_FLAGS[0x3a] = COLON;
CHARACTER_FLAGS[0x40] = AT;
CHARACTER_FLAGS[0x2f] = SLASH;
CHARACTER_FLAGS[0x5c] = BACKSLASH;
CHARACTER_FLAGS[0x3d] = EQUALS;
CHARACTER_FLAGS[0x2d] = HYPHEN;

/** Distinct tokens whose classification one scan remembers (bounds its memory). */
const CLASSIFIED_LIMIT = 50_000;

/** Tokens at least this long are classified even without an interesting character (secrets, entropy). */
const LONG_TOKEN = 12;

function isDelimiter(c: number): boolean {
  if (c < 128) return CHARACTER_FLAGS[c] === DELIMITER;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200b) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff ||
    (c >= 0x2018 && c <= 0x201f) ||
    c === 0x00ab ||
    c === 0x00bb
  );
}

function isWhitespace(c: number): boolean {
  return (
    c === 0x20 ||
    c === 0x09 ||
    c === 0x0a ||
    c === 0x0d ||
    c === 0x0c ||
    c === 0x0b ||
    (c > 127 && isDelimiter(c))
  );
}

function isTrailingPunctuation(c: number): boolean {
  return c === 0x2e || c === 0x3a || c === 0x21 || c === 0x3f;
}

/** The flags ({@link DOT}, {@link DIGIT}, …) of the ASCII characters of `text` from `start` to `end`. */
function flagsOf(text: string, start: number, end: number): number {
  let flags = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 128) flags |= CHARACTER_FLAGS[c]!;
  }
  return flags;
}

function countOf(token: string, code: number): number {
  let count = 0;
  for (let i = 0; i < token.length; i++) if (token.charCodeAt(i) === code) count++;
  return count;
}

// One shared object per classification: the scanner copies kind and rule into each finding.
const ARN: Readonly<TokenClass> = { kind: 'resource-id', rule: 'arn' };
const AZURE_RESOURCE_ID: Readonly<TokenClass> = { kind: 'resource-id', rule: 'azure-resource-id' };
const GCP_RESOURCE_NAME: Readonly<TokenClass> = { kind: 'resource-id', rule: 'gcp-resource-name' };
const UUID: Readonly<TokenClass> = { kind: 'uuid', rule: 'uuid' };
const AWS_RESOURCE_ID: Readonly<TokenClass> = { kind: 'resource-id', rule: 'aws-resource-id' };
const MAC: Readonly<TokenClass> = { kind: 'mac', rule: 'mac-address' };
const IPV4: Readonly<TokenClass> = { kind: 'ip', rule: 'ipv4' };
const IPV6: Readonly<TokenClass> = { kind: 'ip', rule: 'ipv6' };
const EMAIL: Readonly<TokenClass> = { kind: 'email', rule: 'email' };
const UNIX_PATH: Readonly<TokenClass> = { kind: 'path', rule: 'unix-path' };
const WINDOWS_PATH: Readonly<TokenClass> = { kind: 'path', rule: 'windows-path' };
const HOST_PATH: Readonly<TokenClass> = { kind: 'url', rule: 'host-path' };
const DOMAIN: Readonly<TokenClass> = { kind: 'domain', rule: 'domain' };
const HIGH_ENTROPY: Readonly<TokenClass> = { kind: 'secret', rule: 'high-entropy' };
const PASSWORD_LIKE: Readonly<TokenClass> = { kind: 'secret', rule: 'password-like' };
const IBAN: Readonly<TokenClass> = { kind: 'iban', rule: 'iban' };
const BASE64_CREDENTIAL: Readonly<TokenClass> = { kind: 'secret', rule: 'base64-credential' };
const INTERNAL_HOST: Readonly<TokenClass> = { kind: 'domain', rule: 'internal-host-name' };

/**
 * Classifies one token (no whitespace or delimiters inside) with the single-token
 * detectors, most specific first: secret formats, ARNs and cloud resource ids, UUIDs,
 * MAC and IP addresses, emails, paths, `host/path`, host names, high-entropy strings.
 *
 * @param token - the token, without trailing sentence punctuation
 * @returns its kind and rule, or `null` when nothing matched
 */
export function classifyToken(token: string): Readonly<TokenClass> | null {
  return classifyWithFlags(token, flagsOf(token, 0, token.length));
}

/**
 * {@link classifyToken} with the token's character flags already known (the scanner
 * collects them while it splits the text). Each detector runs only when the token has
 * the characters its format needs: an IPv4 address has digits and dots, an email an
 * `@`, a host name a dot; a token without any is rejected with a few bit tests.
 */
function classifyWithFlags(token: string, flags: number): Readonly<TokenClass> | null {
  const length = token.length;
  if (length >= 14) {
    const rule = matchSecretFormat(token);
    if (rule) return { kind: 'secret', rule };
  }
  const first = token.charCodeAt(0);
  if (
    (first === 0x61 || first === 0x41) &&
    (token.charCodeAt(1) | 0x20) === 0x72 &&
    (token.charCodeAt(2) | 0x20) === 0x6e &&
    token.charCodeAt(3) === 0x3a &&
    countOf(token, 0x3a) >= 4
  )
    return ARN;
  const slash = (flags & SLASH) !== 0;
  if (slash) {
    const lower = token.slice(0, 16).toLowerCase();
    if (lower.startsWith('/subscriptions/')) return AZURE_RESOURCE_ID;
    if (lower.startsWith('projects/') || (lower.startsWith('//') && token.includes('/projects/')))
      return GCP_RESOURCE_NAME;
  }
  if (length === 36 && (flags & HYPHEN) !== 0 && UUID_PATTERN.test(token)) return UUID;
  const digit = (flags & DIGIT) !== 0;
  if (
    length >= 10 &&
    length <= 30 &&
    digit &&
    (flags & HYPHEN) !== 0 &&
    first >= 0x61 &&
    first <= 0x7a &&
    AWS_RESOURCE_ID_PATTERN.test(token)
  )
    return AWS_RESOURCE_ID;
  if ((length === 17 || length === 14) && isMacAddress(token)) return MAC;
  const dot = (flags & DOT) !== 0;
  if (digit && dot && countOf(token, 0x2e) === 3 && isIpv4(token)) return IPV4;
  if ((flags & COLON) !== 0 && countOf(token, 0x3a) >= 2 && isIpv6(token)) return IPV6;
  if ((flags & AT) !== 0 && isEmailAddress(token)) return EMAIL;
  if (slash && isUnixPath(token)) return UNIX_PATH;
  if ((flags & BACKSLASH) !== 0 && isWindowsPathStart(token)) return WINDOWS_PATH;
  if (slash && dot && first !== 0x2f) {
    const host = token.slice(0, token.indexOf('/'));
    if (host.includes('.') && isSensitiveHost(host)) return HOST_PATH;
  }
  if (dot && isSensitiveHost(token)) return DOMAIN;
  if (digit && length >= 15 && length <= 34 && isIban(token)) return IBAN;
  if (length >= 12 && isBase64Credential(token)) return BASE64_CREDENTIAL;
  if (digit && (flags & HYPHEN) !== 0 && isInternalHostName(token)) return INTERNAL_HOST;
  if (length >= 20 && isHighEntropySecret(token)) return HIGH_ENTROPY;
  if (digit && isPasswordLike(token)) return PASSWORD_LIKE;
  return null;
}

/** Whether the word before `start` is `v`, `ver` or `version` (so `5.1.1.0` is a version, not an address). */
function precededByVersionWord(text: string, start: number): boolean {
  let i = start;
  while (i > 0 && text.charCodeAt(i - 1) === 0x20) i--;
  let j = i;
  while (j > 0 && i - j < 8 && /[A-Za-z]/.test(text.charAt(j - 1))) j--;
  const word = text.slice(j, i).toLowerCase();
  return word === 'v' || word === 'ver' || word === 'version';
}

function trimToken(text: string, start: number, end: number): number {
  let stop = end;
  while (stop > start && isTrailingPunctuation(text.charCodeAt(stop - 1))) stop--;
  return stop;
}

/** Ends a Windows path that may contain spaces: takes up to three following words while one of them has a `\`. */
function extendWindowsPath(text: string, end: number): number {
  let stop = end;
  for (;;) {
    let cursor = stop;
    let found = -1;
    for (let word = 0; word < 3; word++) {
      if (text.charCodeAt(cursor) !== 0x20) break;
      let wordEnd = cursor + 1;
      let backslash = false;
      while (wordEnd < text.length) {
        const c = text.charCodeAt(wordEnd);
        if (
          c === 0x20 ||
          c === 0x0a ||
          c === 0x0d ||
          c === 0x09 ||
          c === 0x22 ||
          c === 0x27 ||
          c === 0x3c ||
          c === 0x3e ||
          c === 0x7c
        )
          break;
        if (c === 0x5c) backslash = true;
        wordEnd++;
      }
      if (wordEnd === cursor + 1) break;
      cursor = wordEnd;
      if (backslash) {
        found = wordEnd;
        break;
      }
    }
    if (found === -1) return stop;
    stop = found;
  }
}

/** Whether `text[start, end)` is exactly an ISO 8601 date or date-time. */
function isIsoTimestamp(text: string, start: number, end: number): boolean {
  return isoTimestampEnd(text, start) === end;
}

/**
 * Where the time stamp that opens a log line ends: an ISO 8601 date or date-time at the
 * start of `line`, or just after a `[` there, followed by a delimiter or the end of the line
 * (`2026-11-02T10:31:10.370Z INFO …`; in `[2026-11-02 10:31:10] …`, the date alone). The
 * scanner reads such a token as one ISO 8601 token: it lists none of its digits among the
 * digit ranges and classifies nothing in it, and the other detectors read digits by class,
 * never by value, outside the digit ranges. So the values of its digits change no finding
 * of the line (a property test checks this).
 *
 * @param line - one line (no line feed)
 * @returns the index just past the time stamp, or 0 when the line opens with none
 */
export function leadingTimestampEnd(line: string): number {
  const start = line.charCodeAt(0) === 0x5b ? 1 : 0;
  const end = isoTimestampEnd(line, start);
  if (end === -1) return 0;
  const next = line.charCodeAt(end);
  return end === line.length || (next < 128 ? CHARACTER_FLAGS[next] === DELIMITER : isDelimiter(next))
    ? end
    : 0;
}

/** Budget hook: called every few thousand tokens; throws to abort the scan. */
export type BudgetCheck = () => void;

/**
 * Scans `text` token by token and appends a finding for every token (or `=`/`:`
 * separated piece of a token) that {@link classifyToken} recognises. Windows paths are
 * taken across spaces; IPv4-shaped tokens after `v`/`version` are left alone. Linear in
 * the length of the text.
 *
 * @param text - the text to scan
 * @param out - where findings are appended
 * @param checkBudget - called every 2,048 tokens
 * @param digitRanges - when given, receives `start, end` pairs (sorted, disjoint) of the
 *   stretches of `text` the scanner read as tokens that hold a decimal digit: every digit
 *   of the text lies in one of them (digits are never delimiters) except the digits of a
 *   token that is an ISO 8601 date or date-time, so digit-run detection can skip everything else
 */
export function scanTokens(
  text: string,
  out: Finding[],
  checkBudget: BudgetCheck,
  digitRanges?: number[],
): void {
  const length = text.length;
  let i = 0;
  let tokens = 0;
  // Logs repeat their tokens (regions, instance types, host names, error codes): each distinct
  // token is classified once per scan (the classification is a function of the token alone).
  const classified = new Map<string, Readonly<TokenClass> | null>();
  while (i < length) {
    const c = text.charCodeAt(i);
    if (c < 128 ? CHARACTER_FLAGS[c] === DELIMITER : isDelimiter(c)) {
      i++;
      continue;
    }
    const start = i;
    // An ISO 8601 date or date-time (`2026-11-02T10:31:10.370Z`), a line's first token in most
    // logs: a technical fact, kept, and nothing any detector looks into. Checked first, so its
    // characters are not read one by one (the same test as below, where such a token with
    // trailing punctuation would be trimmed and compared).
    if (c <= 0x39 && c >= 0x30 && text.charCodeAt(i + 4) === 0x2d) {
      let stampEnd = isoTimestampEnd(text, i);
      if (stampEnd !== -1) {
        while (stampEnd < length && isTrailingPunctuation(text.charCodeAt(stampEnd))) stampEnd++;
        const next = text.charCodeAt(stampEnd);
        if (stampEnd === length || (next < 128 ? CHARACTER_FLAGS[next] === DELIMITER : isDelimiter(next))) {
          if (++tokens % 2048 === 0) checkBudget();
          i = stampEnd;
          continue;
        }
      }
    }
    // Windows paths keep their parentheses and can contain spaces.
    const windows =
      (i + 2 < length && text.charCodeAt(i + 1) === 0x3a && text.charCodeAt(i + 2) === 0x5c) ||
      (c === 0x5c && text.charCodeAt(i + 1) === 0x5c);
    let flags = 0;
    if (windows) {
      while (i < length && !isWhitespace(text.charCodeAt(i)) && !'"\'<>|,;'.includes(text.charAt(i))) i++;
    } else {
      for (; i < length; i++) {
        const code = text.charCodeAt(i);
        if (code < 128) {
          const flag = CHARACTER_FLAGS[code]!;
          if (flag === DELIMITER) break;
          flags |= flag;
        } else if (isDelimiter(code)) break;
      }
    }
    if (++tokens % 2048 === 0) checkBudget();
    // A short plain word (letters, `-`, `_`; most tokens): nothing the detectors look for, and no
    // digit to list (the test below, before trimming: trimming only shortens a token).
    if (!windows && (flags & INTERESTING) === 0 && i - start < LONG_TOKEN) continue;
    let end = trimToken(text, start, i);
    // An ISO 8601 date or date-time (`2026-11-02T10:31:10.370Z`), a line's first token in
    // most logs: a technical fact, kept, and nothing any detector looks into.
    if ((flags & HYPHEN) !== 0 && end - start >= 10 && isIsoTimestamp(text, start, end)) continue;
    if (digitRanges && (windows || (flags & DIGIT) !== 0)) digitRanges.push(start, i);
    // Nothing sensitive fits in fewer than three characters, and a short plain word
    // (letters, `-`, `_`) is nothing the detectors look for.
    if (end - start < 3 || (!windows && (flags & INTERESTING) === 0 && end - start < LONG_TOKEN)) continue;
    if (windows) {
      if (isWindowsPathStart(text.slice(start, end))) {
        end = trimToken(text, start, extendWindowsPath(text, i));
        out.push({ kind: 'path', start, end, rule: 'windows-path' });
        i = Math.max(i, end);
        if (digitRanges) digitRanges[digitRanges.length - 1] = i;
        continue;
      }
      flags = flagsOf(text, start, end);
    } else if (end !== i) {
      // Trailing punctuation went: the flags must describe the token as classified.
      flags = flagsOf(text, start, end);
    }
    // Letters and digits only, shorter than the shortest format without `.`, `:`, `@`, `/`,
    // `\`, `=` or `-` (a password, 8): nothing to classify (`503`, `45m`, `EC2`, `1500ms`).
    if ((flags & ~DIGIT) === 0 && end - start < 8) continue;
    const token = text.slice(start, end);
    let found = classified.get(token);
    if (found === undefined) {
      found = classifyWithFlags(token, flags);
      if (classified.size < CLASSIFIED_LIMIT) classified.set(token, found);
    }
    if (found) {
      // `datetime.now(`, `subprocess.run(`: a name followed by `(` is a call, not a host.
      if (found === DOMAIN && text.charCodeAt(end) === 0x28) continue;
      if (found !== IPV4 || !precededByVersionWord(text, start))
        out.push({ kind: found.kind, start, end, rule: found.rule });
      continue;
    }
    // `key=value`, `mailto:x@y`, `tcp:host,1433`: classify the pieces.
    if ((flags & (EQUALS | COLON)) !== 0) {
      let pieceStart = start;
      let pieceFlags = 0;
      for (let k = start; k <= end; k++) {
        const separator = k === end ? 0x3d : text.charCodeAt(k);
        if (separator !== 0x3d && separator !== 0x3a) {
          if (separator < 128) pieceFlags |= CHARACTER_FLAGS[separator]!;
          continue;
        }
        const pieceEnd = trimToken(text, pieceStart, k);
        // The same cheap rejection as for whole tokens (the flags may include trimmed punctuation).
        if (
          pieceEnd - pieceStart >= 3 &&
          ((pieceFlags & INTERESTING) !== 0 || pieceEnd - pieceStart >= LONG_TOKEN)
        ) {
          const piece = classifyToken(text.slice(pieceStart, pieceEnd));
          if (piece) out.push({ kind: piece.kind, start: pieceStart, end: pieceEnd, rule: piece.rule });
        }
        pieceStart = k + 1;
        pieceFlags = 0;
      }
    }
  }
}
