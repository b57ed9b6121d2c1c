import { parseWith, seededRandom } from '@pollinate/core/helpers';
import { ValidationError } from '@pollinate/core/model';
import { z } from 'zod';
import { rankingMetrics } from './metrics.js';
import type { SearchResult } from './search.js';

/** The features a learned ranker weighs: the fusion's signals, each on [0, 1] (see `RankingOptions`). */
export const RANKER_FEATURES = ['text', 'rating', 'adoption', 'fit'] as const;
/** One of {@link RANKER_FEATURES}. */
export type RankerFeature = (typeof RANKER_FEATURES)[number];

/** A candidate shown for a query, with its feature values (in {@link RANKER_FEATURES} order). */
export interface RankedCandidate {
  /** The listing id. */
  id: string;
  /** Feature values on [0, 1], in {@link RANKER_FEATURES} order. */
  features: readonly number[];
}

/** What a user saw for one query and what they adopted (or clicked) among it. */
export interface RankingSession {
  /** The candidates shown, in any order. */
  candidates: readonly RankedCandidate[];
  /** The ids adopted or clicked: preferred over every other candidate of the session. */
  chosen: readonly string[];
}

/**
 * A linear ranking model (plain JSON): `score = Σ weights[i] · feature[i]`, weights ≥ 0 and
 * scaled so the text weight is 1 (when it is not 0) — the same form as the index's `weighted`
 * ranking, so {@link rankerWeights} turns it into ranking options.
 */
export interface RankerModel {
  format: 'pollinate-ranker';
  version: 1;
  features: RankerFeature[];
  weights: number[];
  /** What it was trained on. */
  training: { sessions: number; pairs: number; epochs: number; seed: number };
}

/** Options of {@link trainRanker}. */
export interface TrainRankerOptions {
  /** Seed of the pair order (training is a pure function of data and seed). Integer. @default 1 */
  seed?: number;
  /** Passes over the pairs, integer 1–10,000. @default 30 */
  epochs?: number;
  /** Step size of stochastic gradient descent, > 0. @default 0.05 */
  learningRate?: number;
  /** L2 penalty towards the starting weights, ≥ 0. @default 0.001 */
  l2?: number;
  /** Starting weights. @default the fixed weights of search: { text: 1, rating: 0.1, adoption: 0.1, fit: 0.1 } */
  start?: Partial<Record<RankerFeature, number>>;
}

const FIXED: Record<RankerFeature, number> = { text: 1, rating: 0.1, adoption: 0.1, fit: 0.1 };

const unit = z.number().min(0).max(1);
const SessionSchema = z.strictObject({
  candidates: z
    .array(z.strictObject({ id: z.string().min(1), features: z.array(unit).length(RANKER_FEATURES.length) }))
    .max(10_000),
  chosen: z.array(z.string().min(1)).max(10_000),
});
const OptionsSchema = z.strictObject({
  seed: z.number().int().default(1),
  epochs: z.number().int().min(1).max(10_000).default(30),
  learningRate: z.number().positive().finite().default(0.05),
  l2: z.number().min(0).finite().default(0.001),
  start: z
    .strictObject({
      text: z.number().min(0).finite().optional(),
      rating: z.number().min(0).finite().optional(),
      adoption: z.number().min(0).finite().optional(),
      fit: z.number().min(0).finite().optional(),
    })
    .default({}),
});

/** mulberry32 (core's `seededRandom`): uniform on [0, 1) from a seed. */
const seeded = seededRandom;

/**
 * Trains a linear pairwise ranker from sessions (RankNet's logistic loss on pairs, Burges et
 * al., ICML 2005): for every session, each chosen candidate should score above each candidate
 * not chosen; `loss = Σ log(1 + exp(−(s_chosen − s_other))) + l2 · ‖w − w₀‖²`, minimized by
 * stochastic gradient descent over the pairs in a seeded order, weights kept ≥ 0 (projected)
 * so each signal can only help, then scaled so the text weight is 1. Pure: the same sessions
 * and options give the same model.
 *
 * @param sessions - {@link RankingSession}s (features on [0, 1], in {@link RANKER_FEATURES} order)
 * @param options - {@link TrainRankerOptions}
 * @returns a {@link RankerModel} (plain JSON)
 * @throws `ValidationError` (from core) when a session or an option is malformed
 * @example
 * ```ts
 * const model = trainRanker(sessions, { seed: 7 });
 * const index = createIndex(listings, { ranking: { weights: rankerWeights(model) } });
 * ```
 */
export function trainRanker(
  sessions: readonly RankingSession[],
  options: TrainRankerOptions = {},
): RankerModel {
  const parsed = parseWith(z.array(SessionSchema).max(1_000_000), sessions, 'ranking sessions');
  const settings = parseWith(OptionsSchema, options, 'ranker options');
  const start = RANKER_FEATURES.map((name) => settings.start[name] ?? FIXED[name]);
  const pairs: [readonly number[], readonly number[]][] = [];
  for (const session of parsed) {
    const chosen = new Set(session.chosen);
    const preferred = session.candidates.filter((candidate) => chosen.has(candidate.id));
    const others = session.candidates.filter((candidate) => !chosen.has(candidate.id));
    for (const a of preferred) for (const b of others) pairs.push([a.features, b.features]);
  }
  const weights = [...start];
  const random = seeded(settings.seed);
  const order = pairs.map((_, position) => position);
  for (let epoch = 0; epoch < settings.epochs; epoch++) {
    // Fisher–Yates shuffle with the seeded generator.
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    for (const position of order) {
      const [a, b] = pairs[position] as [readonly number[], readonly number[]];
      let margin = 0;
      for (let f = 0; f < weights.length; f++)
        margin += (weights[f] as number) * ((a[f] as number) - (b[f] as number));
      const gradientScale = 1 / (1 + Math.exp(margin)); // σ(−margin)
      for (let f = 0; f < weights.length; f++) {
        const step =
          gradientScale * ((a[f] as number) - (b[f] as number)) -
          2 * settings.l2 * ((weights[f] as number) - (start[f] as number));
        weights[f] = Math.max(0, (weights[f] as number) + settings.learningRate * step);
      }
    }
  }
  const scale = (weights[0] as number) > 0 ? (weights[0] as number) : 1;
  return {
    format: 'pollinate-ranker',
    version: 1,
    features: [...RANKER_FEATURES],
    weights: weights.map((value) => value / scale),
    training: { sessions: parsed.length, pairs: pairs.length, epochs: settings.epochs, seed: settings.seed },
  };
}

/**
 * The model of fixed weights (today's defaults unless given), to compare a trained model with.
 *
 * @param weights - weights by feature (missing ones: the defaults)
 * @returns a {@link RankerModel} with no training
 * @example
 * ```ts
 * evaluateRanker(fixedRanker(), heldOut).ndcg;
 * ```
 */
export function fixedRanker(weights: Partial<Record<RankerFeature, number>> = {}): RankerModel {
  return {
    format: 'pollinate-ranker',
    version: 1,
    features: [...RANKER_FEATURES],
    weights: RANKER_FEATURES.map((name) => weights[name] ?? FIXED[name]),
    training: { sessions: 0, pairs: 0, epochs: 0, seed: 0 },
  };
}

/**
 * A model's weights as the index's ranking weights (`createIndex(…, { ranking: { weights } })`
 * or a query's `ranking` override).
 *
 * @param model - a {@link RankerModel}
 * @returns `{ text, rating, adoption, fit }`
 * @example
 * ```ts
 * search(index, { text: 'retry', ranking: { weights: rankerWeights(model) } });
 * ```
 */
export function rankerWeights(model: RankerModel): Record<RankerFeature, number> {
  const out = { ...FIXED };
  model.features.forEach((name, position) => {
    out[name] = model.weights[position] as number;
  });
  return out;
}

/**
 * Mean nDCG@k, MRR@k and Hit@5 of a model's order over sessions (the chosen ids are the
 * relevant ones; ties broken by the order given).
 *
 * @param model - a {@link RankerModel}
 * @param sessions - held-out {@link RankingSession}s
 * @param k - cut-off (default `10`)
 * @returns `{ ndcg, reciprocalRank, hit, sessions }`
 * @example
 * ```ts
 * evaluateRanker(model, heldOut).ndcg > evaluateRanker(fixedRanker(), heldOut).ndcg;
 * ```
 */
export function evaluateRanker(
  model: RankerModel,
  sessions: readonly RankingSession[],
  k = 10,
): { ndcg: number; reciprocalRank: number; hit: number; sessions: number } {
  const sums = { ndcg: 0, reciprocalRank: 0, hit: 0 };
  for (const session of sessions) {
    const scored = session.candidates.map((candidate, position) => ({
      id: candidate.id,
      position,
      score: candidate.features.reduce((sum, value, f) => sum + (model.weights[f] ?? 0) * value, 0),
    }));
    scored.sort((a, b) => b.score - a.score || a.position - b.position);
    const metrics = rankingMetrics(
      scored.map((item) => item.id),
      new Map(session.chosen.map((id) => [id, 1])),
      k,
    );
    sums.ndcg += metrics.ndcg;
    sums.reciprocalRank += metrics.reciprocalRank;
    sums.hit += metrics.hit;
  }
  const n = Math.max(1, sessions.length);
  return {
    ndcg: sums.ndcg / n,
    reciprocalRank: sums.reciprocalRank / n,
    hit: sums.hit / n,
    sessions: sessions.length,
  };
}

/**
 * A session from a search result made with `explain: true`: each hit's signals as features.
 *
 * @param result - what `search` returned (with explanations)
 * @param chosen - the ids the user adopted or clicked
 * @returns a {@link RankingSession}
 * @throws `ValidationError` (from core) when a hit has no explanation
 * @example
 * ```ts
 * sessionFromSearch(search(index, { text, explain: true, limit: 20 }), ['acme/retry']);
 * ```
 */
export function sessionFromSearch(result: SearchResult, chosen: readonly string[]): RankingSession {
  return {
    candidates: result.hits.map((hit, position) => {
      const signals = hit.explanation?.signals;
      if (signals === undefined)
        throw new ValidationError(
          [{ path: ['hits', position, 'explanation'], message: 'search with explain: true' }],
          'search result',
        );
      return {
        id: hit.id,
        features: [signals.text ?? 0, signals.rating, signals.adoption, signals.fit ?? 0].map((value) =>
          Math.min(1, Math.max(0, value)),
        ),
      };
    }),
    chosen: [...chosen],
  };
}

const ModelSchema = z.strictObject({
  format: z.literal('pollinate-ranker'),
  version: z.literal(1),
  features: z.array(z.enum(RANKER_FEATURES)).length(RANKER_FEATURES.length),
  weights: z.array(z.number().min(0).finite()).length(RANKER_FEATURES.length),
  training: z.strictObject({
    sessions: z.number().int().min(0),
    pairs: z.number().int().min(0),
    epochs: z.number().int().min(0),
    seed: z.number().int(),
  }),
});

/**
 * Serializes a model to JSON text (what a registry stores).
 *
 * @param model - a {@link RankerModel}
 * @returns JSON text for {@link loadRanker}
 * @example
 * ```ts
 * loadRanker(serializeRanker(model)); // deep-equals model
 * ```
 */
export function serializeRanker(model: RankerModel): string {
  return JSON.stringify(parseWith(ModelSchema, model, 'ranker model'));
}

/**
 * Loads a model written by {@link serializeRanker}, validated.
 *
 * @param json - the JSON text
 * @returns the {@link RankerModel}
 * @throws `ValidationError` (from core) when the text is not JSON or not a model of this version
 * @example
 * ```ts
 * const model = loadRanker(rankerJson); // what serializeRanker returned, e.g. read from a database
 * ```
 */
export function loadRanker(json: string): RankerModel {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new ValidationError([{ path: [], message: 'not JSON' }], 'ranker model');
  }
  return parseWith(ModelSchema, raw, 'ranker model') as RankerModel;
}
