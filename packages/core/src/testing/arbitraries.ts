/**
 * fast-check arbitraries for Pollinate data, for property tests in any package. Test-only:
 * not exported from `@pollinate/core`'s index; import it by path, e.g.
 * `import { listingArbitrary } from '../../core/src/testing/arbitraries.js'`.
 *
 * @packageDocumentation
 */
import fc from 'fast-check';
import { type Listing, ListingSchema } from '../listing.js';

/** Options of {@link listingArbitrary}. */
export interface ListingArbitraryOptions {
  /**
   * Longest generated free text (names, descriptions, list items), in UTF-16 code units.
   * @default 40
   */
  maxTextLength?: number;
  /**
   * Most items in each generated array and map.
   * @default 4
   */
  maxItems?: number;
  /**
   * Whether free text may hold any Unicode (astral characters, control characters, lone
   * surrogates) rather than printable ASCII only.
   * @default true
   */
  unicode?: boolean;
}

/** Lowercase slug (tags, categories): `[a-z0-9][a-z0-9-]{0,15}`. */
export const slugArbitrary: fc.Arbitrary<string> = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,15}$/);

/** Team id / scope: `[a-z0-9][a-z0-9._-]{0,11}`. */
export const teamIdArbitrary: fc.Arbitrary<string> = fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,11}$/);

/** Pattern id `scope/name`. */
export const patternIdArbitrary: fc.Arbitrary<string> = fc
  .tuple(teamIdArbitrary, teamIdArbitrary)
  .map(([scope, name]) => `${scope}/${name}`);

/** Semantic version, sometimes with a prerelease and build metadata. */
export const semverArbitrary: fc.Arbitrary<string> = fc
  .tuple(
    fc.nat(30),
    fc.nat(30),
    fc.nat(300),
    fc.option(fc.constantFrom('alpha', 'beta.2', 'rc.1', '0.3.7', 'x-y'), { nil: undefined }),
    fc.option(fc.constantFrom('build.5', '20261121', 'sha.abc123'), { nil: undefined }),
  )
  .map(
    ([major, minor, patch, pre, build]) =>
      `${major}.${minor}.${patch}${pre ? `-${pre}` : ''}${build ? `+${build}` : ''}`,
  );

/** Semver range in the forms npm users write. */
export const semverRangeArbitrary: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('*', '1.x || 2.x', '>=2 <4', '^0.0.1'),
  fc
    .tuple(fc.nat(20), fc.nat(20), fc.nat(20))
    .chain(([major, minor, patch]) =>
      fc.constantFrom(
        `^${major}.${minor}.${patch}`,
        `~${major}.${minor}`,
        `>=${major}.${minor}.${patch} <${major + 1}.0.0`,
        `${major}.${minor}.${patch} - ${major + 2}`,
      ),
    ),
);

/** SPDX license expression accepted by `spdx-expression-parse`. */
export const spdxArbitrary: fc.Arbitrary<string> = fc.constantFrom(
  'MIT',
  'Apache-2.0',
  'MIT OR Apache-2.0',
  '(MIT OR Apache-2.0) AND BSD-2-Clause',
  'GPL-2.0-only WITH Classpath-exception-2.0',
  'GPL-2.0+',
  'LicenseRef-acme-commercial',
  'CC-BY-4.0',
);

/** ISO 8601 timestamp with `Z` or a numeric offset, sometimes with fractional seconds. */
export const isoDateTimeArbitrary: fc.Arbitrary<string> = fc
  .tuple(
    fc.date({
      min: new Date('1970-01-01T00:00:00Z'),
      max: new Date('2100-01-01T00:00:00Z'),
      noInvalidDate: true,
    }),
    fc.constantFrom('Z', '+01:00', '-05:30', 'millis'),
  )
  .map(([date, zone]) => {
    const iso = date.toISOString();
    if (zone === 'millis') return iso;
    return `${iso.slice(0, 19)}${zone}`;
  });

/** SRI sha256 fingerprint. */
export const fingerprintArbitrary: fc.Arbitrary<string> = fc
  .uint8Array({ minLength: 32, maxLength: 32 })
  .map((bytes) => `sha256-${btoa(String.fromCharCode(...bytes))}`);

/** Key of a name map (frameworks, runtimes, thresholds). */
export const nameKeyArbitrary: fc.Arbitrary<string> = fc
  .stringMatching(/^[A-Za-z0-9@][A-Za-z0-9@/._+#-]{0,12}$/)
  .filter((key) => key !== 'constructor' && key !== 'prototype');

/**
 * Valid {@link Listing}s covering every field of the schema: all four pricing variants,
 * ratings, adoption, guarantees, dependencies and compatibility maps (including
 * integer-like keys), fork parents, fingerprints, full pattern metadata, floats including
 * `-0` and tiny/huge magnitudes, and Unicode text (astral characters, lone surrogates, NUL,
 * noncharacters, quotes and backslashes). Each value is the output of
 * `ListingSchema.parse`, so it is exactly what parsing produces.
 *
 * @param options - see {@link ListingArbitraryOptions}
 * @returns an arbitrary of parsed listings
 * @example
 * ```ts
 * fc.assert(fc.property(listingArbitrary(), (listing) => {
 *   expect(fromTurtle(toTurtle([listing]))).toEqual([listing]);
 * }));
 * ```
 */
export function listingArbitrary(options: ListingArbitraryOptions = {}): fc.Arbitrary<Listing> {
  const maxLength = options.maxTextLength ?? 40;
  const maxItems = options.maxItems ?? 4;
  const unicode = options.unicode ?? true;
  const text = (max = maxLength): fc.Arbitrary<string> =>
    unicode
      ? fc.oneof(
          fc.string({ maxLength: max, unit: 'grapheme' }),
          fc.string({ maxLength: max, unit: 'binary' }),
          fc.string({ maxLength: max }),
          // Characters serializers trip over: lone surrogates, NUL, noncharacters, quotes, escapes.
          fc
            .array(
              fc.oneof(
                fc.constantFrom(
                  '\ud800',
                  '\udfff',
                  '\u0000',
                  '\u007f',
                  '\ufffe',
                  '\u2028',
                  '"""',
                  "'''",
                  '\\',
                  '\r\n',
                ),
                fc.string({ maxLength: 3 }),
              ),
              { maxLength: 8 },
            )
            .map((parts) => parts.join('').slice(0, max)),
        )
      : fc.string({ maxLength: max });
  const nonEmptyText = (max = maxLength) => text(max).filter((value) => value.length > 0);
  const lines = fc.array(text(), { maxLength: maxItems });
  const references = fc.array(
    fc.record({ pattern: nonEmptyText(), reason: text() }, { requiredKeys: ['pattern'] }),
    {
      maxLength: maxItems,
    },
  );
  const score = fc.oneof(fc.double({ min: 0, max: 5, noNaN: true }), fc.constantFrom(0, -0, 5, 4.5, 1e-9));
  const count = fc.oneof(fc.nat(), fc.constantFrom(0, Number.MAX_SAFE_INTEGER));
  const amount = fc.oneof(
    fc.double({ min: 0, max: 1e12, noNaN: true }),
    fc.constantFrom(-0, 0, 9.99, 1e-7, 123456789.123, 1e12, 5e-324),
  );
  const money = fc.record({ amount, currency: fc.constantFrom('USD', 'EUR', 'JPY') });
  const record = <T>(keys: fc.Arbitrary<string>, values: fc.Arbitrary<T>) =>
    fc
      .uniqueArray(fc.tuple(keys, values), { maxLength: maxItems, selector: ([key]) => key })
      .map((entries) => Object.fromEntries(entries));
  const pricing = fc.oneof(
    fc.constant({ model: 'open-source' as const }),
    fc.record(
      {
        model: fc.constant('freemium' as const),
        freeFeatures: lines,
        premiumFeatures: lines,
        premiumPrice: money,
        interval: fc.constantFrom('month' as const, 'year' as const),
      },
      { requiredKeys: ['model', 'premiumPrice'] },
    ),
    fc.record(
      {
        model: fc.constant('subscription' as const),
        price: money,
        interval: fc.constantFrom('month' as const, 'year' as const),
        trialDays: fc.nat(365),
      },
      { requiredKeys: ['model', 'price', 'interval'] },
    ),
    fc.record(
      { model: fc.constant('enterprise' as const), contact: text(), startingPrice: money },
      { requiredKeys: ['model', 'contact'] },
    ),
  );
  const guarantees = fc.record(
    {
      uptimePercent: fc.double({ min: 0, max: 100, noNaN: true }),
      responseTimeHours: fc.double({ min: 0, max: 8760, noNaN: true }),
      securityPatchDays: fc.nat(3650),
      backwardsCompatible: fc.boolean(),
    },
    { requiredKeys: [] },
  );
  const tierSupport = fc.constantFrom('community', 'standard', 'premium', 'enterprise');
  const tierExtras = { support: tierSupport, sla: guarantees, features: lines };
  const tier = fc.oneof(
    fc.record({ model: fc.constant('free' as const), ...tierExtras }, { requiredKeys: ['model'] }),
    fc.record(
      {
        model: fc.constant('subscription' as const),
        price: money,
        period: fc.constantFrom('month' as const, 'year' as const),
        ...tierExtras,
      },
      { requiredKeys: ['model', 'price', 'period'] },
    ),
    fc.record(
      { model: fc.constant('one-time' as const), price: money, ...tierExtras },
      { requiredKeys: ['model', 'price'] },
    ),
    fc.record(
      {
        model: fc.constant('contact' as const),
        price: money,
        contact: text(Math.min(maxLength, 320)),
        ...tierExtras,
      },
      { requiredKeys: ['model'] },
    ),
  );
  const tiers = fc
    .uniqueArray(fc.tuple(nonEmptyText(Math.min(maxLength, 80)), tier), {
      minLength: 1,
      maxLength: maxItems,
      selector: ([name]) => name,
    })
    .map((entries) => entries.map(([name, rest]) => ({ name, ...rest })));
  const metadata = fc.record(
    {
      excellenceTier: fc.constantFrom('gold', 'silver', 'bronze'),
      status: fc.constantFrom('recommended', 'stable', 'legacy', 'use-with-caution', 'deprecated'),
      currentRelevance: fc.constantFrom('mainstream', 'growing', 'niche', 'declining', 'specialized'),
      introduced: fc
        .tuple(fc.integer({ min: 1900, max: 2099 }), fc.integer({ min: 1, max: 12 }))
        .map(([year, month]) => `${year}-${String(month).padStart(2, '0')}`),
      difficulty: fc.constantFrom('beginner', 'intermediate', 'advanced', 'expert'),
      tagline: text(),
      essentialQuestion: text(),
      prerequisites: lines,
      whenToUse: lines,
      whenNotToUse: lines,
      tradeOffs: fc.record({ pros: lines, cons: lines }, { requiredKeys: [] }),
      bestFor: lines,
      modernExamples: fc.array(
        fc.record(
          { company: text(), implementation: text(), scale: text() },
          { requiredKeys: ['company', 'implementation'] },
        ),
        { maxLength: maxItems },
      ),
      productionChecklist: lines,
      relatedPatterns: fc.array(
        fc.record(
          {
            pattern: nonEmptyText(),
            relationship: fc.constantFrom(
              'complements',
              'requires',
              'enhances',
              'alternative',
              'anti-pattern',
            ),
            reason: text(),
          },
          { requiredKeys: ['pattern', 'relationship'] },
        ),
        { maxLength: maxItems },
      ),
      migrationPaths: fc.array(
        fc.record(
          {
            from: nonEmptyText(),
            to: nonEmptyText(),
            guide: text(),
            effort: fc.constantFrom('low', 'medium', 'high'),
          },
          { requiredKeys: [] },
        ),
        { maxLength: maxItems },
      ),
      decisionCriteria: fc.record(
        {
          scaleThresholds: record(
            fc.oneof(nameKeyArbitrary, fc.nat(99).map(String)),
            fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), text()),
          ),
          complexityFactors: fc.array(
            fc.record(
              { factor: nonEmptyText(), impact: fc.constantFrom('low', 'medium', 'high') },
              { requiredKeys: ['factor'] },
            ),
            { maxLength: maxItems },
          ),
        },
        { requiredKeys: [] },
      ),
      implementationComplexity: fc.record(
        {
          effort: fc.constantFrom('low', 'medium', 'high'),
          teamSize: text(),
          timeline: text(),
          expertise: lines,
        },
        { requiredKeys: [] },
      ),
      operationalConsiderations: fc.record(
        {
          monitoring: fc.array(
            fc.record({ metric: nonEmptyText(), tool: text() }, { requiredKeys: ['metric'] }),
            {
              maxLength: maxItems,
            },
          ),
          alerting: fc.array(
            fc.record(
              {
                condition: nonEmptyText(),
                severity: fc.constantFrom('critical', 'high', 'medium', 'low', 'info'),
              },
              { requiredKeys: ['condition'] },
            ),
            { maxLength: maxItems },
          ),
          maintenance: fc.array(
            fc.record(
              {
                task: nonEmptyText(),
                frequency: fc.constantFrom(
                  'continuous',
                  'hourly',
                  'daily',
                  'weekly',
                  'monthly',
                  'quarterly',
                  'yearly',
                ),
              },
              { requiredKeys: ['task'] },
            ),
            { maxLength: maxItems },
          ),
        },
        { requiredKeys: [] },
      ),
      implementationGuide: fc.record({ path: nonEmptyText(), title: text() }, { requiredKeys: ['path'] }),
      caseStudies: fc.array(
        fc.record(
          { title: nonEmptyText(), company: text(), path: nonEmptyText(), summary: text() },
          { requiredKeys: ['title'] },
        ),
        { minLength: 1, maxLength: Math.max(1, maxItems) },
      ),
      comparisonLinks: fc.array(
        fc.record({ path: nonEmptyText(), title: text() }, { requiredKeys: ['path'] }),
        { minLength: 1, maxLength: Math.max(1, maxItems) },
      ),
      patternCombinations: fc.record(
        {
          complements: references,
          requires: references,
          enhances: references,
          antiPatterns: references,
        },
        { requiredKeys: [] },
      ),
      modernAlternatives: fc.array(text(), { minLength: 1, maxLength: Math.max(1, maxItems) }),
      deprecationReason: text(),
      migrationGuide: nonEmptyText(),
    },
    { requiredKeys: [] },
  );
  return fc
    .record(
      {
        publisher: fc.record({ id: teamIdArbitrary, name: nonEmptyText() }),
        name: teamIdArbitrary,
        title: nonEmptyText(),
        version: semverArbitrary,
        description: text(maxLength * 4),
        category: slugArbitrary,
        tags: fc.array(slugArbitrary, { maxLength: maxItems }),
        license: spdxArbitrary,
        rating: fc.record(
          {
            overall: score,
            stability: score,
            performance: score,
            maintainability: score,
            documentation: score,
            reviewCount: count,
          },
          { requiredKeys: ['overall'] },
        ),
        adoption: fc.record(
          { downloads: count, activeInstalls: count, organizations: count },
          { requiredKeys: [] },
        ),
        pricing,
        tiers,
        support: fc.constantFrom('community', 'standard', 'premium', 'enterprise'),
        guarantees,
        dependencies: record(patternIdArbitrary, semverRangeArbitrary),
        compatibility: fc.record(
          {
            languages: record(nameKeyArbitrary, semverRangeArbitrary),
            frameworks: record(fc.oneof(nameKeyArbitrary, fc.nat(50).map(String)), semverRangeArbitrary),
            runtimes: record(nameKeyArbitrary, semverRangeArbitrary),
            browsers: fc.array(fc.constantFrom('defaults', 'last 2 versions', 'not dead', '> 0.5%'), {
              maxLength: maxItems,
            }),
          },
          { requiredKeys: [] },
        ),
        forkOf: fc.record({ id: patternIdArbitrary, version: semverArbitrary }),
        publishedAt: isoDateTimeArbitrary,
        fingerprint: fingerprintArbitrary,
        metadata,
      },
      { requiredKeys: ['publisher', 'name', 'title', 'version', 'category', 'license', 'publishedAt'] },
    )
    .map(({ name, title, ...rest }) =>
      ListingSchema.parse({ ...rest, id: `${rest.publisher.id}/${name}`, name: title }),
    );
}

/**
 * Arrays of valid listings (see {@link listingArbitrary}), possibly empty and possibly with
 * repeated ids and versions.
 *
 * @param options - see {@link ListingArbitraryOptions}; `maxListings` caps the array length (default 5)
 * @returns an arbitrary of listing arrays
 * @example
 * ```ts
 * fc.assert(fc.property(listingsArbitrary(), (listings) => { … }));
 * ```
 */
export function listingsArbitrary(
  options: ListingArbitraryOptions & { maxListings?: number } = {},
): fc.Arbitrary<Listing[]> {
  const one = listingArbitrary(options);
  return fc.oneof(
    fc.array(one, { maxLength: options.maxListings ?? 5 }),
    // The same listing twice: ids and versions collide.
    one.map((listing) => [listing, listing]),
  );
}
