import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRegistryApp } from './app.js';
import { parseTokens } from './auth.js';
import { samplePackage } from './fixtures.js';
import { createRateLimiter } from './rate-limit.js';
import { openSqliteStore } from './sqlite-store.js';

const TOKEN = 'acme-token-0123456789';

function makeApp(options: Partial<Parameters<typeof createRegistryApp>[0]> = {}) {
  return createRegistryApp({ store: openSqliteStore(':memory:'), tokens: `acme:${TOKEN}`, ...options });
}

function put(app: ReturnType<typeof makeApp>, path: string, body: string, token = TOKEN) {
  return app.fetch(
    new Request(`http://registry${path}`, {
      method: 'PUT',
      body,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    }),
  );
}

describe('registry app', () => {
  it('answers /healthz', async () => {
    const response = await makeApp().fetch(new Request('http://registry/healthz'));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('answers unknown routes with RFC 9457 problem details', async () => {
    const response = await makeApp().fetch(new Request('http://registry/api/v1/nothing/here'));
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({
      type: 'https://pollinate.dev/problems/not-found',
      title: 'Not Found',
      status: 404,
      instance: '/api/v1/nothing/here',
      code: 'E_NOT_FOUND',
    });
  });

  it('reports a body that is not JSON as 400 E_BAD_JSON', async () => {
    const response = await put(makeApp(), '/api/v1/patterns/acme/retry/1.0.0', '{not json');
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'E_BAD_JSON' });
  });

  it('refuses __proto__ keys anywhere in a body and stores nothing', async () => {
    const app = makeApp();
    const text = JSON.stringify(samplePackage('acme/retry', '1.0.0')).replace(
      '"documentation":',
      '"__proto__":{"polluted":true},"documentation":',
    );
    const response = await put(app, '/api/v1/patterns/acme/retry/1.0.0', text);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'E_VALIDATION', issues: [{ path: ['__proto__'] }] });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((await app.fetch(new Request('http://registry/api/v1/patterns/acme/retry'))).status).toBe(404);
  });

  it('reports a package that does not match its URL with issue paths', async () => {
    const response = await put(
      makeApp(),
      '/api/v1/patterns/acme/retry/2.0.0',
      JSON.stringify(samplePackage('acme/retry', '1.0.0')),
    );
    expect(response.status).toBe(400);
    const body = (await response.json()) as { issues: { path: string[] }[] };
    expect(body.issues.map((issue) => issue.path.join('.'))).toEqual(['listing.version']);
  });

  it('runs the anonymizer as security scanner: a leaked secret blocks the publish', async () => {
    const leaked = samplePackage('acme/leaky', '1.0.0', {
      fields: {
        files: [{ path: 'src/config.ts', content: "export const key = 'AKIAIOSFODNN7EXAMPLE';\n" }],
      },
    });
    const response = await put(makeApp(), '/api/v1/patterns/acme/leaky/1.0.0', JSON.stringify(leaked));
    expect(response.status).toBe(422);
    const body = (await response.json()) as {
      code: string;
      report: { gates: { id: string; passed: boolean; findings?: { location?: string }[] }[] };
    };
    expect(body.code).toBe('E_NOT_PUBLISHABLE');
    const gate = body.report.gates.find((g) => g.id === 'scanner:anonymizer');
    expect(gate?.passed).toBe(false);
    expect(gate?.findings?.[0]?.location).toBe('src/config.ts:1');
  });

  it('sets ETags on reads and answers If-None-Match with 304', async () => {
    const app = makeApp();
    expect(
      (
        await put(
          app,
          '/api/v1/patterns/acme/retry/1.0.0',
          JSON.stringify(samplePackage('acme/retry', '1.0.0')),
        )
      ).status,
    ).toBe(201);
    const first = await app.fetch(new Request('http://registry/api/v1/patterns/acme/retry'));
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    expect(first.headers.get('cache-control')).toBe('no-cache');
    const second = await app.fetch(
      new Request('http://registry/api/v1/patterns/acme/retry', { headers: { 'if-none-match': etag ?? '' } }),
    );
    expect(second.status).toBe(304);
    expect(await second.text()).toBe('');
  });

  it('serves cached search pages and drops them when a publish changes the catalog', async () => {
    const app = makeApp();
    const publish = (id: string) =>
      put(app, `/api/v1/patterns/${id}/1.0.0`, JSON.stringify(samplePackage(id, '1.0.0')));
    const searchIds = async () => {
      const response = await app.fetch(new Request('http://registry/api/v1/patterns/search?q=retry'));
      return {
        etag: response.headers.get('etag'),
        ids: ((await response.json()) as { hits: { id: string }[] }).hits.map((hit) => hit.id).sort(),
      };
    };
    expect((await publish('acme/retry-one')).status).toBe(201);
    const first = await searchIds();
    expect(first.ids).toEqual(['acme/retry-one']);
    expect(await searchIds()).toEqual(first);
    expect((await publish('acme/retry-two')).status).toBe(201);
    const after = await searchIds();
    expect(after.ids).toEqual(['acme/retry-one', 'acme/retry-two']);
    expect(after.etag).not.toBe(first.etag);
  });

  it('validates query parameters with their paths', async () => {
    const app = makeApp();
    const response = await app.fetch(
      new Request('http://registry/api/v1/patterns/search?q=x&limit=abc&minRating=9&pricing=free'),
    );
    expect(response.status).toBe(400);
    const body = (await response.json()) as { issues: { path: (string | number)[] }[] };
    expect(body.issues.map((issue) => issue.path.join('.')).sort()).toEqual([
      'limit',
      'minRating',
      'pricing.0',
    ]);
  });

  it('refuses bodies over the limit with 413', async () => {
    const response = await put(
      makeApp({ bodyLimitBytes: 256 }),
      '/api/v1/patterns/acme/retry/1.0.0',
      JSON.stringify(samplePackage('acme/retry', '1.0.0')),
    );
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ code: 'E_PAYLOAD_TOO_LARGE' });
  });

  it('rate-limits per token with 429 and Retry-After, and refills with time', async () => {
    let now = Date.parse('2026-11-21T10:00:00Z');
    const app = makeApp({ rateLimit: { capacity: 2, refillPerSecond: 0.5 }, now: () => new Date(now) });
    const get = () =>
      app.fetch(
        new Request('http://registry/api/v1/stats', { headers: { authorization: `Bearer ${TOKEN}` } }),
      );
    expect((await get()).status).toBe(200);
    expect((await get()).status).toBe(200);
    const limited = await get();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    expect(await limited.json()).toMatchObject({ code: 'E_RATE_LIMITED', retryAfterSeconds: 2 });
    const anonymous = await app.fetch(new Request('http://registry/api/v1/stats'));
    expect(anonymous.status).toBe(200);
    now += 2000;
    expect((await get()).status).toBe(200);
  });

  it('serves an OpenAPI 3 document generated from the zod schemas', async () => {
    const response = await makeApp().fetch(new Request('http://registry/api/v1/openapi.json'));
    const doc = (await response.json()) as {
      openapi: string;
      paths: Record<
        string,
        Record<string, { requestBody?: { content: Record<string, { schema: { properties?: object } }> } }>
      >;
    };
    expect(doc.openapi).toBe('3.0.3');
    for (const path of [
      '/api/v1/patterns/{scope}/{name}/{version}',
      '/api/v1/patterns/search',
      '/api/v1/patterns/contribute',
      '/api/v1/network/sync',
      '/api/v1/contributors/{pseudonym}',
      '/api/v1/contributors/{pseudonym}/export',
      '/api/v1/contributors/{pseudonym}/consent',
      '/api/v1/contributors/{pseudonym}/contributions/{id}',
      '/api/v1/audit',
      '/api/v1/purge',
      '/api/v1/recommendations',
      '/api/v1/stats',
      '/api/v1/patterns/{scope}/{name}/{version}/attestations',
      '/api/v1/moderation/reviews',
      '/api/v1/moderation/reviews/{id}',
      '/api/v1/moderation/decisions',
      '/api/v1/patterns/{scope}/{name}/reviews/{id}/reply',
      '/healthz',
    ]) {
      expect(doc.paths[path], path).toBeDefined();
    }
    const publish = doc.paths['/api/v1/patterns/{scope}/{name}/{version}']?.put;
    expect(Object.keys(publish?.requestBody?.content['application/json']?.schema.properties ?? {})).toContain(
      'listing',
    );
    // The hostile-input refusals are documented: 413, 415 and 429 on JSON writes, 429 on reads too.
    const responses = (path: string, method: string) =>
      Object.keys((doc.paths[path]?.[method] as { responses?: object } | undefined)?.responses ?? {});
    expect(responses('/api/v1/patterns/{scope}/{name}/{version}', 'put')).toEqual(
      expect.arrayContaining(['400', '401', '403', '413', '415', '429']),
    );
    expect(responses('/api/v1/patterns/search', 'get')).toEqual(
      expect.arrayContaining(['400', '401', '429']),
    );
    expect(responses('/api/v1/network/sync', 'post')).not.toContain('415');
  });

  it('refuses an unknown bearer token even on reads', async () => {
    const response = await makeApp().fetch(
      new Request('http://registry/api/v1/stats', { headers: { authorization: 'Bearer unknown-token-123' } }),
    );
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('invalid_token');
    expect(await response.text()).not.toContain('unknown-token-123');
  });
});

describe('parseTokens', () => {
  it('maps tokens to publishers', () => {
    const tokens = parseTokens(' acme:token-aaaaaaaa , zeta:token-bbbbbbbb,acme:token-cccccccc');
    expect(tokens.size).toBe(3);
    expect(tokens.publisherOf('token-aaaaaaaa')).toBe('acme');
    expect(tokens.publisherOf('token-cccccccc')).toBe('acme');
    expect(tokens.publisherOf('token-bbbbbbbb')).toBe('zeta');
    expect(tokens.publisherOf('token-dddddddd')).toBeUndefined();
    expect(parseTokens(undefined).size).toBe(0);
  });

  it('refuses malformed pairs without echoing the token', () => {
    for (const spec of [
      'acme',
      'Acme:token-aaaaaaaa',
      'acme:short',
      'acme:token-aaaaaaaa,zeta:token-aaaaaaaa',
    ]) {
      try {
        parseTokens(spec);
        expect.unreachable(spec);
      } catch (error) {
        expect(error).toMatchObject({ code: 'E_INVALID_TOKENS' });
        expect(String((error as Error).message)).not.toContain('token-aaaaaaaa');
      }
    }
  });
});

describe('rate limiter (token bucket)', () => {
  it('never allows more than capacity + rate × elapsed requests, and always allows after Retry-After', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.double({ min: 0.1, max: 50, noNaN: true }),
        fc.array(fc.integer({ min: 0, max: 2000 }), { minLength: 1, maxLength: 200 }),
        (capacity, refillPerSecond, gaps) => {
          const limiter = createRateLimiter({ capacity, refillPerSecond });
          let now = 0;
          let allowed = 0;
          for (const gap of gaps) {
            now += gap;
            const decision = limiter.take('key', now);
            if (decision.allowed) allowed++;
            else {
              expect(decision.retryAfterSeconds).toBeGreaterThanOrEqual(1);
              now += decision.retryAfterSeconds * 1000;
              expect(limiter.take('key', now).allowed).toBe(true);
              allowed++;
            }
          }
          expect(allowed).toBeLessThanOrEqual(capacity + (refillPerSecond * now) / 1000 + 1e-9);
        },
      ),
    );
  });

  it('keeps keys apart', () => {
    const limiter = createRateLimiter({ capacity: 1, refillPerSecond: 1 });
    expect(limiter.take('a', 0).allowed).toBe(true);
    expect(limiter.take('a', 0).allowed).toBe(false);
    expect(limiter.take('b', 0).allowed).toBe(true);
  });
});
