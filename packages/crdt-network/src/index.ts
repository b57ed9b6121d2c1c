/**
 * `@pollinate/crdt-network`: the replicated pattern network on Automerge — contributions
 * with opt-in consent, exact aggregates, sync with peers, erasure and export (GDPR), and
 * epochs (compaction). The anonymizer is its own package, `@pollinate/anonymize` (the
 * entry point `@pollinate/crdt-network/anonymize` re-exports it, deprecated, for one
 * minor version).
 *
 * @packageDocumentation
 */
export {
  AggregateCache,
  type ContributionCounts,
  countContributions,
  createAggregateCache,
  type ListPatternsOptions,
  listPatterns,
  type PatternSummary,
  type PatternsForMigrationOptions,
  patternKey,
  patternsForMigration,
  type StepSummary,
} from './aggregates.js';
export {
  type ContributeOptions,
  contribute,
  contributeMany,
  type ImportRecordsOptions,
  importRecords,
  type RectifyOptions,
  rectifyContribution,
} from './contributions.js';
export { erasureDigest } from './digests.js';
export {
  type CreateNetworkOptions,
  createNetwork,
  EpochSchema,
  type LoadOptions,
  load,
  MAX_EPOCH,
  merge,
  NETWORK_FORMAT,
  type NetworkDoc,
  NetworkIdSchema,
  type NetworkInfo,
  type NetworkSize,
  networkInfo,
  networkSize,
  OperatorKeySchema,
  save,
} from './document.js';
export {
  adoptEpoch,
  type ContributorExport,
  compact,
  type EpochOptions,
  type EraseOptions,
  eraseContributor,
  exportContributor,
  isContributorErased,
} from './erasure.js';
export {
  ConsentRequiredError,
  ContributorErasedError,
  EpochMismatchError,
  InvalidDocumentError,
  isConsentRequiredError,
  isContributorErasedError,
  isEpochMismatchError,
  isInvalidDocumentError,
  isNetworkMismatchError,
  isSyncError,
  NetworkMismatchError,
  SyncError,
  type SyncErrorReason,
} from './errors.js';
export type { StoredRecord } from './records.js';
export {
  createShardedNetwork,
  type LoadableShardedNetwork,
  loadShardedNetwork,
  type SavedShardedNetwork,
  ShardedNetwork,
  type ShardedNetworkOptions,
  shardIndexOf,
  shardNetworkId,
} from './sharded.js';
export {
  deriveKeyPair,
  isSigningPseudonym,
  keyPairFromSecret,
  type NetworkKeyPair,
  pseudonymOf,
  recordSigningMessage,
  type SignatureVerifier,
  signingNetworkId,
  type VerifyOptions,
  verifyEd25519,
} from './signing.js';
export {
  contributionsInSyncMessage,
  decodeSyncState,
  encodeSyncState,
  type GeneratedSyncMessage,
  generateSyncMessage,
  type HandledSyncMessage,
  handleSyncMessage,
  initSyncState,
  type ReceivedSyncMessage,
  receiveSyncMessage,
  SYNC_ENVELOPE_HEADER_LENGTH,
  SYNC_ENVELOPE_MAGIC,
  SYNC_ENVELOPE_VERSION,
  SYNC_FLAG_SESSION_START,
  type SyncResult,
  type SyncState,
  type SyncStats,
  type SyncTransport,
  type SyncWithPeerOptions,
  syncWithPeer,
} from './sync.js';
