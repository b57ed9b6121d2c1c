/**
 * Benchmarks of @pollinate/reputation, each beside a naive baseline, in one process:
 *
 * 1. aggregateRatings over 1M reviews of 10k patterns (per pattern, after grouping) and
 *    aggregateRatingsByPattern (one pass) vs one pass of plain means.
 * 2. screenReviews over 1M reviews; its near-duplicate search (MinHash LSH) vs the O(n²)
 *    pairwise Jaccard oracle on 4k texts, and LSH alone at 100k; screening then rating
 *    every pattern: grouping + aggregateRatings (baseline), aggregateRatingsByPattern, and
 *    screenReviews' own `aggregate` option.
 * 3. EigenTrust: sparse CSR iteration vs a dense matrix (2k peers), sparse on a 100k-edge
 *    10k-peer graph and a 1M-edge 100k-peer graph.
 * 4. scoreReputation over the 226,974 real npm packages of `npm-packages.tsv`, adoption
 *    from monthly downloads, vs min-max (catalog-relative) normalization, with how each
 *    spreads the real downloads.
 *
 * Run: `npm run bench -w packages/reputation` (or `BENCH_QUICK=1` for a smaller, faster run).
 */
import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Review } from '@pollinate/core';
import {
  aggregateRatings,
  aggregateRatingsByPattern,
  computeTrust,
  eigenTrust,
  findNearDuplicates,
  findNearDuplicatesPairwise,
  normalizeSignal,
  REPUTATION_ANCHORS,
  type ReviewerAccount,
  scoreReputation,
  screenReviews,
  type TrustEdge,
} from '@pollinate/reputation';
import { median, seededRandom } from '../../../scripts/bench-harness.js';

const quick = process.env.BENCH_QUICK === '1';
const loadAtStart = loadavg()[0]!;
const REVIEWS = quick ? 100_000 : 1_000_000;
const PATTERNS = quick ? 1_000 : 10_000;
const RUNS = quick ? 3 : 5;
const HEAVY_RUNS = 3;
/** Measured rounds of the interleaved screening rows (after one warm-up round). */
const SCREEN_RUNS = quick ? 3 : 5;

const gc = (globalThis as { gc?: () => void }).gc;
interface Row {
  task: string;
  method: string;
  size: string;
  medianMs: number;
  medianCpuMs: number;
  throughput: string;
  note: string;
}
const rows: Row[] = [];
function measure<T>(
  task: string,
  method: string,
  size: string,
  items: number,
  runs: number,
  fn: () => T,
  note: (result: T) => string = () => '',
): T {
  let result: T | undefined;
  const times: number[] = [];
  const cpuTimes: number[] = [];
  for (let run = 0; run < runs; run++) {
    gc?.();
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    result = fn();
    times.push(performance.now() - start);
    const cpu = process.cpuUsage(cpuStart);
    cpuTimes.push((cpu.user + cpu.system) / 1000);
  }
  const medianMs = median(times);
  const medianCpuMs = median(cpuTimes);
  const perSecond = (items / medianMs) * 1000;
  const throughput =
    perSecond >= 1e6 ? `${(perSecond / 1e6).toFixed(2)} M/s` : `${(perSecond / 1e3).toFixed(1)} k/s`;
  rows.push({ task, method, size, medianMs, medianCpuMs, throughput, note: note(result as T) });
  console.error(`  ${task} · ${method} · ${size}: ${medianMs.toFixed(1)} ms`);
  return result as T;
}

// ---------------------------------------------------------------------------------------------
// Data: reviews with texts, reviewer accounts, a trust graph.
console.error(
  `generating ${REVIEWS.toLocaleString('en')} reviews over ${PATTERNS.toLocaleString('en')} patterns…`,
);
const random = seededRandom(20261121);
const vocabulary = Array.from({ length: 5_000 }, (_, i) => `w${i.toString(36)}`);
const sentence = (low: number, high: number) => {
  const length = low + Math.floor(random() * (high - low + 1));
  const words: string[] = new Array(length);
  for (let i = 0; i < length; i++) words[i] = vocabulary[Math.floor(random() * vocabulary.length)]!;
  return words.join(' ');
};
const REVIEWERS = Math.floor(REVIEWS / 5);
const accounts: Record<string, ReviewerAccount> = {};
for (let i = 0; i < REVIEWERS; i++) {
  accounts[`u${i}`] = {
    createdAt: new Date(Date.UTC(2020, 0, 1) + random() * 5 * 365 * 86_400_000).toISOString(),
  };
}
const YEAR_START = Date.UTC(2025, 0, 1);
const reviews: Review[] = new Array(REVIEWS);
const copyText = sentence(20, 25);
for (let i = 0; i < REVIEWS; i++) {
  const pattern = Math.floor(random() * PATTERNS);
  const quality = 2.5 + ((pattern * 7919) % 100) / 50;
  const rating = Math.min(5, Math.max(1, Math.round(quality + (random() + random() + random() - 1.5) * 1.5)));
  reviews[i] = {
    id: `r${i}`,
    patternId: `team${pattern % 500}/pattern-${pattern}`,
    reviewer: `u${Math.floor(random() * REVIEWERS)}`,
    rating,
    title: '',
    // 1 % copy-paste spam so the duplicate search has clusters to find.
    body: i % 100 === 0 ? copyText : sentence(8, 30),
    verifiedAdoption: random() < 0.7,
    wouldRecommend: rating >= 4,
    createdAt: new Date(YEAR_START + random() * 365 * 86_400_000).toISOString(),
  };
}

// ---------------------------------------------------------------------------------------------
console.error('aggregateRatings…');
// Each section's own data lives in a block, so it is garbage before the next section (a
// live million-element array would make every later collection mark it again).
{
  const byPattern = new Map<string, Review[]>();
  for (const review of reviews) {
    const list = byPattern.get(review.patternId);
    if (list) list.push(review);
    else byPattern.set(review.patternId, [review]);
  }
  const groups = [...byPattern.values()];
  measure('aggregate 1 list', 'plain mean (baseline)', `${REVIEWS / 1e6}M reviews`, REVIEWS, RUNS, () => {
    let sum = 0;
    for (const review of reviews) sum += review.rating;
    return sum / reviews.length;
  });
  measure('aggregate 1 list', 'aggregateRatings', `${REVIEWS / 1e6}M reviews`, REVIEWS, RUNS, () =>
    aggregateRatings(reviews),
  );
  measure(
    'aggregate per pattern',
    'aggregateRatings',
    `${REVIEWS / 1e6}M / ${PATTERNS / 1e3}k patterns`,
    REVIEWS,
    RUNS,
    () => groups.map((group) => aggregateRatings(group).lowerBound),
  );
  measure(
    'aggregate per pattern',
    'aggregateRatingsByPattern',
    `${REVIEWS / 1e6}M / ${PATTERNS / 1e3}k patterns`,
    REVIEWS,
    RUNS,
    () => aggregateRatingsByPattern(reviews),
  );
  measure(
    'aggregate per pattern',
    'aggregateRatings + decay',
    `${REVIEWS / 1e6}M / ${PATTERNS / 1e3}k patterns`,
    REVIEWS,
    RUNS,
    () =>
      groups.map(
        (group) => aggregateRatings(group, { halfLifeDays: 180, now: '2026-01-01T00:00:00Z' }).lowerBound,
      ),
  );
}

// ---------------------------------------------------------------------------------------------
console.error('near-duplicates…');
{
  const texts = reviews.map((review) => review.body);
  const small = texts.slice(0, quick ? 2_000 : 4_000);
  const pairwise = measure(
    'near-duplicate search',
    'pairwise Jaccard O(n²) (baseline)',
    `${small.length / 1e3}k texts`,
    small.length,
    HEAVY_RUNS,
    () => findNearDuplicatesPairwise(small),
  );
  const lshSmall = measure(
    'near-duplicate search',
    'MinHash LSH + exact check',
    `${small.length / 1e3}k texts`,
    small.length,
    RUNS,
    () => findNearDuplicates(small),
  );
  let agree = 0;
  for (let i = 0; i < small.length; i++) if (pairwise[i] === lshSmall[i]) agree++;
  rows[rows.length - 1]!.note =
    `same clusters as pairwise for ${((100 * agree) / small.length).toFixed(2)} % of texts`;
  const clusterNote = (clusters: Int32Array) => {
    let duplicates = 0;
    for (let i = 0; i < clusters.length; i++) if (clusters[i]! >= 0 && clusters[i] !== i) duplicates++;
    return `${duplicates.toLocaleString('en')} near-duplicates found (planted: ${Math.ceil(clusters.length / 100) - 1})`;
  };
  measure(
    'near-duplicate search',
    'MinHash LSH + exact check',
    '100k texts',
    100_000,
    RUNS,
    () => findNearDuplicates(texts.slice(0, 100_000)),
    clusterNote,
  );
}
console.error('screenReviews…');
/**
 * Runs the cases round by round (one warm-up round, then `runs` measured ones), so each
 * sees the same machine state: the heavy screening rows on a shared machine.
 */
function measureInterleaved(
  size: string,
  items: number,
  runs: number,
  cases: { task: string; method: string; run: () => unknown; note?: (result: unknown) => string }[],
): void {
  const wall = cases.map(() => [] as number[]);
  const cpu = cases.map(() => [] as number[]);
  const notes: string[] = cases.map(() => '');
  for (let round = 0; round <= runs; round++) {
    cases.forEach((benchCase, index) => {
      gc?.();
      const cpuStart = process.cpuUsage();
      const start = performance.now();
      const result = benchCase.run();
      const elapsed = performance.now() - start;
      const used = process.cpuUsage(cpuStart);
      if (round === 0) {
        notes[index] = benchCase.note?.(result) ?? '';
        return;
      }
      wall[index]!.push(elapsed);
      cpu[index]!.push((used.user + used.system) / 1000);
    });
  }
  cases.forEach((benchCase, index) => {
    const medianMs = median(wall[index]!);
    const perSecond = (items / medianMs) * 1000;
    rows.push({
      task: benchCase.task,
      method: benchCase.method,
      size,
      medianMs,
      medianCpuMs: median(cpu[index]!),
      throughput: `${(perSecond / 1e3).toFixed(1)} k/s`,
      note: notes[index]!,
    });
    console.error(`  ${benchCase.task} · ${benchCase.method} · ${size}: ${medianMs.toFixed(1)} ms`);
  });
}
const screenSize = `${REVIEWS / 1e6}M / ${PATTERNS / 1e3}k patterns`;
const flaggedNote = (result: unknown) =>
  `${(result as ReturnType<typeof screenReviews>).flagged.length.toLocaleString('en')} flagged`;
measureInterleaved(screenSize, REVIEWS, SCREEN_RUNS, [
  {
    task: 'screenReviews (all 7 checks)',
    method: 'screenReviews',
    run: () => screenReviews(reviews, { accounts }),
    note: flaggedNote,
  },
  {
    task: 'screen + aggregate per pattern',
    method: 'screenReviews → group → aggregateRatings (baseline)',
    run: () => {
      const { accepted } = screenReviews(reviews, { accounts });
      const grouped = new Map<string, Review[]>();
      for (const review of accepted) {
        const list = grouped.get(review.patternId);
        if (list) list.push(review);
        else grouped.set(review.patternId, [review]);
      }
      return [...grouped.values()].map((group) => aggregateRatings(group).lowerBound);
    },
  },
  {
    task: 'screen + aggregate per pattern',
    method: 'screenReviews → aggregateRatingsByPattern',
    run: () => aggregateRatingsByPattern(screenReviews(reviews, { accounts }).accepted),
    note: (result) => `${(result as Map<string, unknown>).size.toLocaleString('en')} patterns rated`,
  },
  {
    task: 'screen + aggregate per pattern',
    method: 'screenReviews({ aggregate }) → ratingsByPattern',
    run: () => screenReviews(reviews, { accounts, aggregate: {} }),
    note: (result) => {
      const screened = result as ReturnType<typeof screenReviews>;
      return `${flaggedNote(screened)}, ${screened.ratingsByPattern!.size.toLocaleString('en')} patterns rated`;
    },
  },
]);

// ---------------------------------------------------------------------------------------------
console.error('EigenTrust…');
function trustGraph(peers: number, edges: number): TrustEdge[] {
  const list: TrustEdge[] = new Array(edges);
  for (let i = 0; i < edges; i++) {
    // Preferential endorsement: low ids (established reviewers) get more edges.
    const to = Math.floor(peers * random() ** 2);
    list[i] = {
      from: `p${Math.floor(random() * peers)}`,
      to: `p${to}`,
      weight: 1 + Math.floor(random() * 5),
    };
  }
  return list;
}
/** Dense baseline: the same EigenTrust iteration over a full n × n matrix. */
function denseEigenTrust(edges: TrustEdge[], pretrusted: string[], restart: number, tolerance: number) {
  const ids = [...new Set([...pretrusted, ...edges.flatMap((e) => [e.from, e.to])])].sort();
  const n = ids.length;
  const index = new Map(ids.map((id, i) => [id, i]));
  const matrix = new Float64Array(n * n);
  for (const e of edges) if (e.from !== e.to) matrix[index.get(e.from)! * n + index.get(e.to)!]! += e.weight;
  const p = new Float64Array(n);
  for (const id of pretrusted) p[index.get(id)!] = 1 / pretrusted.length;
  for (let i = 0; i < n; i++) {
    let total = 0;
    for (let j = 0; j < n; j++) total += Math.max(0, matrix[i * n + j]!);
    for (let j = 0; j < n; j++)
      matrix[i * n + j] = total > 0 ? Math.max(0, matrix[i * n + j]!) / total : p[j]!;
  }
  let t = Float64Array.from(p);
  for (let iteration = 0; iteration < 10_000; iteration++) {
    const next = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const ti = t[i]!;
      if (ti === 0) continue;
      for (let j = 0; j < n; j++) next[j]! += ti * matrix[i * n + j]!;
    }
    let delta = 0;
    for (let j = 0; j < n; j++) {
      next[j] = (1 - restart) * next[j]! + restart * p[j]!;
      delta += Math.abs(next[j]! - t[j]!);
    }
    t = next;
    if (delta < tolerance) break;
  }
  return new Map(ids.map((id, i) => [id, t[i]!]));
}
const pretrusted = ['p0', 'p1', 'p2', 'p3', 'p4'];
const tolerance = 1e-10;
const smallGraph = trustGraph(2_000, 20_000);
const dense = measure(
  'EigenTrust',
  'dense matrix (baseline)',
  '2k peers / 20k edges',
  20_000,
  HEAVY_RUNS,
  () => denseEigenTrust(smallGraph, pretrusted, 0.15, tolerance),
);
const sparse = measure('EigenTrust', 'sparse CSR (computeTrust)', '2k peers / 20k edges', 20_000, RUNS, () =>
  computeTrust(smallGraph, { pretrusted, tolerance }),
);
let maxDifference = 0;
for (const [id, value] of dense)
  maxDifference = Math.max(maxDifference, Math.abs(value - (sparse.get(id) ?? 0)));
rows[rows.length - 1]!.note = `largest difference from dense: ${maxDifference.toExponential(1)}`;
const midGraph = trustGraph(10_000, 100_000);
measure(
  'EigenTrust',
  'sparse CSR (computeTrust)',
  '10k peers / 100k edges',
  100_000,
  RUNS,
  () => eigenTrust(midGraph, { pretrusted, tolerance }),
  (result) => `${result.iterations} iterations (bound ${result.iterationBound})`,
);
if (!quick) {
  const bigGraph = trustGraph(100_000, 1_000_000);
  measure(
    'EigenTrust',
    'sparse CSR (computeTrust)',
    '100k peers / 1M edges',
    1_000_000,
    HEAVY_RUNS,
    () => eigenTrust(bigGraph, { pretrusted, tolerance }),
    (result) => `${result.iterations} iterations (bound ${result.iterationBound})`,
  );
}

// ---------------------------------------------------------------------------------------------
const here = dirname(fileURLToPath(import.meta.url));
const tsvPath = join(here, '..', '..', '..', '..', 'shared', 'datasets', 'npm-packages.tsv');
const spread: string[] = [];
if (existsSync(tsvPath)) {
  console.error('scoreReputation over npm-packages.tsv…');
  const lines = readFileSync(tsvPath, 'utf8').split('\n');
  const header = lines[0]!.split('\t');
  const column = header.indexOf('downloads_a_month');
  const downloads: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const value = Number(lines[i]!.split('\t')[column]);
    if (lines[i] && Number.isFinite(value)) downloads.push(value);
  }
  const n = downloads.length;
  const scores = measure(
    'scoreReputation (real npm catalog)',
    'scoreReputation, absolute anchors',
    `${(n / 1e3).toFixed(0)}k packages`,
    n,
    RUNS,
    () =>
      downloads.map((adoptionRate) =>
        scoreReputation({
          adoptionRate,
          codeQuality: 70,
          testCoverage: 70,
          userRatings: 3.8,
          updateFrequency: 4,
        }),
      ),
  );
  let maxDownloads = 0;
  for (const value of downloads) maxDownloads = Math.max(maxDownloads, value);
  const minMax = measure(
    'scoreReputation (real npm catalog)',
    'min-max normalization (baseline)',
    `${(n / 1e3).toFixed(0)}k packages`,
    n,
    RUNS,
    () => downloads.map((value) => value / maxDownloads),
  );
  const anchored = downloads.map((value) => normalizeSignal(value, REPUTATION_ANCHORS.adoptionRate));
  const quantiles = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return [0.1, 0.5, 0.9, 0.99].map((q) => sorted[Math.floor(q * (sorted.length - 1))]!);
  };
  const fmt = (values: number[]) => values.map((v) => v.toFixed(3)).join(' / ');
  spread.push(
    `Real data: ${n.toLocaleString('en')} npm packages, monthly downloads p10/p50/p90/p99 = ${quantiles(
      downloads,
    )
      .map((v) => v.toLocaleString('en'))
      .join(' / ')}.`,
    `Adoption score p10/p50/p90/p99 — absolute anchors: ${fmt(quantiles(anchored))}; min-max: ${fmt(quantiles(minMax))}.`,
    `Overall score p10/p50/p90/p99 (adoption from real downloads; code quality 70, coverage 70 %, rating 3.8★, 4 releases/yr fixed): ${quantiles(
      scores.map((score) => score.overall),
    )
      .map((v) => v.toFixed(1))
      .join(' / ')}.`,
  );
} else {
  spread.push(`npm-packages.tsv not found at ${tsvPath}: real-data rows skipped.`);
}

// ---------------------------------------------------------------------------------------------
console.log(
  `Machine: ${cpus().length}-core, Node ${process.versions.node}, load average ${loadAtStart.toFixed(1)} at the start and ${loadavg()[0]!.toFixed(1)} at the end; median of ${RUNS} runs (${HEAVY_RUNS} for the heaviest; the four screening rows alternate round by round, ${SCREEN_RUNS} rounds after a warm-up). CPU = user + system time of the process (includes GC threads).\n`,
);
console.log('| task | method | size | median wall | median CPU | throughput (wall) | note |');
console.log('| --- | --- | --- | ---: | ---: | ---: | --- |');
const duration = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);
for (const row of rows) {
  console.log(
    `| ${row.task} | ${row.method} | ${row.size} | ${duration(row.medianMs)} | ${duration(row.medianCpuMs)} | ${row.throughput} | ${row.note} |`,
  );
}
console.log('');
for (const line of spread) console.log(line);
