import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createRegistryApp } from './app.js';
import type { AddressRateLimitOptions } from './middleware/address-rate-limit.js';
import { openPostgresStore, type PostgresRegistryStore } from './postgres-store.js';
import { openSqliteStore } from './sqlite-store.js';

// Per-address limits held across instances: three registry apps, each on a store of its own
// (its own connection pool and change-feed connection) on one PostgreSQL schema, as three
// processes behind a load balancer would be.

const url = process.env.POLLINATE_TEST_DATABASE_URL;
if (!url) throw new Error('POLLINATE_TEST_DATABASE_URL is not set (the vitest global setup sets it)');
const schemas: string[] = [];
const opened: PostgresRegistryStore[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
});
afterAll(async () => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
});

const limits: AddressRateLimitOptions = {
  anonymous: { points: 6, durationSeconds: 60 },
  failedAuth: { points: 4, durationSeconds: 60, blockSeconds: 120 },
};

async function instances(count: number, schema = `test_limits_${randomBytes(6).toString('hex')}`) {
  if (!schemas.includes(schema)) schemas.push(schema);
  const apps = [];
  for (let i = 0; i < count; i++) {
    const store = await openPostgresStore(url as string, { schema, poolSize: 2, log: () => undefined });
    opened.push(store);
    apps.push(
      createRegistryApp({
        store,
        tokens: 'acme:s3cret-acme-token',
        addressRateLimit: limits,
        clientAddress: () => '203.0.113.7',
      }),
    );
  }
  return { apps, schema };
}

const withToken = (token: string) =>
  new Request('http://registry/api/v1/stats', { headers: { authorization: `Bearer ${token}` } });
const anonymous = () => new Request('http://registry/api/v1/openapi.json');

async function until(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('per-address limits on PostgreSQL, across instances', () => {
  it('counts failed authentications of one address on every instance together, and every instance then refuses even its valid token', async () => {
    const { apps } = await instances(3);
    // Four failures allowed in all, spread round-robin over the three instances.
    for (let i = 0; i < 4; i++) {
      const response = await apps[i % 3]!.fetch(withToken(`wrong-guess-${i}`));
      expect(response.status).toBe(401);
    }
    // The fifth, on any instance, is over the shared limit: 429 (not three times four guesses).
    const fifth = await apps[1]!.fetch(withToken('wrong-guess-4'));
    expect(fifth.status).toBe(429);
    expect(Number(fifth.headers.get('retry-after'))).toBeGreaterThan(60);
    // Every instance hears the block through the change feed within a second and refuses
    // the right token too (a blocked guesser learns nothing from a right guess).
    for (const app of apps) {
      await until(async () => (await app.fetch(withToken('s3cret-acme-token'))).status === 429, 1_000);
    }
  });

  it('shares the anonymous budget of an address between instances', async () => {
    const { apps } = await instances(2);
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await apps[i % 2]!.fetch(anonymous())).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429, 429]);
  });

  it('a valid token costs no database work, and an instance started after a block knows it', async () => {
    const { apps, schema } = await instances(1);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const rows = async () =>
        Number(
          (await client.query(`SELECT count(*) AS n FROM ${pg.escapeIdentifier(schema)}.rate_limits`)).rows[0]
            .n,
        );
      expect((await apps[0]!.fetch(withToken('s3cret-acme-token'))).status).toBe(200);
      expect(await rows()).toBe(0);
      for (let i = 0; i < 5; i++) await apps[0]!.fetch(withToken(`wrong-${i}`));
      expect(await rows()).toBe(1);
      const { apps: later } = await instances(1, schema);
      expect((await later[0]!.fetch(withToken('s3cret-acme-token'))).status).toBe(429);
    } finally {
      await client.end();
    }
  });

  it('keeps per-instance memory counters on SQLite (one process owns the file)', async () => {
    const store = openSqliteStore(':memory:');
    try {
      const app = createRegistryApp({
        store,
        tokens: 'acme:s3cret-acme-token',
        addressRateLimit: limits,
        clientAddress: () => '203.0.113.7',
      });
      for (let i = 0; i < 4; i++) expect((await app.fetch(withToken(`wrong-${i}`))).status).toBe(401);
      expect((await app.fetch(withToken('wrong-4'))).status).toBe(429);
      expect((await app.fetch(withToken('s3cret-acme-token'))).status).toBe(429);
    } finally {
      await store.close();
    }
  });
});
