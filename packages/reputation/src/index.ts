/**
 * `@pollinate/reputation` — trust for a pattern marketplace: rating aggregation
 * (Bayesian average, Evan Miller's Dirichlet lower bound, Wilson lower bound), the
 * multi-factor reputation score with trust levels and badges, review screening against
 * gaming, EigenTrust over the reviewer graph, certification levels and publisher analytics.
 *
 * @packageDocumentation
 */
export { PollinateError, ValidationError, type ValidationIssue } from '@pollinate/core/model';
export {
  attestedEvidence,
  CERTIFICATION_REQUIREMENTS,
  type CertificationEvidence,
  CertificationEvidenceSchema,
  type CertificationFlag,
  CertificationFlagSchema,
  type CertificationLevel,
  type CertificationRequirement,
  type CertificationResult,
  certify,
  EVIDENCE_SOURCES,
  type EvidenceSource,
  EvidenceSourceSchema,
  VERIFIED_REQUIREMENTS,
} from './certification.js';
export {
  type PatternAdoptionFigures,
  type PatternStats,
  type PublisherDashboard,
  type PublisherDashboardOptions,
  publisherDashboard,
} from './publisher-dashboard.js';
export {
  type AggregateRatingsOptions,
  aggregateRatings,
  aggregateRatingsByPattern,
  type PatternRatedItem,
  type RatedItem,
  type RatingAggregate,
  type RatingPrior,
  type RecommendSummary,
  type Stars,
  starRatingLowerBound,
  wilsonLowerBound,
} from './ratings.js';
export {
  type AnchorPoint,
  BADGE_RULES,
  type Badge,
  type BadgeName,
  type BadgeRule,
  DEFAULT_REPUTATION_WEIGHTS,
  DEFAULT_SIGNAL_SOURCES,
  type FactorBreakdown,
  normalizeSignal,
  REPUTATION_ANCHORS,
  REPUTATION_FACTORS,
  type ReputationFactor,
  type ReputationScore,
  type ReputationSignalName,
  type ReputationSignals,
  ReputationSignalsSchema,
  type ScoreReputationOptions,
  scoreReputation,
  type TrustLevel,
} from './reputation-score.js';
export {
  DEFAULT_SCREENING_THRESHOLDS,
  DEFAULT_SCREENING_WEIGHTS,
  type FlaggedReview,
  type ReviewerAccount,
  SCREENING_REASONS,
  type ScreeningContext,
  type ScreeningReason,
  type ScreeningResult,
  type ScreeningThresholds,
  screenReviews,
} from './review-screening.js';
export {
  type AggregateReviewStructureOptions,
  aggregateReviewStructure,
  type ReviewPointCount,
  type ReviewStructureSummary,
} from './review-structure.js';
export {
  findNearDuplicates,
  findNearDuplicatesPairwise,
  jaccardSimilarity,
  type NearDuplicateOptions,
  wordShingles,
} from './text-similarity.js';
export {
  type ComputeTrustOptions,
  computeTrust,
  eigenTrust,
  eigenTrustIterationBound,
  type TrustEdge,
  type TrustResult,
} from './trust-propagation.js';
