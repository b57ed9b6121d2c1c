import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { testDatabaseUrl, testSchemas } from '../test/fixtures/postgres-schemas.js';
import { isPostgresUrl, openPostgresStore } from './postgres-store.js';
import { describeRegistryStoreConformance, sampleVersion } from './store-conformance.js';

const url = testDatabaseUrl();
const schemas = testSchemas('test_store');
const freshSchema = schemas.fresh;

describeRegistryStoreConformance(
  'postgres',
  () => openPostgresStore(url, { schema: freshSchema(), poolSize: 8 }),
  {
    openSibling: async (store) => {
      const schema = schemas.all.at(-1) as string;
      void store;
      return openPostgresStore(url, { schema, poolSize: 2 });
    },
  },
);

describe('postgres store', () => {
  it('recognizes postgres: and postgresql: URLs only', () => {
    expect(isPostgresUrl('postgres://u@h:5432/db')).toBe(true);
    expect(isPostgresUrl('postgresql://u@h/db')).toBe(true);
    expect(isPostgresUrl('./registry.db')).toBe(false);
    expect(isPostgresUrl(':memory:')).toBe(false);
  });

  it('migrates once when several instances open the same schema at the same time', async () => {
    const schema = freshSchema();
    const stores = await Promise.all([1, 2, 3].map(() => openPostgresStore(url, { schema, poolSize: 2 })));
    for (const store of stores) expect((await store.readiness()).ready).toBe(true);
    await stores[0]?.putVersion(sampleVersion('acme/retry', '1.0.0'), { advanceLatest: true });
    expect(await stores[2]?.count()).toEqual({ patterns: 1, versions: 1 });
    for (const store of stores) await store.close();
  });

  it('rolls back every row of a write that fails half-way', async () => {
    const schema = freshSchema();
    const store = await openPostgresStore(url, { schema, poolSize: 2 });
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    // A trigger that fails the aggregate update of one pattern: the event row must not stay behind.
    await admin.query(`CREATE FUNCTION ${schema}.refuse() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.pattern_id = 'acme/broken' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$`);
    await admin.query(
      `CREATE TRIGGER refuse BEFORE INSERT OR UPDATE ON ${schema}.pattern_stats FOR EACH ROW EXECUTE FUNCTION ${schema}.refuse()`,
    );
    await expect(
      store.addAdoptionEvent({
        type: 'install',
        team: 'blue',
        patternId: 'acme/broken',
        at: '2026-11-21T10:00:00.000Z',
      }),
    ).rejects.toThrow(/refused/);
    expect(await store.listAdoptionEvents({ patternId: 'acme/broken' })).toEqual([]);
    expect(await store.totals()).toMatchObject({ adoptionEvents: 0 });
    expect(await store.coAdoption('blue')).toMatchObject({ adopted: [] });
    await admin.end();
    await store.close();
  });
});
