import { fingerprintPackage } from '@pollinate/client';
import { PatternPackageSchema } from '@pollinate/core';
import fc from 'fast-check';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { createRegistryApp } from './app.js';
import { samplePackage } from './fixtures.js';
import { openSqliteStore } from './sqlite-store.js';

const TOKEN = 'acme-token-0123456789';
const version = fc
  .tuple(fc.nat(3), fc.nat(3), fc.nat(3), fc.option(fc.constantFrom('rc.1', 'beta.2'), { nil: undefined }))
  .map(([major, minor, patch, pre]) => `${major}.${minor}.${patch}${pre ? `-${pre}` : ''}`);

async function call(app: ReturnType<typeof createRegistryApp>, method: string, path: string, body?: unknown) {
  const response = await app.fetch(
    new Request(`http://registry/api/v1${path}`, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    }),
  );
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('registry invariants', () => {
  it('versions are immutable, listed in semver order, and latest is the highest release', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(version, { minLength: 1, maxLength: 8 }), async (versions) => {
        const app = createRegistryApp({
          store: openSqliteStore(':memory:'),
          tokens: `acme:${TOKEN}`,
          rateLimit: false,
        });
        const accepted = new Set<string>();
        for (const v of versions) {
          const result = await call(app, 'PUT', `/patterns/acme/retry/${v}`, samplePackage('acme/retry', v));
          expect(result.status).toBe(accepted.has(v) ? 409 : 201);
          accepted.add(v);
        }
        const pattern = await call(app, 'GET', '/patterns/acme/retry');
        const listed = (pattern.body.versions as { version: string }[]).map((entry) => entry.version);
        expect(listed).toEqual([...accepted].sort(semver.compare));
        const releases = [...accepted].filter((v) => !semver.prerelease(v)).sort(semver.compare);
        const tags = pattern.body.distTags as Record<string, string>;
        expect(tags.latest).toBe(releases.at(-1));
      }),
      { numRuns: 40 },
    );
  });

  it('what is published is what is read: any description round-trips with a matching fingerprint', async () => {
    const app = createRegistryApp({
      store: openSqliteStore(':memory:'),
      tokens: `acme:${TOKEN}`,
      rateLimit: false,
    });
    let counter = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 300, unit: 'grapheme' }),
        fc.string({ maxLength: 100 }),
        async (description, title) => {
          const id = `acme/round-trip-${counter++}`;
          const pkg = samplePackage(id, '1.0.0', {
            listing: { description },
            fields: { examples: [{ title: `example ${title}`, code: 'use()' }] },
          });
          const published = await call(app, 'PUT', `/patterns/${id}/1.0.0`, pkg);
          expect(published.status).toBe(201);
          const read = await call(app, 'GET', `/patterns/${id}/1.0.0`);
          const stored = PatternPackageSchema.parse(read.body.package);
          expect(stored.listing.description).toBe(description);
          expect(stored.examples[0]?.title).toBe(`example ${title}`);
          expect(fingerprintPackage(stored)).toBe(published.body.fingerprint);
          expect(read.body.fingerprint).toBe(published.body.fingerprint);
        },
      ),
      { numRuns: 40 },
    );
  });
});
