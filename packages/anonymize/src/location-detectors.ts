/**
 * Detectors for locations: URLs (with credentials and query strings) and Unix/Windows
 * file paths.
 */
import type { Finding } from './findings.js';
import { URL_SCHEME_PATTERN } from './patterns.js';

function isUrlChar(c: number): boolean {
  // Anything but whitespace, quotes, angle brackets, backtick and control characters.
  return c > 0x20 && c !== 0x22 && c !== 0x27 && c !== 0x3c && c !== 0x3e && c !== 0x60 && c !== 0x7f;
}

function isSchemeChar(c: number): boolean {
  return (
    (c >= 0x61 && c <= 0x7a) ||
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x30 && c <= 0x39) ||
    c === 0x2b ||
    c === 0x2d ||
    c === 0x2e
  );
}

const CREDENTIAL_QUERY_KEYS =
  /(?:^|[?&;])(?:password|passwd|pwd|secret|token|access_token|api_key|apikey|key|sig|signature|x-amz-signature|x-amz-credential|auth|code)=/i;

/**
 * Finds URLs with a scheme (`https://…`, `s3://…`, `postgres://…`, `jdbc:sqlserver://…`
 * from the last scheme on): from the scheme to the first whitespace, quote or angle
 * bracket, without trailing sentence punctuation or an unbalanced `)`. A URL with a
 * password in its user info (`postgres://app:pw@db/x`), or a credential-like query key
 * (`?sig=`, `password=`, `X-Amz-Signature=`), is reported as a `secret`
 * (rule `url-credentials`); any other as a `url`. Scheme-less `host/path` forms are
 * found by the token classifier. One linear pass over the `://` occurrences.
 */
export function findUrls(text: string, out: Finding[]): void {
  let from = 0;
  let index = text.indexOf('://', from);
  while (index !== -1) {
    let start = index;
    while (start > 0 && index - start < 32 && isSchemeChar(text.charCodeAt(start - 1))) start--;
    if (start === index || !URL_SCHEME_PATTERN.test(text.slice(start, index))) {
      from = index + 3;
      index = text.indexOf('://', from);
      continue;
    }
    let end = index + 3;
    while (end < text.length && isUrlChar(text.charCodeAt(end))) end++;
    // Trim trailing punctuation and an unbalanced closing bracket.
    const body = text.slice(index, end);
    const hasOpenParen = body.includes('(');
    const hasOpenBracket = body.includes('[');
    for (;;) {
      const last = text.charAt(end - 1);
      if ('.,;:!?'.includes(last)) end--;
      else if (last === ')' && !hasOpenParen) end--;
      else if (last === ']' && !hasOpenBracket) end--;
      else break;
    }
    if (end > index + 3) {
      const url = text.slice(index + 3, end);
      const authorityEnd = url.search(/[/?#]/);
      const authority = authorityEnd === -1 ? url : url.slice(0, authorityEnd);
      const at = authority.lastIndexOf('@');
      const hasPassword = at !== -1 && authority.slice(0, at).includes(':');
      const credentialQuery = CREDENTIAL_QUERY_KEYS.test(url);
      out.push(
        hasPassword || credentialQuery
          ? { kind: 'secret', start, end, rule: 'url-credentials' }
          : { kind: 'url', start, end, rule: 'url' },
      );
    }
    from = Math.max(end, index + 3);
    index = text.indexOf('://', from);
  }
}

/**
 * Whether a token is a Unix path: starts with `/`, `~/`, `./` or `../` and has at least
 * two non-empty segments (`/var/lib/acme/data`, `~/.aws/credentials`). A single root
 * segment (`/tmp`) is not reported; neither are relative paths without a leading
 * marker (`src/app.ts`), slash-separated words (`TCP/IP`, `MB/s`, `read/write`) or
 * dates.
 */
export function isUnixPath(token: string): boolean {
  let rest: string;
  if (token.startsWith('/')) rest = token.slice(1);
  else if (token.startsWith('~/')) rest = token.slice(2);
  else if (token.startsWith('./')) rest = token.slice(2);
  else if (token.startsWith('../')) rest = token.slice(3);
  else return false;
  let segments = 0;
  let length = 0;
  let letters = false;
  for (let i = 0; i <= rest.length; i++) {
    const c = i < rest.length ? rest.charCodeAt(i) : 0x2f;
    if (c === 0x2f) {
      if (length > 0) segments++;
      length = 0;
    } else {
      length++;
      if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x2e || c === 0x5f) letters = true;
    }
  }
  return letters && (segments >= 2 || (!token.startsWith('/') && segments >= 1));
}

/**
 * Whether a token starts a Windows path: a drive (`C:\…`, `D:/…`) with at least one
 * segment, a UNC path (`\\server\share`), or a registry key (`HKLM\…`, `HKEY_…\…`).
 * Paths with spaces (`C:\Program Files\Acme\app.exe`) are extended across the spaces by
 * the token scanner while the next word still contains a backslash.
 */
export function isWindowsPathStart(token: string): boolean {
  if (token.length >= 4) {
    const drive = token.charCodeAt(0) | 0x20;
    const separator = token.charCodeAt(2);
    if (
      drive >= 0x61 &&
      drive <= 0x7a &&
      token.charCodeAt(1) === 0x3a &&
      (separator === 0x5c || separator === 0x2f)
    ) {
      const next = token.charCodeAt(3);
      return next !== 0x5c && next !== 0x2f;
    }
  }
  if (token.startsWith('\\\\') && token.length > 3) return true;
  return /^(?:HKLM|HKCU|HKCR|HKU|HKEY_[A-Z_]{4,24})\\/.test(token);
}
