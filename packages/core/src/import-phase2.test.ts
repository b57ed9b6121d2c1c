import { describe, expect, it } from 'vitest';
import { importMarkdownPattern } from './import-markdown.js';
import { ListingSchema } from './listing.js';
import { parseListing } from './parse.js';
import { fromTurtle, toTurtle } from './rdf.js';

// Seed 002's Phase-2 enhancement template, as front matter (every field filled).
const SEED_002_TEMPLATE = `---
title: Circuit Breaker
description: Stop calling a failing dependency
type: pattern
category: resilience
excellence_tier: bronze
pattern_status: legacy
current_relevance: specialized
reading_time: 12 min
related_laws: [correlated-failure]
implementation_guide:
  title: Implementing a circuit breaker
  path: ../guides/circuit-breaker-implementation.md
case_studies:
  - title: Hystrix at Netflix
    company: Netflix
    path: ./case-studies/netflix-hystrix.md
    summary: Isolated 100+ dependencies
  - https://example.org/blog/breakers
migration_paths:
  - from: hystrix
    to: service-mesh
    guide: ../guides/hystrix-to-mesh.md
    effort: high
pattern_combinations:
  complements:
    - pattern: retry-backoff
      reason: retries first
    - ./bulkhead.md
  requires: [health-check]
  enhances: []
  anti_patterns:
    - pattern: distributed-monolith
      reason: failures still cascade
comparison_links:
  - title: Breaker vs retry
    path: /comparisons/breaker-vs-retry.md
decision_criteria:
  scale_thresholds:
    requests_per_second: 1000
    dependencies: "5+"
  complexity_factors:
    - factor: State tuning
      impact: high
    - Shared state across instances
implementation_complexity:
  effort: medium
  team_size: 2-3 engineers
  timeline: 2-4 weeks
  expertise: [distributed systems, observability]
operational_considerations:
  monitoring:
    - metric: breaker state changes
      tool: Prometheus
  alerting:
    - condition: breaker open for more than 5 minutes
      severity: critical
  maintenance:
    - task: review thresholds
      frequency: quarterly
    - task: audit fallbacks
      frequency: annually
modern_alternatives:
  - Service mesh outlier detection
  - Envoy circuit breaking
deprecation_reason: Meshes do this at the platform level
migration_guide: ../guides/breaker-to-mesh.md
---

# Circuit Breaker

Some real content about the pattern that is long enough to count as a page.
`;

describe('seed 002 Phase-2 front matter', () => {
  const result = importMarkdownPattern(SEED_002_TEMPLATE, {
    path: 'resilience/circuit-breaker.md',
    publishedAt: '2026-11-21T00:00:00Z',
  });
  const listing = result.listing!;

  it('imports every Phase-2 field as typed data', () => {
    expect(listing).toEqual(parseListing(listing));
    expect(listing.metadata).toMatchObject({
      currentRelevance: 'specialized',
      implementationGuide: {
        path: 'guides/circuit-breaker-implementation.md',
        title: 'Implementing a circuit breaker',
      },
      caseStudies: [
        {
          title: 'Hystrix at Netflix',
          company: 'Netflix',
          path: 'resilience/case-studies/netflix-hystrix.md',
          summary: 'Isolated 100+ dependencies',
        },
        { title: 'https://example.org/blog/breakers', path: 'https://example.org/blog/breakers' },
      ],
      migrationPaths: [
        { from: 'hystrix', to: 'service-mesh', guide: 'guides/hystrix-to-mesh.md', effort: 'high' },
      ],
      patternCombinations: {
        complements: [{ pattern: 'retry-backoff', reason: 'retries first' }, { pattern: 'bulkhead' }],
        requires: [{ pattern: 'health-check' }],
        enhances: [],
        antiPatterns: [{ pattern: 'distributed-monolith', reason: 'failures still cascade' }],
      },
      comparisonLinks: [{ path: 'comparisons/breaker-vs-retry.md', title: 'Breaker vs retry' }],
      decisionCriteria: {
        scaleThresholds: { requests_per_second: 1000, dependencies: '5+' },
        complexityFactors: [
          { factor: 'State tuning', impact: 'high' },
          { factor: 'Shared state across instances' },
        ],
      },
      implementationComplexity: {
        effort: 'medium',
        teamSize: '2-3 engineers',
        timeline: '2-4 weeks',
        expertise: ['distributed systems', 'observability'],
      },
      operationalConsiderations: {
        monitoring: [{ metric: 'breaker state changes', tool: 'Prometheus' }],
        alerting: [{ condition: 'breaker open for more than 5 minutes', severity: 'critical' }],
        maintenance: [
          { task: 'review thresholds', frequency: 'quarterly' },
          { task: 'audit fallbacks', frequency: 'yearly' },
        ],
      },
      modernAlternatives: ['Service mesh outlier detection', 'Envoy circuit breaking'],
      deprecationReason: 'Meshes do this at the platform level',
      migrationGuide: 'guides/breaker-to-mesh.md',
    });
  });

  it('reports unknown front-matter keys as warnings, nothing else', () => {
    expect(result.warnings).toEqual([
      {
        field: 'reading_time',
        value: '12 min',
        message: 'not a front-matter key the importer knows; ignored',
      },
      {
        field: 'related_laws',
        value: '["correlated-failure"]',
        message: 'not a front-matter key the importer knows; ignored',
      },
    ]);
  });

  it('round-trips through Turtle with nothing lost', () => {
    expect(fromTurtle(toTurtle([listing]))).toStrictEqual([listing]);
  });

  it('drops bad enum values with a warning naming the field', () => {
    const bad = importMarkdownPattern(
      `---\ntitle: X\ntype: pattern\noperational_considerations:\n  alerting:\n    - condition: down\n      severity: apocalyptic\nimplementation_complexity: huge\n---\n\ntext\n`,
      { path: 'scaling/x.md' },
    );
    expect(bad.listing?.metadata.operationalConsiderations?.alerting).toEqual([{ condition: 'down' }]);
    expect(bad.listing?.metadata.implementationComplexity).toBeUndefined();
    expect(bad.warnings.map((warning) => warning.field)).toEqual([
      'implementation_complexity',
      'operational_considerations.alerting.severity',
    ]);
  });

  it('drops a placeholder migration guide (an HTML comment) and keeps a prose one', () => {
    const guide = (value: string) =>
      importMarkdownPattern(`---\ntitle: X\ntype: pattern\nmigration_guide: "${value}"\n---\n\ntext\n`, {
        path: 'data-management/x.md',
      });
    const placeholder = guide('<!-- TODO: Add Migrate to Database per Service -->');
    expect(placeholder.listing?.metadata.migrationGuide).toBeUndefined();
    expect(placeholder.warnings.map((warning) => warning.field)).toEqual(['migration_guide']);
    expect(guide('Move reads first, then writes').listing?.metadata.migrationGuide).toBe(
      'Move reads first, then writes',
    );
    expect(guide('./migrate.md#steps').listing?.metadata.migrationGuide).toBe(
      'data-management/migrate.md#steps',
    );
  });

  it('still reads listings stored with plain-text operations and complexity items', () => {
    const stored = ListingSchema.parse({
      ...listing,
      metadata: {
        operationalConsiderations: {
          monitoring: ['error rate'],
          alerting: ['breaker open'],
          maintenance: ['tune'],
        },
        decisionCriteria: { complexityFactors: ['state'] },
      },
    });
    expect(stored.metadata.operationalConsiderations).toEqual({
      monitoring: [{ metric: 'error rate' }],
      alerting: [{ condition: 'breaker open' }],
      maintenance: [{ task: 'tune' }],
    });
    expect(stored.metadata.decisionCriteria?.complexityFactors).toEqual([{ factor: 'state' }]);
  });
});
