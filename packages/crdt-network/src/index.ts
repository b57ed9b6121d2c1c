/**
 * `@pollinate/crdt-network`: the replicated pattern network on Automerge — contributions
 * with opt-in consent, exact aggregates, sync with peers, erasure and export (GDPR), and
 * epochs (compaction). The anonymizer is its own package, `@pollinate/anonymize` (the
 * entry point `@pollinate/crdt-network/anonymize` re-exports it, deprecated, for one
 * minor version).
 *
 * @packageDocumentation
 */
export * from './aggregates.js';
export * from './contributions.js';
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
export * from './erasure.js';
export * from './errors.js';
export type { StoredRecord } from './records.js';
export * from './sharded.js';
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
export * from './sync.js';
