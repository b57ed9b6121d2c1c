import { type Review, ReviewSchema } from '@pollinate/core';
import { LRUCache } from 'lru-cache';
import semver from 'semver';
import * as z from 'zod';
import {
  type CoAdoption,
  type PatternStats,
  type RegistryStore,
  type ReviewerAccount,
  type ReviewStatus,
  type StoredReview,
  StoreError,
} from './store.js';

// Helpers shared by the SQLite and PostgreSQL stores (not part of the registry's API).

const MAX_FILTER_IDS = 10_000;

/** A `pattern_stats` row as both stores read it. */
export interface StatsRow {
  pattern_id: string;
  review_count: number;
  rating_sum: number;
  downloads: number;
  installs: number;
  uninstalls: number;
  active_installs: number;
  uninstalled_teams: number;
  organizations: number;
  trend_mass: number;
}

/** Reads a `pattern_stats` row (SQLite or PostgreSQL) as {@link PatternStats}. */
export function statsFromRow(row: StatsRow): PatternStats {
  return {
    patternId: row.pattern_id,
    reviewCount: Number(row.review_count),
    ratingSum: Number(row.rating_sum),
    downloads: Number(row.downloads),
    installs: Number(row.installs),
    uninstalls: Number(row.uninstalls),
    activeInstalls: Number(row.active_installs),
    uninstalledTeams: Number(row.uninstalled_teams),
    organizations: Number(row.organizations),
    trendMass: Number(row.trend_mass),
  };
}

/**
 * Assembles {@link CoAdoption} from per-source rows, leaving the team itself out of every
 * count (the stored counts include every team). Shared by the SQLite and PostgreSQL stores.
 *
 * @param adopted - the team's adopted patterns, ascending
 * @param alsoAdopted - extra sources
 * @param rowsOf - the stored co-adoption rows of one source and its stored adopter count
 */
export async function buildCoAdoption(
  adopted: string[],
  alsoAdopted: readonly string[],
  rowsOf: (
    from: string,
  ) =>
    | { adopters: number; rows: { to: string; teams: number; adopters: number }[] }
    | Promise<{ adopters: number; rows: { to: string; teams: number; adopters: number }[] }>,
): Promise<CoAdoption> {
  const mine = new Set(adopted);
  const adopters = new Map<string, number>();
  const together = new Map<string, Map<string, number>>();
  const own = (id: string, count: number) => (mine.has(id) ? count - 1 : count);
  for (const from of new Set([...adopted, ...alsoAdopted])) {
    const { adopters: fromAdopters, rows } = await rowsOf(from);
    const row = new Map<string, number>();
    for (const entry of rows) {
      const both = mine.has(from) && mine.has(entry.to) ? entry.teams - 1 : entry.teams;
      if (both <= 0) continue;
      row.set(entry.to, both);
      adopters.set(entry.to, own(entry.to, entry.adopters));
    }
    if (row.size === 0) continue;
    together.set(from, row);
    adopters.set(from, own(from, fromAdopters));
  }
  return { adopted, adopters, together };
}

/**
 * The newest version (semver order) of each pattern among `rows`, in pattern-id order.
 *
 * @param rows - versions, any order, several per pattern
 * @returns one `{ id, version }` per pattern
 */
export function newestVersions(rows: Iterable<{ pattern_id: string; version: string }>): {
  id: string;
  version: string;
}[] {
  const newest = new Map<string, string>();
  for (const row of rows) {
    const current = newest.get(row.pattern_id);
    if (current === undefined || semver.gt(row.version, current)) newest.set(row.pattern_id, row.version);
  }
  return [...newest]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, version]) => ({ id, version }));
}

/** Whether `version` is a release greater than `current` (or there is no current). */
export function isNewerRelease(version: string, current: string | undefined): boolean {
  if (semver.prerelease(version)) return false;
  return current === undefined || semver.gt(version, current);
}

/** The pattern ids a filter names (at least one, at most 10,000). */
export function patternIdsOf(filter: { patternId?: string; patternIds?: readonly string[] }): string[] {
  const ids = [...(filter.patternIds ?? []), ...(filter.patternId === undefined ? [] : [filter.patternId])];
  if (ids.length === 0) throw invalidFilter('a patternId or patternIds filter is required');
  if (ids.length > MAX_FILTER_IDS) throw invalidFilter(`at most ${MAX_FILTER_IDS} pattern ids per read`);
  return [...new Set(ids)];
}

/**
 * The `ORDER BY … LIMIT` tail of a review read: every row oldest first, or the `latest`
 * most recent (the caller reverses them back to oldest first).
 *
 * @throws {StoreError} `E_INVALID_FILTER` when `latest` is not an integer ≥ 1
 */
export function latestClause(latest: number | undefined): { sql: string; reverse: boolean } {
  if (latest === undefined) return { sql: 'ORDER BY seq', reverse: false };
  if (!Number.isSafeInteger(latest) || latest < 1) throw invalidFilter('latest must be an integer ≥ 1');
  return { sql: `ORDER BY seq DESC LIMIT ${latest}`, reverse: true };
}

/** A `StoreError` `E_INVALID_FILTER`. */
export function invalidFilter(message: string): StoreError {
  return new StoreError('E_INVALID_FILTER', message);
}

/** Parses stored JSON with a schema; a mismatch is `E_CORRUPT_RECORD`. */
export function decode<S extends z.core.$ZodType>(schema: S, json: string, what: string): z.infer<S> {
  const result = z.safeParse(schema, JSON.parse(json));
  if (!result.success) throw new StoreError('E_CORRUPT_RECORD', `stored ${what} does not match its schema`);
  return result.data;
}

/**
 * Checks a {@link RegistryStore.claimSecret} call: a name of 1–200 characters and 1–1,024
 * bytes of secret; throws {@link StoreError} `E_INVALID_FILTER` otherwise.
 */
export function checkSecretClaim(name: string, candidate: Uint8Array): void {
  if (typeof name !== 'string' || name.length === 0 || name.length > 200) {
    throw new StoreError('E_INVALID_FILTER', 'a secret name must be 1–200 characters');
  }
  if (!(candidate instanceof Uint8Array) || candidate.length === 0 || candidate.length > 1024) {
    throw new StoreError('E_INVALID_FILTER', 'a secret must be 1–1,024 bytes');
  }
}

/** A `reviews` row as both stores read it. */
export interface ReviewRow {
  status: ReviewStatus;
  reasons: string;
  review: string;
}

const ReviewReasonsSchema = z.array(z.string());

/**
 * Decodes `reviews` rows, remembering the last `max` reviews decoded by their stored text (a
 * review's text never changes once stored; its status and reasons are read every time).
 * Review screening reads a pattern's latest reviews on every submission: this keeps it from
 * parsing and validating the same JSON again and again. The reviews it returns are frozen.
 *
 * @param max - reviews remembered (≥ 1)
 * @returns the row decoder; it throws `StoreError` `E_CORRUPT_RECORD` for a row that does not decode
 */
export function reviewRowDecoder(max = 20_000): (row: ReviewRow) => StoredReview {
  const decoded = new LRUCache<string, Review>({ max });
  return (row) => {
    let review = decoded.get(row.review);
    if (review === undefined) {
      review = decode(ReviewSchema, row.review, 'review');
      for (const value of Object.values(review))
        if (typeof value === 'object' && value !== null) Object.freeze(value);
      Object.freeze(review);
      decoded.set(row.review, review);
    }
    return {
      status: row.status,
      reasons: row.reasons === '[]' ? [] : decode(ReviewReasonsSchema, row.reasons, 'review reasons'),
      review,
    };
  };
}

/** A `reviewer_accounts` row as either store reads it (PostgreSQL returns `bigint` counts as strings). */
export interface ReviewerAccountRow {
  reviewer: string;
  review_count: number | string;
  team: string | null;
}

/** Reviewer accounts keyed by reviewer, from `reviewer_accounts` rows. */
export function accountsFromRows(rows: Iterable<ReviewerAccountRow>): Map<string, ReviewerAccount> {
  const accounts = new Map<string, ReviewerAccount>();
  for (const row of rows) {
    accounts.set(row.reviewer, {
      reviewCount: Number(row.review_count),
      ...(row.team ? { team: row.team } : {}),
    });
  }
  return accounts;
}
