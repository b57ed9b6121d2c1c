import { describe, expect, it } from 'vitest';
import { validateCatalogLinks } from './catalog-links.js';
import { ValidationError } from './errors.js';
import { importMarkdownLibrary } from './import-markdown.js';
import { type Listing, ListingSchema } from './listing.js';

const listing = (name: string, metadata: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) =>
  ListingSchema.parse({
    id: `acme/${name}`,
    name,
    version: '1.0.0',
    publisher: { id: 'acme', name: 'Acme' },
    category: 'resilience',
    license: 'MIT',
    publishedAt: '2026-01-01T00:00:00Z',
    metadata,
    ...extra,
  });

describe('validateCatalogLinks', () => {
  const catalog: Listing[] = [
    listing(
      'circuit-breaker',
      {
        excellenceTier: 'gold',
        productionChecklist: ['tune thresholds'],
        relatedPatterns: [
          { pattern: 'retry', relationship: 'complements' },
          { pattern: 'timeout-gold', relationship: 'requires' },
          { pattern: 'ghost', relationship: 'alternative' },
          { pattern: 'retry', relationship: 'anti-pattern' },
        ],
        patternCombinations: {
          complements: [],
          requires: [{ pattern: 'acme/retry' }],
          enhances: [],
          antiPatterns: [{ pattern: 'big-ball-of-mud', reason: 'no isolation' }],
        },
        migrationPaths: [{ from: 'hystrix', to: 'retry', guide: 'guides/hystrix.md' }],
        implementationGuide: { path: 'guides/circuit-breaker.md' },
        caseStudies: [
          { title: 'Netflix', path: 'case-studies/netflix.md#intro' },
          { title: 'Blog', path: 'https://example.org' },
        ],
        comparisonLinks: [{ path: 'comparisons/missing.md' }],
      },
      { dependencies: { 'acme/retry': '^1', 'other/retry': '^1' } },
    ),
    listing('retry', { excellenceTier: 'gold' }),
    listing('timeout', {
      migrationGuide: 'guides/none.md',
      decisionCriteria: { scaleThresholds: { rps: 10 } },
    }),
  ];
  const knownPaths = ['guides/circuit-breaker.md', 'case-studies/netflix.md', 'guides/hystrix.md'];

  it('reports each broken link with listing, field and target', () => {
    const report = validateCatalogLinks(catalog, { knownPaths });
    expect(report.findings.map(({ kind, listing: id, field, target }) => [kind, id, field, target])).toEqual([
      ['dangling-relation', 'acme/circuit-breaker', 'metadata.relatedPatterns[2].pattern', 'ghost'],
      [
        'unknown-anti-pattern',
        'acme/circuit-breaker',
        'metadata.patternCombinations.antiPatterns[0].pattern',
        'big-ball-of-mud',
      ],
      ['dangling-relation', 'acme/circuit-breaker', 'dependencies.other/retry', 'other/retry'],
      ['unknown-migration-target', 'acme/circuit-breaker', 'metadata.migrationPaths[0].from', 'hystrix'],
      ['missing-page', 'acme/circuit-breaker', 'metadata.comparisonLinks[0].path', 'comparisons/missing.md'],
      [
        'contradicting-relations',
        'acme/circuit-breaker',
        'dependencies.acme/retry / metadata.relatedPatterns[3].pattern',
        'acme/retry',
      ],
      ['missing-page', 'acme/timeout', 'metadata.migrationGuide', 'guides/none.md'],
    ]);
    expect(report.checked).toEqual({ patternReferences: 10, pageLinks: 5 });
  });

  it('skips page links without knownPaths, and measures coverage', () => {
    const report = validateCatalogLinks(catalog);
    expect(report.findings.some((finding) => finding.kind === 'missing-page')).toBe(false);
    expect(report.checked.pageLinks).toBe(0);
    expect(report.coverage.patterns).toBe(3);
    expect(report.coverage.sections.implementationGuide).toEqual({ count: 1, share: 1 / 3 });
    expect(report.coverage.sections.decisionCriteria).toEqual({ count: 1, share: 1 / 3 });
    expect(report.coverage.sections.operationalConsiderations).toEqual({ count: 0, share: 0 });
    expect(report.coverage.gold).toEqual({ patterns: 2, withProductionChecklist: 1, share: 0.5 });
    expect(report.coverage.averageCrossReferences).toBeCloseTo(10 / 3);
    expect(validateCatalogLinks([]).coverage.averageCrossReferences).toBe(0);
  });

  it('works on an imported library, links resolved against page paths', () => {
    const page = (front: string) =>
      `---\ntype: pattern\n${front}\n---\n\n# X\n\nEnough words to make a real page about a pattern here.\n`;
    const { listings } = importMarkdownLibrary([
      { path: 'resilience/retry.md', text: page('title: Retry\nimplementation_guide: ../guides/retry.md') },
      {
        path: 'resilience/breaker.md',
        text: page('title: Breaker\npattern_combinations:\n  requires: [./retry.md]'),
      },
      { path: 'guides/retry.md', text: '# Guide\n' },
    ]);
    const report = validateCatalogLinks(listings, { knownPaths: ['resilience/retry.md', 'guides/retry.md'] });
    expect(report.findings).toEqual([]);
    expect(report.checked).toEqual({ patternReferences: 1, pageLinks: 1 });
  });

  it('rejects invalid listings with ValidationError', () => {
    expect(() => validateCatalogLinks([{ id: 'x' }] as never)).toThrow(ValidationError);
  });
});
