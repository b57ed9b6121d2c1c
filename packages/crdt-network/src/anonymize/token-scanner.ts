/**
 * The token scanner: splits text into tokens in one linear pass and classifies each
 * token with the single-token detectors. Tokens are runs of characters between
 * whitespace and the delimiters `"'`()<>{}[],;|` (and typographic quotes).
 */
import type { Finding, FindingKind } from './findings.js';
import { isUnixPath, isWindowsPathStart } from './location-detectors.js';
import { isEmailAddress, isIpv4, isIpv6, isMacAddress, isSensitiveHost } from './network-detectors.js';
import { AWS_RESOURCE_ID_PATTERN, UUID_PATTERN } from './patterns.js';
import { isHighEntropySecret, isPasswordLike, matchSecretFormat } from './secret-detectors.js';

/** A classification of one token. */
export interface TokenClass {
  kind: FindingKind;
  rule: string;
}

const DELIMITERS = new Uint8Array(128);
for (const char of ' \t\n\r\f\v"\'`()<>{}[],;|') DELIMITERS[char.charCodeAt(0)] = 1;

/** ASCII characters that make a token worth classifying: digits, `.`, `:`, `@`, `/`, `\`. */
const INTERESTING = new Uint8Array(128);
for (const char of '0123456789.:@/\\') INTERESTING[char.charCodeAt(0)] = 1;
/** Tokens at least this long are classified even without an interesting character (secrets, entropy). */
const LONG_TOKEN = 14;

function isDelimiter(c: number): boolean {
  if (c < 128) return DELIMITERS[c] === 1;
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

/**
 * Classifies one token (no whitespace or delimiters inside) with the single-token
 * detectors, most specific first: secret formats, ARNs and cloud resource ids, UUIDs,
 * MAC and IP addresses, emails, paths, `host/path`, host names, high-entropy strings.
 *
 * @param token - the token, without trailing sentence punctuation
 * @returns its kind and rule, or `null` when nothing matched
 */
export function classifyToken(token: string): TokenClass | null {
  const length = token.length;
  let dots = 0;
  let colons = 0;
  let at = false;
  let slash = false;
  let backslash = false;
  let digit = false;
  for (let i = 0; i < length; i++) {
    const c = token.charCodeAt(i);
    if (c === 0x2e) dots++;
    else if (c === 0x3a) colons++;
    else if (c === 0x40) at = true;
    else if (c === 0x2f) slash = true;
    else if (c === 0x5c) backslash = true;
    else if (c >= 0x30 && c <= 0x39) digit = true;
  }
  if (length >= 14) {
    const rule = matchSecretFormat(token);
    if (rule) return { kind: 'secret', rule };
  }
  const first = token.charCodeAt(0);
  if ((first === 0x61 || first === 0x41) && /^arn:/i.test(token) && colons >= 4)
    return { kind: 'resource-id', rule: 'arn' };
  if (slash) {
    const lower = token.slice(0, 16).toLowerCase();
    if (lower.startsWith('/subscriptions/')) return { kind: 'resource-id', rule: 'azure-resource-id' };
    if (lower.startsWith('projects/') || (lower.startsWith('//') && token.includes('/projects/')))
      return { kind: 'resource-id', rule: 'gcp-resource-name' };
  }
  if (length === 36 && UUID_PATTERN.test(token)) return { kind: 'uuid', rule: 'uuid' };
  if (length >= 10 && length <= 30 && digit && AWS_RESOURCE_ID_PATTERN.test(token))
    return { kind: 'resource-id', rule: 'aws-resource-id' };
  if ((length === 17 || length === 14) && isMacAddress(token)) return { kind: 'mac', rule: 'mac-address' };
  if (digit && dots === 3 && isIpv4(token)) return { kind: 'ip', rule: 'ipv4' };
  if (colons >= 2 && isIpv6(token)) return { kind: 'ip', rule: 'ipv6' };
  if (at && isEmailAddress(token)) return { kind: 'email', rule: 'email' };
  if (slash && isUnixPath(token)) return { kind: 'path', rule: 'unix-path' };
  if (backslash && isWindowsPathStart(token)) return { kind: 'path', rule: 'windows-path' };
  if (slash && dots > 0 && first !== 0x2f) {
    const host = token.slice(0, token.indexOf('/'));
    if (host.includes('.') && isSensitiveHost(host)) return { kind: 'url', rule: 'host-path' };
  }
  if (dots > 0 && isSensitiveHost(token)) return { kind: 'domain', rule: 'domain' };
  if (length >= 20 && isHighEntropySecret(token)) return { kind: 'secret', rule: 'high-entropy' };
  if (digit && isPasswordLike(token)) return { kind: 'secret', rule: 'password-like' };
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
 */
export function scanTokens(text: string, out: Finding[], checkBudget: BudgetCheck): void {
  const length = text.length;
  let i = 0;
  let tokens = 0;
  while (i < length) {
    const c = text.charCodeAt(i);
    if (isDelimiter(c)) {
      i++;
      continue;
    }
    const start = i;
    // Windows paths keep their parentheses and can contain spaces.
    const windows =
      (i + 2 < length && text.charCodeAt(i + 1) === 0x3a && text.charCodeAt(i + 2) === 0x5c) ||
      (c === 0x5c && text.charCodeAt(i + 1) === 0x5c);
    let interesting = 0;
    if (windows) {
      while (i < length && !isWhitespace(text.charCodeAt(i)) && !'"\'<>|,;'.includes(text.charAt(i))) i++;
    } else {
      for (; i < length; i++) {
        const code = text.charCodeAt(i);
        if (code < 128) {
          if (DELIMITERS[code] === 1) break;
          interesting |= INTERESTING[code]!;
        } else if (isDelimiter(code)) break;
      }
    }
    if (++tokens % 2048 === 0) checkBudget();
    let end = trimToken(text, start, i);
    // Nothing sensitive fits in fewer than three characters, and a short plain word
    // (letters, `-`, `_`) is nothing the detectors look for.
    if (end - start < 3 || (!windows && interesting === 0 && end - start < LONG_TOKEN)) continue;
    if (windows && isWindowsPathStart(text.slice(start, end))) {
      end = trimToken(text, start, extendWindowsPath(text, i));
      out.push({ kind: 'path', start, end, rule: 'windows-path' });
      i = Math.max(i, end);
      continue;
    }
    const token = text.slice(start, end);
    const found = classifyToken(token);
    if (found) {
      if (!(found.rule === 'ipv4' && precededByVersionWord(text, start))) out.push({ ...found, start, end });
      continue;
    }
    // `key=value`, `mailto:x@y`, `tcp:host,1433`: classify the pieces.
    if (token.includes('=') || token.includes(':')) {
      let pieceStart = 0;
      for (let k = 0; k <= token.length; k++) {
        const separator = k === token.length ? 0x3d : token.charCodeAt(k);
        if (separator !== 0x3d && separator !== 0x3a) continue;
        const pieceEnd = trimToken(token, pieceStart, k);
        if (pieceEnd - pieceStart >= 3) {
          const piece = classifyToken(token.slice(pieceStart, pieceEnd));
          if (piece) out.push({ ...piece, start: start + pieceStart, end: start + pieceEnd });
        }
        pieceStart = k + 1;
      }
    }
  }
}
