/**
 * Selection helpers of the search: the first `k` items of a list, the `n`-th largest score,
 * and the ranks of a few items among many, without sorting everything.
 *
 * - **Requirement:** a page of hits costs O(n) or O(n log k), not a sort of every match: a
 *   common word matches all 226,974 npm packages, and only a page (or the re-ranked head of
 *   1,000) is shown.
 * - **Oracle tests:** `search.test.ts` *ordering of many text matches* (every page of a few
 *   hits equals the same slice of the fully sorted list; ties ordered by id) and
 *   `search.property.test.ts` (pages and update sequences against a trivially correct
 *   oracle).
 * - **Plain alternative:** `Array#sort` of every match. No separate figure was recorded for
 *   these helpers: they are part of the round that took search from p50 8.15 / p99 141.8 ms
 *   to p50 4.12 / p99 21.8 ms on the npm catalog (README *Benchmarks*, 2026-11-21).
 */

/**
 * The first `k` items of `items` in `compare` order, sorted (internal). Sorts everything
 * when `k` is a large share of the input; otherwise keeps a sorted buffer of `k` items
 * (O(n log k) comparisons), which is what paging needs.
 */
export function topK<T>(items: readonly T[], k: number, compare: (a: T, b: T) => number): T[] {
  if (k <= 0) return [];
  if (k * 4 >= items.length) return [...items].sort(compare).slice(0, k);
  const buffer: T[] = [];
  for (const item of items) {
    if (buffer.length === k && compare(item, buffer[k - 1] as T) >= 0) continue;
    let low = 0;
    let high = buffer.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compare(item, buffer[middle] as T) < 0) high = middle;
      else low = middle + 1;
    }
    buffer.splice(low, 0, item);
    if (buffer.length > k) buffer.pop();
  }
  return buffer;
}

/**
 * The 0-based ranks of some matches among all `count` matches: how many come before each in
 * `compare` order. `targets` must be sorted in that order. One pass over the matches, each
 * placed among the targets by binary search: O(count · log targets) comparisons.
 */
export function ranksAmong(
  targets: readonly number[],
  count: number,
  compare: (a: number, b: number) => number,
): Int32Array {
  const last = targets.length - 1;
  // starts[i]: the matches that come before targets[i] but not before targets[i − 1].
  const starts = new Int32Array(targets.length);
  for (let other = 0; other < count; other++) {
    if (compare(other, targets[last] as number) >= 0) continue; // before none of them
    let low = 0;
    let high = last;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compare(other, targets[middle] as number) < 0) high = middle;
      else low = middle + 1;
    }
    starts[low] = (starts[low] as number) + 1;
  }
  for (let position = 1; position <= last; position++)
    starts[position] = (starts[position] as number) + (starts[position - 1] as number);
  return starts;
}

/** The `n`-th largest value (1-based, `1 ≤ n ≤ values.length`), by Hoare's quickselect; reorders `values`. */
export function nthLargest(values: Float64Array, n: number): number {
  const target = values.length - n; // its position in ascending order
  let low = 0;
  let high = values.length - 1;
  while (low < high) {
    const pivot = values[(low + high) >>> 1] as number;
    let i = low;
    let j = high;
    while (i <= j) {
      while ((values[i] as number) < pivot) i++;
      while ((values[j] as number) > pivot) j--;
      if (i <= j) {
        const swap = values[i] as number;
        values[i] = values[j] as number;
        values[j] = swap;
        i++;
        j--;
      }
    }
    if (target <= j) high = j;
    else if (target >= i) low = i;
    else break;
  }
  return values[target] as number;
}
