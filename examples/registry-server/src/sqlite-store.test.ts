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

  it('upgrades a version-1 file: aggregates are backfilled and the network blob becomes a snapshot', async () => {
    const file = join(dir, 'upgrade.db');
    const raw = new Database(file);
    raw.exec(SQLITE_MIGRATIONS[0]?.sql ?? '');
    raw.pragma('user_version = 1');
    const event = (team: string, type: string, at: string) =>
      JSON.stringify({ type, team, patternId: 'acme/retry', at });
    raw.prepare('INSERT INTO patterns VALUES (?, ?)').run('acme/retry', 'acme');
    const insert = raw.prepare('INSERT INTO adoption_events (pattern_id, team, event) VALUES (?, ?, ?)');
    insert.run('acme/retry', 'blue', event('blue', 'install', '2026-11-21T10:00:00.000Z'));
    insert.run('acme/retry', 'red', event('red', 'download', '2026-11-21T10:00:00.500Z'));
    raw.prepare('INSERT INTO reviews (id, pattern_id, status, reasons, review) VALUES (?, ?, ?, ?, ?)').run(
      'r1',
      'acme/retry',
      'accepted',
      '[]',
      JSON.stringify({
        id: 'r1',
        patternId: 'acme/retry',
        reviewer: 'bob',
        rating: 4,
        title: '',
        body: '',
        verifiedAdoption: false,
        createdAt: '2026-11-21T10:00:00.000Z',
      }),
    );
    raw.prepare('INSERT INTO network_state (id, bytes) VALUES (1, ?)').run(Buffer.from([1, 2, 3]));
    raw.close();
    const store = openSqliteStore(file);
    expect(await store.patternStats('acme/retry')).toMatchObject({
      reviewCount: 1,
      ratingSum: 4,
      installs: 1,
      downloads: 1,
      activeInstalls: 1,
      organizations: 2,
    });
    expect(await store.totals()).toEqual({ patterns: 1, versions: 0, acceptedReviews: 1, adoptionEvents: 2 });
    expect(await store.reviewerAccounts(['bob'])).toEqual(new Map([['bob', { reviewCount: 1 }]]));
    expect(
      await store.countAdoptionEvents({
        type: 'download',
        afterMs: Date.parse('2026-11-21T10:00:00.000Z'),
        throughMs: Date.parse('2026-11-21T10:00:01.000Z'),
      }),
    ).toBe(1);
    expect(await store.getNetworkSnapshot('default')).toEqual({
      bytes: new Uint8Array([1, 2, 3]),
      throughSequence: 0,
    });
    await store.close();
  });
});
