/**
 * `@pollinate/reputation` — trust for a pattern marketplace: rating aggregation
 * (Bayesian average, Evan Miller's Dirichlet lower bound, Wilson lower bound), the
 * multi-factor reputation score with trust levels and badges, review screening against
 * gaming, EigenTrust over the reviewer graph, certification levels and publisher analytics.
 *
 * @packageDocumentation
 */
export { PollinateError, ValidationError, type ValidationIssue } from '@pollinate/core';
export * from './certification.js';
export * from './publisher-dashboard.js';
export * from './ratings.js';
export * from './reputation-score.js';
export * from './review-screening.js';
export * from './review-structure.js';
export * from './text-similarity.js';
export * from './trust-propagation.js';
