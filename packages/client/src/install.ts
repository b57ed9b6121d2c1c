import {
  type DependencyNodeInput,
  FingerprintSchema,
  PatternIdSchema,
  PollinateError,
  type Resolution,
  resolveDependencies,
  SemverRangeSchema,
  SemverSchema,
} from '@pollinate/core';
import { parseWith } from '@pollinate/core/helpers';
import * as z from 'zod';
import { isRegistryError } from './errors.js';
import { fingerprintPackage, type VersionDocument, type VersionSummary } from './wire.js';

/**
 * The file name `pollinate install` writes: the lock file, beside the project.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * import { join } from 'node:path';
 *
 * const plan = await resolveInstall(client, { 'acme/circuit-breaker': '^1' });
 * writeFileSync(join(process.cwd(), LOCKFILE_NAME), JSON.stringify(plan.lockfile, null, 2));
 * ```
 */
export const LOCKFILE_NAME = 'pollinate-lock.json';

/**
 * The lock file (`pollinate-lock.json`, version 1): what was asked for (pattern id → semver
 * range), the resolved version and content fingerprint (SRI `sha256-…`) of every installed
 * package with its dependencies, and the install order (dependencies first).
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 *
 * const lock = LockfileSchema.parse(JSON.parse(readFileSync('pollinate-lock.json', 'utf8')));
 * lock.packages['acme/retry']?.fingerprint; // 'sha256-…'
 * ```
 */
export const LockfileSchema = z.strictObject({
  lockfileVersion: z.literal(1),
  requested: z.record(PatternIdSchema, SemverRangeSchema),
  packages: z.record(
    PatternIdSchema,
    z.strictObject({
      version: SemverSchema,
      fingerprint: FingerprintSchema,
      dependencies: z.record(PatternIdSchema, SemverRangeSchema),
    }),
  ),
  installOrder: z.array(z.string().max(300)).max(100_000),
});
/** A parsed lock file (see {@link LockfileSchema}). */
export type Lockfile = z.infer<typeof LockfileSchema>;

/**
 * What {@link resolveInstall} found: the resolution, every chosen package's version document
 * (fingerprint verified) in install order, and the lock file to write.
 *
 * @example
 * ```ts
 * const plan = await resolveInstall(client, { 'acme/circuit-breaker': '^1' });
 * for (const doc of plan.packages) console.log(`${doc.id}@${doc.version}`, doc.fingerprint);
 * ```
 */
export interface InstallPlan {
  /** The PubGrub resolution (always `ok` here: a failure throws). */
  resolution: Resolution;
  /** The chosen versions' documents, dependencies first; each package's fingerprint was recomputed and matched. */
  packages: VersionDocument[];
  /** The lock file content for these packages. */
  lockfile: Lockfile;
}

/**
 * Thrown by {@link resolveInstall} when no choice of published versions satisfies the requested
 * ranges and their dependencies. Code `E_UNRESOLVABLE_DEPENDENCIES`; `resolution` holds the
 * explanation (`resolution.explanation`, one derivation step per line) and the chain of
 * conflicting requirements.
 *
 * @example
 * ```ts
 * try { await resolveInstall(client, { 'acme/app': '^2' }); }
 * catch (error) {
 *   if (isDependencyResolutionError(error)) console.error(error.resolution.explanation.join('\n'));
 * }
 * ```
 */
export class DependencyResolutionError extends PollinateError {
  /** The failed resolution, with `explanation`, `chain`, `missing` and `conflicts`. */
  readonly resolution: Resolution;

  /**
   * @param resolution - the failed resolution
   */
  constructor(resolution: Resolution) {
    super(
      'E_UNRESOLVABLE_DEPENDENCIES',
      `cannot resolve the dependencies: ${resolution.explanation.at(-1) ?? 'version solving failed'}`,
    );
    this.resolution = resolution;
  }
}

/**
 * Thrown when a downloaded package's content does not hash to the fingerprint the registry
 * states for it (a corrupted or tampered download). Code `E_FINGERPRINT_MISMATCH`.
 *
 * @example
 * ```ts
 * if (isFingerprintMismatchError(error)) console.error(`${error.id}@${error.version}: expected ${error.expected}, got ${error.actual}`);
 * ```
 */
export class FingerprintMismatchError extends PollinateError {
  /** The pattern id. */
  readonly id: string;
  /** The version. */
  readonly version: string;
  /** The fingerprint the registry stated. */
  readonly expected: string;
  /** The fingerprint of the content received. */
  readonly actual: string;

  /**
   * @param id - pattern id
   * @param version - version
   * @param expected - stated fingerprint
   * @param actual - recomputed fingerprint
   */
  constructor(id: string, version: string, expected: string, actual: string) {
    super(
      'E_FINGERPRINT_MISMATCH',
      `${id}@${version}: the content hashes to ${actual}, but the registry states ${expected}`,
    );
    this.id = id;
    this.version = version;
    this.expected = expected;
    this.actual = actual;
  }
}

/**
 * Whether `error` is a {@link DependencyResolutionError} (checks `name` and `code`, so it works
 * across ESM and CJS copies of the package).
 *
 * @example
 * ```ts
 * if (isDependencyResolutionError(error)) process.exitCode = 2;
 * ```
 */
export function isDependencyResolutionError(error: unknown): error is DependencyResolutionError {
  return (
    error instanceof Error &&
    error.name === 'DependencyResolutionError' &&
    (error as { code?: unknown }).code === 'E_UNRESOLVABLE_DEPENDENCIES'
  );
}

/**
 * Whether `error` is a {@link FingerprintMismatchError} (checks `name` and `code`).
 *
 * @example
 * ```ts
 * if (isFingerprintMismatchError(error)) console.error('refusing a tampered package');
 * ```
 */
export function isFingerprintMismatchError(error: unknown): error is FingerprintMismatchError {
  return (
    error instanceof Error &&
    error.name === 'FingerprintMismatchError' &&
    (error as { code?: unknown }).code === 'E_FINGERPRINT_MISMATCH'
  );
}

/**
 * The registry calls {@link resolveInstall} needs (a {@link RegistryClient} has them).
 *
 * @example
 * ```ts
 * const source: InstallSource = { listVersions: (id) => client.listVersions(id), getVersion: (id, v) => client.getVersion(id, v) };
 * ```
 */
export interface InstallSource {
  listVersions(id: string, options?: { signal?: AbortSignal }): Promise<VersionSummary[]>;
  getVersion(id: string, version: string, options?: { signal?: AbortSignal }): Promise<VersionDocument>;
}

/** The id of the synthetic root package whose dependencies are the requested ranges. */
const INSTALL_ROOT = 'pollinate-install/root';

/**
 * Resolves requested patterns and everything they depend on against a registry with core's
 * PubGrub resolver (newest versions preferred, backtracking when needed), downloads each
 * version document met on the way, verifies every downloaded package's fingerprint, and
 * returns the install order and the lock file. Patterns the registry does not have count as
 * having no versions (the resolution then fails, naming them).
 *
 * Cost: one `listVersions` per reachable pattern id and one `getVersion` per published version of
 * each (dependencies are part of each version's document), sequentially.
 *
 * @param source - the registry client (or anything with `listVersions` and `getVersion`)
 * @param requested - pattern id → semver range, e.g. `{ 'acme/retry': '^1.2' }` (`*` for any)
 * @param options - `signal` to abort
 * @returns the {@link InstallPlan}
 * @throws `ValidationError` (from `@pollinate/core`) when an id or range is malformed
 * @throws {@link DependencyResolutionError} when the ranges cannot be satisfied
 * @throws {@link FingerprintMismatchError} when a downloaded package does not match its fingerprint
 * @throws {@link RegistryError} subclasses when the registry fails (other than 404 for a pattern)
 * @example
 * ```ts
 * const plan = await resolveInstall(client, { 'acme/circuit-breaker': '^1' });
 * console.log(plan.resolution.installOrder); // ['acme/backoff@2.3.0', 'acme/retry@1.4.1']
 * ```
 */
export async function resolveInstall(
  source: InstallSource,
  requested: Readonly<Record<string, string>>,
  options: { signal?: AbortSignal } = {},
): Promise<InstallPlan> {
  const wanted = parseWith(
    z
      .record(PatternIdSchema, SemverRangeSchema)
      .refine((value) => Object.keys(value).length > 0, 'ask for at least one pattern'),
    requested,
    'install request',
  );
  const call = options.signal ? { signal: options.signal } : {};
  const documents = new Map<string, VersionDocument>();
  const catalog: DependencyNodeInput[] = [];
  const queue = Object.keys(wanted);
  const seen = new Set(queue);
  while (queue.length > 0) {
    const id = queue.shift() as string;
    let versions: VersionSummary[] = [];
    try {
      versions = await source.listVersions(id, call);
    } catch (error) {
      if (!(isRegistryError(error) && error.status === 404)) throw error;
    }
    for (const summary of versions) {
      const doc = await source.getVersion(id, summary.version, call);
      verifyFingerprint(doc, summary.fingerprint);
      documents.set(`${id}@${doc.version}`, doc);
      const dependencies = doc.package.listing.dependencies;
      catalog.push({ id, version: doc.version, dependencies });
      for (const next of Object.keys(dependencies)) {
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
  }
  const resolution = resolveDependencies(
    { id: INSTALL_ROOT, version: '0.0.0', dependencies: wanted },
    catalog,
    {
      allowCycles: true,
    },
  );
  if (!resolution.ok) throw new DependencyResolutionError(resolution);
  const packages = resolution.installOrder.map((label) => documents.get(label) as VersionDocument);
  const lockfile: Lockfile = {
    lockfileVersion: 1,
    requested: wanted,
    packages: Object.fromEntries(
      [...packages]
        .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
        .map((doc) => [
          doc.id,
          {
            version: doc.version,
            fingerprint: doc.fingerprint,
            dependencies: doc.package.listing.dependencies,
          },
        ]),
    ),
    installOrder: resolution.installOrder,
  };
  return { resolution, packages, lockfile };
}

/** Recomputes the package's fingerprint and compares it with every fingerprint the registry stated. */
function verifyFingerprint(doc: VersionDocument, listed: string): void {
  const actual = fingerprintPackage(doc.package);
  for (const expected of [doc.fingerprint, listed, doc.package.listing.fingerprint]) {
    if (expected !== undefined && expected !== actual) {
      throw new FingerprintMismatchError(doc.id, doc.version, expected, actual);
    }
  }
}
