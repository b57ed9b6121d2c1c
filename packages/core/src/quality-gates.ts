import semver from 'semver';
import parseSpdx, { type SpdxInfo } from 'spdx-expression-parse';
import * as z from 'zod';
import { formatPath, ValidationError } from './errors.js';
import { markdownHeadings } from './markdown.js';
import { safeParseWith } from './parse.js';
import {
  type PatternPackage,
  PatternPackageSchema,
  type SecurityFinding,
  SecurityFindingSchema,
} from './pattern-package.js';
import { isBreakingChange, isValidVersion } from './versions.js';

export { markdownHeadings };

/** Severity of a security finding, from least to most serious. */
export type FindingSeverity = SecurityFinding['severity'];

/**
 * The severities in order, least serious first.
 *
 * @example
 * ```ts
 * const atLeastHigh = findings.filter((f) => FINDING_SEVERITIES.indexOf(f.severity) >= FINDING_SEVERITIES.indexOf('high'));
 * ```
 */
export const FINDING_SEVERITIES: readonly FindingSeverity[] = ['info', 'low', 'medium', 'high', 'critical'];

/**
 * A pluggable check run on every package, e.g. a secret scanner or a dependency audit.
 * `scan` may be synchronous or return a promise (an advisory database, static analysis):
 * {@link checkPublishableAsync} awaits each scanner up to its `timeoutMs`. Scanners fail
 * closed: if one throws, rejects, times out or returns something other than an array of
 * {@link SecurityFinding}, its gate fails with that reason (never a crash). The synchronous
 * {@link checkPublishable} fails the gate of a scanner that returns a promise.
 *
 * @example
 * ```ts
 * const noTodo: PublishScanner = {
 *   name: 'no-todo',
 *   scan: (pkg) => pkg.files.filter((file) => file.content.includes('TODO')).map((file) => ({
 *     severity: 'low', rule: 'todo', message: 'TODO left in source', location: file.path,
 *   })),
 * };
 * ```
 */
export interface PublishScanner {
  /** Name of the scanner; the gate id is `scanner:<name>`. */
  name: string;
  /** Inspects a validated package and returns its findings (empty when clean), or a promise of them. */
  scan(pkg: PatternPackage): readonly SecurityFinding[] | Promise<readonly SecurityFinding[]>;
  /**
   * Longest wait for an asynchronous scan, milliseconds (1–600,000), after which the gate
   * fails as timed out. @default 10_000
   */
  timeoutMs?: number;
}

/**
 * Default {@link PublishScanner.timeoutMs}: 10 s.
 *
 * @example
 * ```ts
 * // A scanner that queries a slow advisory service gets three times the default.
 * const slow: PublishScanner = { name: 'advisories', scan: async () => [], timeoutMs: DEFAULT_SCANNER_TIMEOUT_MS * 3 };
 * ```
 */
export const DEFAULT_SCANNER_TIMEOUT_MS = 10_000;

/** How much a gate matters: `error` blocks publishing, `warning` is reported only, `off` skips the gate. */
export type GateSeverity = 'error' | 'warning' | 'off';

/** The ids of the built-in gates (scanner gates are `scanner:<name>`). */
export type BuiltInGateId =
  | 'schema'
  | 'readme-quick-start'
  | 'api-reference'
  | 'examples'
  | 'migration-guide'
  | 'tests-present'
  | 'tests-passing'
  | 'test-coverage'
  | 'benchmarks'
  | 'license'
  | 'security-report'
  | 'quality-score';

/**
 * What a registry demands of a package. Every field is optional; the defaults are listed.
 */
export interface PublishPolicy {
  /** Minimum quality score, 0–100. @default 60 */
  minScore?: number;
  /** Minimum number of examples. @default 1 */
  minExamples?: number;
  /** Minimum number of tests in the test summary. @default 1 */
  minTests?: number;
  /** Minimum number of benchmark results (the `benchmarks` gate is a warning unless `gateSeverity` makes it an error). @default 1 */
  minBenchmarks?: number;
  /** Minimum line coverage, percent 0–100; the `test-coverage` gate is skipped when `0`. @default 0 */
  minCoveragePercent?: number;
  /**
   * Licenses allowed (SPDX ids, e.g. `['MIT', 'Apache-2.0']`); an `OR` expression passes when
   * one side does, an `AND` expression when both do.
   * @default any valid SPDX expression
   */
  allowedLicenses?: readonly string[];
  /**
   * The version published before this one. When given, a migration guide is required if the
   * change is breaking ({@link isBreakingChange}); otherwise it is required for `x.0.0` with `x > 1`.
   */
  previousVersion?: string;
  /** Require the package to ship a security report. @default false */
  requireSecurityReport?: boolean;
  /** Findings at or above this severity fail their gate (scanners and the shipped report). @default 'high' */
  failOnSeverity?: FindingSeverity;
  /** Extra checks, each reported as gate `scanner:<name>`. @default none */
  scanners?: readonly PublishScanner[];
  /** Override any gate's severity (`error`, `warning`, `off`); `schema` cannot be relaxed. @default `benchmarks` is a `warning`, every other gate an `error` */
  gateSeverity?: Partial<Record<BuiltInGateId | `scanner:${string}`, GateSeverity>>;
}

/** The result of one gate. */
export interface GateResult {
  /** Gate id: a {@link BuiltInGateId} or `scanner:<name>`. */
  id: string;
  /** Whether the gate passed (`true` also when it did not apply). */
  passed: boolean;
  /** `error` gates block publishing when they fail; `warning` gates do not. */
  severity: 'error' | 'warning';
  /** What was found, in words. */
  message: string;
  /** For scanner and security-report gates: the findings at or above `failOnSeverity`. */
  findings?: SecurityFinding[];
}

/** The outcome of {@link checkPublishable}. */
export interface PublishReport {
  /** `true` when every `error` gate passed. */
  publishable: boolean;
  /** Quality score, 0–100 (integer); 0 for a package that fails the schema. */
  score: number;
  /** Every gate that ran, in a fixed order; for a package that fails the schema, only `schema` and `quality-score`. */
  gates: GateResult[];
}

/** Gates that only warn unless the policy says otherwise. */
const DEFAULT_GATE_SEVERITY: Readonly<Record<string, GateSeverity>> = { benchmarks: 'warning' };

const FindingsSchema = z.array(SecurityFindingSchema).max(10_000);

const DEFAULTS = {
  minScore: 60,
  minExamples: 1,
  minTests: 1,
  minBenchmarks: 1,
  minCoveragePercent: 0,
  failOnSeverity: 'high' as FindingSeverity,
};

/**
 * Points of the quality score, summing to 100. Migration guide points are granted when no
 * guide is required; coverage points are `10 × coveragePercent / 100`.
 *
 * @example
 * ```ts
 * QUALITY_SCORE_WEIGHTS.examples; // 15 of the 100 points
 * ```
 */
export const QUALITY_SCORE_WEIGHTS = {
  readmeQuickStart: 15,
  apiReference: 15,
  examples: 15,
  migrationGuide: 10,
  testsPresent: 15,
  testsPassing: 10,
  coverage: 10,
  benchmarks: 5,
  license: 5,
} as const;

const QUICK_START_HEADING = /^(quick[\s-]?start|getting started|get started|usage|installation and usage)\b/i;
const API_HEADING = /^(api|api reference|reference|api documentation)\b/i;
const MIGRATION_HEADING = /^(migrat|upgrad)/i;

/**
 * Runs the publish quality gates on a pattern package and reports every gate's result.
 * Never throws on a bad package: junk input gives a failed `schema` gate.
 *
 * Gates, in order (each `error` unless `policy.gateSeverity` says otherwise):
 * `schema` (matches {@link PatternPackageSchema}); `readme-quick-start` (a README heading
 * "Quick start", "Getting started" or "Usage"); `api-reference` (`documentation.apiReference`
 * or an "API" / "Reference" README heading); `examples` (≥ `minExamples`);
 * `migration-guide` (for a breaking release: `documentation.migrationGuide` or a
 * "Migrating" / "Upgrading" README heading); `tests-present` (a test summary with ≥ `minTests`);
 * `tests-passing` (no failures, passed = total); `test-coverage` (≥ `minCoveragePercent`,
 * when set); `benchmarks` (≥ `minBenchmarks` results; a `warning` by default); `license`
 * (valid SPDX, and within `allowedLicenses` when set);
 * `security-report` (no shipped finding at or above `failOnSeverity`; a report present when
 * `requireSecurityReport`); one `scanner:<name>` gate per scanner; `quality-score`
 * (score ≥ `minScore`). The score adds the {@link QUALITY_SCORE_WEIGHTS}.
 *
 * @param pkg - the package to check, untrusted
 * @param policy - {@link PublishPolicy}; defaults: `minScore` 60, `minExamples` 1, `minTests` 1,
 *   `minBenchmarks` 1 (warning), `minCoveragePercent` 0, `failOnSeverity` `'high'`, no license allow-list, no scanners
 * @returns a {@link PublishReport}
 * @throws {@link ValidationError} only when `policy` itself is malformed (a programming error, not bad input)
 * @example
 * ```ts
 * const report = checkPublishable(pkg, {
 *   allowedLicenses: ['MIT', 'Apache-2.0'],
 *   scanners: [{ name: 'secrets', scan: (p) => findSecrets(p) }],
 * });
 * if (!report.publishable) for (const gate of report.gates) if (!gate.passed) console.log(gate.id, gate.message);
 * ```
 */
export function checkPublishable(pkg: unknown, policy: PublishPolicy = {}): PublishReport {
  const settings = readPolicy(policy);
  const gates: GateResult[] = [];
  const severityOf = (id: string): GateSeverity =>
    settings.gateSeverity.get(id) ?? DEFAULT_GATE_SEVERITY[id] ?? 'error';
  const add = (id: string, passed: boolean, message: string, findings?: SecurityFinding[]) => {
    const severity = severityOf(id);
    if (severity === 'off') return;
    gates.push(findings ? { id, passed, severity, message, findings } : { id, passed, severity, message });
  };

  const parsed = safeParseWith(PatternPackageSchema, pkg, 'pattern package');
  if (!parsed.success) {
    const issues = parsed.error.issues;
    const shown = issues
      .slice(0, 5)
      .map((issue) => `${formatPath(issue.path)}: ${issue.message}`)
      .join('; ');
    const more = issues.length > 5 ? ` (and ${issues.length - 5} more)` : '';
    gates.push({
      id: 'schema',
      passed: false,
      severity: 'error',
      message: `Not a valid pattern package: ${shown}${more}`,
    });
    add('quality-score', false, 'Score 0: the package could not be read');
    return { publishable: false, score: 0, gates };
  }
  const data = parsed.data;
  gates.push({ id: 'schema', passed: true, severity: 'error', message: 'The package matches the schema' });

  const headings = markdownHeadings(data.documentation.readme);
  const points: number[] = [];
  const weights = QUALITY_SCORE_WEIGHTS;

  const quickStart = headings.some((heading) => QUICK_START_HEADING.test(heading));
  add(
    'readme-quick-start',
    quickStart,
    quickStart
      ? 'The README has a quick-start section'
      : 'The README needs a "Quick start", "Getting started" or "Usage" heading',
  );
  points.push(quickStart ? weights.readmeQuickStart : 0);

  const apiReference =
    (data.documentation.apiReference ?? '').trim() !== '' ||
    headings.some((heading) => API_HEADING.test(heading));
  add(
    'api-reference',
    apiReference,
    apiReference
      ? 'API reference present'
      : 'Add documentation.apiReference or an "API" / "Reference" section to the README',
  );
  points.push(apiReference ? weights.apiReference : 0);

  const exampleCount = data.examples.length;
  const examplesOk = exampleCount >= settings.minExamples;
  add(
    'examples',
    examplesOk,
    `${exampleCount} example${exampleCount === 1 ? '' : 's'}; at least ${settings.minExamples} required`,
  );
  points.push(examplesOk ? weights.examples : 0);

  const version = data.listing.version;
  const needsGuide = migrationGuideRequired(version, settings.previousVersion);
  const hasGuide =
    (data.documentation.migrationGuide ?? '').trim() !== '' ||
    headings.some((heading) => MIGRATION_HEADING.test(heading));
  add(
    'migration-guide',
    !needsGuide || hasGuide,
    needsGuide
      ? hasGuide
        ? `Migration guide present for breaking release ${version}`
        : `${version} is a breaking release: add documentation.migrationGuide or a "Migrating" section`
      : `No migration guide required for ${version}`,
  );
  points.push(!needsGuide || hasGuide ? weights.migrationGuide : 0);

  const tests = data.tests;
  const testsPresent = tests !== undefined && tests.total >= settings.minTests;
  add(
    'tests-present',
    testsPresent,
    tests === undefined
      ? 'No test summary: ship the results of the test suite'
      : `${tests.total} tests; at least ${settings.minTests} required`,
  );
  points.push(testsPresent ? weights.testsPresent : 0);

  const testsPassing =
    tests !== undefined && tests.total > 0 && tests.failed === 0 && tests.passed === tests.total;
  add(
    'tests-passing',
    testsPassing,
    tests === undefined
      ? 'No test results'
      : `${tests.passed} of ${tests.total} tests passed, ${tests.failed} failed`,
  );
  points.push(testsPassing ? weights.testsPassing : 0);

  const coverage = tests?.coveragePercent;
  points.push(coverage === undefined ? 0 : (weights.coverage * coverage) / 100);
  if (settings.minCoveragePercent > 0) {
    const coverageOk = coverage !== undefined && coverage >= settings.minCoveragePercent;
    add(
      'test-coverage',
      coverageOk,
      coverage === undefined
        ? `No coverage figure; at least ${settings.minCoveragePercent}% required`
        : `Line coverage ${coverage}%; at least ${settings.minCoveragePercent}% required`,
    );
  }

  const benchmarkCount = data.benchmarks.length;
  const withBaseline = data.benchmarks.filter((result) => result.baseline !== undefined).length;
  add(
    'benchmarks',
    benchmarkCount >= settings.minBenchmarks,
    `${benchmarkCount} benchmark result${benchmarkCount === 1 ? '' : 's'} (${withBaseline} with a baseline); at least ${settings.minBenchmarks} expected`,
  );
  points.push(benchmarkCount > 0 ? weights.benchmarks : 0);

  const license = checkLicense(data.listing.license, settings.allowedLicenses);
  add('license', license.passed, license.message);
  points.push(license.valid ? weights.license : 0);

  const threshold = FINDING_SEVERITIES.indexOf(settings.failOnSeverity);
  const serious = (findings: readonly SecurityFinding[]) =>
    findings.filter((finding) => FINDING_SEVERITIES.indexOf(finding.severity) >= threshold);
  if (data.security === undefined) {
    add(
      'security-report',
      !settings.requireSecurityReport,
      settings.requireSecurityReport ? 'A security report is required' : 'No security report shipped',
    );
  } else {
    const blocking = serious(data.security.findings);
    add(
      'security-report',
      blocking.length === 0,
      blocking.length === 0
        ? `Security report by ${data.security.scanner}: nothing at or above ${settings.failOnSeverity}`
        : `Security report by ${data.security.scanner}: ${blocking.length} finding(s) at or above ${settings.failOnSeverity}`,
      blocking,
    );
  }

  for (const scanner of settings.scanners) {
    const id = `scanner:${scanner.name}`;
    let findings: SecurityFinding[];
    try {
      const raw = scanner.scan(data);
      if (raw instanceof Promise) {
        raw.catch(() => {}); // Not awaited here: a later rejection must not go unhandled.
        add(
          id,
          false,
          `Scanner ${scanner.name} is asynchronous: check the package with checkPublishableAsync`,
        );
        continue;
      }
      const checked = FindingsSchema.safeParse(raw);
      if (!checked.success) {
        add(id, false, `Scanner ${scanner.name} returned something other than a list of findings`);
        continue;
      }
      findings = checked.data;
    } catch (error) {
      add(
        id,
        false,
        `Scanner ${scanner.name} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      continue;
    }
    const blocking = serious(findings);
    add(
      id,
      blocking.length === 0,
      blocking.length === 0
        ? `Scanner ${scanner.name}: ${findings.length} finding(s), none at or above ${settings.failOnSeverity}`
        : `Scanner ${scanner.name}: ${blocking.length} finding(s) at or above ${settings.failOnSeverity}: ${blocking
            .slice(0, 3)
            .map((finding) => `${finding.rule}${finding.location ? ` (${finding.location})` : ''}`)
            .join(', ')}`,
      blocking,
    );
  }

  const score = Math.round(points.reduce((sum, value) => sum + value, 0));
  add(
    'quality-score',
    score >= settings.minScore,
    `Quality score ${score}/100; at least ${settings.minScore} required`,
  );

  const publishable = gates.every((gate) => gate.passed || gate.severity !== 'error');
  return { publishable, score, gates };
}

function migrationGuideRequired(version: string, previousVersion: string | undefined): boolean {
  if (previousVersion !== undefined) {
    return semver.gt(version, previousVersion) && isBreakingChange(previousVersion, version);
  }
  const parsed = semver.parse(version);
  return parsed !== null && parsed.major > 1 && parsed.minor === 0 && parsed.patch === 0;
}

function checkLicense(
  expression: string,
  allowed: ReadonlySet<string> | null,
): { valid: boolean; passed: boolean; message: string } {
  let tree: SpdxInfo;
  try {
    tree = parseSpdx(expression);
  } catch {
    return { valid: false, passed: false, message: `${expression} is not a valid SPDX expression` };
  }
  if (allowed === null) return { valid: true, passed: true, message: `License ${expression} is valid SPDX` };
  const permitted = (node: SpdxInfo): boolean => {
    if ('license' in node) return allowed.has(node.license.toLowerCase());
    return node.conjunction === 'or'
      ? permitted(node.left) || permitted(node.right)
      : permitted(node.left) && permitted(node.right);
  };
  return permitted(tree)
    ? { valid: true, passed: true, message: `License ${expression} is allowed` }
    : { valid: true, passed: false, message: `License ${expression} is not in the allowed list` };
}

interface Settings {
  minScore: number;
  minExamples: number;
  minTests: number;
  minBenchmarks: number;
  minCoveragePercent: number;
  allowedLicenses: ReadonlySet<string> | null;
  previousVersion: string | undefined;
  requireSecurityReport: boolean;
  failOnSeverity: FindingSeverity;
  scanners: readonly PublishScanner[];
  gateSeverity: ReadonlyMap<string, GateSeverity>;
}

/**
 * {@link checkPublishable} with asynchronous scanners: every scanner runs at once and is
 * awaited up to its {@link PublishScanner.timeoutMs} (default
 * {@link DEFAULT_SCANNER_TIMEOUT_MS}); a scanner that throws, rejects, times out or
 * returns something other than findings fails its `scanner:<name>` gate with the reason
 * (fail-closed), and the other gates are exactly those of {@link checkPublishable}.
 *
 * @param pkg - the package to check, untrusted
 * @param policy - {@link PublishPolicy}
 * @returns a promise of the {@link PublishReport}
 * @throws {@link ValidationError} (rejects) only when `policy` itself is malformed, e.g. a
 *   scanner's `timeoutMs` outside 1–600,000
 * @example
 * ```ts
 * // An asynchronous scanner (an advisory database, a static analyser) that finds nothing.
 * const advisories: PublishScanner = { name: 'advisories', scan: async () => [] };
 * const report = await checkPublishableAsync(pkg, { scanners: [advisories] });
 * report.gates.some((gate) => gate.id === 'scanner:advisories'); // true
 * ```
 */
export async function checkPublishableAsync(
  pkg: unknown,
  policy: PublishPolicy = {},
): Promise<PublishReport> {
  const settings = readPolicy(policy);
  for (const [index, scanner] of settings.scanners.entries()) {
    const timeout = scanner.timeoutMs;
    if (timeout !== undefined && !(typeof timeout === 'number' && timeout >= 1 && timeout <= 600_000))
      throw new ValidationError(
        [
          {
            path: ['scanners', index, 'timeoutMs'],
            message: 'must be a number of milliseconds from 1 to 600000',
          },
        ],
        'publish policy',
      );
  }
  const parsed = safeParseWith(PatternPackageSchema, pkg, 'pattern package');
  if (!parsed.success || settings.scanners.length === 0) return checkPublishable(pkg, policy);
  const outcomes = await Promise.all(settings.scanners.map((scanner) => runScanner(scanner, parsed.data)));
  const settled: PublishScanner[] = settings.scanners.map((scanner, index) => ({
    name: scanner.name,
    scan: () => {
      const outcome = outcomes[index]!;
      if ('error' in outcome) throw outcome.error;
      return outcome.findings as readonly SecurityFinding[];
    },
  }));
  return checkPublishable(pkg, { ...policy, scanners: settled });
}

/** Runs one scanner, awaiting it up to its timeout; never rejects. */
async function runScanner(
  scanner: PublishScanner,
  pkg: PatternPackage,
): Promise<{ findings: unknown } | { error: Error }> {
  const timeoutMs = scanner.timeoutMs ?? DEFAULT_SCANNER_TIMEOUT_MS;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const scanned = Promise.resolve().then(() => scanner.scan(pkg));
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
    });
    return { findings: await Promise.race([scanned, timedOut]) };
  } catch (error) {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  } finally {
    clearTimeout(timer);
  }
}

function readPolicy(policy: PublishPolicy): Settings {
  const problems: { path: string[]; message: string }[] = [];
  const bad = (path: string, message: string) => problems.push({ path: [path], message });
  if (typeof policy !== 'object' || policy === null) {
    throw new ValidationError([{ path: [], message: 'the policy must be an object' }], 'publish policy');
  }
  const number = (
    key: 'minScore' | 'minExamples' | 'minTests' | 'minBenchmarks' | 'minCoveragePercent',
    max: number,
  ): number => {
    const value = policy[key];
    if (value === undefined) return DEFAULTS[key];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > max) {
      bad(key, `must be a number from 0 to ${max}`);
      return DEFAULTS[key];
    }
    return value;
  };
  const settings: Settings = {
    minScore: number('minScore', 100),
    minExamples: number('minExamples', 10_000),
    minTests: number('minTests', Number.MAX_SAFE_INTEGER),
    minBenchmarks: number('minBenchmarks', 500),
    minCoveragePercent: number('minCoveragePercent', 100),
    allowedLicenses: null,
    previousVersion: undefined,
    requireSecurityReport: policy.requireSecurityReport === true,
    failOnSeverity: DEFAULTS.failOnSeverity,
    scanners: [],
    gateSeverity: new Map(),
  };
  if (policy.allowedLicenses !== undefined) {
    if (
      !Array.isArray(policy.allowedLicenses) ||
      !policy.allowedLicenses.every((id) => typeof id === 'string')
    ) {
      bad('allowedLicenses', 'must be an array of SPDX license ids');
    } else {
      settings.allowedLicenses = new Set(policy.allowedLicenses.map((id) => id.toLowerCase()));
    }
  }
  if (policy.previousVersion !== undefined) {
    if (isValidVersion(policy.previousVersion)) settings.previousVersion = policy.previousVersion;
    else bad('previousVersion', 'must be a semantic version');
  }
  if (policy.failOnSeverity !== undefined) {
    if (FINDING_SEVERITIES.includes(policy.failOnSeverity)) settings.failOnSeverity = policy.failOnSeverity;
    else bad('failOnSeverity', `must be one of ${FINDING_SEVERITIES.join(', ')}`);
  }
  if (policy.scanners !== undefined) {
    if (
      !Array.isArray(policy.scanners) ||
      !policy.scanners.every(
        (scanner) =>
          typeof scanner === 'object' &&
          scanner !== null &&
          typeof scanner.name === 'string' &&
          /^[A-Za-z0-9._-]{1,100}$/.test(scanner.name) &&
          typeof scanner.scan === 'function',
      )
    ) {
      bad('scanners', 'must be an array of { name, scan } with names of letters, digits, ".", "_" or "-"');
    } else if (new Set(policy.scanners.map((scanner) => scanner.name)).size !== policy.scanners.length) {
      bad('scanners', 'scanner names must be unique');
    } else {
      settings.scanners = policy.scanners;
    }
  }
  if (policy.gateSeverity !== undefined) {
    const entries =
      typeof policy.gateSeverity === 'object' && policy.gateSeverity !== null
        ? Object.entries(policy.gateSeverity)
        : null;
    if (
      entries === null ||
      !entries.every(([, value]) => value === 'error' || value === 'warning' || value === 'off')
    ) {
      bad('gateSeverity', 'must map gate ids to "error", "warning" or "off"');
    } else {
      const map = new Map<string, GateSeverity>();
      for (const [id, value] of entries) if (id !== 'schema') map.set(id, value as GateSeverity);
      settings.gateSeverity = map;
    }
  }
  if (problems.length > 0) throw new ValidationError(problems, 'publish policy');
  return settings;
}
