/**
 * Detectors for identifiers that are numbers or names: payment card numbers, AWS
 * account ids, and the host's `knownIdentifiers`.
 */
import { AhoCorasick } from '@monyone/aho-corasick/greedy';
import { listDigitRuns } from './digit-positions.js';
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
 *
 * @param runs - the text's digit runs (`listDigitRuns`, digit-positions.ts), by default all of them
 */
export function findDigitRuns(
  text: string,
  out: Finding[],
  runs: ArrayLike<number> = listDigitRuns(text),
): void {
  const length = text.length;
  let i = 0;
  for (let run = 0; run < runs.length; run += 2) {
    if (runs[run]! >= i) i = digitRunAt(text, runs[run]!, runs[run + 1]!, length, out);
  }
}

/** Examines the digit run `[start, firstEnd)`; returns where the scan goes on. */
function digitRunAt(text: string, start: number, firstEnd: number, length: number, out: Finding[]): number {
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
 * spellings of one name share a prefix, so each name is one group with one anchor.
 *
 * @param identifiers - names the host knows are sensitive
 * @returns one group per name (names whose spellings share no prefix get one group per
 *   spelling); every spelling appears in one group only
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
 * Up to this many groups (names) are searched with one `indexOf` scan each; more go
 * through one Aho–Corasick automaton. Below it the scans are faster (V8's string search
 * skips ahead; the automaton reads every character through a `Map`); above it the scans'
 * cost grows with the number of names (5,000 names over 100 KB: 8-14 s) and the
 * automaton's does not. Both give the same matches (a property test compares them).
 */
export const SCAN_GROUP_LIMIT = 16;

/**
 * How many characters of spellings one automaton holds. Its construction cannot be
 * interrupted, so spellings are compiled in batches and the time budget is checked
 * between them (a batch of 50,000 characters builds in about 0.2 s). Matches never cross
 * batches' results: each batch is matched over the whole text and the selections merged.
 */
const BATCH_CHARACTERS = 50_000;

/** A match of a known identifier: `[start, end)` in UTF-16 code units. */
export type IdentifierMatch = readonly [start: number, end: number];

/**
 * Leftmost-longest matching with one `indexOf` scan per group: at each step the match
 * that starts first wins, the longest spelling on a tie, and the search goes on after its
 * end (the semantics of Aho–Corasick's leftmost-longest mode). Each group keeps its next
 * occurrence and searches again only when a chosen match passed it.
 */
export function scanLeftmostLongest(
  folded: string,
  groups: readonly IdentifierGroup[],
  checkBudget: () => void,
): IdentifierMatch[] {
  const offsets = groups.map(({ anchor }) => leastCommonPosition(anchor));
  // At most six characters: V8 looks for longer strings with Boyer–Moore tables, slower here
  // than its search for a short string's first character (measured over 1 MB of log:
  // `vandelay` 0.40 ms, `vandel` 0.16 ms; `soylent` 0.68 ms, `soylen` 0.48 ms).
  const tails = groups.map(({ anchor }, g) => anchor.slice(offsets[g], offsets[g]! + 6));
  /** The next place at or after `from` where a spelling of group `g` starts, with its length; -1 when none. */
  const nextOccurrence = (g: number, from: number): [number, number] => {
    const { anchor, variants } = groups[g]!;
    const offset = offsets[g]!;
    const tail = tails[g]!;
    let found = folded.indexOf(tail, from + offset);
    while (found !== -1) {
      const start = found - offset;
      if ((offset === 0 && tail.length === anchor.length) || folded.startsWith(anchor, start)) {
        for (const variant of variants) if (folded.startsWith(variant, start)) return [start, variant.length];
      }
      found = folded.indexOf(tail, found + 1);
    }
    return [-1, 0];
  };
  const starts: number[] = [];
  const lengths: number[] = [];
  for (let g = 0; g < groups.length; g++) {
    const [start, length] = nextOccurrence(g, 0);
    starts.push(start);
    lengths.push(length);
  }
  checkBudget();
  const matches: IdentifierMatch[] = [];
  let cursor = 0;
  for (;;) {
    let bestStart = -1;
    let bestLength = 0;
    for (let g = 0; g < groups.length; g++) {
      if (starts[g] === -1) continue;
      if (starts[g]! < cursor) {
        const [start, length] = nextOccurrence(g, cursor);
        starts[g] = start;
        lengths[g] = length;
        if (start === -1) continue;
      }
      const start = starts[g]!;
      if (bestStart === -1 || start < bestStart || (start === bestStart && lengths[g]! > bestLength)) {
        bestStart = start;
        bestLength = lengths[g]!;
      }
    }
    if (bestStart === -1) return matches;
    matches.push([bestStart, bestStart + bestLength]);
    cursor = bestStart + bestLength;
    if ((matches.length & 1023) === 0) checkBudget();
  }
}

/**
 * Leftmost-longest matching with Aho–Corasick automata (`@monyone/aho-corasick`, its
 * leftmost-longest variant): one pass over the text per batch of
 * {@link BATCH_CHARACTERS} finds every spelling of the batch at once. Matches of different
 * batches may overlap; the caller merges findings into their union.
 */
export function automatonLeftmostLongest(
  folded: string,
  groups: readonly IdentifierGroup[],
  checkBudget: () => void,
): IdentifierMatch[] {
  const matches: IdentifierMatch[] = [];
  let batch: string[] = [];
  let batchCharacters = 0;
  const flush = () => {
    const matcher = new AhoCorasick(batch);
    checkBudget();
    for (const { begin, end } of matcher.matchInText(folded)) matches.push([begin, end]);
    checkBudget();
    batch = [];
    batchCharacters = 0;
  };
  for (const { variants } of groups) {
    for (const variant of variants) {
      batch.push(variant);
      batchCharacters += variant.length;
    }
    if (batchCharacters >= BATCH_CHARACTERS) flush();
  }
  if (batch.length > 0) flush();
  return matches;
}

/**
 * Finds every occurrence of the known identifiers, case-insensitively and also inside
 * longer tokens (`AcmeBilling`, `acme-prod-db`). Where spellings overlap, the one that
 * starts first wins, the longest at the same place, and the search goes on after it
 * (leftmost-longest, as in Aho–Corasick's leftmost-longest mode), so an identifier that
 * overlaps a chosen match is redacted in part and never left whole. Matches that overlap
 * a placeholder of an earlier pass are ignored.
 *
 * Cost: linear in the text. Up to {@link SCAN_GROUP_LIMIT} names, one `indexOf` scan per
 * name; beyond, an Aho–Corasick automaton (O(total length of the spellings) to build,
 * one pass over the text per batch). The time budget is checked between the steps.
 *
 * @param folded - the text after {@link foldCase}
 * @param groups - output of {@link compileKnownIdentifiers}
 * @param placeholders - placeholder spans of the text
 * @param out - where findings are appended
 * @param checkBudget - throws when the time budget has run out
 */
export function findKnownIdentifiers(
  folded: string,
  groups: readonly IdentifierGroup[],
  placeholders: ReadonlyArray<readonly [number, number]>,
  out: Finding[],
  checkBudget: () => void,
): void {
  const matches =
    groups.length <= SCAN_GROUP_LIMIT
      ? scanLeftmostLongest(folded, groups, checkBudget)
      : automatonLeftmostLongest(folded, groups, checkBudget);
  for (const [start, end] of matches) {
    if (!overlapsPlaceholder(placeholders, start, end))
      out.push({ kind: 'known-identifier', start, end, rule: 'known-identifier' });
  }
}
