import { compareStrings, parseWith } from '@pollinate/core/helpers';
import {
  type AdoptionEvent,
  EnvironmentSchema,
  type Listing,
  PatternIdSchema,
  TeamIdSchema,
} from '@pollinate/core/model';
import * as z from 'zod';
import { parseEvents } from './marketplace.js';
import { search } from './search.js';
import type { SearchIndex } from './search-index.js';
import { adoptionSignal, fitOf, ratingSignal } from './signals.js';
import { cosineAgainst } from './similarity.js';
import { STOP_WORDS } from './stop-words.js';

/** Who recommendations are for. */
export interface RecommendationContext {
  /** The team id. Its own adoption events count as adopted. */
  team: string;
  /** The team's stack: name → version in use (`{ node: '20.11.0', react: '18.2.0' }`). Only compatible patterns are recommended. */
  techStack?: Record<string, string>;
  /** Current challenges in words (`'flaky calls to the payment provider'`), matched against the catalog. */
  challenges?: string[];
  /** Pattern ids the team already uses (added to those its events show). */
  adoptedPatterns?: string[];
}

/**
 * Co-adoption figures around one team, precomputed (for example kept on write by a
 * registry's store) so that {@link recommend} need not replay every adoption event. Every
 * count leaves the team itself out. {@link coAdoptionFromEvents} computes it from events.
 */
export interface CoAdoption {
  /** Patterns the team adopted (its latest install/uninstall event is an install). */
  adopted: readonly string[];
  /** Pattern id → how many other teams adopted it; needed for every pattern in `together`. */
  adopters: ReadonlyMap<string, number>;
  /**
   * From → to → how many other teams adopted both, for every pattern the team adopted
   * (and every id of the context's `adoptedPatterns`); pairs with no team may be left out.
   */
  together: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

/** What recommendations are made from. */
export interface RecommendationData {
  /** The catalog as a search index (see {@link createIndex}). */
  index: SearchIndex;
  /** Adoption events of every team (validated with core's `AdoptionEventSchema`). Ignored when `coAdoption` is given. */
  events?: readonly AdoptionEvent[];
  /**
   * Precomputed co-adoption around the context's team, instead of `events`: the
   * recommendations are the same as from the events it was computed from, without reading
   * every event per call.
   */
  coAdoption?: CoAdoption;
}

/** Options of {@link recommend}. */
export interface RecommendOptions {
  /** Items per list (1–100). @default 5 */
  limit?: number;
  /** Largest share (0–1] of one list that one category may fill; at least one item. @default 0.5 */
  maxCategoryShare?: number;
  /** Co-adoption rules need at least this many teams adopting both patterns. @default 2 */
  minSupport?: number;
  /** Co-adoption rules need at least this confidence, |teams with both| / |teams with the first| (0–1). @default 0.5 */
  minConfidence?: number;
}

/** One recommended listing and why. */
export interface Recommendation {
  /** The listing. */
  listing: Listing;
  /** The list's own score (higher is better; see {@link Recommendations}). */
  score: number;
  /** Why, in words; reasons from every list that found the listing. */
  reasons: string[];
}

/**
 * The four recommendation lists (seed: PatternRecommender), deduplicated across lists (a
 * listing found by several lists appears once, in the first of gapFillers, problemSolvers,
 * peerEndorsed, personalized, carrying every list's reasons), never containing an adopted
 * pattern, each with at most `ceil(limit × maxCategoryShare)` items of one category.
 */
export interface Recommendations {
  /** Compatible with the stack and close to what the team adopted: cosine of tag/category profiles (popularity when nothing is adopted). */
  personalized: Recommendation[];
  /**
   * Item-item collaborative filtering on the team × pattern adoption matrix: score =
   * Σ over adopted patterns i of cos(i, j) = |Tᵢ ∩ Tⱼ| / √(|Tᵢ| |Tⱼ|) (Sarwar et al.,
   * "Item-based collaborative filtering recommendation algorithms", WWW 2001).
   */
  peerEndorsed: Recommendation[];
  /** The challenges searched in the index (score: the best search score over the challenges). */
  problemSolvers: Recommendation[];
  /**
   * What the team's patterns need and lack: `requires` relations and dependencies (score 1),
   * `complements` relations (0.6), and co-adoption rules i → j (score: the rule's confidence).
   */
  gapFillers: Recommendation[];
}

const ContextSchema = z.strictObject({
  team: TeamIdSchema,
  techStack: EnvironmentSchema.default({}),
  challenges: z.array(z.string().min(1).max(1000)).max(50).default([]),
  adoptedPatterns: z.array(PatternIdSchema).max(100_000).default([]),
});

const OptionsSchema = z.strictObject({
  limit: z.number().int().min(1).max(100).default(5),
  maxCategoryShare: z.number().gt(0).max(1).default(0.5),
  minSupport: z.number().int().min(1).default(2),
  minConfidence: z.number().min(0).max(1).default(0.5),
});

type Kind = keyof Recommendations;
const PRIORITY: readonly Kind[] = ['gapFillers', 'problemSolvers', 'peerEndorsed', 'personalized'];

interface Scored {
  id: string;
  score: number;
  reasons: string[];
}

/**
 * Recommends patterns to a team in four lists — personalized, peer-endorsed, problem
 * solvers and gap fillers (see {@link Recommendations} for each method and its source) —
 * from the catalog index and everyone's adoption events. Pure: reads the index, changes
 * nothing.
 *
 * @param context - {@link RecommendationContext} (validated)
 * @param data - {@link RecommendationData}: the index and the adoption events
 * @param options - {@link RecommendOptions}
 * @returns {@link Recommendations}; each item has `reasons`
 * @throws `ValidationError` (from core) when the context, an event or an option is malformed
 * @example
 * ```ts
 * const { personalized, peerEndorsed, problemSolvers, gapFillers } = recommend(
 *   { team: 'payments', techStack: { node: '20.11.0' }, challenges: ['cascading failures'], adoptedPatterns: ['acme/retry'] },
 *   { index, events },
 * );
 * gapFillers[0]?.reasons; // ['acme/retry requires it']
 * ```
 */
export function recommend(
  context: RecommendationContext,
  data: RecommendationData,
  options: RecommendOptions = {},
): Recommendations {
  const team = parseWith(ContextSchema, context, 'recommendation context');
  const settings = parseWith(OptionsSchema, options, 'recommend options');
  const index = data.index;
  const co =
    data.coAdoption ?? coAdoptionFromEvents(parseEvents(data.events ?? []), team.team, team.adoptedPatterns);
  const adopted = new Set(team.adoptedPatterns);
  for (const id of co.adopted) adopted.add(id);

  const stackSize = Object.keys(team.techStack).length;
  const compatibility = new Map<string, ReturnType<typeof fitOf>>();
  const eligible = (id: string): Listing | undefined => {
    if (adopted.has(id)) return undefined;
    const listing = index.get(id);
    if (listing === undefined) return undefined;
    let fit = compatibility.get(id);
    if (fit === undefined) {
      fit = fitOf(listing, team.techStack, stackSize);
      compatibility.set(id, fit);
    }
    return fit.compatible ? listing : undefined;
  };
  const stackReason = (id: string): string[] => {
    const fit = compatibility.get(id);
    return fit && fit.satisfied.length > 0 ? [`compatible with your ${fit.satisfied.join(', ')}`] : [];
  };

  const raw: Record<Kind, Scored[]> = {
    gapFillers: gapFillers(index, adopted, co, settings, eligible),
    problemSolvers: problemSolvers(index, team.challenges, team.techStack, settings.limit, eligible),
    peerEndorsed: peerEndorsed(adopted, co, eligible),
    personalized: personalized(index, adopted, eligible),
  };
  for (const kind of PRIORITY) for (const item of raw[kind]) item.reasons.push(...stackReason(item.id));

  const reasonsById = new Map<string, string[]>();
  for (const kind of PRIORITY) {
    for (const item of raw[kind]) {
      const reasons = reasonsById.get(item.id) ?? [];
      for (const reason of item.reasons) if (!reasons.includes(reason)) reasons.push(reason);
      reasonsById.set(item.id, reasons);
    }
  }

  const taken = new Set<string>();
  const cap = Math.max(1, Math.ceil(settings.limit * settings.maxCategoryShare));
  const result = {} as Recommendations;
  for (const kind of PRIORITY) {
    const list: Recommendation[] = [];
    const perCategory = new Map<string, number>();
    for (const item of raw[kind]) {
      if (list.length >= settings.limit) break;
      if (taken.has(item.id)) continue;
      const listing = index.get(item.id) as Listing;
      const used = perCategory.get(listing.category) ?? 0;
      if (used >= cap) continue;
      perCategory.set(listing.category, used + 1);
      taken.add(item.id);
      list.push({ listing, score: item.score, reasons: reasonsById.get(item.id) ?? item.reasons });
    }
    result[kind] = list;
  }
  return {
    personalized: result.personalized,
    peerEndorsed: result.peerEndorsed,
    problemSolvers: result.problemSolvers,
    gapFillers: result.gapFillers,
  };
}

/** Replays install/uninstall events in time order into team → adopted pattern ids (downloads do not adopt). */
export function replayAdoptions(events: readonly AdoptionEvent[]): Map<string, Set<string>> {
  const ordered = events
    .map((event, position) => ({ event, position, at: Date.parse(event.at) }))
    .sort((a, b) => a.at - b.at || a.position - b.position);
  const byTeam = new Map<string, Set<string>>();
  for (const { event } of ordered) {
    if (event.type === 'download') continue;
    let patterns = byTeam.get(event.team);
    if (patterns === undefined) {
      patterns = new Set();
      byTeam.set(event.team, patterns);
    }
    if (event.type === 'install') patterns.add(event.patternId);
    else patterns.delete(event.patternId);
  }
  return byTeam;
}

function sortScored(items: Iterable<Scored>): Scored[] {
  return [...items].sort((a, b) => b.score - a.score || compareStrings(a.id, b.id));
}

function peerEndorsed(
  adopted: ReadonlySet<string>,
  co: CoAdoption,
  eligible: (id: string) => Listing | undefined,
): Scored[] {
  const scores = new Map<string, { score: number; best: { from: string; both: number; value: number } }>();
  for (const from of adopted) {
    const fromTeams = co.adopters.get(from) ?? 0;
    const together = co.together.get(from);
    if (fromTeams === 0 || together === undefined) continue;
    for (const [id, both] of together) {
      if (id === from || both <= 0 || eligible(id) === undefined) continue;
      const value = both / Math.sqrt(fromTeams * (co.adopters.get(id) ?? 1));
      const entry = scores.get(id);
      if (entry === undefined) scores.set(id, { score: value, best: { from, both, value } });
      else {
        entry.score += value;
        if (value > entry.best.value) entry.best = { from, both, value };
      }
    }
  }
  return sortScored(
    [...scores].map(([id, { score, best }]) => ({
      id,
      score,
      reasons: [`${best.both} team${best.both === 1 ? '' : 's'} that adopted ${best.from} also adopted it`],
    })),
  );
}

/**
 * Computes {@link CoAdoption} for one team by replaying adoption events (install and
 * uninstall in time order, ties by position; downloads do not adopt). Pure.
 *
 * @param events - every team's adoption events (already validated)
 * @param team - the team the figures are around (left out of every count)
 * @param alsoAdopted - more source patterns to fill `together` for (e.g. the context's `adoptedPatterns`)
 * @returns the {@link CoAdoption}
 * @example
 * ```ts
 * const co = coAdoptionFromEvents(events, 'payments');
 * recommend({ team: 'payments' }, { index, coAdoption: co });
 * ```
 */
export function coAdoptionFromEvents(
  events: readonly AdoptionEvent[],
  team: string,
  alsoAdopted: readonly string[] = [],
): CoAdoption {
  const adoptionsByTeam = replayAdoptions(events);
  const adopted = [...(adoptionsByTeam.get(team) ?? [])];
  adoptionsByTeam.delete(team);
  const teamsByPattern = new Map<string, Set<string>>();
  for (const [other, patterns] of adoptionsByTeam) {
    for (const id of patterns) {
      let teams = teamsByPattern.get(id);
      if (teams === undefined) {
        teams = new Set();
        teamsByPattern.set(id, teams);
      }
      teams.add(other);
    }
  }
  const adopters = new Map<string, number>();
  for (const [id, teams] of teamsByPattern) adopters.set(id, teams.size);
  const together = new Map<string, Map<string, number>>();
  for (const from of new Set([...alsoAdopted, ...adopted])) {
    const teams = teamsByPattern.get(from);
    if (teams === undefined) continue;
    const row = new Map<string, number>();
    for (const other of teams) {
      for (const id of adoptionsByTeam.get(other) ?? []) if (id !== from) row.set(id, (row.get(id) ?? 0) + 1);
    }
    together.set(from, row);
  }
  return { adopted, adopters, together };
}

function resolveReference(index: SearchIndex, reference: string): string | undefined {
  if (index.has(reference)) return reference;
  if (reference.includes('/')) return undefined;
  // A slug (as imported pattern libraries write them): the listing whose id ends in it.
  const ids = [...index.idNames.get(reference)].sort(compareStrings);
  return ids[0];
}

function gapFillers(
  index: SearchIndex,
  adopted: ReadonlySet<string>,
  co: CoAdoption,
  settings: z.infer<typeof OptionsSchema>,
  eligible: (id: string) => Listing | undefined,
): Scored[] {
  const found = new Map<string, Scored>();
  const offer = (id: string | undefined, score: number, reason: string): void => {
    if (id === undefined || eligible(id) === undefined) return;
    const entry = found.get(id);
    if (entry === undefined) found.set(id, { id, score, reasons: [reason] });
    else {
      entry.score = Math.max(entry.score, score);
      if (!entry.reasons.includes(reason)) entry.reasons.push(reason);
    }
  };
  for (const from of [...adopted].sort(compareStrings)) {
    const listing = index.get(from);
    if (listing === undefined) continue;
    for (const dependency of Object.keys(listing.dependencies)) offer(dependency, 1, `${from} depends on it`);
    for (const related of listing.metadata.relatedPatterns) {
      if (related.relationship === 'requires')
        offer(resolveReference(index, related.pattern), 1, `${from} requires it`);
      else if (related.relationship === 'complements')
        offer(resolveReference(index, related.pattern), 0.6, `commonly used with ${from}`);
    }
    const teams = co.adopters.get(from) ?? 0;
    const together = co.together.get(from);
    if (teams === 0 || together === undefined) continue;
    for (const [id, both] of together) {
      if (id === from) continue;
      const confidence = both / teams;
      if (both >= settings.minSupport && confidence >= settings.minConfidence)
        offer(
          id,
          confidence,
          `${Math.round(confidence * 100)}% of the ${teams} teams that adopted ${from} also adopted it`,
        );
    }
  }
  return sortScored(found.values());
}

function problemSolvers(
  index: SearchIndex,
  challenges: readonly string[],
  techStack: Record<string, string>,
  limit: number,
  eligible: (id: string) => Listing | undefined,
): Scored[] {
  const found = new Map<string, Scored>();
  for (const challenge of challenges) {
    // Match on what the challenge is about: English stop words ("the", "of", "out") are
    // dropped first (STOP_WORDS: `stopword` and `@orama/stopwords` lists) so they neither match nor appear in reasons.
    const text = challenge
      .split(/\s+/)
      .filter((word) => !STOP_WORDS.has(word.toLowerCase().replace(/^\p{P}+|\p{P}+$/gu, '')))
      .join(' ');
    if (text.trim() === '') continue;
    // With an embedder, the same hybrid retrieval as search: related words explain the match.
    const { hits } = search(index, {
      text,
      filters: Object.keys(techStack).length > 0 ? { environment: techStack } : {},
      limit: limit * 4,
      explain: index.embedder !== undefined,
    });
    for (const hit of hits) {
      if (eligible(hit.id) === undefined) continue;
      const words = [
        ...hit.terms.filter((term) => !STOP_WORDS.has(term)),
        ...(hit.explanation?.semantic?.related ?? [])
          .filter((pair) => pair.query !== pair.text && !hit.terms.includes(pair.query))
          .map((pair) => `${pair.query} ≈ ${pair.text}`),
      ];
      if (words.length === 0 && hit.explanation?.semantic === undefined) continue;
      const reason =
        words.length > 0
          ? `matches your challenge "${challenge}" (${words.join(', ')})`
          : `close in meaning to your challenge "${challenge}"`;
      const entry = found.get(hit.id);
      if (entry === undefined) found.set(hit.id, { id: hit.id, score: hit.score, reasons: [reason] });
      else {
        entry.score = Math.max(entry.score, hit.score);
        entry.reasons.push(reason);
      }
    }
  }
  return sortScored(found.values());
}

function features(listing: Listing): string[] {
  return [`category:${listing.category}`, ...listing.tags.map((tag) => `tag:${tag}`)];
}

function personalized(
  index: SearchIndex,
  adopted: ReadonlySet<string>,
  eligible: (id: string) => Listing | undefined,
): Scored[] {
  const profile = new Map<string, number>();
  for (const id of adopted) {
    const listing = index.get(id);
    if (listing === undefined) continue;
    for (const feature of features(listing)) profile.set(feature, (profile.get(feature) ?? 0) + 1);
  }
  const out: Scored[] = [];
  const similarityTo = profile.size > 0 ? cosineAgainst(profile) : undefined;
  for (const listing of index.listings()) {
    if (adopted.has(listing.id)) continue;
    const own = features(listing);
    if (profile.size > 0 && !own.some((feature) => profile.has(feature))) continue;
    if (eligible(listing.id) === undefined) continue;
    if (profile.size === 0) {
      const score = (ratingSignal(listing) + adoptionSignal(listing)) / 2;
      out.push({ id: listing.id, score, reasons: ['well rated and widely adopted'] });
      continue;
    }
    const similarity = (similarityTo as (set: readonly string[]) => number)(own);
    const shared = own
      .filter((feature) => profile.has(feature))
      .map((feature) => feature.replace(/^\w+:/, ''));
    // Similarity first; rating breaks near-ties (a fifth of the weight).
    out.push({
      id: listing.id,
      score: 0.8 * similarity + 0.2 * ratingSignal(listing),
      reasons: [`close to what you adopted (shares ${shared.join(', ')})`],
    });
  }
  return sortScored(out);
}
