/**
 * Registry benchmark (run by `npm run bench` in examples/registry-server, never by `npm test`).
 *
 * 1. Loads 10,000 real listings (the most-downloaded rows of ../shared/datasets/npm-packages.tsv)
 *    into a SQLite file and starts the registry from `src/main.ts` as a child process.
 * 2. autocannon, 50 connections, against `GET /api/v1/patterns/search?q=…` cycling through 200
 *    real query words — with the registry's search-page cache (default) and without it
 *    (`--search-cache 0`, a second child) — beside `GET /healthz` (the HTTP floor) and, in this
 *    process, direct `search(index, query)` calls (the library floor).
 * 3. Publish throughput: 200 packages over HTTP (10 in flight) beside direct `store.putVersion`.
 *
 * Each measurement runs RUNS times; the table shows medians. Goal: search p99 ≤ 100 ms and
 * ≥ 1,500 requests/s on a 2-core machine.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRegistryClient, fingerprintPackage } from '@pollinate/client';
import { type Listing, type PatternPackage, PatternPackageSchema } from '@pollinate/core';
import { createIndex, search } from '@pollinate/search';
import autocannon from 'autocannon';
import { median } from '../../../scripts/bench-harness.js';
import { samplePackage } from '../src/fixtures.js';
import { openSqliteStore } from '../src/sqlite-store.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const DURATION_SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const LISTINGS = 10_000;
const CONNECTIONS = 50;
const TOKEN = 'bench-token-0123456789';
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const DATASET = join(ROOT, '..', 'shared', 'datasets', 'npm-packages.tsv');
const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));

if (!existsSync(DATASET)) {
  console.error(`missing dataset ${DATASET}; the registry benchmark needs the npm catalog`);
  process.exit(process.env.CI ? 1 : 0);
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^[^a-z0-9]+/, '')
      .slice(0, 100) || 'x'
  );
}

/** The most-downloaded npm packages as registry packages (scope from `@scope/`, else `npm`). */
function loadCatalog(): { packages: PatternPackage[]; words: string[] } {
  const rows = readFileSync(DATASET, 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => line.split('\t'))
    .filter((cells) => cells.length >= 4 && cells[0])
    .map(([name = '', version = '', downloads = '0', summary = '']) => ({
      name,
      version,
      downloads: Number(downloads) || 0,
      summary,
    }))
    .sort((a, b) => b.downloads - a.downloads);
  const packages: PatternPackage[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    if (packages.length >= LISTINGS) break;
    const [scope, name] = row.name.startsWith('@') ? row.name.slice(1).split('/') : ['npm', row.name];
    const id = `${slug(scope ?? 'npm')}/${slug(name ?? row.name)}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const parsed = PatternPackageSchema.safeParse(
      samplePackage(id, '1.0.0', {
        listing: {
          name: row.name.slice(0, 200),
          description: row.summary.slice(0, 2000),
          category: 'npm',
          tags: [],
          adoption: { downloads: row.downloads, activeInstalls: 0, organizations: 0 },
        },
      }),
    );
    if (parsed.success) packages.push(parsed.data);
  }
  const words: string[] = [];
  for (let i = 0; i < packages.length && words.length < 200; i += 37) {
    const word = packages[i]?.listing.description.split(/\W+/).find((w) => w.length >= 4);
    if (word) words.push(word.toLowerCase());
  }
  return { packages, words };
}

function startChild(db: string, extra: string[] = []): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', MAIN, '--port', '0', '--db', db, '--rate-limit', 'off', ...extra],
    {
      env: { ...process.env, POLLINATE_TOKENS: `npm:${TOKEN}` },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /listening on (\S+)/.exec(output);
      if (match?.[1]) resolve({ child, url: match[1] });
    });
    child.once('exit', (code) => reject(new Error(`registry exited with ${code}`)));
  });
}

async function cannon(url: string, paths: string[]) {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION_SECONDS,
    requests: paths.map((path) => ({ method: 'GET' as const, path })),
  });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${result.non2xx} non-2xx responses and ${result.errors} errors from ${url}`);
  }
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

const dir = mkdtempSync(join(tmpdir(), 'pollinate-bench-'));
const { packages, words } = loadCatalog();
console.log(`catalog: ${packages.length} listings from npm-packages.tsv, ${words.length} query words`);

const db = join(dir, 'registry.db');
const store = openSqliteStore(db, { synchronous: 'normal' });
const loadStart = performance.now();
for (const pkg of packages) {
  const stamped: PatternPackage = { ...pkg, listing: { ...pkg.listing } };
  stamped.listing.fingerprint = fingerprintPackage(stamped);
  await store.putVersion(
    {
      id: pkg.listing.id,
      version: pkg.listing.version,
      publisher: pkg.listing.publisher.id,
      fingerprint: stamped.listing.fingerprint,
      publishedAt: pkg.listing.publishedAt,
      package: stamped,
    },
    { distTag: 'latest' },
  );
}
await store.close();
console.log(`loaded into SQLite in ${((performance.now() - loadStart) / 1000).toFixed(1)} s`);

const { child, url } = await startChild(db);
const uncached = await startChild(db, ['--search-cache', '0']);
const searchPaths = words.map((word) => `/api/v1/patterns/search?q=${encodeURIComponent(word)}&limit=20`);
for (const target of [url, uncached.url]) {
  // Warm-up: builds the index and passes over every query once (the cached server then serves warm pages).
  for (const path of searchPaths) {
    const warm = await fetch(`${target}${path}`);
    if (!warm.ok) throw new Error(`warm-up search failed with ${warm.status}`);
    await warm.arrayBuffer();
  }
}

// Library floor in this process: the same queries straight into the search package.
const index = createIndex(packages.map((pkg) => pkg.listing as Listing));

const SEARCH = 'GET /api/v1/patterns/search (page cache on, default)';
const rows: Record<string, { rps: number[]; p50: number[]; p99: number[] }> = {
  'GET /healthz (HTTP floor)': { rps: [], p50: [], p99: [] },
  [SEARCH]: { rps: [], p50: [], p99: [] },
  'GET /api/v1/patterns/search (--search-cache 0)': { rps: [], p50: [], p99: [] },
  'search() in process (library floor)': { rps: [], p50: [], p99: [] },
};
for (let run = 0; run < RUNS; run++) {
  for (const [name, target, paths] of [
    ['GET /healthz (HTTP floor)', url, ['/healthz']],
    [SEARCH, url, searchPaths],
    ['GET /api/v1/patterns/search (--search-cache 0)', uncached.url, searchPaths],
  ] as const) {
    const result = await cannon(target, [...paths]);
    rows[name]?.rps.push(result.rps);
    rows[name]?.p50.push(result.p50);
    rows[name]?.p99.push(result.p99);
  }
  const times: number[] = [];
  const start = performance.now();
  for (let i = 0; i < 2000; i++) {
    const t0 = performance.now();
    search(index, { text: words[i % words.length] ?? 'react', limit: 20 });
    times.push(performance.now() - t0);
  }
  const library = rows['search() in process (library floor)'];
  library?.rps.push(2000 / ((performance.now() - start) / 1000));
  library?.p50.push(percentile(times, 50));
  library?.p99.push(percentile(times, 99));
}

// Publish throughput: HTTP PUT (quality gates, anonymizer scan, fsync per commit) beside direct store writes.
const PUBLISHES = 200;
const client = createRegistryClient({ baseUrl: url, token: TOKEN, retry: 0 });
const publishRows: Record<string, number[]> = {
  'PUT /api/v1/patterns/… (10 in flight)': [],
  'store.putVersion in process (synchronous=full)': [],
};
for (let run = 0; run < RUNS; run++) {
  const batch = Array.from({ length: PUBLISHES }, (_, i) =>
    samplePackage(`npm/bench-publish-${run}-${i}`, '1.0.0', { listing: { tags: ['bench'] } }),
  );
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      while (next < batch.length) {
        const pkg = batch[next++];
        if (pkg) await client.publish(pkg);
      }
    }),
  );
  publishRows['PUT /api/v1/patterns/… (10 in flight)']?.push(
    PUBLISHES / ((performance.now() - start) / 1000),
  );

  const direct = openSqliteStore(join(dir, `direct-${run}.db`), { synchronous: 'full' });
  const directStart = performance.now();
  for (const input of batch) {
    const pkg = PatternPackageSchema.parse(input);
    await direct.putVersion({
      id: pkg.listing.id,
      version: pkg.listing.version,
      publisher: pkg.listing.publisher.id,
      fingerprint: fingerprintPackage(pkg),
      publishedAt: pkg.listing.publishedAt,
      package: pkg,
    });
  }
  publishRows['store.putVersion in process (synchronous=full)']?.push(
    PUBLISHES / ((performance.now() - directStart) / 1000),
  );
  await direct.close();
}

for (const process of [child, uncached.child]) {
  process.kill('SIGTERM');
  await new Promise((resolve) => process.once('exit', resolve));
}
rmSync(dir, { recursive: true, force: true });

console.log(
  `\nSearch, ${packages.length} listings, ${CONNECTIONS} connections, ${DURATION_SECONDS} s per run, medians of ${RUNS} runs (Node ${process.versions.node})\n`,
);
console.log('| target | requests/s | p50 ms | p99 ms |');
console.log('| --- | ---: | ---: | ---: |');
for (const [name, row] of Object.entries(rows)) {
  console.log(
    `| ${name} | ${median(row.rps).toFixed(0)} | ${median(row.p50).toFixed(2)} | ${median(row.p99).toFixed(2)} |`,
  );
}
console.log(`\nPublish throughput, ${PUBLISHES} packages per run, medians of ${RUNS} runs\n`);
console.log('| path | packages/s |');
console.log('| --- | ---: |');
for (const [name, values] of Object.entries(publishRows))
  console.log(`| ${name} | ${median(values).toFixed(0)} |`);
const searchRow = rows[SEARCH];
const p99 = median(searchRow?.p99 ?? []);
const rps = median(searchRow?.rps ?? []);
console.log(
  `\ngoal p99 ≤ 100 ms: ${p99 <= 100 ? 'met' : 'NOT met'} (${p99.toFixed(1)} ms); goal ≥ 1,500 req/s: ${rps >= 1500 ? 'met' : 'NOT met'} (${rps.toFixed(0)})`,
);
