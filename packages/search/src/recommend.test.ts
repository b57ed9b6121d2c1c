import type { AdoptionEvent } from '@pollinate/core';
import { describe, expect, it } from 'vitest';
import { coAdoptionFromEvents, type Recommendations, recommend } from './recommend.js';
import { createIndex } from './search-index.js';
import { CATALOG } from './test-catalog.js';

const index = createIndex(CATALOG);
let clock = 0;
const install = (
  team: string,
  patternId: string,
  type: AdoptionEvent['type'] = 'install',
): AdoptionEvent => ({
  type,
  team,
  patternId,
  at: new Date(Date.UTC(2026, 10, 1) + 60_000 * clock++).toISOString(),
});
const events: AdoptionEvent[] = [
  ...['t1', 't2', 't3', 't4'].flatMap((team) => [
    install(team, 'acme/circuit-breaker'),
    install(team, 'acme/bulkhead'),
  ]),
  install('t1', 'initech/cache-aside'), // needs node >= 20
  install('t2', 'hooli/feature-flags'),
  install('payments', 'globex/saga'),
  install('payments', 'hooli/canary-release'),
  install('payments', 'hooli/canary-release', 'uninstall'),
];
const context = {
  team: 'payments',
  techStack: { node: '18.19.0' },
  challenges: ['too many requests from one client'],
  adoptedPatterns: ['acme/circuit-breaker'],
};
const all = (result: Recommendations) => [
  ...result.gapFillers,
  ...result.problemSolvers,
  ...result.peerEndorsed,
  ...result.personalized,
];
const find = (result: Recommendations, id: string) => all(result).find((item) => item.listing.id === id);

describe('recommend', () => {
  const result = recommend(context, { index, events }, { limit: 5 });

  it('never recommends what the team adopted (by context or by its events), nor an incompatible pattern', () => {
    const ids = all(result).map((item) => item.listing.id);
    expect(ids).not.toContain('acme/circuit-breaker');
    expect(ids).not.toContain('globex/saga');
    expect(ids).not.toContain('initech/cache-aside'); // node >= 20, the team runs 18
  });

  it('deduplicates across the four lists', () => {
    const ids = all(result).map((item) => item.listing.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('gap fillers: what adopted patterns require or are commonly used with, and co-adoption rules', () => {
    const gaps = result.gapFillers.map((item) => item.listing.id);
    expect(gaps).toEqual(expect.arrayContaining(['acme/health-check', 'globex/outbox', 'acme/bulkhead']));
    expect(find(result, 'acme/health-check')?.reasons).toContain('acme/circuit-breaker requires it');
    expect(find(result, 'globex/outbox')?.reasons).toContain('globex/saga requires it');
    expect(find(result, 'acme/bulkhead')?.reasons).toContain(
      '100% of the 4 teams that adopted acme/circuit-breaker also adopted it',
    );
    expect(find(result, 'acme/retry-with-backoff')?.reasons).toContain(
      'commonly used with acme/circuit-breaker',
    );
  });

  it('peer-endorsed: item-item cosine over co-adoption, with the peers as the reason', () => {
    expect(result.peerEndorsed.map((item) => item.listing.id)).toContain('hooli/feature-flags');
    expect(find(result, 'hooli/feature-flags')?.reasons).toContain(
      '1 team that adopted acme/circuit-breaker also adopted it',
    );
    // cos(circuit-breaker, feature-flags) = 1 / √(4 · 1)
    expect(find(result, 'hooli/feature-flags')?.score).toBeCloseTo(0.5, 12);
  });

  it('problem solvers: the challenges searched in the catalog', () => {
    expect(result.problemSolvers[0]?.listing.id).toBe('acme/rate-limiter');
    expect(result.problemSolvers[0]?.reasons[0]).toMatch(
      /^matches your challenge "too many requests from one client"/,
    );
  });

  it('problem solvers: English stop words in a challenge neither match nor show up as reasons', () => {
    const onlyStopWords = recommend(
      { ...context, challenges: ['the out of it'] },
      { index, events },
      { limit: 5 },
    );
    expect(onlyStopWords.problemSolvers).toEqual([]);
    for (const item of result.problemSolvers) {
      for (const reason of item.reasons) expect(reason).not.toMatch(/[(, ](from|too|many)[,)]/);
    }
  });

  it('personalized: compatible and close to the adopted patterns, with shared tags as the reason', () => {
    expect(result.personalized.length).toBeGreaterThan(0);
    for (const item of result.personalized)
      expect(item.reasons.join(' ')).toMatch(/close to what you adopted/);
    // an uninstalled pattern is not adopted any more, so it may be recommended again
    const noStack = recommend({ ...context, techStack: {} }, { index, events }, { limit: 20 });
    expect(all(noStack).map((item) => item.listing.id)).toContain('initech/cache-aside');
  });

  it('keeps lists diverse: at most ceil(limit · maxCategoryShare) items of one category', () => {
    const narrow = recommend(context, { index, events }, { limit: 4, maxCategoryShare: 0.25 });
    for (const list of Object.values(narrow)) {
      const categories = list.map((item: { listing: { category: string } }) => item.listing.category);
      expect(new Set(categories).size).toBe(categories.length);
    }
  });

  it('recommends popular, well-rated patterns to a team with no history', () => {
    const fresh = recommend({ team: 'newcomers' }, { index }, { limit: 3 });
    expect(fresh.personalized).toHaveLength(3);
    expect(fresh.personalized[0]?.reasons).toContain('well rated and widely adopted');
    expect(fresh.peerEndorsed).toEqual([]);
    expect(fresh.gapFillers).toEqual([]);
  });

  it('rejects a malformed context, event or option with a ValidationError', () => {
    for (const bad of [
      () => recommend({ team: 'Not Valid' }, { index }),
      () => recommend({ team: 'ok', adoptedPatterns: ['no-scope'] }, { index }),
      () => recommend({ team: 'ok' }, { index, events: [{ type: 'install' } as never] }),
      () => recommend({ team: 'ok' }, { index }, { limit: 0 }),
    ])
      expect(bad).toThrowError(expect.objectContaining({ code: 'E_VALIDATION' }));
  });
});

describe('recommend with precomputed co-adoption', () => {
  it('gives the lists the events give, from only the rows a store keeps around the team', () => {
    const fromEvents = recommend(context, { index, events });
    const full = coAdoptionFromEvents(events, context.team, context.adoptedPatterns);
    // What a store returns: only sources' rows and the adopter counts of the patterns in them.
    const adopters = new Map<string, number>();
    for (const [from, row] of full.together) {
      adopters.set(from, full.adopters.get(from) ?? 0);
      for (const id of row.keys()) adopters.set(id, full.adopters.get(id) ?? 0);
    }
    const coAdoption = { adopted: full.adopted, adopters, together: full.together };
    expect(recommend(context, { index, coAdoption })).toEqual(fromEvents);
    expect(recommend(context, { index, coAdoption, events: [] })).toEqual(fromEvents);
    expect(fromEvents.peerEndorsed.length + fromEvents.gapFillers.length).toBeGreaterThan(0);
  });
});
