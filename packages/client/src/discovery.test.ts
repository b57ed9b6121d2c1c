import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type RunningRegistry,
  samplePackage,
  startRegistry,
} from '../../../examples/registry-server/src/index.js';
import { createRegistryClient, type RegistryClient } from './client.js';
import {
  isConflictError,
  isNotFoundError,
  isRegistryValidationError,
  isUnauthorizedError,
} from './errors.js';

const TOKENS = {
  acme: 'acme-token-0123456789',
  zeta: 'zeta-token-0123456789',
  blue: 'blue-token-0123456789',
};
const dir = mkdtempSync(join(tmpdir(), 'pollinate-discovery-'));
let registry: RunningRegistry;
let acme: RegistryClient;
let zeta: RegistryClient;
let blue: RegistryClient;
let anonymous: RegistryClient;

const CATEGORIES = ['resilience', 'messaging', 'data'];
const TOPICS = ['retry', 'circuit-breaker', 'outbox', 'saga', 'cache', 'bulkhead', 'idempotency'];

beforeAll(async () => {
  registry = await startRegistry({
    db: join(dir, 'registry.db'),
    tokens: Object.entries(TOKENS)
      .map(([publisher, token]) => `${publisher}:${token}`)
      .join(','),
    synchronous: 'normal',
  });
  acme = createRegistryClient({ baseUrl: registry.url, token: TOKENS.acme });
  zeta = createRegistryClient({ baseUrl: registry.url, token: TOKENS.zeta });
  blue = createRegistryClient({ baseUrl: registry.url, token: TOKENS.blue });
  anonymous = createRegistryClient({ baseUrl: registry.url });
  for (let i = 0; i < 21; i++) {
    const topic = TOPICS[i % TOPICS.length] as string;
    const owner = i % 2 === 0 ? acme : zeta;
    const scope = i % 2 === 0 ? 'acme' : 'zeta';
    await owner.publish(
      samplePackage(`${scope}/${topic}-${i}`, '1.0.0', {
        listing: {
          category: CATEGORIES[i % CATEGORIES.length],
          tags: [topic, 'pattern'],
          description: `The ${topic.replace('-', ' ')} pattern, variant ${i}.`,
        },
      }),
    );
  }
});
afterAll(async () => {
  await registry?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('search', () => {
  it('finds listings by text, with facets over every match', async () => {
    const page = await anonymous.search({ q: 'retry' });
    expect(page.total).toBe(3);
    expect(page.hits.every((hit) => hit.listing.tags.includes('retry'))).toBe(true);
    expect(page.facets.category?.length).toBeGreaterThan(0);
    expect(page.nextCursor).toBeNull();
  });

  it('filters by category, tags and publisher', async () => {
    const page = await anonymous.search({ category: 'messaging', trustedPublishers: ['acme'], limit: 100 });
    expect(page.total).toBeGreaterThan(0);
    for (const hit of page.hits) {
      expect(hit.listing.category).toBe('messaging');
      expect(hit.listing.publisher.id).toBe('acme');
    }
    const tagged = await anonymous.search({ tags: ['saga', 'pattern'] });
    expect(tagged.hits.map((hit) => hit.id).sort()).toEqual(
      ['zeta/saga-3', 'acme/saga-10', 'zeta/saga-17'].sort(),
    );
  });

  it('pages through every match with searchAll, each listing once', async () => {
    const seen: string[] = [];
    let pages = 0;
    for await (const page of anonymous.searchAll({ tags: ['pattern'], limit: 4 })) {
      pages++;
      seen.push(...page.hits.map((hit) => hit.id));
    }
    expect(pages).toBe(6);
    expect(seen).toHaveLength(21);
    expect(new Set(seen).size).toBe(21);
  });

  it('refuses a cursor from another query', async () => {
    const first = await anonymous.search({ q: 'pattern', limit: 2 });
    expect(first.nextCursor).not.toBeNull();
    const error = await anonymous
      .search({ q: 'cache', limit: 2, cursor: first.nextCursor ?? '' })
      .catch((e: unknown) => e);
    expect(isRegistryValidationError(error)).toBe(true);
    expect(error).toMatchObject({ status: 400, code: 'E_INVALID_CURSOR' });
  });

  it('reports bad query parameters with their paths', async () => {
    const error = await anonymous.search({ limit: 1000 }).catch((e: unknown) => e);
    expect(isRegistryValidationError(error)).toBe(true);
    if (isRegistryValidationError(error)) expect(error.issues[0]?.path).toEqual(['limit']);
  });

  it('indexes a newly published latest version', async () => {
    await acme.publish(samplePackage('acme/zebra-crossing', '1.0.0', { listing: { tags: ['zebra'] } }));
    const page = await anonymous.search({ q: 'zebra' });
    expect(page.hits[0]?.id).toBe('acme/zebra-crossing');
  });
});

describe('adoption, recommendations and stats', () => {
  it('records adoption events for the token team and lists them', async () => {
    const event = await blue.recordAdoption({ type: 'install', patternId: 'acme/retry-0' });
    expect(event).toMatchObject({ type: 'install', team: 'blue', patternId: 'acme/retry-0' });
    await zeta.recordAdoption({ type: 'install', patternId: 'acme/retry-0' });
    await zeta.recordAdoption({ type: 'install', patternId: 'zeta/circuit-breaker-1' });
    await blue.recordAdoption({ type: 'download', patternId: 'acme/outbox-2' });
    expect(await anonymous.listAdoptions({ team: 'blue' })).toHaveLength(2);
    expect(await anonymous.listAdoptions({ patternId: 'acme/retry-0' })).toHaveLength(2);
    const missing = await blue
      .recordAdoption({ type: 'install', patternId: 'acme/none' })
      .catch((e: unknown) => e);
    expect(isNotFoundError(missing)).toBe(true);
    const unauthenticated = await anonymous
      .recordAdoption({ type: 'install', patternId: 'acme/retry-0' })
      .catch((e: unknown) => e);
    expect(isUnauthorizedError(unauthenticated)).toBe(true);
  });

  it('recommends patterns for a team with reasons', async () => {
    const recommendations = await anonymous.recommend({
      team: 'blue',
      stack: ['node@20.11.0'],
      challenges: ['flaky calls need retry'],
      limit: 5,
    });
    expect(recommendations.team).toBe('blue');
    const all = [
      ...recommendations.personalized,
      ...recommendations.peerEndorsed,
      ...recommendations.problemSolvers,
      ...recommendations.gapFillers,
    ];
    expect(all.length).toBeGreaterThan(0);
    for (const item of all) expect(item.reasons.length).toBeGreaterThan(0);
    expect(recommendations.peerEndorsed.map((item) => item.id)).toContain('zeta/circuit-breaker-1');
    expect(recommendations.problemSolvers.some((item) => item.id.includes('retry'))).toBe(true);
  });

  it('reports homepage stats', async () => {
    const stats = await anonymous.stats();
    expect(stats.patterns).toBe(22);
    expect(stats.versions).toBe(22);
    expect(stats.adoptionEvents).toBe(4);
    expect(stats.marketplace.totalPublishers).toBe(2);
    expect(stats.trending[0]?.id).toBe('acme/retry-0');
  });
});

describe('reviews and reputation', () => {
  it('accepts a peer review and aggregates the accepted ones', async () => {
    const result = await blue.submitReview('zeta/cache-11', {
      rating: 5,
      title: 'Works',
      body: 'We cut p99 latency in half with it.',
      wouldRecommend: true,
    });
    expect(result.status).toBe('accepted');
    expect(result.review).toMatchObject({ reviewer: 'blue', patternId: 'zeta/cache-11', rating: 5 });
    const list = await anonymous.listReviews('zeta/cache-11');
    expect(list.reviews.map((r) => r.review.id)).toEqual([result.review.id]);
    expect(list.ratings.count).toBe(1);
  });

  it('flags a self-review and keeps it out of the public list', async () => {
    const result = await acme.submitReview('acme/retry-0', {
      rating: 5,
      body: 'Our own pattern is the best.',
    });
    expect(result.status).toBe('flagged');
    expect(result.reasons).toContain('self-review');
    expect((await anonymous.listReviews('acme/retry-0')).reviews).toHaveLength(0);
    const withFlagged = await anonymous.listReviews('acme/retry-0', { includeFlagged: true });
    expect(withFlagged.reviews.map((r) => r.status)).toEqual(['flagged']);
  });

  it('makes a retried submission with the same idempotency key return the stored review', async () => {
    const first = await blue.submitReview(
      'zeta/saga-3',
      { rating: 4 },
      { idempotencyKey: 'review-saga-blue' },
    );
    const again = await blue.submitReview(
      'zeta/saga-3',
      { rating: 4 },
      { idempotencyKey: 'review-saga-blue' },
    );
    expect(again).toEqual(first);
    expect((await anonymous.listReviews('zeta/saga-3')).reviews).toHaveLength(1);
    const stolen = await zeta
      .submitReview('zeta/saga-3', { rating: 1 }, { idempotencyKey: 'review-saga-blue' })
      .catch((e: unknown) => e);
    expect(isConflictError(stolen)).toBe(true);
  });

  it('scores the reputation of a pattern and a publisher', async () => {
    const reputation = await anonymous.getReputation('zeta/cache-11');
    expect(reputation.reputation.overall).toBeGreaterThan(0);
    expect(reputation.reputation.overall).toBeLessThanOrEqual(100);
    expect(reputation.certification.level).toBe('bronze');
    expect(reputation.ratings.count).toBe(1);
    const publisher = await anonymous.getPublisherReputation('zeta');
    expect(publisher.publisher).toBe('zeta');
    expect(publisher.dashboard).toMatchObject({ totals: { patterns: 10 } });
    const none = await anonymous.getPublisherReputation('nobody').catch((e: unknown) => e);
    expect(isNotFoundError(none)).toBe(true);
  });
});
