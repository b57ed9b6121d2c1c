import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createRegistryClient, type RegistryClient } from '@pollinate/client';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migration } from '../test/fixtures/migration.js';
import { exited, waitForListening } from '../test/fixtures/registry-process.js';
import { samplePackage } from './fixtures.js';

// Three registry processes on one PostgreSQL database: a mixed read/write load round-robin,
// one instance killed with SIGKILL mid-burst and restarted, then every acknowledged write
// must be present and all three must answer identically.

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
const ROOT_TSCONFIG = fileURLToPath(new URL('../../../tsconfig.json', import.meta.url));
const base = process.env.POLLINATE_TEST_DATABASE_URL;
const NETWORK_SECRET = randomBytes(32).toString('hex');
if (!base) throw new Error('POLLINATE_TEST_DATABASE_URL is not set (the vitest global setup sets it)');
const database = `test_multi_${randomBytes(6).toString('hex')}`;
const url = Object.assign(new URL(base), { pathname: `/${database}` }).toString();
const TOKENS = {
  acme: 'acme-token-0123456789',
  zeta: 'zeta-token-0123456789',
  blue: 'blue-token-0123456789',
};
const children = new Set<ChildProcess>();

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

beforeAll(() => admin((client) => client.query(`CREATE DATABASE ${database}`)));
afterAll(async () => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await Promise.all([...children].map(exited));
  await admin((client) => client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
});

interface Instance {
  child: ChildProcess;
  url: string;
  output: () => string;
}

function start(): Promise<Instance> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', MAIN, '--port', '0', '--db', url, '--pool-size', '4', '--rate-limit', 'off'],
    {
      env: {
        ...process.env,
        POLLINATE_TOKENS: Object.entries(TOKENS)
          .map(([publisher, token]) => `${publisher}:${token}`)
          .join(','),
        TSX_TSCONFIG_PATH: ROOT_TSCONFIG,
        // One network signing secret for every instance: a publisher's custodial key (and so
        // its pseudonym) is the same whichever instance takes its contribution.
        POLLINATE_NETWORK_SECRET: NETWORK_SECRET,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.add(child);
  return waitForListening(child).then((listening) => ({ child, ...listening }));
}

const clients = (instance: Instance) => ({
  anonymous: createRegistryClient({ baseUrl: instance.url, retry: 0 }),
  acme: createRegistryClient({ baseUrl: instance.url, token: TOKENS.acme, retry: 0 }),
  zeta: createRegistryClient({ baseUrl: instance.url, token: TOKENS.zeta, retry: 0 }),
  blue: createRegistryClient({ baseUrl: instance.url, token: TOKENS.blue, retry: 0 }),
});

/** Polls `check` until it passes or `timeoutMs` elapses (then rethrows its last failure). */
async function eventually(check: () => Promise<void>, timeoutMs: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    try {
      await check();
      return Date.now() - started;
    } catch (error) {
      if (Date.now() - started > timeoutMs) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

/** What every instance must answer identically (volatile fields dropped). */
async function view(client: RegistryClient) {
  const stats = await client.stats();
  const search = await client.search({ q: 'pattern', limit: 100 });
  const rated = await client.search({ minRating: 4, limit: 100 });
  const network = await client.networkPatterns();
  return {
    // The clock moves between requests: `asOf` and the time-decayed trending scores differ.
    stats: {
      ...stats,
      marketplace: { ...stats.marketplace, asOf: null },
      trending: stats.trending.map(({ score: _score, ...item }) => item),
    },
    search: search.hits.map((hit) => [hit.id, hit.listing.version, hit.listing.rating, hit.listing.adoption]),
    rated: rated.hits.map((hit) => hit.id),
    network: network.patterns,
  };
}

describe('three registry instances on one PostgreSQL database', () => {
  it('survive kill -9 of one mid-burst: every acknowledged write is everywhere and all answer alike', async () => {
    const instances = await Promise.all([start(), start(), start()]);
    const live = [true, true, true];

    // Visible on the others within one second.
    await clients(instances[0] as Instance).acme.publish(samplePackage('acme/first', '1.0.0'));
    const seenAfterMs = await eventually(async () => {
      for (const instance of instances.slice(1)) {
        const page = await clients(instance).anonymous.search({ q: 'first' });
        expect(page.hits.map((hit) => hit.id)).toContain('acme/first');
      }
    }, 1_000);
    expect(seenAfterMs).toBeLessThan(1_000);

    const acknowledged = {
      versions: [] as { id: string; version: string; fingerprint: string }[],
      reviews: [] as { patternId: string; id: string }[],
      adoptions: 0,
      contributions: [] as string[],
    };
    let failures = 0;
    // The registry signs HTTP contributions with the publisher's custodial key and stores them
    // under that key's pseudonym, whatever the request named; the answer says which.
    let pseudonym = randomBytes(16).toString('hex');
    const operation = async (i: number) => {
      const target = (i + Math.floor(i / 6)) % 3;
      if (!live[target]) {
        failures++;
        return;
      }
      const client = clients(instances[target] as Instance);
      try {
        switch (i % 6) {
          case 0: {
            const result = await client.acme.publish(samplePackage(`acme/load-${i % 12}`, `1.0.${i}`));
            acknowledged.versions.push(result);
            break;
          }
          case 1: {
            const id = `review-${i}`;
            await client.zeta.submitReview('acme/first', { id, rating: 4 + (i % 2), body: `review ${i}` });
            acknowledged.reviews.push({ patternId: 'acme/first', id });
            break;
          }
          case 2:
            await client.blue.recordAdoption({
              patternId: 'acme/first',
              type: i % 4 === 0 ? 'install' : 'download',
            });
            acknowledged.adoptions++;
            break;
          case 3: {
            const result = await client.acme.contribute(
              migration(`contribution-${i}`, { contributor: pseudonym }),
              {
                consent: true,
              },
            );
            pseudonym = result.contributor;
            acknowledged.contributions.push(result.id);
            break;
          }
          case 4:
            await client.anonymous.search({ q: 'load' });
            break;
          default:
            await client.anonymous.stats();
        }
      } catch {
        failures++;
      }
    };

    // A bounded burst, eight requests in flight, round-robin over the instances.
    const TOTAL = 180;
    let next = 0;
    const worker = async () => {
      while (next < TOTAL) {
        const i = next++;
        if (i === 60) {
          live[1] = false;
          (instances[1] as Instance).child.kill('SIGKILL');
        }
        if (i === 120) {
          instances[1] = await start();
          live[1] = true;
        }
        await operation(i);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    // The kill landed mid-burst: requests to the dead instance failed, the others went on.
    expect(failures).toBeGreaterThan(0);
    expect(acknowledged.versions.length).toBeGreaterThan(10);
    expect(acknowledged.reviews.length).toBeGreaterThan(10);
    expect(acknowledged.contributions.length).toBeGreaterThan(10);

    await eventually(async () => {
      const views = await Promise.all(instances.map((instance) => view(clients(instance).anonymous)));
      expect(views[1]).toEqual(views[0]);
      expect(views[2]).toEqual(views[0]);
    }, 5_000);

    for (const instance of instances) {
      const { anonymous } = clients(instance);
      for (const ack of acknowledged.versions) {
        expect((await anonymous.getVersion(ack.id, ack.version)).fingerprint).toBe(ack.fingerprint);
      }
      const reviews = await anonymous.listReviews('acme/first', { includeFlagged: true });
      const ids = new Set(reviews.reviews.map((stored) => stored.review.id));
      for (const ack of acknowledged.reviews) expect(ids.has(ack.id), ack.id).toBe(true);
      const stats = await anonymous.stats();
      expect(stats.adoptionEvents).toBeGreaterThanOrEqual(acknowledged.adoptions);
      expect(stats.contributions).toBeGreaterThanOrEqual(acknowledged.contributions.length);
      expect(stats.marketplace.averageRating).not.toBeNull();
      const exported = await clients(instance).acme.exportContributor(pseudonym);
      const contributed = new Set(exported.contributions.map((contribution) => contribution.id));
      for (const id of acknowledged.contributions) expect(contributed.has(id), id).toBe(true);
    }
    // Ratings from accepted reviews reach the search documents (min-rating filter).
    const rated = await clients(instances[2] as Instance).anonymous.search({ minRating: 4 });
    expect(rated.hits.map((hit) => hit.id)).toContain('acme/first');

    for (const instance of instances) instance.child.kill('SIGTERM');
    await Promise.all(instances.map((instance) => exited(instance.child)));
  }, 60_000);
});
