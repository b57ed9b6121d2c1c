// Test fixture (not exported by the package): the seeded helpers the planted-attack and
// slow-campaign evaluations of review screening build their review worlds with.
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** One day, milliseconds. */
export const DAY = 86_400_000;
/** The simulated year: 2025, UTC. */
export const YEAR_START = Date.UTC(2025, 0, 1);
export const YEAR_END = Date.UTC(2026, 0, 1);

/** A seeded PRNG (xoroshiro128+ from pure-rand), uniform on [0, 1), so every run sees the same data. */
export function seededRandom(seed: number): () => number {
  const generator = xoroshiro128plus(seed | 0);
  return () => uniformFloat64(generator);
}

/**
 * The random helpers of one seeded world, and its 600-word made-up vocabulary (drawn first,
 * so a world's reviews depend only on its seed): uniform reals and integers, a pick, a
 * standard normal (Box–Muller), sentences of vocabulary words and ISO 8601 times.
 */
export function worldTools(seed: number) {
  const random = seededRandom(seed);
  const between = (low: number, high: number) => low + random() * (high - low);
  const integer = (low: number, high: number) => Math.floor(between(low, high + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const syllables = [
    'ka',
    'lo',
    'mi',
    'ne',
    'ru',
    'ta',
    'shi',
    'vo',
    'pe',
    'da',
    'gu',
    'zen',
    'bor',
    'fi',
    'ul',
  ];
  const vocabulary = Array.from({ length: 600 }, () =>
    Array.from({ length: integer(2, 3) }, () => pick(syllables)).join(''),
  );
  const sentence = (low: number, high: number) =>
    Array.from({ length: integer(low, high) }, () => pick(vocabulary)).join(' ');
  const iso = (ms: number) => new Date(ms).toISOString();
  return { random, between, integer, pick, normal, vocabulary, sentence, iso };
}

/**
 * Honest reviewers of a world: `count` accounts created at any time from 2020 to late 2025
 * (recorded in `accounts`), each on one of 300 teams, with heavy-tailed activity
 * (`1 / (1 + i)^0.9`: many write one review, a few write dozens), and a draw that picks one
 * in proportion to its activity (binary search over the cumulative activity).
 */
export function honestReviewers(
  tools: Pick<ReturnType<typeof worldTools>, 'random' | 'between' | 'iso'>,
  accounts: Record<string, { createdAt?: string }>,
  count = 3000,
) {
  const pool = Array.from({ length: count }, (_, i) => {
    const id = `user${i}`;
    const createdAt = tools.between(Date.UTC(2020, 0, 1), Date.UTC(2025, 11, 1));
    accounts[id] = { createdAt: tools.iso(createdAt) };
    return { id, createdAt, team: `team${i % 300}`, activity: 1 / (1 + i) ** 0.9 };
  });
  const cumulative: number[] = [];
  let total = 0;
  for (const reviewer of pool) {
    total += reviewer.activity;
    cumulative.push(total);
  }
  const draw = () => {
    const target = tools.random() * total;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (cumulative[middle]! < target) low = middle + 1;
      else high = middle;
    }
    return pool[low]!;
  };
  return { pool, draw };
}
