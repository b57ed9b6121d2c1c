import * as Automerge from '@automerge/automerge';
import { type Contribution, ContributionSchema, canonicalJson, isSafeKey } from '@pollinate/core';

/** The outcome of checking one stored record: the contribution, or what is wrong. */
export type StoredRecordCheck = { contribution: Contribution; problem?: undefined } | { problem: string };

/**
 * The text a contribution is stored as: its RFC 8785 canonical JSON, so the same
 * contribution is stored byte-identically by every replica.
 */
export function recordText(contribution: Contribution): string {
  return canonicalJson(contribution);
}

/**
 * Checks a record as it is (or would be) stored under `id`: an immutable string (or the
 * plain string of a decoded change) holding the JSON of a valid contribution whose id is
 * `id` — and, unless `requireCanonical` is `false`, in canonical form. The canonical form
 * is what makes the same contribution identical on every replica; it is required of every
 * record a replica accepts from outside (contribute, sync), while {@link load} checks the
 * schema only (the part later reads rely on) to keep loading fast.
 */
export function parseStoredRecord(id: string, value: unknown, requireCanonical = true): StoredRecordCheck {
  const text = Automerge.isImmutableString(value) ? value.val : value;
  if (typeof text !== 'string') return { problem: 'is not a string' };
  if (!isSafeKey(id)) return { problem: 'has a reserved id' };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { problem: 'is not JSON' };
  }
  const parsed = ContributionSchema.safeParse(json);
  if (!parsed.success) return { problem: `is not a valid contribution (${parsed.error.issues[0]?.message})` };
  if (parsed.data.id !== id) return { problem: 'is stored under another id' };
  if (requireCanonical && recordText(parsed.data) !== text) return { problem: 'is not in canonical form' };
  return { contribution: parsed.data };
}

/** Reads a record known to be valid (validated when it entered the replica). */
export function readRecord(value: Automerge.ImmutableString): Contribution {
  return JSON.parse(value.val) as Contribution;
}

/** Compares strings by UTF-16 code units (the order of `Array.prototype.sort` without a comparator). */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
