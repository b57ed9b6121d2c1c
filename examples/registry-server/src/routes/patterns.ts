import {
  DistTagSchema,
  fingerprintPackage,
  type PatternDocument,
  type PublishResult,
  type VersionDocument,
  type VersionList,
} from '@pollinate/client';
import {
  checkPublishableAsync,
  type DependencyNodeInput,
  type PatternPackage,
  PatternPackageSchema,
  type PublishPolicy,
  resolveDependencies,
  SemverSchema,
  type ValidationIssue,
} from '@pollinate/core';
import { Hono } from 'hono';
import semver from 'semver';
import {
  parseParams,
  patternIdFromPath,
  type RegistryEnv,
  type RegistryServices,
  readJsonBody,
  requirePublisher,
} from '../context.js';
import { HttpProblem } from '../problem.js';
import { type RegistryStore, type StoredVersion, withCurrentFigures } from '../store.js';

/** What the publish route needs beyond the shared services. */
export interface PatternRoutesOptions {
  /** The quality-gate policy every publish must pass (core's `checkPublishable`). */
  publishPolicy: PublishPolicy;
  /** Called after a version is stored, with the dist-tag that now points at it (the search index uses it). */
  onPublished: (version: StoredVersion, distTag: string | undefined) => void;
}

/**
 * Routes for publishing and reading patterns: `PUT /patterns/{scope}/{name}/{version}`,
 * `GET /patterns/{scope}/{name}`, `GET …/versions`, `GET …/{version|dist-tag}`.
 *
 * @param services - store, tokens, clock
 * @param options - see {@link PatternRoutesOptions}
 * @returns a Hono sub-app to mount under `/api/v1`
 */
export function patternRoutes(services: RegistryServices, options: PatternRoutesOptions): Hono<RegistryEnv> {
  const app = new Hono<RegistryEnv>();
  const { store } = services;

  app.put('/patterns/:scope/:name/:version', async (c) => {
    const publisher = requirePublisher(c);
    const id = patternIdFromPath(c);
    const version = parseParams(SemverSchema, c.req.param('version'), 'version');
    const scope = id.split('/')[0];
    if (scope !== publisher) {
      throw new HttpProblem(
        403,
        'E_FORBIDDEN',
        `your token publishes into scope "${publisher}", not "${scope}"`,
      );
    }
    const requestedTag = c.req.query('tag');
    const tag = requestedTag === undefined ? undefined : parseParams(DistTagSchema, requestedTag, 'dist-tag');
    const pkg = await readJsonBody(c, PatternPackageSchema, 'pattern package');
    const mismatches: ValidationIssue[] = [];
    if (pkg.listing.id !== id)
      mismatches.push({ path: ['listing', 'id'], message: `must be ${id} (the URL's id)` });
    if (pkg.listing.version !== version) {
      mismatches.push({ path: ['listing', 'version'], message: `must be ${version} (the URL's version)` });
    }
    if (mismatches.length) {
      throw new HttpProblem(400, 'E_VALIDATION', 'the package does not match the URL', {
        issues: mismatches,
      });
    }

    const existing = await store.getPattern(id);
    if (existing?.versions.some((v) => v.version === version)) throw versionExists(id, version);
    const previousVersion = existing?.versions
      .map((v) => v.version)
      .filter((v) => semver.lt(v, version))
      .at(-1);
    // Scanners may be asynchronous (an advisory database): each is awaited up to its timeout
    // and fails its gate, closed, on a timeout or an error.
    const report = await checkPublishableAsync(pkg, {
      ...options.publishPolicy,
      ...(previousVersion ? { previousVersion } : {}),
    });
    if (!report.publishable) {
      const failed = report.gates.filter((gate) => !gate.passed && gate.severity === 'error');
      throw new HttpProblem(
        422,
        'E_NOT_PUBLISHABLE',
        `the package fails ${failed.length} quality gate${failed.length === 1 ? '' : 's'}: ${failed.map((g) => g.id).join(', ')}`,
        {
          issues: failed.map((gate) => ({ path: gatePath(gate.id), message: `${gate.id}: ${gate.message}` })),
          extensions: { report },
        },
      );
    }

    await refuseUnresolvableDependencies(store, pkg);
    await refuseUnknownForkParent(store, pkg);

    const publishedAt = services.now().toISOString();
    const stamped: PatternPackage = { ...pkg, listing: { ...pkg.listing, publishedAt } };
    const fingerprint = fingerprintPackage(stamped);
    stamped.listing.fingerprint = fingerprint;
    const record: StoredVersion = { id, version, publisher, fingerprint, publishedAt, package: stamped };
    // Without ?tag=: a prerelease goes to `next`; a release moves `latest` only forward,
    // compared and moved by the store in the transaction that stores the version (two
    // concurrent publishes, on any instances, never move `latest` backwards).
    const outcome = await store.putVersion(
      record,
      tag !== undefined
        ? { distTag: tag }
        : semver.prerelease(version)
          ? { distTag: 'next' }
          : { advanceLatest: true },
    );
    if (outcome.status === 'exists') throw versionExists(id, version);
    const distTag = outcome.distTags[0];
    options.onPublished(record, distTag);
    const body: PublishResult = {
      id,
      version,
      fingerprint,
      publishedAt,
      ...(distTag ? { distTag } : {}),
      report,
    };
    c.header('location', `/api/v1/patterns/${id}/${version}`);
    return c.json(body, 201);
  });

  app.get('/patterns/:scope/:name/versions', async (c) => {
    const id = patternIdFromPath(c);
    const pattern = await store.getPattern(id);
    if (!pattern) throw patternNotFound(id);
    const body: VersionList = { id, versions: pattern.versions };
    return c.json(body);
  });

  app.get('/patterns/:scope/:name', async (c) => {
    const id = patternIdFromPath(c);
    const pattern = await store.getPattern(id);
    if (!pattern) throw patternNotFound(id);
    const latestVersion = pattern.distTags.latest;
    const [latest, stats] = await Promise.all([
      latestVersion ? store.getVersion(id, latestVersion) : undefined,
      store.patternStats(id),
    ]);
    // `latest` carries the pattern's current figures (rating from accepted reviews, adoption
    // counters), maintained by the store on write, as search documents do; the version
    // document keeps the listing exactly as published (its fingerprint covers it).
    const body: PatternDocument = {
      id,
      publisher: pattern.publisher,
      distTags: pattern.distTags,
      versions: pattern.versions,
      ...(latest ? { latest: withCurrentFigures(latest.package.listing, stats) } : {}),
    };
    return c.json(body);
  });

  app.get('/patterns/:scope/:name/:version', async (c, next) => {
    const reference = c.req.param('version');
    if (reference === 'reviews' || reference === 'reputation') return next();
    const id = patternIdFromPath(c);
    let version = reference;
    if (!SemverSchema.safeParse(reference).success) {
      parseParams(DistTagSchema, reference, 'version or dist-tag');
      const pattern = await store.getPattern(id);
      const tagged = pattern?.distTags[reference];
      if (!tagged)
        throw new HttpProblem(404, 'E_NOT_FOUND', `${id} has no version or dist-tag "${reference}"`);
      version = tagged;
    }
    const stored = await store.getVersion(id, version);
    if (!stored) throw new HttpProblem(404, 'E_NOT_FOUND', `${id} has no version ${version}`);
    const body: VersionDocument = {
      id,
      version: stored.version,
      fingerprint: stored.fingerprint,
      publishedAt: stored.publishedAt,
      package: stored.package,
    };
    return c.json(body);
  });

  return app;
}

function versionExists(id: string, version: string): HttpProblem {
  return new HttpProblem(
    409,
    'E_VERSION_EXISTS',
    `${id}@${version} is already published; versions are immutable`,
  );
}

function patternNotFound(id: string): HttpProblem {
  return new HttpProblem(404, 'E_NOT_FOUND', `no pattern ${id}`);
}

function gatePath(gateId: string): (string | number)[] {
  switch (gateId) {
    case 'readme-quick-start':
    case 'api-reference':
    case 'migration-guide':
      return ['documentation'];
    case 'examples':
      return ['examples'];
    case 'tests-present':
    case 'tests-passing':
    case 'test-coverage':
      return ['tests'];
    case 'license':
      return ['listing', 'license'];
    case 'security-report':
      return ['security'];
    default:
      return gateId.startsWith('scanner:') ? ['files'] : [];
  }
}

/**
 * Refuses (422 `E_UNRESOLVABLE_DEPENDENCIES`) a package whose dependencies name patterns this
 * registry does not have or ranges no combination of its versions satisfies: the dependency
 * graph reachable from the package is loaded from the store and solved with core's PubGrub
 * resolver (cycles allowed). The problem carries the resolver's explanation, the missing and
 * conflicting dependencies, and one issue per offending dependency.
 */
async function refuseUnresolvableDependencies(store: RegistryStore, pkg: PatternPackage): Promise<void> {
  const root = pkg.listing;
  if (Object.keys(root.dependencies).length === 0) return;
  const catalog: DependencyNodeInput[] = [];
  const queue = Object.keys(root.dependencies);
  const seen = new Set<string>([root.id, ...queue]);
  while (queue.length > 0) {
    const id = queue.shift() as string;
    const pattern = await store.getPattern(id);
    for (const summary of pattern?.versions ?? []) {
      const stored = await store.getVersion(id, summary.version);
      if (!stored) continue;
      const dependencies = stored.package.listing.dependencies;
      catalog.push({ id, version: summary.version, dependencies });
      for (const next of Object.keys(dependencies)) {
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
  }
  const resolution = resolveDependencies(root, catalog, { allowCycles: true });
  if (resolution.ok) return;
  const named = [
    ...new Set([...resolution.missing.map((m) => m.id), ...resolution.conflicts.map((c) => c.id)]),
  ];
  const offending = named.filter((id) => root.dependencies[id] !== undefined);
  const issues: ValidationIssue[] = (offending.length > 0 ? offending : Object.keys(root.dependencies)).map(
    (id) => ({
      path: ['listing', 'dependencies', id],
      message: resolution.missing.some((m) => m.id === id)
        ? `${id} is not published on this registry`
        : `no published versions of ${id} satisfy ${root.dependencies[id]} together with the rest of the graph`,
    }),
  );
  throw new HttpProblem(
    422,
    'E_UNRESOLVABLE_DEPENDENCIES',
    `the dependencies cannot be resolved on this registry: ${resolution.explanation.at(-1) ?? 'version solving failed'}`,
    {
      issues,
      extensions: {
        explanation: resolution.explanation,
        missing: resolution.missing,
        conflicts: resolution.conflicts,
      },
    },
  );
}

/**
 * Refuses (422 `E_UNKNOWN_FORK_PARENT`) a package whose listing says it was forked from a
 * pattern version this registry does not have: the fork would notify a publisher about a fork
 * of something that does not exist, and its lineage would point nowhere.
 */
async function refuseUnknownForkParent(store: RegistryStore, pkg: PatternPackage): Promise<void> {
  const parent = pkg.listing.forkOf;
  if (!parent || (await store.getVersion(parent.id, parent.version))) return;
  throw new HttpProblem(
    422,
    'E_UNKNOWN_FORK_PARENT',
    `the listing says it was forked from ${parent.id}@${parent.version}, which this registry does not have`,
    { issues: [{ path: ['listing', 'forkOf'], message: 'must name a stored pattern version' }] },
  );
}
