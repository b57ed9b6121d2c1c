/**
 * `@pollinate/core` — the Pollinate data model: schemas, fingerprints, versions,
 * dependencies, quality gates, lineage, pricing, RDF and importers.
 *
 * @packageDocumentation
 */
export * from './adoption-event.js';
export * from './attestation.js';
export * from './catalog-links.js';
export * from './compatibility.js';
export * from './contribution.js';
export * from './dependencies.js';
export * from './errors.js';
export * from './fingerprint.js';
export * from './identifiers.js';
export * from './import-manifest.js';
export * from './import-markdown.js';
export * from './json.js';
export * from './lineage.js';
export * from './listing.js';
export * from './parse.js';
export * from './pattern-package.js';
export * from './pricing.js';
export * from './quality-gates.js';
export * from './rdf.js';
export * from './revenue.js';
export * from './review.js';
export * from './team.js';
export * from './versions.js';
