import * as z from 'zod';
import { IsoDateTimeSchema, NameKeySchema } from './identifiers.js';
import { CompatibilityMatrixSchema, ListingSchema } from './listing.js';

const text = (max: number) => z.string().max(max);
const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** One file of a pattern's source: a relative POSIX path and its UTF-8 text. */
export const SourceFileSchema = z.strictObject({
  path: z
    .string()
    .min(1)
    .max(1024)
    .refine(
      (path) => !path.startsWith('/') && !path.split('/').includes('..'),
      'must be a relative path without ".."',
    ),
  content: text(1_000_000),
  /** Language of the file (`typescript`, `python`, …), when known. */
  language: text(64).optional(),
});
/** A source file. */
export type SourceFile = z.infer<typeof SourceFileSchema>;

/** A runnable example: title, what it shows, and its code. */
export const ExampleSchema = z.strictObject({
  title: text(200).min(1),
  description: text(5000).default(''),
  code: text(200_000),
  language: text(64).optional(),
});
/** An example. */
export type Example = z.infer<typeof ExampleSchema>;

/** Summary of the package's test suite as last run. Coverage is a percentage on 0–100. */
export const TestSuiteSummarySchema = z.strictObject({
  framework: text(100).optional(),
  total: count,
  passed: count,
  failed: count.default(0),
  /** Line coverage, percent (0–100). */
  coveragePercent: z.number().min(0).max(100).optional(),
  ranAt: IsoDateTimeSchema.optional(),
});
/** A test-suite summary. */
export type TestSuiteSummary = z.infer<typeof TestSuiteSummarySchema>;

/** One benchmark measurement: a named metric, its value and unit, and the baseline it was compared to. */
export const BenchmarkResultSchema = z.strictObject({
  name: text(200).min(1),
  metric: text(100).min(1),
  value: z.number().finite(),
  /** Unit of `value` and `baseline`, e.g. `ms`, `ops/s`, `MB`. */
  unit: text(32).min(1),
  baseline: z.number().finite().optional(),
  environment: text(500).optional(),
});
/** A benchmark result. */
export type BenchmarkResult = z.infer<typeof BenchmarkResultSchema>;

/** A finding of a security scan. */
export const SecurityFindingSchema = z.strictObject({
  severity: z.enum(['info', 'low', 'medium', 'high', 'critical']),
  rule: text(200).min(1),
  message: text(2000),
  /** Where: a file path, optionally with `:line`. */
  location: text(1100).optional(),
});
/** A security finding. */
export type SecurityFinding = z.infer<typeof SecurityFindingSchema>;

/** The security report shipped with a package: which scanner ran, when, and what it found. */
export const SecurityReportSchema = z.strictObject({
  scanner: text(200).min(1),
  scannedAt: IsoDateTimeSchema,
  findings: z.array(SecurityFindingSchema).max(10_000).default([]),
});
/** A security report. */
export type SecurityReport = z.infer<typeof SecurityReportSchema>;

/** How to get help: an issue tracker, a channel, and an optional SLA. */
export const SupportChannelsSchema = z.strictObject({
  issueTracker: z.url().max(2048).optional(),
  channel: text(500).optional(),
  sla: z
    .strictObject({
      /** First response, hours. */
      responseTimeHours: z.number().min(0).max(8760),
      /** Resolution target, hours. */
      resolutionTimeHours: z.number().min(0).max(87_600).optional(),
      /** Hours of coverage, e.g. `'24x7'` or `'business hours CET'`. */
      coverage: text(200).optional(),
    })
    .optional(),
});
/** Support channels. */
export type SupportChannels = z.infer<typeof SupportChannelsSchema>;

/** Documentation of a package: the README (Markdown), API docs, and a migration guide. */
export const DocumentationSchema = z.strictObject({
  readme: text(500_000),
  apiReference: text(500_000).optional(),
  migrationGuide: text(200_000).optional(),
  changelog: text(500_000).optional(),
});
/** Documentation. */
export type Documentation = z.infer<typeof DocumentationSchema>;

/**
 * A pattern package: everything published for one version of a pattern (seed: the
 * marketplace's PatternPackage and package template) — the listing it publishes, its
 * sources, documentation, examples, test and benchmark evidence, security report,
 * requirements and support.
 */
export const PatternPackageSchema = z.strictObject({
  listing: ListingSchema,
  files: z.array(SourceFileSchema).max(2000).default([]),
  documentation: DocumentationSchema,
  examples: z.array(ExampleSchema).max(200).default([]),
  tests: TestSuiteSummarySchema.optional(),
  benchmarks: z.array(BenchmarkResultSchema).max(500).default([]),
  security: SecurityReportSchema.optional(),
  /** Tools or services needed to run the pattern, name → semver range or free text. */
  requirements: z.record(NameKeySchema, text(500)).default({}),
  compatibility: CompatibilityMatrixSchema.optional(),
  support: SupportChannelsSchema.default({}),
});
/** A pattern package (defaults filled in). */
export type PatternPackage = z.infer<typeof PatternPackageSchema>;
/** What {@link PatternPackageSchema} accepts. */
export type PatternPackageInput = z.input<typeof PatternPackageSchema>;
