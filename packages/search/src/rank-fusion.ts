import { compareStrings, parseWith } from '@pollinate/core/helpers';
import { ValidationError, type ValidationIssue } from '@pollinate/core/model';
import * as z from 'zod';

/**
 * How {@link fuseRankings} combines rankings:
 * - `rrf`: reciprocal rank fusion, `score(d) = Σᵢ wᵢ / (k + rankᵢ(d))` with 1-based ranks
 *   (Cormack, Clarke & Büttcher, "Reciprocal Rank Fusion outperforms Condorcet and individual
 *   Rank Learning Methods", SIGIR 2009; they use `k = 60`);
 * - `weighted`: weighted CombSUM of min–max normalized scores, `score(d) = Σᵢ wᵢ · normᵢ(d)`
 *   (Fox & Shaw, "Combination of Multiple Searches", TREC-2 1994; min–max normalization as in
 *   Lee, SIGIR 1997). A ranking whose items carry no scores is scored by rank:
 *   `norm = (n − rank) / (n − 1)` (1 for a single item).
 */
export type FusionMethod = 'rrf' | 'weighted';

/** One item of a {@link Ranking}: an id and, optionally, the score that ranked it. */
export interface RankedItem {
  /** The item's id (for listings, the listing id). */
  id: string;
  /** The ranking's own score for the item (any finite number, higher is better); used by `weighted`. */
  score?: number;
}

/** One ranking to fuse: items best first, with an optional name (for explanations) and weight. */
export interface Ranking {
  /** A label for the ranking, shown in {@link FusionContribution.ranking}. @default its position ('0', '1', …) */
  name?: string;
  /** How much the ranking counts, a finite number ≥ 0. @default 1 */
  weight?: number;
  /** Ids (or {@link RankedItem}s) best first. Later duplicates of an id are ignored. */
  items: readonly (string | RankedItem)[];
}

/** Options of {@link fuseRankings}. */
export interface FusionOptions {
  /** The fusion method. @default 'rrf' */
  method?: FusionMethod;
  /** RRF's rank constant `k`, a finite number > 0. @default 60 (Cormack et al. 2009) */
  k?: number;
  /**
   * How `weighted` normalizes each ranking's scores before weighting: `'min-max'` maps them
   * onto [0, 1] per ranking; `'none'` uses them as given (for scores already on a common
   * scale). Ignored by `rrf`.
   * @default 'min-max'
   */
  normalization?: 'min-max' | 'none';
  /** At most this many fused items are returned (integer ≥ 0). @default all */
  limit?: number;
}

/** How one ranking contributed to a fused score. */
export interface FusionContribution {
  /** The ranking's {@link Ranking.name}, or its position as a string. */
  ranking: string;
  /** The item's 1-based rank in that ranking (0 in browse explanations, which rank by signals alone). */
  rank: number;
  /** The ranking's own score for the item, when it had one. */
  score?: number;
  /** What this ranking added to the fused score. */
  contribution: number;
}

/** One fused item: its id, fused score and per-ranking contributions. */
export interface FusedItem {
  /** The item id. */
  id: string;
  /** The fused score (higher is better); for `rrf` in (0, Σwᵢ/(k+1)], for `weighted` with min–max normalization in [0, Σwᵢ]. */
  score: number;
  /** One entry per ranking that contains the item, in ranking order. */
  contributions: FusionContribution[];
}

const FusionOptionsSchema = z.strictObject({
  method: z.enum(['rrf', 'weighted']).default('rrf'),
  k: z.number().positive().finite().default(60),
  normalization: z.enum(['min-max', 'none']).default('min-max'),
  limit: z.number().int().min(0).optional(),
});

/**
 * Σ values, added in ascending order, so the floating-point result does not
 * depend on the order the values come in. Sorts `values` in place.
 */
export function sumInAnyOrder(values: number[]): number {
  if (values.length <= 8) {
    // Insertion sort: a few values (one per ranking) sort faster without a comparator call.
    for (let i = 1; i < values.length; i++) {
      const value = values[i] as number;
      let j = i - 1;
      while (j >= 0 && (values[j] as number) > value) {
        values[j + 1] = values[j] as number;
        j--;
      }
      values[j + 1] = value;
    }
  } else values.sort((a, b) => a - b);
  let sum = 0;
  for (const value of values) sum += value;
  return sum;
}

interface Entry {
  id: string;
  score: number;
  bestRank: number;
  contributions: FusionContribution[];
}

/**
 * Fuses several rankings of the same items into one, by reciprocal rank fusion or by a
 * weighted sum of normalized scores (see {@link FusionMethod} for the formulas and sources).
 * Pure: the inputs are not changed. An item missing from a ranking gets nothing from it.
 * Ties are broken by the item's best rank in any ranking, then by id, so the result is
 * deterministic.
 *
 * @param rankings - the rankings, each an array of ids best first or a {@link Ranking}
 * @param options - {@link FusionOptions}: `method` (default `'rrf'`), `k` (default `60`),
 *   `normalization` (default `'min-max'`), `limit`
 * @returns the fused items, best first, each with its score and contributions
 * @throws {@link ValidationError} when an option is out of range, a weight is negative or not
 *   finite, an id is not a string, or a score is not finite
 * @example
 * ```ts
 * const fused = fuseRankings([['a', 'b', 'c'], ['b', 'a']], { method: 'rrf', k: 60 });
 * fused.map((item) => item.id); // ['a', 'b', 'c'] (a and b tie at 1/61 + 1/62; a ranks first by id)
 * fuseRankings(
 *   [
 *     { name: 'text', weight: 1, items: [{ id: 'a', score: 12 }, { id: 'b', score: 3 }] },
 *     { name: 'rating', weight: 0.5, items: [{ id: 'b', score: 5 }, { id: 'a', score: 1 }] },
 *   ],
 *   { method: 'weighted' },
 * )[0]?.id; // 'a' (1 + 0 > 0 + 0.5)
 * ```
 */
export function fuseRankings(
  rankings: readonly (readonly (string | RankedItem)[] | Ranking)[],
  options: FusionOptions = {},
): FusedItem[] {
  const { method, k, normalization, limit } = parseWith(FusionOptionsSchema, options, 'fusion options');
  const lists = rankings.map((ranking, position) => normalizeRanking(ranking, position));
  const entries = new Map<string, Entry>();
  for (const list of lists) {
    const n = list.items.length;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    let scored = method === 'weighted' && n > 0;
    if (scored) {
      for (const item of list.items) {
        if (item.score === undefined) {
          scored = false;
          break;
        }
        if (item.score < min) min = item.score;
        if (item.score > max) max = item.score;
      }
    }
    list.items.forEach((item, index) => {
      const rank = index + 1;
      let contribution: number;
      if (method === 'rrf') contribution = list.weight / (k + rank);
      else if (scored && normalization === 'none') contribution = list.weight * (item.score as number);
      else if (scored)
        contribution = list.weight * (max > min ? ((item.score as number) - min) / (max - min) : 1);
      else contribution = list.weight * (n > 1 ? (n - rank) / (n - 1) : 1);
      let entry = entries.get(item.id);
      if (entry === undefined) {
        entry = { id: item.id, score: 0, bestRank: rank, contributions: [] };
        entries.set(item.id, entry);
      }
      if (rank < entry.bestRank) entry.bestRank = rank;
      const detail: FusionContribution = { ranking: list.name, rank, contribution };
      if (item.score !== undefined) detail.score = item.score;
      entry.contributions.push(detail);
    });
  }
  // Summed smallest first: the same items in any order of rankings get the very same
  // floating-point score, so ties (and the order they are broken in) do not depend on it.
  for (const entry of entries.values())
    entry.score = sumInAnyOrder(entry.contributions.map((detail) => detail.contribution));
  const fused = [...entries.values()].sort(
    (a, b) => b.score - a.score || a.bestRank - b.bestRank || compareStrings(a.id, b.id),
  );
  const limited = limit === undefined ? fused : fused.slice(0, limit);
  return limited.map(({ id, score, contributions }) => ({ id, score, contributions }));
}

interface NormalizedRanking {
  name: string;
  weight: number;
  items: RankedItem[];
}

function normalizeRanking(
  ranking: readonly (string | RankedItem)[] | Ranking,
  position: number,
): NormalizedRanking {
  const isList = Array.isArray(ranking);
  const source = isList ? (ranking as readonly (string | RankedItem)[]) : (ranking as Ranking).items;
  const name = isList ? String(position) : ((ranking as Ranking).name ?? String(position));
  const weight = isList ? 1 : ((ranking as Ranking).weight ?? 1);
  const issues: ValidationIssue[] = [];
  if (!Array.isArray(source)) issues.push({ path: [position, 'items'], message: 'must be an array' });
  if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0)
    issues.push({ path: [position, 'weight'], message: 'must be a finite number ≥ 0' });
  const items: RankedItem[] = [];
  const seen = new Set<string>();
  if (Array.isArray(source)) {
    source.forEach((raw, index) => {
      const item: RankedItem | undefined =
        typeof raw === 'string' ? { id: raw } : typeof raw === 'object' && raw !== null ? raw : undefined;
      const path = isList ? [position, index] : [position, 'items', index];
      if (item === undefined || typeof item.id !== 'string') {
        issues.push({ path, message: 'must be an id string or { id, score? }' });
        return;
      }
      if (item.score !== undefined && (typeof item.score !== 'number' || !Number.isFinite(item.score))) {
        issues.push({ path: [...path, 'score'], message: 'must be a finite number' });
        return;
      }
      if (seen.has(item.id)) return;
      seen.add(item.id);
      items.push(item.score === undefined ? { id: item.id } : { id: item.id, score: item.score });
    });
  }
  if (issues.length > 0) throw new ValidationError(issues, 'rankings');
  return { name, weight, items };
}
