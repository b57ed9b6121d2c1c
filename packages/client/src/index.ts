/**
 * `@pollinate/client`: a typed client of a Pollinate registry (ky), its errors, the
 * registry's wire contract as zod schemas, and the `pollinate` command-line tool (bin).
 *
 * @packageDocumentation
 */
export * from './catalog.js';
export * from './client.js';
export * from './errors.js';
export * from './install.js';
export * from './privacy.js';
export * from './response-cache.js';
export * from './trust.js';
export * from './wire.js';
export * from './wire-catalog.js';
export * from './wire-privacy.js';
export * from './wire-trust.js';
