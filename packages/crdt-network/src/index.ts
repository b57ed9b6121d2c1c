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
  save,
} from './document.js';
export * from './erasure.js';
export * from './errors.js';
export * from './sync.js';
