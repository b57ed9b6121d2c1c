import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isValidationError } from '@pollinate/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type RunningRegistry,
  samplePackage,
  startRegistry,
} from '../../../examples/registry-server/src/index.js';
import { createRegistryClient } from './client.js';
import {
  isConflictError,
  isForbiddenError,
  isNetworkError,
  isNotFoundError,
  isRateLimitedError,
  isRegistryValidationError,
  isTimeoutError,
  isUnauthorizedError,
  RegistryError,
} from './errors.js';
import { createMemoryCache } from './response-cache.js';
import { fingerprintPackage } from './wire.js';

const ACME_TOKEN = 'acme-token-0123456789';
const ZETA_TOKEN = 'zeta-token-0123456789';
const dir = mkdtempSync(join(tmpdir(), 'pollinate-client-'));
let registry: RunningRegistry;

beforeAll(async () => {
  registry = await startRegistry({
    db: join(dir, 'registry.db'),
    tokens: `acme:${ACME_TOKEN},zeta:${ZETA_TOKEN}`,
    bodyLimitBytes: 256 * 1024,
    rateLimit: { capacity: 1000, refillPerSecond: 1000 },
  });
});
afterAll(async () => {
  await registry?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Records the status of every real response the client receives. */
function recordingFetch(statuses: number[]): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    statuses.push(response.status);
    return response;
  };
}

describe('publish and read', () => {
  it('publishes a version and reads it back with a matching fingerprint', async () => {
    const client = createRegistryClient({ baseUrl: registry.url, token: ACME_TOKEN });
    const result = await client.publish(samplePackage('acme/retry', '1.0.0'));
    expect(result).toMatchObject({ id: 'acme/retry', version: '1.0.0', distTag: 'latest' });
    expect(result.report.publishable).toBe(true);
    const version = await client.getVersion('acme/retry', '1.0.0');
    expect(version.fingerprint).toBe(result.fingerprint);
    expect(fingerprintPackage(version.package)).toBe(result.fingerprint);
    expect(version.package.listing.fingerprint).toBe(result.fingerprint);
    const byTag = await client.getVersion('acme/retry', 'latest');
    expect(byTag.version).toBe('1.0.0');
  });

  it('keeps versions immutable: re-publishing is a ConflictError', async () => {
    const client = createRegistryClient({ baseUrl: registry.url, token: ACME_TOKEN });
    await client.publish(samplePackage('acme/immutable', '1.0.0'));
    const error = await client
      .publish(samplePackage('acme/immutable', '1.0.0', { listing: { description: 'changed' } }))
      .catch((e: unknown) => e);
    expect(isConflictError(error)).toBe(true);
    expect(error).toMatchObject({ status: 409, code: 'E_VERSION_EXISTS' });
    expect((await client.getVersion('acme/immutable', '1.0.0')).package.listing.description).not.toBe(
      'changed',
    );
  });

  it('lists versions in semver order and moves latest only forward', async () => {
    const client = createRegistryClient({ baseUrl: registry.url, token: ACME_TOKEN });
    for (const version of ['1.2.0', '1.10.0', '1.9.0', '2.0.0-rc.1']) {
      await client.publish(samplePackage('acme/ordered', version));
    }
    expect((await client.listVersions('acme/ordered')).map((v) => v.version)).toEqual([
      '1.2.0',
      '1.9.0',
      '1.10.0',
      '2.0.0-rc.1',
    ]);
    const pattern = await client.getPattern('acme/ordered');
    expect(pattern.distTags).toEqual({ latest: '1.10.0', next: '2.0.0-rc.1' });
    expect(pattern.latest?.version).toBe('1.10.0');
    const tagged = await client.publish(samplePackage('acme/ordered', '1.11.0-beta.1'), { tag: 'beta' });
    expect(tagged.distTag).toBe('beta');
  });

  it('answers a missing pattern or version with NotFoundError', async () => {
    const client = createRegistryClient({ baseUrl: registry.url });
    const missing = await client.getPattern('acme/nothing-here').catch((e: unknown) => e);
    expect(isNotFoundError(missing)).toBe(true);
    expect(missing).toMatchObject({ status: 404, code: 'E_NOT_FOUND', problem: { status: 404 } });
    const noVersion = await client.getVersion('acme/retry', '9.9.9').catch((e: unknown) => e);
    expect(isNotFoundError(noVersion)).toBe(true);
  });
});

describe('auth', () => {
  it('refuses writes without a token (401) and with an unknown token (401), never echoing the token', async () => {
    const anonymous = createRegistryClient({ baseUrl: registry.url });
    const noToken = await anonymous.publish(samplePackage('acme/auth', '1.0.0')).catch((e: unknown) => e);
    expect(isUnauthorizedError(noToken)).toBe(true);
    const secret = 'not-a-real-token-but-secret';
    const wrong = createRegistryClient({ baseUrl: registry.url, token: secret });
    const badToken = await wrong.publish(samplePackage('acme/auth', '1.0.0')).catch((e: unknown) => e);
    expect(isUnauthorizedError(badToken)).toBe(true);
    expect(String((badToken as Error).message)).not.toContain(secret);
    expect(JSON.stringify(badToken)).not.toContain(secret);
  });

  it('lets a publisher write only its own scope (403)', async () => {
    const zeta = createRegistryClient({ baseUrl: registry.url, token: ZETA_TOKEN });
    const error = await zeta.publish(samplePackage('acme/foreign', '1.0.0')).catch((e: unknown) => e);
    expect(isForbiddenError(error)).toBe(true);
    expect(error).toMatchObject({ status: 403, code: 'E_FORBIDDEN' });
    expect(String((error as Error).message)).not.toContain(ZETA_TOKEN);
  });
});

describe('validation', () => {
  it('reports schema problems with their paths (400)', async () => {
    const client = createRegistryClient({ baseUrl: registry.url, token: ACME_TOKEN });
    const pkg = samplePackage('acme/invalid', '1.0.0', {
      listing: { license: 'not a license', tags: ['Bad Tag'] },
    });
    const error = await client.publish(pkg).catch((e: unknown) => e);
    expect(isRegistryValidationError(error)).toBe(true);
    expect(isValidationError(error)).toBe(true);
    if (!isRegistryValidationError(error)) return;
    expect(error.status).toBe(400);
    const paths = error.issues.map((issue) => issue.path.join('.'));
    expect(paths).toContain('listing.license');
    expect(paths).toContain('listing.tags.0');
  });

  it('refuses a package that fails the quality gates (422) with the report', async () => {
    const client = createRegistryClient({ baseUrl: registry.url, token: ACME_TOKEN });
    const pkg = samplePackage('acme/undocumented', '1.0.0', {
      fields: { documentation: { readme: 'nothing here' }, examples: [], tests: undefined },
    });
    const error = await client.publish(pkg).catch((e: unknown) => e);
    expect(isRegistryValidationError(error)).toBe(true);
    if (!isRegistryValidationError(error)) return;
    expect(error.status).toBe(422);
    expect(error.code).toBe('E_NOT_PUBLISHABLE');
    expect(error.issues.map((i) => i.message).join(' ')).toContain('readme-quick-start');
    expect(error.problem?.report).toMatchObject({ publishable: false });
    await expect(client.getPattern('acme/undocumented')).rejects.toMatchObject({ status: 404 });
  });

  it('refuses a body larger than the limit with 413', async () => {
    const client = createRegistryClient({ baseUrl: registry.url, token: ACME_TOKEN, retry: 0 });
    const pkg = samplePackage('acme/huge', '1.0.0', {
      fields: { files: [{ path: 'big.txt', content: 'x'.repeat(300 * 1024) }] },
    });
    const error = await client.publish(pkg).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryError);
    expect(error).toMatchObject({ status: 413, code: 'E_PAYLOAD_TOO_LARGE' });
  });
});

describe('conditional GET', () => {
  it('revalidates with If-None-Match and serves the cached body on 304', async () => {
    const statuses: number[] = [];
    const publisher = createRegistryClient({ baseUrl: registry.url, token: ACME_TOKEN });
    await publisher.publish(samplePackage('acme/cached', '1.0.0'));
    const client = createRegistryClient({
      baseUrl: registry.url,
      cache: createMemoryCache({ maxEntries: 10 }),
      fetch: recordingFetch(statuses),
    });
    const first = await client.getPattern('acme/cached');
    const second = await client.getPattern('acme/cached');
    expect(statuses).toEqual([200, 304]);
    expect(second).toEqual(first);
    await publisher.publish(samplePackage('acme/cached', '1.1.0'));
    const third = await client.getPattern('acme/cached');
    expect(statuses).toEqual([200, 304, 200]);
    expect(third.distTags.latest).toBe('1.1.0');
  });
});

describe('failures without a response', () => {
  let silent: Server;
  let silentPort = 0;
  beforeAll(async () => {
    silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentPort = (silent.address() as { port: number }).port;
  });
  afterAll(async () => {
    silent.close();
  });

  it('times out with TimeoutError', async () => {
    const client = createRegistryClient({
      baseUrl: `http://127.0.0.1:${silentPort}`,
      timeout: 200,
      retry: 0,
    });
    const error = await client.stats().catch((e: unknown) => e);
    expect(isTimeoutError(error)).toBe(true);
    expect(error).toMatchObject({ status: 0, code: 'E_TIMEOUT' });
  });

  it('stops on an aborted signal', async () => {
    const client = createRegistryClient({ baseUrl: `http://127.0.0.1:${silentPort}`, timeout: 5000 });
    const controller = new AbortController();
    const pending = client.getPattern('acme/retry', { signal: controller.signal }).catch((e: unknown) => e);
    setTimeout(() => controller.abort(), 50);
    const error = await pending;
    expect(isNetworkError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'E_ABORTED' });
  });

  it('reports a refused connection as NetworkError', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const client = createRegistryClient({ baseUrl: `http://127.0.0.1:${port}`, retry: 0, token: ACME_TOKEN });
    const error = await client.getPattern('acme/retry').catch((e: unknown) => e);
    expect(isNetworkError(error)).toBe(true);
    expect(error).toMatchObject({ status: 0, code: 'E_NETWORK' });
    expect(String((error as Error).message)).not.toContain(ACME_TOKEN);
  });
});

describe('rate limiting', () => {
  let limited: RunningRegistry;
  beforeAll(async () => {
    limited = await startRegistry({
      tokens: `acme:${ACME_TOKEN}`,
      rateLimit: { capacity: 2, refillPerSecond: 2 },
    });
  });
  afterAll(async () => {
    await limited.close();
  });

  it('answers 429 with Retry-After; without retries the client throws RateLimitedError', async () => {
    const client = createRegistryClient({ baseUrl: limited.url, token: ACME_TOKEN, retry: 0 });
    await client.stats().catch(() => undefined);
    await client.stats().catch(() => undefined);
    const error = await client.getPattern('acme/x').catch((e: unknown) => e);
    expect(isRateLimitedError(error)).toBe(true);
    if (!isRateLimitedError(error)) return;
    expect(error.status).toBe(429);
    expect(error.retryAfterSeconds).toBe(1);
  });

  it('retries an idempotent call after Retry-After and succeeds', async () => {
    const statuses: number[] = [];
    const client = createRegistryClient({
      baseUrl: limited.url,
      token: ACME_TOKEN,
      fetch: recordingFetch(statuses),
    });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const pattern = await Promise.allSettled([1, 2, 3].map(() => client.listVersions('acme/none')));
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s === 404)).toHaveLength(3);
    expect(pattern.every((p) => p.status === 'rejected' && isNotFoundError(p.reason))).toBe(true);
  });

  it('retries a POST only when it carries an idempotency key', async () => {
    const statuses: number[] = [];
    const client = createRegistryClient({
      baseUrl: limited.url,
      token: ACME_TOKEN,
      fetch: recordingFetch(statuses),
    });
    const drain = createRegistryClient({ baseUrl: limited.url, token: ACME_TOKEN, retry: 0 });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await Promise.allSettled([drain.stats(), drain.stats(), drain.stats()]);
    const withoutKey = await client
      .recordAdoption({ type: 'install', patternId: 'acme/none' })
      .catch((e: unknown) => e);
    expect(isRateLimitedError(withoutKey)).toBe(true);
    expect(statuses).toEqual([429]);
    const withKey = await client
      .recordAdoption({ type: 'install', patternId: 'acme/none' }, { idempotencyKey: 'adoption-1' })
      .catch((e: unknown) => e);
    expect(isNotFoundError(withKey)).toBe(true);
    expect(statuses.slice(1)).toEqual([429, 404]);
  });
});
