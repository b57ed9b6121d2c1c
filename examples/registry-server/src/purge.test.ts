// Erasure plus purge leaves nothing: after a contributor is erased and the purge ran, the
// raw bytes of the SQLite database files, and of every table file of the registry's
// PostgreSQL schema, hold none of the erased contributions' ids or texts (nor the text of a
// record's older revision). Each scan first proves it would have found them before the purge.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as Automerge from '@automerge/automerge';
import { createPrivacyClient, createRegistryClient, type RegistryClient } from '@pollinate/client';
import type { Contribution } from '@pollinate/core';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import {
  NETWORK_SHARD,
  openPostgresStore,
  openSqliteStore,
  purgeRegistry,
  type RegistryStore,
  startRegistry,
} from './index.js';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
const ROOT_TSCONFIG = fileURLToPath(new URL('../../../tsconfig.json', import.meta.url));
/** A stable signing secret: the publishers' custodial pseudonyms survive a restart. */
const NETWORK = { signingSecret: new Uint8Array(32).fill(3) };
const TOKENS = { 'acme-token-0123456789': 'acme', 'zeta-token-0123456789': 'zeta' };
const dir = mkdtempSync(join(tmpdir(), 'pollinate-purge-'));
const url = process.env.POLLINATE_TEST_DATABASE_URL;
if (!url) throw new Error('POLLINATE_TEST_DATABASE_URL is not set (the vitest global setup sets it)');
const schema = `test_purge_${randomBytes(6).toString('hex')}`;

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
});

/** Distinct marks per run, so a hit can only come from this test's records. */
const mark = randomBytes(4).toString('hex');
const erasedIds = [0, 1, 2, 3].map((i) => `erase-${mark}-${i}`);
const erasedTexts = [0, 1, 2, 3].map((i) => `drain listener ${mark} pool ${i}`);
const keptIds = [0, 1, 2].map((i) => `keep-${mark}-${i}`);
const oldRevisionText = `rotate keystore ${mark} before cutover`;
const secrets = [...erasedIds, ...erasedTexts, oldRevisionText];

function migration(id: string, contributor: string, action: string): Contribution {
  return {
    id,
    contributor,
    sourceCloud: 'aws',
    targetCloud: 'azure',
    strategy: 'rehost',
    resourceTypes: ['EC2'],
    steps: [{ action, durationSeconds: 60, success: true }],
    success: true,
    durationHours: 2,
    costSavingsPercent: 10,
    contributedAt: '2026-11-20T10:00:00Z',
  };
}

/** Contributes acme's records (to be erased) and zeta's (kept; one rectified), then erases acme. */
async function contributeAndErase(baseUrl: string): Promise<{ acme: RegistryClient; zeta: RegistryClient }> {
  const [acme, zeta] = Object.keys(TOKENS).map((token) =>
    createRegistryClient({ baseUrl, token, retry: false, cache: false }),
  ) as [RegistryClient, RegistryClient];
  const acmePseudonym = (await createPrivacyClient(acme).getContributorIdentity()).pseudonym;
  const zetaPseudonym = (await createPrivacyClient(zeta).getContributorIdentity()).pseudonym;
  for (const [i, id] of erasedIds.entries()) {
    await acme.contribute(migration(id, acmePseudonym, erasedTexts[i] as string), { consent: true });
  }
  for (const [i, id] of keptIds.entries()) {
    const action = i === 0 ? oldRevisionText : 'switch traffic';
    await zeta.contribute(migration(id, zetaPseudonym, action), { consent: true });
  }
  await createPrivacyClient(zeta).rectifyContribution(
    migration(keptIds[0] as string, zetaPseudonym, 'switch traffic'),
  );
  expect((await acme.eraseContributor(acmePseudonym)).erased).toBe(erasedIds.length);
  return { acme, zeta };
}

/** Which of the secrets occur in the bytes. */
function found(bytes: Buffer): string[] {
  return secrets.filter((secret) => bytes.includes(secret));
}

/** Every string held in the network's stored bytes, decoded (snapshot and rows, every change). */
async function decodedNetwork(store: RegistryStore): Promise<string> {
  const texts: string[] = [];
  const snapshot = await store.getNetworkSnapshot(NETWORK_SHARD);
  const changes = snapshot ? Automerge.getAllChanges(Automerge.load(snapshot.bytes)) : [];
  for (const row of await store.readNetworkChanges(NETWORK_SHARD, 0)) changes.push(row.bytes);
  for (const change of changes) texts.push(JSON.stringify(Automerge.decodeChange(change)));
  return texts.join('\n');
}

describe('erasure plus purge leaves nothing in the stored bytes', () => {
  it('SQLite: the database, WAL and shared-memory files hold none of it after `registry purge`', async () => {
    const file = join(dir, 'purge.db');
    const filesBytes = () =>
      Buffer.concat(
        [file, `${file}-wal`, `${file}-shm`].filter(existsSync).map((path) => readFileSync(path)),
      );
    const registry = await startRegistry({
      db: file,
      tokens: TOKENS,
      maintenanceIntervalMs: 0,
      network: NETWORK,
    });
    await contributeAndErase(registry.url);
    await registry.close();
    // Erased at once (nothing counts), but still in the bytes until the purge: the scan works.
    expect(found(filesBytes()).sort()).toEqual([...secrets].sort());

    const run = spawnSync(process.execPath, ['--import', 'tsx', MAIN, 'purge', '--db', file], {
      env: { ...process.env, TSX_TSCONFIG_PATH: ROOT_TSCONFIG },
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout.trim().split('\n').at(-1) as string);
    expect(report).toMatchObject({ erasures: 1, epoch: 1, contributions: keptIds.length });

    expect(found(filesBytes())).toEqual([]);
    const store = openSqliteStore(file);
    const decoded = await decodedNetwork(store);
    for (const secret of secrets) expect(decoded).not.toContain(secret);
    for (const id of keptIds) expect(decoded).toContain(id);
    await store.close();

    // The registry serves the survivors from the compacted network.
    const again = await startRegistry({
      db: file,
      tokens: TOKENS,
      maintenanceIntervalMs: 0,
      network: NETWORK,
    });
    const zeta = createRegistryClient({ baseUrl: again.url, token: 'zeta-token-0123456789', retry: false });
    const exported = await zeta.exportContributor(
      (await createPrivacyClient(zeta).getContributorIdentity()).pseudonym,
    );
    expect(exported.contributions.map((c) => c.id)).toEqual(keptIds);
    expect(exported.contributions[0]?.steps[0]?.action).toBe('switch traffic');
    await again.close();
  });

  it('PostgreSQL: every table file of the schema holds none of it after the purge, and running instances go on', async () => {
    const registry = await startRegistry({ db: url, schema, tokens: TOKENS, maintenanceIntervalMs: 0 });
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    /** The bytes of every relation (tables, their TOAST tables, indexes) of the schema, as stored. */
    const tableBytes = async (): Promise<Buffer> => {
      await admin.query('CHECKPOINT');
      const { rows } = await admin.query<{ bytes: Buffer }>(
        `WITH own AS (SELECT c.oid, c.reltoastrelid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                      WHERE n.nspname = $1),
              rels AS (SELECT oid FROM own UNION SELECT reltoastrelid FROM own WHERE reltoastrelid <> 0
                       UNION SELECT i.indexrelid FROM pg_index i JOIN own ON i.indrelid = own.reltoastrelid)
         SELECT pg_read_binary_file(current_setting('data_directory') || '/' || pg_relation_filepath(oid)) AS bytes
         FROM rels WHERE pg_relation_filepath(oid) IS NOT NULL`,
        [schema],
      );
      return Buffer.concat(rows.map((row) => row.bytes));
    };
    try {
      const { zeta } = await contributeAndErase(registry.url);
      expect(found(await tableBytes()).sort()).toEqual([...secrets].sort());

      expect(await purgeRegistry({ db: url, schema })).toMatchObject({ erasures: 1, epoch: 1 });
      expect(found(await tableBytes())).toEqual([]);
      const store = await openPostgresStore(url, { schema, poolSize: 1 });
      const decoded = await decodedNetwork(store);
      for (const secret of secrets) expect(decoded).not.toContain(secret);
      await store.close();

      // The running instance heard the compaction, reloaded, and takes contributions on the new epoch.
      const pseudonym = (await createPrivacyClient(zeta).getContributorIdentity()).pseudonym;
      for (let i = 0; i < 100; i++) {
        if ((await zeta.stats()).contributions === keptIds.length) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await zeta.contribute(migration(`after-${mark}`, pseudonym, 'switch traffic'), { consent: true });
      const exported = await zeta.exportContributor(pseudonym);
      expect(exported.contributions.map((c) => c.id).sort()).toEqual([...keptIds, `after-${mark}`].sort());
    } finally {
      await admin.end();
      await registry.close();
    }
  });
});
