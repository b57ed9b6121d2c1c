/**
 * Ranking quality measures for offline evaluation (the evaluation suite in `bench/` and the
 * learned ranker's held-out evaluation use the same definitions).
 */

/** What {@link rankingMetrics} returns, each on [0, 1]. */
export interface RankingMetrics {
  /** Reciprocal rank of the first relevant item in the top `k` (0 when none). */
  reciprocalRank: number;
  /**
   * Normalized discounted cumulative gain at `k`:
   * `DCG = Σ_{i=1..k} (2^{gain_i} − 1) / log₂(i + 1)` over the ranked items, divided by the
   * DCG of the ideal order of the known gains (Järvelin & Kekäläinen, TOIS 2002, with the
   * exponential gain of Burges et al., ICML 2005). 0 when nothing is relevant.
   */
  ndcg: number;
  /** 1 when a relevant item is in the top `hitDepth`, else 0. */
  hit: number;
}

/**
 * Measures one ranked list against the known relevant items.
 *
 * @param ranked - ids, best first (only the first `k` are read)
 * @param relevant - relevant ids with their gain (> 0; binary relevance: 1 each); ids not in
 *   it have gain 0
 * @param k - cut-off of the reciprocal rank and nDCG, an integer ≥ 1. Default `10`.
 * @param hitDepth - cut-off of `hit`, an integer ≥ 1. Default `5`.
 * @returns {@link RankingMetrics}
 * @example
 * ```ts
 * rankingMetrics(['b', 'a', 'c'], new Map([['a', 1]])); // { reciprocalRank: 0.5, ndcg: 0.631, hit: 1 }
 * ```
 */
export function rankingMetrics(
  ranked: readonly string[],
  relevant: ReadonlyMap<string, number>,
  k = 10,
  hitDepth = 5,
): RankingMetrics {
  let dcg = 0;
  let reciprocalRank = 0;
  let hit = 0;
  const seen = new Set<string>();
  const depth = Math.min(k, ranked.length);
  for (let position = 0; position < Math.max(depth, Math.min(hitDepth, ranked.length)); position++) {
    const id = ranked[position] as string;
    if (seen.has(id)) continue; // a repeated id gains nothing twice
    seen.add(id);
    const gain = relevant.get(id) ?? 0;
    if (gain <= 0) continue;
    if (position < hitDepth) hit = 1;
    if (position >= depth) continue;
    if (reciprocalRank === 0) reciprocalRank = 1 / (position + 1);
    dcg += (2 ** gain - 1) / Math.log2(position + 2);
  }
  const ideal = [...relevant.values()].filter((gain) => gain > 0).sort((a, b) => b - a);
  let idealDcg = 0;
  for (let position = 0; position < Math.min(k, ideal.length); position++)
    idealDcg += (2 ** (ideal[position] as number) - 1) / Math.log2(position + 2);
  return { reciprocalRank, ndcg: idealDcg === 0 ? 0 : dcg / idealDcg, hit };
}
