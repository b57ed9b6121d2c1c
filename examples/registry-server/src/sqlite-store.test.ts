import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStore, SQLITE_MIGRATIONS } from './sqlite-store.js';
import { describeRegistryStoreConformance, sampleVersion } from './store-conformance.js';

const dir = mkdtempSync(join(tmpdir(), 'pollinate-store-'));
let counter = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeRegistryStoreConformance('sqlite :memory:', () => openSqliteStore(':memory:'));
describeRegistryStoreConformance('sqlite file', () => openSqliteStore(join(dir, `store-${counter++}.db`)));

describe('sqlite store', () => {
  it('uses WAL on a file and keeps data across reopen', async () => {
    const file = join(dir, 'reopen.db');
    const store = openSqliteStore(file);
    const record = sampleVersion('acme/retry', '1.0.0');
    await store.putVersion(record, { distTag: 'latest' });
    await store.close();
    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.pragma('user_version', { simple: true })).toBe(SQLITE_MIGRATIONS.at(-1)?.version);
    raw.close();
    const again = openSqliteStore(file);
    expect(await again.getVersion('acme/retry', '1.0.0')).toEqual(record);
    await again.close();
  });

  it('refuses a database migrated by a newer registry', () => {
    const file = join(dir, 'newer.db');
    const raw = new Database(file);
    raw.pragma('user_version = 999');
    raw.close();
    expect(() => openSqliteStore(file)).toThrow(expect.objectContaining({ code: 'E_SCHEMA_TOO_NEW' }));
  });

  it('reports a corrupt record with a typed error instead of returning bad data', async () => {
    const file = join(dir, 'corrupt.db');
    const store = openSqliteStore(file);
    await store.putVersion(sampleVersion('acme/retry', '1.0.0'), { distTag: 'latest' });
    await store.close();
    const raw = new Database(file);
    raw.prepare(`UPDATE versions SET package = '{"listing":{}}'`).run();
    raw.close();
    const again = openSqliteStore(file);
    await expect(again.getVersion('acme/retry', '1.0.0')).rejects.toMatchObject({ code: 'E_CORRUPT_RECORD' });
    await again.close();
  });
});
