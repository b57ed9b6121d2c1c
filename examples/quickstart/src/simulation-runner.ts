// Executes a marketplace plan against the registry: every adoption event and review goes
// through @pollinate/client with the acting team's token, at its simulated instant.

import type { RegistryClient } from '@pollinate/client';
import type { SimulatedClock } from './clock.js';
import type { MarketplacePlan } from './marketplace-simulation.js';

/** What the registry's review screening decided about the planted attack. */
export interface AttackOutcome {
  target: string;
  accounts: number;
  reviews: number;
  /** Attack reviews the screening flagged. */
  flagged: number;
  /** How often each screening reason was given for the attack reviews. */
  reasons: Record<string, number>;
  /** Honest reviews of the target that were flagged (false positives). */
  honestFlagged: number;
  honestReviews: number;
  /** Accepted-review mean of the target with the attack screened out, and what a naive mean of every review would be. */
  screenedMean: number | null;
  naiveMean: number | null;
}

/** What running the plan did. */
export interface MarketplaceOutcome {
  start: string;
  end: string;
  weeks: number;
  teams: number;
  adoptionEvents: { install: number; uninstall: number; download: number };
  reviews: { submitted: number; accepted: number; flagged: number; honestFlagged: number };
  attack: AttackOutcome;
  risers: string[];
}

/** Options of {@link runMarketplacePlan}. */
export interface RunPlanOptions {
  clientFor: (team: string) => RegistryClient;
  /** A client without a token, for reads. */
  reader: RegistryClient;
  clock: SimulatedClock;
  teams: number;
  onProgress?: (done: number, total: number) => void;
}

/** Sends every planned action in order; then reads back how screening judged the attack. */
export async function runMarketplacePlan(
  plan: MarketplacePlan,
  options: RunPlanOptions,
): Promise<MarketplaceOutcome> {
  const events = { install: 0, uninstall: 0, download: 0 };
  const reviews = { submitted: 0, accepted: 0, flagged: 0, honestFlagged: 0 };
  let done = 0;
  for (const [index, action] of plan.actions.entries()) {
    options.clock.set(action.at);
    const client = options.clientFor(action.team);
    if (action.kind === 'adoption') {
      await client.recordAdoption(
        { type: action.type, patternId: action.patternId, version: action.version },
        { idempotencyKey: `adoption-${index}` },
      );
      events[action.type] += 1;
    } else {
      const result = await client.submitReview(
        action.patternId,
        {
          version: action.version,
          rating: action.rating,
          title: action.title,
          body: action.body,
          wouldRecommend: action.wouldRecommend,
        },
        { idempotencyKey: `review-${index}-${action.team}` },
      );
      reviews.submitted += 1;
      if (result.status === 'flagged') {
        reviews.flagged += 1;
        if (!action.attack) reviews.honestFlagged += 1;
      } else reviews.accepted += 1;
    }
    done += 1;
    if (done % 25 === 0 || done === plan.actions.length) options.onProgress?.(done, plan.actions.length);
  }
  options.clock.set(plan.end);

  // Read the target's reviews back, flagged ones included: screening may have revised
  // earlier verdicts once the whole burst was visible.
  const target = plan.attack.target;
  const listed = await options.reader.listReviews(target, { includeFlagged: true });
  const attackers = new Set(plan.attack.accounts);
  const reasons: Record<string, number> = {};
  let flagged = 0;
  let honestFlagged = 0;
  let honest = 0;
  const all: number[] = [];
  for (const entry of listed.reviews) {
    all.push(entry.review.rating);
    const isAttack = attackers.has(entry.review.reviewer);
    if (!isAttack) honest += 1;
    if (entry.status !== 'flagged') continue;
    if (isAttack) {
      flagged += 1;
      for (const reason of entry.reasons) reasons[reason] = (reasons[reason] ?? 0) + 1;
    } else honestFlagged += 1;
  }
  const mean = listed.ratings.mean;
  return {
    start: plan.start,
    end: plan.end,
    weeks: plan.weeks,
    teams: options.teams,
    adoptionEvents: events,
    reviews,
    attack: {
      target,
      accounts: plan.attack.accounts.length,
      reviews: plan.actions.filter((action) => action.kind === 'review' && action.attack).length,
      flagged,
      reasons,
      honestFlagged,
      honestReviews: honest,
      screenedMean: typeof mean === 'number' ? round(mean, 2) : null,
      naiveMean: all.length ? round(all.reduce((a, b) => a + b, 0) / all.length, 2) : null,
    },
    risers: plan.risers,
  };
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
