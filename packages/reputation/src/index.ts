/**
 * `@pollinate/reputation`: see the package README. Filled in by its issue.
 *
 * @packageDocumentation
 */
export {};
