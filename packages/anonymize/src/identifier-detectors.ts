/**
 * Detectors for identifiers that are numbers or names: payment card numbers, AWS
 * account ids, and the host's `knownIdentifiers`.
 */
import type { Finding } from './findings.js';
import { overlapsPlaceholder } from './findings.js';

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isAlphanumeric(c: number): boolean {
  return isDigit(c) || (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;
}

/**
 * The Luhn (mod 10) checksum used by payment card numbers (ISO/IEC 7812-1, Annex B;
 * H. P. Luhn, US patent 2,950,048).
 *
 * @param digits - a string of decimal digits
 * @returns `true` when the checksum holds
 */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let digit = digits.charCodeAt(i) - 0x30;
    if (double) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** Whether the digits start with an issuer identification number of a major card network, at a valid length. */
function hasCardIssuerPrefix(digits: string): boolean {
  const length = digits.length;
  const two = Number(digits.slice(0, 2));
  const four = Number(digits.slice(0, 4));
  if (digits.startsWith('4')) return length === 13 || length === 16 || length === 19; // Visa
  if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) return length === 16; // Mastercard
  if (two === 34 || two === 37) return length === 15; // American Express
  if (four === 6011 || two === 65 || (four >= 6440 && four <= 6499)) return length >= 16; // Discover
  if (four >= 3528 && four <= 3589) return length >= 16; // JCB
  if (two === 36 || two === 38 || two === 39 || (four >= 3000 && four <= 3059)) return length >= 14; // Diners
  if (two === 62) return length >= 16; // UnionPay
  return false;
}

/** Words after a 12-digit number that make it a quantity, not an account id. */
const UNIT_WORDS = new Set([
  'b',
  'bytes',
  'byte',
  'kb',
  'mb',
  'gb',
  'tb',
  'kib',
  'mib',
  'gib',
  'tib',
  'ms',
  's',
  'sec',
  'seconds',
  'ns',
  'us',
  'µs',
  'rows',
  'records',
  'items',
  'objects',
  'files',
  'requests',
  'ops',
  'iops',
  'events',
  'messages',
  'blocks',
  'pages',
]);

function followedByUnit(text: string, end: number): boolean {
  let i = end;
  while (i < text.length && text.charCodeAt(i) === 0x20) i++;
  let j = i;
  while (j < text.length && j - i < 10 && (isAlphanumeric(text.charCodeAt(j)) || text.charCodeAt(j) === 0xb5))
    j++;
  return j > i && UNIT_WORDS.has(text.slice(i, j).toLowerCase());
}

/**
 * Finds payment card numbers and AWS account ids in one linear pass over digit runs.
 * - Card: 13–19 digits, optionally in groups of 3–6 separated by single spaces or
 *   hyphens (`4111 1111 1111 1111`, `3782-822463-10005`), with a major network's issuer
 *   prefix and a valid Luhn checksum.
 * - Account: exactly 12 digits (`123456789012`) or `1234-5678-9012`, not followed by a
 *   unit (`123456789012 bytes`) and not part of a longer token, decimal or version.
 *
 * Known limits: 12-digit numbers that are neither (order numbers, epoch-like values
 * without a unit) are redacted too; cards written with other separators are missed.
 */
export function findDigitRuns(
  text: string,
  out: Finding[],
  ranges: readonly number[] = [0, text.length],
): void {
  const length = text.length;
  let i = 0;
  for (let range = 0; range < ranges.length; range += 2) {
    if (i < ranges[range]!) i = ranges[range]!;
    const rangeEnd = ranges[range + 1]!;
    while (i < rangeEnd) {
      if (!isDigit(text.charCodeAt(i))) {
        i++;
        continue;
      }
      i = digitRunAt(text, i, length, out);
    }
  }
}

/** Examines the digit run starting at `start`; returns where the scan goes on. */
function digitRunAt(text: string, start: number, length: number, out: Finding[]): number {
  let firstEnd = start;
  while (firstEnd < length && isDigit(text.charCodeAt(firstEnd))) firstEnd++;
  const before = start > 0 ? text.charCodeAt(start - 1) : 0x20;
  if (isAlphanumeric(before) || before === 0x2e || before === 0x2d || before === 0x2f || before === 0x3a)
    return firstEnd;
  // Count the digits first; only a run of card or account length is worth a string.
  let digitCount = firstEnd - start;
  let end = firstEnd;
  let groups = 1;
  if (digitCount <= 6) {
    while (end + 1 < length) {
      const separator = text.charCodeAt(end);
      if ((separator !== 0x20 && separator !== 0x2d) || !isDigit(text.charCodeAt(end + 1))) break;
      let groupEnd = end + 1;
      while (groupEnd < length && isDigit(text.charCodeAt(groupEnd))) groupEnd++;
      const group = groupEnd - end - 1;
      if (group < 3 || group > 6 || digitCount + group > 19) break;
      digitCount += group;
      end = groupEnd;
      groups++;
    }
  }
  if (digitCount < 12) return firstEnd;
  const after = end < length ? text.charCodeAt(end) : 0x20;
  const boundary =
    !isAlphanumeric(after) && !((after === 0x2e || after === 0x2c) && isDigit(text.charCodeAt(end + 1)));
  if (!boundary) return firstEnd;
  if (digitCount >= 13) {
    let digits = '';
    for (let k = start; k < end; k++) if (isDigit(text.charCodeAt(k))) digits += text.charAt(k);
    if (hasCardIssuerPrefix(digits) && passesLuhn(digits)) {
      out.push({ kind: 'credit-card', start, end, rule: 'card-number' });
      return end;
    }
    return firstEnd;
  }
  if (
    (groups === 1 || (groups === 3 && text.charCodeAt(start + 4) === 0x2d && end - start === 14)) &&
    !followedByUnit(text, end)
  ) {
    out.push({ kind: 'account', start, end, rule: 'aws-account-id' });
    return end;
  }
  return firstEnd;
}

/**
 * Lower-cases a string code unit by code unit, keeping its length (and so every offset):
 * characters whose lower case is longer (`İ`) stay as they are.
 *
 * @param text - any text
 * @returns a string of the same length, for case-insensitive search
 */
export function foldCase(text: string): string {
  const lower = text.toLowerCase();
  if (lower.length === text.length) return lower;
  let out = '';
  for (const char of text) {
    const folded = char.toLowerCase();
    out += folded.length === char.length ? folded : char;
  }
  return out;
}

/** Legal-form suffixes of company names, dropped to make a further spelling (`Acme Corp` → `acme`). */
const LEGAL_FORMS = new Set([
  'corp',
  'corporation',
  'inc',
  'incorporated',
  'ltd',
  'limited',
  'llc',
  'llp',
  'plc',
  'gmbh',
  'ag',
  'sa',
  'sas',
  'srl',
  'bv',
  'nv',
  'oy',
  'ab',
  'as',
  'co',
  'company',
  'group',
  'holdings',
  'kg',
]);

/** Spellings of one known identifier that share a prefix (the anchor searched for). */
export interface IdentifierGroup {
  /** The longest common prefix of `variants`: one `indexOf` scan finds every candidate. */
  anchor: string;
  /** Folded spellings, longest first. */
  variants: string[];
}

function commonPrefix(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return a.slice(0, i);
}

/**
 * Prepares `knownIdentifiers` for search: trims them, drops empty ones, folds case, and
 * adds the usual spellings of multi-word names (`Acme Corp` → `acmecorp`, `acme-corp`,
 * `acme_corp`, `acme.corp`) and the name without a trailing legal form (`acme`). The
 * spellings of one name share a prefix, so each name costs one scan of the text.
 *
 * @param identifiers - names the host knows are sensitive
 * @returns one group per name (names whose spellings share no prefix get one group per spelling)
 */
export function compileKnownIdentifiers(identifiers: readonly string[]): IdentifierGroup[] {
  const groups: IdentifierGroup[] = [];
  const seen = new Set<string>();
  for (const raw of identifiers) {
    const folded = foldCase(raw.trim());
    if (folded.length === 0) continue;
    const variants = new Set<string>([folded]);
    const words = folded.split(/[\s_.-]+/).filter((word) => word.length > 0);
    if (words.length > 1) for (const joiner of ['', ' ', '-', '_', '.']) variants.add(words.join(joiner));
    // `Acme Corp` is also written `ACME`: drop a trailing legal form.
    const last = words[words.length - 1];
    if (words.length > 1 && last !== undefined && LEGAL_FORMS.has(last)) {
      const core = words.slice(0, -1);
      if (core.join('').length >= 3)
        for (const joiner of ['', ' ', '-', '_', '.']) variants.add(core.join(joiner));
    }
    const fresh = [...variants].filter((variant) => !seen.has(variant));
    for (const variant of fresh) seen.add(variant);
    if (fresh.length === 0) continue;
    const anchor = fresh.reduce(commonPrefix);
    if (anchor.length > 0) groups.push({ anchor, variants: fresh.sort((a, b) => b.length - a.length) });
    else for (const variant of fresh) groups.push({ anchor: variant, variants: [variant] });
  }
  return groups;
}

/** Lower-case letters from the most to the least common in English text (a proxy for logs). */
const LETTERS_BY_FREQUENCY = 'etaoinsrhldcumfpgwybvkxjqz';

/** Where the least common character of `anchor` is (letters ranked as in English; digits as common as `c`, anything else rare). */
function leastCommonPosition(anchor: string): number {
  let best = 0;
  let bestRank = -1;
  for (let i = 0; i < anchor.length; i++) {
    const c = anchor.charCodeAt(i);
    const rank =
      c >= 0x30 && c <= 0x39
        ? LETTERS_BY_FREQUENCY.indexOf('c')
        : c >= 0x61 && c <= 0x7a
          ? LETTERS_BY_FREQUENCY.indexOf(anchor.charAt(i))
          : LETTERS_BY_FREQUENCY.length;
    if (rank > bestRank) {
      best = i;
      bestRank = rank;
    }
  }
  return best;
}

/**
 * Finds every occurrence of the known identifiers, case-insensitively and also inside
 * longer tokens (`AcmeBilling`, `acme-prod-db`), preferring the longest spelling at each
 * place. Matches that overlap a placeholder of an earlier pass are ignored. Cost: one
 * `indexOf` scan of the text per name, plus a prefix check per candidate.
 *
 * @param folded - the text after {@link foldCase}
 * @param groups - output of {@link compileKnownIdentifiers}
 * @param placeholders - placeholder spans of the text
 * @param out - where findings are appended
 */
export function findKnownIdentifiers(
  folded: string,
  groups: readonly IdentifierGroup[],
  placeholders: ReadonlyArray<readonly [number, number]>,
  out: Finding[],
): void {
  for (const { anchor, variants } of groups) {
    // `indexOf` stops at every occurrence of the first character it looks for: look for
    // the anchor from its least common letter on, and check the letters before it.
    const offset = leastCommonPosition(anchor);
    const tail = anchor.slice(offset);
    const findAnchor = (from: number): number => {
      let found = folded.indexOf(tail, from + offset);
      while (found !== -1 && offset > 0 && !folded.startsWith(anchor, found - offset))
        found = folded.indexOf(tail, found + 1);
      return found === -1 ? -1 : found - offset;
    };
    let index = findAnchor(0);
    while (index !== -1) {
      let next = index + 1;
      for (const variant of variants) {
        if (folded.startsWith(variant, index)) {
          const end = index + variant.length;
          if (!overlapsPlaceholder(placeholders, index, end)) {
            out.push({ kind: 'known-identifier', start: index, end, rule: 'known-identifier' });
          }
          next = end;
          break;
        }
      }
      index = findAnchor(next);
    }
  }
}
