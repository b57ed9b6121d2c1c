import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PatternPackageSchema } from '@pollinate/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type RunningRegistry,
  samplePackage,
  startRegistry,
} from '../../../examples/registry-server/src/index.js';
import { createRegistryClient, type RegistryClient } from './client.js';
import { createMemoryCache } from './response-cache.js';
import { fingerprintPackage } from './wire.js';

const slug = fc.stringMatching(/^[a-z][a-z0-9-]{0,11}$/);

/** Rebuilds a JSON value with every object's keys in reverse order. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([key, item]) => [key, reverseKeys(item)]),
    );
  }
  return value;
}

describe('fingerprintPackage', () => {
  it('depends on content only: not on key order, a JSON round trip or the stored fingerprint field', () => {
    fc.assert(
      fc.property(
        slug,
        fc.string({ maxLength: 200 }),
        fc.uniqueArray(slug, { maxLength: 5 }),
        fc.tuple(fc.nat(20), fc.nat(20), fc.nat(20)),
        (name, description, tags, [major, minor, patch]) => {
          const pkg = PatternPackageSchema.parse(
            samplePackage(`acme/${name}`, `${major}.${minor}.${patch}`, { listing: { description, tags } }),
          );
          const digest = fingerprintPackage(pkg);
          expect(digest).toMatch(/^sha256-[A-Za-z0-9+/]{43}=$/);
          const roundTripped = PatternPackageSchema.parse(JSON.parse(JSON.stringify(reverseKeys(pkg))));
          expect(fingerprintPackage(roundTripped)).toBe(digest);
          expect(fingerprintPackage({ ...pkg, listing: { ...pkg.listing, fingerprint: digest } })).toBe(
            digest,
          );
          const changed = { ...pkg, listing: { ...pkg.listing, description: `${description}!` } };
          expect(fingerprintPackage(changed)).not.toBe(digest);
        },
      ),
    );
  });
});

describe('createMemoryCache', () => {
  it('behaves like an LRU map of at most maxEntries', () => {
    const operation = fc.oneof(
      fc.record({ kind: fc.constant('get' as const), key: fc.integer({ min: 0, max: 6 }) }),
      fc.record({ kind: fc.constant('set' as const), key: fc.integer({ min: 0, max: 6 }), value: fc.nat() }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.array(operation, { maxLength: 60 }),
        (maxEntries, operations) => {
          const cache = createMemoryCache({ maxEntries });
          const model: [string, number][] = []; // least recently used first
          for (const op of operations) {
            const key = `k${op.key}`;
            const at = model.findIndex(([k]) => k === key);
            if (op.kind === 'get') {
              const got = cache.get(key) as { body: unknown } | undefined;
              if (at === -1) expect(got).toBeUndefined();
              else {
                const [entry] = model.splice(at, 1);
                if (entry) model.push(entry);
                expect(got?.body).toBe(entry?.[1]);
              }
            } else {
              cache.set(key, { etag: `"${op.value}"`, body: op.value });
              if (at !== -1) model.splice(at, 1);
              model.push([key, op.value]);
              if (model.length > maxEntries) model.shift();
            }
          }
          for (const [key, value] of [...model])
            expect((cache.get(key) as { body: unknown }).body).toBe(value);
        },
      ),
    );
  });
});

describe('searchAll against the real registry', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pollinate-search-property-'));
  const TOKEN = 'acme-token-0123456789';
  const TAGS = ['alpha', 'beta', 'gamma'];
  let registry: RunningRegistry;
  let client: RegistryClient;

  beforeAll(async () => {
    registry = await startRegistry({
      db: join(dir, 'registry.db'),
      tokens: `acme:${TOKEN}`,
      synchronous: 'normal',
    });
    const writer = createRegistryClient({ baseUrl: registry.url, token: TOKEN });
    for (let i = 0; i < 23; i++) {
      const tags = TAGS.filter((_, t) => (i >> t) & 1);
      await writer.publish(
        samplePackage(`acme/item-${i}`, '1.0.0', { listing: { tags: ['item', ...tags] } }),
      );
    }
    client = createRegistryClient({ baseUrl: registry.url });
  });
  afterAll(async () => {
    await registry?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('yields every match exactly once, whatever the page size and filter', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 12 }), fc.subarray(TAGS), async (limit, tags) => {
        const all = await client.search({ tags: ['item', ...tags], limit: 100 });
        const paged: string[] = [];
        for await (const page of client.searchAll({ tags: ['item', ...tags], limit })) {
          expect(page.hits.length).toBeLessThanOrEqual(limit);
          expect(page.total).toBe(all.total);
          paged.push(...page.hits.map((hit) => hit.id));
        }
        expect(paged).toHaveLength(all.total);
        expect(new Set(paged)).toEqual(new Set(all.hits.map((hit) => hit.id)));
      }),
      { numRuns: 25 },
    );
  });
});
