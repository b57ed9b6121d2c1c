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
