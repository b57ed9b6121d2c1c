import { anonymizeText, type FindingKind } from '@pollinate/anonymize';
import type { PatternPackage, PublishScanner, SecurityFinding } from '@pollinate/core';

/** Severity of each anonymizer finding kind when found in published sources; `null`: not reported. */
export const SCANNER_SEVERITY: Readonly<Record<FindingKind, SecurityFinding['severity'] | null>> = {
  secret: 'critical',
  'credit-card': 'critical',
  iban: 'critical',
  'national-id': 'critical',
  account: 'medium',
  'resource-id': 'medium',
  'known-identifier': 'medium',
  email: 'medium',
  ip: 'low',
  mac: 'low',
  phone: 'low',
  address: 'low',
  // Pattern documentation cites people (authors, "Martin Fowler's …"): not a leak in published sources.
  person: null,
  url: null,
  domain: null,
  path: null,
  'stack-frame': null,
  uuid: null,
  redacted: 'high',
};

/** Options of {@link createAnonymizerScanner}. */
export interface AnonymizerScannerOptions {
  /** Names that must never ship (customers, internal hosts); found ones are `medium`. @default [] */
  knownIdentifiers?: readonly string[];
  /** Most findings reported per package. @default 200 */
  maxFindings?: number;
}

/**
 * A publish scanner (core's `PublishScanner`) that runs the crdt-network anonymizer over
 * a package's files, README, examples and guides and reports what it would redact as
 * security findings: secrets and card numbers are `critical` (they block publishing
 * under the default `failOnSeverity: 'high'`), account and resource ids, e-mail
 * addresses and known identifiers `medium`, IP and MAC addresses `low`; URLs, domains,
 * paths, stack frames and UUIDs are normal in code and not reported.
 *
 * @param options - see {@link AnonymizerScannerOptions}
 * @returns the scanner, named `anonymizer` (gate `scanner:anonymizer`)
 * @example
 * ```ts
 * const report = checkPublishable(pkg, { scanners: [createAnonymizerScanner()] });
 * ```
 */
export function createAnonymizerScanner(options: AnonymizerScannerOptions = {}): PublishScanner {
  const knownIdentifiers = options.knownIdentifiers ?? [];
  const maxFindings = options.maxFindings ?? 200;
  return {
    name: 'anonymizer',
    scan(pkg: PatternPackage): SecurityFinding[] {
      const texts: [string, string][] = [
        ...pkg.files.map((file): [string, string] => [file.path, file.content]),
        ['README', pkg.documentation.readme],
        ...pkg.examples.map((example, index): [string, string] => [`examples[${index}]`, example.code]),
        ...(pkg.documentation.migrationGuide
          ? [['migration guide', pkg.documentation.migrationGuide] as [string, string]]
          : []),
      ];
      const findings: SecurityFinding[] = [];
      for (const [location, text] of texts) {
        if (findings.length >= maxFindings) break;
        for (const finding of anonymizeText(text, { knownIdentifiers }).findings) {
          let severity = SCANNER_SEVERITY[finding.kind];
          if (!severity) continue;
          const line = countLines(text, finding.start);
          const sample =
            finding.kind === 'secret' && GENERIC_SECRET_RULES.test(finding.rule)
              ? notASecretLiteral(
                  text.slice(finding.start, finding.end),
                  text.slice(finding.end, finding.end + 3),
                )
              : undefined;
          if (sample) severity = 'low';
          findings.push({
            severity,
            rule: `anonymizer/${finding.kind}/${finding.rule}${sample ? '/not-a-literal' : ''}`.slice(0, 200),
            message: sample
              ? `the value of a secret-named key is ${sample}, not a secret literal; check it is not a real credential`
              : `${finding.kind} found (${finding.rule}); remove it before publishing`,
            location: `${location}:${line}`.slice(0, 1100),
          });
          if (findings.length >= maxFindings) break;
        }
      }
      return findings;
    },
  };
}

/**
 * The anonymizer's generic secret rules — the value of a secret-named key (`token = …`,
 * `"Authorization": …`), a password-like or high-entropy token, base64 that decodes to
 * credentials — as opposed to the known formats (cloud keys, GitHub tokens, JWTs, PEM
 * blocks), which always block.
 */
const GENERIC_SECRET_RULES = /^(?:[a-z]+-value|password-like|high-entropy|base64-credential)$/;

/** An identifier or member path, maybe called or indexed: `deadline_context.set(…`, `request.get(`, `os.environ[`. */
const CODE_EXPRESSION = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*(?:[([].*)?$/s;
const NUMBER_OR_DURATION = /^\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h|d|%)?$/;
const TEMPLATE = /\{\{|\$\{|^\$[A-Z_]|^<[^>]*>$|^%\(|\.\.\.|…/;
const PLACEHOLDER =
  /(?:^|[\s_.-])(?:your|my|example|sample|dummy|test|fake|placeholder|changeme|redacted|xxx+)(?:$|[\s_.-])|^(?:none|null|nil|undefined|true|false|str|string|bytes)$/i;

/**
 * Why a value a generic secret rule matched is not a secret literal (code, a number, a
 * template, a placeholder, Markdown emphasis, a truncated sample, a low-entropy word, a
 * base64 JSON without credentials), or `undefined` when it may be one. Tuned on the
 * DStudio pattern library (133 patterns): every generic match there is one of these.
 * A real secret literal is 8+ characters mixing 3 character classes (lower, upper, digit,
 * symbol), or 16+ characters mixing 2 with 3.5+ bits of Shannon entropy per character.
 *
 * @param value - the matched value
 * @param after - the 3 characters after it (a trailing `...` marks a truncated sample)
 */
export function notASecretLiteral(value: string, after = ''): string | undefined {
  let candidate = value.trim().replace(/^['"`]|['"`]$/g, '');
  const bearer = /^(?:bearer|basic|token)\s+(.*)$/is.exec(candidate);
  if (bearer) candidate = bearer[1]!.trim();
  if (candidate.length === 0) return 'empty';
  if (NUMBER_OR_DURATION.test(candidate)) return 'a number or a duration';
  if (TEMPLATE.test(candidate) || after.startsWith('...') || after.startsWith('…'))
    return 'a template or a truncated sample';
  if (PLACEHOLDER.test(candidate)) return 'a placeholder';
  if (/^(?:\*\*|__|#)/.test(candidate)) return 'Markdown text';
  if (CODE_EXPRESSION.test(candidate) && (!/\d/.test(candidate) || candidate.length < 16))
    return 'code (a name or an expression)';
  const decoded = decodeBase64Json(candidate);
  if (decoded && !/pass|secret|token|key|credential|auth/i.test(Object.keys(decoded).join(' ')))
    return 'base64 JSON without credentials';
  const classes =
    Number(/[a-z]/.test(candidate)) +
    Number(/[A-Z]/.test(candidate)) +
    Number(/\d/.test(candidate)) +
    Number(/[^A-Za-z0-9]/.test(candidate));
  if (candidate.length >= 8 && classes >= 3) return undefined;
  if (candidate.length >= 16 && classes >= 2 && shannonBits(candidate) >= 3.5) return undefined;
  return 'a short or low-entropy word';
}

function decodeBase64Json(text: string): Record<string, unknown> | undefined {
  if (!/^eyJ[A-Za-z0-9+/_-]+={0,2}$/.test(text)) return undefined;
  try {
    const value: unknown = JSON.parse(atob(text.replaceAll('-', '+').replaceAll('_', '/')));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Shannon entropy of the characters of `text`, bits per character. */
function shannonBits(text: string): number {
  const counts = new Map<string, number>();
  for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

function countLines(text: string, offset: number): number {
  let line = 1;
  for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1))
    line++;
  return line;
}
