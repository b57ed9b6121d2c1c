/**
 * `@pollinate/crdt-network/anonymize`.
 *
 * @packageDocumentation
 */
export {};
