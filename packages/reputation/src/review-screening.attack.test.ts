import type { Review, Team } from '@pollinate/core';
import { describe, expect, it } from 'vitest';
import { aggregateRatings } from './ratings.js';
import { type ReviewerAccount, type ScreeningContext, screenReviews } from './review-screening.js';
import { DAY, honestReviewers, worldTools, YEAR_END, YEAR_START } from './review-world.js';

/**
 * Planted-attack evaluation of review screening: honest review populations with
 * realistic noise (one-review reviewers, young accounts, unverified adopters, harsh
 * outliers, short generic texts) and five attack kinds, each ≤ 20 reviews, generated
 * with a seeded PRNG (xoroshiro128+ from pure-rand) so every run sees the same data.
 */

type AttackKind = 'bombing-burst' | 'sockpuppet-boost' | 'self-review' | 'copy-paste-ring' | 'verified-burst';

interface World {
  reviews: Review[];
  honestIds: Set<string>;
  attackIds: Map<string, AttackKind>;
  attackedPatterns: Map<string, AttackKind>;
  context: ScreeningContext;
}

function generateWorld(seed: number): World {
  const { random, between, integer, pick, normal, vocabulary, sentence, iso } = worldTools(seed);
  const generic = ['Works great', 'Solid pattern', 'Not for us', 'Does the job', 'Meh', 'Love it'];

  const accounts: Record<string, ReviewerAccount> = {};
  const publishers = Array.from({ length: 8 }, (_, i) => `pub${i}`);
  const teams: Team[] = publishers.map((id) => ({
    id,
    name: id,
    members: Array.from({ length: 6 }, (_, m) => `${id}-staff${m}`),
    techStack: {},
    adoptedPatterns: [],
  }));
  for (const team of teams) {
    for (const member of team.members) accounts[member] = { createdAt: iso(Date.UTC(2021, 0, 1)) };
  }

  // Honest reviewers: created any time from 2020 to late 2025; activity is heavy-tailed, so
  // many write one review and a few write dozens.
  const { draw: drawReviewer } = honestReviewers({ random, between, iso }, accounts);

  const reviews: Review[] = [];
  const honestIds = new Set<string>();
  const patterns: { id: string; quality: number }[] = [];
  let counter = 0;
  for (const publisher of publishers) {
    for (let p = 0; p < 5; p++) {
      const id = `${publisher}/pattern-${p}`;
      const quality = between(2.6, 4.6);
      patterns.push({ id, quality });
      const count = integer(150, 260);
      for (let r = 0; r < count; r++) {
        const reviewer = drawReviewer();
        const start = Math.max(YEAR_START, reviewer.createdAt + DAY / 24);
        const at = between(start, Math.max(start + DAY, YEAR_END));
        const rating = Math.min(5, Math.max(1, Math.round(quality + normal() * 0.9)));
        const short = random() < 0.2;
        const review: Review = {
          id: `h${counter++}`,
          patternId: id,
          reviewer: reviewer.id,
          reviewerTeam: reviewer.team,
          rating,
          title: short ? '' : sentence(2, 4),
          body: short ? pick(generic) : sentence(8, 40),
          wouldRecommend: rating >= 4,
          verifiedAdoption: random() < 0.65,
          createdAt: iso(at),
        };
        reviews.push(review);
        honestIds.add(review.id);
      }
    }
  }

  const attackIds = new Map<string, AttackKind>();
  const attackedPatterns = new Map<string, AttackKind>();
  let sockpuppets = 0;
  const newAccount = (at: number, minDays: number, maxDays: number) => {
    const id = `sock${sockpuppets++}`;
    accounts[id] = { createdAt: iso(at - between(minDays, maxDays) * DAY) };
    return id;
  };
  const plant = (kind: AttackKind, review: Omit<Review, 'id' | 'title' | 'body'> & Partial<Review>) => {
    const full: Review = { title: '', body: sentence(10, 30), ...review, id: `a${counter++}` };
    reviews.push(full);
    attackIds.set(full.id, kind);
  };
  const byQuality = [...patterns].sort((a, b) => a.quality - b.quality);
  const targets = {
    low: byQuality.slice(0, 12),
    high: byQuality.slice(-12),
  };
  const takeTarget = (pool: { id: string; quality: number }[], kind: AttackKind) => {
    const index = Math.floor(random() * pool.length);
    const [target] = pool.splice(index, 1);
    attackedPatterns.set(target!.id, kind);
    return target!;
  };

  for (let round = 0; round < 3; round++) {
    // 1. Review bombing: 15–20 one-star reviews within 6 hours from fresh accounts.
    {
      const target = takeTarget(targets.high, 'bombing-burst');
      const startAt = between(YEAR_START + 30 * DAY, YEAR_END - 30 * DAY);
      for (let i = 0, n = integer(15, 20); i < n; i++) {
        const at = startAt + between(0, 6) * 3_600_000;
        plant('bombing-burst', {
          patternId: target.id,
          reviewer: newAccount(at, 0, 3),
          rating: 1,
          verifiedAdoption: random() < 0.5,
          wouldRecommend: false,
          createdAt: iso(at),
        });
      }
    }
    // 2. Slow sockpuppet boosting: 10–20 five-star reviews over 60 days from new one-review accounts.
    {
      const target = takeTarget(targets.low, 'sockpuppet-boost');
      const startAt = between(YEAR_START + 30 * DAY, YEAR_END - 90 * DAY);
      for (let i = 0, n = integer(10, 20); i < n; i++) {
        const at = startAt + between(0, 60) * DAY;
        plant('sockpuppet-boost', {
          patternId: target.id,
          reviewer: newAccount(at, 1, 10),
          rating: 5,
          verifiedAdoption: false,
          wouldRecommend: true,
          createdAt: iso(at),
        });
      }
    }
    // 3. Self-review: 5–10 staff of the publishing team, old accounts, verified.
    {
      const target = takeTarget(targets.low, 'self-review');
      const publisher = target.id.split('/')[0]!;
      for (let i = 0, n = integer(5, 10); i < n; i++) {
        plant('self-review', {
          patternId: target.id,
          reviewer: `${publisher}-staff${i % 6}`,
          // Half declare their team; the other half are caught through team membership.
          ...(i % 2 === 0 ? { reviewerTeam: publisher } : {}),
          rating: 5,
          verifiedAdoption: true,
          wouldRecommend: true,
          createdAt: iso(between(YEAR_START, YEAR_END)),
        });
      }
    }
    // 4. Copy-paste ring: 10–20 aged accounts post one text with 0–1 word edits over 30 days.
    {
      const target = takeTarget(targets.low, 'copy-paste-ring');
      const base = sentence(20, 30).split(' ');
      const startAt = between(YEAR_START + 30 * DAY, YEAR_END - 60 * DAY);
      for (let i = 0, n = integer(10, 20); i < n; i++) {
        const words = [...base];
        if (random() < 0.5) words[integer(0, words.length - 1)] = pick(vocabulary);
        const at = startAt + between(0, 30) * DAY;
        plant('copy-paste-ring', {
          patternId: target.id,
          reviewer: newAccount(at, 200, 900),
          rating: 5,
          body: words.join(' ') + (random() < 0.5 ? '!' : ''),
          verifiedAdoption: random() < 0.5,
          wouldRecommend: true,
          createdAt: iso(at),
        });
      }
    }
    // 5. Verified burst: 12–20 five-star reviews within 12 hours from fresh accounts that did install.
    {
      const target = takeTarget(targets.low, 'verified-burst');
      const startAt = between(YEAR_START + 30 * DAY, YEAR_END - 30 * DAY);
      for (let i = 0, n = integer(12, 20); i < n; i++) {
        const at = startAt + between(0, 12) * 3_600_000;
        plant('verified-burst', {
          patternId: target.id,
          reviewer: newAccount(at, 0, 5),
          rating: 5,
          verifiedAdoption: true,
          wouldRecommend: true,
          createdAt: iso(at),
        });
      }
    }
  }
  return { reviews, honestIds, attackIds, attackedPatterns, context: { accounts, teams } };
}

describe('screenReviews against planted attacks', () => {
  for (const seed of [1, 2, 3]) {
    describe(`seed ${seed}`, () => {
      const world = generateWorld(seed);
      const result = screenReviews(world.reviews, world.context);
      const flaggedIds = new Set(result.flagged.map((entry) => entry.review.id));

      it('catches at least 90 % of attack reviews, and at least 80 % of each kind', () => {
        let caught = 0;
        const perKind = new Map<AttackKind, { caught: number; total: number }>();
        for (const [id, kind] of world.attackIds) {
          const entry = perKind.get(kind) ?? { caught: 0, total: 0 };
          entry.total++;
          if (flaggedIds.has(id)) {
            entry.caught++;
            caught++;
          }
          perKind.set(kind, entry);
        }
        expect(world.attackIds.size).toBeGreaterThan(150);
        expect(caught / world.attackIds.size).toBeGreaterThanOrEqual(0.9);
        for (const [, entry] of perKind) expect(entry.caught / entry.total).toBeGreaterThanOrEqual(0.8);
      });

      it('flags at most 5 % of honest reviews', () => {
        let falsePositives = 0;
        for (const id of world.honestIds) if (flaggedIds.has(id)) falsePositives++;
        expect(world.honestIds.size).toBeGreaterThan(5_000);
        expect(falsePositives / world.honestIds.size).toBeLessThanOrEqual(0.05);
      });

      it('no attack of ≤ 20 reviews moves the screened aggregate of its pattern by more than 0.1★', () => {
        const honestOnly = screenReviews(
          world.reviews.filter((review) => world.honestIds.has(review.id)),
          world.context,
        );
        for (const [patternId] of world.attackedPatterns) {
          const attackSize = [...world.attackIds.keys()].filter(
            (id) => world.reviews.find((review) => review.id === id)!.patternId === patternId,
          ).length;
          expect(attackSize).toBeLessThanOrEqual(20);
          const withAttack = aggregateRatings(
            result.accepted.filter((review) => review.patternId === patternId),
          );
          const without = aggregateRatings(
            honestOnly.accepted.filter((review) => review.patternId === patternId),
          );
          expect(Math.abs(withAttack.mean! - without.mean!)).toBeLessThanOrEqual(0.1);
          expect(Math.abs(withAttack.bayesianMean - without.bayesianMean)).toBeLessThanOrEqual(0.1);
          expect(Math.abs(withAttack.lowerBound - without.lowerBound)).toBeLessThanOrEqual(0.1);
        }
      });

      it('without screening the same attacks would move some aggregates by more than 0.1★', () => {
        // Guards the test above against attacks too weak to matter.
        let moved = 0;
        for (const [patternId] of world.attackedPatterns) {
          const all = world.reviews.filter((review) => review.patternId === patternId);
          const honest = all.filter((review) => world.honestIds.has(review.id));
          if (Math.abs(aggregateRatings(all).mean! - aggregateRatings(honest).mean!) > 0.1) moved++;
        }
        expect(moved).toBeGreaterThanOrEqual(world.attackedPatterns.size / 2);
      });
    });
  }
});
