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
          const severity = SCANNER_SEVERITY[finding.kind];
          if (!severity) continue;
          const line = countLines(text, finding.start);
          findings.push({
            severity,
            rule: `anonymizer/${finding.kind}/${finding.rule}`.slice(0, 200),
            message: `${finding.kind} found (${finding.rule}); remove it before publishing`,
            location: `${location}:${line}`.slice(0, 1100),
          });
          if (findings.length >= maxFindings) break;
        }
      }
      return findings;
    },
  };
}

function countLines(text: string, offset: number): number {
  let line = 1;
  for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1))
    line++;
  return line;
}
