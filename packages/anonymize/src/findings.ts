/**
 * What the anonymizer reports: the kinds of sensitive spans, their placeholders, and
 * the merge of overlapping detections into non-overlapping findings.
 */

/**
 * The kinds of sensitive span the anonymizer finds. Each maps to one placeholder in
 * {@link PLACEHOLDERS}:
 *
 * - `ip` → `[IP]`: IPv4 (with port or CIDR suffix) and IPv6 (compressed, bracketed, with zone or port)
 * - `mac` → `[MAC]`: MAC addresses (`00:1A:2B:3C:4D:5E`, `00-1A-…`, `001a.2b3c.4d5e`)
 * - `email` → `[EMAIL]`: email addresses, also `user@host` logins
 * - `url` → `[URL]`: URLs with a scheme (`https://…`, `s3://…`) and `host/path` with a registrable host
 * - `domain` → `[DOMAIN]`: host and domain names under a public suffix (public suffix list, via `tldts`)
 *   or a private-use top-level domain (`.internal`, `.local`, `.corp`, …), and values of host keys
 * - `path` → `[PATH]`: Unix and Windows file paths, UNC paths, registry keys
 * - `stack-frame` → `[STACK]`: stack-trace frame lines (JavaScript, Java, Python, .NET, Go, Ruby, PHP)
 * - `secret` → `[SECRET]`: cloud keys and tokens, JWTs, PEM blocks, credentials in connection strings
 *   and URLs, values of secret keys (`password=`), high-entropy strings
 * - `account` → `[ACCOUNT]`: cloud account ids (AWS 12-digit) and values of user/account keys
 * - `resource-id` → `[ID]`: ARNs, Azure resource ids, GCP resource names, AWS resource ids (`i-0abc…`)
 * - `uuid` → `[ID]`: UUIDs (Azure subscription and tenant ids, request ids)
 * - `credit-card` → `[CARD]`: payment card numbers (Luhn-valid, with an issuer prefix)
 * - `phone` → `[PHONE]`: phone numbers, international (`+48 22 123 45 67`) and national (`(212) 555-0198`)
 * - `iban` → `[IBAN]`: IBANs with valid check digits, electronic or in groups of four
 * - `national-id` → `[NATIONAL-ID]`: PESEL, Polish NIP, German Steuer-ID, Hungarian tax number and TAJ, US SSN
 * - `person` → `[PERSON]`: personal names in free text (a given name and a surname, or a title and a name)
 * - `address` → `[ADDRESS]`: postal street addresses (house number and street)
 * - `known-identifier` → `[NAME]`: a name from `knownIdentifiers`
 * - `redacted` → `[REDACTED]`: the whole text, when the time budget ran out (fail closed)
 */
export type FindingKind =
  | 'ip'
  | 'mac'
  | 'email'
  | 'url'
  | 'domain'
  | 'path'
  | 'stack-frame'
  | 'secret'
  | 'account'
  | 'resource-id'
  | 'uuid'
  | 'credit-card'
  | 'phone'
  | 'iban'
  | 'national-id'
  | 'person'
  | 'address'
  | 'known-identifier'
  | 'redacted';

/** Every {@link FindingKind}, in merge priority order (first wins when detections overlap). */
export const FINDING_KINDS: readonly FindingKind[] = [
  'redacted',
  'secret',
  'stack-frame',
  'url',
  'resource-id',
  'email',
  'path',
  'ip',
  'mac',
  'uuid',
  'iban',
  'credit-card',
  'national-id',
  'account',
  'phone',
  'address',
  'domain',
  'known-identifier',
  'person',
];

/**
 * The placeholder that replaces a span of each {@link FindingKind}.
 *
 * @example
 * ```ts
 * PLACEHOLDERS.ip; // '[IP]'
 * ```
 */
export const PLACEHOLDERS: Readonly<Record<FindingKind, string>> = {
  ip: '[IP]',
  mac: '[MAC]',
  email: '[EMAIL]',
  url: '[URL]',
  domain: '[DOMAIN]',
  path: '[PATH]',
  'stack-frame': '[STACK]',
  secret: '[SECRET]',
  account: '[ACCOUNT]',
  'resource-id': '[ID]',
  uuid: '[ID]',
  'credit-card': '[CARD]',
  phone: '[PHONE]',
  iban: '[IBAN]',
  'national-id': '[NATIONAL-ID]',
  person: '[PERSON]',
  address: '[ADDRESS]',
  'known-identifier': '[NAME]',
  redacted: '[REDACTED]',
};

/** One sensitive span found in the input and replaced in the output. */
export interface Finding {
  /** What was found. */
  kind: FindingKind;
  /** Offset of the first UTF-16 code unit of the span in the input (0 ≤ start < end). */
  start: number;
  /** Offset just past the span in the input (end ≤ input length). */
  end: number;
  /**
   * Which detector fired, e.g. `'aws-access-key-id'`, `'ipv6'`, `'python-frame'`,
   * `'time-budget-exceeded'`; when detections overlapped, the rule of the winning kind.
   */
  rule: string;
}

const PRIORITY: Readonly<Record<FindingKind, number>> = Object.fromEntries(
  FINDING_KINDS.map((kind, index) => [kind, index]),
) as Record<FindingKind, number>;

/** Whether `a` goes after `b`: by start, and the longer first at the same start. */
function after(a: Finding, b: Finding): boolean {
  return a.start > b.start || (a.start === b.start && a.end < b.end);
}

/**
 * The non-empty detections in a stable sort by start, longer first at the same start.
 * Each detector reports its spans in order, so the list is a few sorted runs: they
 * are merged pairwise (a natural merge sort, O(n log runs)), the left run first on ties.
 *
 * @param detections - spans in any order
 * @returns a new array of the same objects (empty spans left out)
 */
export function sortDetections(detections: readonly Finding[]): Finding[] {
  let runs: Finding[][] = [];
  let current: Finding[] = [];
  for (const detection of detections) {
    if (detection.end <= detection.start) continue;
    const last = current[current.length - 1];
    if (last !== undefined && after(last, detection)) {
      runs.push(current);
      current = [];
    }
    current.push(detection);
  }
  if (current.length > 0) runs.push(current);
  while (runs.length > 1) {
    const merged: Finding[][] = [];
    for (let run = 0; run + 1 < runs.length; run += 2) merged.push(mergeRuns(runs[run]!, runs[run + 1]!));
    if (runs.length % 2 === 1) merged.push(runs[runs.length - 1]!);
    runs = merged;
  }
  return runs[0] ?? [];
}

function mergeRuns(left: readonly Finding[], right: readonly Finding[]): Finding[] {
  const out: Finding[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length && j < right.length) {
    if (after(left[i]!, right[j]!)) out.push(right[j++]!);
    else out.push(left[i++]!);
  }
  while (i < left.length) out.push(left[i++]!);
  while (j < right.length) out.push(right[j++]!);
  return out;
}

/**
 * Merges detections into sorted, non-overlapping findings: overlapping spans become
 * their union, labelled with the highest-priority kind among them (see
 * {@link FINDING_KINDS}). Spans that only touch stay separate.
 *
 * @param detections - spans in any order (empty spans are dropped); the objects are reused as
 *   findings, and the first of each overlapping group is widened and relabelled in place, so the
 *   caller must own them
 * @returns findings sorted by `start`, with `previous.end <= next.start`
 */
export function mergeFindings(detections: readonly Finding[]): Finding[] {
  const sorted = sortDetections(detections);
  const merged: Finding[] = [];
  for (const detection of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && detection.start < last.end) {
      if (detection.end > last.end) last.end = detection.end;
      if (PRIORITY[detection.kind] < PRIORITY[last.kind]) {
        last.kind = detection.kind;
        last.rule = detection.rule;
      }
    } else merged.push(detection);
  }
  return merged;
}

/**
 * Replaces each finding's span of `text` with its kind's placeholder.
 *
 * @param text - the input
 * @param findings - sorted, non-overlapping findings (as from {@link mergeFindings})
 * @returns the redacted text
 */
export function applyFindings(text: string, findings: readonly Finding[]): string {
  // Joined once: a chain of `+=` is a tree of string pieces that the next search of the
  // output must first copy flat.
  const parts: string[] = [];
  let cursor = 0;
  for (const finding of findings) {
    parts.push(text.slice(cursor, finding.start), PLACEHOLDERS[finding.kind]);
    cursor = finding.end;
  }
  parts.push(text.slice(cursor));
  return parts.join('');
}

const PLACEHOLDER_TEXTS = [...new Set(Object.values(PLACEHOLDERS))];

const NO_PLACEHOLDERS: readonly string[] = [];
/** The placeholders by the code of the letter after their `[` (`[IP]` and `[ID]` share `I`). */
const PLACEHOLDERS_BY_LETTER = new Map<number, string[]>();
for (const placeholder of PLACEHOLDER_TEXTS) {
  const letter = placeholder.charCodeAt(1);
  PLACEHOLDERS_BY_LETTER.set(letter, [...(PLACEHOLDERS_BY_LETTER.get(letter) ?? []), placeholder]);
}

/**
 * Where the text already holds placeholders (from an earlier pass): spans that no
 * detector may reuse as context or redact again.
 *
 * @param text - any text
 * @returns sorted, non-overlapping `[start, end)` pairs
 */
export function findPlaceholders(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  let index = text.indexOf('[');
  while (index !== -1) {
    let next = index + 1;
    for (const placeholder of PLACEHOLDERS_BY_LETTER.get(text.charCodeAt(index + 1)) ?? NO_PLACEHOLDERS) {
      if (text.startsWith(placeholder, index)) {
        spans.push([index, index + placeholder.length]);
        next = index + placeholder.length;
        break;
      }
    }
    index = text.indexOf('[', next);
  }
  return spans;
}

/**
 * The placeholders of `applyFindings(text, findings)`, without searching it: each finding's
 * placeholder, and each placeholder of `text` that no finding touches, moved with the text
 * around it. The same spans as {@link findPlaceholders} of that output: a placeholder never
 * holds a `[` after its first character, so none can start in copied text and end in a
 * finding's placeholder, and every other span of the output is copied text.
 *
 * @param findings - sorted, non-overlapping findings (as from {@link mergeFindings})
 * @param placeholders - {@link findPlaceholders} of the text the findings are in
 * @returns sorted, non-overlapping `[start, end)` pairs in the output
 */
export function placeholdersAfter(
  findings: readonly Finding[],
  placeholders: ReadonlyArray<readonly [number, number]>,
): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  /** Output offset minus input offset, after the findings so far. */
  let shift = 0;
  let next = 0;
  for (const finding of findings) {
    for (; next < placeholders.length && placeholders[next]![1] <= finding.start; next++)
      spans.push([placeholders[next]![0] + shift, placeholders[next]![1] + shift]);
    // A placeholder of the text the finding touches is gone (replaced, in whole or in part).
    while (next < placeholders.length && placeholders[next]![0] < finding.end) next++;
    const length = PLACEHOLDERS[finding.kind].length;
    spans.push([finding.start + shift, finding.start + shift + length]);
    shift += length - (finding.end - finding.start);
  }
  for (; next < placeholders.length; next++)
    spans.push([placeholders[next]![0] + shift, placeholders[next]![1] + shift]);
  return spans;
}

/**
 * Whether a text position range overlaps any placeholder span.
 *
 * @param placeholders - sorted spans from {@link findPlaceholders}
 * @param start - range start
 * @param end - range end (exclusive)
 */
export function overlapsPlaceholder(
  placeholders: ReadonlyArray<readonly [number, number]>,
  start: number,
  end: number,
): boolean {
  let low = 0;
  let high = placeholders.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    const span = placeholders[middle]!;
    if (span[1] <= start) low = middle + 1;
    else high = middle;
  }
  const candidate = placeholders[low];
  return candidate !== undefined && candidate[0] < end;
}

/** How many findings of each kind a text (or a record) had: kinds and counts, never the values. */
export interface FindingsReport {
  /** Number of findings, ≥ 0. */
  total: number;
  /** Findings per kind; kinds with none are absent. */
  byKind: Partial<Record<FindingKind, number>>;
}

/**
 * Counts findings by kind, for a report that can leave the deployment (it holds no
 * value, offset or rule).
 *
 * @param findings - findings of {@link anonymizeText} (or several calls' findings together)
 * @returns `{ total, byKind }`
 * @example
 * ```ts
 * summarizeFindings(anonymizeText('call +48 22 123 45 67 or ops@acme.com').findings);
 * // { total: 2, byKind: { phone: 1, email: 1 } }
 * ```
 */
export function summarizeFindings(findings: readonly Finding[]): FindingsReport {
  const byKind: Partial<Record<FindingKind, number>> = {};
  for (const finding of findings) byKind[finding.kind] = (byKind[finding.kind] ?? 0) + 1;
  return { total: findings.length, byKind };
}
