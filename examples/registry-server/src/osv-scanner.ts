import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  type PatternPackage,
  PollinateError,
  type PublishScanner,
  type SecurityFinding,
} from '@pollinate/core';
import semver from 'semver';
import * as z from 'zod';

const OsvEventSchema = z.looseObject({
  introduced: z.string().max(256).optional(),
  fixed: z.string().max(256).optional(),
  last_affected: z.string().max(256).optional(),
  limit: z.string().max(256).optional(),
});

/**
 * The parts of an OSV record (the Open Source Vulnerability format of osv.dev, schema
 * 1.x: https://ossf.github.io/osv-schema/) the advisory scanner reads; other fields are
 * kept as they are. GitHub's advisory database (GHSA) publishes its records in this form.
 */
export const OsvRecordSchema = z.looseObject({
  id: z.string().min(1).max(200),
  summary: z.string().max(10_000).optional(),
  aliases: z.array(z.string().max(200)).max(1000).optional(),
  withdrawn: z.string().optional(),
  affected: z
    .array(
      z.looseObject({
        package: z.looseObject({ ecosystem: z.string().max(200), name: z.string().max(500) }),
        ranges: z
          .array(z.looseObject({ type: z.string().max(50), events: z.array(OsvEventSchema).max(1000) }))
          .max(1000)
          .optional(),
        versions: z.array(z.string().max(256)).max(100_000).optional(),
      }),
    )
    .max(10_000)
    .default([]),
  database_specific: z.looseObject({ severity: z.string().max(50).optional() }).optional(),
});
/** An OSV record (the fields the scanner reads). */
export type OsvRecord = z.infer<typeof OsvRecordSchema>;

/**
 * Reads OSV advisories from a JSON file (one record, or an array of records) or from a
 * folder of them (read recursively, `*.json` only) — for example an export of osv.dev's
 * `npm` ecosystem (`gsutil cp gs://osv-vulnerabilities/npm/all.zip`, unzipped).
 *
 * @param path - a `.json` file or a folder
 * @returns the records, in path order
 * @throws {@link PollinateError} `E_BAD_ADVISORIES` naming the file and the field when a file is not JSON or not OSV
 * @example
 * ```ts
 * const advisories = loadOsvAdvisories('/var/lib/pollinate/osv');
 * ```
 */
export function loadOsvAdvisories(path: string): OsvRecord[] {
  const files: string[] = [];
  const walk = (current: string) => {
    if (statSync(current).isDirectory()) {
      for (const name of readdirSync(current).sort()) walk(join(current, name));
    } else if (current === path || current.endsWith('.json')) files.push(current);
  };
  walk(path);
  const records: OsvRecord[] = [];
  for (const file of files) {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new PollinateError('E_BAD_ADVISORIES', `${file} is not JSON: ${(error as Error).message}`);
    }
    for (const [index, item] of (Array.isArray(json) ? json : [json]).entries()) {
      const parsed = OsvRecordSchema.safeParse(item);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new PollinateError(
          'E_BAD_ADVISORIES',
          `${file}${Array.isArray(json) ? ` [${index}]` : ''} is not an OSV record: ${issue?.path.join('.') || 'record'}: ${issue?.message}`,
        );
      }
      records.push(parsed.data);
    }
  }
  return records;
}

/** Options of {@link createOsvScanner}. */
export interface OsvScannerOptions {
  /** The OSV records to check against (see {@link loadOsvAdvisories}). */
  advisories: readonly OsvRecord[];
  /** OSV ecosystems whose package names a package's requirements name. @default ['npm'] */
  ecosystems?: readonly string[];
  /** Longest wait for the scan, milliseconds. @default 10_000 */
  timeoutMs?: number;
}

const SEVERITY: Record<string, SecurityFinding['severity']> = {
  CRITICAL: 'critical',
  HIGH: 'high',
  MODERATE: 'medium',
  MEDIUM: 'medium',
  LOW: 'low',
};

/**
 * The semver ranges (npm syntax) one OSV `ranges[]` entry of type `SEMVER` or
 * `ECOSYSTEM` describes: each `introduced` opens an interval that the next `fixed`
 * (exclusive), `last_affected` (inclusive) or `limit` (exclusive) closes; `introduced: "0"`
 * is every version. Unparseable versions are skipped.
 */
export function osvRangeToSemver(events: readonly z.infer<typeof OsvEventSchema>[]): string[] {
  const ranges: string[] = [];
  let start: string | undefined;
  const valid = (version: string) => semver.valid(version) !== null;
  for (const event of events) {
    if (event.introduced !== undefined) {
      start = event.introduced === '0' ? '0.0.0-0' : valid(event.introduced) ? event.introduced : undefined;
    } else if (start !== undefined) {
      const end = event.fixed ?? event.limit;
      if (end !== undefined && valid(end)) ranges.push(`>=${start} <${end}`);
      else if (event.last_affected !== undefined && valid(event.last_affected))
        ranges.push(`>=${start} <=${event.last_affected}`);
      start = undefined;
    }
  }
  if (start !== undefined) ranges.push(`>=${start}`);
  return ranges;
}

/**
 * A publish scanner (core's `PublishScanner`, gate `scanner:osv`) that checks a
 * package's declared requirements (`requirements`: name → semver range) against OSV
 * advisories: a requirement whose range admits an affected version — one listed in
 * `affected[].versions`, or inside an `affected[].ranges` interval (`SEMVER` or
 * `ECOSYSTEM` type) — is a finding with the advisory's severity
 * (`database_specific.severity`: CRITICAL, HIGH, MODERATE, LOW; `high` when not given),
 * which blocks publishing at the default `failOnSeverity: 'high'`. Withdrawn advisories
 * and free-text requirements are skipped. Asynchronous, so the registry awaits it with
 * `checkPublishableAsync` and its timeout.
 *
 * @param options - see {@link OsvScannerOptions}
 * @returns the scanner
 * @example
 * ```ts
 * const scanner = createOsvScanner({ advisories: loadOsvAdvisories('./osv') });
 * const report = await checkPublishableAsync(pkg, { scanners: [scanner] });
 * ```
 */
export function createOsvScanner(options: OsvScannerOptions): PublishScanner {
  const ecosystems = new Set(options.ecosystems ?? ['npm']);
  // Affected intervals by package name, built once.
  const byName = new Map<string, { record: OsvRecord; ranges: string[]; versions: string[] }[]>();
  for (const record of options.advisories) {
    if (record.withdrawn) continue;
    for (const affected of record.affected) {
      if (!ecosystems.has(affected.package.ecosystem)) continue;
      const ranges = (affected.ranges ?? [])
        .filter((range) => range.type === 'SEMVER' || range.type === 'ECOSYSTEM')
        .flatMap((range) => osvRangeToSemver(range.events));
      const versions = (affected.versions ?? []).filter((version) => semver.valid(version) !== null);
      const list = byName.get(affected.package.name) ?? [];
      list.push({ record, ranges, versions });
      byName.set(affected.package.name, list);
    }
  }
  return {
    name: 'osv',
    timeoutMs: options.timeoutMs ?? 10_000,
    async scan(pkg: PatternPackage): Promise<SecurityFinding[]> {
      const findings: SecurityFinding[] = [];
      for (const [name, declared] of Object.entries(pkg.requirements)) {
        const range = semver.validRange(declared);
        if (range === null) continue;
        for (const { record, ranges, versions } of byName.get(name) ?? []) {
          const hit =
            ranges.some((affected) => semver.intersects(range, affected, { includePrerelease: true })) ||
            versions.some((version) => semver.satisfies(version, range, { includePrerelease: true }));
          if (!hit) continue;
          findings.push({
            severity: SEVERITY[record.database_specific?.severity?.toUpperCase() ?? ''] ?? 'high',
            rule: `osv/${record.id}`.slice(0, 200),
            message:
              `requirement ${name} ${declared} admits versions affected by ${record.id}${record.summary ? `: ${record.summary}` : ''}`.slice(
                0,
                2000,
              ),
            location: `requirements.${name}`.slice(0, 1100),
          });
        }
      }
      return findings;
    },
  };
}
