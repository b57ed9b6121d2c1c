import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import {
  loadPatternCatalog,
  markdownSections,
  parseExamples,
  readPatternFolder,
} from '@pollinate/client/pattern-folder';
import {
  checkPublishable,
  isBreakingChange,
  isValidSpdxExpression,
  PatternPackageSchema,
  PublisherSchema,
  resolveDependencies,
} from '@pollinate/core';
import { createAnonymizerScanner } from '@pollinate-examples/registry-server';
import semver from 'semver';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

const catalogDir = fileURLToPath(new URL('../../catalog', import.meta.url));
const folderOf = (id: string) => id; // `<publisher>/<name>` is also the folder path

describe('examples/catalog', () => {
  let catalog: Awaited<ReturnType<typeof loadPatternCatalog>>;
  beforeAll(async () => {
    catalog = await loadPatternCatalog(catalogDir);
  });

  it('reads every entry without problems', () => {
    expect(catalog.problems).toEqual([]);
    expect(catalog.packages.length).toBeGreaterThanOrEqual(45);
  });

  it('validates each assembled folder with PatternPackageSchema', async () => {
    for (const pkg of catalog.packages) {
      const latest = await readPatternFolder(`${catalogDir}/${folderOf(pkg.listing.id)}`);
      expect(PatternPackageSchema.safeParse(latest).success).toBe(true);
    }
  });

  it('holds at least 40 distinct patterns from 4 to 6 publishers listed in publishers.json', async () => {
    const ids = new Set(catalog.packages.map((pkg) => pkg.listing.id));
    expect(ids.size).toBeGreaterThanOrEqual(40);
    const publishers = z
      .array(z.strictObject({ ...PublisherSchema.shape, github: z.string() }))
      .parse(JSON.parse(await readFile(`${catalogDir}/publishers.json`, 'utf8')));
    const used = new Set(catalog.packages.map((pkg) => pkg.listing.publisher.id));
    expect(used.size).toBeGreaterThanOrEqual(4);
    expect(used.size).toBeLessThanOrEqual(6);
    expect(new Set(publishers.map((publisher) => publisher.id))).toEqual(used);
    for (const pkg of catalog.packages) {
      const publisher = publishers.find((entry) => entry.id === pkg.listing.publisher.id);
      expect(pkg.listing.publisher.name).toBe(publisher?.name);
    }
  });

  it('covers the well-known patterns the issue names', () => {
    const names = new Set(catalog.packages.map((pkg) => pkg.listing.id.split('/')[1]));
    for (const name of [
      'circuit-breaker',
      'retry-with-backoff',
      'bulkhead',
      'timeout',
      'rate-limiter',
      'saga',
      'transactional-outbox',
      'idempotent-consumer',
      'cqrs',
      'event-sourcing',
      'strangler-fig',
      'sidecar',
      'ambassador',
      'api-gateway',
      'backends-for-frontends',
      'service-mesh',
      'leader-election',
      'sharding',
      'consistent-hashing',
      'cache-aside',
      'read-through-cache',
      'write-behind-cache',
      'materialized-view',
      'competing-consumers',
      'publish-subscribe',
      'dead-letter-queue',
      'blue-green-deployment',
      'canary-release',
      'feature-flags',
      'health-check',
      'distributed-tracing',
      'bloom-filter',
      'crdt',
      'two-phase-commit',
      'anti-corruption-layer',
      'hexagonal-architecture',
      'backpressure',
      'load-shedding',
      'fallback',
    ]) {
      expect(names, name).toContain(name);
    }
  });

  it('has honest, varied metadata: tiers, statuses, licenses, all four pricing models', () => {
    const listings = catalog.packages.map((pkg) => pkg.listing);
    expect(new Set(listings.map((l) => l.metadata.excellenceTier))).toEqual(
      new Set(['gold', 'silver', 'bronze']),
    );
    expect(new Set(listings.map((l) => l.pricing.model))).toEqual(
      new Set(['open-source', 'freemium', 'subscription', 'enterprise']),
    );
    const statuses = new Set(listings.map((l) => l.metadata.status));
    expect(statuses).toContain('legacy');
    expect(statuses).toContain('recommended');
    for (const listing of listings) expect(isValidSpdxExpression(listing.license)).toBe(true);
    const commercial = listings.filter((l) => l.license.startsWith('LicenseRef-'));
    expect(commercial.length).toBeGreaterThanOrEqual(2);
    for (const listing of commercial) expect(listing.pricing.model).not.toBe('open-source');
    expect(listings.filter((l) => l.pricing.model === 'open-source').length).toBeGreaterThan(
      listings.length / 2,
    );
    expect(new Set(listings.map((l) => l.category)).size).toBeGreaterThanOrEqual(6);
  });

  it('links relations and dependencies only to patterns in the catalog, each relation with a reason', () => {
    const ids = new Set(catalog.packages.map((pkg) => pkg.listing.id));
    const kinds = new Set<string>();
    for (const { listing } of catalog.packages) {
      for (const related of listing.metadata.relatedPatterns) {
        expect(ids, `${listing.id} → ${related.pattern}`).toContain(related.pattern);
        expect(related.reason?.length ?? 0).toBeGreaterThan(10);
        expect(related.pattern).not.toBe(listing.id);
        kinds.add(related.relationship);
      }
      for (const dependency of Object.keys(listing.dependencies)) expect(ids).toContain(dependency);
    }
    for (const kind of ['requires', 'complements', 'alternative', 'anti-pattern'])
      expect(kinds).toContain(kind);
  });

  it('resolves every dependency graph with core resolveDependencies', () => {
    const nodes = catalog.packages.map((pkg) => pkg.listing);
    for (const listing of nodes) {
      const resolution = resolveDependencies(listing, nodes);
      expect(resolution.ok, `${listing.id}@${listing.version}: ${JSON.stringify(resolution)}`).toBe(true);
    }
  });

  it('has several versions of some patterns, and a migration guide for every later major', () => {
    const versions = new Map<string, string[]>();
    for (const { listing } of catalog.packages) {
      versions.set(listing.id, [...(versions.get(listing.id) ?? []), listing.version]);
    }
    const multi = [...versions.values()].filter((list) => list.length > 1);
    expect(multi.length).toBeGreaterThanOrEqual(3);
    // Every release that breaks compatibility with the version before it (a new major,
    // or 0.x → 1.0), and a first listing that is a later major's x.0.0, ships a migration
    // guide — the rule of core's migration-guide gate.
    for (const [id, list] of versions) {
      const sorted = [...list].sort(semver.compare);
      sorted.forEach((version, index) => {
        const previous = sorted[index - 1];
        const pkg = catalog.packages.find(
          (entry) => entry.listing.id === id && entry.listing.version === version,
        );
        const breaking = previous
          ? isBreakingChange(previous, version)
          : semver.major(version) >= 2 && semver.minor(version) === 0 && semver.patch(version) === 0;
        if (breaking) expect(pkg?.documentation.migrationGuide, `${id}@${version}`).toMatch(/Migrating from/);
      });
    }
    const majorsWithHistory = [...versions.entries()].filter(
      ([, list]) => new Set(list.map((version) => semver.major(version))).size > 1,
    );
    expect(majorsWithHistory.map(([id]) => id)).toContain('resilience-guild/circuit-breaker');
  });

  it('has forks that point at an existing version of their parent', () => {
    const keys = new Set(catalog.packages.map((pkg) => `${pkg.listing.id}@${pkg.listing.version}`));
    const forks = catalog.packages.filter((pkg) => pkg.listing.forkOf);
    expect(forks.length).toBeGreaterThanOrEqual(2);
    for (const { listing } of forks) {
      expect(keys).toContain(`${listing.forkOf?.id}@${listing.forkOf?.version}`);
      expect(listing.forkOf?.id.split('/')[0]).not.toBe(listing.publisher.id);
    }
  });

  it('passes the registry publish gates in publish order, except the entry flagged as deliberately incomplete', () => {
    const refused: string[] = [];
    const policy = { scanners: [createAnonymizerScanner()] };
    for (const pkg of catalog.packages) {
      const previousVersion = catalog.packages
        .filter(
          (other) =>
            other.listing.id === pkg.listing.id && semver.lt(other.listing.version, pkg.listing.version),
        )
        .map((other) => other.listing.version)
        .sort(semver.compare)
        .at(-1);
      const report = checkPublishable(pkg, previousVersion ? { ...policy, previousVersion } : policy);
      const flagged = pkg.documentation.readme.includes('Deliberately incomplete entry');
      if (flagged) {
        expect(report.publishable).toBe(false);
        expect(
          report.gates.filter((gate) => !gate.passed && gate.severity === 'error').map((gate) => gate.id),
        ).toEqual(['readme-quick-start']);
        refused.push(pkg.listing.id);
      } else {
        expect(report.publishable, `${pkg.listing.id}: ${JSON.stringify(report.gates)}`).toBe(true);
        expect(report.score).toBeGreaterThanOrEqual(70);
      }
    }
    expect(refused).toEqual(['release-ops/dark-launch']);
  });

  it('takes the API reference and examples from the README sections', () => {
    const breaker = catalog.packages.find(
      (pkg) => pkg.listing.id === 'resilience-guild/circuit-breaker' && pkg.listing.version === '2.0.0',
    );
    expect(breaker?.documentation.apiReference).toContain('createCircuitBreaker(action, options)');
    expect(breaker?.examples.map((example) => example.title)).toEqual([
      'Fail fast with a cached fallback',
      'Alert on state changes',
    ]);
    expect(breaker?.examples[0]?.code).toContain('CircuitOpenError');
    expect(breaker?.examples[0]?.language).toBe('ts');
  });
});

describe('catalog loader Markdown helpers', () => {
  it('splits level-2 sections and ignores headings inside code fences', () => {
    const sections = markdownSections(
      '# T\n\nintro\n\n## API\n\n```md\n## not a heading\n```\n\n## Examples\n\n### A\n\ntext\n',
    );
    expect([...sections.keys()]).toEqual(['api', 'examples']);
    expect(sections.get('api')).toContain('## not a heading');
  });

  it('parses examples and skips a titled chunk without code', () => {
    const examples = parseExamples(
      '### One\n\nFirst.\n\n```ts\nconst a = 1;\n```\n\n### No code\n\njust words\n',
    );
    expect(examples).toEqual([{ title: 'One', description: 'First.', code: 'const a = 1;', language: 'ts' }]);
  });

  it('reports a folder without README.md or with invalid JSON as a problem, not a crash', async () => {
    const { mkdtemp, mkdir, writeFile, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const dir = await mkdtemp(`${tmpdir()}/catalog-`);
    try {
      await mkdir(`${dir}/acme/no-readme`, { recursive: true });
      await writeFile(`${dir}/acme/no-readme/pattern.json`, '{}');
      await mkdir(`${dir}/acme/bad-json`, { recursive: true });
      await writeFile(`${dir}/acme/bad-json/pattern.json`, '{ nope');
      await writeFile(`${dir}/acme/bad-json/README.md`, '# x');
      await mkdir(`${dir}/acme/bad-listing`, { recursive: true });
      await writeFile(`${dir}/acme/bad-listing/pattern.json`, JSON.stringify({ listing: { id: 'Nope' } }));
      await writeFile(`${dir}/acme/bad-listing/README.md`, '# x');
      const loaded = await loadPatternCatalog(dir);
      expect(loaded.packages).toEqual([]);
      expect(loaded.problems.map((problem) => problem.path)).toEqual([
        'acme/bad-json',
        'acme/bad-listing',
        'acme/no-readme',
      ]);
      expect(loaded.problems[1]?.reason).toMatch(/listing\.id/);
      expect(loaded.problems[2]?.reason).toBe('README.md is missing');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
