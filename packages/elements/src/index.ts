/**
 * `@pollinate/elements`: web components (Lit) for a Pollinate marketplace —
 * `<pollinate-search>`, `<pollinate-recommendations>`, `<pollinate-pattern-card>`,
 * `<pollinate-rating-chart>` and `<pollinate-adoption-sparkline>`. Importing the package
 * defines the elements (when the page has a custom-element registry); the classes are
 * exported to subclass or to define under other names.
 *
 * @packageDocumentation
 */
import { PollinateAdoptionSparkline } from './adoption-sparkline.js';
import { PollinatePatternCard } from './pattern-card.js';
import { PollinateRatingChart } from './rating-chart.js';
import { PollinateRecommendations } from './recommendations.js';
import { PollinateSearch } from './search.js';

export { adoptionSeries, PollinateAdoptionSparkline, parseValues } from './adoption-sparkline.js';
export { type PollinateSelectDetail, PollinateSelectEvent, SELECT_EVENT } from './events.js';
export { errorMessage, Loader, type LoadStatus } from './loader.js';
export { installCommand, type PatternCardData, PollinatePatternCard } from './pattern-card.js';
export { PollinateRatingChart, parseDistribution, type RatingDistribution } from './rating-chart.js';
export { PollinateRecommendations, RECOMMENDATION_LISTS } from './recommendations.js';
export { patternHref, resolveClient, splitAttribute } from './registry.js';
export {
  PollinateSearch,
  SEARCH_FACETS,
  type SearchFacet,
  type SearchFilters,
  searchQuery,
} from './search.js';
export { baseStyles } from './styles.js';

/** The tag names the package defines, and their classes. */
export const ELEMENTS = {
  'pollinate-search': PollinateSearch,
  'pollinate-recommendations': PollinateRecommendations,
  'pollinate-pattern-card': PollinatePatternCard,
  'pollinate-rating-chart': PollinateRatingChart,
  'pollinate-adoption-sparkline': PollinateAdoptionSparkline,
} as const;

/**
 * Defines every element of {@link ELEMENTS} that is not defined yet. Importing the package
 * does it; call it again after a custom-element registry appears (it is a no-op without one,
 * e.g. in Node).
 *
 * @example
 * ```ts
 * import { defineElements } from '@pollinate/elements';
 * defineElements();
 * ```
 */
export function defineElements(): void {
  const registry = globalThis.customElements;
  if (!registry) return;
  for (const [name, element] of Object.entries(ELEMENTS)) {
    if (!registry.get(name)) registry.define(name, element);
  }
}

defineElements();

declare global {
  interface HTMLElementTagNameMap {
    'pollinate-search': PollinateSearch;
    'pollinate-recommendations': PollinateRecommendations;
    'pollinate-pattern-card': PollinatePatternCard;
    'pollinate-rating-chart': PollinateRatingChart;
    'pollinate-adoption-sparkline': PollinateAdoptionSparkline;
  }
}
