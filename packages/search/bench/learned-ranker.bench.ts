// Ranking learned from adoption: the quickstart's marketplace simulation
// (examples/quickstart/src/marketplace-simulation.ts) plans weeks of installs, downloads and
// reviews by simulated teams over the DStudio pattern library (../shared/datasets, read at run
// time). Replaying it in time order, each install becomes a search session: the team searched
// for the pattern's category (its interest), saw the top 20 hits with the signals of that day
// (downloads and reviews so far: the registry's adoption events and reviews), and installed
// one. A linear pairwise ranker (trainRanker, RankNet's logistic loss) is trained on the first
// 70% of sessions and evaluated on the last 30% against today's fixed weights (nDCG@10), for
// several simulation seeds.
//
//   node --expose-gc --import tsx bench/learned-ranker.bench.ts

import { type Listing, parseListing } from '@pollinate/core';
import { importMarkdownLibrary } from '@pollinate/core/import';
import {
  createIndex,
  evaluateRanker,
  fixedRanker,
  type RankingSession,
  rankerWeights,
  search,
  serializeRanker,
  sessionFromSearch,
  trainRanker,
} from '@pollinate/search';
import { planMarketplaceActivity } from '../../../examples/quickstart/src/marketplace-simulation.js';
import { createRandom } from '../../../examples/quickstart/src/random.js';
import { createTeams } from '../../../examples/quickstart/src/teams.js';
import { readMarkdownFiles } from '../../../scripts/datasets.js';

const files = readMarkdownFiles();
const listings = importMarkdownLibrary(files, { publishedAt: '2026-08-01T00:00:00Z' }).listings;
const fmt = (value: number): string => value.toFixed(3);

function sessionsFor(seed: number): RankingSession[] {
  const random = createRandom(seed);
  const teams = createTeams(random);
  const plan = planMarketplaceActivity(listings, teams, random.fork(), {
    start: '2026-09-01T00:00:00Z',
    weeks: 12,
    attackAccounts: [],
  });
  const downloads = new Map<string, number>();
  const stars = new Map<string, { sum: number; count: number }>();
  const byId = new Map(listings.map((listing) => [listing.id, listing]));
  let day = '';
  let index = createIndex(listings);
  const sessions: RankingSession[] = [];
  for (const action of plan.actions) {
    if (action.at.slice(0, 10) !== day) {
      // The catalog as the registry serves it that day.
      day = action.at.slice(0, 10);
      index = createIndex(
        listings.map((listing): Listing => {
          const rated = stars.get(listing.id);
          return parseListing({
            ...listing,
            adoption: { ...listing.adoption, downloads: downloads.get(listing.id) ?? 0 },
            ...(rated ? { rating: { overall: rated.sum / rated.count, reviewCount: rated.count } } : {}),
          });
        }),
      );
    }
    if (action.kind === 'review') {
      if (action.attack) continue;
      const entry = stars.get(action.patternId) ?? { sum: 0, count: 0 };
      entry.sum += action.rating;
      entry.count += 1;
      stars.set(action.patternId, entry);
      continue;
    }
    if (action.type !== 'uninstall')
      downloads.set(action.patternId, (downloads.get(action.patternId) ?? 0) + 1);
    if (action.type !== 'install') continue;
    const listing = byId.get(action.patternId);
    if (listing === undefined) continue;
    const result = search(index, { text: listing.category.replace(/-/g, ' '), explain: true, limit: 20 });
    if (!result.hits.some((hit) => hit.id === listing.id)) continue;
    sessions.push(sessionFromSearch(result, [listing.id]));
  }
  return sessions;
}

console.log(`\nDStudio: ${listings.length} patterns\n`);
console.log(
  '| simulation seed | sessions (train / held out) | nDCG@10 fixed weights | nDCG@10 learned | MRR@10 fixed | MRR@10 learned | learned weights (text, rating, adoption, fit) |',
);
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | --- |');
for (const seed of [20261121, 7, 42]) {
  const sessions = sessionsFor(seed);
  const cut = Math.floor(sessions.length * 0.7);
  const train = sessions.slice(0, cut);
  const heldOut = sessions.slice(cut);
  const t0 = performance.now();
  const model = trainRanker(train, { seed: 1 });
  const trainMs = performance.now() - t0;
  const learned = evaluateRanker(model, heldOut);
  const fixed = evaluateRanker(fixedRanker(), heldOut);
  const weights = rankerWeights(model);
  console.log(
    `| ${seed} | ${train.length} / ${heldOut.length} | ${fmt(fixed.ndcg)} | ${fmt(learned.ndcg)} | ${fmt(fixed.reciprocalRank)} | ` +
      `${fmt(learned.reciprocalRank)} | ${[weights.text, weights.rating, weights.adoption, weights.fit].map((w) => w.toFixed(2)).join(', ')} |`,
  );
  if (seed === 20261121)
    console.log(`<!-- trained in ${trainMs.toFixed(0)} ms; model: ${serializeRanker(model)} -->`);
}
