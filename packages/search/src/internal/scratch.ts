/**
 * Typed arrays reused from query to query, each grown on demand and known by a name, and
 * the growth rule of the index's per-document arrays.
 *
 * - **Requirement:** a query over a large catalog needs several arrays of one entry per
 *   match; allocating them afresh each time (megabytes outside the JavaScript heap) made V8
 *   run full garbage collections of the whole index.
 * - **Oracle tests:** none of its own: results do not depend on it (callers write before they
 *   read); `search.property.test.ts` (update sequences, searching between changes) and
 *   `text-scorer.property.test.ts` (scores across changes) would show stale contents.
 * - **Plain alternative:** a new typed array per query. No separate figure was recorded: the
 *   reuse is part of the round that took search from p50 8.15 / p99 141.8 ms to p50 4.12 /
 *   p99 21.8 ms on the npm catalog (README *Benchmarks*, 2026-11-21).
 */

/**
 * Typed arrays reused from query to query, each grown on demand and known by a
 * name. A view is valid until the next request of the same name; its contents are whatever
 * was there (callers write before they read).
 */
export class ScratchArrays {
  private readonly int32Buffers = new Map<string, Int32Array>();
  private readonly float64Buffers = new Map<string, Float64Array>();
  private readonly uint32Buffers = new Map<string, Uint32Array>();

  /** An `Int32Array` view of `length` entries. */
  int32(name: string, length: number): Int32Array {
    return view(this.int32Buffers, name, length, (size) => new Int32Array(size));
  }

  /** A `Float64Array` view of `length` entries. */
  float64(name: string, length: number): Float64Array {
    return view(this.float64Buffers, name, length, (size) => new Float64Array(size));
  }

  /** A `Uint32Array` view of `length` entries. */
  uint32(name: string, length: number): Uint32Array {
    return view(this.uint32Buffers, name, length, (size) => new Uint32Array(size));
  }
}

function view<T extends Int32Array | Float64Array | Uint32Array>(
  buffers: Map<string, T>,
  name: string,
  length: number,
  make: (size: number) => T,
): T {
  let buffer = buffers.get(name);
  if (buffer === undefined || buffer.length < length) {
    buffer = make(grownCapacity(buffer?.length ?? 0, length));
    buffers.set(name, buffer);
  }
  return buffer.subarray(0, length) as T;
}

/**
 * The capacity to grow a per-document array to so that it holds `needed`
 * entries: at least 1.5× the current one (amortized O(1) per added document), at least 1,024.
 */
export function grownCapacity(current: number, needed: number): number {
  return Math.max(needed, Math.ceil(current * 1.5), 1024);
}

/** A copy of a typed array with room for `capacity` entries (the new ones 0). */
export function grown<T extends Int32Array | Uint32Array | Float64Array>(array: T, capacity: number): T {
  const next = new (array.constructor as new (length: number) => T)(capacity);
  next.set(array);
  return next;
}
