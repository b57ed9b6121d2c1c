import { describe, expect, it } from 'vitest';
import { matchPatterns } from './match-patterns.js';

const summaries = [
  {
    key: 'p1',
    sourceCloud: 'aws',
    targetCloud: 'gcp',
    strategy: 'rehost',
    resourceTypes: ['EC2', 'RDS'],
    successRate: 0.9,
    contributors: 4,
    executions: 10,
  },
  {
    key: 'p2',
    sourceCloud: 'aws',
    targetCloud: 'gcp',
    strategy: 'refactor',
    resourceTypes: ['ec2', 'RDS', 'S3', 'Lambda'],
    successRate: 0.5,
    contributors: 1,
    executions: 2,
  },
  {
    key: 'p3',
    sourceCloud: 'aws',
    targetCloud: 'azure',
    strategy: 'rehost',
    resourceTypes: ['EC2', 'RDS', 'S3'],
    successRate: 1,
    contributors: 50,
    executions: 80,
  },
  {
    key: 'p4',
    sourceCloud: 'aws',
    targetCloud: 'gcp',
    strategy: 'rehost',
    resourceTypes: ['SQS'],
    successRate: 1,
    contributors: 0,
    executions: 1,
  },
];

describe('matchPatterns (seed formula)', () => {
  it('scores with 0.6·similarity + 0.3·successRate + 0.1·ln(contributors + 1), by hand', () => {
    const matches = matchPatterns(
      { sourceCloud: 'aws', targetCloud: 'gcp', resourceTypes: ['EC2', 'RDS', 'S3'] },
      summaries,
    );
    expect(matches.map((match) => match.pattern.key)).toEqual(['p1', 'p2', 'p4']);
    const [p1, p2, p4] = matches;
    // p1: cos = 2/√6 = 0.816497; share = 2/3; similarity = 0.7·0.816497 + 0.3·0.666667 = 0.771548
    //     score = 0.6·0.771548 + 0.3·0.9 + 0.1·ln 5 = 0.462929 + 0.27 + 0.160944 = 0.893872
    expect(p1?.cosine).toBeCloseTo(0.816497, 6);
    expect(p1?.similarity).toBeCloseTo(0.771548, 6);
    expect(p1?.score).toBeCloseTo(0.893872, 5);
    expect(p1?.exactMatches).toBe(2);
    expect(p1?.matchedResourceTypes).toEqual(['EC2', 'RDS']);
    // p2 (types compared case-insensitively): cos = 3/√12 = 0.866025; share = 1; similarity = 0.906218
    //     score = 0.6·0.906218 + 0.3·0.5 + 0.1·ln 2 = 0.543731 + 0.15 + 0.069315 = 0.763045
    expect(p2?.similarity).toBeCloseTo(0.906218, 6);
    expect(p2?.score).toBeCloseTo(0.763045, 5);
    // p4: no shared type; score = 0.3·1 + 0.1·ln 1 = 0.3
    expect(p4?.similarity).toBe(0);
    expect(p4?.score).toBeCloseTo(0.3, 12);
    // the summaries are returned as given, extra fields included
    expect(p1?.pattern).toBe(summaries[0]);
  });

  it('filters on exact clouds, and on the strategy when the query names one', () => {
    const byStrategy = matchPatterns(
      { sourceCloud: 'aws', targetCloud: 'gcp', strategy: 'refactor', resourceTypes: ['EC2'] },
      summaries,
    );
    expect(byStrategy.map((match) => match.pattern.key)).toEqual(['p2']);
    expect(
      matchPatterns({ sourceCloud: 'gcp', targetCloud: 'aws', resourceTypes: ['EC2'] }, summaries),
    ).toEqual([]);
  });

  it('takes configurable weights', () => {
    const [best] = matchPatterns(
      { sourceCloud: 'aws', targetCloud: 'gcp', resourceTypes: ['EC2', 'RDS', 'S3'] },
      summaries,
      { similarity: 1, successRate: 0, contributors: 0, cosine: 0, exactMatch: 1 },
    );
    // only the exact-match share counts: p2 has all three types
    expect(best?.pattern.key).toBe('p2');
    expect(best?.score).toBe(1);
  });

  it('gives similarity 0 for an empty query type list', () => {
    const matches = matchPatterns({ sourceCloud: 'aws', targetCloud: 'gcp', resourceTypes: [] }, summaries);
    expect(matches.every((match) => match.similarity === 0)).toBe(true);
  });

  it('rejects malformed summaries, queries and weights with a ValidationError', () => {
    const query = { sourceCloud: 'aws', targetCloud: 'gcp', resourceTypes: ['EC2'] };
    for (const bad of [
      () => matchPatterns(query, [{ ...summaries[0], successRate: 1.5 } as never]),
      () => matchPatterns(query, [{ ...summaries[0], contributors: -1 } as never]),
      () => matchPatterns({ ...query, resourceTypes: 'EC2' } as never, summaries),
      () => matchPatterns(query, summaries, { similarity: -1 }),
    ])
      expect(bad).toThrowError(expect.objectContaining({ code: 'E_VALIDATION' }));
  });
});
