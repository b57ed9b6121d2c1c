/**
 * Secret detectors: token formats of cloud and SaaS credentials, generic high-entropy
 * strings, PEM blocks, values of secret-bearing keys (`password=…`, `"apiKey": "…"`,
 * `Authorization: Bearer …`) and credentials inside URLs.
 */
import type { Finding, FindingKind } from './findings.js';
import { SECRET_TOKEN_PATTERNS } from './patterns.js';

/**
 * Shannon entropy of a string in bits per character: H = −Σ pᵢ·log₂ pᵢ over the
 * frequencies of its characters (C. E. Shannon, "A Mathematical Theory of
 * Communication", 1948). At most log₂ of the length.
 *
 * @param value - any string
 * @returns bits per character, 0 for the empty string
 */
export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  const length = value.length;
  // ASCII (every token the detectors measure): counts in a reused table, summed in order
  // of first occurrence, as the Map below does, so both give the same bits.
  let ascii = true;
  for (let i = 0; i < length; i++) {
    if (value.charCodeAt(i) >= 128) {
      ascii = false;
      break;
    }
  }
  if (ascii) return asciiEntropy(value);
  const counts = new Map<number, number>();
  for (let i = 0; i < length; i++) {
    const code = value.charCodeAt(i);
    counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  let entropy = 0;
  for (const count of counts.values()) {
    const p = count / length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

/** Scratch tables of {@link shannonEntropy} (all zero between calls). */
/** {@link shannonEntropy} of a non-empty ASCII string: counts in a reused table, summed in order of first occurrence. */
function asciiEntropy(value: string): number {
  const length = value.length;
  let distinct = 0;
  for (let i = 0; i < length; i++) {
    const code = value.charCodeAt(i);
    const seen = ASCII_COUNTS[code]!;
    if (seen === 0) FIRST_SEEN[distinct++] = code;
    ASCII_COUNTS[code] = seen + 1;
  }
  let entropy = 0;
  for (let k = 0; k < distinct; k++) {
    const code = FIRST_SEEN[k]!;
    const p = ASCII_COUNTS[code]! / length;
    ASCII_COUNTS[code] = 0;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

const ASCII_COUNTS = new Uint32Array(128);
const FIRST_SEEN = new Uint8Array(128);

/** Bits per character above which a base64-alphabet string counts as a secret (detect-secrets' default limit). */
export const BASE64_ENTROPY_THRESHOLD = 4.5;
/** Bits per character above which a hex string counts as a secret (detect-secrets' default limit). */
export const HEX_ENTROPY_THRESHOLD = 3.0;
/** Shortest string the high-entropy detector looks at, in characters. */
export const MIN_HIGH_ENTROPY_LENGTH = 20;

enum CharSet {
  Hex = 1,
  Base64 = 2,
}

function charSetOf(token: string): { set: CharSet | 0; digits: number; upper: number; lower: number } {
  let set: CharSet | 0 = CharSet.Hex;
  let digits = 0;
  let upper = 0;
  let lower = 0;
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) digits++;
    else if (c >= 0x61 && c <= 0x7a) {
      lower++;
      if (c > 0x66) set = CharSet.Base64;
    } else if (c >= 0x41 && c <= 0x5a) {
      upper++;
      if (c > 0x46) set = CharSet.Base64;
    } else if (c === 0x3d) {
      // `=` is base64 padding only at the end (`key=value` is two tokens' worth).
      for (let j = i + 1; j < token.length; j++)
        if (token.charCodeAt(j) !== 0x3d) return { set: 0, digits, upper, lower };
      set = CharSet.Base64;
      break;
    } else if (c === 0x2b || c === 0x2f || c === 0x5f || c === 0x2d) set = CharSet.Base64;
    else return { set: 0, digits, upper, lower };
  }
  return { set, digits, upper, lower };
}

/**
 * Generic high-entropy secret detector (the approach of detect-secrets and gitleaks).
 * A token of at least {@link MIN_HIGH_ENTROPY_LENGTH} characters counts when it is
 * - hex with digits and letters and entropy ≥ {@link HEX_ENTROPY_THRESHOLD} bits/char, or
 * - base64/base64url alphabet with upper case, lower case and digits and entropy ≥
 *   min({@link BASE64_ENTROPY_THRESHOLD}, log₂(length) − 0.6) bits/char (short strings
 *   cannot reach 4.5 bits/char: entropy is at most log₂ of the length).
 *
 * Known limits: secrets of one letter case or without digits, and secrets shorter than
 * 20 characters, are not caught here (only by their format or their key).
 *
 * @param token - a single token (no whitespace)
 * @returns `true` when the token looks random enough to be a key
 */
export function isHighEntropySecret(token: string): boolean {
  if (token.length < MIN_HIGH_ENTROPY_LENGTH) return false;
  const { set, digits, upper, lower } = charSetOf(token);
  if (set === 0 || digits === 0) return false;
  // Hex and base64 characters are ASCII: no need for shannonEntropy's check.
  if (set === CharSet.Hex) return upper + lower > 0 && asciiEntropy(token) >= HEX_ENTROPY_THRESHOLD;
  if (upper === 0 || lower === 0) return false;
  const threshold = Math.min(BASE64_ENTROPY_THRESHOLD, Math.log2(token.length) - 0.6);
  return asciiEntropy(token) >= threshold;
}

/**
 * Password-like tokens: 8–64 characters mixing upper case, lower case, digits and a
 * symbol from `!#$%^&*~?@` (`Winter80!4lVY`, `P@ssw0rd!2024`) — the shape password
 * policies enforce and technical text rarely has.
 *
 * Known limits: passwords without a symbol or of one letter case are missed unless a
 * key (`password=`) or their entropy gives them away.
 *
 * @param token - a single token (emails are classified before this)
 * @returns `true` for a password-shaped token
 */
export function isPasswordLike(token: string): boolean {
  if (token.length < 8 || token.length > 64) return false;
  let upper = false;
  let lower = false;
  let digit = false;
  let symbol = false;
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) upper = true;
    else if (c >= 0x61 && c <= 0x7a) lower = true;
    else if (c >= 0x30 && c <= 0x39) digit = true;
    else if ('!#$%^&*~?@'.includes(token.charAt(i))) symbol = true;
    else if (c === 0x2e || c === 0x2f || c === 0x5c || c === 0x3a || c === 0x3d) return false;
  }
  return upper && lower && digit && symbol;
}

/**
 * Matches a token against the known secret formats (AWS access key ids, GitHub, GitLab,
 * Slack, Stripe, Google, Azure AD client secrets, JWTs, npm, SendGrid, OpenAI keys).
 *
 * @param token - a single token
 * @returns the rule name of the first matching format, or `null`
 */
export function matchSecretFormat(token: string): string | null {
  if (token.length < 14) return null;
  // Azure AD client secrets start with any character; they are told by their `Q~`.
  const candidates =
    token.charAt(4) === 'Q' && token.charAt(5) === '~'
      ? SECRET_TOKEN_PATTERNS
      : SECRET_PATTERNS_BY_FIRST.get(token.charAt(0));
  if (candidates) for (const [rule, pattern] of candidates) if (pattern.test(token)) return rule;
  return null;
}

/** The secret formats that can start with each character (every format but Azure AD client secrets starts with a literal). */
const SECRET_PATTERNS_BY_FIRST = new Map<string, Array<(typeof SECRET_TOKEN_PATTERNS)[number]>>();
for (const entry of SECRET_TOKEN_PATTERNS) {
  for (const first of entry[2]) {
    const list = SECRET_PATTERNS_BY_FIRST.get(first) ?? [];
    list.push(entry);
    SECRET_PATTERNS_BY_FIRST.set(first, list);
  }
}

/**
 * Finds PEM blocks (`-----BEGIN … -----` through `-----END … -----`): private keys,
 * certificates and anything else armoured that way. A block with no END line runs to
 * the end of the text (fail closed).
 */
export function findPemBlocks(text: string, out: Finding[]): void {
  let index = text.indexOf('-----BEGIN ');
  while (index !== -1) {
    const end = text.indexOf('-----END ', index + 11);
    if (end === -1) {
      out.push({ kind: 'secret', start: index, end: text.length, rule: 'pem-block' });
      return;
    }
    const close = text.indexOf('-----', end + 9);
    const stop = close === -1 ? text.length : close + 5;
    out.push({ kind: 'secret', start: index, end: stop, rule: 'pem-block' });
    index = text.indexOf('-----BEGIN ', stop);
  }
}

/** Normalised key names (lower case, no separators) whose values are secrets. */
const SECRET_KEY_SUFFIXES = [
  'password',
  'passwd',
  'passphrase',
  'pwd',
  'secret',
  'secretkey',
  'apikey',
  'accesskey',
  'accesskeyid',
  'accountkey',
  'privatekey',
  'masterkey',
  'signingkey',
  'encryptionkey',
  'sharedaccesskey',
  'token',
  'credential',
  'credentials',
  'authorization',
  'cookie',
  'sig',
];
/** Key names whose values are account or user names. */
const ACCOUNT_KEY_SUFFIXES = [
  'user',
  'username',
  'userid',
  'uid',
  'login',
  'accountid',
  'account',
  'accountname',
  'subscriptionid',
  'subscription',
  'tenantid',
  'tenant',
  'projectid',
  'project',
  'customer',
  'customerid',
  'customername',
  'owner',
  'principal',
];
/** Key names whose values are host names. */
const HOST_KEY_SUFFIXES = [
  'host',
  'hostname',
  'server',
  'servername',
  'datasource',
  'endpoint',
  'fqdn',
  'address',
];
/** Key names whose values name customer data stores. */
const RESOURCE_KEY_SUFFIXES = [
  'database',
  'initialcatalog',
  'dbname',
  'bucket',
  'bucketname',
  'container',
  'keyspace',
];

const KEY_GROUPS: ReadonlyArray<readonly [FindingKind, readonly string[]]> = [
  ['secret', SECRET_KEY_SUFFIXES],
  ['account', ACCOUNT_KEY_SUFFIXES],
  ['domain', HOST_KEY_SUFFIXES],
  ['resource-id', RESOURCE_KEY_SUFFIXES],
];

/** Last two letters of every key suffix (lower case): a key ending otherwise is rejected without normalising it. */
const KEY_ENDINGS = new Set(
  KEY_GROUPS.flatMap(([, suffixes]) =>
    suffixes.map(
      (suffix) => (suffix.charCodeAt(suffix.length - 2) << 8) | suffix.charCodeAt(suffix.length - 1),
    ),
  ),
);

const AUTH_SCHEMES = new Set(['bearer', 'basic', 'token', 'digest', 'negotiate', 'ntlm', 'aws4-hmac-sha256']);

/** Longest key looked at before a `=` or `:`, in characters. */
const MAX_KEY_LENGTH = 40;

function isKeyChar(c: number): boolean {
  return (
    (c >= 0x61 && c <= 0x7a) ||
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x30 && c <= 0x39) ||
    c === 0x5f ||
    c === 0x2d ||
    c === 0x2e ||
    c === 0x20
  );
}

/** Lower case without ` `, `_`, `-`, `.` (keys hold only ASCII letters, digits and those). */
function normaliseKey(raw: string): string {
  return raw.replace(KEY_SEPARATORS, '').toLowerCase();
}
const KEY_SEPARATORS = /[ _.-]/g;

/** Every key suffix with its kind and rule, by its last two letters, in {@link KEY_GROUPS} order. */
const KEY_SUFFIXES_BY_ENDING = new Map<
  number,
  Array<{ suffix: string; key: { kind: FindingKind; rule: string } }>
>();
for (const [kind, suffixes] of KEY_GROUPS) {
  for (const suffix of suffixes) {
    const ending = (suffix.charCodeAt(suffix.length - 2) << 16) | suffix.charCodeAt(suffix.length - 1);
    const list = KEY_SUFFIXES_BY_ENDING.get(ending) ?? [];
    list.push({ suffix, key: { kind, rule: `${suffix}-value` } });
    KEY_SUFFIXES_BY_ENDING.set(ending, list);
  }
}

function classifyKey(normalised: string, exact: boolean): { kind: FindingKind; rule: string } | null {
  // Every suffix has at least three letters; only those with the key's last two can match.
  if (normalised.length < 2) return null;
  const candidates = KEY_SUFFIXES_BY_ENDING.get(
    (normalised.charCodeAt(normalised.length - 2) << 16) | normalised.charCodeAt(normalised.length - 1),
  );
  if (candidates === undefined) return null;
  for (const { suffix, key } of candidates) {
    if (exact ? normalised === suffix : normalised.endsWith(suffix)) return key;
  }
  return null;
}

/** A letter or a digit of any script. */
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

function isValueEnd(c: number): boolean {
  return (
    c === 0x20 ||
    c === 0x09 ||
    c === 0x0a ||
    c === 0x0d ||
    c === 0x3b || // ;
    c === 0x2c || // ,
    c === 0x26 || // &
    c === 0x22 ||
    c === 0x27 ||
    c === 0x3c ||
    c === 0x3e ||
    c === 0x29 ||
    c === 0x7d ||
    c === 0x5d
  );
}

/**
 * Finds values of secret, account, host and data-store keys in `key=value`,
 * `key: value`, `"key": "value"` and connection-string (`Password=…;`) form, and
 * `Authorization: Bearer <token>`. Keys are matched by their normalised suffix
 * (`AWS_SECRET_ACCESS_KEY`, `spring.datasource.password`, `User ID`); a `:` separator
 * with no space after it needs an exact key (`password:x`), so `localhost:5432` is not a
 * key: the whole key or its last words from a space, `.`, `_` or `-` (`INFO password:x`,
 * `db.password:x`). Values that are already placeholders are skipped. One linear pass: each key
 * looks back at most 40 characters, and a value's end is never scanned twice.
 *
 * Known limits: free-text secrets (`the password is hunter2`) are not found; values
 * with spaces are only taken whole when quoted.
 */
export function findKeyedValues(
  text: string,
  isPlaceholderAt: (index: number) => boolean,
  out: Finding[],
): void {
  let coveredUntil = 0;
  let nextColon = text.indexOf(':');
  let nextEquals = text.indexOf('=');
  while (nextColon !== -1 || nextEquals !== -1) {
    // Visit every `:` and `=` in order, found with `indexOf` rather than a per-character loop.
    let i: number;
    if (nextEquals === -1 || (nextColon !== -1 && nextColon < nextEquals)) {
      i = nextColon;
      nextColon = text.indexOf(':', i + 1);
    } else {
      i = nextEquals;
      nextEquals = text.indexOf('=', i + 1);
    }
    const separator = text.charCodeAt(i);
    if (i < coveredUntil) continue;
    // Key: letters, digits, `_`, `-`, `.`, spaces; skip one closing quote (`"password": …`).
    let keyEnd = i;
    const before = text.charCodeAt(keyEnd - 1);
    if (before === 0x22 || before === 0x27) keyEnd--;
    while (keyEnd > 0 && i - keyEnd < MAX_KEY_LENGTH && text.charCodeAt(keyEnd - 1) === 0x20) keyEnd--;
    if (
      keyEnd < 2 ||
      !KEY_ENDINGS.has(((text.charCodeAt(keyEnd - 2) | 0x20) << 8) | (text.charCodeAt(keyEnd - 1) | 0x20))
    )
      continue;
    let keyStart = keyEnd;
    while (keyStart > 0 && keyEnd - keyStart < MAX_KEY_LENGTH && isKeyChar(text.charCodeAt(keyStart - 1)))
      keyStart--;
    if (keyStart === keyEnd) continue;
    const after = text.charCodeAt(i + 1);
    const spaced = after === 0x20 || after === 0x09 || after === 0x22 || after === 0x27;
    if (separator === 0x3a && !spaced && after === 0x2f) continue; // `scheme://`
    const exact = separator === 0x3a && !spaced;
    let key = classifyKey(normaliseKey(text.slice(keyStart, keyEnd)), exact);
    // An exact key may follow other words (`INFO password:x`, a time stamp) or a namespace
    // (`db.password:x`, `DB_PASSWORD:x`): its last words count, from a separator on.
    for (let cut = keyEnd - 1; key === null && exact && cut > keyStart; cut--) {
      const c = text.charCodeAt(cut - 1);
      if (c === 0x20 || c === 0x2e || c === 0x5f || c === 0x2d)
        key = classifyKey(normaliseKey(text.slice(cut, keyEnd)), true);
    }
    if (!key) continue;
    let valueStart = i + 1;
    while (
      valueStart < text.length &&
      (text.charCodeAt(valueStart) === 0x20 || text.charCodeAt(valueStart) === 0x09)
    )
      valueStart++;
    if (valueStart >= text.length || isPlaceholderAt(valueStart)) continue;
    const quote = text.charCodeAt(valueStart);
    let valueEnd: number;
    if (quote === 0x22 || quote === 0x27) {
      valueStart++;
      valueEnd = valueStart;
      while (valueEnd < text.length) {
        const c = text.charCodeAt(valueEnd);
        if (c === quote || c === 0x0a || c === 0x0d) break;
        valueEnd++;
      }
    } else {
      valueEnd = valueStart;
      while (valueEnd < text.length && !isValueEnd(text.charCodeAt(valueEnd))) valueEnd++;
      // `Authorization: Bearer <token>`: the credential is the word after the scheme.
      if (key.kind === 'secret' && AUTH_SCHEMES.has(text.slice(valueStart, valueEnd).toLowerCase())) {
        let next = valueEnd;
        while (next < text.length && text.charCodeAt(next) === 0x20) next++;
        if (next > valueEnd && next < text.length && !isPlaceholderAt(next)) {
          valueEnd = next;
          while (valueEnd < text.length && !isValueEnd(text.charCodeAt(valueEnd))) valueEnd++;
        }
      }
    }
    // Trailing sentence punctuation is not part of the value.
    while (valueEnd > valueStart && /[.:!?]/.test(text.charAt(valueEnd - 1))) valueEnd--;
    // Prose (`Error connecting to server: Connection refused`): a multi-word key before `: `
    // and an unquoted, letters-only value is a sentence, not a setting.
    if (
      separator === 0x3a &&
      spaced &&
      quote !== 0x22 &&
      quote !== 0x27 &&
      text.slice(keyStart, keyEnd).trim().includes(' ') &&
      /^[A-Za-z]+$/.test(text.slice(valueStart, valueEnd))
    )
      continue;
    // Code, not a setting: `user_id: str`, `user = await …`, `token = request.get(`,
    // `if user == other`, `user := lookup(x)`.
    if (
      quote !== 0x22 &&
      quote !== 0x27 &&
      (isComparison(text, i) || isCodeExpression(text.slice(valueStart, valueEnd)))
    )
      continue;
    // A value of punctuation alone (`endpoint:**` in Markdown, `host:-`) is no setting's value.
    if (quote !== 0x22 && quote !== 0x27 && !LETTER_OR_DIGIT.test(text.slice(valueStart, valueEnd))) continue;
    if (valueEnd > valueStart && !isPlaceholderAt(valueStart)) {
      out.push({ kind: key.kind, start: valueStart, end: valueEnd, rule: key.rule });
      coveredUntil = valueEnd;
    }
  }
}

/** Keywords and type names of common languages: as an unquoted value they are code, not data. */
const CODE_WORDS = new Set(
  'str string int integer float double bool boolean number bigint bytes char byte long short object any unknown void dict list tuple set map array none null nil undefined true false await async default self this new return const let var val function func fn def lambda yield typeof instanceof optional uuid datetime date time'.split(
    ' ',
  ),
);

/** Whether the `=` or `:` at `i` is part of `==`, `!=`, `<=`, `>=`, `=>` or `:=` (a comparison, arrow or binding in code). */
function isComparison(text: string, i: number): boolean {
  const before = text.charCodeAt(i - 1);
  const after = text.charCodeAt(i + 1);
  if (text.charCodeAt(i) === 0x3a) return after === 0x3d;
  return (
    before === 0x3d ||
    before === 0x21 ||
    before === 0x3c ||
    before === 0x3e ||
    before === 0x3a ||
    after === 0x3d ||
    after === 0x3e
  );
}

/** Whether an unquoted value reads as code: a keyword or type name, a call or index, or punctuation first. */
function isCodeExpression(value: string): boolean {
  if (value.length === 0) return false;
  const first = value.charCodeAt(0);
  if (first === 0x7b || first === 0x28 || first === 0x5b || first === 0x3d) return true; // { ( [ =
  if (CODE_WORDS.has(value.toLowerCase())) return true;
  // `request.get(`, `key_data[`, `getattr(request`: an identifier (dotted) opening a call or index.
  return /^[A-Za-z_$][\w$.]*[([]/.test(value);
}

/** Decodes standard or URL-safe base64 (padding optional) to a string of bytes, or `null` when it is not base64. */
/** Whether every character is printable ASCII, a tab or a line break. */
function isPrintable(decoded: string): boolean {
  for (let i = 0; i < decoded.length; i++) {
    const c = decoded.charCodeAt(i);
    if ((c < 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) || c > 0x7e) return false;
  }
  return true;
}

function decodeBase64(token: string): string | null {
  let body = token;
  while (body.endsWith('=')) body = body.slice(0, -1);
  if (token.length - body.length > 2 || body.length % 4 === 1) return null;
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    const ok =
      (c >= 0x41 && c <= 0x5a) ||
      (c >= 0x61 && c <= 0x7a) ||
      (c >= 0x30 && c <= 0x39) ||
      c === 0x2b ||
      c === 0x2f ||
      c === 0x2d ||
      c === 0x5f;
    if (!ok) return null;
  }
  const standard = body.replace(/-/g, '+').replace(/_/g, '/');
  try {
    // `atob` is a global in browsers and Node ≥ 16.
    return atob(standard + '='.repeat((4 - (standard.length % 4)) % 4));
  } catch {
    return null;
  }
}

const CREDENTIAL_WORDS = /(?:pass(?:word|wd)?|secret|token|api[-_]?key|private[-_]?key|credential|auth)/i;

/**
 * Base64 blobs that decode to credentials: `user:password` pairs (HTTP Basic), text with a
 * credential key (`password=…`, `"secret": …`), a known secret format, or a private key.
 * Needs mixed case or padding (plain words are not base64 blobs) and printable output.
 *
 * @param token - a single token of at least 12 characters
 * @returns `true` when the decoded text holds a credential
 */
export function isBase64Credential(token: string): boolean {
  // Base64 comes in quads (padding included): 3 in 4 plain words are rejected here.
  if (token.length < 12 || token.length > 8192 || token.length % 4 !== 0) return false;
  let upper = false;
  let lower = false;
  for (let i = 0; i < token.length && !(upper && lower); i++) {
    const c = token.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) upper = true;
    else if (c >= 0x61 && c <= 0x7a) lower = true;
  }
  if (!(upper && lower) && !token.endsWith('=')) return false;
  // The first two quads decode to the first six bytes: random bytes (most long tokens) fail
  // the printable test there, before the whole token is decoded.
  const head = decodeBase64(token.slice(0, 8));
  if (head !== null && !isPrintable(head)) return false;
  const decoded = decodeBase64(token);
  if (decoded === null || decoded.length < 5 || !isPrintable(decoded)) return false;
  if (/^[^:\s]{1,64}:\S{3,128}$/.test(decoded)) return true;
  if (CREDENTIAL_WORDS.test(decoded) && /[:=]/.test(decoded)) return true;
  if (decoded.includes('PRIVATE KEY')) return true;
  return decoded.split(/\s+/).some((part) => matchSecretFormat(part) !== null);
}

/** Segments of internal host names: environments, roles and data-centre words. */
const HOST_ROLE_WORDS = new Set(
  'prod prd production stg stage staging dev develop test tst uat qa sit preprod perf dr db sql mysql pg postgres psql ora oracle mssql mongo redis cache mq kafka rabbit es elastic web www app api srv svr server host vm node worker master replica primary secondary backup bastion jump gw gateway lb proxy nfs smb ftp sftp ad dc dns mail smtp ldap k8s kube ci build jenkins git vault etl bi dwh'.split(
    ' ',
  ),
);

/**
 * Host names of one label that name a machine (`sql-wro-prod-11`, `web-prod-3`,
 * `db01-fra-stg`): three or more hyphen-separated lower-case parts, a number in the
 * last part or a part ending in digits, and an environment or role word among them.
 * Cloud regions (`us-east-1`, `europe-west1`) have no role word and stay.
 *
 * @param token - a single token with a hyphen and a digit
 * @returns `true` for a machine name
 */
export function isInternalHostName(token: string): boolean {
  if (token.length < 6 || token.length > 63) return false;
  if (!/^[a-z0-9]+(?:-[a-z0-9]+){2,7}$/.test(token)) return false;
  const parts = token.split('-');
  if (!/\d$/.test(parts[parts.length - 1]!) && !parts.some((part) => /^[a-z]+\d+$/.test(part))) return false;
  return parts.some((part) => {
    let end = part.length;
    while (end > 0 && part.charCodeAt(end - 1) >= 0x30 && part.charCodeAt(end - 1) <= 0x39) end--;
    return HOST_ROLE_WORDS.has(part.slice(0, end));
  });
}

/** Key types of OpenSSH public keys (RFC 4253, RFC 5656, RFC 8709, and the FIDO `sk-` types). */
const SSH_KEY_TYPE =
  /^(?:ssh-(?:rsa|dss|ed25519|ed448)|ecdsa-sha2-nistp(?:256|384|521)|sk-(?:ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com)$/;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/**
 * Finds OpenSSH public keys (`ssh-ed25519 AAAAC3… deploy@build-host-01`): the key type,
 * the base64 key and the comment after it, which names a user and a host. The key
 * itself identifies its owner, so the whole line part is one `secret` finding.
 */
export function findSshPublicKeys(text: string, out: Finding[]): void {
  let index = text.indexOf(' AAAA');
  let from = 0;
  while (index !== -1) {
    let typeStart = index;
    while (typeStart > from && index - typeStart < 40 && !isSpace(text.charCodeAt(typeStart - 1)))
      typeStart--;
    if (SSH_KEY_TYPE.test(text.slice(typeStart, index))) {
      let end = index + 1;
      while (end < text.length && /[A-Za-z0-9+/=]/.test(text.charAt(end))) end++;
      // The comment: one word on the same line (`user@host`).
      if (text.charCodeAt(end) === 0x20) {
        let commentEnd = end + 1;
        while (commentEnd < text.length && !isSpace(text.charCodeAt(commentEnd))) commentEnd++;
        end = commentEnd;
      }
      out.push({ kind: 'secret', start: typeStart, end, rule: 'ssh-public-key' });
      from = end;
      index = text.indexOf(' AAAA', end);
    } else index = text.indexOf(' AAAA', index + 1);
  }
}
