// Offline evaluation of recommend(): leave-one-adoption-out HitRate@10 on a generated
// adoption log with planted structure, against a most-popular baseline, in one process.
//
// The log: 400 patterns in 8 categories; 25 hidden "bundles" of 6 patterns that teams adopt
// together (the first of each bundle `requires` the second in its metadata); 600 teams, each
// adopting most of one or two bundles plus one to three popular patterns at random. For each
// evaluated team one adoption is held out; a method scores a hit when the held-out pattern is
// in its top 10. Runs several seeds and prints medians.
//
//   npm run bench -w packages/search   (or: node --import tsx bench/recommend.bench.ts)
import { type AdoptionEvent, type Listing, parseListing } from '@pollinate/core';
import { createIndex, type Recommendations, recommend } from '@pollinate/search';
import { median, seededRandom } from '../../../scripts/bench-harness.js';

const SEEDS = [1, 2, 3, 4, 5];
const PATTERNS = 400;
const CATEGORIES = [
  'data',
  'resilience',
  'delivery',
  'security',
  'api',
  'operations',
  'frontend',
  'messaging',
];
const BUNDLES = 25;
const BUNDLE_SIZE = 6;
const TEAMS = 600;
const EVALUATED = 200;

interface World {
  listings: Listing[];
  adoptions: Map<string, string[]>; // team → patterns in adoption order
}

function generate(seed: number): World {
  const random = seededRandom(seed);
  const id = (n: number) => `lib/pattern-${n}`;
  const bundles: number[][] = [];
  const used = new Set<number>();
  for (let b = 0; b < BUNDLES; b++) {
    const bundle: number[] = [];
    while (bundle.length < BUNDLE_SIZE) {
      const n = Math.floor(random() * PATTERNS);
      if (!used.has(n)) {
        used.add(n);
        bundle.push(n);
      }
    }
    bundles.push(bundle);
  }
  const requires = new Map<number, number>(
    bundles.map((bundle) => [bundle[0] as number, bundle[1] as number]),
  );
  const listings = Array.from({ length: PATTERNS }, (_, n) => {
    const category = CATEGORIES[n % CATEGORIES.length] as string;
    const required = requires.get(n);
    return parseListing({
      id: id(n),
      name: `Pattern ${n}`,
      version: '1.0.0',
      publisher: { id: 'lib', name: 'Library' },
      description: `A ${category} pattern, number ${n}.`,
      category,
      tags: [`${category}-core`, `topic-${n % 13}`],
      license: 'MIT',
      publishedAt: '2026-01-01T00:00:00Z',
      rating: { overall: 3 + random() * 2, reviewCount: Math.floor(random() * 20) },
      metadata:
        required === undefined
          ? {}
          : { relatedPatterns: [{ pattern: id(required), relationship: 'requires' }] },
    });
  });
  // Popularity: Zipf-like weights over a random order of the patterns.
  const order = Array.from({ length: PATTERNS }, (_, n) => n).sort(() => random() - 0.5);
  const weights = order.map((_, rank) => 1 / (rank + 1));
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const popular = (): number => {
    let r = random() * totalWeight;
    for (let i = 0; i < order.length; i++) {
      r -= weights[i] as number;
      if (r <= 0) return order[i] as number;
    }
    return order[0] as number;
  };
  const adoptions = new Map<string, string[]>();
  for (let t = 0; t < TEAMS; t++) {
    const mine = new Set<number>();
    const count = random() < 0.5 ? 1 : 2;
    for (let b = 0; b < count; b++) {
      const bundle = bundles[Math.floor(random() * bundles.length)] as number[];
      for (const n of bundle) if (random() < 0.75) mine.add(n);
    }
    const noise = 1 + Math.floor(random() * 3);
    for (let i = 0; i < noise; i++) mine.add(popular());
    adoptions.set(`team-${t}`, [...mine].sort(() => random() - 0.5).map(id));
  }
  return { listings, adoptions };
}

function eventsOf(adoptions: Map<string, string[]>): AdoptionEvent[] {
  const events: AdoptionEvent[] = [];
  let minute = 0;
  for (const [team, patterns] of adoptions)
    for (const patternId of patterns)
      events.push({
        type: 'install',
        team,
        patternId,
        at: new Date(Date.UTC(2026, 0, 1) + 60_000 * minute++).toISOString(),
      });
  return events;
}

function merged(result: Recommendations, limit: number): string[] {
  const lists = [result.gapFillers, result.peerEndorsed, result.personalized, result.problemSolvers];
  const out: string[] = [];
  for (let i = 0; out.length < limit && lists.some((list) => i < list.length); i++)
    for (const list of lists) {
      const item = list[i];
      if (item && out.length < limit) out.push(item.listing.id);
    }
  return out;
}

const rows: { seed: number; popular: number; merged: number; peer: number; evaluated: number; ms: number }[] =
  [];
for (const seed of SEEDS) {
  const world = generate(seed);
  const index = createIndex(world.listings, { validate: false });
  const random = seededRandom(seed * 7919);
  const teams = [...world.adoptions.keys()].filter((team) => (world.adoptions.get(team)?.length ?? 0) >= 3);
  const evaluated = teams.filter(() => random() < EVALUATED / teams.length).slice(0, EVALUATED);
  let hitsPopular = 0;
  let hitsMerged = 0;
  let hitsPeer = 0;
  const started = performance.now();
  for (const team of evaluated) {
    const own = world.adoptions.get(team) as string[];
    const heldOut = own[Math.floor(random() * own.length)] as string;
    const training = new Map(world.adoptions);
    training.set(
      team,
      own.filter((id) => id !== heldOut),
    );
    const events = eventsOf(training);
    // Most-popular baseline: the 10 most adopted patterns the team does not have.
    const counts = new Map<string, number>();
    for (const patterns of training.values())
      for (const id of patterns) counts.set(id, (counts.get(id) ?? 0) + 1);
    const has = new Set(training.get(team));
    const popular = [...counts]
      .filter(([id]) => !has.has(id))
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, 10)
      .map(([id]) => id);
    if (popular.includes(heldOut)) hitsPopular += 1;
    const result = recommend({ team }, { index, events }, { limit: 10 });
    if (merged(result, 10).includes(heldOut)) hitsMerged += 1;
    if (result.peerEndorsed.slice(0, 10).some((item) => item.listing.id === heldOut)) hitsPeer += 1;
  }
  rows.push({
    seed,
    popular: hitsPopular / evaluated.length,
    merged: hitsMerged / evaluated.length,
    peer: hitsPeer / evaluated.length,
    evaluated: evaluated.length,
    ms: (performance.now() - started) / evaluated.length,
  });
}

console.log(
  `\nleave-one-adoption-out HitRate@10, ${PATTERNS} patterns, ${TEAMS} teams, ${BUNDLES} planted bundles of ${BUNDLE_SIZE}; ` +
    `${rows[0]?.evaluated ?? 0} teams evaluated per seed, ${SEEDS.length} seeds (median)\n`,
);
console.log('| method | HitRate@10 (median) | per seed | × most popular |');
console.log('| --- | ---: | --- | ---: |');
const popularMedian = median(rows.map((row) => row.popular));
for (const [name, key] of [
  ['most popular (baseline)', 'popular'],
  ['recommend(): the four lists merged round-robin, top 10', 'merged'],
  ['recommend(): peerEndorsed alone, top 10', 'peer'],
] as const) {
  const values = rows.map((row) => row[key]);
  console.log(
    `| ${name} | ${median(values).toFixed(3)} | ${values.map((value) => value.toFixed(3)).join(', ')} | ${(median(values) / popularMedian).toFixed(2)}× |`,
  );
}
console.log(
  `\nrecommend() time per team (median over seeds): ${median(rows.map((row) => row.ms)).toFixed(1)} ms`,
);
