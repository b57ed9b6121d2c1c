import { isRecord } from '@pollinate/core/helpers';
import { fail, IssueCollector, requireNumber } from './internal/validation.js';

/** A local trust rating: `from` trusts (endorses) `to` with `weight`. */
export interface TrustEdge {
  /** The rating peer's id. */
  from: string;
  /** The rated peer's id. */
  to: string;
  /**
   * Local trust s_ij, finite. Several edges between the same pair add up; a negative total
   * (more distrust than trust) counts as 0, as in EigenTrust's max(s_ij, 0).
   */
  weight: number;
}

/** Options of {@link computeTrust}. */
export interface ComputeTrustOptions {
  /**
   * The pre-trusted peers P (non-empty): a list of ids (uniform p) or ids mapped to
   * positive weights (p proportional to them).
   */
  pretrusted: readonly string[] | Readonly<Record<string, number>>;
  /** a: the share of trust that restarts at the pre-trusted peers each step, in (0, 1]. @default 0.15 */
  restart?: number;
  /** ε: stop when the L1 change of the trust vector falls below this, > 0. @default 1e-10 */
  tolerance?: number;
  /** Safety cap on iterations (the documented bound is far lower for any sane `restart`). @default 10000 */
  maxIterations?: number;
}

/** What {@link eigenTrust} returns. */
export interface TrustResult {
  /** Global trust per peer id; non-negative, summing to 1. Ids are every `from`, `to` and pre-trusted peer. */
  trust: Map<string, number>;
  /** Iterations run. */
  iterations: number;
  /** L1 change of the last iteration (< `tolerance` when converged). */
  residual: number;
  /** Whether the iteration met `tolerance` before `maxIterations`. */
  converged: boolean;
  /** The documented iteration bound ⌊ln(ε/2)/ln(1 − a)⌋ + 1 for these options. */
  iterationBound: number;
}

interface Graph {
  ids: string[];
  /** CSR: row start offsets (length n + 1). */
  rowStart: Int32Array;
  columns: Int32Array;
  /** Normalized local trust c_ij. */
  values: Float64Array;
  dangling: Uint8Array;
  pretrust: Float64Array;
  restart: number;
  tolerance: number;
  maxIterations: number;
}

function buildGraph(edges: readonly TrustEdge[], options: ComputeTrustOptions): Graph {
  const subject = 'computeTrust options';
  if (!Array.isArray(edges)) fail([], 'must be an array of edges', 'trust edges');
  if (!isRecord(options)) fail([], 'must be an object with pretrusted peers', subject);
  const restart =
    options.restart === undefined ? 0.15 : requireNumber(options.restart, ['restart'], subject, 1e-9, 1);
  const tolerance =
    options.tolerance === undefined
      ? 1e-10
      : requireNumber(options.tolerance, ['tolerance'], subject, 1e-15, 2);
  const maxIterations =
    options.maxIterations === undefined
      ? 10_000
      : Math.floor(requireNumber(options.maxIterations, ['maxIterations'], subject, 1, 1e7));

  const pretrustInput = new Map<string, number>();
  const pre = options.pretrusted;
  if (Array.isArray(pre)) {
    pre.forEach((id, index) => {
      if (typeof id !== 'string' || id.length === 0)
        fail(['pretrusted', index], 'must be a peer id', subject);
      pretrustInput.set(id, 1);
    });
  } else if (isRecord(pre)) {
    for (const [id, weight] of Object.entries(pre)) {
      const value = requireNumber(weight, ['pretrusted', id], subject, 0, Number.MAX_VALUE);
      if (value > 0) pretrustInput.set(id, value);
    }
  } else fail(['pretrusted'], 'must be a list of peer ids or an object of peer weights', subject);
  if (pretrustInput.size === 0)
    fail(['pretrusted'], 'needs at least one pre-trusted peer with positive weight', subject);

  const issues = new IssueCollector('trust edges');
  const idSet = new Set<string>(pretrustInput.keys());
  for (let index = 0; index < edges.length; index++) {
    const edge = edges[index];
    if (!isRecord(edge)) {
      issues.add([index], 'must be an edge { from, to, weight }');
      continue;
    }
    if (typeof edge.from !== 'string' || edge.from.length === 0)
      issues.add([index, 'from'], 'must be a peer id');
    else idSet.add(edge.from);
    if (typeof edge.to !== 'string' || edge.to.length === 0) issues.add([index, 'to'], 'must be a peer id');
    else idSet.add(edge.to);
    if (typeof edge.weight !== 'number' || !Number.isFinite(edge.weight)) {
      issues.add([index, 'weight'], 'must be a finite number');
    }
  }
  issues.throwIfAny();

  // Sorted ids make the result independent of input order.
  const ids = [...idSet].sort();
  const n = ids.length;
  const indexOf = new Map<string, number>();
  for (let i = 0; i < n; i++) indexOf.set(ids[i]!, i);

  // Edges as index arrays, bucketed by rater (counting sort, O(edges)); each rater's
  // edges then sorted by (rated, weight), so duplicate pairs add up in a canonical order
  // and the floating-point result does not depend on input order.
  const edgeCount = edges.length;
  const fromIndex = new Int32Array(edgeCount);
  const toIndex = new Int32Array(edgeCount);
  const weights = new Float64Array(edgeCount);
  const rowCounts = new Int32Array(n + 1);
  for (let k = 0; k < edgeCount; k++) {
    const edge = edges[k]!;
    const from = indexOf.get(edge.from)!;
    fromIndex[k] = from;
    toIndex[k] = indexOf.get(edge.to)!;
    weights[k] = edge.weight;
    rowCounts[from + 1]!++;
  }
  for (let row = 0; row < n; row++) rowCounts[row + 1]! += rowCounts[row]!;
  const order = new Int32Array(edgeCount);
  const cursor = rowCounts.slice(0, n);
  for (let k = 0; k < edgeCount; k++) order[cursor[fromIndex[k]!]!++] = k;
  const byRatedThenWeight = (a: number, b: number) => toIndex[a]! - toIndex[b]! || weights[a]! - weights[b]!;

  const rowStart = new Int32Array(n + 1);
  const columns: number[] = [];
  const raw: number[] = [];
  for (let row = 0; row < n; row++) {
    rowStart[row] = columns.length;
    const start = rowCounts[row]!;
    const end = rowCounts[row + 1]!;
    if (end - start > 1) order.subarray(start, end).sort(byRatedThenWeight);
    let k = start;
    while (k < end) {
      const to = toIndex[order[k]!]!;
      let sum = 0;
      while (k < end && toIndex[order[k]!] === to) sum += weights[order[k++]!]!;
      // A peer's opinion of itself is not trust (c_ii = 0); net distrust counts as 0.
      if (to !== row && sum > 0) {
        columns.push(to);
        raw.push(sum);
      }
    }
  }
  rowStart[n] = columns.length;
  const values = new Float64Array(raw);
  const dangling = new Uint8Array(n);
  for (let row = 0; row < n; row++) {
    let total = 0;
    for (let k = rowStart[row]!; k < rowStart[row + 1]!; k++) total += values[k]!;
    if (total <= 0 || !Number.isFinite(total)) {
      dangling[row] = 1;
      continue;
    }
    for (let k = rowStart[row]!; k < rowStart[row + 1]!; k++) values[k]! /= total;
  }
  const pretrust = new Float64Array(n);
  let pretrustTotal = 0;
  for (const weight of pretrustInput.values()) pretrustTotal += weight;
  for (const [id, weight] of pretrustInput) pretrust[indexOf.get(id)!] = weight / pretrustTotal;
  return {
    ids,
    rowStart,
    columns: Int32Array.from(columns),
    values,
    dangling,
    pretrust,
    restart,
    tolerance,
    maxIterations,
  };
}

/**
 * EigenTrust with its details (Kamvar, Schlosser and Garcia-Molina, "The EigenTrust
 * Algorithm for Reputation Management in P2P Networks", WWW 2003), also known as
 * personalized PageRank restarting at the pre-trusted peers:
 *
 * 1. Normalized local trust c_ij = max(s_ij, 0) / Σ_j max(s_ij, 0); a peer that trusts
 *    nobody (a dangling row) trusts the pre-trusted distribution p instead.
 * 2. Start at t⁰ = p and iterate t^(k+1) = (1 − a)·Cᵀ t^k + a·p.
 * 3. Stop when ‖t^(k+1) − t^k‖₁ < ε.
 *
 * Because the step is a contraction with factor (1 − a) in L1 and ‖t⁰ − t*‖₁ ≤ 2, the loop
 * stops within ⌊ln(ε/2)/ln(1 − a)⌋ + 1 iterations (`iterationBound`; 146 for the defaults), and
 * the result is within ε·(1 − a)/a of the fixed point. A set S of sybils with no pre-trusted
 * member can hold at most ((1 − a)/a)·Σ_{i∉S} t_i·c_{i,S} in total, however many sybils or
 * edges inside S there are. Sparse: each iteration costs O(peers + edges).
 *
 * @param edges - local trust ratings; see {@link TrustEdge}
 * @param options - see {@link ComputeTrustOptions}
 * @returns see {@link TrustResult}
 * @throws {@link ValidationError} when an edge has a missing id or a non-finite weight,
 *   `pretrusted` is empty, or an option is out of range
 * @example
 * ```ts
 * const { trust, iterations } = eigenTrust(
 *   [{ from: 'alice', to: 'bob', weight: 3 }, { from: 'bob', to: 'carol', weight: 1 }],
 *   { pretrusted: ['alice'] },
 * );
 * ```
 */
export function eigenTrust(edges: readonly TrustEdge[], options: ComputeTrustOptions): TrustResult {
  const graph = buildGraph(edges, options);
  const { ids, rowStart, columns, values, dangling, pretrust, restart, tolerance, maxIterations } = graph;
  const n = ids.length;
  let current = Float64Array.from(pretrust);
  let next = new Float64Array(n);
  const keep = 1 - restart;
  let iterations = 0;
  let residual = Number.POSITIVE_INFINITY;
  while (iterations < maxIterations) {
    next.fill(0);
    let danglingMass = 0;
    for (let row = 0; row < n; row++) {
      const t = current[row]!;
      if (t === 0) continue;
      if (dangling[row]) {
        danglingMass += t;
        continue;
      }
      const scaled = keep * t;
      for (let k = rowStart[row]!; k < rowStart[row + 1]!; k++) next[columns[k]!]! += scaled * values[k]!;
    }
    const restartMass = restart + keep * danglingMass;
    let total = 0;
    for (let i = 0; i < n; i++) {
      next[i]! += restartMass * pretrust[i]!;
      total += next[i]!;
    }
    // Renormalize against floating-point drift so the scores sum to 1.
    residual = 0;
    for (let i = 0; i < n; i++) {
      next[i]! /= total;
      residual += Math.abs(next[i]! - current[i]!);
    }
    iterations++;
    [current, next] = [next, current];
    if (residual < tolerance) break;
  }
  const trust = new Map<string, number>();
  for (let i = 0; i < n; i++) trust.set(ids[i]!, current[i]!);
  return {
    trust,
    iterations,
    residual,
    converged: residual < tolerance,
    iterationBound: eigenTrustIterationBound(restart, tolerance),
  };
}

/**
 * The iteration bound of {@link eigenTrust}: ⌊ln(ε/2)/ln(1 − a)⌋ + 1 (1 when a = 1): the residual of iteration m is at most 2(1 − a)^m.
 *
 * @param restart - a, in (0, 1]
 * @param tolerance - ε, > 0
 * @returns the largest number of iterations the power iteration can need
 * @example
 * ```ts
 * eigenTrustIterationBound(0.15, 1e-10); // 146
 * ```
 */
export function eigenTrustIterationBound(restart: number, tolerance: number): number {
  if (restart >= 1 || tolerance > 2) return 1;
  return Math.floor(Math.log(tolerance / 2) / Math.log(1 - restart)) + 1;
}

/**
 * Global trust of every peer by EigenTrust (Kamvar, Schlosser and Garcia-Molina 2003)
 * over the reviewer endorsement graph; see {@link eigenTrust} for the algorithm, its
 * convergence bound and its sybil bound.
 *
 * @param edges - local trust ratings `{ from, to, weight }`
 * @param options - `pretrusted` (required), `restart` a (default 0.15), `tolerance` ε (default 1e-10)
 * @returns peer id → global trust, non-negative, summing to 1, independent of edge order
 * @throws {@link ValidationError} on a bad edge, an empty `pretrusted` or a bad option
 * @example
 * ```ts
 * const trust = computeTrust(
 *   [{ from: 'alice', to: 'bob', weight: 1 }, { from: 'bob', to: 'alice', weight: 1 }],
 *   { pretrusted: ['alice'] },
 * );
 * trust.get('alice'); // ≈ 0.54
 * ```
 */
export function computeTrust(edges: readonly TrustEdge[], options: ComputeTrustOptions): Map<string, number> {
  return eigenTrust(edges, options).trust;
}
