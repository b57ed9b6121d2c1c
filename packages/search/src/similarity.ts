import { ValidationError, type ValidationIssue } from '@pollinate/core/model';

/**
 * A vector for {@link cosineSimilarity}: a set of features (an array or `Set` of strings,
 * each present feature counting 1, duplicates once) or a sparse vector (a `Map` or a plain
 * object from feature to a finite weight).
 */
export type FeatureVector =
  | readonly string[]
  | ReadonlySet<string>
  | ReadonlyMap<string, number>
  | Readonly<Record<string, number>>;

/**
 * Cosine similarity of two feature sets or sparse vectors: `a·b / (‖a‖ ‖b‖)`. For sets this
 * is `|A ∩ B| / √(|A| |B|)` (the Ochiai coefficient). The result is symmetric, in [−1, 1],
 * in [0, 1] when no weight is negative, 1 for identical non-zero vectors, and 0 when either
 * vector is empty or all zero.
 *
 * @param a - a {@link FeatureVector}
 * @param b - a {@link FeatureVector} (sets and sparse vectors may be mixed)
 * @returns the cosine of the angle between them, clamped to [−1, 1]
 * @throws `ValidationError` (from core) when a weight is not a finite number
 * @example
 * ```ts
 * cosineSimilarity(['EC2', 'RDS'], ['EC2', 'S3']); // 0.5
 * cosineSimilarity({ react: 2, node: 1 }, new Map([['react', 1]])); // 2 / √5 ≈ 0.894
 * ```
 */
export function cosineSimilarity(a: FeatureVector, b: FeatureVector): number {
  const left = scaled(toSparse(a, 'a'));
  const right = scaled(toSparse(b, 'b'));
  if (left.size === 0 || right.size === 0) return 0;
  let normLeft = 0;
  for (const value of left.values()) normLeft += value * value;
  let normRight = 0;
  for (const value of right.values()) normRight += value * value;
  const [small, large] = left.size <= right.size ? [left, right] : [right, left];
  // Summed in key order, so cosineSimilarity(a, b) and (b, a) round identically.
  const shared: string[] = [];
  for (const key of small.keys()) if (large.has(key)) shared.push(key);
  shared.sort();
  let dot = 0;
  for (const key of shared) dot += (left.get(key) as number) * (right.get(key) as number);
  const cosine = dot / (Math.sqrt(normLeft) * Math.sqrt(normRight));
  return Math.max(-1, Math.min(1, cosine));
}

/**
 * {@link cosineSimilarity} of one fixed vector against many feature sets (internal): the
 * fixed side is read, scaled and normed once instead of once per pair. Same arithmetic in
 * the same order as `cosineSimilarity(fixed, set)`, so the results are identical.
 *
 * @param fixed - the vector every call compares with
 * @returns a function of a feature set (strings; duplicates count once) to the cosine
 * @throws `ValidationError` (from core) when a weight of `fixed` is not a finite number
 */
export function cosineAgainst(fixed: FeatureVector): (set: readonly string[]) => number {
  const left = scaled(toSparse(fixed, 'a'));
  let normLeft = 0;
  for (const value of left.values()) normLeft += value * value;
  return (set) => {
    const right = new Set(set);
    if (left.size === 0 || right.size === 0) return 0;
    // A set's weights are all 1: its squared norm is its size and its scaling is none.
    const normRight = right.size;
    const shared: string[] = [];
    for (const key of right) if (left.has(key)) shared.push(key);
    shared.sort();
    let dot = 0;
    for (const key of shared) dot += (left.get(key) as number) * 1;
    const cosine = dot / (Math.sqrt(normLeft) * Math.sqrt(normRight));
    return Math.max(-1, Math.min(1, cosine));
  };
}

/** Divides a vector by its largest absolute weight (cosine is scale-free), so tiny or huge weights neither underflow nor overflow. */
function scaled(vector: Map<string, number>): Map<string, number> {
  let largest = 0;
  for (const value of vector.values()) largest = Math.max(largest, Math.abs(value));
  if (largest === 0 || largest === 1) return vector;
  const out = new Map<string, number>();
  for (const [key, value] of vector) out.set(key, value / largest);
  return out;
}

/** Reads any {@link FeatureVector} as a `Map` of finite weights (internal). */
export function toSparse(vector: FeatureVector, name: string): Map<string, number> {
  const out = new Map<string, number>();
  const issues: ValidationIssue[] = [];
  if (Array.isArray(vector) || vector instanceof Set) {
    for (const feature of vector as Iterable<unknown>) {
      if (typeof feature !== 'string') issues.push({ path: [name], message: 'set members must be strings' });
      else out.set(feature, 1);
    }
  } else if (vector instanceof Map) {
    for (const [key, value] of vector) add(out, String(key), value, [name, String(key)], issues);
  } else if (typeof vector === 'object' && vector !== null) {
    for (const [key, value] of Object.entries(vector)) add(out, key, value, [name, key], issues);
  } else {
    issues.push({ path: [name], message: 'must be an array, a Set, a Map or an object of weights' });
  }
  if (issues.length > 0) throw new ValidationError(issues, 'feature vector');
  return out;
}

function add(
  out: Map<string, number>,
  key: string,
  value: unknown,
  path: string[],
  issues: ValidationIssue[],
): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    issues.push({ path, message: 'must be a finite number' });
    return;
  }
  if (value !== 0) out.set(key, value);
}
