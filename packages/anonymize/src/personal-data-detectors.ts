/**
 * Detectors for personal data in free text, built on well-kept libraries: phone numbers
 * (`libphonenumber-js`, its `min` metadata), IBANs (`ibantools`), national identifiers
 * with check digits (`validator`'s tax-id rules for Poland's PESEL and NIP, Germany's
 * Steuer-ID and Hungary's tax number; Hungary's TAJ and US SSNs by their published
 * rules), personal names (the name lexicon of the NLP library `compromise`) and postal
 * addresses (house number + street word, in the English, Polish, German and Hungarian
 * forms). Every scan is one linear pass over the text; the libraries only ever see one
 * short candidate.
 */
import nlp from 'compromise/two';
import { electronicFormatIBAN, ValidationErrorsIBAN, validateIBAN } from 'ibantools';
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import isTaxID from 'validator/lib/isTaxID.js';
import { listDigitRuns } from './digit-positions.js';
import { isEnglishLike, isEnglishWord, isPrefix } from './english-words.js';
import type { Finding } from './findings.js';
import { isGivenName } from './given-names.js';
import { messageStart } from './time-stamps.js';

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isAsciiLetter(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
}

/** Letters, digits and the characters that glue a token together: a phone number or id next to one is part of something else. */
function isWordGlue(c: number): boolean {
  return (
    isDigit(c) ||
    isAsciiLetter(c) ||
    c === 0x5f ||
    c === 0x2e ||
    c === 0x2d ||
    c === 0x2f ||
    c === 0x3a ||
    c === 0x40
  );
}

// ---------------------------------------------------------------------------------------
// Phone numbers

/** Longest phone number in digits (E.164: 15, plus room for an extension-free national prefix). */
const MAX_PHONE_DIGITS = 15;
const MIN_PHONE_DIGITS = 7;
/** Countries tried for numbers written without a country code, with their trunk prefix. */
const NATIONAL_WITH_TRUNK_PREFIX = ['DE', 'GB', 'FR', 'HU', 'NL', 'IT', 'AT', 'CH', 'BE'] as const;
/** Words that say a number is a phone number. */
const PHONE_EXTENSION = /^ ?(?:x|ext\.?|extension) ?\d{1,6}\b/i;
const PHONE_CUES = ['tel', 'phone', 'mobile', 'mobil', 'cell', 'fax', 'call', 'contact', 'telefon', 'tél'];

/**
 * Whether the text just before a number ends with one of the cue words, after trimming
 * spaces and the punctuation that follows a label (`SSN:`, `Steuer-ID #`, `tel.`).
 */
function endsWithCue(before: string, cues: readonly string[]): boolean {
  let end = before.length;
  while (end > 0 && ' \t:=#.'.includes(before.charAt(end - 1))) end--;
  const head = before.slice(0, end).toLowerCase();
  for (const cue of cues) {
    if (!head.endsWith(cue)) continue;
    const c = head.charCodeAt(head.length - cue.length - 1);
    if (Number.isNaN(c) || !isAsciiLetter(c)) return true;
  }
  return false;
}

/** Digits of a candidate and the shape of its groups (`3-3-4`). */
function digitGroups(candidate: string): { digits: string; groups: number[] } {
  let digits = '';
  const groups: number[] = [];
  let run = 0;
  for (let i = 0; i < candidate.length; i++) {
    const c = candidate.charCodeAt(i);
    if (isDigit(c)) {
      digits += candidate.charAt(i);
      run++;
    } else if (run > 0) {
      groups.push(run);
      run = 0;
    }
  }
  if (run > 0) groups.push(run);
  return { digits, groups };
}

/** Whether a candidate without a country code is a phone number by its shape and a national numbering plan. */
function isNationalPhone(candidate: string, cue: boolean): boolean {
  const { digits, groups } = digitGroups(candidate);
  const shape = groups.join('-');
  // North American Numbering Plan: (212) 555-0198, 212-555-0198, 212.555.0198, 1-212-555-0198.
  if (
    (shape === '3-3-4' && /^(?:\(\d{3}\) ?|\d{3}[-. ])\d{3}[-. ]\d{4}$/.test(candidate)) ||
    (shape === '1-3-3-4' && /^1[-. ](?:\(\d{3}\) ?|\d{3}[-. ])\d{3}[-. ]\d{4}$/.test(candidate))
  ) {
    return parsePhoneNumberFromString(candidate, 'US')?.isPossible() === true;
  }
  // A trunk-prefixed number written without separators (0612345678): valid in a national plan.
  if (groups.length === 1 && digits.startsWith('0') && !digits.startsWith('00') && digits.length >= 10) {
    for (const country of NATIONAL_WITH_TRUNK_PREFIX)
      if (parsePhoneNumberFromString(candidate, country)?.isValid()) return true;
  }
  // A trunk prefix (0) and a national plan that accepts the number: 030 1234567, 020 7946 0958, 06 1 234 5678.
  if (digits.startsWith('0') && !digits.startsWith('00') && digits.length >= 9 && groups.length >= 2) {
    for (const country of NATIONAL_WITH_TRUNK_PREFIX)
      if (parsePhoneNumberFromString(candidate, country)?.isValid()) return true;
  }
  // Poland has no trunk prefix: 512 600 700, 22 123 45 67.
  if ((shape === '3-3-3' || shape === '2-3-2-2') && parsePhoneNumberFromString(candidate, 'PL')?.isValid())
    return true;
  // After a cue word (`tel.`, `phone:`), any number a plan of these countries accepts.
  if (cue && groups.length >= 1) {
    for (const country of ['US', 'PL', ...NATIONAL_WITH_TRUNK_PREFIX] as const)
      if (parsePhoneNumberFromString(candidate, country)?.isPossible()) return true;
  }
  return false;
}

/**
 * Finds phone numbers: international ones (`+48 22 123 45 67`, `+1-555-123-4567`,
 * `0044 20 7946 0958`) when `libphonenumber-js` finds the country code and a possible
 * length; national ones when their shape and a national plan agree (North American
 * `(212) 555-0198`, trunk-prefixed `030 1234567` in nine European plans, Polish
 * `512 600 700`), or after a cue word (`tel.`, `phone:`, `call`). A candidate is a run of
 * digits, single spaces, `-`, `.`, `/` and parentheses with 7–15 digits, not glued to a
 * word, a version or an address. Dates, times, IPs and versions never fit the shapes.
 *
 * @param runs - the text's digit runs (`listDigitRuns`, digit-positions.ts), by default all of them
 */
export function findPhoneNumbers(
  text: string,
  out: Finding[],
  runs: ArrayLike<number> = listDigitRuns(text),
): void {
  const length = text.length;
  let i = 0;
  for (let r = 0; r < runs.length; r += 2) {
    const run = runs[r]!;
    if (run < i) continue;
    // A number starts at a digit, or at a `+` or `(` just before one: `+48 …`, `(212) …`, `(+48) …`.
    let from = run;
    if (from > i && text.charCodeAt(from - 1) === 0x2b) from--;
    if (from > i && text.charCodeAt(from - 1) === 0x28) from--;
    i = from;
    while (i <= run) {
      const c = text.charCodeAt(i);
      const startsCandidate = c === 0x2b || c === 0x28 || isDigit(c);
      if (!startsCandidate || (i > 0 && isWordGlue(text.charCodeAt(i - 1)))) {
        i++;
        continue;
      }
      const start = i;
      let digits = 0;
      let end = i;
      let j = c === 0x2b ? i + 1 : i;
      let lastWasSeparator = c === 0x2b || c === 0x28;
      for (; j < length; j++) {
        const d = text.charCodeAt(j);
        if (isDigit(d)) {
          digits++;
          if (digits > MAX_PHONE_DIGITS) break;
          lastWasSeparator = false;
          end = j + 1;
        } else if (d === 0x29) {
          end = j + 1;
          lastWasSeparator = true;
        } else if (d === 0x20 || d === 0x2d || d === 0x2e || d === 0x2f || d === 0x28) {
          if (lastWasSeparator && d !== 0x28 && text.charCodeAt(j - 1) !== 0x29) break;
          lastWasSeparator = true;
        } else break;
      }
      // Skip the rest of this run so the scan stays linear.
      const next = Math.max(j, i + 1);
      if (
        digits < MIN_PHONE_DIGITS ||
        digits > MAX_PHONE_DIGITS ||
        (end < length && isWordGlueAfter(text, end))
      ) {
        i = next;
        continue;
      }
      const candidate = text.slice(start, end);
      const international = c === 0x2b || candidate.startsWith('00');
      let isPhone = false;
      if (international) {
        const normalized = c === 0x2b ? candidate : `+${candidate.slice(2)}`;
        // `+…`, or `00…` with separators: a possible number of the country; `00…` without any: a valid one.
        const parsed = parsePhoneNumberFromString(normalized);
        isPhone =
          c === 0x2b || /\D/.test(candidate) ? parsed?.isPossible() === true : parsed?.isValid() === true;
      } else {
        const before = text.slice(Math.max(0, start - 16), start);
        isPhone = isNationalPhone(candidate, endsWithCue(before, PHONE_CUES));
      }
      if (isPhone) {
        // An extension belongs to the number: ` x885`, ` ext. 12`.
        const extension = PHONE_EXTENSION.exec(text.slice(end, end + 20));
        out.push({
          kind: 'phone',
          start,
          end: extension ? end + extension[0].length : end,
          rule: international ? 'phone-international' : 'phone-national',
        });
      }
      i = next;
    }
  }
}

/** Whether the character at `end` continues a word (so the digits before it are part of an identifier or a quantity). */
function isWordGlueAfter(text: string, end: number): boolean {
  const c = text.charCodeAt(end);
  if (isDigit(c) || isAsciiLetter(c) || c === 0x5f || c === 0x40) return true;
  // `.` or `:` followed by a digit continues a number (decimal, IP, time); at a sentence end it does not.
  if ((c === 0x2e || c === 0x3a || c === 0x2d || c === 0x2f) && isDigit(text.charCodeAt(end + 1)))
    return true;
  return false;
}

// ---------------------------------------------------------------------------------------
// IBANs and national identifiers

/**
 * Whether an IBAN in electronic form passes `ibantools`' checks of its country's format
 * and the ISO 13616 mod-97 check digits. A failed national account checksum (which some
 * countries add inside the BBAN) is ignored: a number that passes mod-97 in its country's
 * format is an account number either way, and redacting it is the safe side.
 */
function isValidIbanForRedaction(electronic: string): boolean {
  const { errorCodes } = validateIBAN(electronic);
  return errorCodes.every((code) => code === ValidationErrorsIBAN.WrongAccountBankBranchChecksum);
}

/**
 * Whether `token` is an IBAN in electronic form (`DE89370400440532013000`), checked by
 * `ibantools` (country format and the ISO 13616 mod-97 check digits).
 */
export function isIban(token: string): boolean {
  const length = token.length;
  if (length < 15 || length > 34) return false;
  const a = token.charCodeAt(0);
  const b = token.charCodeAt(1);
  if (!(a >= 0x41 && a <= 0x5a && b >= 0x41 && b <= 0x5a)) return false;
  if (!isDigit(token.charCodeAt(2)) || !isDigit(token.charCodeAt(3))) return false;
  return isValidIbanForRedaction(token);
}

/**
 * Finds IBANs written in groups of four (`DE89 3704 0044 0532 0130 00`): a country code
 * and check digits, then space-separated groups, validated by `ibantools`.
 *
 * @param runs - the text's digit runs (`listDigitRuns`, digit-positions.ts), by default all of
 *   them: an IBAN's check digits are one
 */
export function findGroupedIbans(
  text: string,
  out: Finding[],
  runs: ArrayLike<number> = listDigitRuns(text),
): void {
  const length = text.length;
  let cursor = 0;
  for (let r = 0; r < runs.length; r += 2) {
    // The check digits (`89` of `DE89 3704 …`) are a run of two digits after the country code.
    const i = runs[r]! - 2;
    if (i < cursor || runs[r + 1]! - i !== 4 || text.charCodeAt(i + 4) !== 0x20) continue;
    const a = text.charCodeAt(i);
    const b = text.charCodeAt(i + 1);
    if (a < 0x41 || a > 0x5a || b < 0x41 || b > 0x5a) continue;
    if (i > 0 && isWordGlue(text.charCodeAt(i - 1))) continue;
    // Groups of 1–4 letters or digits after single spaces; at most 34 characters without spaces.
    let end = i + 4;
    let characters = 4;
    let j = i + 4;
    while (j < length && text.charCodeAt(j) === 0x20 && characters < 34) {
      let k = j + 1;
      while (k < length && k - j <= 4) {
        const c = text.charCodeAt(k);
        if (!(isDigit(c) || (c >= 0x41 && c <= 0x5a))) break;
        k++;
      }
      const group = k - j - 1;
      if (group === 0) break;
      characters += group;
      end = k;
      j = k;
      if (group < 4) break;
    }
    if (characters < 15) continue;
    const candidate = text.slice(i, end);
    const electronic = electronicFormatIBAN(candidate);
    if (electronic && isValidIbanForRedaction(electronic)) {
      out.push({ kind: 'iban', start: i, end, rule: 'iban' });
      cursor = end;
    }
  }
}

/** Hungary's social security number (TAJ): 9 digits, the 9th the weighted sum of the first 8 (weights 3, 7) mod 10. */
export function isHungarianTaj(digits: string): boolean {
  if (digits.length !== 9) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (digits.charCodeAt(i) - 0x30) * (i % 2 === 0 ? 3 : 7);
  return sum % 10 === digits.charCodeAt(8) - 0x30;
}

/**
 * A US Social Security number as the Social Security Administration issues them:
 * area 001–899 except 666, group 01–99, serial 0001–9999 (SSA, "Social Security Number
 * Randomization", 2011).
 */
export function isUsSsn(area: string, group: string, serial: string): boolean {
  const a = Number(area);
  return a !== 0 && a !== 666 && a < 900 && Number(group) !== 0 && Number(serial) !== 0;
}

const SSN_CUES = [
  'ssn',
  'social security',
  'social security number',
  'social security no',
  'ssn no',
  'ssn number',
];
const NATIONAL_ID_CUES = [
  'pesel',
  'nip',
  'steuer-id',
  'steuerid',
  'steueridentifikationsnummer',
  'idnr',
  'tin',
  'taj',
  'taj szám',
  'adóazonosító',
  'adóazonosító jel',
  'personal id',
  'national id',
];

/**
 * Finds national identifiers at the starts of digit runs:
 * - 11 digits: Poland's PESEL (birth date and check digit) or Germany's Steuer-ID
 *   (ISO 7064 check digit and its digit-repetition rule), by `validator`'s `isTaxID`;
 * - 10 digits: Poland's NIP and Hungary's tax number (adóazonosító jel, starting with 8),
 *   by `isTaxID`, the NIP only after a cue word (its checksum alone passes 1 in 11 numbers);
 * - 9 digits grouped `123 456 789` or after a cue: Hungary's TAJ;
 * - `123-45-6789`, or 9 digits after `SSN`: a US Social Security number.
 * A run glued to letters, `.`, `:` or `/` (versions, times, paths) is not an identifier.
 *
 * @param runs - the text's digit runs (`listDigitRuns`, digit-positions.ts), by default all of them
 */
export function findNationalIds(
  text: string,
  out: Finding[],
  runs: ArrayLike<number> = listDigitRuns(text),
): void {
  let i = 0;
  for (let r = 0; r < runs.length; r += 2) {
    if (runs[r]! < i) continue;
    i = runs[r]!;
    if (i > 0 && isWordGlue(text.charCodeAt(i - 1))) continue;
    const j = runs[r + 1]!;
    const run = j - i;
    // `123-45-6789` (SSN) and `123 456 789` (TAJ).
    if (run === 3 && (text.charCodeAt(j) === 0x2d || text.charCodeAt(j) === 0x20)) {
      const separator = text.charCodeAt(j);
      const rest = text.slice(j, j + 8);
      if (
        separator === 0x2d &&
        /^-\d{2}-\d{4}$/.test(rest) &&
        !isWordGlueAfter(text, j + 8) &&
        isUsSsn(text.slice(i, j), rest.slice(1, 3), rest.slice(4))
      ) {
        out.push({ kind: 'national-id', start: i, end: j + 8, rule: 'us-ssn' });
        i = j + 8;
        continue;
      }
      const taj = text.slice(i, j + 8);
      if (/^\d{3}([ -])\d{3}\1\d{3}$/.test(taj) && !isWordGlueAfter(text, j + 8)) {
        if (isHungarianTaj(taj.replace(/\D/g, ''))) {
          out.push({ kind: 'national-id', start: i, end: j + 8, rule: 'hu-taj' });
          i = j + 8;
          continue;
        }
      }
    }
    if (run >= 9 && run <= 11 && !isWordGlueAfter(text, j)) {
      const digits = text.slice(i, j);
      const before = text.slice(Math.max(0, i - 40), i);
      let rule: string | null = null;
      if (run === 11) {
        if (isTaxID(digits, 'pl-PL')) rule = 'pl-pesel';
        else if (isTaxID(digits, 'de-DE')) rule = 'de-steuer-id';
      } else if (run === 10) {
        if (digits.startsWith('8') && isTaxID(digits, 'hu-HU')) rule = 'hu-tax-number';
        else if (endsWithCue(before, NATIONAL_ID_CUES) && isTaxID(digits, 'pl-PL')) rule = 'pl-nip';
      } else if (
        endsWithCue(before, SSN_CUES) &&
        isUsSsn(digits.slice(0, 3), digits.slice(3, 5), digits.slice(5))
      ) {
        rule = 'us-ssn';
      } else if (endsWithCue(before, NATIONAL_ID_CUES) && isHungarianTaj(digits)) rule = 'hu-taj';
      if (rule) out.push({ kind: 'national-id', start: i, end: j, rule });
    }
    i = j;
  }
}

// ---------------------------------------------------------------------------------------
// Personal names and postal addresses

/** compromise's English lexicon (about 25,000 words with their part-of-speech tags, names among them). */
const LEXICON: Readonly<Record<string, string | string[]>> = (
  nlp as unknown as { model(): { one: { lexicon: Record<string, string | string[]> } } }
).model().one.lexicon;

function tagsOf(word: string): string {
  // The lexicon is English: `Róbert`, `Eusèbe` are looked up without their accents too.
  const tags = LEXICON[word] ?? (/[^\u0000-\u007f]/.test(word) ? LEXICON[stripAccents(word)] : undefined);
  return tags === undefined ? '' : Array.isArray(tags) ? tags.join('|') : tags;
}

function stripAccents(word: string): string {
  return word.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

/** First names the lexicon has that are mostly technical words in logs. */
const TECHNICAL_FIRST_NAMES = new Set([
  'ruby',
  'julia',
  'crystal',
  'ada',
  'sage',
  'nova',
  'jenkins',
  'kafka',
  'hana',
  'elastic',
  'may',
  'june',
  'april',
  'august',
  'summer',
  'winter',
  'autumn',
  'cassandra',
  'athena',
  'hugo',
  'travis',
  'luigi',
  'alexa',
  'harper',
  'watson',
  'jenkins',
  'mark',
  'spike',
]);

/**
 * Vendors, products and technical words that logs write in Title case and that are not English
 * dictionary words (`Apache Kafka`, `Netflix Hystrix`, `Grafana Loki`): two such words in a row
 * are not a personal name. Lower case.
 */
const TECHNICAL_PROPER_NOUNS = new Set(
  (
    'apache netflix uber airbnb microsoft google amazon aws oracle ibm sap salesforce meta facebook ' +
    'instagram twitter linkedin spotify shopify stripe twilio cloudflare akamai fastly vercel netlify ' +
    'heroku github gitlab bitbucket atlassian jira datadog splunk newrelic pagerduty okta auth0 ' +
    'keycloak kubernetes openshift rancher docker podman helm argo flux istio linkerd envoy traefik ' +
    'nginx haproxy tomcat jetty quarkus micronaut django flask laravel symfony drupal joomla magento ' +
    'hadoop presto trino druid pinot kylin solr lucene elasticsearch opensearch kibana logstash ' +
    'grafana loki mimir prometheus thanos cortex jaeger zipkin fluentd fluentbit opentelemetry otel ' +
    'sentry rollbar sidekiq rabbitmq activemq nats pulsar kinesis eventbridge fargate dynamodb ' +
    'redshift bigquery databricks snowpipe firestore firebase supabase mongodb mongo postgres mysql ' +
    'mariadb sqlite redis memcached kafka flink airflow hudi iceberg parquet avro protobuf grpc ' +
    'graphql hystrix zuul eureka ribbon metaflow michelangelo falco terraform ansible vagrant consul ' +
    'nomad openstack vmware vsphere proxmox ubuntu debian centos fedora alpine linux macos android ' +
    'chromium firefox webkit deno typescript javascript golang kotlin scala elixir erlang haskell ' +
    'clojure backend frontend microservice microservices serverless runtime runtimes rollout ' +
    'rollouts sharding pipelining timeout timeouts roadmap playbook outbox jitter url urls api apis ' +
    'json yaml jetson anycast webhook webhooks middleware app apps auth admin config configs cert ' +
    'certs tech comm geo async sync dedup crypto repo repos infra ops dev devs prod env envs ' +
    'idempotency idempotent retriable merkle sigmoid git aurora cosmos athena neptune lambda ' +
    'bigtable spanner pubsub dataflow dataproc synapse'
  ).split(' '),
);

/** Courtesy titles before a name, with or without a period (`Dr.`, `Prof.`, `Pani`, `Mme`, `Herr`). */
const HONORIFIC = /^(?:Mr|Mrs|Ms|Mx|Dr|Prof|Sir|Dame|Miss|Mme|Mlle|Herr|Frau|Pan|Pani)$/;

/**
 * A Title-case word that is a proper noun of unknown origin — most often a name (`Kaczmarczyk`,
 * `Csanád`, `King-Bosco`): not an English dictionary word (every part of a hyphenated word
 * being one), not a technical term, and not an ordinary word of `compromise`'s lexicon.
 */
export function isProperWord(word: string): boolean {
  const lower = word.toLowerCase();
  if (TECHNICAL_PROPER_NOUNS.has(lower)) return false;
  // Exact lexicon entry: `Máté` is not the English `mate` (tagsOf folds accents to find `Róbert`).
  const exact = LEXICON[lower];
  const tags = exact === undefined ? '' : Array.isArray(exact) ? exact.join('|') : exact;
  if (tags !== '' && !/Name|Person/.test(tags)) return false;
  // `Geo-Replication`, `Pre-Vote`: a prefix before a hyphen is English too.
  return !lower
    .split(/[-'\u2019]/)
    .every((part) => part.length <= 1 || isEnglishLike(part) || isPrefix(part));
}

/** A Title-case word at `i`: an upper-case letter, then lower-case letters (any script), `'` or `-` inside. Returns its end or -1. */
function titleWordEnd(text: string, i: number): number {
  const c0 = text.charCodeAt(i);
  if (c0 < 0x80) {
    if (c0 < 0x41 || c0 > 0x5a) return -1;
  } else {
    const first = text.charAt(i);
    if (first === first.toLowerCase() || first.toUpperCase() !== first) return -1;
  }
  let j = i + 1;
  let letters = 0;
  // Where the current part of a hyphenated name began (`Steuber-McLaughlin`).
  let part = i;
  while (j < text.length) {
    const c = text.charCodeAt(j);
    if (c >= 0x61 && c <= 0x7a) {
      letters++;
      j++;
    } else if (c < 0x80) {
      // O'Conner, Nagy-Kovács: an apostrophe or hyphen followed by an upper-case letter.
      if ((c === 0x27 || c === 0x2d) && isUpperAt(text, j + 1)) {
        part = j + 1;
        j += 2;
      }
      // McCullough, MacDonald, VonRueden, DuBuque, LaToya: a capital after a name particle.
      else if (c >= 0x41 && c <= 0x5a && isNameParticle(text, part, j) && isLowerAsciiAt(text, j + 1)) j++;
      else break;
    } else if (c === 0x2019 && isUpperAt(text, j + 1)) {
      part = j + 1;
      j += 2;
    } else {
      const ch = text.charAt(j);
      if (ch !== ch.toUpperCase() && ch === ch.toLowerCase()) {
        letters++;
        j++;
      } else break;
    }
  }
  return letters >= 1 ? j : -1;
}

/** Whether `text[part, j)` is a particle names glue to a capital (`Mc`, `Mac`, `Von`, `Van`, `De`, `Du`, `Di`, `La`, `Le`). */
function isNameParticle(text: string, part: number, j: number): boolean {
  return NAME_PARTICLES.has(text.slice(part, j));
}

const NAME_PARTICLES = new Set(['Mc', 'Mac', 'Von', 'Van', 'De', 'Du', 'Di', 'Da', 'La', 'Le']);

function isLowerAsciiAt(text: string, j: number): boolean {
  const c = text.charCodeAt(j);
  return c >= 0x61 && c <= 0x7a;
}

function isUpperAt(text: string, j: number): boolean {
  const c = text.charCodeAt(j);
  if (c < 0x80) return c >= 0x41 && c <= 0x5a;
  const ch = text.charAt(j);
  return ch !== ch.toLowerCase() && ch === ch.toUpperCase();
}

/** Whether a word (lower case) is a given or family name: compromise's lexicon or Moby's given names (`Hope Points`, `Rice Walk`). */
function isPersonalName(lower: string): boolean {
  return /Name/.test(tagsOf(lower)) || isGivenName(lower);
}

function isNameTag(tags: string): boolean {
  return /FemaleName|MaleName|FirstName/.test(tags);
}

/**
 * Finds personal names, Title-case words read by these rules, in order:
 * - titles, chained, with or without a period (`Dr.`, `Prof. Dr.`, `Mrs.`, `Pani`, `Herr`),
 *   then one to three name words;
 * - a first name from `compromise`'s lexicon of about 3,000 given names followed by one or two
 *   words the lexicon does not know as ordinary words (`Maria Kowalska`, `John Smith`), or by
 *   any Title-case word when the first name is not also an English word (`Leah Hand`); first
 *   names that are mostly technical words in logs (`Ruby`, `Jenkins`, `Mark`) are skipped;
 * - family name first (`Kis Róbert`), a known family name after an unknown word, or two or
 *   three proper nouns: words that are neither English ({@link isProperWord}) nor vendor and
 *   jargon terms (`Demetriusz Kaczmarczyk`, `Halász Csanád`);
 * - inside a sentence, any Title-case word before a proper noun (`approved by Dean Oschkenat`).
 */
export function findPersonNames(text: string, out: Finding[]): void {
  const length = text.length;
  let i = 0;
  while (i < length) {
    // Jump to the next capital followed by a lower-case letter (V8 scans for it natively).
    i = nextNameStart(text, i);
    if (i >= length) break;
    if (i > 0 && isTitleGlue(text.charCodeAt(i - 1))) {
      i++;
      continue;
    }
    const end = titleWordEnd(text, i);
    if (end === -1) {
      i++;
      continue;
    }
    // A name continues with a space and a capital (`Maria Kowalska`) or a period (`Dr. Nagy`).
    const after = text.charCodeAt(end);
    if (!((after === 0x20 && isUpperAt(text, end + 1)) || (after === 0x2e && end - i <= 4))) {
      // Always move forward: a word end at the start (a lone surrogate or a letter outside
      // the BMP) must not stall the scan.
      i = end > i ? end : i + 1;
      continue;
    }
    const word = text.slice(i, end);
    const lower = word.toLowerCase();
    const tags = tagsOf(lower);
    if (!isNameTag(tags) && isGivenName(lower) && !TECHNICAL_FIRST_NAMES.has(lower)) {
      // A given name compromise does not know (`Leo`, `Aurora`, `Baldwin`): Moby's lists hold
      // more ordinary words (`Max`, `Grant`, `Chance`), so only proper nouns may follow it
      // (`Leo Donnelly`, not `Max Connections`); otherwise the rules below still apply.
      const nameEnd = properNounsAfter(text, end, 2);
      if (nameEnd !== -1) {
        out.push({ kind: 'person', start: i, end: nameEnd, rule: 'given-name' });
        i = nameEnd;
        continue;
      }
    }
    if (HONORIFIC.test(word)) {
      // `Dr. Nagy`, `Prof. Dr. Defne Roba`, `Pani Lilla Rosiak`: titles, then one to three name words.
      let cursor = text.charCodeAt(end) === 0x2e ? end + 1 : end;
      for (let titles = 0; titles < 3 && text.charCodeAt(cursor) === 0x20; titles++) {
        const next = titleWordEnd(text, cursor + 1);
        if (next === -1 || !HONORIFIC.test(text.slice(cursor + 1, next))) break;
        cursor = text.charCodeAt(next) === 0x2e ? next + 1 : next;
      }
      const nameEnd = nameWordsAfter(text, cursor, 3, true);
      if (nameEnd !== -1) {
        out.push({ kind: 'person', start: i, end: nameEnd, rule: 'honorific-name' });
        i = nameEnd;
        continue;
      }
    } else if (isNameTag(tags) && !TECHNICAL_FIRST_NAMES.has(lower)) {
      let nameEnd = nameWordsAfter(text, end, 2);
      // A given name that is nothing but a name (`Leah`, `Donald`) takes any Title-case word
      // after it as the family name, ordinary words too (`Leah Hand`, `Donald White`).
      if (nameEnd === -1 && !isEnglishWord(lower)) {
        const next = nameWordAfter(text, end);
        if (next !== -1 && !TECHNICAL_PROPER_NOUNS.has(text.slice(end + 1, next).toLowerCase()))
          nameEnd = next;
      }
      if (nameEnd !== -1) {
        out.push({ kind: 'person', start: i, end: nameEnd, rule: 'given-name' });
        i = nameEnd;
        continue;
      }
    } else if (TECHNICAL_FIRST_NAMES.has(lower)) {
      // `Hugo`, `August`, `Travis` name tools and months too: a name only before a proper noun
      // or a family name (`Hugo Pawlikowski`, not `Hugo Modules` or `August Release`).
      const next = properNounsAfter(text, end, 1);
      if (next !== -1) {
        out.push({ kind: 'person', start: i, end: next, rule: 'given-name' });
        i = next;
        continue;
      }
    } else if (tags === '' || /LastName/.test(tags)) {
      // Family name first (Hungarian order, `Kis Róbert`), a known family name after an unknown
      // given name, or two proper nouns that are neither English words nor technical terms
      // (`Demetriusz Kaczmarczyk`, `Halász Csanád`, `Skyla Zemlak-Gulgowski`).
      const next = nameWordAfter(text, end);
      if (next !== -1) {
        const secondWord = text.slice(end + 1, next);
        const second = secondWord.toLowerCase();
        const secondTags = tagsOf(second);
        const rule =
          isNameTag(secondTags) && !TECHNICAL_FIRST_NAMES.has(second)
            ? 'family-name-first'
            : secondTags === 'LastName' && tags === ''
              ? 'family-name'
              : isProperWord(word) && !TECHNICAL_PROPER_NOUNS.has(second)
                ? 'proper-nouns'
                : undefined;
        if (rule !== undefined) {
          const third = rule === 'proper-nouns' ? nameWordAfter(text, next) : -1;
          const nameEnd = third !== -1 && isProperWord(text.slice(next + 1, third)) ? third : next;
          out.push({ kind: 'person', start: i, end: nameEnd, rule });
          i = nameEnd;
          continue;
        }
      }
    }
    if (
      !TECHNICAL_PROPER_NOUNS.has(lower) &&
      !/Verb|Tense|Infinitive|Determiner|Preposition|Pronoun|Conjunction|Adverb|QuestionWord|Modal|Copula/.test(
        tags,
      ) &&
      isSentenceStart(text, i)
    ) {
      // A sentence's subject: a Title-case word, then a proper noun, then a verb (`River
      // Klein-Hegmann reran the job`, `Lyric Mohr approved`); not `Configure Kaniko to` (a verb
      // first) nor `Restart Kaniko before` (no verb after).
      const next = nameWordAfter(text, end);
      if (next !== -1 && isProperWord(text.slice(end + 1, next)) && isVerbAfter(text, next)) {
        out.push({ kind: 'person', start: i, end: next, rule: 'sentence-subject' });
        i = next;
        continue;
      }
    }
    if (isInsideSentence(text, i) && !TECHNICAL_PROPER_NOUNS.has(lower)) {
      // Inside a sentence, a Title-case word before a proper noun (`approved by Dean
      // Oschkenat`, `Owner: Robin Kreiger`): the first name is an English word too.
      const next = nameWordAfter(text, end);
      if (next !== -1 && isProperWord(text.slice(end + 1, next))) {
        out.push({ kind: 'person', start: i, end: next, rule: 'proper-noun-in-sentence' });
        i = next;
        continue;
      }
    }
    i = end > i ? end : i + 1;
  }
}

/** Whether the word at `i` begins the text, a line or a sentence (after `.`, `!` or `?` and a space). */
function isSentenceStart(text: string, i: number): boolean {
  if (i === 0) return true;
  const c = text.charCodeAt(i - 1);
  if (c === 0x0a || c === 0x0d) return true;
  if (c !== 0x20 || i < 2) return false;
  const before = text.charCodeAt(i - 2);
  if (before === 0x2e || before === 0x21 || before === 0x3f || before === 0x0a) return true;
  // The message of a time-stamped log line (`2026-11-02T10:31:10Z INFO River Klein reran …`):
  // a stamp ends in a digit or `Z`, a bracket, a log level in capitals, or its colon.
  if (
    !(
      isDigit(before) ||
      before === 0x5a ||
      before === 0x5d ||
      before === 0x3a ||
      (before >= 0x41 && before <= 0x5a)
    )
  )
    return false;
  let lineStart = i - 1;
  while (lineStart > 0 && i - lineStart < 96 && text.charCodeAt(lineStart - 1) !== 0x0a) lineStart--;
  return (
    (lineStart === 0 || text.charCodeAt(lineStart - 1) === 0x0a) && messageStart(text, lineStart, i) === i
  );
}

/**
 * Whether a space and a verb follow at `end`: a lower-case word compromise's lexicon tags as a
 * verb, one ending in `ed`, or one of those after `re` (`reran`, `redeployed`).
 */
function isVerbAfter(text: string, end: number): boolean {
  if (text.charCodeAt(end) !== 0x20 || !isLowerAsciiAt(text, end + 1)) return false;
  let wordEnd = end + 1;
  while (wordEnd < text.length && wordEnd - end < 24 && isLowerAsciiAt(text, wordEnd)) wordEnd++;
  const word = text.slice(end + 1, wordEnd);
  return isVerbWord(word) || (word.startsWith('re') && isVerbWord(word.slice(2)));
}

/** Whether a lower-case word is a verb: compromise's lexicon tags it so, or it ends in `ed`. */
function isVerbWord(word: string): boolean {
  return (word.length > 3 && word.endsWith('ed')) || /Verb|Tense|Copula|Modal/.test(tagsOf(word));
}

/** Whether the word at `i` follows a lower-case word, a `:` or a `,` and a space (not a sentence's first word). */
function isInsideSentence(text: string, i: number): boolean {
  if (i < 2 || text.charCodeAt(i - 1) !== 0x20) return false;
  const c = text.charCodeAt(i - 2);
  return (c >= 0x61 && c <= 0x7a) || c === 0x3a || c === 0x2c;
}

/** The end of a Title-case word after one space at `cursor` that is not glued to code after it, or -1. */
function nameWordAfter(text: string, cursor: number): number {
  if (text.charCodeAt(cursor) !== 0x20) return -1;
  const next = titleWordEnd(text, cursor + 1);
  return next === -1 || isTitleGlue(text.charCodeAt(next)) ? -1 : next;
}

/**
 * The end of up to `max` name words after `cursor` (surnames, unknown words; an ordinary word
 * such as `Access` or `Connections` ends the name), or -1 when there is none. After a title
 * (`afterTitle`) the first word may be an ordinary word too (`Mrs. Dolly`, `Dr Constant`).
 */
function nameWordsAfter(text: string, cursor: number, max: number, afterTitle = false): number {
  let nameEnd = -1;
  for (let part = 0; part < max; part++) {
    const next = nameWordAfter(text, cursor);
    if (next === -1) break;
    const lower = text.slice(cursor + 1, next).toLowerCase();
    if (TECHNICAL_PROPER_NOUNS.has(lower)) break;
    const tags = tagsOf(lower);
    if (tags !== '' && !/LastName|Name|Person/.test(tags) && !(afterTitle && part === 0)) break;
    // The plural of an English word compromise's lexicon does not list (`Permissions`,
    // `Failures`) is not a family name either.
    if (tags === '' && !afterTitle && lower.endsWith('s') && isEnglishWord(lower.slice(0, -1))) break;
    nameEnd = next;
    cursor = next;
  }
  return nameEnd;
}

/**
 * The end of up to `max` proper nouns ({@link isProperWord}) or family names of compromise's
 * lexicon (`Fisher`, `Baldwin`) after `cursor`, or -1 when there is none.
 */
function properNounsAfter(text: string, cursor: number, max: number): number {
  let nameEnd = -1;
  for (let part = 0; part < max; part++) {
    const next = nameWordAfter(text, cursor);
    if (next === -1) break;
    const word = text.slice(cursor + 1, next);
    if (!isProperWord(word) && !/LastName/.test(tagsOf(word.toLowerCase()))) break;
    nameEnd = next;
    cursor = next;
  }
  return nameEnd;
}

/** Characters that glue a Title-case word to code (`Foo.Bar`, `Foo_bar`, `Foo-1`, `a/Foo`): then it is an identifier in code, not a name. */
function isTitleGlue(c: number): boolean {
  return (
    c === 0x2e ||
    c === 0x5f ||
    c === 0x2f ||
    c === 0x5c ||
    isDigit(c) ||
    (c >= 0x61 && c <= 0x7a) ||
    (c >= 0x41 && c <= 0x5a) ||
    c === 0x3a ||
    c === 0x40 ||
    c === 0x3c ||
    c === 0x24
  );
}

/** USPS street suffixes (Publication 28, Appendix C1), full and abbreviated, lower case. */
const STREET_SUFFIXES = new Set(
  (
    'alley aly annex anx arcade arc avenue ave av bayou byu beach bch bend bnd bluff blf bluffs blfs bottom btm boulevard blvd branch br bridge brg brook brk brooks burg bg burgs bypass byp camp cp canyon cyn cape cpe causeway cswy center ctr centers circle cir circles cirs cliff clf cliffs clfs club clb common cmn commons corner cor corners cors course crse court ct courts cts cove cv coves creek crk crescent cres crest crst crossing xing crossroad xrd curve curv dale dl dam dm divide dv drive dr drives drs estate est estates ests expressway expy extension ext extensions exts fall falls fls ferry fry field fld fields flds flat flt flats flts ford frd fords frds forest frst forge frg forges frgs fork frk forks frks fort ft freeway fwy garden gdn gardens gdns gateway gtwy glen gln glens glns green grn greens grns grove grv groves grvs harbor hbr harbors hbrs haven hvn heights hts highway hwy hill hl hills hls hollow holw inlet inlt island is islands iss isle junction jct junctions jcts key ky keys kys knoll knl knolls knls lake lk lakes lks land landing lndg lane ln light lgt lights lgts loaf lf lock lck locks lcks lodge ldg loop mall manor mnr manors mnrs meadow mdw meadows mdws mews mill ml mills mls mission msn motorway mtwy mount mt mountain mtn mountains mtns neck nck orchard orch oval overpass opas park parks parkway pkwy parkways pass passage psge path pike pine pne pines pnes place pl plain pln plains plns plaza plz point pt points pts port prt ports prts prairie pr radial radl ramp ranch rnch rapid rpd rapids rpds rest rst ridge rdg ridges rdgs river riv road rd roads rds route rte row rue run shoal shl shoals shls shore shr shores shrs skyway skwy spring spg springs spgs spur spurs square sq squares sqs station sta stravenue stra stream strm street st streets sts summit smt terrace ter throughway trwy trace trce track trak trafficway trfy trail trl trailer trlr tunnel tunl turnpike tpke underpass upas union un unions uns valley vly valleys vlys viaduct via view vw views vws village vlg villages vlgs ville vl vista vis walk walks wall way ways well wl wells wls ' +
    // British and Commonwealth street words (Royal Mail's thoroughfare types) USPS does not list.
    'close yard approach parade rise wharf quay chase drove gate vale wynd croft fold garth nook paddock pastures villas esplanade promenade embankment mead ride grange broadway'
  ).split(' '),
);
/** Street suffixes that are also names of technical things; such an address needs a town or postal code after it. */
const TECHNICAL_STREET_WORDS = new Set(
  'gateway gtwy route rte station sta bridge brg tunnel path key keys lake lakes loop pass point points port ports park parks view views union unions center centers run track light lights lock locks spur spurs ramp trace mission way ways mall row field fields well wells spring springs crossing junction extension extensions forge fork forks trail walk walks branch hub stream cache plaza bypass gate yard fold approach rise chase ride'.split(
    ' ',
  ),
);
/** A compass direction before a US street name (`W`, `NE`, `S.`). */
const DIRECTION = /^(?:[NSEW]|NE|NW|SE|SW)\.?$/;
/** A town after an address: `, Cupertino,`, `, London NW1`, `, Berlin 10115`, or a postal code. */
const TOWN_AFTER = /^, ?(?:\d{2,5}\b|[A-Z\u00c0-\u024f][\p{L}'-]{1,40}(?:,|\s+[A-Z0-9]{2,}|\s*$))/u;
/** Where a personal name can start: a capital followed by a lower-case letter. */
const NAME_START = /\p{Lu}\p{Ll}/gu;
/**
 * The index of the next name start ({@link NAME_START}: a capital, then a lower-case letter) at
 * or after `from`, or the text's length. `test` finds it without allocating a match array; the
 * start is the end less the two code points' lengths (each one or two UTF-16 code units). With
 * the `u` flag a `lastIndex` inside a surrogate pair moves back to the pair's start, so a match
 * can begin before `from`: never answer less than `from`, or a scan would stall.
 */
export function nextNameStart(text: string, from: number): number {
  NAME_START.lastIndex = from;
  if (!NAME_START.test(text)) return text.length;
  let start = NAME_START.lastIndex;
  for (let codePoints = 0; codePoints < 2; codePoints++) {
    const low = text.charCodeAt(start - 1);
    start -= low >= 0xdc00 && low <= 0xdfff && start >= 2 ? 2 : 1;
  }
  return Math.max(start, from);
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

function isHouseNumber(token: string): boolean {
  return /^\d{1,5}[A-Za-z]?(?:[/-]\d{1,4}[A-Za-z]?)?$/.test(token);
}

/**
 * Finds US and British street addresses: a house number, an optional compass direction, one to
 * four Title-case words (or an ordinal) and a USPS or Royal Mail street word (`221B Baker
 * Street`, `0917 O'Conner Estates`, `4 Main St.`, `59716 W Chestnut Street`, `8 Castle Close`),
 * with the apartment part that follows (`Apt. 4`, `Suite 200`). The continental forms are
 * `findEuropeanStreetAddresses`' (street-addresses.ts).
 *
 * @param runs - the text's digit runs (`listDigitRuns`, digit-positions.ts), by default all of
 *   them: a house number starts where one starts
 */
export function findStreetAddresses(
  text: string,
  out: Finding[],
  runs: ArrayLike<number> = listDigitRuns(text),
): void {
  const length = text.length;
  const wordAt = (from: number): [number, number] => {
    let start = from;
    while (start < length && text.charCodeAt(start) === 0x20) start++;
    let end = start;
    // Street words are short: a long run is not one (and the scan stays linear).
    const limit = Math.min(length, start + 48);
    while (end < limit) {
      const c = text.charCodeAt(end);
      if (
        c === 0x20 ||
        c === 0x0a ||
        c === 0x0d ||
        c === 0x09 ||
        c === 0x2c ||
        c === 0x3b ||
        c === 0x28 ||
        c === 0x29
      )
        break;
      end++;
    }
    return [start, end];
  };
  // From digit run to digit run: a house number starts a word.
  let i = 0;
  for (let r = 0; r < runs.length; r += 2) {
    if (runs[r]! < i) continue;
    i = runs[r]!;
    if (i > 0 && isWordGlue(text.charCodeAt(i - 1))) continue;
    // A house number has at most five digits before its letter or `/` (isHouseNumber).
    if (runs[r + 1]! - i > 5) continue;
    // House number first: 221B Baker Street. Cheap test first: a short number, a space, a capital.
    let numberEnd = i + 1;
    while (numberEnd < length && numberEnd - i < 12 && !isSpace(text.charCodeAt(numberEnd))) numberEnd++;
    if (
      text.charCodeAt(numberEnd) === 0x20 &&
      (isUpperAt(text, numberEnd + 1) || isDigit(text.charCodeAt(numberEnd + 1))) &&
      isHouseNumber(text.slice(i, numberEnd))
    ) {
      let cursor = numberEnd;
      // `59716 W Chestnut Street`: a compass direction before the street name.
      const [directionStart, directionEnd] = wordAt(cursor);
      const direction =
        directionStart === cursor + 1 && DIRECTION.test(text.slice(directionStart, directionEnd));
      if (direction) cursor = directionEnd;
      let found = -1;
      let properName = false;
      for (let words = 0; words < 5; words++) {
        const [start, end] = wordAt(cursor);
        if (end === start || start !== cursor + 1) break;
        const word = text.slice(start, end).replace(/\.$/, '');
        const suffix = word.toLowerCase();
        // `73955 S Broadway`: after a compass direction, a street word can be the whole name.
        if (
          (words > 0 || (direction && !TECHNICAL_STREET_WORDS.has(suffix))) &&
          STREET_SUFFIXES.has(suffix) &&
          /^[A-Z]/.test(word)
        ) {
          // `1 Transit Gateway`, `2 Subnet Routes`: words that name technical things need a
          // town or postal code after them (`1 Infinite Loop, Cupertino`), an apartment part
          // (`892 Jillian Way Apt. 599`) or a street name that is a proper noun (`5912 Larue Lock`).
          if (
            !TECHNICAL_STREET_WORDS.has(suffix) ||
            properName ||
            TOWN_AFTER.test(text.slice(end, end + 40)) ||
            extendApartment(text, end) > end
          )
            found = end;
          break;
        }
        if (words === 0 && word === 'The') {
          // `6 The Poplars`, `5 The Sidings`: a British house name after the number.
          const next = nameWordAfter(text, end);
          if (next !== -1 && !TECHNICAL_PROPER_NOUNS.has(text.slice(end + 1, next).toLowerCase()))
            found = next;
          break;
        }
        // `937 W 2nd Street`, `462 5th Avenue`: an ordinal is a street name too.
        const ordinal = /^\d{1,3}(?:st|nd|rd|th)$/.test(word);
        // `644 A Street`: a letter names a street too; `St Mary's Road`: a possessive.
        const name = word.replace(/['’]s$/, '');
        if (!ordinal && !/^[A-Z]$/.test(word) && titleWordEnd(name, 0) !== name.length) break;
        properName ||= ordinal || isProperWord(word) || isPersonalName(suffix);
        cursor = end;
        // `244 Westgate Suite 991`, `7 Pink Wood Apt. 645`: an apartment part after the street
        // name makes an address without a street word.
        if (extendApartment(text, end) > end) {
          found = end;
          break;
        }
      }
      if (found !== -1) {
        out.push({ kind: 'address', start: i, end: extendApartment(text, found), rule: 'street-address' });
        i = found;
      }
    }
  }
}

/** Takes a following apartment or suite part (`, Apt. 4`, ` Suite 200`) into the address. */
function extendApartment(text: string, end: number): number {
  const match = /^,? (?:Apt\.?|Apartment|Suite|Ste\.?|Unit|#) ?[0-9A-Za-z-]{1,6}\b/.exec(
    text.slice(end, end + 24),
  );
  return match ? end + match[0].length : end;
}
