// A seeded pseudo-random source for the simulation (xoroshiro128+ from pure-rand), so
// `--seed N` replays the same run.

import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** Seeded random helpers. Every draw advances the one generator, so call order matters. */
export interface Random {
  /** The seed this source started from. */
  readonly seed: number;
  /** A float in [0, 1). */
  float(): number;
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number;
  /** `true` with probability `p` (0–1). */
  chance(p: number): boolean;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** One element, chosen with probability proportional to its weight (weights ≥ 0, not all 0). */
  weighted<T>(items: readonly T[], weight: (item: T) => number): T;
  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[];
  /** `count` distinct elements (fewer when the list is shorter). */
  sample<T>(items: readonly T[], count: number): T[];
  /** `bytes` random bytes as lower-case hex. */
  hex(bytes: number): string;
  /** A string of `length` characters drawn from `alphabet`. */
  string(alphabet: string, length: number): string;
  /** A normally distributed number (Box–Muller). */
  normal(mean: number, standardDeviation: number): number;
  /** An independent source derived from this one (for a sub-simulation). */
  fork(): Random;
}

/** Creates a seeded random source; `seed` is any 32-bit integer. */
export function createRandom(seed: number): Random {
  const generator = xoroshiro128plus(seed | 0);
  const float = () => uniformFloat64(generator);
  const int = (min: number, max: number) => uniformInt(generator, min, max);
  const random: Random = {
    seed,
    float,
    int,
    chance: (p) => float() < p,
    pick(items) {
      if (items.length === 0) throw new RangeError('pick from an empty list');
      return items[int(0, items.length - 1)] as (typeof items)[number];
    },
    weighted(items, weight) {
      const weights = items.map((item) => Math.max(0, weight(item)));
      const total = weights.reduce((sum, value) => sum + value, 0);
      if (!(total > 0)) throw new RangeError('weighted pick needs a positive total weight');
      let target = float() * total;
      for (let i = 0; i < items.length; i++) {
        target -= weights[i] ?? 0;
        if (target < 0) return items[i] as (typeof items)[number];
      }
      return items[items.length - 1] as (typeof items)[number];
    },
    shuffle(items) {
      const copy = [...items];
      for (let i = copy.length - 1; i > 0; i--) {
        const j = int(0, i);
        [copy[i], copy[j]] = [copy[j] as (typeof copy)[number], copy[i] as (typeof copy)[number]];
      }
      return copy;
    },
    sample(items, count) {
      return random.shuffle(items).slice(0, Math.max(0, count));
    },
    hex(bytes) {
      let out = '';
      for (let i = 0; i < bytes; i++) out += int(0, 255).toString(16).padStart(2, '0');
      return out;
    },
    string(alphabet, length) {
      let out = '';
      for (let i = 0; i < length; i++) out += alphabet[int(0, alphabet.length - 1)];
      return out;
    },
    normal(mean, standardDeviation) {
      const u = 1 - float();
      const v = float();
      return mean + standardDeviation * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    fork: () => createRandom(int(-0x8000_0000, 0x7fff_ffff)),
  };
  return random;
}
