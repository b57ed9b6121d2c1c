import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegistryApp } from './app.js';
import { parseRegistryCommand } from './command-line.js';
import { parseCorsOrigins } from './cors.js';
import { samplePackage } from './fixtures.js';
import { openSqliteStore } from './sqlite-store.js';

const TOKEN = 'acme-token-0123456789';
const PORTAL = 'https://portal.example';
let dir: string;
let bundle: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pollinate-web-unit-'));
  bundle = join(dir, 'pollinate-elements.js');
  writeFileSync(bundle, 'export const built = true;\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function makeApp(elementsBundle = bundle) {
  return createRegistryApp({
    store: openSqliteStore(':memory:'),
    tokens: `acme:${TOKEN}`,
    corsOrigins: [PORTAL],
    elementsBundle,
  });
}

function call(app: ReturnType<typeof makeApp>, path: string, init: RequestInit = {}) {
  return app.fetch(new Request(`http://registry${path}`, init));
}

async function publish(app: ReturnType<typeof makeApp>, id: string, listing: Record<string, unknown> = {}) {
  const response = await call(app, `/api/v1/patterns/${id}/1.0.0`, {
    method: 'PUT',
    body: JSON.stringify(samplePackage(id, '1.0.0', { listing })),
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
  });
  expect(response.status).toBe(201);
}

describe('CORS', () => {
  it('public reads answer any origin with *, preflight included', async () => {
    const app = makeApp();
    const read = await call(app, '/api/v1/stats', { headers: { origin: 'https://anywhere.example' } });
    expect(read.status).toBe(200);
    expect(read.headers.get('access-control-allow-origin')).toBe('*');
    expect(read.headers.get('access-control-expose-headers')).toContain('etag');
    const preflight = await call(app, '/api/v1/patterns/search?q=x', {
      method: 'OPTIONS',
      headers: {
        origin: 'https://anywhere.example',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'if-none-match',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET,HEAD');
  });

  it('writes: only listed origins get CORS headers (their own origin and Vary: Origin)', async () => {
    const app = makeApp();
    const preflight = (origin: string) =>
      call(app, '/api/v1/adoptions', {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type',
        },
      });
    const listed = await preflight(PORTAL);
    expect(listed.headers.get('access-control-allow-origin')).toBe(PORTAL);
    expect(listed.headers.get('access-control-allow-methods')).toContain('POST');
    expect(listed.headers.get('vary')).toContain('Origin');
    const other = await preflight('https://evil.example');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    expect(other.headers.get('access-control-allow-methods')).toBe('GET,HEAD');
    // The actual write from an unlisted origin carries no CORS header either (the browser hides the answer).
    const write = await call(app, '/api/v1/adoptions', {
      method: 'POST',
      body: '{}',
      headers: {
        origin: 'https://evil.example',
        authorization: `Bearer ${TOKEN}`,
        'content-type': 'application/json',
      },
    });
    expect(write.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('keeps CORS headers on problem responses of reads', async () => {
    const response = await call(makeApp(), '/api/v1/patterns/acme/none', {
      headers: { origin: 'https://a.example' },
    });
    expect(response.status).toBe(404);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('parses --cors-origin values and refuses anything but a bare http(s) origin', () => {
    expect(parseCorsOrigins(['https://Portal.example:443', 'http://127.0.0.1:5173'])).toEqual([
      'https://portal.example',
      'http://127.0.0.1:5173',
    ]);
    for (const bad of [
      '*',
      'portal.example',
      'https://portal.example/',
      'https://portal.example/app',
      'ftp://x.example',
    ]) {
      expect(() => parseCorsOrigins([bad]), bad).toThrow(
        expect.objectContaining({ code: 'E_INVALID_ORIGIN' }),
      );
    }
    const command = parseRegistryCommand(
      ['--cors-origin', PORTAL, '--cors-origin', 'http://localhost:3000'],
      {},
    );
    expect(command.help === false && command.options.corsOrigins).toEqual([PORTAL, 'http://localhost:3000']);
    expect(() => parseRegistryCommand(['--cors-origin', 'nope'], {})).toThrow(/--cors-origin/);
  });
});

describe('web pages', () => {
  it('serve the homepage, search, detail and publisher pages as HTML that loads the bundle', async () => {
    const app = makeApp();
    await publish(app, 'acme/retry', { tags: ['retry'] });
    for (const path of ['/', '/search?q=retry', '/patterns/acme/retry', '/publishers/acme']) {
      const response = await call(app, path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/html');
      const text = await response.text();
      expect(text).toContain('<script type="module" src="/assets/pollinate-elements.js"></script>');
    }
    const detail = await (await call(app, '/patterns/acme/retry')).text();
    expect(detail).toContain('<pollinate-pattern-card registry="/" pattern="acme/retry">');
    expect(detail).toContain('retry: a reusable pattern published by acme.');
  });

  it('escape everything that came from publishers, reviewers and the query', async () => {
    const app = makeApp();
    await publish(app, 'acme/xss', { description: 'A <script>alert(1)</script> pattern with "quotes".' });
    const review = await call(app, '/api/v1/patterns/acme/xss/reviews', {
      method: 'POST',
      body: JSON.stringify({
        rating: 4,
        title: '<img src=x onerror=alert(2)>',
        body: '</li><script>alert(3)</script>',
      }),
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    });
    expect(review.status).toBe(201);
    const detail = await (await call(app, '/patterns/acme/xss')).text();
    expect(detail).not.toContain('<script>alert');
    expect(detail).not.toContain('<img src=x');
    expect(detail).toContain('A &lt;script&gt;alert(1)&lt;/script&gt; pattern');
    const search = await (
      await call(app, `/search?q=${encodeURIComponent('"><script>alert(4)</script>')}`)
    ).text();
    expect(search).not.toContain('<script>alert(4)');
    expect(search).toContain('query="&quot;&gt;&lt;script&gt;');
  });

  it('answer unknown patterns and publishers with a 404 page', async () => {
    const app = makeApp();
    expect((await call(app, '/patterns/acme/none')).status).toBe(404);
    expect((await call(app, '/publishers/nobody')).status).toBe(404);
    expect((await call(app, '/patterns/NOT VALID/x')).status).toBe(404);
  });

  it('serve the bundle with an ETag, and 503 with a hint when it is not built', async () => {
    const app = makeApp();
    const first = await call(app, '/assets/pollinate-elements.js');
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await first.text()).toBe('export const built = true;\n');
    const etag = first.headers.get('etag') ?? '';
    expect(
      (await call(app, '/assets/pollinate-elements.js', { headers: { 'if-none-match': etag } })).status,
    ).toBe(304);
    const missing = await call(makeApp(join(dir, 'missing.js')), '/assets/pollinate-elements.js');
    expect(missing.status).toBe(503);
    expect(await missing.text()).toContain('npm run build');
  });
});
