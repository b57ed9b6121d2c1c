import { ValidationError } from '@pollinate/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  evaluateRanker,
  fixedRanker,
  loadRanker,
  type RankingSession,
  rankerWeights,
  serializeRanker,
  sessionFromSearch,
  trainRanker,
} from './learned-ranker.js';
import { search } from './search.js';
import { createIndex } from './search-index.js';
import { CATALOG } from './test-catalog.js';

const unit = fc.double({ min: 0, max: 1, noNaN: true });
const sessionArbitrary: fc.Arbitrary<RankingSession> = fc
  .uniqueArray(fc.string({ minLength: 1, maxLength: 4 }), { minLength: 2, maxLength: 8 })
  .chain((ids) =>
    fc.record({
      candidates: fc.tuple(
        ...ids.map((id) => fc.record({ id: fc.constant(id), features: fc.tuple(unit, unit, unit, unit) })),
      ),
      chosen: fc.subarray(ids, { minLength: 1, maxLength: 2 }),
    }),
  );

/** Sessions where users pick the most adopted of the text matches (text alone misleads). */
function plantedSessions(seed: number, count: number): RankingSession[] {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  return Array.from({ length: count }, () => {
    const candidates = Array.from({ length: 10 }, (_, i) => ({
      id: `p${i}`,
      features: [0.5 + 0.5 * next(), next(), next(), 0],
    }));
    const best = [...candidates].sort((a, b) => (b.features[2] as number) - (a.features[2] as number))[0];
    return { candidates, chosen: [best?.id as string] };
  });
}

describe('learned ranker', () => {
  it('is a pure function of sessions and seed', () => {
    const sessions = plantedSessions(3, 50);
    expect(trainRanker(sessions, { seed: 9 })).toEqual(trainRanker(sessions, { seed: 9 }));
  });

  it('round-trips through JSON for any training data (property)', () => {
    fc.assert(
      fc.property(fc.array(sessionArbitrary, { maxLength: 6 }), fc.integer(), (sessions, seed) => {
        const model = trainRanker(sessions, { seed, epochs: 3 });
        expect(loadRanker(serializeRanker(model))).toEqual(model);
        for (const weight of model.weights) expect(weight).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 50 },
    );
  });

  it('learns what users prefer and beats the fixed weights on held-out sessions', () => {
    const model = trainRanker(plantedSessions(1, 200), { seed: 1 });
    const heldOut = plantedSessions(2, 100);
    const learned = evaluateRanker(model, heldOut);
    const fixed = evaluateRanker(fixedRanker(), heldOut);
    expect(learned.ndcg).toBeGreaterThan(fixed.ndcg + 0.1);
    expect(rankerWeights(model).adoption).toBeGreaterThan(rankerWeights(model).rating);
  });

  it('builds sessions from explained search results and plugs into ranking options', () => {
    const index = createIndex(CATALOG);
    const result = search(index, { text: 'retry', explain: true, limit: 10 });
    const session = sessionFromSearch(result, [result.hits[0]?.id as string]);
    expect(session.candidates).toHaveLength(result.hits.length);
    const model = trainRanker([session], { seed: 1 });
    const reranked = search(index, { text: 'retry', ranking: { weights: rankerWeights(model) } });
    expect(reranked.total).toBe(result.total);
    expect(() => sessionFromSearch(search(index, { text: 'retry' }), [])).toThrow(ValidationError);
  });

  it('refuses malformed sessions, options and models', () => {
    expect(() => trainRanker([{ candidates: [{ id: 'a', features: [2, 0, 0, 0] }], chosen: [] }])).toThrow(
      ValidationError,
    );
    expect(() => trainRanker([], { epochs: 0 })).toThrow(ValidationError);
    expect(() => loadRanker('{')).toThrow(ValidationError);
    expect(() => loadRanker(JSON.stringify({ ...fixedRanker(), weights: [-1, 0, 0, 0] }))).toThrow(
      ValidationError,
    );
  });
});
