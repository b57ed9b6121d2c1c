/**
 * `@pollinate/core` — the Pollinate data model.
 *
 * @packageDocumentation
 */
export * from './adoption-event.js';
export * from './contribution.js';
export * from './errors.js';
export * from './fingerprint.js';
export * from './identifiers.js';
export * from './listing.js';
export * from './parse.js';
export * from './pattern-package.js';
export * from './review.js';
export * from './team.js';
