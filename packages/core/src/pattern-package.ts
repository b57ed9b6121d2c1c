import * as z from 'zod/mini';
import { IsoDateTimeSchema, NameKeySchema } from './identifiers.js';
import { CompatibilityMatrixSchema, ListingSchema } from './listing.js';

const text = (max: number) => z.string().check(z.maxLength(max));
const nonEmpty = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));
const count = z.number().check(z.int(), z.gte(0), z.lte(Number.MAX_SAFE_INTEGER));
/** A list of at most `max` items, `[]` when absent. */
const list = <T extends z.core.SomeType>(item: T, max: number) =>
  z._default(z.array(item).check(z.maxLength(max)), []);

/** Longest package file path accepted, in characters. */
export const MAX_PACKAGE_FILE_PATH_LENGTH = 1024;

/** Names Windows keeps for devices, in any case and with any extension (`CON`, `nul.txt`, `COM1.log`). */
const WINDOWS_DEVICE_NAME = /^(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(?:\..*)?$/i;
/** Characters a portable file name never holds: NUL and other controls, `\\`, `:` (drive letters, NTFS streams, URL schemes) and the rest of Windows' reserved set. */
const FORBIDDEN_PATH_CHARACTER = /[\u0000-\u001f\u007f\\:<>"|?*]/;
/** Percent-encoded `.`, `/` or `\\` (a tool that URL-decodes paths would turn `%2e%2e%2f` into `../`). */
const ENCODED_SEPARATOR_OR_DOT = /%(?:2e|2f|5c)/i;
/**
 * Look-alikes that Windows "best fit" code-page conversion turns into a separator and that
 * NFKC leaves alone: fraction slash, division slash, set minus, reverse solidus operator,
 * and the yen and won signs (`\\` in the Japanese and Korean code pages).
 */
const SEPARATOR_LOOKALIKE = /[\u2044\u2215\u2216\u29f5\u00a5\u20a9]/;

/**
 * Why `path` is not a safe package file path, or `undefined` when it is. Checked on the
 * path as given and on its Unicode NFKC form (so `．．／x` and `＼`, which "best fit"
 * conversions turn into `../x` and `\\`, are refused too).
 */
function packageFilePathProblem(path: string): string | undefined {
  for (const form of path.normalize('NFKC') === path ? [path] : [path, path.normalize('NFKC')]) {
    const bad = FORBIDDEN_PATH_CHARACTER.exec(form)?.[0];
    if (bad !== undefined) {
      if (bad === '\\') return 'must use "/" as separator, not "\\"';
      if (bad === ':') return 'must not contain ":" (no drive letters such as C:, no streams, no URLs)';
      const code = bad.charCodeAt(0);
      return code < 0x20 || code === 0x7f
        ? `must not contain control characters (U+${code.toString(16).padStart(4, '0').toUpperCase()})`
        : `must not contain "${bad}"`;
    }
    const lookalike = SEPARATOR_LOOKALIKE.exec(form)?.[0];
    if (lookalike !== undefined) {
      return `must not contain "${lookalike}" (U+${lookalike.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}), which some systems read as a separator`;
    }
    if (ENCODED_SEPARATOR_OR_DOT.test(form)) return 'must not contain percent-encoded ".", "/" or "\\"';
    if (form.startsWith('/')) return 'must be relative (no leading "/")';
    for (const segment of form.split('/')) {
      if (segment === '') return 'must not have empty segments ("//" or a trailing "/")';
      if (segment === '.' || segment === '..') return `must not have "${segment}" segments`;
      if (/[. ]$/.test(segment))
        return 'no segment may end with "." or " " (Windows drops them: "..." and ".. " mean "..")';
      if (WINDOWS_DEVICE_NAME.test(segment)) return `"${segment}" is a reserved device name on Windows`;
    }
  }
  return undefined;
}

/**
 * A file path inside a pattern package: relative, `/`-separated, portable, and unable to
 * leave the package's folder on any platform once joined to it. Refused: absolute paths
 * (`/etc/passwd`), `..` and `.` segments, `\\` anywhere (`..\\..\\evil.ps1`), `:` anywhere
 * (drive letters `C:`, NTFS streams, `file:` URLs), NUL and other control characters, empty
 * segments, segments ending in `.` or space, Windows device names (`CON`, `nul.txt`),
 * percent-encoded `.`/`/`/`\\`, and Unicode forms of these that NFKC folds into them
 * (fullwidth `．．／`, `＼`). 1–1024 characters.
 *
 * @example
 * ```ts
 * PackageFilePathSchema.parse('src/retry.ts'); // ok
 * PackageFilePathSchema.safeParse('..\\..\\evil.ps1').success; // false
 * PackageFilePathSchema.safeParse('C:/Windows/evil.dll').success; // false
 * ```
 */
export const PackageFilePathSchema = z.string().check(
  z.minLength(1),
  z.maxLength(MAX_PACKAGE_FILE_PATH_LENGTH),
  z.superRefine((path, context) => {
    const problem = packageFilePathProblem(path);
    if (problem !== undefined) context.addIssue({ code: 'custom', message: problem });
  }),
);

/** One file of a pattern's source: a relative POSIX path (see {@link PackageFilePathSchema}) and its UTF-8 text. */
export const SourceFileSchema = z.strictObject({
  path: PackageFilePathSchema,
  content: text(1_000_000),
  /** Language of the file (`typescript`, `python`, …), when known. */
  language: z.optional(text(64)),
});
/** A source file. */
export type SourceFile = z.infer<typeof SourceFileSchema>;

/** A runnable example: title, what it shows, and its code. */
export const ExampleSchema = z.strictObject({
  title: nonEmpty(200),
  description: z._default(text(5000), ''),
  code: text(200_000),
  language: z.optional(text(64)),
});
/** An example. */
export type Example = z.infer<typeof ExampleSchema>;

/** Summary of the package's test suite as last run. Coverage is a percentage on 0–100. */
export const TestSuiteSummarySchema = z.strictObject({
  framework: z.optional(text(100)),
  total: count,
  passed: count,
  failed: z._default(count, 0),
  /** Line coverage, percent (0–100). */
  coveragePercent: z.optional(z.number().check(z.gte(0), z.lte(100))),
  ranAt: z.optional(IsoDateTimeSchema),
});
/** A test-suite summary. */
export type TestSuiteSummary = z.infer<typeof TestSuiteSummarySchema>;

/** One benchmark measurement: a named metric, its value and unit, and the baseline it was compared to. */
export const BenchmarkResultSchema = z.strictObject({
  name: nonEmpty(200),
  metric: nonEmpty(100),
  value: z.number(),
  /** Unit of `value` and `baseline`, e.g. `ms`, `ops/s`, `MB`. */
  unit: nonEmpty(32),
  baseline: z.optional(z.number()),
  environment: z.optional(text(500)),
});
/** A benchmark result. */
export type BenchmarkResult = z.infer<typeof BenchmarkResultSchema>;

/** A finding of a security scan. */
export const SecurityFindingSchema = z.strictObject({
  severity: z.enum(['info', 'low', 'medium', 'high', 'critical']),
  rule: nonEmpty(200),
  message: text(2000),
  /** Where: a file path, optionally with `:line`. */
  location: z.optional(text(1100)),
});
/** A security finding. */
export type SecurityFinding = z.infer<typeof SecurityFindingSchema>;

/** The security report shipped with a package: which scanner ran, when, and what it found. */
export const SecurityReportSchema = z.strictObject({
  scanner: nonEmpty(200),
  scannedAt: IsoDateTimeSchema,
  findings: list(SecurityFindingSchema, 10_000),
});
/** A security report. */
export type SecurityReport = z.infer<typeof SecurityReportSchema>;

/** How to get help: an issue tracker, a channel, and an optional SLA. */
export const SupportChannelsSchema = z.strictObject({
  issueTracker: z.optional(z.url().check(z.maxLength(2048))),
  channel: z.optional(text(500)),
  sla: z.optional(
    z.strictObject({
      /** First response, hours. */
      responseTimeHours: z.number().check(z.gte(0), z.lte(8760)),
      /** Resolution target, hours. */
      resolutionTimeHours: z.optional(z.number().check(z.gte(0), z.lte(87_600))),
      /** Hours of coverage, e.g. `'24x7'` or `'business hours CET'`. */
      coverage: z.optional(text(200)),
    }),
  ),
});
/** Support channels. */
export type SupportChannels = z.infer<typeof SupportChannelsSchema>;

/** Documentation of a package: the README (Markdown), API docs, and a migration guide. */
export const DocumentationSchema = z.strictObject({
  readme: text(500_000),
  apiReference: z.optional(text(500_000)),
  migrationGuide: z.optional(text(200_000)),
  changelog: z.optional(text(500_000)),
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
  files: list(SourceFileSchema, 2000),
  documentation: DocumentationSchema,
  examples: list(ExampleSchema, 200),
  tests: z.optional(TestSuiteSummarySchema),
  benchmarks: list(BenchmarkResultSchema, 500),
  security: z.optional(SecurityReportSchema),
  /** Tools or services needed to run the pattern, name → semver range or free text. */
  requirements: z._default(z.record(NameKeySchema, text(500)), {}),
  compatibility: z.optional(CompatibilityMatrixSchema),
  support: z._default(SupportChannelsSchema, {}),
});
/** A pattern package (defaults filled in). */
export type PatternPackage = z.infer<typeof PatternPackageSchema>;
/** What {@link PatternPackageSchema} accepts. */
export type PatternPackageInput = z.input<typeof PatternPackageSchema>;
