import { describe, expect, it } from 'vitest';
import { DSTUDIO_LIBRARY, dstudioAvailable, readMarkdownFiles } from '../../../scripts/datasets.js';
import { validateCatalogLinks } from './catalog-links.js';
import { ValidationError } from './errors.js';
import {
  DEFAULT_IMPORT_LICENSE,
  DEFAULT_IMPORT_PUBLISHED_AT,
  importMarkdownLibrary,
  importMarkdownPattern,
  type LibraryFile,
} from './import-markdown.js';
import { parseListing } from './parse.js';
import { fromTurtle, toTurtle } from './rdf.js';

const libraryRoot = DSTUDIO_LIBRARY;
const libraryPresent = dstudioAvailable();
const publishedAt = '2026-11-21T00:00:00Z';

function readLibrary(root: string): LibraryFile[] {
  return readMarkdownFiles(root);
}

const page = (
  frontMatter: string,
  body = 'Some real content about the pattern that is long enough to count.',
) => `---\n${frontMatter}\n---\n\n# Heading\n\n${body}\n`;

describe('importMarkdownPattern', () => {
  it('derives id, name, category, tier and the rest from front matter', () => {
    const result = importMarkdownPattern(
      page(`title: "Idempotency Keys"
description: Safe retries
type: pattern
category: data-management
difficulty: intermediate
prerequisites: ["distributed-systems", "api-design"]
excellence_tier: gold
pattern_status: recommended
introduced: 1992-06
current_relevance: mainstream
essential_question: How do we retry safely?
tagline: Retry-safe operations
modern_examples:
  - company: Stripe
    implementation: Idempotency keys on every payment
    scale: Billions of requests
production_checklist: ["Keys with enough entropy", "TTL of 24-72 hours"]
trade_offs:
  pros: ["Safe retries"]
  cons: ["Storage overhead"]
best_for: "Payments, resource creation APIs"
tags: ["Data Management", "patterns", "data-management"]`),
      { path: 'data-management/idempotency-keys-gold.md', publishedAt },
    );
    expect(result.warnings).toEqual([]);
    expect(result.skipped).toBeUndefined();
    const listing = result.listing!;
    expect(listing).toEqual(parseListing(listing));
    expect(listing.id).toBe('dstudio/idempotency-keys');
    expect(listing.name).toBe('Idempotency Keys');
    expect(listing.publisher).toEqual({ id: 'dstudio', name: 'DStudio' });
    expect(listing.category).toBe('data-management');
    expect(listing.tags).toEqual(['data-management', 'patterns']);
    expect(listing.license).toBe(DEFAULT_IMPORT_LICENSE);
    expect(listing.publishedAt).toBe(publishedAt);
    expect(listing.metadata).toMatchObject({
      excellenceTier: 'gold',
      status: 'recommended',
      currentRelevance: 'mainstream',
      introduced: '1992-06',
      difficulty: 'intermediate',
      tagline: 'Retry-safe operations',
      essentialQuestion: 'How do we retry safely?',
      prerequisites: ['distributed-systems', 'api-design'],
      bestFor: ['Payments', 'resource creation APIs'],
      tradeOffs: { pros: ['Safe retries'], cons: ['Storage overhead'] },
      modernExamples: [
        {
          company: 'Stripe',
          implementation: 'Idempotency keys on every payment',
          scale: 'Billions of requests',
        },
      ],
      productionChecklist: ['Keys with enough entropy', 'TTL of 24-72 hours'],
    });
  });

  it('turns unknown and unfilled values into warnings and drops them', () => {
    const result = importMarkdownPattern(
      page(`title: "[Pattern Name]"
type: pattern
category: communication|resilience|data-management
excellence_tier: platinum
pattern_status: recommended|stable|legacy
current_relevance: revolutionary
introduced: YYYY-MM
difficulty: beginner|intermediate|advanced
tags: 42
modern_examples: "Netflix"
trade_offs: "many"`),
      { path: 'resilience/odd.md', publishedAt },
    );
    const listing = result.listing!;
    expect(listing.category).toBe('resilience');
    expect(listing.metadata.excellenceTier).toBeUndefined();
    expect(listing.metadata.status).toBeUndefined();
    expect(listing.metadata.introduced).toBeUndefined();
    expect(listing.metadata.difficulty).toBeUndefined();
    expect(result.warnings.map((warning) => warning.field)).toEqual([
      'category',
      'excellence_tier',
      'pattern_status',
      'current_relevance',
      'difficulty',
      'introduced',
      'trade_offs',
      'modern_examples',
      'tags',
    ]);
    const tier = result.warnings.find((warning) => warning.field === 'excellence_tier')!;
    expect(tier.value).toBe('platinum');
    expect(tier.message).toMatch(/gold, silver, bronze/);
  });

  it('skips files that are not patterns, with the reason', () => {
    const skipped = (text: string, path: string) => importMarkdownPattern(text, { path }).skipped;
    expect(skipped(page('title: Index\ntype: pattern'), 'scaling/index.md')?.kind).toBe('index');
    expect(skipped(page('title: T\ntype: pattern'), 'pattern-template-v2.md')?.kind).toBe('template');
    expect(skipped(page('title: T'), 'resilience/resilience-engineering-exam.md')?.kind).toBe('exam');
    expect(skipped('# Learning modules\n', 'LEARNING_MODULES_INDEX.md')?.kind).toBe('documentation');
    expect(skipped('# No front matter\n\ntext', 'deployment/kubernetes.md')?.kind).toBe('no-front-matter');
    expect(skipped('---\ntitle: [unclosed\n---\n', 'scaling/x.md')?.kind).toBe('invalid-front-matter');
    expect(skipped('---\n- a\n- b\n---\n', 'scaling/x.md')?.kind).toBe('invalid-front-matter');
    const guide = skipped(page('title: Guide\ntype: learning-module'), 'architecture/mastery.md');
    expect(guide).toEqual({
      kind: 'not-a-pattern',
      reason: 'front matter type is learning-module, not "pattern"',
    });
    expect(skipped(page('title: Matrix\ncategory: pattern-library'), 'decision-matrix.md')?.kind).toBe(
      'not-a-pattern',
    );
    expect(
      skipped(page('title: Matrix\nessential_question: Which?'), 'visual-assets/selection-matrix.md')?.kind,
    ).toBe('not-a-pattern');
    expect(skipped(page('title: Top ten'), 'top-10-patterns.md')?.kind).toBe('outside-category');
    expect(
      skipped(page('title: Health Check\ndescription: x', 'See [x](y)'), 'communication/health-check.md')
        ?.kind,
    ).toBe('stub');
    expect(skipped('plain', 'notes.txt')?.kind).toBe('not-markdown');
    expect(importMarkdownPattern('plain', { path: 'notes.txt' }).listing).toBeUndefined();
  });

  it('reads when to use, the essential question and related patterns from the body', () => {
    const body = `## Essential Question

**How do we stop calling a failing dependency?**

## When to Use / When NOT to Use

### ✅ Use When

| Scenario | Example |
|----------|---------|
| **Remote calls** | HTTP clients |
| Shared pools | DB connections |

### ❌ DON'T Use When

- Local calls only
- Batch jobs

## Related Patterns

### Complementary Patterns

| Pattern | Relationship |
|---------|--------------|
| **[Retry](./retry-backoff-gold.md)** | **Primary complement** - retries first |

### Alternative Patterns

- [Rate Limiting](../scaling/rate-limiting.md) - caps traffic instead
- [Self](./circuit-breaker.md)
`;
    const result = importMarkdownPattern(
      page('title: Circuit Breaker\ntype: pattern\ncategory: resilience', body),
      {
        path: 'resilience/circuit-breaker.md',
      },
    );
    const { metadata } = result.listing!;
    expect(metadata.essentialQuestion).toBe('How do we stop calling a failing dependency?');
    expect(metadata.whenToUse).toEqual(['Remote calls', 'Shared pools']);
    expect(metadata.whenNotToUse).toEqual(['Local calls only', 'Batch jobs']);
    expect(metadata.relatedPatterns).toEqual([
      { pattern: 'retry-backoff', relationship: 'complements', reason: 'Primary complement - retries first' },
      { pattern: 'rate-limiting', relationship: 'alternative', reason: 'caps traffic instead' },
    ]);
  });

  it('uses the publisher, version, license and time options; falls back to last_updated', () => {
    const text = page('title: Cache Aside\ntype: pattern\nlast_updated: 2025-01-23\nlicense: not a license');
    const withOptions = importMarkdownPattern(text, {
      path: 'scaling/cache-aside.md',
      publisher: { id: 'platform', name: 'Platform Team' },
      version: '2.0.0',
      license: 'CC-BY-4.0',
      publishedAt,
    }).listing!;
    expect(withOptions).toMatchObject({
      id: 'platform/cache-aside',
      version: '2.0.0',
      license: 'CC-BY-4.0',
      publishedAt,
      publisher: { id: 'platform', name: 'Platform Team' },
    });
    const defaults = importMarkdownPattern(text, { path: 'scaling/cache-aside.md', publisher: 'acme' });
    expect(defaults.listing).toMatchObject({
      publishedAt: '2025-01-23T00:00:00Z',
      license: DEFAULT_IMPORT_LICENSE,
    });
    expect(defaults.listing?.publisher).toEqual({ id: 'acme', name: 'acme' });
    expect(defaults.warnings.map((warning) => warning.field)).toEqual(['license']);
    const bare = importMarkdownPattern(page('title: X\ntype: pattern'), { path: 'scaling/x.md' });
    expect(bare.listing?.publishedAt).toBe(DEFAULT_IMPORT_PUBLISHED_AT);
  });

  it('shortens over-long text with a warning instead of failing', () => {
    const long = 'x'.repeat(20_000);
    const result = importMarkdownPattern(
      page(`title: ${long}\ntype: pattern\ndescription: ${long}\nprerequisites: [${long}]`),
      {
        path: 'scaling/long.md',
      },
    );
    expect(result.listing?.name).toHaveLength(200);
    expect(result.listing?.description).toHaveLength(10_000);
    expect(result.listing?.metadata.prerequisites[0]).toHaveLength(500);
    expect(result.warnings.map((warning) => warning.field)).toEqual([
      'title',
      'prerequisites',
      'description',
    ]);
    expect(result.warnings[0]?.value.length).toBeLessThanOrEqual(120);
  });

  it('throws ValidationError only for a non-string text or invalid options', () => {
    expect(() => importMarkdownPattern(42 as never, { path: 'a.md' })).toThrow(ValidationError);
    expect(() => importMarkdownPattern('', undefined as never)).toThrow(ValidationError);
    expect(() => importMarkdownPattern('', { path: 'a.md', publisher: 'Not Valid' })).toThrow(
      ValidationError,
    );
    expect(() => importMarkdownPattern('', { path: 'a.md', version: 'v1' })).toThrow(ValidationError);
    expect(() => importMarkdownPattern('', { path: 'a.md', license: 'MIT-ish' })).toThrow(ValidationError);
    expect(() => importMarkdownPattern('', { path: 'a.md', publishedAt: 'yesterday' })).toThrow(
      ValidationError,
    );
  });
});

describe('importMarkdownLibrary', () => {
  const files: LibraryFile[] = [
    { path: 'resilience/bulkhead.md', text: page('title: Bulkhead\ntype: pattern\nexcellence_tier: silver') },
    {
      path: 'resilience/bulkhead-gold.md',
      text: page(
        'title: Bulkhead\ntype: pattern\nexcellence_tier: gold\npattern_status: recommended\ndifficulty: advanced',
      ),
    },
    { path: 'scaling/bulkhead.md', text: page('title: Bulkhead (scaling)\ntype: pattern') },
    { path: 'resilience/index.md', text: page('title: Index\ntype: pattern') },
  ];

  it('makes duplicate ids unique deterministically, the richest listing keeping the id', () => {
    const result = importMarkdownLibrary(files, { publishedAt });
    expect(result.listings.map((listing) => [listing.id, listing.metadata.excellenceTier])).toEqual([
      ['dstudio/bulkhead', 'gold'],
      ['dstudio/bulkhead-resilience', 'silver'],
      ['dstudio/bulkhead-scaling', undefined],
    ]);
    expect(result.skipped).toEqual([
      { path: 'resilience/index.md', kind: 'index', reason: 'index.md is an index page' },
    ]);
    expect(result.warnings.map((warning) => [warning.path, warning.field])).toEqual([
      ['resilience/bulkhead.md', 'id'],
      ['scaling/bulkhead.md', 'id'],
    ]);
    expect(result.warnings[0]?.message).toMatch(/resilience\/bulkhead-gold\.md/);
    // Input order does not matter.
    expect(importMarkdownLibrary([...files].reverse(), { publishedAt })).toEqual(result);
  });

  it('skips a repeated path and rejects malformed input with ValidationError', () => {
    const result = importMarkdownLibrary([files[0]!, { ...files[0]!, path: './resilience/bulkhead.md' }]);
    expect(result.listings).toHaveLength(1);
    expect(result.skipped[0]?.kind).toBe('duplicate-path');
    expect(() => importMarkdownLibrary('files' as never)).toThrow(ValidationError);
    expect(() => importMarkdownLibrary([{ path: 'a.md' }] as never)).toThrow(ValidationError);
    expect(() => importMarkdownLibrary([], { version: 'x' })).toThrow(ValidationError);
  });
});

describe.skipIf(!libraryPresent && !process.env.CI)(
  'the real DStudio pattern library (../shared/datasets)',
  () => {
    it('is present (CI must have the data set)', () => {
      expect(libraryPresent, `missing ${libraryRoot}`).toBe(true);
    });

    it('imports at least 110 valid listings, skips every other file with a reason, throws for none', () => {
      const files = readLibrary(libraryRoot);
      const result = importMarkdownLibrary(files, { publishedAt });
      expect(result.listings.length).toBeGreaterThanOrEqual(110);
      expect(result.listings.length + result.skipped.length).toBe(files.length);
      for (const listing of result.listings) expect(parseListing(listing)).toEqual(listing);
      expect(new Set(result.listings.map((listing) => listing.id)).size).toBe(result.listings.length);
      for (const skip of result.skipped) expect(skip.reason.length).toBeGreaterThan(10);
      // Every file imports on its own without throwing.
      for (const file of files)
        expect(() => importMarkdownPattern(file.text, { path: file.path })).not.toThrow();

      const byPath = new Map(result.skipped.map((skip) => [skip.path, skip.kind]));
      expect(byPath.get('index.md')).toBe('index');
      expect(byPath.get('pattern-template-v2.md')).toBe('template');
      expect(byPath.get('resilience/resilience-engineering-exam.md')).toBe('exam');
      expect(byPath.get('architecture/service-mesh-production-mastery.md')).toBe('not-a-pattern');
      expect(byPath.get('pattern-discovery.md')).toBe('outside-category');
      expect(byPath.get('decision-matrix.md')).toBe('not-a-pattern');
      expect(byPath.get('visual-assets/pattern-selection-matrix.md')).toBe('not-a-pattern');

      const idempotency = result.listings.find((listing) => listing.id === 'dstudio/idempotency-keys');
      expect(idempotency?.metadata.excellenceTier).toBe('gold');
      expect(idempotency?.metadata.modernExamples.length).toBeGreaterThan(0);
      expect(result.listings.some((listing) => listing.id === 'dstudio/idempotency')).toBe(true);
      const circuitBreaker = result.listings.find((listing) => listing.id === 'dstudio/circuit-breaker');
      expect(circuitBreaker?.metadata.relatedPatterns).toContainEqual(
        expect.objectContaining({ pattern: 'retry-backoff', relationship: 'complements' }),
      );
      expect(result.warnings).toContainEqual(
        expect.objectContaining({ path: 'scaling/priority-queue.md', field: 'introduced', value: '1960s' }),
      );

      // Link integrity over the real library: every finding names listing, field and target.
      const links = validateCatalogLinks(result.listings, { knownPaths: files.map((file) => file.path) });
      expect(links.coverage.patterns).toBe(result.listings.length);
      expect(links.checked.patternReferences).toBeGreaterThan(200);
      for (const finding of links.findings) {
        expect(result.listings.some((listing) => listing.id === finding.listing)).toBe(true);
        expect(finding.field).toMatch(/^(metadata|dependencies)\./);
        expect(finding.target.length).toBeGreaterThan(0);
      }

      // The whole library survives the RDF round trip.
      expect(fromTurtle(toTurtle(result.listings))).toStrictEqual(result.listings);
      // Every page is parsed twice (library, then file by file): about 1-3 s on the shared
      // 2-core machine under load with markdown-it (micromark took 50 s to over 2 minutes).
    }, 30_000);
  },
);
