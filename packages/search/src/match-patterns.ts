import { parseWith } from '@pollinate/core/helpers';
import * as z from 'zod';
import { type Embedder, embedNormalized } from './embedder.js';
import { checkEmbedder } from './search-index.js';
import { cosineSimilarity } from './similarity.js';
import { embeddingWords } from './word-vectors.js';

/**
 * What {@link matchPatterns} needs of a pattern summary (the network's `PatternSummary`,
 * accepted structurally; extra fields are kept and returned untouched).
 */
export interface PatternSummaryLike {
  /** Where the migrations start, e.g. `'aws'`, `'on-prem'`. */
  sourceCloud: string;
  /** Where they land, e.g. `'gcp'`. */
  targetCloud: string;
  /** The migration strategy (`'rehost'`, `'refactor'`, …), when known. */
  strategy?: string;
  /** Resource types moved (`'EC2'`, `'RDS'`, …). */
  resourceTypes: readonly string[];
  /** The steps' aggregates, when known; their `action` names are the pattern's words for the free-text path. */
  steps?: readonly { action: string }[];
  /** Share of successful executions, 0–1. */
  successRate: number;
  /** Distinct contributors, an integer ≥ 0. */
  contributors: number;
}

/** What is being migrated: clouds, optional strategy and resource types. */
export interface PatternQuery {
  /** Source cloud; only patterns with exactly this source match. */
  sourceCloud: string;
  /** Target cloud; only patterns with exactly this target match. */
  targetCloud: string;
  /** When given, only patterns with exactly this strategy match. */
  strategy?: string;
  /** The resource types to move (compared case-insensitively, duplicates once). */
  resourceTypes: readonly string[];
  /**
   * The problem in words (`'move the session database without downtime'`), for the free-text
   * path: compared with each pattern's strategy, resource types and step actions, semantically
   * when `options.embedder` is given (the embedder's `similarity`, else the cosine of the
   * vectors), otherwise by the share of the text's content words (stop words excluded) the
   * pattern has. Adds `text × textSimilarity` to `similarity`.
   */
  text?: string;
}

/** Options of {@link matchPatterns}. */
export interface MatchOptions {
  /** The embedder of the free-text path (the same machinery as hybrid search). @default none (word overlap) */
  embedder?: Embedder;
}

/**
 * The weights of the seed's formula (the network design's similarity matcher):
 * `similarity = cosine·cos(types) + exactMatch·(exact matches / query size)` and
 * `score = similarity·similarity + successRate·successRate + contributors·ln(contributors + 1)`
 * (natural logarithm, as the seed's `Math.log`).
 */
export interface MatchWeights {
  /** Weight of the cosine of the resource-type sets inside `similarity`. @default 0.7 */
  cosine?: number;
  /** Weight of the share of query types found exactly inside `similarity`. @default 0.3 */
  exactMatch?: number;
  /** Weight of `similarity` in the score. @default 0.6 */
  similarity?: number;
  /** Weight of the success rate in the score. @default 0.3 */
  successRate?: number;
  /** Weight of `ln(contributors + 1)` in the score. @default 0.1 */
  contributors?: number;
  /** Weight of the free-text similarity inside `similarity` (only when the query has `text`). @default 0.3 */
  text?: number;
}

/** One matched pattern with its score and the parts of it. */
export interface PatternMatch<T extends PatternSummaryLike = PatternSummaryLike> {
  /** The summary as given. */
  pattern: T;
  /** The final score (higher is better; unbounded above because of the log term). */
  score: number;
  /** `cosine·cos + exactMatch·share`, in [0, cosine + exactMatch]. */
  similarity: number;
  /** Cosine of the resource-type sets, 0–1. */
  cosine: number;
  /** How many query resource types the pattern has. */
  exactMatches: number;
  /** The resource types both have (query spelling). */
  matchedResourceTypes: string[];
  /** With a query `text`: its similarity to the pattern, on [−1, 1] (0 without text). */
  textSimilarity: number;
}

const WeightsSchema = z.strictObject({
  cosine: z.number().min(0).finite().default(0.7),
  exactMatch: z.number().min(0).finite().default(0.3),
  similarity: z.number().min(0).finite().default(0.6),
  successRate: z.number().min(0).finite().default(0.3),
  contributors: z.number().min(0).finite().default(0.1),
  text: z.number().min(0).finite().default(0.3),
});

const name = z.string().min(1).max(200);
const QuerySchema = z.object({
  sourceCloud: name,
  targetCloud: name,
  strategy: name.optional(),
  resourceTypes: z.array(z.string().min(1).max(200)).max(1000),
  text: z.string().max(1000).optional(),
});
const SummarySchema = z.looseObject({
  sourceCloud: name,
  targetCloud: name,
  strategy: name.optional(),
  resourceTypes: z.array(z.string().max(200)).max(10_000),
  successRate: z.number().min(0).max(1),
  contributors: z.number().int().min(0).finite(),
});

/**
 * Ranks migration pattern summaries for a query with the seed's formula (network design,
 * similarity matcher): keep patterns with exactly the query's source and target cloud (and
 * strategy, when the query names one); `similarity = 0.7·cosine(resource types) +
 * 0.3·(exact matches / query size)`; `score = 0.6·similarity + 0.3·successRate +
 * 0.1·ln(contributors + 1)` — natural log, weights configurable ({@link MatchWeights}).
 * An empty query type list gives similarity 0. Pure; ties keep input order.
 *
 * @param query - {@link PatternQuery}
 * @param patterns - summaries (e.g. crdt-network's `listPatterns` output), accepted structurally
 * @param weights - {@link MatchWeights}; defaults are the seed's
 * @returns the matching patterns, best first
 * @throws `ValidationError` (from core) when the query, a summary (`successRate` outside
 *   0–1, negative `contributors` …) or a weight is malformed
 * @example
 * ```ts
 * const [best] = matchPatterns(
 *   { sourceCloud: 'aws', targetCloud: 'gcp', resourceTypes: ['EC2', 'RDS'] },
 *   summaries,
 * );
 * best?.score; // 0.6·similarity + 0.3·successRate + 0.1·ln(contributors + 1)
 * ```
 */
export function matchPatterns<T extends PatternSummaryLike>(
  query: PatternQuery,
  patterns: readonly T[],
  weights: MatchWeights = {},
  options: MatchOptions = {},
): PatternMatch<T>[] {
  checkEmbedder(options.embedder);
  const w = parseWith(WeightsSchema, weights, 'match weights');
  const q = parseWith(QuerySchema, query, 'pattern query');
  parseWith(z.array(SummarySchema), patterns, 'pattern summaries');
  const wanted = new Map<string, string>();
  for (const type of q.resourceTypes) {
    const key = type.toLowerCase();
    if (!wanted.has(key)) wanted.set(key, type);
  }
  const querySet = [...wanted.keys()];
  const matches: PatternMatch<T>[] = [];
  for (const pattern of patterns) {
    if (pattern.sourceCloud !== q.sourceCloud || pattern.targetCloud !== q.targetCloud) continue;
    if (q.strategy !== undefined && pattern.strategy !== q.strategy) continue;
    const own = new Set(pattern.resourceTypes.map((type) => type.toLowerCase()));
    const matched = querySet.filter((type) => own.has(type));
    const cosine = cosineSimilarity(querySet, own);
    const share = querySet.length === 0 ? 0 : matched.length / querySet.length;
    const textSimilarity =
      q.text === undefined || q.text.trim() === ''
        ? 0
        : textMatch(q.text, patternText(pattern), options.embedder);
    const similarity = w.cosine * cosine + w.exactMatch * share + w.text * textSimilarity;
    const score =
      w.similarity * similarity +
      w.successRate * pattern.successRate +
      w.contributors * Math.log(pattern.contributors + 1);
    matches.push({
      pattern,
      score,
      similarity,
      cosine,
      exactMatches: matched.length,
      matchedResourceTypes: matched.map((type) => wanted.get(type) as string),
      textSimilarity,
    });
  }
  return matches
    .map((match, position) => ({ match, position }))
    .sort((a, b) => b.match.score - a.match.score || a.position - b.position)
    .map(({ match }) => match);
}

/** A pattern summary's words: strategy, resource types and step actions. */
function patternText(pattern: PatternSummaryLike): string {
  return [
    pattern.strategy ?? '',
    ...pattern.resourceTypes,
    ...(pattern.steps ?? []).map((step) => step.action),
  ].join(' ');
}

/** Free text against a pattern's words: semantically with an embedder, else content-word overlap. */
function textMatch(text: string, own: string, embedder: Embedder | undefined): number {
  if (embedder !== undefined) {
    if (embedder.similarity !== undefined) return embedder.similarity(text, own);
    const [a, b] = embedNormalized(embedder, [text, own]) as [Float32Array, Float32Array];
    let dot = 0;
    for (let d = 0; d < a.length; d++) dot += (a[d] as number) * (b[d] as number);
    return dot;
  }
  const words = new Set(embeddingWords(text));
  if (words.size === 0) return 0;
  const mine = new Set(embeddingWords(own));
  let shared = 0;
  for (const word of words) if (mine.has(word)) shared++;
  return shared / words.size;
}
