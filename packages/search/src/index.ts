/**
 * `@pollinate/search` — discovery for a Pollinate marketplace: a full-text index over
 * listings (MiniSearch) with filters and disjunctive facets, rank fusion, a similarity
 * matcher for network pattern summaries, recommendations, trending and marketplace stats.
 *
 * @packageDocumentation
 */
/** Core's error types, re-exported because search functions throw them. */
export { PollinateError, ValidationError, type ValidationIssue } from '@pollinate/core/model';
export type { Embedder, RelatedWords } from './embedder.js';
export {
  DuplicateListingError,
  IndexFormatError,
  isDuplicateListingError,
  isIndexFormatError,
  isListingNotFoundError,
  ListingNotFoundError,
} from './errors.js';
export type { FacetName } from './filters.js';
export {
  evaluateRanker,
  fixedRanker,
  loadRanker,
  RANKER_FEATURES,
  type RankedCandidate,
  type RankerFeature,
  type RankerModel,
  type RankingSession,
  rankerWeights,
  serializeRanker,
  sessionFromSearch,
  type TrainRankerOptions,
  trainRanker,
} from './learned-ranker.js';
export {
  type Instant,
  type MarketplaceStats,
  type MarketplaceStatsOptions,
  marketplaceStats,
  type NewArrivalsOptions,
  newArrivals,
  type TrendingItem,
  type TrendingOptions,
  trending,
} from './marketplace.js';
export {
  type MatchOptions,
  type MatchWeights,
  matchPatterns,
  type PatternMatch,
  type PatternQuery,
  type PatternSummaryLike,
} from './match-patterns.js';
export { type RankingMetrics, rankingMetrics } from './metrics.js';
export {
  type FusedItem,
  type FusionContribution,
  type FusionMethod,
  type FusionOptions,
  fuseRankings,
  type RankedItem,
  type Ranking,
} from './rank-fusion.js';
export {
  type CoAdoption,
  coAdoptionFromEvents,
  type Recommendation,
  type RecommendationContext,
  type RecommendationData,
  type Recommendations,
  type RecommendOptions,
  recommend,
} from './recommend.js';
export {
  type FacetCount,
  type Facets,
  type ScoreExplanation,
  type SearchFilters,
  type SearchHit,
  type SearchQuery,
  SearchQuerySchema,
  type SearchResult,
  search,
} from './search.js';
export {
  add,
  createIndex,
  type IndexOptions,
  IndexOptionsSchema,
  type RankingOptions,
  type ResolvedIndexOptions,
  remove,
  replace,
  SearchIndex,
  type SemanticOptions,
} from './search-index.js';
export {
  INDEX_FORMAT,
  INDEX_FORMAT_VERSION,
  type LoadIndexOptions,
  loadIndex,
  serializeIndex,
} from './serialize.js';
export { cosineSimilarity, type FeatureVector } from './similarity.js';
export { STOP_WORD_LIST, STOP_WORDS } from './stop-words.js';
export {
  createWordVectorEmbedder,
  type PackedWordVectors,
  packWordVectors,
  unpackWordVectors,
  type WordVectorEmbedderOptions,
  type WordVectorTable,
} from './word-vectors.js';
