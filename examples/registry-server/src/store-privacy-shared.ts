import { z } from 'zod';
import type { AuditEntry, AuditEvent, AuditEventType, AuditQuery, ErasureRecord } from './store.js';
import { decode, invalidFilter } from './store-shared.js';

// Helpers shared by the SQLite and PostgreSQL stores for consent, erasure and the audit log
// (not part of the registry's API).

/** The audit event types, as stored. */
export const AUDIT_EVENT_TYPES: readonly AuditEventType[] = [
  'consent.granted',
  'consent.withdrawn',
  'contribution',
  'erasure',
  'purge',
  'export',
  'rectification',
];

const DetailsSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));

/** An audit query with its defaults, checked (limit 1–1,000). */
export function auditQueryOf(
  query: AuditQuery,
): Required<Omit<AuditQuery, 'type' | 'pseudonym'>> & Pick<AuditQuery, 'type' | 'pseudonym'> {
  const limit = query.limit ?? 100;
  const afterSequence = query.afterSequence ?? 0;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
    throw invalidFilter('the audit limit must be 1–1000');
  if (!Number.isInteger(afterSequence) || afterSequence < 0) {
    throw invalidFilter('afterSequence must be an integer ≥ 0');
  }
  if (query.type !== undefined && !AUDIT_EVENT_TYPES.includes(query.type)) {
    throw invalidFilter(`unknown audit event type ${JSON.stringify(query.type)}`);
  }
  return { limit, afterSequence, type: query.type, pseudonym: query.pseudonym };
}

/** Milliseconds since the epoch of an ISO 8601 time; `E_INVALID_FILTER` when it is not one. */
export function timeOf(iso: string, what: string): number {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) throw invalidFilter(`${what} must be an ISO 8601 time`);
  return ms;
}

/** The stored columns of an audit entry (details as JSON text). */
export function auditColumns(entry: AuditEntry): {
  at: string;
  atMs: number;
  type: AuditEventType;
  actor: string;
  pseudonym: string | null;
  details: string;
} {
  if (!AUDIT_EVENT_TYPES.includes(entry.type)) throw invalidFilter(`unknown audit event type ${entry.type}`);
  return {
    at: entry.at,
    atMs: timeOf(entry.at, 'the audit event time'),
    type: entry.type,
    actor: entry.actor,
    pseudonym: entry.pseudonym ?? null,
    details: JSON.stringify(DetailsSchema.parse(entry.details ?? {})),
  };
}

/** An audit row (SQLite or PostgreSQL) as an {@link AuditEvent}. */
export function auditFromRow(row: {
  sequence: number | string;
  at: string;
  type: string;
  actor: string;
  pseudonym: string | null;
  details: string;
}): AuditEvent {
  const details = decode(DetailsSchema, row.details, 'audit details');
  return {
    sequence: Number(row.sequence),
    type: row.type as AuditEventType,
    at: row.at,
    actor: row.actor,
    ...(row.pseudonym === null ? {} : { pseudonym: row.pseudonym }),
    ...(Object.keys(details).length > 0 ? { details } : {}),
  };
}

/** An erasures row as an {@link ErasureRecord}. */
export function erasureFromRow(row: {
  pseudonym: string;
  publisher: string;
  requested_at: string;
  purge_after: string;
  purged_at: string | null;
}): ErasureRecord {
  return {
    pseudonym: row.pseudonym,
    publisher: row.publisher,
    requestedAt: row.requested_at,
    purgeAfter: row.purge_after,
    ...(row.purged_at === null ? {} : { purgedAt: row.purged_at }),
  };
}
