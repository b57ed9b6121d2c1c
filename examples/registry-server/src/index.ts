/**
 * The reference Pollinate registry: an HTTP host app (Hono on Node) over a SQLite store or a
 * PostgreSQL database shared by several instances.
 *
 * @packageDocumentation
 */
export * from './app.js';
export * from './auth.js';
export * from './catalog.js';
export * from './command-line.js';
export * from './conditional-get.js';
export * from './cors.js';
export * from './fixtures.js';
export * from './middleware/address-rate-limit.js';
export * from './middleware/authenticate.js';
export * from './middleware/client-address.js';
export * from './middleware/idempotency-key.js';
export * from './middleware/json-body.js';
export * from './network.js';
export * from './openapi.js';
export * from './postgres-store.js';
export * from './privacy.js';
export * from './problem.js';
export * from './rate-limit.js';
export * from './registry.js';
export * from './response-cache.js';
export * from './routes/pages.js';
export * from './security-scanner.js';
export * from './sqlite-store.js';
export * from './store.js';
