import { checkCompatibility, type Listing } from '@pollinate/core/model';

/** Prior of the Bayesian average rating: this many reviews at {@link RATING_PRIOR_MEAN} stars. */
export const RATING_PRIOR_REVIEWS = 5;
/** Prior mean of the Bayesian average rating, in stars (0–5). */
export const RATING_PRIOR_MEAN = 3;

/**
 * Bayesian average rating on [0, 1]: `(C·m + n·r) / (C + n) / 5` with `C` =
 * {@link RATING_PRIOR_REVIEWS}, `m` = {@link RATING_PRIOR_MEAN}, `n` reviews averaging `r`
 * stars; the prior alone (0.6) for an unrated listing.
 */
export function ratingSignal(listing: Listing): number {
  const rating = listing.rating;
  const reviews = rating?.reviewCount ?? 0;
  const overall = rating?.overall ?? RATING_PRIOR_MEAN;
  return (
    (RATING_PRIOR_REVIEWS * RATING_PRIOR_MEAN + reviews * overall) / (RATING_PRIOR_REVIEWS + reviews) / 5
  );
}

/** Adoption on [0, 1]: `min(1, log10(1 + downloads) / 9)` (a billion downloads is 1). */
export function adoptionSignal(listing: Listing): number {
  return Math.min(1, Math.log10(1 + listing.adoption.downloads) / 9);
}

/** Whether a compatibility matrix states any requirement at all. */
export function matrixIsEmpty(listing: Listing): boolean {
  const matrix = listing.compatibility;
  return (
    matrix.browsers.length === 0 &&
    isEmptyRecord(matrix.runtimes) &&
    isEmptyRecord(matrix.frameworks) &&
    isEmptyRecord(matrix.languages)
  );
}

function isEmptyRecord(record: Record<string, string>): boolean {
  for (const _ in record) return false;
  return true;
}

/** The outcome of checking a listing against an environment, as search needs it. */
export interface FitReport {
  /** Nothing the environment has conflicts with the listing's matrix. */
  compatible: boolean;
  /** Share (0–1) of the environment's entries the matrix declares and satisfies. */
  fit: number;
  /** `name version` of each satisfied requirement. */
  satisfied: string[];
  /** `name: actual ∉ required` of each unmet requirement. */
  unmet: string[];
}

const EMPTY_FIT: FitReport = { compatible: true, fit: 0, satisfied: [], unmet: [] };

/**
 * Checks a listing against an environment with core's `checkCompatibility` (semver ranges;
 * names the environment lacks are not required).
 */
export function fitOf(listing: Listing, environment: Record<string, string>, entries: number): FitReport {
  if (entries === 0 || matrixIsEmpty(listing)) return EMPTY_FIT;
  const report = checkCompatibility(listing.compatibility, environment);
  return {
    compatible: report.compatible,
    fit: Math.min(1, report.satisfied.length / entries),
    satisfied: report.satisfied.map((item) => `${item.name} ${item.actual ?? ''}`.trim()),
    unmet: report.unmet.map((item) => `${item.name}: ${item.actual ?? 'unknown'} ∉ ${item.required}`),
  };
}
