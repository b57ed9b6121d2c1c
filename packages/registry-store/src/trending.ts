import type { AdoptionEvent } from '@pollinate/core';

/** The epoch (ms) the trending mass is measured from: 2026-01-01T00:00:00Z. */
export const TRENDING_EPOCH_MS = Date.UTC(2026, 0, 1);
/** The trending half-life the stores keep the mass for, in days. */
export const TRENDING_HALF_LIFE_DAYS = 7;
/** The weight of each adoption event type in the trending mass. */
export const TRENDING_WEIGHTS: Readonly<Record<AdoptionEvent['type'], number>> = {
  install: 1,
  download: 0.25,
  uninstall: -1,
};

const DAY_MS = 86_400_000;

/**
 * One event's contribution to {@link PatternStats.trendMass}:
 * `weight(type) · 2^((at − TRENDING_EPOCH_MS) / (7 days))`.
 *
 * @param type - the event type
 * @param atMs - when it happened, epoch milliseconds
 * @returns the mass (negative for uninstalls)
 * @example
 * ```ts
 * trendingMass('install', Date.UTC(2026, 0, 8)); // 2
 * ```
 */
export function trendingMass(type: AdoptionEvent['type'], atMs: number): number {
  return TRENDING_WEIGHTS[type] * 2 ** ((atMs - TRENDING_EPOCH_MS) / (TRENDING_HALF_LIFE_DAYS * DAY_MS));
}

/**
 * The trending score at `nowMs` of a pattern with trending mass `mass`: the time-decayed
 * sum Σ weight · 2^(−age / 7 days) over its events (the formula of `trending` in
 * `@pollinate/search`), events after `nowMs` included.
 *
 * @param mass - {@link PatternStats.trendMass}
 * @param nowMs - the reference time, epoch milliseconds
 * @returns the score
 * @example
 * ```ts
 * const t = Date.UTC(2026, 0, 8);
 * trendingScore(trendingMass('install', t), t); // 1
 * ```
 */
export function trendingScore(mass: number, nowMs: number): number {
  return mass * 2 ** (-(nowMs - TRENDING_EPOCH_MS) / (TRENDING_HALF_LIFE_DAYS * DAY_MS));
}
