/**
 * Examples that do not compile or run yet, by location (`file:line name`): documentation
 * debt found when the doc-test was introduced. The doc-test fails when any other example
 * fails, and when one of these starts passing (then remove it here): this list only shrinks.
 */
export const KNOWN_FAILING = new Set<string>([]);
