/**
 * `@pollinate/core` — the Pollinate data model: schemas, fingerprints, versions,
 * dependencies, quality gates, lineage, pricing and attestations.
 *
 * Heavier or niche parts have their own entry points: `@pollinate/core/rdf` (Turtle export
 * and import), `@pollinate/core/import` (importers from Markdown pattern libraries and
 * package manifests) and `@pollinate/core/helpers` (small helpers the Pollinate packages
 * share). `@pollinate/core/model` is this entry without the quality gates (no Markdown
 * parser in a bundle).
 *
 * @packageDocumentation
 */
export * from './index-model.js';
export {
  type BuiltInGateId,
  checkPublishable,
  checkPublishableAsync,
  DEFAULT_SCANNER_TIMEOUT_MS,
  FINDING_SEVERITIES,
  type FindingSeverity,
  type GateResult,
  type GateSeverity,
  type PublishPolicy,
  type PublishReport,
  type PublishScanner,
  QUALITY_SCORE_WEIGHTS,
} from './quality-gates.js';
