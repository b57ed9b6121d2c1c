import { join } from 'node:path';
import { PollinateError, parsePatternPackage } from '@pollinate/core';
import { describe, expect, it } from 'vitest';
import { createRegistryApp } from './app.js';
import { parseRegistryCommand } from './command-line.js';
import { samplePackage } from './fixtures.js';
import { createOsvScanner, loadOsvAdvisories, osvRangeToSemver } from './osv-scanner.js';
import { openSqliteStore } from './sqlite-store.js';

// A real record's shape: GitHub's advisory GHSA-jf85-cpcp-j695 (CVE-2019-10744, lodash < 4.17.12).
const folder = join(import.meta.dirname, '../test/fixtures/osv');

describe('the OSV advisory scanner', () => {
  const advisories = loadOsvAdvisories(folder);
  const scanner = createOsvScanner({ advisories });
  const scan = async (requirements: Record<string, string>) =>
    scanner.scan(parsePatternPackage(samplePackage('acme/sample', '1.0.0', { fields: { requirements } })));

  it('reads the OSV record and turns its events into semver ranges', () => {
    expect(advisories.map((record) => record.id)).toEqual(['GHSA-jf85-cpcp-j695']);
    expect(osvRangeToSemver([{ introduced: '0' }, { fixed: '4.17.12' }])).toEqual(['>=0.0.0-0 <4.17.12']);
    expect(
      osvRangeToSemver([{ introduced: '1.0.0' }, { last_affected: '1.2.0' }, { introduced: '2.0.0' }]),
    ).toEqual(['>=1.0.0 <=1.2.0', '>=2.0.0']);
  });

  it('finds requirements whose range admits an affected version, with the advisory severity', async () => {
    expect(await scan({ lodash: '^4.17.0' })).toEqual([
      expect.objectContaining({
        severity: 'critical',
        rule: 'osv/GHSA-jf85-cpcp-j695',
        location: 'requirements.lodash',
      }),
    ]);
    expect(await scan({ 'lodash-es': '4.17.11' })).toHaveLength(1);
    expect(await scan({ lodash: '^4.17.12' })).toEqual([]);
    expect(await scan({ lodash: '>=4.17.21' })).toEqual([]);
    expect(await scan({ lodash: 'any recent version' })).toEqual([]); // free text: not a range
    expect(await scan({ underscore: '^1.0.0' })).toEqual([]);
  });

  it('the registry refuses a package depending on an affected range, and publishes the fixed one', async () => {
    const store = openSqliteStore(':memory:');
    const app = createRegistryApp({
      store,
      tokens: 'acme:acme-token-0123456789',
      rateLimit: false,
      advisories,
    });
    const publish = (version: string, lodash: string) =>
      app.fetch(
        new Request(`http://registry/api/v1/patterns/acme/deep-merge/${version}`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json', authorization: 'Bearer acme-token-0123456789' },
          body: JSON.stringify(
            samplePackage('acme/deep-merge', version, { fields: { requirements: { lodash } } }),
          ),
        }),
      );
    const refused = await publish('1.0.0', '^4.17.4');
    expect(refused.status).toBe(422);
    const problem = (await refused.json()) as { code?: string; detail?: string };
    expect(JSON.stringify(problem)).toContain('scanner:osv');
    expect(JSON.stringify(problem)).toContain('GHSA-jf85-cpcp-j695');
    expect((await publish('1.0.1', '^4.17.21')).status).toBe(201);
    await store.close();
  });

  it('names the file and field of a malformed advisory', () => {
    expect(() => loadOsvAdvisories(join(folder, '../../../package.json'))).toThrow(PollinateError);
  });

  it('loads advisories from the --osv flag, and refuses a bad path as a usage error', () => {
    const command = parseRegistryCommand(['--osv', folder], {});
    expect(command.help === false && command.options.advisories?.map((record) => record.id)).toEqual([
      'GHSA-jf85-cpcp-j695',
    ]);
    expect(() => parseRegistryCommand(['--osv', join(folder, 'missing')], {})).toThrow(/--osv/);
  });
});
