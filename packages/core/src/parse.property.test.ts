import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCompatibility } from './compatibility.js';
import { createCatalog, resolveDependencies } from './dependencies.js';
import { PollinateError } from './errors.js';
import { canonicalJson, fingerprint } from './fingerprint.js';
import { forkListing, lineage, proposeImprovement } from './lineage.js';
import { ListingSchema } from './listing.js';
import {
  createListingParser,
  isParsedListing,
  parseAdoptionEvent,
  parseContribution,
  parseListing,
  parsePatternPackage,
  parseReview,
  parseTeam,
  safeParseListing,
} from './parse.js';
import { PatternPackageSchema } from './pattern-package.js';
import { describePricing, estimateValue, monthlyPrice } from './pricing.js';
import { checkPublishable } from './quality-gates.js';
import {
  coerceVersion,
  compareVersions,
  isBreakingChange,
  maxSatisfying,
  nextVersions,
  satisfies,
  sortVersions,
} from './versions.js';

// Junk of every kind: any value (null-prototype objects, boxed values, Maps, sparse arrays,
// bigints, dates), dangerous keys, non-finite numbers, huge strings, JSON with own
// `__proto__` keys, and valid records with one field replaced by junk.
const dangerousKey = fc.constantFrom(
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
);
const usefulKey = fc.constantFrom(
  'id',
  'version',
  'listing',
  'dependencies',
  'documentation',
  'runtimes',
  'model',
  'readme',
);
const anything = fc.anything({
  key: fc.oneof(fc.string({ maxLength: 8 }), dangerousKey, usefulKey),
  maxDepth: 4,
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withSparseArray: true,
  withTypedArray: true,
});
const special = fc.constantFrom(
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  -0,
  1e308,
  Number.MAX_SAFE_INTEGER + 2,
  'x'.repeat(1_000_000),
  '1.0.0'.repeat(100_000),
  `${'^'.repeat(5000)}1`,
  '\ud800',
);
const withProtoKey = fc
  .tuple(
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom('', '"id":"acme/x",', '"dependencies":{"__proto__":"^1"},'),
  )
  .map(([value, prefix]) => JSON.parse(`{${prefix}"__proto__":${JSON.stringify(value ?? null)}}`));

const validListing = {
  id: 'acme/retry',
  name: 'Retry',
  version: '1.0.0',
  publisher: { id: 'acme', name: 'Acme' },
  category: 'resilience',
  license: 'MIT',
  publishedAt: '2026-11-21T09:00:00Z',
  dependencies: { 'acme/backoff': '^1' },
};
const validPackage = { listing: validListing, documentation: { readme: '# Retry\n## Usage\n' } };
const mutated = <T extends object>(base: T) =>
  fc
    .tuple(fc.constantFrom(...Object.keys(base), 'extra', '__proto__'), fc.oneof(anything, special))
    .map(([key, value]) => {
      const copy: Record<string, unknown> = JSON.parse(JSON.stringify(base));
      Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
      return copy;
    });
const junk = fc.oneof(anything, special, withProtoKey, mutated(validListing), mutated(validPackage));

/** Runs `call`; passes when it returns or throws a PollinateError, fails on any other throw. */
function onlyTypedErrors(call: () => unknown): unknown {
  try {
    return call();
  } catch (error) {
    if (!(error instanceof PollinateError)) throw error;
    expect(error.code).toMatch(/^E_[A-Z_]+$/);
    return error;
  }
}

const prototypes = [Object.prototype, Array.prototype, Function.prototype, String.prototype];
let snapshot: string[][] = [];
beforeAll(() => {
  snapshot = prototypes.map((proto) => Object.getOwnPropertyNames(proto).sort());
});
afterAll(() => {
  expect(prototypes.map((proto) => Object.getOwnPropertyNames(proto).sort())).toEqual(snapshot);
  expect(Object.getPrototypeOf({})).toBe(Object.prototype);
});

const runs = { numRuns: Number(process.env.FUZZ_RUNS ?? 250) };

describe('bad input never crashes, pollutes or returns invalid data', () => {
  it('parse* functions throw only ValidationError; what they return is valid', () => {
    const parsers = [
      parseListing,
      parsePatternPackage,
      parseReview,
      parseContribution,
      parseTeam,
      parseAdoptionEvent,
    ];
    fc.assert(
      fc.property(junk, (input) => {
        for (const parse of parsers) {
          const result = onlyTypedErrors(() => parse(input));
          if (result instanceof PollinateError) expect(result.code).toBe('E_VALIDATION');
        }
        const safe = safeParseListing(input);
        if (safe.success) expect(ListingSchema.safeParse(safe.data).success).toBe(true);
        else expect(safe.error.issues.length).toBeGreaterThan(0);
        const pkg = onlyTypedErrors(() => parsePatternPackage(input));
        if (!(pkg instanceof PollinateError)) expect(PatternPackageSchema.safeParse(pkg).success).toBe(true);
        expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
      }),
      runs,
    );
  });

  it('the compiled listing parser agrees with parseListing on every input: the same listing or the same issues', () => {
    const compiled = createListingParser();
    const outcome = (parse: (input: unknown) => unknown, input: unknown) => {
      try {
        return { ok: parse(input) };
      } catch (error) {
        expect(error).toBeInstanceOf(PollinateError);
        return { issues: (error as { issues: unknown }).issues, message: (error as Error).message };
      }
    };
    fc.assert(
      fc.property(fc.oneof(junk, fc.constant(validListing)), (input) => {
        const fast = outcome(compiled, input);
        expect(fast).toEqual(outcome(parseListing, input));
        if ('ok' in fast) expect(isParsedListing(fast.ok)).toBe(true);
        expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
      }),
      runs,
    );
    expect(isParsedListing(compiled(validListing))).toBe(true);
  });

  it('checkPublishable never throws on any package', () => {
    fc.assert(
      fc.property(junk, (input) => {
        const report = checkPublishable(input);
        expect(report.gates[0]?.id).toBe('schema');
        expect(report.score).toBeGreaterThanOrEqual(0);
        expect(report.score).toBeLessThanOrEqual(100);
        if (!report.gates[0]?.passed) expect(report.publishable).toBe(false);
      }),
      runs,
    );
  });

  it('resolveDependencies, createCatalog and checkCompatibility throw only typed errors', () => {
    fc.assert(
      fc.property(junk, junk, (a, b) => {
        onlyTypedErrors(() => resolveDependencies(a as never, b as never));
        onlyTypedErrors(() => resolveDependencies(validListing, [b] as never));
        onlyTypedErrors(() => resolveDependencies(validListing, (() => b) as never));
        onlyTypedErrors(() => resolveDependencies(validListing, [], b as never));
        onlyTypedErrors(() => createCatalog(a as never));
        onlyTypedErrors(() => checkCompatibility(a as never, b as never));
        onlyTypedErrors(() =>
          checkCompatibility({ runtimes: { node: '>=20' }, browsers: ['chrome > 1'] }, b as never),
        );
        onlyTypedErrors(() => checkCompatibility(a as never, { node: '20.0.0' }, b as never));
      }),
      runs,
    );
  });

  it('lineage, pricing, versions and fingerprint throw only typed errors', () => {
    fc.assert(
      fc.property(junk, junk, (a, b) => {
        onlyTypedErrors(() => forkListing(a as never, b as never));
        onlyTypedErrors(() => forkListing(validListing, a as never));
        onlyTypedErrors(() => lineage(a as never, b as never));
        onlyTypedErrors(() => proposeImprovement(a as never, validListing, b as never));
        onlyTypedErrors(() => estimateValue(a as never));
        onlyTypedErrors(() => monthlyPrice(a as never));
        onlyTypedErrors(() => describePricing(a as never, b as never));
        onlyTypedErrors(() => satisfies(a as never, b as never));
        onlyTypedErrors(() => maxSatisfying(a as never, b as never));
        onlyTypedErrors(() => compareVersions(a as never, b as never));
        onlyTypedErrors(() => isBreakingChange(a as never, b as never));
        onlyTypedErrors(() => nextVersions(a as never, b as never));
        onlyTypedErrors(() => sortVersions(a as never));
        onlyTypedErrors(() => coerceVersion(a));
        onlyTypedErrors(() => fingerprint(a));
        onlyTypedErrors(() => canonicalJson(b));
      }),
      runs,
    );
  });
});
