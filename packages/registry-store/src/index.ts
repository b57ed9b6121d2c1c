/**
 * `@pollinate/registry-store`: the storage seam of a Pollinate registry — the
 * {@link RegistryStore} interface with its change feed, network log and aggregates kept on
 * write. The conformance suite every implementation runs is the `testing` entry point
 * (`@pollinate/registry-store/testing`).
 *
 * @packageDocumentation
 */
export {
  type CatalogStore,
  NOTIFICATION_KINDS,
  type NotificationInput,
  type NotificationKind,
  type ProposalStatus,
  type RevenueFilter,
  type StoredFork,
  type StoredNotification,
  type StoredProposal,
  type WebhookAttemptOutcome,
  type WebhookDelivery,
  type WebhookDeliveryStatus,
  type WebhookSubscription,
} from './catalog.js';
export {
  type AdoptionEventFilter,
  type AuditEntry,
  type AuditEvent,
  type AuditEventType,
  type AuditQuery,
  type CoAdoption,
  type ConsentRecord,
  type ErasureRecord,
  figuresVersion,
  isStoreError,
  type NetworkChange,
  type NetworkCompaction,
  type NetworkShardState,
  type PatternStats,
  type PutReviewOptions,
  type PutVersionOptions,
  type PutVersionResult,
  type RegistryStore,
  type RegistryTotals,
  type ReviewerAccount,
  type ReviewFilter,
  type ReviewScreeningInputs,
  type ReviewScreeningQuery,
  type ReviewStatus,
  type StoreChange,
  type StoredPattern,
  type StoredReview,
  type StoredVersion,
  type StoredVersionSummary,
  StoreError,
  type StoreReadiness,
  withCurrentFigures,
} from './store.js';
export {
  TRENDING_EPOCH_MS,
  TRENDING_HALF_LIFE_DAYS,
  TRENDING_WEIGHTS,
  trendingMass,
  trendingScore,
} from './trending.js';
export {
  type ModerationDecision,
  type ModerationDecisionFilter,
  type ModerationRequest,
  pageLimit,
  type QueuedReview,
  type ReviewReply,
  type StoredAttestation,
  type TrustStore,
} from './trust.js';
