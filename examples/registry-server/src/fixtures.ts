import type { PatternPackageInput } from '@pollinate/core';

/** Options of {@link samplePackage}. */
export interface SamplePackageOptions {
  /** Listing fields to override or add (e.g. `description`, `tags`). */
  listing?: Record<string, unknown>;
  /** Package fields to override (e.g. `files`). */
  fields?: Record<string, unknown>;
}

/**
 * A pattern package that passes the registry's default quality gates (quick start and
 * API sections, an example, passing tests, a migration guide, MIT license) — for
 * tests, benchmarks and the quickstart.
 *
 * @param id - `scope/name`; the scope is the publisher
 * @param version - exact semver
 * @param options - see {@link SamplePackageOptions}
 * @returns the package as a client would send it
 * @example
 * ```ts
 * await client.publish(samplePackage('acme/retry', '1.0.0', { listing: { tags: ['retry'] } }));
 * ```
 */
export function samplePackage(
  id: string,
  version: string,
  options: SamplePackageOptions = {},
): PatternPackageInput {
  const scope = id.split('/')[0] ?? id;
  const name = id.split('/')[1] ?? id;
  return {
    listing: {
      id,
      name: name.replaceAll('-', ' '),
      version,
      publisher: { id: scope, name: `Team ${scope}` },
      description: `${name.replaceAll('-', ' ')}: a reusable pattern published by ${scope}.`,
      category: 'resilience',
      tags: ['retry'],
      license: 'MIT',
      publishedAt: '2026-11-21T09:00:00.000Z',
      ...options.listing,
    },
    documentation: {
      readme: `# ${name}\n\n## Quick start\n\nInstall and call it.\n\n## API\n\nOne function.\n`,
      migrationGuide: 'Nothing to change between versions.',
    },
    examples: [{ title: 'Basic use', code: `use('${id}')` }],
    tests: { framework: 'vitest', total: 12, passed: 12, failed: 0, coveragePercent: 91 },
    benchmarks: [{ name: 'call', metric: 'latency', value: 1.2, unit: 'ms' }],
    files: [{ path: 'src/index.ts', content: 'export const answer = 42;\n', language: 'typescript' }],
    ...options.fields,
  };
}
