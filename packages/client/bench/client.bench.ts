/**
 * Client overhead benchmark (run by `npm run bench` in packages/client, never by `npm test`).
 *
 * Starts the reference registry in this process with 1,000 listings, then calls it one request
 * at a time: `client.search()` (ky + zod parsing of the page) beside a raw `fetch` +
 * `JSON.parse` of the same URL (the baseline), and `client.getPattern()` with the ETag cache
 * (a 304 revalidation) beside the same call with `cache: false`. Medians of RUNS runs.
 */
import { fingerprintPackage } from '@pollinate/client';
import { PatternPackageSchema } from '@pollinate/core';
import {
  openSqliteStore,
  samplePackage,
  startRegistry,
} from '../../../examples/registry-server/src/index.js';
import { median } from '../../../scripts/bench-harness.js';
import { createRegistryClient } from '../src/client.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const CALLS = 300;
const TOPICS = ['retry', 'cache', 'saga', 'outbox', 'bulkhead', 'circuit', 'queue', 'stream'];

const store = openSqliteStore(':memory:');
for (let i = 0; i < 1000; i++) {
  const topic = TOPICS[i % TOPICS.length] ?? 'retry';
  const pkg = PatternPackageSchema.parse(
    samplePackage(`acme/${topic}-${i}`, '1.0.0', {
      listing: { tags: [topic], description: `The ${topic} pattern, variant ${i}.` },
    }),
  );
  await store.putVersion(
    {
      id: pkg.listing.id,
      version: '1.0.0',
      publisher: 'acme',
      fingerprint: fingerprintPackage(pkg),
      publishedAt: pkg.listing.publishedAt,
      package: pkg,
    },
    { distTag: 'latest' },
  );
}
const registry = await startRegistry({ store, rateLimit: false });
const cached = createRegistryClient({ baseUrl: registry.url });
const uncached = createRegistryClient({ baseUrl: registry.url, cache: false });

async function time(call: (i: number) => Promise<unknown>): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < CALLS; i++) await call(i);
  return (performance.now() - start) / CALLS;
}

const rows: Record<string, number[]> = {
  'raw fetch + JSON.parse of a search page (baseline)': [],
  'client.search() (ky, zod-parsed page)': [],
  'client.getPattern(), cache: false (200 each time)': [],
  'client.getPattern(), ETag cache (304 revalidation)': [],
};
for (let run = 0; run < RUNS; run++) {
  const url = (i: number) => `${registry.url}/api/v1/patterns/search?q=${TOPICS[i % TOPICS.length]}&limit=20`;
  rows['raw fetch + JSON.parse of a search page (baseline)']?.push(
    await time(async (i) => JSON.parse(await (await fetch(url(i))).text())),
  );
  rows['client.search() (ky, zod-parsed page)']?.push(
    await time((i) => cached.search({ q: TOPICS[i % TOPICS.length] ?? 'retry', limit: 20 })),
  );
  rows['client.getPattern(), cache: false (200 each time)']?.push(
    await time((i) => uncached.getPattern(`acme/${TOPICS[i % 8]}-${i % 8}`)),
  );
  rows['client.getPattern(), ETag cache (304 revalidation)']?.push(
    await time((i) => cached.getPattern(`acme/${TOPICS[i % 8]}-${i % 8}`)),
  );
}
await registry.close();
await store.close();

console.log(
  `\nOne request at a time against an in-process registry (1,000 listings), ${CALLS} calls per run, medians of ${RUNS} runs (Node ${process.versions.node})\n`,
);
console.log('| call | ms per call | calls/s |');
console.log('| --- | ---: | ---: |');
for (const [name, values] of Object.entries(rows)) {
  const ms = median(values);
  console.log(`| ${name} | ${ms.toFixed(3)} | ${(1000 / ms).toFixed(0)} |`);
}
