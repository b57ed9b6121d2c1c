import { compareStrings, parseWith } from '@pollinate/core/helpers';
import {
  EnvironmentSchema,
  ExcellenceTierSchema,
  type Listing,
  type PricingModel,
  PricingModelSchema,
  SlugSchema,
  TeamIdSchema,
} from '@pollinate/core/model';
import MiniSearch, { type MatchInfo } from 'minisearch';
import * as z from 'zod';
import type { RelatedWords } from './embedder.js';
import { compileFilters, FACET_NAMES, FacetCounter, type FacetName } from './filters.js';
import type { TextScores } from './internal/text-scorer.js';
import { nthLargest, ranksAmong, topK } from './internal/top-k.js';
import { type FusionContribution, fuseRankings, type Ranking, sumInAnyOrder } from './rank-fusion.js';
import {
  compactName,
  type IndexedRecord,
  normalizeName,
  type ResolvedIndexOptions,
  type SearchIndex,
} from './search-index.js';
import { contentWordCount, listingText } from './semantic.js';
import { adoptionSignal, ratingSignal } from './signals.js';
import { STOP_WORDS } from './stop-words.js';

const weight = z.number().min(0).finite();
/** Which query terms (by position) are matched fuzzily. */
type FuzzyRule = (term: string, position: number, terms: string[]) => boolean;
/** Parts of a name-like query this long or longer are matched as prefixes too (see `fuzzy.names`). */
const NAME_PART_PREFIX_MIN_LENGTH = 2;
/** One token typed like a package name: `lodash.merge`, `@scope/name`, `meteo-promise`. */
/** Compact names (see `compactName`) shorter than this are not matched: too many short names collide. */
const COMPACT_NAME_MIN_LENGTH = 5;
const NAME_LIKE = /^@?[\p{L}\p{N}._~-]+(?:\/[\p{L}\p{N}._~-]+)?$/u;

/**
 * The zod schema of {@link SearchQuery} that {@link search} applies; a server can use it to
 * validate query parameters up front. `parse` fills in the defaults.
 *
 * @example
 * ```ts
 * const query = SearchQuerySchema.parse({ text: 'retry', limit: 5 }); // query.sort === 'relevance'
 * ```
 */
export const SearchQuerySchema = z.strictObject({
  text: z.string().max(1000).default(''),
  filters: z
    .strictObject({
      categories: z.array(SlugSchema).max(200).optional(),
      tags: z.array(SlugSchema).max(200).optional(),
      tagMode: z.enum(['all', 'any']).default('all'),
      licenses: z.array(z.string().min(1).max(200)).max(500).optional(),
      minRating: z.number().min(0).max(5).optional(),
      minAdoptions: z.number().min(0).finite().optional(),
      publishers: z.array(TeamIdSchema).max(10_000).optional(),
      pricing: z.array(PricingModelSchema).max(4).optional(),
      tiers: z.array(ExcellenceTierSchema).max(3).optional(),
      environment: EnvironmentSchema.optional(),
    })
    .default({ tagMode: 'all' }),
  sort: z.enum(['relevance', 'rating', 'adoption', 'newest']).default('relevance'),
  limit: z.number().int().min(0).max(1000).default(20),
  offset: z.number().int().min(0).max(1_000_000).default(0),
  explain: z.boolean().default(false),
  facetLimit: z.number().int().min(0).max(10_000).default(50),
  ranking: z
    .strictObject({
      method: z.enum(['weighted', 'rrf']).optional(),
      k: z.number().positive().finite().optional(),
      weights: z
        .strictObject({
          text: weight.optional(),
          rating: weight.optional(),
          adoption: weight.optional(),
          fit: weight.optional(),
        })
        .optional(),
      depth: z.number().int().min(1).max(100_000).optional(),
      coverageFirst: z.boolean().optional(),
    })
    .optional(),
});

/**
 * Filters of a {@link SearchQuery}. Every filter is optional; given filters combine with AND.
 */
export interface SearchFilters {
  /** Keep listings in any of these categories (slugs). */
  categories?: string[];
  /** Keep listings carrying these tags: all of them or any (see `tagMode`). */
  tags?: string[];
  /** Whether `tags` needs all or any of the tags. @default 'all' */
  tagMode?: 'all' | 'any';
  /**
   * SPDX allow-list: keep a listing when its license expression can be satisfied using only
   * these licenses (`MIT OR GPL-3.0-only` passes `['MIT']`; `MIT AND GPL-3.0-only` does not),
   * checked with `spdx-satisfies`.
   */
  licenses?: string[];
  /** Keep listings rated at least this (0–5 stars, `rating.overall`); unrated listings are dropped. */
  minRating?: number;
  /** Keep listings with at least this many adoptions, counted as `adoption.downloads`. */
  minAdoptions?: number;
  /** Keep listings by these (trusted) publishers, by publisher id. */
  publishers?: string[];
  /** Keep listings with any of these pricing models. */
  pricing?: PricingModel[];
  /** Keep listings of any of these excellence tiers; listings without a tier are dropped. */
  tiers?: ('gold' | 'silver' | 'bronze')[];
  /**
   * Keep listings compatible with this environment (name → version in use, e.g.
   * `{ node: '20.11.0', react: '18.2.0' }`), per core's `checkCompatibility`: every range
   * the listing declares for a name the environment has must be satisfied (semver). Names
   * the environment lacks are not required. Also feeds the `fit` ranking signal.
   */
  environment?: Record<string, string>;
}

/** A search request. Every field is optional. */
export interface SearchQuery {
  /**
   * Free text; empty browses: every listing that passes the filters, in the chosen sort. An
   * exact name (`react-dom`, or an id `npm/react-dom`) puts that listing first in relevance
   * order.
   * @default '' (browse)
   */
  text?: string;
  /** {@link SearchFilters}. */
  filters?: SearchFilters;
  /**
   * `'relevance'` (text relevance fused with rating, adoption and fit, see
   * {@link RankingOptions}; when browsing, the weighted signals alone), `'rating'`
   * (`rating.overall`, then review count), `'adoption'` (downloads, then active installs) or
   * `'newest'` (`publishedAt`). Ties fall back to relevance, then id.
   * @default 'relevance'
   */
  sort?: 'relevance' | 'rating' | 'adoption' | 'newest';
  /** Page size, 0–1000. @default 20 */
  limit?: number;
  /** Hits to skip, ≥ 0. @default 0 */
  offset?: number;
  /** Attach a {@link ScoreExplanation} to each hit. @default false */
  explain?: boolean;
  /** At most this many values per facet (selected values are always kept). @default 50 */
  facetLimit?: number;
  /** Per-query override of the index's ranking options (see {@link RankingOptions}). */
  ranking?: {
    method?: 'weighted' | 'rrf';
    k?: number;
    weights?: { text?: number; rating?: number; adoption?: number; fit?: number };
    depth?: number;
    coverageFirst?: boolean;
  };
}

/** Why a hit scored what it scored (`explain: true`). */
export interface ScoreExplanation {
  /**
   * How the score was made: fused (`weighted`/`rrf`), `text` only (beyond the re-ranking
   * depth), `browse` signals, or `hybrid` (reciprocal rank fusion of the keyword ranking and
   * the vector ranking).
   */
  method: 'weighted' | 'rrf' | 'text' | 'browse' | 'hybrid';
  /**
   * Hybrid retrieval: the cosine of the query's and the listing's vectors, the listing's
   * 1-based rank among the vector candidates, and (with an embedder that can tell, as the
   * word-vector one) the query words closest to the listing's words — never stop words.
   */
  semantic?: { similarity: number; rank: number; related: RelatedWords[] };
  /** The query equals the listing's name or id, so it is ranked first. */
  exactNameMatch: boolean;
  /** Text relevance: raw BM25 score, 1-based rank among filtered text matches, whether fuzzy matching was used. */
  text?: { score: number; rank: number; fuzzy: boolean };
  /** The signals on [0, 1] (see {@link RankingOptions}); `fit` only with an environment. */
  signals: { text?: number; rating: number; adoption: number; fit?: number };
  /** What each ranking added (from {@link fuseRankings}, or the weighted terms when browsing). */
  contributions: FusionContribution[];
  /** One line in words. */
  summary: string;
}

/** One search hit. */
export interface SearchHit {
  /** The listing id. */
  id: string;
  /** The relevance score (higher is better; see {@link ScoreExplanation}). */
  score: number;
  /** The query terms that matched (empty when browsing). */
  terms: string[];
  /** Matched index terms → the fields they matched in (`name`, `tags`, `description`). */
  match: MatchInfo;
  /** The query is this listing's exact name or id. */
  exactNameMatch: boolean;
  /** The listing. */
  listing: Listing;
  /** Present with `explain: true`. */
  explanation?: ScoreExplanation;
}

/** A facet value and how many listings have it. */
export interface FacetCount {
  /** The value (a category, tag, license expression, tier or pricing model). */
  value: string;
  /** Listings that match the query and every filter except this facet's own. */
  count: number;
}

/**
 * Disjunctive facet counts per dimension, each sorted by count (descending) then value: a
 * dimension's counts apply every filter except that dimension's own, so selecting a
 * category does not hide the other categories' counts (as Artifact Hub does).
 */
export type Facets = Record<FacetName, FacetCount[]>;

/** What {@link search} returns. */
export interface SearchResult {
  /** The requested page of hits. */
  hits: SearchHit[];
  /** How many listings match the text and pass every filter. */
  total: number;
  /** {@link Facets}. */
  facets: Facets;
}

interface Candidate {
  listing: Listing;
  text?: TextMatch;
  textRank: number;
  score: number;
  /** 2: the query is the listing's name or id; 1: the name part of its id; 0: neither. */
  exact: number;
  /** How many of the query's content terms (not stop words) the listing matched (0 when browsing or `coverageFirst` is off). */
  coverage: number;
  method: ScoreExplanation['method'];
  contributions: FusionContribution[];
  /** Hybrid retrieval: the vector ranking's cosine and 1-based rank. */
  semantic?: { similarity: number; rank: number };
  /** Builds `contributions` when a hit is explained (weighted fusion computes only the score). */
  describe?: () => FusionContribution[];
}

type QueryInput = z.infer<typeof SearchQuerySchema>;

/**
 * Searches an index: full-text matching (BM25, prefix on the last term, fuzzy as a
 * fallback), filters, disjunctive facet counts, ranking that fuses text relevance with
 * social proof (rating, adoption) and technical fit, exact-name-first, sort and paging.
 * Listings matching more of the query's content words come first (`ranking.coverageFirst`).
 * With an index built with an `embedder`, a query of at least `semantic.minWords` content
 * words is answered by hybrid retrieval: the keyword ranking and the nearest vectors fused by
 * reciprocal rank fusion (explanations then carry `semantic.related` word pairs).
 * Does not change the index.
 *
 * @param index - the index
 * @param query - {@link SearchQuery}
 * @returns `{ hits, total, facets }` (see {@link SearchResult})
 * @throws `ValidationError` (from core) when the query is malformed (unknown key, bad slug,
 *   limit out of range, malformed environment …)
 * @example
 * ```ts
 * const { hits, total, facets } = search(index, {
 *   text: 'retry backoff',
 *   filters: { licenses: ['MIT', 'Apache-2.0'], minRating: 4, environment: { node: '20.11.0' } },
 *   sort: 'relevance',
 *   limit: 10,
 *   explain: true,
 * });
 * hits[0]?.explanation?.summary;
 * facets.category; // [{ value: 'resilience', count: 12 }, …]
 * ```
 */
export function search(index: SearchIndex, query: SearchQuery = {}): SearchResult {
  const parsed = parseWith(SearchQuerySchema, query, 'search query');
  const ranking = resolveRanking(index.options, parsed.ranking);
  const filter = compileFilters(parsed.filters);
  const text = parsed.text;
  const browsing = text.trim() === '';
  const environmentGiven = filter.hasEnvironment;
  const fitOf = (listing: Listing): number => (environmentGiven ? filter.fit(listing).fit : 0);
  // Technical fit only counts when the query names an environment.
  const effective = environmentGiven ? ranking : { ...ranking, weights: { ...ranking.weights, fit: 0 } };
  const compare = comparator(parsed.sort);
  const wanted = parsed.offset + parsed.limit;

  let counter = new FacetCounter(index.dictionaries);
  let ordered: Candidate[];
  let total: number;
  let fuzzyUsed = false;
  let hybridUsed = false;
  let found: TextScores | undefined;

  if (browsing) {
    const passing: Candidate[] = [];
    if (filter.active)
      for (const record of index.records.values()) {
        const mask = filter.mask(record.listing);
        counter.count(index.columns, record.slot, mask);
        if (mask === 0) passing.push(newCandidate(record.listing, undefined, 0, 0));
      }
    else {
      // Read only from here on.
      counter = index.catalogFacets();
      for (const record of index.records.values())
        passing.push(newCandidate(record.listing, undefined, 0, 0));
    }
    scoreBrowse(passing, effective, fitOf);
    total = passing.length;
    ordered = topK(passing, wanted, compare).slice(parsed.offset);
  } else {
    const normalized = normalizeName(text);
    const exactIds = new Map<string, number>();
    for (const id of index.idNames.get(normalized)) exactIds.set(id, 1);
    for (const id of index.exactNames.get(normalized)) exactIds.set(id, 2);
    // An id typed in full, or written npm-style as `@scope/name`.
    const asId = normalized.startsWith('@') ? normalized.slice(1) : normalized;
    if (index.records.has(asId)) exactIds.set(asId, 2);
    // A name typed with a separator dropped, added or moved (`flowbitem-cp`, `reactnative`)
    // is the name but for its separators: it counts as an id-name match (level 1).
    if (exactIds.size === 0 && NAME_LIKE.test(normalized)) {
      const compact = compactName(normalized);
      if (compact.length >= COMPACT_NAME_MIN_LENGTH && compact !== normalized) {
        for (const id of index.exactNames.get(compact)) exactIds.set(id, 1);
      }
      if (compact.length >= COMPACT_NAME_MIN_LENGTH) {
        for (const id of index.compactNames.get(compact)) exactIds.set(id, 1);
      }
    }
    // Text matches that pass every filter (ordered later); facets counted on the way.
    let passing: TextMatches = {
      count: 0,
      slots: new Int32Array(0),
      positions: undefined,
      scores: new Float64Array(0),
      exact: [],
    };
    const collect = (matches: TextScores): void => {
      counter = new FacetCounter(index.dictionaries);
      const missing = new Set<number>();
      for (const id of exactIds.keys()) {
        const record = index.records.get(id);
        if (record !== undefined) missing.add(record.slot);
      }
      const { count, slots, scores: textScores } = matches;
      // The exact names among the matches, found in one pass through a mark per document (a
      // short name such as `react` is the name part of hundreds of scoped ids); `missing`
      // keeps those that did not match.
      const marked = missing.size > 0;
      const isExact = index.scratch.uint32('exact marks', marked ? index.slots.length : 0);
      isExact.fill(0);
      for (const slot of missing) isExact[slot] = 1;
      const exactPositions: number[] = [];
      if (marked)
        for (let position = 0; position < count; position++) {
          const slot = slots[position] as number;
          if (isExact[slot] !== 1) continue;
          exactPositions.push(position);
          missing.delete(slot);
        }
      if (!filter.active && missing.size === 0) {
        // Every match passes: the scorer's arrays serve as they are.
        counter = countMatches(index, slots.subarray(0, count));
        passing = { count, slots, positions: undefined, scores: textScores, exact: exactPositions };
        return;
      }
      const keptSlots = index.scratch.int32('passing slots', count + missing.size);
      const positions = index.scratch.int32('passing positions', count + missing.size);
      const scores = index.scratch.float64('passing scores', count + missing.size);
      const { columns } = index;
      const filtering = filter.active;
      let kept = 0;
      const exact: number[] = [];
      const keep = (slot: number, position: number, score: number, isExact: boolean): void => {
        const mask = filtering ? filter.mask((index.slots[slot] as IndexedRecord).listing) : 0;
        counter.count(columns, slot, mask);
        if (mask !== 0) return;
        if (isExact) exact.push(kept);
        keptSlots[kept] = slot;
        positions[kept] = position;
        scores[kept] = score;
        kept++;
      };
      for (let position = 0; position < count; position++) {
        const slot = slots[position] as number;
        keep(slot, position, textScores[position] as number, marked && isExact[slot] === 1);
      }
      // Exact names the text index cannot match (no word characters) still count.
      for (const slot of missing) keep(slot, -1, Number.NEGATIVE_INFINITY, true);
      passing = { count: kept, slots: keptSlots, positions, scores, exact };
    };
    const fuzzy = index.options.fuzzy;
    // A query that is exactly a listing's name or id is taken as typed in full: no prefix.
    const complete = [...exactIds.values()].includes(2);
    const longTerms = queryTerms(text).filter((term) => term.length >= fuzzy.minLength);
    // A query typed like a package name (one token such as `meteo-promise`) that is no
    // listing's name: a typo may hide in any of its parts, even one that is itself a word, so
    // every part of at least `nameMinLength` characters is matched fuzzily too.
    const nameLike =
      fuzzy.mode === 'fallback' &&
      fuzzy.names &&
      !complete &&
      exactIds.size === 0 &&
      NAME_LIKE.test(text.trim());
    // With 'or', a term matches some listing exactly when the term dictionary has it, so
    // the long terms the dictionary lacks are made fuzzy in the first (and usually only)
    // pass; with 'and' they are known only after a pass. In a name-like query the part
    // being typed counts from `nameMinLength` characters on, as the other parts do, so it is
    // fuzzy when it matches nothing as typed or as a prefix (`vue-bpdn` → `vue-bpmn`).
    const unknown =
      fuzzy.mode === 'fallback' && index.options.combineWith === 'or'
        ? unknownTerms(
            index,
            text,
            nameLike ? queryTerms(text).filter((term) => term.length >= fuzzy.nameMinLength) : longTerms,
            complete,
          )
        : undefined;
    const expands = prefixRule(index, text, complete);
    let fuzzyTerm: FuzzyRule | undefined =
      fuzzy.mode === 'always'
        ? () => true
        : nameLike
          ? // The part being typed is matched as a prefix instead (unless it matches nothing).
            (term, position, terms) => !expands(term, position, terms) || (unknown?.has(term) ?? false)
          : unknown !== undefined && unknown.size > 0
            ? (term: string) => unknown.has(term)
            : undefined;
    fuzzyUsed = fuzzyTerm !== undefined;
    found = runText(
      index,
      text,
      fuzzyTerm,
      complete,
      nameLike ? fuzzy.nameMinLength : fuzzy.minLength,
      // Any part of a name of several parts being typed may be cut short (`mu-icons` →
      // `mui-icons`, `react-na` → `react-native`): parts of 2 characters or more are prefixes.
      nameLike && index.options.prefix.mode !== 'none' ? NAME_PART_PREFIX_MIN_LENGTH : undefined,
    );
    collect(found);
    if (fuzzy.mode === 'fallback') {
      // Fall back to fuzzy matching for the long terms that matched nothing (when not done
      // already), or for every long term when too few listings pass.
      const everyTerm = (unknown?.size ?? 0) < new Set(longTerms).size ? () => true : undefined;
      let unmatched: Set<string> | undefined;
      if (unknown === undefined) {
        const matchedTerms = found;
        unmatched = new Set(
          longTerms.filter((term) => !matchedTerms.termMatched[matchedTerms.queryTerms.indexOf(term)]),
        );
      }
      fuzzyTerm =
        passing.count < fuzzy.minResults && longTerms.length > 0
          ? everyTerm
          : unmatched !== undefined && unmatched.size > 0
            ? (term: string) => unmatched.has(term)
            : undefined;
      if (fuzzyTerm !== undefined && !nameLike) {
        fuzzyUsed = true;
        found = runText(index, text, fuzzyTerm, complete, fuzzy.minLength);
        collect(found);
      }
    }
    total = passing.count;
    // Coverage tiers (the "words" criterion of Algolia's tie-breaking ranking): listings that
    // match more of the query's content words come first; stop words never count.
    const scored = found;
    const counted = scored.queryTerms.map((term) => !STOP_WORDS.has(term));
    const coverageOf =
      effective.coverageFirst && parsed.sort === 'relevance'
        ? (position: number): number => (position === -1 ? 0 : scored.coverageAt(position, counted))
        : () => 0;
    const semantic = index.semantic;
    const settings = index.options.semantic;
    if (
      semantic !== undefined &&
      parsed.sort === 'relevance' &&
      settings.candidates > 0 &&
      !NAME_LIKE.test(text.trim()) &&
      contentWordCount(text) >= settings.minWords
    ) {
      // Hybrid retrieval: the keyword ranking's head fused with the nearest vectors.
      const keyword = rankText(
        index,
        passing,
        exactIds,
        effective,
        fitOf,
        compare,
        'relevance',
        0,
        Math.max(wanted, settings.depth),
        coverageOf,
      );
      const inKeyword = new Set(keyword.map((candidate) => candidate.listing.id));
      const marks = index.scratch.uint32('semantic marks', index.slots.length);
      marks.fill(0);
      for (let match = 0; match < passing.count; match++) marks[passing.slots[match] as number] = 1;
      const accept = (slot: number): boolean => {
        const record = index.slots[slot];
        return record !== undefined && (!filter.active || filter.mask(record.listing) === 0);
      };
      const nearest = semantic.rerank(
        text,
        semantic.nearest(text, accept, settings.candidates * settings.rerank, settings.minSimilarity),
        (slot) => (index.slots[slot] as IndexedRecord).listing,
        settings.candidates,
      );
      // Vector candidates the keywords did not match count as matches (total and facets).
      nearest.slots.forEach((slot) => {
        if (marks[slot] === 1) return;
        total += 1;
        counter.count(index.columns, slot, 0);
      });
      ordered = fuseHybrid(index, keyword, inKeyword, nearest, effective.k, settings.weight).slice(
        parsed.offset,
        wanted,
      );
      hybridUsed = true;
    } else
      ordered = rankText(
        index,
        passing,
        exactIds,
        effective,
        fitOf,
        compare,
        parsed.sort,
        parsed.offset,
        wanted,
        coverageOf,
      );
  }

  const hits = ordered.map((candidate) => {
    const at = candidate.text?.position;
    const terms = at === undefined || found === undefined ? [] : found.termsAt(at);
    const hit: SearchHit = {
      id: candidate.listing.id,
      score: candidate.score,
      terms,
      match: at === undefined || found === undefined ? {} : found.matchAt(at),
      exactNameMatch: candidate.exact > 0,
      listing: candidate.listing,
    };
    if (parsed.explain)
      hit.explanation = explain(candidate, terms, fuzzyUsed, environmentGiven ? fitOf : undefined, () =>
        hybridUsed ? index.embedder?.relate?.(text, listingText(candidate.listing), 3) : undefined,
      );
    return hit;
  });

  return { hits, total, facets: facetsOf(counter, index, parsed, parsed.facetLimit) };
}

/**
 * Reciprocal rank fusion of the keyword ranking (candidates, best first) and the vector
 * ranking; exact names stay first. Vector-only listings become candidates without text.
 */
function fuseHybrid(
  index: SearchIndex,
  keyword: Candidate[],
  inKeyword: ReadonlySet<string>,
  nearest: { slots: number[]; similarities: number[] },
  k: number,
  weight: number,
): Candidate[] {
  const byId = new Map(keyword.map((candidate) => [candidate.listing.id, candidate]));
  const vectorItems = nearest.slots.map((slot, position) => {
    const listing = (index.slots[slot] as IndexedRecord).listing;
    let candidate = byId.get(listing.id);
    if (candidate === undefined) {
      candidate = newCandidate(listing, undefined, 0, 0);
      byId.set(listing.id, candidate);
    }
    candidate.semantic = { similarity: nearest.similarities[position] as number, rank: position + 1 };
    return { id: listing.id, score: nearest.similarities[position] as number };
  });
  const fused = fuseRankings(
    [
      { name: 'keyword', weight: 1, items: keyword.map((candidate) => candidate.listing.id) },
      { name: 'semantic', weight, items: vectorItems },
    ],
    { method: 'rrf', k },
  );
  const out: Candidate[] = [];
  for (const item of fused) {
    const candidate = byId.get(item.id) as Candidate;
    candidate.score = item.score;
    candidate.method = 'hybrid';
    delete candidate.describe;
    candidate.contributions = item.contributions;
    if (!inKeyword.has(item.id)) candidate.textRank = Number.MAX_SAFE_INTEGER;
    out.push(candidate);
  }
  return out.sort(
    (a, b) =>
      b.exact - a.exact ||
      b.score - a.score ||
      a.textRank - b.textRank ||
      compareStrings(a.listing.id, b.listing.id),
  );
}

function newCandidate(
  listing: Listing,
  text: TextMatch | undefined,
  textRank: number,
  exact: number,
): Candidate {
  const candidate: Candidate = {
    listing,
    textRank,
    score: 0,
    exact,
    coverage: 0,
    method: 'browse',
    contributions: [],
  };
  if (text !== undefined) candidate.text = text;
  return candidate;
}

/**
 * Orders text matches. The best `depth` matches (and any exact-name match) are scored by
 * fusion and sorted; the rest keep text order with their text contribution as score, which
 * never exceeds a fused score above them. Only the candidates a page needs are built.
 */
function rankText(
  index: SearchIndex,
  unordered: TextMatches,
  exactIds: ReadonlyMap<string, number>,
  ranking: ResolvedRanking,
  fitOf: (listing: Listing) => number,
  compare: (a: Candidate, b: Candidate) => number,
  sort: QueryInput['sort'],
  offset: number,
  wanted: number,
  coverageOf: (position: number) => number,
): Candidate[] {
  const count = unordered.count;
  const depth = Math.min(ranking.depth, count);
  // Only the positions a relevance page can reach need order (the fused head, the page,
  // and the exact names skipped on the way); other sorts order every match.
  const sortedUpTo = Math.min(count, sort === 'relevance' ? Math.max(depth, wanted) + exactIds.size : count);
  const order = orderText(index, unordered, sortedUpTo);
  // Matches come best first; exact names the engine missed (no match) come last.
  const best =
    count === 0 || positionAt(unordered, order[0] as number) === -1
      ? 0
      : (unordered.scores[order[0] as number] as number);
  /** A text score over the best one (1 for an exact name the engine cannot match). */
  const normalizedText = (score: number | undefined): number =>
    score === undefined ? 1 : best > 0 ? score / best : 0;
  /** The candidate of a match at a (0-based) text rank. */
  const buildMatch = (match: number, rank: number): Candidate => {
    const listing = (index.slots[unordered.slots[match] as number] as IndexedRecord).listing;
    const position = positionAt(unordered, match);
    const text = position === -1 ? undefined : { score: unordered.scores[match] as number, position };
    const candidate = newCandidate(listing, text, rank + 1, exactIds.get(listing.id) ?? 0);
    candidate.coverage = coverageOf(position);
    return candidate;
  };
  const build = (rank: number): Candidate => buildMatch(order[rank] as number, rank);
  const exactMatches = new Set(unordered.exact);
  // The fused head: with weighted fusion and relevance order, scored in a typed array and
  // built only for the ranks a page shows; otherwise every head candidate is built.
  const weightedPage = ranking.method === 'weighted' && sort === 'relevance';
  const head: Candidate[] = weightedPage
    ? weightedHead(
        index,
        unordered,
        order,
        depth,
        wanted,
        exactMatches,
        exactIds,
        normalizedText,
        ranking,
        fitOf,
        coverageOf,
      ).map((rank) => {
        const candidate = build(rank);
        describeWeighted(candidate, normalizedText(candidate.text?.score), ranking, fitOf);
        return candidate;
      })
    : Array.from({ length: depth }, (_, rank) => build(rank));
  if (!weightedPage) {
    if (ranking.method === 'weighted')
      for (const candidate of head)
        describeWeighted(candidate, normalizedText(candidate.text?.score), ranking, fitOf);
    else fuseHead(head, normalizedText, ranking, fitOf);
  }
  const textOnly = (candidate: Candidate): Candidate => {
    const score = normalizedText(candidate.text?.score);
    const contribution =
      ranking.method === 'rrf'
        ? ranking.weights.text / (ranking.k + candidate.textRank)
        : ranking.weights.text * score;
    candidate.score = contribution;
    candidate.method = 'text';
    candidate.contributions = [{ ranking: 'text', rank: candidate.textRank, score, contribution }];
    return candidate;
  };
  if (sort !== 'relevance') {
    const all = [...head];
    for (let rank = depth; rank < count; rank++) all.push(textOnly(build(rank)));
    return topK(all, wanted, compare).slice(offset);
  }
  const exactBeyond: Candidate[] = [];
  if (exactMatches.size > 0) {
    const pending = new Set(exactMatches);
    for (let rank = 0; rank < sortedUpTo && pending.size > 0; rank++)
      if (pending.delete(order[rank] as number) && rank >= depth) exactBeyond.push(textOnly(build(rank)));
    // Exact names beyond the ordered ranks (they matched the text weakly): their ranks are counted.
    if (pending.size > 0) {
      const compareMatch = matchComparator(index, unordered);
      const beyond = [...pending].sort(compareMatch);
      const ranks = ranksAmong(beyond, count, compareMatch);
      beyond.forEach((match, position) => {
        exactBeyond.push(textOnly(buildMatch(match, ranks[position] as number)));
      });
    }
  }
  const sorted = [...head, ...exactBeyond].sort(compare);
  const page: Candidate[] = sorted.slice(offset, wanted);
  // The fused head and the exact names beyond it come first; text order follows.
  let skip = Math.max(0, offset - depth - exactBeyond.length);
  for (let rank = depth; rank < count && page.length < wanted - offset; rank++) {
    if (exactMatches.has(order[rank] as number)) continue;
    if (skip > 0) {
      skip -= 1;
      continue;
    }
    page.push(textOnly(build(rank)));
  }
  return page;
}

interface ResolvedRanking {
  method: 'weighted' | 'rrf';
  k: number;
  weights: { text: number; rating: number; adoption: number; fit: number };
  depth: number;
  coverageFirst: boolean;
}

function resolveRanking(options: ResolvedIndexOptions, override: QueryInput['ranking']): ResolvedRanking {
  const base = options.ranking;
  return {
    method: override?.method ?? base.method,
    k: override?.k ?? base.k,
    weights: { ...base.weights, ...stripUndefined(override?.weights ?? {}) },
    depth: override?.depth ?? base.depth,
    coverageFirst: override?.coverageFirst ?? base.coverageFirst,
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

const defaultTokenize = MiniSearch.getDefault('tokenize') as (text: string) => string[];
const defaultProcessTerm = MiniSearch.getDefault('processTerm') as (
  term: string,
) => string | null | undefined | false;

/** The query's terms as the index sees them (MiniSearch's default tokenizer, lowercased). */
function queryTerms(text: string): string[] {
  const terms: string[] = [];
  for (const token of defaultTokenize(text)) {
    const term = defaultProcessTerm(token);
    if (term) terms.push(term);
  }
  return terms;
}

/**
 * The given query terms that no indexed term matches, neither exactly nor (when
 * {@link runText} expands that term as a prefix) as a prefix: in an `'or'` search these are
 * exactly the terms no result would list in `queryTerms`. Read from MiniSearch's term
 * dictionary (it deletes a term once `remove` leaves it without documents).
 */
function unknownTerms(
  index: SearchIndex,
  text: string,
  candidates: readonly string[],
  complete: boolean,
): Set<string> {
  const terms = queryTerms(text);
  const expands = prefixRule(index, text, complete);
  const unknown = new Set<string>();
  for (const term of candidates) {
    if (index.text.hasTerm(term)) continue;
    const asPrefix = terms.some((other, position) => other === term && expands(term, position, terms));
    if (asPrefix && index.text.hasPrefix(term)) continue;
    unknown.add(term);
  }
  return unknown;
}

/** Which query terms are expanded as prefixes: the options' rule, as MiniSearch's `prefix` callback. */
function prefixRule(
  index: SearchIndex,
  text: string,
  complete: boolean,
): (term: string, position: number, terms: string[]) => boolean {
  const { prefix } = index.options;
  const typing = !complete && !/\s$/u.test(text);
  return (term, position, terms) =>
    prefix.mode !== 'none' &&
    term.length >= prefix.minLength &&
    (prefix.mode === 'all' || (typing && position === terms.length - 1));
}

function runText(
  index: SearchIndex,
  text: string,
  fuzzyTerm: FuzzyRule | undefined,
  complete: boolean,
  fuzzyMinLength: number,
  namePartPrefixMinLength?: number,
): TextScores {
  const { boost, combineWith, fuzzy } = index.options;
  const expands = prefixRule(index, text, complete);
  return index.text.score(queryTerms(text), {
    boost,
    combineWith,
    prefix:
      namePartPrefixMinLength === undefined
        ? expands
        : (term, position, terms) =>
            expands(term, position, terms) ||
            (terms.length > 1 && term.length >= namePartPrefixMinLength && !/\s$/u.test(text)),
    fuzzy:
      fuzzyTerm === undefined
        ? () => false
        : (term, position, terms) =>
            term.length >= fuzzyMinLength && fuzzyTerm(term, position, terms) ? fuzzy.distance : false,
    maxFuzzy: fuzzy.maxDistance,
  });
}

/** A text match as {@link search} keeps it: the final BM25 score and its position in the query's {@link TextScores}. */
interface TextMatch {
  score: number;
  position: number;
}

/**
 * Text matches that pass the filters, as parallel arrays over `0 … count − 1`: the short id,
 * its position in the query's {@link TextScores} (−1: an exact name the engine cannot match,
 * score −∞) and its final text score.
 */
interface TextMatches {
  count: number;
  slots: Int32Array;
  /** `undefined` when every match passed: then the k-th match is at position k. */
  positions: Int32Array | undefined;
  scores: Float64Array;
  /** The indices of exact-name matches. */
  exact: number[];
}

/** The position in the query's {@link TextScores} of a text match (−1: an exact name the engine cannot match). */
function positionAt(matches: TextMatches, match: number): number {
  return matches.positions === undefined ? match : (matches.positions[match] as number);
}

/**
 * The facet counts of text matches when no filter is set. When the matches are most of the
 * catalog (a common word), the listings left out are counted instead and subtracted from
 * the catalog's counts, which the index keeps between changes: the same counts, from fewer
 * listings.
 */
function countMatches(index: SearchIndex, slots: Int32Array): FacetCounter {
  const { columns } = index;
  const counter = new FacetCounter(index.dictionaries);
  if (slots.length * 2 <= index.size) {
    for (let position = 0; position < slots.length; position++)
      counter.count(columns, slots[position] as number, 0);
    return counter;
  }
  const capacity = index.slots.length;
  const matched = index.scratch.uint32('matched slots', capacity);
  matched.fill(0);
  for (let position = 0; position < slots.length; position++) matched[slots[position] as number] = 1;
  for (let slot = 0; slot < capacity; slot++)
    if (matched[slot] === 0 && index.slots[slot] !== undefined) counter.count(columns, slot, 0);
  counter.subtractFrom(index.catalogFacets());
  return counter;
}

/**
 * Orders text matches best first: by score (descending), equal scores by id, so the
 * ranking never depends on the order listings were added. Returns the match indices in
 * that order; only the first `upto` are guaranteed to be in order: when they are a small
 * share, the `upto`-th best score is found by quickselect (O(n)) and only the matches at or
 * above it are sorted; the rest follow in any order.
 */
function orderText(index: SearchIndex, matches: TextMatches, upto: number): Int32Array {
  const { count, scores } = matches;
  const compare = matchComparator(index, matches);
  const order = index.scratch.int32('order', count);
  if (upto * 4 >= count) {
    for (let match = 0; match < count; match++) order[match] = match;
    return order.sort(compare);
  }
  const values = index.scratch.float64('order scores', count);
  values.set(scores.subarray(0, count));
  const threshold = nthLargest(values, upto);
  let front = 0;
  let back = count;
  for (let match = 0; match < count; match++)
    if ((scores[match] as number) >= threshold) order[front++] = match;
    else order[--back] = match;
  order.subarray(0, front).sort(compare);
  return order;
}

/** Text order of two matches (by index): score descending, then id. */
function matchComparator(index: SearchIndex, matches: TextMatches): (a: number, b: number) => number {
  const { slots, scores } = matches;
  const idAt = (match: number): string => (index.slots[slots[match] as number] as IndexedRecord).listing.id;
  return (a, b) => (scores[b] as number) - (scores[a] as number) || compareStrings(idAt(a), idAt(b));
}

function scoreBrowse(
  passing: Candidate[],
  ranking: ResolvedRanking,
  fitOf: (listing: Listing) => number,
): void {
  const { rating, adoption, fit } = ranking.weights;
  for (const candidate of passing) {
    const r = rating * ratingSignal(candidate.listing);
    const a = adoption * adoptionSignal(candidate.listing);
    const f = fit * fitOf(candidate.listing);
    candidate.score = r + a + f;
    candidate.method = 'browse';
    candidate.contributions = [
      { ranking: 'rating', rank: 0, score: ratingSignal(candidate.listing), contribution: r },
      { ranking: 'adoption', rank: 0, score: adoptionSignal(candidate.listing), contribution: a },
    ];
    if (fit > 0)
      candidate.contributions.push({
        ranking: 'fit',
        rank: 0,
        score: fitOf(candidate.listing),
        contribution: f,
      });
  }
}

/**
 * Weighted fusion of the head (the first `depth` text ranks) without building candidates:
 * each rank's score is Σ weight × signal, added as fuseRankings adds them
 * (`sumInAnyOrder`), so it is the same score. Returns the ranks of the first `wanted`
 * in relevance order (exact names first, by level, then score, then text rank).
 */
function weightedHead(
  index: SearchIndex,
  unordered: TextMatches,
  order: Int32Array,
  depth: number,
  wanted: number,
  exactMatches: ReadonlySet<number>,
  exactIds: ReadonlyMap<string, number>,
  normalizedText: (score: number | undefined) => number,
  ranking: ResolvedRanking,
  fitOf: (listing: Listing) => number,
  coverageOf: (position: number) => number,
): number[] {
  const scores = index.scratch.float64('head scores', depth);
  const exactness = index.scratch.int32('head exactness', depth);
  const coverage = index.scratch.int32('head coverage', depth);
  const parts: number[] = [];
  const keep = (_name: string, _signal: number, contribution: number): void => {
    parts.push(contribution);
  };
  const { columns } = index;
  const signals = { text: 0, rating: 0, adoption: 0, fit: 0 };
  // The listing itself is read only for technical fit and exact names.
  const listingAt = (slot: number): Listing => (index.slots[slot] as IndexedRecord).listing;
  for (let rank = 0; rank < depth; rank++) {
    const match = order[rank] as number;
    const slot = unordered.slots[match] as number;
    signals.text = normalizedText(positionAt(unordered, match) === -1 ? undefined : unordered.scores[match]);
    signals.rating = columns.rating[slot] as number;
    signals.adoption = columns.adoption[slot] as number;
    signals.fit = ranking.weights.fit === 0 ? 0 : fitOf(listingAt(slot));
    parts.length = 0;
    weightedTerms(signals, ranking.weights, keep);
    scores[rank] = sumInAnyOrder(parts);
    exactness[rank] = exactMatches.has(match) ? (exactIds.get(listingAt(slot).id) ?? 0) : 0;
    coverage[rank] = coverageOf(positionAt(unordered, match));
  }
  const ranks = Array.from({ length: depth }, (_, rank) => rank);
  return topK(
    ranks,
    wanted,
    (a, b) =>
      (exactness[b] as number) - (exactness[a] as number) ||
      (coverage[b] as number) - (coverage[a] as number) ||
      (scores[b] as number) - (scores[a] as number) ||
      a - b,
  );
}

/** Sets a weighted head candidate's score and method, and how to describe its contributions. */
function describeWeighted(
  candidate: Candidate,
  text: number,
  ranking: ResolvedRanking,
  fitOf: (listing: Listing) => number,
): void {
  const { listing } = candidate;
  const signals = {
    text,
    rating: ratingSignal(listing),
    adoption: adoptionSignal(listing),
    fit: ranking.weights.fit === 0 ? 0 : fitOf(listing),
  };
  const parts: number[] = [];
  weightedTerms(signals, ranking.weights, (_name, _signal, contribution) => {
    parts.push(contribution);
  });
  candidate.score = sumInAnyOrder(parts);
  candidate.method = 'weighted';
  // The per-signal contributions are built only for a hit that is explained.
  candidate.describe = () => {
    const contributions: FusionContribution[] = [];
    weightedTerms(signals, ranking.weights, (name, signal, contribution) => {
      contributions.push({ ranking: name, rank: candidate.textRank, contribution, score: signal });
    });
    return contributions;
  };
}

/** Reciprocal rank fusion of the head candidates (sets their scores and contributions). */
function fuseHead(
  head: Candidate[],
  normalizedText: (score: number | undefined) => number,
  ranking: ResolvedRanking,
  fitOf: (listing: Listing) => number,
): void {
  const { weights, k } = ranking;
  const rankings: Ranking[] = [
    {
      name: 'text',
      weight: weights.text,
      items: head.map((candidate) => ({
        id: candidate.listing.id,
        score: normalizedText(candidate.text?.score),
      })),
    },
  ];
  const signal = (
    name: string,
    weight: number,
    value: (listing: Listing) => number,
    present: (listing: Listing) => boolean,
  ): void => {
    if (weight === 0) return;
    // Each signal ranks only the listings that have it.
    const items = head
      .filter((candidate) => present(candidate.listing))
      .map((candidate) => ({ id: candidate.listing.id, score: value(candidate.listing) }));
    items.sort((a, b) => b.score - a.score || compareStrings(a.id, b.id));
    rankings.push({ name, weight, items });
  };
  signal('rating', weights.rating, ratingSignal, (listing) => (listing.rating?.reviewCount ?? 0) > 0);
  signal('adoption', weights.adoption, adoptionSignal, (listing) => listing.adoption.downloads > 0);
  signal('fit', weights.fit, fitOf, (listing) => fitOf(listing) > 0);
  const fused = fuseRankings(rankings, { method: 'rrf', k, normalization: 'none' });
  const byId = new Map(fused.map((item) => [item.id, item]));
  for (const candidate of head) {
    const item = byId.get(candidate.listing.id);
    candidate.score = item?.score ?? 0;
    candidate.contributions = item?.contributions ?? [];
    candidate.method = 'rrf';
  }
}

/**
 * The terms of weighted fusion of one head candidate, in fusion order: text (always), then
 * rating, adoption and fit when their weight is not 0.
 */
function weightedTerms(
  signals: { text: number; rating: number; adoption: number; fit: number },
  weights: ResolvedRanking['weights'],
  visit: (name: string, signal: number, contribution: number) => void,
): void {
  visit('text', signals.text, weights.text * signals.text);
  if (weights.rating !== 0) visit('rating', signals.rating, weights.rating * signals.rating);
  if (weights.adoption !== 0) visit('adoption', signals.adoption, weights.adoption * signals.adoption);
  if (weights.fit !== 0) visit('fit', signals.fit, weights.fit * signals.fit);
}

function comparator(sort: QueryInput['sort']): (a: Candidate, b: Candidate) => number {
  const byRelevance = (a: Candidate, b: Candidate): number =>
    b.score - a.score || a.textRank - b.textRank || compareStrings(a.listing.id, b.listing.id);
  switch (sort) {
    case 'relevance':
      return (a, b) => b.exact - a.exact || b.coverage - a.coverage || byRelevance(a, b);
    case 'rating':
      return (a, b) =>
        (b.listing.rating?.overall ?? -1) - (a.listing.rating?.overall ?? -1) ||
        (b.listing.rating?.reviewCount ?? 0) - (a.listing.rating?.reviewCount ?? 0) ||
        byRelevance(a, b);
    case 'adoption':
      return (a, b) =>
        b.listing.adoption.downloads - a.listing.adoption.downloads ||
        b.listing.adoption.activeInstalls - a.listing.adoption.activeInstalls ||
        byRelevance(a, b);
    case 'newest':
      return (a, b) =>
        Date.parse(b.listing.publishedAt) - Date.parse(a.listing.publishedAt) || byRelevance(a, b);
  }
}

function explain(
  candidate: Candidate,
  terms: readonly string[],
  fuzzyUsed: boolean,
  fitOf: ((listing: Listing) => number) | undefined,
  relate: () => RelatedWords[] | undefined,
): ScoreExplanation {
  const listing = candidate.listing;
  if (candidate.describe !== undefined) candidate.contributions = candidate.describe();
  const signals: ScoreExplanation['signals'] = {
    rating: ratingSignal(listing),
    adoption: adoptionSignal(listing),
  };
  if (fitOf) signals.fit = fitOf(listing);
  const textPart = candidate.contributions.find((item) => item.ranking === 'text');
  if (textPart?.score !== undefined) signals.text = textPart.score;
  const explanation: ScoreExplanation = {
    method: candidate.method,
    exactNameMatch: candidate.exact > 0,
    signals,
    contributions: candidate.contributions,
    summary: '',
  };
  if (candidate.text)
    explanation.text = { score: candidate.text.score, rank: candidate.textRank, fuzzy: fuzzyUsed };
  const parts = candidate.contributions
    .filter((item) => item.contribution !== 0)
    .map((item) => `${item.ranking} ${round(item.contribution)}`);
  let related = '';
  if (candidate.method === 'hybrid') {
    const words = relate() ?? [];
    if (candidate.semantic !== undefined) explanation.semantic = { ...candidate.semantic, related: words };
    const near = words.filter((pair) => pair.query !== pair.text);
    if (near.length > 0)
      related = `; related ${near.map((pair) => `${pair.query} ≈ ${pair.text} (${round(pair.similarity)})`).join(', ')}`;
  }
  const how =
    candidate.method === 'hybrid'
      ? 'reciprocal rank fusion of keyword and semantic rankings'
      : candidate.method === 'browse'
        ? 'browse score = weighted signals'
        : candidate.method === 'text'
          ? 'beyond the re-ranking depth: text relevance only'
          : `${candidate.method === 'rrf' ? 'reciprocal rank fusion' : 'weighted fusion'} of text and signals`;
  explanation.summary =
    `${candidate.exact === 2 ? 'exact name match, ranked first; ' : candidate.exact === 1 ? 'exact match of the name part of its id, ranked first; ' : ''}${how}: ` +
    `${parts.length > 0 ? parts.join(' + ') : 'no contribution'} = ${round(candidate.score)}` +
    (candidate.text && terms.some((term) => !STOP_WORDS.has(term))
      ? `; matched ${terms.filter((term) => !STOP_WORDS.has(term)).join(', ')}`
      : '') +
    related;
  return explanation;
}

function round(value: number): string {
  return Number(value.toPrecision(4)).toString();
}

function facetsOf(counter: FacetCounter, index: SearchIndex, query: QueryInput, limit: number): Facets {
  const selected: Record<FacetName, readonly string[]> = {
    category: query.filters.categories ?? [],
    tags: query.filters.tags ?? [],
    license: query.filters.licenses ?? [],
    tier: query.filters.tiers ?? [],
    pricing: query.filters.pricing ?? [],
  };
  const facets = {} as Facets;
  for (const name of FACET_NAMES) {
    const counts = counter.of(name, index.dictionaries[name]);
    const all = [...counts.entries()]
      .map(([value, count]) => ({ value, count }))
      .sort((a, b) => b.count - a.count || compareStrings(a.value, b.value));
    const kept = all.slice(0, limit);
    for (const value of selected[name]) {
      if (kept.some((item) => item.value === value)) continue;
      kept.push({ value, count: counts.get(value) ?? 0 });
    }
    facets[name] = kept;
  }
  return facets;
}
