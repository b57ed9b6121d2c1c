import * as Automerge from '@automerge/automerge';
import { isValidationError } from '@pollinate/core';
import { describe, expect, it } from 'vitest';
import {
  countContributions,
  createAggregateCache,
  listPatterns,
  patternKey,
  patternsForMigration,
} from './aggregates.js';
import { contribute, contributeMany } from './contributions.js';
import { createNetwork, merge, type NetworkDoc, type NetworkState } from './document.js';
import { eraseContributor } from './erasure.js';
import { consent, erasing, KEYS, makeContribution } from './test-fixtures.js';

function network(): NetworkDoc {
  return createNetwork({ networkId: 'acme' });
}

describe('listPatterns', () => {
  it('computes exact aggregates by hand-checked example', () => {
    const doc = contributeMany(
      network(),
      [
        makeContribution({
          id: 'a',
          contributor: KEYS.alpha.pseudonym,
          resourceTypes: ['RDS', 'EC2'],
          success: true,
          durationHours: 4,
          costSavingsPercent: 20,
          steps: [
            { action: 'export', durationSeconds: 100, success: true },
            { action: 'import', durationSeconds: 300, success: true },
          ],
        }),
        makeContribution({
          id: 'b',
          contributor: KEYS.bravo.pseudonym,
          resourceTypes: ['EC2', 'RDS', 'EC2'],
          success: false,
          durationHours: 8,
          costSavingsPercent: -10,
          steps: [
            { action: 'export', durationSeconds: 200, success: false, error: 'timeout' },
            { action: 'import', durationSeconds: 500, success: true },
          ],
        }),
        makeContribution({ id: 'c', contributor: KEYS.alpha.pseudonym, resourceTypes: ['S3'], steps: [] }),
      ],
      consent,
    );
    const patterns = listPatterns(doc);
    expect(patterns.map((pattern) => pattern.key)).toEqual([
      'aws:gcp:replatform:EC2|RDS',
      'aws:gcp:replatform:S3',
    ]);
    expect(patterns[0]).toEqual({
      key: 'aws:gcp:replatform:EC2|RDS',
      sourceCloud: 'aws',
      targetCloud: 'gcp',
      strategy: 'replatform',
      resourceTypes: ['EC2', 'RDS'],
      executions: 2,
      successes: 1,
      successRate: 0.5,
      meanDurationHours: 6,
      meanCostSavingsPercent: 5,
      contributors: 2,
      steps: [
        {
          action: 'export',
          count: 2,
          successes: 1,
          successRate: 0.5,
          meanDurationSeconds: 150,
          meanPosition: 0,
        },
        {
          action: 'import',
          count: 2,
          successes: 2,
          successRate: 1,
          meanDurationSeconds: 400,
          meanPosition: 1,
        },
      ],
    });
    expect(patterns[1]).toMatchObject({ executions: 1, contributors: 1, steps: [] });
  });

  it('hides patterns seen from fewer distinct contributors than minContributors', () => {
    const doc = contributeMany(
      network(),
      [
        makeContribution({ id: 'a', contributor: KEYS.alpha.pseudonym }),
        makeContribution({ id: 'b', contributor: KEYS.alpha.pseudonym }),
        makeContribution({ id: 'c', contributor: KEYS.bravo.pseudonym, strategy: 'rehost' }),
        makeContribution({ id: 'd', contributor: KEYS.charlie.pseudonym, strategy: 'rehost' }),
      ],
      consent,
    );
    expect(listPatterns(doc, { minContributors: 2 }).map((pattern) => pattern.strategy)).toEqual(['rehost']);
    expect(listPatterns(doc, { minContributors: 3 })).toEqual([]);
    expect(listPatterns(doc)).toHaveLength(2);
    for (const minContributors of [0, 1.5, -1]) {
      let caught: unknown;
      try {
        listPatterns(doc, { minContributors });
      } catch (error) {
        caught = error;
      }
      expect(isValidationError(caught)).toBe(true);
    }
  });

  it('stays exact after concurrent contributions are merged, unlike last-writer-wins averages', () => {
    const base = contribute(network(), makeContribution({ id: 'base', durationHours: 2 }), consent);
    const left = contribute(
      merge(network(), base),
      makeContribution({ id: 'l', contributor: KEYS.left.pseudonym, durationHours: 4 }),
      consent,
    );
    const right = contribute(
      merge(network(), base),
      makeContribution({ id: 'r', contributor: KEYS.right.pseudonym, durationHours: 9 }),
      consent,
    );
    const merged = merge(left, right);
    expect(listPatterns(merged)[0]).toMatchObject({ executions: 3, meanDurationHours: 5, contributors: 3 });
  });

  it('never counts records of an erased pseudonym that a stale replica sends back', () => {
    const shared = contribute(
      network(),
      makeContribution({ id: 'a', contributor: KEYS.alpha.pseudonym }),
      consent,
    );
    const stale = contribute(
      merge(network(), shared),
      makeContribution({ id: 'late', contributor: KEYS.alpha.pseudonym }),
      consent,
    );
    let fresh = contribute(
      merge(network(), shared),
      makeContribution({ id: 'b', contributor: KEYS.bravo.pseudonym }),
      consent,
    );
    fresh = eraseContributor(fresh, KEYS.alpha.pseudonym, erasing(KEYS.alpha.pseudonym));
    const merged = merge(fresh, stale);
    expect(countContributions(merged)).toMatchObject({
      records: 2,
      counted: 1,
      fromErasedContributors: 1,
      contributors: 1,
    });
    expect(listPatterns(merged)[0]).toMatchObject({ executions: 1, contributors: 1 });
  });
});

describe('the aggregate cache', () => {
  it('returns the cached summaries for the same heads and recomputes exactly after a change', () => {
    const cache = createAggregateCache();
    let doc = contributeMany(
      network(),
      [makeContribution({ id: 'a' }), makeContribution({ id: 'b', contributor: KEYS.bravo.pseudonym })],
      consent,
    );
    const first = listPatterns(doc, { cache });
    const second = listPatterns(doc, { cache });
    expect(second[0]).toBe(first[0]);
    doc = contribute(
      doc,
      makeContribution({ id: 'c', contributor: KEYS.charlie.pseudonym, durationHours: 0.5 }),
      consent,
    );
    const third = listPatterns(doc, { cache });
    expect(third).toEqual(listPatterns(doc));
    expect(third[0]?.executions).toBe(3);
    doc = eraseContributor(doc, KEYS.charlie.pseudonym, erasing(KEYS.charlie.pseudonym));
    expect(listPatterns(doc, { cache })).toEqual(listPatterns(doc));
    expect(countContributions(doc, { cache })).toEqual(countContributions(doc));
  });

  it('returns frozen summaries so callers cannot corrupt the cache', () => {
    const cache = createAggregateCache();
    const doc = contribute(network(), makeContribution(), consent);
    const [pattern] = listPatterns(doc, { cache });
    expect(Object.isFrozen(pattern)).toBe(true);
    expect(Object.isFrozen(pattern?.steps)).toBe(true);
    expect(() => {
      (pattern as { executions: number }).executions = 99;
    }).toThrow(TypeError);
    expect(listPatterns(doc, { cache })[0]?.executions).toBe(1);
  });

  it('refuses something that is not a cache', () => {
    const doc = network();
    let caught: unknown;
    try {
      listPatterns(doc, { cache: {} as never });
    } catch (error) {
      caught = error;
    }
    expect(isValidationError(caught)).toBe(true);
  });
});

describe('query helpers', () => {
  const doc = contributeMany(
    network(),
    [
      makeContribution({ id: 'a', sourceCloud: 'aws', targetCloud: 'gcp', strategy: 'rehost' }),
      makeContribution({ id: 'b', sourceCloud: 'aws', targetCloud: 'gcp', strategy: 'replatform' }),
      makeContribution({
        id: 'c',
        sourceCloud: 'on-prem',
        targetCloud: 'azure',
        contributor: KEYS.bravo.pseudonym,
      }),
    ],
    consent,
  );

  it('patternsForMigration filters by source, target and strategy', () => {
    expect(
      patternsForMigration(doc, 'aws', 'gcp')
        .map((pattern) => pattern.strategy)
        .sort(),
    ).toEqual(['rehost', 'replatform']);
    expect(patternsForMigration(doc, 'aws', 'gcp', { strategy: 'rehost' })).toHaveLength(1);
    expect(patternsForMigration(doc, 'on-prem', 'azure')).toHaveLength(1);
    expect(patternsForMigration(doc, 'gcp', 'aws')).toEqual([]);
    let caught: unknown;
    try {
      patternsForMigration(doc, 'mars' as never, 'aws');
    } catch (error) {
      caught = error;
    }
    expect(isValidationError(caught)).toBe(true);
  });

  it('countContributions counts per cloud and strategy', () => {
    const counts = countContributions(doc);
    expect(counts).toMatchObject({ records: 3, counted: 3, contributors: 2, erasures: 0 });
    expect(counts.bySourceCloud).toEqual({ aws: 2, azure: 0, gcp: 0, 'on-prem': 1 });
    expect(counts.byTargetCloud).toEqual({ aws: 0, azure: 1, gcp: 2 });
    expect(counts.byStrategy.replatform).toBe(2);
    expect(Object.getPrototypeOf(counts.bySourceCloud)).toBe(Object.prototype);
  });

  it('patternKey groups by the set of resource types', () => {
    expect(patternKey(makeContribution({ resourceTypes: ['S3', 'EC2', 'S3'] }))).toEqual({
      key: 'aws:gcp:replatform:EC2|S3',
      resourceTypes: ['EC2', 'S3'],
    });
  });

  it('reads records without touching Automerge text (records are immutable strings)', () => {
    const state = doc as unknown as Automerge.Doc<NetworkState>;
    for (const value of Object.values(state.records)) expect(Automerge.isImmutableString(value)).toBe(true);
  });
});
