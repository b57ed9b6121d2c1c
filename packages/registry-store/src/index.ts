/**
 * `@pollinate/registry-store`: the storage seam of a Pollinate registry — the
 * {@link RegistryStore} interface with its change feed, network log and aggregates kept on
 * write. The conformance suite every implementation runs is the `testing` entry point
 * (`@pollinate/registry-store/testing`).
 *
 * @packageDocumentation
 */
export * from './catalog.js';
export * from './store.js';
export * from './trending.js';
export * from './trust.js';
