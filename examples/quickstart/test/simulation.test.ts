import { fileURLToPath } from 'node:url';
import { anonymizeMigration } from '@pollinate/anonymize';
import { loadPatternCatalog } from '@pollinate/client/pattern-folder';
import type { Listing } from '@pollinate/core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { SIMULATION_START } from '../src/clock.js';
import { DEPLOYMENTS, generateRawMigrations } from '../src/deployments.js';
import { codeExamples, simulatedPublication } from '../src/markdown-library.js';
import { planMarketplaceActivity } from '../src/marketplace-simulation.js';
import { publishOrder } from '../src/publish-catalog.js';
import { createRandom } from '../src/random.js';
import { box, renderScreens, type Screens, table } from '../src/screens.js';
import { createTeams } from '../src/teams.js';

const catalogDir = fileURLToPath(new URL('../../catalog', import.meta.url));
const ATTACKERS = Array.from({ length: 12 }, (_, i) => `acct-${String(i).padStart(4, '0')}`);
let listings: Listing[];
let packages: Awaited<ReturnType<typeof loadPatternCatalog>>['packages'];

beforeAll(async () => {
  packages = (await loadPatternCatalog(catalogDir)).packages;
  const latest = new Map<string, Listing>();
  for (const { listing } of packages) {
    const current = latest.get(listing.id);
    if (!current || listing.publishedAt > current.publishedAt) latest.set(listing.id, listing);
  }
  listings = [...latest.values()];
});

const plan = (seed: number) => {
  const random = createRandom(seed);
  const teams = createTeams(random);
  return {
    teams,
    plan: planMarketplaceActivity(listings, teams, random, {
      start: SIMULATION_START,
      weeks: 6,
      attackAccounts: ATTACKERS,
    }),
  };
};

describe('marketplace plan', () => {
  it('is the same for the same seed (property over seeds)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -2_000_000, max: 2_000_000 }), (seed) => {
        expect(plan(seed).plan).toEqual(plan(seed).plan);
      }),
      { numRuns: 5 },
    );
  });

  it('keeps time order, reviews only after installs, one review per team and pattern, and plants the attack', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), (seed) => {
        const { plan: p, teams } = plan(seed);
        const times = p.actions.map((action) => action.at);
        expect(times).toEqual([...times].sort());
        expect(p.actions.every((action) => action.at >= p.start && action.at < p.end)).toBe(true);
        const installed = new Set<string>();
        const reviewed = new Set<string>();
        const teamIds = new Set(teams.map((team) => team.id));
        for (const action of p.actions) {
          const key = `${action.team}|${action.patternId}`;
          if (action.kind === 'adoption') {
            expect(teamIds.has(action.team)).toBe(true);
            if (action.type === 'install') installed.add(key);
            continue;
          }
          expect(reviewed.has(key)).toBe(false);
          reviewed.add(key);
          if (action.attack) continue;
          expect(installed.has(key)).toBe(true);
          expect(action.rating).toBeGreaterThanOrEqual(1);
          expect(action.rating).toBeLessThanOrEqual(5);
        }
        const attack = p.actions.filter((action) => action.kind === 'review' && action.attack);
        expect(attack).toHaveLength(12);
        expect(new Set(attack.map((review) => review.team))).toEqual(new Set(ATTACKERS));
        for (const review of attack) {
          expect(review.patternId).toBe(p.attack.target);
          expect(review.kind === 'review' && review.rating).toBe(1);
        }
        const span = Date.parse(attack.at(-1)?.at ?? '') - Date.parse(attack[0]?.at ?? '');
        expect(span).toBeLessThan(4 * 3_600_000);
        const honestOfTarget = p.actions.filter(
          (action) => action.kind === 'review' && !action.attack && action.patternId === p.attack.target,
        );
        expect(honestOfTarget.length).toBeGreaterThan(0);
      }),
      { numRuns: 5 },
    );
  });
});

describe('raw migrations and their anonymization', () => {
  it('are reproducible and keep every planted identifier out of the contribution', () => {
    for (const profile of DEPLOYMENTS) {
      const window = { from: '2026-05-01T00:00:00Z', to: '2026-09-01T00:00:00Z' };
      const records = generateRawMigrations(profile, createRandom(5), 6, window);
      expect(records).toEqual(generateRawMigrations(profile, createRandom(5), 6, window));
      for (const record of records) {
        const contribution = anonymizeMigration(record, {
          salt: 'a-network-salt-of-32-characters!',
          knownIdentifiers: profile.knownIdentifiers,
        });
        const shared = JSON.stringify(contribution);
        const planted = [
          record.deploymentId,
          record.customer.name,
          ...record.customer.contactEmails,
          ...record.customer.accountIds,
          ...record.environment.ips,
          ...record.environment.hostnames,
          ...record.environment.apiKeys,
          ...record.environment.connectionStrings,
        ];
        for (const value of planted) expect(shared).not.toContain(value);
        expect(contribution.steps).toHaveLength(record.steps.length);
        expect(contribution.success).toBe(record.success);
      }
    }
  });
});

describe('publish order', () => {
  it('publishes by date, and the versions of one pattern in ascending order', () => {
    const order = publishOrder(packages);
    const dates = order.map((pkg) => pkg.listing.publishedAt);
    expect(dates).toEqual([...dates].sort());
    const breaker = order.filter((pkg) => pkg.listing.id === 'resilience-guild/circuit-breaker');
    expect(breaker.map((pkg) => pkg.listing.version)).toEqual(['1.0.0', '1.1.0', '2.0.0']);
  });
});

describe('Markdown library helpers', () => {
  it('takes code blocks as examples, titled by their heading, and skips diagrams', () => {
    const examples = codeExamples(
      '## Intro\n\n```mermaid\ngraph TB\n```\n\n## Level 2: Foundation {#foundation}\n\n```python\nprint(1)\n```\n',
    );
    expect(examples).toEqual([
      { title: 'Level 2: Foundation', description: '', code: 'print(1)', language: 'python' },
    ]);
  });

  it('spreads undated pages over the year before the cut-off, deterministically', () => {
    const base = listings[0]!;
    const undated = { ...base, publishedAt: '1970-01-01T00:00:00Z' };
    const cutoff = '2026-09-13T08:00:00.000Z';
    const at = simulatedPublication(undated, cutoff);
    expect(at <= cutoff).toBe(true);
    expect(Date.parse(cutoff) - Date.parse(at)).toBeLessThan(366 * 86_400_000);
    expect(simulatedPublication(undated, cutoff)).toBe(at);
    expect(simulatedPublication({ ...base, publishedAt: '2025-03-01T00:00:00Z' }, cutoff)).toBe(
      '2025-03-01T00:00:00.000Z',
    );
  });
});

describe('screens', () => {
  it('draws boxes and tables no wider than 100 columns', () => {
    const screens: Screens = {
      homepage: {
        asOf: '2026-10-26T08:00:00Z',
        trending: [
          {
            id: 'a/b',
            name: 'A pattern with a very long name that must be cut',
            version: '1.0.0',
            publisher: 'a',
            category: 'resilience',
            rating: 4.2,
            reviewCount: 3,
            installs: 4,
            downloads: 9,
            score: 2.5,
          },
        ],
        newArrivals: [],
        stats: {
          patterns: 1,
          versions: 1,
          publishers: 1,
          activePublishers: 1,
          weeklyDownloads: 9,
          weeklyInstalls: 4,
          averageRating: 4.2,
          reviews: 3,
          networkPatterns: 0,
          contributions: 0,
        },
      },
      detail: {
        id: 'a/b',
        name: 'B',
        version: '1.0.0',
        versions: ['1.0.0'],
        publisher: { id: 'a', name: 'A' },
        tagline: 'x '.repeat(120),
        category: 'resilience',
        tags: [],
        license: 'MIT',
        pricing: 'open source (free)',
        rating: {
          mean: null,
          bayesianMean: null,
          lowerBound: null,
          count: 0,
          distribution: [0, 0, 0, 0, 0],
          flagged: 0,
        },
        installs: { active: 0, installs: 0, downloads: 0, teams: 0 },
        reputation: { overall: 50, trustLevel: 'new', badges: [] },
        certification: { level: null, missing: ['basicTests'] },
        install: 'npm install @a/b@1.0.0',
      },
      dashboard: {
        publisher: 'a',
        patterns: 1,
        versions: 1,
        downloads: 0,
        activeInstalls: 0,
        reviews: 0,
        flaggedReviews: 0,
        averageRating: null,
        topPatterns: [],
        recentReviews: [],
      },
      search: { query: 'q', filters: {}, total: 0, hits: [], facets: { category: { resilience: 1 } } },
      recommendations: {
        team: 't',
        stack: { node: '20.11.1' },
        adopted: [],
        challenges: [],
        personalized: [],
        peerEndorsed: [],
        problemSolvers: [],
        gapFillers: [],
      },
    };
    const text = renderScreens(screens);
    for (const line of text.split('\n')) expect([...line].length).toBeLessThanOrEqual(100);
    expect(text).toContain('Marketplace Stats');
    expect(text).toContain('A pattern with a very long na…');
    expect(box('t', ['short'])).toMatch(/^┌─ t /);
    expect(table(['a', 'b'], [['1', '22']])).toEqual(['  a  b', '  ─  ──', '  1  22']);
  });
});
