import type { z } from 'zod';
import { type AdoptionEvent, AdoptionEventSchema } from './adoption-event.js';
import { type Contribution, ContributionSchema } from './contribution.js';
import { ValidationError } from './errors.js';
import { type Listing, ListingSchema } from './listing.js';
import { type PatternPackage, PatternPackageSchema } from './pattern-package.js';
import { type Review, ReviewSchema } from './review.js';
import { type Team, TeamSchema } from './team.js';

/** The result of a `safeParse*` function: the parsed value, or the validation error. */
export type SafeParseResult<T> = { success: true; data: T } | { success: false; error: ValidationError };

/**
 * Parses outside data with any zod schema and throws a {@link ValidationError} naming
 * every bad field. The building block of every `parse*` function.
 *
 * @param schema - the zod schema to apply
 * @param input - untrusted data (for example `JSON.parse` output)
 * @param subject - what is parsed, for the error message (e.g. `'listing'`)
 * @returns the parsed value, with defaults filled in; a fresh object, never `input` itself
 * @throws {@link ValidationError} when `input` does not match
 * @example
 * ```ts
 * const team = parseWith(TeamSchema, JSON.parse(body), 'team');
 * ```
 */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown, subject = 'input'): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw ValidationError.fromZod(result.error, subject);
  return result.data;
}

/**
 * Like {@link parseWith}, but returns the error instead of throwing it.
 *
 * @param schema - the zod schema to apply
 * @param input - untrusted data
 * @param subject - what is parsed, for the error message
 * @returns `{ success: true, data }` or `{ success: false, error }`
 * @example
 * ```ts
 * const result = safeParseWith(ReviewSchema, body, 'review');
 * if (!result.success) console.log(result.error.issues);
 * ```
 */
export function safeParseWith<S extends z.ZodType>(
  schema: S,
  input: unknown,
  subject = 'input',
): SafeParseResult<z.infer<S>> {
  const result = schema.safeParse(input);
  return result.success
    ? { success: true, data: result.data }
    : { success: false, error: ValidationError.fromZod(result.error, subject) };
}

/**
 * Parses a listing from outside data (see {@link ListingSchema}).
 *
 * @param input - untrusted data
 * @returns the listing with defaults filled in
 * @throws {@link ValidationError} with one issue per bad field (`issues[].path`, `issues[].message`)
 * @example
 * ```ts
 * const listing = parseListing({
 *   id: 'acme/circuit-breaker', name: 'Circuit Breaker', version: '1.0.0',
 *   publisher: { id: 'acme', name: 'Acme' }, category: 'resilience', license: 'MIT',
 *   publishedAt: '2026-11-21T00:00:00Z',
 * });
 * ```
 */
export function parseListing(input: unknown): Listing {
  return parseWith(ListingSchema, input, 'listing');
}

/**
 * Parses a listing without throwing.
 *
 * @param input - untrusted data
 * @returns `{ success: true, data }` or `{ success: false, error }` with a {@link ValidationError}
 * @example
 * ```ts
 * const result = safeParseListing(json);
 * if (result.success) index.add(result.data);
 * ```
 */
export function safeParseListing(input: unknown): SafeParseResult<Listing> {
  return safeParseWith(ListingSchema, input, 'listing');
}

/**
 * Parses a pattern package (see {@link PatternPackageSchema}).
 *
 * @param input - untrusted data
 * @returns the package with defaults filled in
 * @throws {@link ValidationError} naming every bad field
 * @example
 * ```ts
 * const pkg = parsePatternPackage(await request.json());
 * ```
 */
export function parsePatternPackage(input: unknown): PatternPackage {
  return parseWith(PatternPackageSchema, input, 'pattern package');
}

/**
 * Parses a review (see {@link ReviewSchema}).
 *
 * @param input - untrusted data
 * @returns the review with defaults filled in
 * @throws {@link ValidationError} naming every bad field
 * @example
 * ```ts
 * const review = parseReview({ id: 'r1', patternId: 'acme/retry', reviewer: 'u1', rating: 5, createdAt: '2026-01-01T00:00:00Z' });
 * ```
 */
export function parseReview(input: unknown): Review {
  return parseWith(ReviewSchema, input, 'review');
}

/**
 * Parses a network contribution (see {@link ContributionSchema}).
 *
 * @param input - untrusted data
 * @returns the contribution
 * @throws {@link ValidationError} naming every bad field
 * @example
 * ```ts
 * const contribution = parseContribution(anonymized);
 * ```
 */
export function parseContribution(input: unknown): Contribution {
  return parseWith(ContributionSchema, input, 'contribution');
}

/**
 * Parses a team (see {@link TeamSchema}).
 *
 * @param input - untrusted data
 * @returns the team with defaults filled in
 * @throws {@link ValidationError} naming every bad field
 * @example
 * ```ts
 * const team = parseTeam({ id: 'payments', name: 'Payments', techStack: { node: '20.11.0' } });
 * ```
 */
export function parseTeam(input: unknown): Team {
  return parseWith(TeamSchema, input, 'team');
}

/**
 * Parses an adoption event (see {@link AdoptionEventSchema}).
 *
 * @param input - untrusted data
 * @returns the event
 * @throws {@link ValidationError} naming every bad field
 * @example
 * ```ts
 * const event = parseAdoptionEvent({ type: 'install', team: 'payments', patternId: 'acme/retry', at: '2026-11-01T10:00:00Z' });
 * ```
 */
export function parseAdoptionEvent(input: unknown): AdoptionEvent {
  return parseWith(AdoptionEventSchema, input, 'adoption event');
}
