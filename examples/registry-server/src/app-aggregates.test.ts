import type { Stats } from '@pollinate/client';
import { describe, expect, it } from 'vitest';
import { appCaller } from '../test/fixtures/app-requests.js';
import { bothStores } from '../test/fixtures/postgres-schemas.js';
import { createRegistryApp } from './app.js';
import { samplePackage } from './fixtures.js';
import { startRegistry } from './registry.js';
import { openSqliteStore } from './sqlite-store.js';
import { slowStore } from './store-conformance.js';

const TOKENS = 'acme:acme-token-0123456789,zeta:zeta-token-0123456789,blue:blue-token-0123456789';
const token = { acme: 'acme-token-0123456789', zeta: 'zeta-token-0123456789', blue: 'blue-token-0123456789' };
const stores = bothStores('test_app', 6);

const call = appCaller(token);

describe.each(stores)('registry over %s', (_name, open) => {
  it('never moves latest backwards when publishes race through a slow store', async () => {
    const store = await open();
    let delay = 0;
    const app = createRegistryApp({
      store: slowStore(store, () => (delay = (delay * 7 + 3) % 11)),
      tokens: TOKENS,
      rateLimit: false,
    });
    const versions = Array.from({ length: 16 }, (_, i) => `1.${i}.0`).reverse();
    const responses = await Promise.all(
      versions.map((version) =>
        call(app, 'PUT', `/api/v1/patterns/acme/race/${version}`, {
          as: 'acme',
          body: samplePackage('acme/race', version),
        }),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual(versions.map(() => 201));
    const pattern = (await (await call(app, 'GET', '/api/v1/patterns/acme/race')).json()) as {
      distTags: Record<string, string>;
    };
    expect(pattern.distTags.latest).toBe('1.15.0');
    await store.close();
  });

  it('puts accepted ratings and adoption into search documents and stats', async () => {
    const store = await open();
    const app = createRegistryApp({ store, tokens: TOKENS, rateLimit: false });
    for (const id of ['acme/rated', 'acme/unrated']) {
      expect(
        (
          await call(app, 'PUT', `/api/v1/patterns/${id}/1.0.0`, {
            as: 'acme',
            body: samplePackage(id, '1.0.0'),
          })
        ).status,
      ).toBe(201);
    }
    for (const [as, rating] of [
      ['zeta', 5],
      ['blue', 4],
    ] as const) {
      const response = await call(app, 'POST', '/api/v1/patterns/acme/rated/reviews', {
        as,
        body: { rating, body: 'solid' },
      });
      expect(response.status).toBe(201);
      expect(await response.json()).toMatchObject({ status: 'accepted' });
    }
    await call(app, 'POST', '/api/v1/adoptions', {
      as: 'zeta',
      body: { patternId: 'acme/rated', type: 'install' },
    });
    const search = (await (await call(app, 'GET', '/api/v1/patterns/search?minRating=4')).json()) as {
      hits: {
        id: string;
        listing: { rating?: { overall: number; reviewCount: number }; adoption: { activeInstalls: number } };
      }[];
    };
    expect(search.hits.map((hit) => hit.id)).toEqual(['acme/rated']);
    expect(search.hits[0]?.listing.rating).toEqual({ overall: 4.5, reviewCount: 2 });
    expect(search.hits[0]?.listing.adoption.activeInstalls).toBe(1);
    const stats = (await (await call(app, 'GET', '/api/v1/stats')).json()) as Stats;
    expect(stats.marketplace.averageRating).toBe(4.5);
    expect(stats.marketplace.ratingCount).toBe(2);
    expect(stats.reviews).toBe(2);
    expect(stats.adoptionEvents).toBe(1);
    expect(stats.marketplace.weeklyInstalls).toBe(1);
    expect(stats.trending.map((item) => item.id)).toEqual(['acme/rated']);
    const publisher = (await (await call(app, 'GET', '/api/v1/publishers/acme/reputation')).json()) as {
      dashboard: { totals: { events: { install: number }; reviews: number } };
    };
    expect(publisher.dashboard.totals).toMatchObject({ events: { install: 1 }, reviews: 2 });
    await store.close();
  });

  it('self-asserted coverage, benchmarks and security report cannot buy silver or badges; API and page say so', async () => {
    const store = await open();
    const app = createRegistryApp({ store, tokens: TOKENS, rateLimit: false });
    // 99 % coverage, a benchmark and a clean security report from a scanner named `self`.
    const claimed = samplePackage('acme/claims', '1.0.0', {
      fields: {
        tests: { framework: 'vitest', total: 40, passed: 40, failed: 0, coveragePercent: 99 },
        security: { scanner: 'self', scannedAt: '2026-11-21T09:00:00.000Z', findings: [] },
      },
    });
    expect(
      (await call(app, 'PUT', '/api/v1/patterns/acme/claims/1.0.0', { as: 'acme', body: claimed })).status,
    ).toBe(201);
    const body = (await (await call(app, 'GET', '/api/v1/patterns/acme/claims/reputation')).json()) as {
      reputation: { badges: { name: string }[]; selfAsserted: string[]; unverifiedBadges: string[] };
      certification: { level: string | null; needsVerification: string[]; sources: Record<string, string> };
    };
    expect(body.certification.level).toBe('bronze');
    expect(body.certification.needsVerification).toEqual([
      'comprehensiveTests',
      'benchmarks',
      'securityScan',
    ]);
    expect(body.certification.sources).toMatchObject({
      documentation: 'registry',
      comprehensiveTests: 'self',
    });
    expect(body.reputation.badges.map((badge) => badge.name)).not.toContain('Well-Tested');
    expect(body.reputation.badges.map((badge) => badge.name)).not.toContain('Security-Audited');
    expect(body.reputation.unverifiedBadges).toEqual(['Well-Tested', 'Security-Audited']);
    expect(body.reputation.selfAsserted).toEqual(['testCoverage', 'securityAudited']);
    const page = await (await call(app, 'GET', '/patterns/acme/claims')).text();
    expect(page).toContain('Self-asserted evidence');
    expect(page).toContain('publisher (self-asserted)');
    await store.close();
  });

  it('recognizes a retried review on another instance by its idempotency key', async () => {
    const store = await open();
    const one = createRegistryApp({ store, tokens: TOKENS, rateLimit: false });
    const two = createRegistryApp({ store, tokens: TOKENS, rateLimit: false });
    await call(one, 'PUT', '/api/v1/patterns/acme/retry/1.0.0', {
      as: 'acme',
      body: samplePackage('acme/retry', '1.0.0'),
    });
    const headers = { 'idempotency-key': 'review-once-0001' };
    const first = await call(one, 'POST', '/api/v1/patterns/acme/retry/reviews', {
      as: 'zeta',
      body: { rating: 5 },
      headers,
    });
    const again = await call(two, 'POST', '/api/v1/patterns/acme/retry/reviews', {
      as: 'zeta',
      body: { rating: 5 },
      headers,
    });
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(await again.json()).toEqual(await first.json());
    expect((await store.totals()).acceptedReviews).toBe(1);
    // Adoption events too: the key is kept with the event, so any instance recognizes a retry.
    const adoption = {
      as: 'blue' as const,
      body: { patternId: 'acme/retry', type: 'install' },
      headers: { 'idempotency-key': 'adopt-once-0001' },
    };
    const recorded = await call(one, 'POST', '/api/v1/adoptions', adoption);
    const retried = await call(two, 'POST', '/api/v1/adoptions', adoption);
    expect([recorded.status, retried.status]).toEqual([201, 200]);
    expect(await retried.json()).toEqual(await recorded.json());
    expect((await store.totals()).adoptionEvents).toBe(1);
    const reused = await call(two, 'POST', '/api/v1/adoptions', {
      ...adoption,
      body: { patternId: 'acme/retry', type: 'uninstall' },
    });
    expect(reused.status).toBe(409);
    expect(await reused.json()).toMatchObject({ code: 'E_IDEMPOTENCY_KEY_REUSED' });
    await store.close();
  });

  it('answers /readyz: 200 with the schema when ready, 503 while draining', async () => {
    const store = await open();
    let draining = false;
    const app = createRegistryApp({ store, draining: () => draining });
    const ready = await call(app, 'GET', '/readyz');
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as { status: string; schema: string; expectedSchema: string };
    expect(body.status).toBe('ready');
    expect(body.schema).toBe(body.expectedSchema);
    draining = true;
    expect((await call(app, 'GET', '/readyz')).status).toBe(503);
    draining = false;
    await store.close();
    const closed = await call(app, 'GET', '/readyz');
    expect(closed.status).toBe(503);
    expect(await closed.json()).toMatchObject({ status: 'unavailable', reason: 'the store is closed' });
  });
});

describe('graceful shutdown', () => {
  it('waits for a request in flight even after its client went away', async () => {
    const inner = openSqliteStore(':memory:');
    const setup = createRegistryApp({ store: inner, tokens: TOKENS, rateLimit: false });
    await call(setup, 'PUT', '/api/v1/patterns/acme/retry/1.0.0', {
      as: 'acme',
      body: samplePackage('acme/retry', '1.0.0'),
    });
    const registry = await startRegistry({ store: slowStore(inner, 150), tokens: TOKENS, rateLimit: false });
    const abort = new AbortController();
    const request = fetch(`${registry.url}/api/v1/adoptions`, {
      method: 'POST',
      body: JSON.stringify({ patternId: 'acme/retry', type: 'install' }),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token.zeta}` },
      signal: abort.signal,
    }).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 100));
    abort.abort();
    await request;
    await registry.close();
    // The handler finished its write before close resolved.
    expect((await inner.totals()).adoptionEvents).toBe(1);
    await inner.close();
  });
});
