import { ValidationError } from '@pollinate/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Embedder } from './embedder.js';
import { englishEmbedder, englishWordVectors } from './english-word-vectors.js';
import { matchPatterns } from './match-patterns.js';
import { rankingMetrics } from './metrics.js';
import { recommend } from './recommend.js';
import { search } from './search.js';
import { add, createIndex } from './search-index.js';
import { loadIndex, serializeIndex } from './serialize.js';
import { STOP_WORDS } from './stop-words.js';
import { CATALOG, makeListing } from './test-catalog.js';
import { createWordVectorEmbedder, packWordVectors, unpackWordVectors } from './word-vectors.js';

const table = englishWordVectors();
const embedder = createWordVectorEmbedder(table);

const PATTERNS = [
  makeListing({
    id: 'acme/token-bucket',
    name: 'Token Bucket',
    description: 'Caps how many calls each client may make per second and rejects the excess.',
    tags: ['traffic'],
  }),
  makeListing({
    id: 'acme/blue-green',
    name: 'Blue Green',
    description: 'Two identical production environments; switch the router to release and back to undo.',
    tags: ['deployment'],
  }),
  makeListing({
    id: 'acme/outbox',
    name: 'Outbox',
    description: 'Writes events to a table in the same database transaction, then relays them to the broker.',
    tags: ['messaging'],
  }),
  makeListing({
    id: 'acme/vault',
    name: 'Vault',
    description: 'Keeps passwords, keys and certificates encrypted, hands them to services at runtime.',
    tags: ['security'],
  }),
];

describe('word-vector embedder', () => {
  it('is deterministic and independent of the other texts of a call (property)', () => {
    const word = fc.constantFrom(...table.words.slice(0, 3000), 'unknownword', 'the', '42');
    fc.assert(
      fc.property(
        fc.array(
          fc.array(word, { maxLength: 12 }).map((words) => words.join(' ')),
          { maxLength: 6 },
        ),
        (texts) => {
          const together = embedder.embed(texts);
          expect(together).toHaveLength(texts.length);
          texts.forEach((text, position) => {
            const alone = embedder.embed([text])[0] as Float32Array;
            expect(alone.length).toBe(embedder.dimension);
            expect(Array.from(together[position] as Float32Array)).toEqual(Array.from(alone));
          });
        },
      ),
      { numRuns: 50 },
    );
  });

  it('gives the zero vector to stop words and unknown words only', () => {
    const [stop, unknown, known] = embedder.embed(['the of and', 'qwzxv', 'retry']);
    expect(Array.from(stop as Float32Array).every((value) => value === 0)).toBe(true);
    expect(Array.from(unknown as Float32Array).every((value) => value === 0)).toBe(true);
    expect(Array.from(known as Float32Array).some((value) => value !== 0)).toBe(true);
  });

  it('puts related wording closer than unrelated wording', () => {
    const [query, near, far] = embedder.embed([
      'throttle requests from one client',
      'limit how many calls each client makes',
      'switch environments to release a new version',
    ]);
    const cos = (a: Float32Array, b: Float32Array) => {
      let dot = 0;
      let na = 0;
      let nb = 0;
      for (let d = 0; d < a.length; d++) {
        dot += (a[d] as number) * (b[d] as number);
        na += (a[d] as number) ** 2;
        nb += (b[d] as number) ** 2;
      }
      return dot / Math.sqrt(na * nb);
    };
    expect(cos(query as Float32Array, near as Float32Array)).toBeGreaterThan(
      cos(query as Float32Array, far as Float32Array),
    );
  });

  it('packs and unpacks any subset of the table exactly (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: table.words.length - 1 }), { maxLength: 40 }),
        (rows) => {
          const words = rows.map((row) => table.words[row] as string);
          const again = unpackWordVectors(JSON.parse(JSON.stringify(packWordVectors(table, words))));
          expect(new Set(again.words)).toEqual(new Set(words));
          for (const word of words) {
            const a = table.rows.get(word) as number;
            const b = again.rows.get(word) as number;
            expect(again.ranks[b]).toBe(table.ranks[a]);
            expect(again.scales[b]).toBe(table.scales[a]);
            expect(Array.from(again.vectors.subarray(b * 100, b * 100 + 100))).toEqual(
              Array.from(table.vectors.subarray(a * 100, a * 100 + 100)),
            );
          }
        },
      ),
      { numRuns: 30 },
    );
  });

  it('refuses a malformed table and bad options', () => {
    const packed = packWordVectors(table, ['retry']);
    expect(() => unpackWordVectors({ ...packed, vectors: '' })).toThrow(ValidationError);
    expect(() => createWordVectorEmbedder(table, { sifA: 0 })).toThrow(ValidationError);
  });
});

describe('hybrid search', () => {
  it('finds a pattern described in other words, and says why (never by a stop word)', () => {
    const index = createIndex([...CATALOG, ...PATTERNS], { embedder });
    const keywordOnly = createIndex([...CATALOG, ...PATTERNS]);
    const text = 'throttle requests so one client cannot flood the api';
    const { hits } = search(index, { text, explain: true, limit: 5 });
    // Both rate limiters answer it; keywords alone put the API gateway first ("one", "api").
    const answers = ['acme/rate-limiter', 'acme/token-bucket'];
    expect(answers).toContain(hits[0]?.id);
    expect(answers).not.toContain(search(keywordOnly, { text, limit: 5 }).hits[0]?.id);
    const explanation = hits[0]?.explanation;
    expect(explanation?.method).toBe('hybrid');
    expect(explanation?.semantic?.related.length).toBeGreaterThan(0);
    for (const hit of hits)
      for (const pair of hit.explanation?.semantic?.related ?? []) {
        expect(STOP_WORDS.has(pair.query)).toBe(false);
        expect(STOP_WORDS.has(pair.text)).toBe(false);
      }
    expect(explanation?.summary).toMatch(/reciprocal rank fusion of keyword and semantic rankings/);
    expect(explanation?.summary).not.toMatch(/matched[^;]*\b(so|cannot|the)\b/);
  });

  it('keeps exact names first and short lookups keyword-only', () => {
    const index = createIndex([...CATALOG, ...PATTERNS], { embedder });
    expect(search(index, { text: 'Outbox' }).hits[0]?.id).toBe('acme/outbox');
    const lookup = search(index, { text: 'retry backoff', explain: true });
    expect(lookup.hits[0]?.explanation?.method).not.toBe('hybrid');
  });

  it('applies filters to vector candidates and counts them in total and facets', () => {
    const index = createIndex([...CATALOG, ...PATTERNS], { embedder });
    const text = 'keep passwords and certificates out of the code repository';
    const all = search(index, { text });
    expect(all.hits.map((hit) => hit.id)).toContain('acme/vault');
    const filtered = search(index, { text, filters: { tags: ['deployment'] } });
    expect(filtered.hits.every((hit) => hit.listing.tags.includes('deployment'))).toBe(true);
    const security = all.facets.tags.find((facet) => facet.value === 'security');
    expect(security?.count).toBeGreaterThanOrEqual(1);
  });

  it('round-trips through serialization with only the vectors its listings use', () => {
    const index = createIndex([...CATALOG, ...PATTERNS], { embedder });
    const json = serializeIndex(index);
    const stored = JSON.parse(json).semantic;
    expect(stored.embedder).toBe(embedder.id);
    expect(stored.wordVectors.words.split(' ').length).toBeLessThan(1000);
    const withModel = loadIndex(json, { embedder });
    const alone = loadIndex(json); // with the stored word vectors only
    const same = (a: typeof index, b: typeof index, text: string) =>
      expect(search(b, { text }).hits.map((hit) => [hit.id, hit.score])).toEqual(
        search(a, { text }).hits.map((hit) => [hit.id, hit.score]),
      );
    for (const text of [
      'throttle requests so one client cannot flood the api',
      'undo a bad release quickly',
      'retry',
    ])
      same(index, withModel, text);
    // A query in the listings' own words gets the same vectors from the stored subset.
    for (const text of ['caps calls each client may make', 'two identical production environments switch'])
      same(index, alone, text);
  });

  it('refuses a malformed embedder, and a failing one changes nothing', () => {
    expect(() => createIndex(CATALOG, { embedder: { id: 'x', dimension: 0, embed: () => [] } })).toThrow(
      ValidationError,
    );
    let broken = false;
    const flaky: Embedder = {
      id: 'flaky',
      dimension: 3,
      embed: (texts) => texts.map(() => (broken ? new Float32Array(2) : Float32Array.of(1, 0, 0))),
    };
    const index = createIndex(CATALOG, { embedder: flaky });
    broken = true;
    expect(() => add(index, PATTERNS[0] as (typeof PATTERNS)[0])).toThrow(ValidationError);
    expect(index.has('acme/token-bucket')).toBe(false);
    expect(index.size).toBe(CATALOG.length);
  });

  it('recommends problem solvers through the same machinery, never for a stop word', () => {
    const index = createIndex([...CATALOG, ...PATTERNS], { embedder: englishEmbedder() });
    const { problemSolvers } = recommend(
      { team: 'payments', challenges: ['we keep leaking database passwords when the config is shared'] },
      { index, events: [] },
      { limit: 5 },
    );
    expect(problemSolvers.map((item) => item.listing.id)).toContain('acme/vault');
    for (const item of problemSolvers)
      for (const reason of item.reasons) {
        const inside = /\(([^)]*)\)$/.exec(reason)?.[1] ?? '';
        for (const word of inside.split(/[,≈ ]+/).filter(Boolean)) expect(STOP_WORDS.has(word)).toBe(false);
      }
  });
});

describe('ranking fixes', () => {
  it('ranks a listing matching every rare word above popular listings matching one in the name', () => {
    const index = createIndex([
      makeListing({
        id: 'npm/uuid',
        name: 'uuid',
        description: 'RFC 4122 ids',
        adoption: { downloads: 50_000_000 },
      }),
      makeListing({
        id: 'npm/versions',
        name: 'versions',
        description: 'list things',
        adoption: { downloads: 9_000_000 },
      }),
      makeListing({ id: 'npm/uuid-1345', name: 'uuid-1345', description: 'Generates uuids of all versions' }),
    ]);
    expect(search(index, { text: 'uuids versions' }).hits[0]?.id).toBe('npm/uuid-1345');
  });

  it('finds a name whose typo made another word (meteo-promise → meteor-promise)', () => {
    const index = createIndex([
      makeListing({ id: 'npm/meteor-promise', name: 'meteor-promise', description: 'Promises for Meteor' }),
      makeListing({
        id: 'npm/meteo',
        name: 'meteo',
        description: 'weather',
        adoption: { downloads: 1_000_000 },
      }),
      makeListing({
        id: 'npm/promise',
        name: 'promise',
        description: 'A+ promises',
        adoption: { downloads: 9_000_000 },
      }),
    ]);
    expect(search(index, { text: 'meteo-promise' }).hits[0]?.id).toBe('npm/meteor-promise');
  });
});

describe('rankingMetrics', () => {
  it('is on [0, 1], 1 for an ideal ranking (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 20 }),
        fc.integer({ min: 1, max: 5 }),
        (ids, relevantCount) => {
          const relevant = new Map(ids.slice(0, relevantCount).map((id) => [id, 1]));
          const ideal = rankingMetrics(ids, relevant);
          expect(ideal.ndcg).toBeCloseTo(1, 10);
          expect(ideal.reciprocalRank).toBe(1);
          const reversed = rankingMetrics([...ids].reverse(), relevant);
          for (const value of Object.values(reversed)) {
            expect(value).toBeGreaterThanOrEqual(0);
            expect(value).toBeLessThanOrEqual(1);
          }
        },
      ),
    );
  });
});

describe('matcher free-text path', () => {
  const base = {
    sourceCloud: 'aws',
    targetCloud: 'gcp',
    resourceTypes: ['RDS'],
    successRate: 0.9,
    contributors: 3,
  };
  const patterns = [
    { ...base, steps: [{ action: 'resize compute instances' }, { action: 'update autoscaling group' }] },
    { ...base, steps: [{ action: 'replicate database' }, { action: 'switch traffic to replica' }] },
  ];
  it('ranks by the problem in words, semantically with an embedder, and ignores stop words without one', () => {
    const query = {
      sourceCloud: 'aws',
      targetCloud: 'gcp',
      resourceTypes: ['RDS'],
      text: 'copy our sql tables to the new cloud',
    };
    const semantic = matchPatterns(query, patterns, {}, { embedder });
    expect(semantic[0]?.pattern).toBe(patterns[1]);
    expect(semantic[0]?.textSimilarity).toBeGreaterThan(semantic[1]?.textSimilarity as number);
    // Without text, both score the same (ties keep input order).
    const plain = matchPatterns({ ...query, text: undefined }, patterns);
    expect(plain[0]?.score).toBe(plain[1]?.score);
    // Word overlap without an embedder: only content words count.
    const overlap = matchPatterns({ ...query, text: 'the to of replicate' }, patterns);
    expect(overlap[0]?.pattern).toBe(patterns[1]);
    expect(overlap[0]?.textSimilarity).toBe(1);
  });
});
