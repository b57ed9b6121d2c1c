import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from './errors.js';
import { importPackageManifest } from './import-manifest.js';
import { DEFAULT_IMPORT_PUBLISHED_AT } from './import-markdown.js';
import { parseListing, safeParseListing } from './parse.js';

function errorOf(run: () => unknown): ValidationError {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('importPackageManifest', () => {
  it('maps a scoped manifest to a listing', () => {
    const listing = importPackageManifest(
      {
        name: '@acme/retry',
        version: 'v1.2.0',
        description: 'Retries with exponential backoff',
        keywords: ['Resilience', 'Back Off', 'resilience', 42, ''],
        license: 'MIT OR Apache-2.0',
        author: 'Jane Doe <jane@example.org> (https://example.org)',
        dependencies: {
          '@acme/timeout': '^2.0.0',
          lodash: '^4.17.21',
          '@other/x': '^1.0.0',
          '@acme/bad': 'not a range',
        },
        peerDependencies: { react: '^18 || ^19' },
        engines: { node: '>=20', npm: 'whatever' },
        pollinate: { category: 'resilience' },
        scripts: { test: 'vitest' },
      },
      { publishedAt: '2026-11-21T00:00:00Z' },
    );
    expect(listing).toEqual(parseListing(listing));
    expect(listing).toMatchObject({
      id: 'acme/retry',
      name: '@acme/retry',
      version: '1.2.0',
      publisher: { id: 'acme', name: 'Jane Doe' },
      description: 'Retries with exponential backoff',
      category: 'resilience',
      tags: ['resilience', 'back-off'],
      license: 'MIT OR Apache-2.0',
      dependencies: { 'acme/timeout': '^2.0.0' },
      compatibility: { frameworks: { react: '^18 || ^19' }, runtimes: { node: '>=20' } },
      publishedAt: '2026-11-21T00:00:00Z',
    });
  });

  it('needs a publisher for an unscoped name and checks it against a scope', () => {
    expect(
      errorOf(() => importPackageManifest({ name: 'left-pad', version: '1.0.0', license: 'MIT' })).issues[0]
        ?.path,
    ).toEqual(['name']);
    const listing = importPackageManifest(
      { name: 'left-pad', version: '1.0.0', license: 'WTFPL', legacy: true },
      { publisher: 'npm-legacy', category: 'strings', isPatternDependency: () => true },
    );
    expect(listing).toMatchObject({
      id: 'npm-legacy/left-pad',
      category: 'strings',
      publishedAt: DEFAULT_IMPORT_PUBLISHED_AT,
    });
    expect(() =>
      importPackageManifest({ name: '@a/b', version: '1.0.0', license: 'MIT' }, { publisher: 'c' }),
    ).toThrow(/scope @a is not the publisher id c/);
  });

  it('applies the license policy: invalid is an error, missing takes defaultLicense', () => {
    const base = { name: '@acme/x', version: '1.0.0' };
    expect(errorOf(() => importPackageManifest({ ...base, license: 'MIT-ish' })).issues[0]?.path).toEqual([
      'license',
    ]);
    expect(errorOf(() => importPackageManifest(base)).message).toMatch(/no license/);
    expect(importPackageManifest(base, { defaultLicense: 'Apache-2.0' }).license).toBe('Apache-2.0');
    expect(importPackageManifest({ ...base, license: { type: 'ISC' } }).license).toBe('ISC');
    expect(
      importPackageManifest({ ...base, licenses: [{ type: 'MIT' }, { type: 'GPL-2.0-only' }] }).license,
    ).toBe('MIT OR GPL-2.0-only');
  });

  it('rejects junk with ValidationError naming the field', () => {
    expect(errorOf(() => importPackageManifest(null)).issues[0]?.path).toEqual([]);
    expect(
      errorOf(() => importPackageManifest({ name: '@acme/x', version: 'one', license: 'MIT' })).issues[0]
        ?.path,
    ).toEqual(['version']);
    expect(
      errorOf(() => importPackageManifest({ name: '@acme/Bad Name', version: '1.0.0', license: 'MIT' }))
        .issues[0]?.path,
    ).toEqual(['name']);
    expect(
      errorOf(() => importPackageManifest({ name: '@acme/x', version: '1.0.0', keywords: 'a,b' })).issues[0]
        ?.path,
    ).toEqual(['keywords']);
    expect(() =>
      importPackageManifest(
        { name: '@acme/x', version: '1.0.0', license: 'MIT' },
        { category: 'Not A Slug' },
      ),
    ).toThrow(ValidationError);
  });

  it('refuses __proto__ keys with a ValidationError, without polluting prototypes', () => {
    const manifest = JSON.parse(
      '{"name":"@acme/x","version":"1.0.0","license":"MIT","dependencies":{"__proto__":{"polluted":true},"@acme/y":"^1.0.0"}}',
    );
    expect(errorOf(() => importPackageManifest(manifest)).issues[0]?.path).toEqual([
      'dependencies',
      '__proto__',
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('returns a valid listing or throws ValidationError for any manifest-like input', () => {
    const manifest = fc.record(
      {
        name: fc.oneof(fc.string(), fc.stringMatching(/^@[a-z]{1,5}\/[a-z-]{1,10}$/), fc.anything()),
        version: fc.oneof(fc.string(), fc.constantFrom('1.0.0', 'v2.3.4-beta.1', '1.0'), fc.anything()),
        description: fc.oneof(fc.string({ maxLength: 20_000 }), fc.anything()),
        keywords: fc.oneof(fc.array(fc.oneof(fc.string(), fc.anything())), fc.anything()),
        license: fc.oneof(fc.constantFrom('MIT', 'MIT OR Apache-2.0', 'nope', ''), fc.anything()),
        dependencies: fc.oneof(
          fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.constant('^1.0.0'))),
          fc.anything(),
        ),
        engines: fc.dictionary(
          fc.constantFrom('node', '__proto__', 'constructor', 'deno'),
          fc.constantFrom('>=20', 'x'),
        ),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(manifest, (input) => {
        try {
          expect(
            safeParseListing(importPackageManifest(input, { defaultLicense: 'MIT', publisher: undefined }))
              .success,
          ).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(ValidationError);
        }
      }),
      { numRuns: 300 },
    );
  });
});
