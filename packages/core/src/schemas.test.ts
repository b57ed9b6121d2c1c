import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatPath, isValidationError, ValidationError } from './errors.js';
import { isValidSpdxExpression, SemverSchema } from './identifiers.js';
import { ListingSchema } from './listing.js';
import {
  forbiddenKeyIssues,
  isParsedListing,
  parseAdoptionEvent,
  parseContribution,
  parseListing,
  parsePatternPackage,
  parseReview,
  parseTeam,
  safeParseListing,
} from './parse.js';
import { listingArbitrary } from './testing/arbitraries.js';

const listingInput = () => ({
  id: 'acme/circuit-breaker',
  name: 'Circuit Breaker',
  version: '2.1.0',
  publisher: { id: 'acme', name: 'Acme' },
  description: 'Stops calling a failing service.',
  category: 'resilience',
  tags: ['resilience'],
  license: 'Apache-2.0 OR MIT',
  rating: { overall: 4.5, stability: 5, reviewCount: 3 },
  pricing: { model: 'subscription', price: { amount: 49, currency: 'USD' }, interval: 'month' },
  dependencies: { 'acme/metrics': '^1.2.0' },
  compatibility: {
    runtimes: { node: '>=20' },
    frameworks: { react: '^18 || ^19' },
    browsers: ['chrome >= 110'],
  },
  publishedAt: '2026-11-21T09:00:00Z',
  metadata: {
    excellenceTier: 'gold',
    status: 'recommended',
    introduced: '2007-03',
    relatedPatterns: [{ pattern: 'retry', relationship: 'complements', reason: 'retry within the breaker' }],
  },
});

/** Parses and returns the issues of the ValidationError thrown. */
function issuesOf(run: () => unknown) {
  try {
    run();
  } catch (error) {
    expect(isValidationError(error)).toBe(true);
    return (error as ValidationError).issues;
  }
  throw new Error('expected a ValidationError');
}

describe('Listing', () => {
  it('parses a valid listing, fills defaults, and round-trips through JSON', () => {
    const listing = parseListing(listingInput());
    expect(listing.support).toBe('community');
    expect(listing.adoption).toEqual({ downloads: 0, activeInstalls: 0, organizations: 0 });
    expect(listing.metadata.whenToUse).toEqual([]);
    expect(parseListing(JSON.parse(JSON.stringify(listing)))).toEqual(listing);
  });

  it('round-trips every generated listing (property)', () => {
    fc.assert(
      fc.property(listingArbitrary(), (listing) => {
        // Through JSON, as a registry stores it (JSON has no -0, so compare JSON to JSON).
        const json = JSON.parse(JSON.stringify(listing));
        expect(parseListing(json)).toEqual(json);
        expect(ListingSchema.safeParse(listing).success).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('rejects unknown keys at any depth, naming the path', () => {
    expect(issuesOf(() => parseListing({ ...listingInput(), licence: 'MIT' }))).toEqual([
      { path: [], message: expect.stringContaining('licence') },
    ]);
    const nested = issuesOf(() =>
      parseListing({ ...listingInput(), publisher: { id: 'acme', name: 'Acme', url: 'x' } }),
    );
    expect(nested[0]?.path).toEqual(['publisher']);
    const deeper = issuesOf(() =>
      parseListing({ ...listingInput(), metadata: { tradeOffs: { pros: [], cons: [], maybe: [] } } }),
    );
    expect(deeper[0]?.path).toEqual(['metadata', 'tradeOffs']);
  });

  it('reports every bad field at once with paths', () => {
    const issues = issuesOf(() =>
      parseListing({
        ...listingInput(),
        version: '2.1',
        license: 'MIT-ish',
        dependencies: { 'acme/metrics': '>>1' },
      }),
    );
    expect(issues.map((issue) => formatPath(issue.path)).sort()).toEqual([
      'dependencies["acme/metrics"]',
      'license',
      'version',
    ]);
  });

  it.each([
    ['version', 'v2.1.0'],
    ['version', '2.1'],
    ['license', 'MIT-ish'],
    ['license', 'MIT AND'],
    ['id', 'Acme/Circuit Breaker'],
    ['id', 'acme'],
    ['category', 'Resilience'],
    ['publishedAt', '2026-11-21'],
  ])('rejects an invalid %s (%s)', (field, value) => {
    expect(issuesOf(() => parseListing({ ...listingInput(), [field]: value }))[0]?.path).toEqual([field]);
  });

  it('accepts valid SPDX expressions and semver with prerelease and build metadata', () => {
    for (const license of [
      'MIT',
      'Apache-2.0 OR MIT',
      'GPL-2.0-only WITH Classpath-exception-2.0',
      'LicenseRef-acme-1',
    ]) {
      expect(safeParseListing({ ...listingInput(), license }).success).toBe(true);
    }
    for (const version of ['1.0.0-rc.1', '1.0.0+build.5', '1.0.0-beta.2+exp.sha.5114f85']) {
      expect(SemverSchema.safeParse(version).success).toBe(true);
    }
    for (const version of ['01.0.0', '1.0.0-', '=1.0.0', ' 1.0.0'])
      expect(SemverSchema.safeParse(version).success).toBe(false);
  });

  it('requires the id scope to be the publisher', () => {
    expect(issuesOf(() => parseListing({ ...listingInput(), id: 'other/circuit-breaker' }))[0]).toMatchObject(
      {
        path: ['id'],
        message: 'the id scope must be the publisher id',
      },
    );
  });

  it('rejects NaN, Infinity and out-of-range numbers', () => {
    for (const rating of [
      { overall: Number.NaN },
      { overall: Number.POSITIVE_INFINITY },
      { overall: 5.5 },
      { overall: -1 },
    ]) {
      expect(issuesOf(() => parseListing({ ...listingInput(), rating }))[0]?.path).toEqual([
        'rating',
        'overall',
      ]);
    }
    expect(
      issuesOf(() =>
        parseListing({ ...listingInput(), adoption: { downloads: Number.POSITIVE_INFINITY } }),
      )[0]?.path,
    ).toEqual(['adoption', 'downloads']);
    expect(
      issuesOf(() => parseListing({ ...listingInput(), adoption: { downloads: 1.5 } }))[0]?.path,
    ).toEqual(['adoption', 'downloads']);
  });

  it('rejects __proto__ keys anywhere without polluting prototypes', () => {
    const texts = [
      '{"__proto__":{"polluted":true}}',
      `{"dependencies":{"__proto__":"^1"}}`,
      `{"compatibility":{"runtimes":{"__proto__":">=1"}}}`,
      `{"metadata":{"decisionCriteria":{"scaleThresholds":{"__proto__":{"polluted":true}}}}}`,
    ];
    for (const text of texts) {
      // JSON.parse makes `__proto__` an own key, as a request body would.
      const raw = JSON.parse(`${JSON.stringify(listingInput()).slice(0, -1)},${text.slice(1)}`);
      const issues = issuesOf(() => parseListing(raw));
      expect(issues.some((issue) => issue.path.includes('__proto__'))).toBe(true);
      expect(safeParseListing(raw).success).toBe(false);
    }
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('rejects constructor and prototype as map keys', () => {
    for (const key of ['constructor', 'prototype']) {
      const input = { ...listingInput(), compatibility: { runtimes: { [key]: '>=1' } } };
      expect(issuesOf(() => parseListing(input))[0]?.path).toEqual(['compatibility', 'runtimes', key]);
    }
  });

  it('parses outside data into a fresh, deeply frozen object that isParsedListing recognizes', () => {
    const input = listingInput();
    const listing = parseListing(input);
    expect(listing).not.toBe(input);
    expect(() => listing.tags.push('changed')).toThrow(TypeError);
    expect(() => {
      (listing.compatibility.runtimes as Record<string, string>).node = '>=0';
    }).toThrow(TypeError);
    expect(() => {
      (listing as { name: string }).name = 'Other';
    }).toThrow(TypeError);
    expect(Object.isFrozen(listing.metadata.tradeOffs.pros)).toBe(true);
    expect(input.tags).toEqual(['resilience']);
    expect(Object.isFrozen(input)).toBe(false);
    expect(isParsedListing(listing)).toBe(true);
    const safe = safeParseListing(input);
    expect(safe.success && isParsedListing(safe.data) && Object.isFrozen(safe.data.tags)).toBe(true);
    // Copies are plain data again; so is anything that merely looks like a listing.
    expect(isParsedListing({ ...listing })).toBe(false);
    expect(isParsedListing(structuredClone(listing))).toBe(false);
    expect(isParsedListing(JSON.parse(JSON.stringify(listing)))).toBe(false);
    expect(isParsedListing(Object.freeze(listingInput()))).toBe(false);
    expect(isParsedListing(null)).toBe(false);
    expect(isParsedListing('acme/circuit-breaker')).toBe(false);
    // The mark is invisible to serialization and equality.
    expect(JSON.parse(JSON.stringify(listing))).toEqual(ListingSchema.parse(input));
  });

  it('ListingSchema and parseListing agree', () => {
    expect(ListingSchema.parse(listingInput())).toEqual(parseListing(listingInput()));
  });
});

describe('isValidSpdxExpression', () => {
  it('gives the same verdict on every call (verdicts are remembered, past the limit too)', () => {
    for (let round = 0; round < 3; round++) {
      expect(isValidSpdxExpression('MIT')).toBe(true);
      expect(isValidSpdxExpression('MIT-ish')).toBe(false);
      expect(isValidSpdxExpression('Apache-2.0 OR MIT')).toBe(true);
      expect(isValidSpdxExpression('Apache-2.0 OR')).toBe(false);
      // more distinct expressions than are kept: the memory is dropped and refilled
      for (let n = 0; n < 1100; n++) expect(isValidSpdxExpression(`LicenseRef-x${n}`)).toBe(true);
    }
  });
});

describe('forbiddenKeyIssues', () => {
  it('finds every __proto__ key with its path, through arrays, and survives cycles', () => {
    const value = JSON.parse('{"a":[{"__proto__":1}],"b":{"c":{"__proto__":2}}}');
    value.self = value;
    expect(forbiddenKeyIssues(value)).toEqual([
      { path: ['a', 0, '__proto__'], message: 'the key "__proto__" is not allowed' },
      { path: ['b', 'c', '__proto__'], message: 'the key "__proto__" is not allowed' },
    ]);
    expect(forbiddenKeyIssues({ a: 1 })).toEqual([]);
    expect(forbiddenKeyIssues('text')).toEqual([]);
  });

  it('reports each object once, however often it is reached, and walks input of any depth', () => {
    const shared = JSON.parse('{"__proto__":1}');
    expect(forbiddenKeyIssues({ x: shared, y: [shared, shared] })).toEqual([
      { path: ['x', '__proto__'], message: 'the key "__proto__" is not allowed' },
    ]);
    // A diamond 40 levels deep (2^40 paths) and a chain 200 levels deep end quickly.
    let diamond: object = JSON.parse('{"__proto__":0}');
    for (let level = 0; level < 40; level++) diamond = { left: diamond, right: diamond };
    expect(forbiddenKeyIssues(diamond)).toHaveLength(1);
    let chain: object = JSON.parse('{"__proto__":0}');
    for (let level = 0; level < 200; level++) chain = { next: chain };
    const [issue] = forbiddenKeyIssues(chain);
    expect(issue?.path).toHaveLength(201);
    expect(issue?.path.at(-1)).toBe('__proto__');
  });

  it('finds exactly the __proto__ keys planted anywhere in JSON (at most 20)', () => {
    fc.assert(
      fc.property(
        // fast-check's JSON may itself hold an own "__proto__" key (seed -1471698189): only planted ones count.
        fc.jsonValue({ maxDepth: 5 }).filter((value) => !JSON.stringify(value).includes('"__proto__"')),
        fc.array(fc.nat(), { maxLength: 30 }),
        (json, picks) => {
          // Plant a "__proto__" key in some of the objects (as JSON.parse would create it).
          const objects: { value: Record<string, unknown>; path: (string | number)[] }[] = [];
          const collect = (value: unknown, path: (string | number)[]): void => {
            if (typeof value !== 'object' || value === null) return;
            if (Array.isArray(value)) {
              value.forEach((item, index) => {
                collect(item, [...path, index]);
              });
            } else {
              objects.push({ value: value as Record<string, unknown>, path });
              for (const [key, item] of Object.entries(value)) collect(item, [...path, key]);
            }
          };
          const root = structuredClone(json);
          collect(root, []);
          const planted = new Set<number>(
            objects.length === 0 ? [] : picks.map((pick) => pick % objects.length),
          );
          for (const position of planted)
            Object.defineProperty(objects[position]?.value, '__proto__', { value: 1, enumerable: true });
          const expected = objects
            .filter((_, position) => planted.has(position))
            .map((object) => [...object.path, '__proto__']);
          const found = forbiddenKeyIssues(root).map((issue) => issue.path);
          expect(found).toEqual(expected.slice(0, 20));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('PatternPackage', () => {
  const pkg = () => ({
    listing: listingInput(),
    documentation: { readme: '# Circuit breaker' },
    files: [{ path: 'src/index.ts', content: 'export {};' }],
  });

  it('parses a minimal package with defaults', () => {
    const parsed = parsePatternPackage(pkg());
    expect(parsed.examples).toEqual([]);
    expect(parsed.listing.id).toBe('acme/circuit-breaker');
  });

  it('rejects absolute and parent-relative file paths', () => {
    for (const path of ['/etc/passwd', '../secret', 'src/../../x']) {
      expect(
        issuesOf(() => parsePatternPackage({ ...pkg(), files: [{ path, content: '' }] }))[0]?.path,
      ).toEqual(['files', 0, 'path']);
    }
  });

  it('rejects non-finite benchmark values and test counts', () => {
    const bench = { name: 'x', metric: 'latency', value: Number.NaN, unit: 'ms' };
    expect(issuesOf(() => parsePatternPackage({ ...pkg(), benchmarks: [bench] }))[0]?.path).toEqual([
      'benchmarks',
      0,
      'value',
    ]);
    expect(
      issuesOf(() =>
        parsePatternPackage({ ...pkg(), tests: { total: Number.POSITIVE_INFINITY, passed: 0 } }),
      )[0]?.path,
    ).toEqual(['tests', 'total']);
  });
});

describe('Review, Team, Contribution, AdoptionEvent', () => {
  it('parse valid records', () => {
    expect(
      parseReview({
        id: 'r1',
        patternId: 'acme/retry',
        reviewer: 'u1',
        rating: 5,
        createdAt: '2026-01-01T00:00:00Z',
      }),
    ).toMatchObject({ verifiedAdoption: false, title: '' });
    expect(parseTeam({ id: 'payments', name: 'Payments', techStack: { node: '20.11.0' } }).members).toEqual(
      [],
    );
    expect(
      parseAdoptionEvent({
        type: 'install',
        team: 'payments',
        patternId: 'acme/retry',
        at: '2026-11-01T10:00:00Z',
      }),
    ).toMatchObject({ type: 'install' });
    expect(parseContribution(contribution()).strategy).toBe('rehost');
  });

  it('reject bad values with paths', () => {
    const review = { id: 'r1', patternId: 'acme/retry', reviewer: 'u1', createdAt: '2026-01-01T00:00:00Z' };
    expect(issuesOf(() => parseReview({ ...review, rating: 4.5 }))[0]?.path).toEqual(['rating']);
    expect(issuesOf(() => parseReview({ ...review, rating: 6 }))[0]?.path).toEqual(['rating']);
    expect(
      issuesOf(() => parseTeam({ id: 'payments', name: 'P', techStack: { node: '^20' } }))[0]?.path,
    ).toEqual(['techStack', 'node']);
    expect(
      issuesOf(() =>
        parseTeam(JSON.parse('{"id":"payments","name":"P","techStack":{"__proto__":"1.0.0"}}')),
      )[0]?.path,
    ).toEqual(['techStack', '__proto__']);
    expect(
      issuesOf(() => parseContribution({ ...contribution(), durationHours: Number.NaN }))[0]?.path,
    ).toEqual(['durationHours']);
    expect(
      issuesOf(() => parseContribution({ ...contribution(), costSavingsPercent: 101 }))[0]?.path,
    ).toEqual(['costSavingsPercent']);
    expect(issuesOf(() => parseContribution({ ...contribution(), contributor: 'raw id!' }))[0]?.path).toEqual(
      ['contributor'],
    );
    expect(
      issuesOf(() =>
        parseAdoptionEvent({
          type: 'star',
          team: 'payments',
          patternId: 'acme/retry',
          at: '2026-11-01T10:00:00Z',
        }),
      )[0]?.path,
    ).toEqual(['type']);
  });
});

describe('ValidationError', () => {
  it('is a PollinateError with a stable code and a message naming the first path', () => {
    const error = new ValidationError(
      [
        { path: ['rating', 'overall'], message: 'too big' },
        { path: ['tags', 2], message: 'bad' },
      ],
      'listing',
    );
    expect(error.code).toBe('E_VALIDATION');
    expect(error.name).toBe('ValidationError');
    expect(error.message).toBe('Invalid listing at rating.overall: too big (and 1 more issue)');
    expect(formatPath(['tags', 2])).toBe('tags[2]');
    expect(formatPath([])).toBe('(root)');
  });
});

function contribution() {
  return {
    id: 'c-1',
    contributor: 'abcdefgh12345678',
    sourceCloud: 'on-prem',
    targetCloud: 'aws',
    strategy: 'rehost',
    resourceTypes: ['EC2'],
    steps: [{ action: 'copy', durationSeconds: 60, success: true }],
    success: true,
    durationHours: 3,
    costSavingsPercent: 12.5,
    contributedAt: '2026-11-01T00:00:00Z',
  };
}
