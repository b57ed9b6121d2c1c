// Shared timing helpers for every package's benchmarks (`npm run bench`): median, a seeded PRNG,
// an interleaved comparison table and the machine line.
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** One measured case: a label, and a function doing one run of the work. */
export interface BenchCase {
  name: string;
  run: () => unknown;
}

/** Median of the numbers. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * Runs every case `runs` times after `warmup` runs, interleaving the cases round by round so
 * a baseline and its contender see the same machine state, and prints a Markdown table of
 * medians with the ratio to the first case of the group.
 */
export function compare(
  title: string,
  cases: readonly BenchCase[],
  items: number,
  runs = 7,
  warmup = 2,
): void {
  const times = cases.map(() => [] as number[]);
  let sink = 0;
  for (let round = 0; round < warmup + runs; round += 1) {
    cases.forEach((benchCase, index) => {
      (globalThis as { gc?: () => void }).gc?.();
      const start = performance.now();
      const result = benchCase.run();
      const elapsed = performance.now() - start;
      sink += result === undefined ? 0 : 1;
      if (round >= warmup) times[index]!.push(elapsed);
    });
  }
  const medians = times.map(median);
  const base = medians[0]!;
  console.log(`\n### ${title}\n`);
  console.log(`| case | median ms (${runs} runs) | µs per item (${items} items) | × first |`);
  console.log('| --- | ---: | ---: | ---: |');
  cases.forEach((benchCase, index) => {
    const ms = medians[index]!;
    console.log(
      `| ${benchCase.name} | ${ms.toFixed(2)} | ${((ms * 1000) / items).toFixed(2)} | ${(ms / base).toFixed(2)} |`,
    );
  });
  if (sink < 0) console.log(sink);
}

/** A seeded PRNG (xoroshiro128+ from pure-rand), uniform on [0, 1), so every run sees the same data. */
export function seededRandom(seed: number): () => number {
  const generator = xoroshiro128plus(seed | 0);
  return () => uniformFloat64(generator);
}

/** Prints the machine line the README quotes. */
export function printMachine(): void {
  console.log(`Node ${process.version}, ${cpus().length} CPU(s): ${cpus()[0]?.model ?? 'unknown'}`);
}
