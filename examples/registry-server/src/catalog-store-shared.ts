import {
  BenchmarkResultSchema,
  FingerprintSchema,
  ImprovementProposalSchema,
  IsoDateTimeSchema,
  TeamIdSchema,
  TestSuiteSummarySchema,
} from '@pollinate/core';
import { z } from 'zod';
import type {
  NotificationInput,
  StoreChange,
  StoredFork,
  StoredNotification,
  StoredVersion,
  WebhookDeliveryStatus,
} from './store.js';
import { NOTIFICATION_KINDS, StoreError } from './store.js';

// Helpers the SQLite and PostgreSQL catalog stores share (not part of the registry's API).

/** How a stored proposal is read back (a corrupt row is a typed error, never bad data). */
export const StoredProposalSchema = z.strictObject({
  proposal: ImprovementProposalSchema,
  targetPublisher: TeamIdSchema,
  evidence: z.strictObject({
    fingerprint: FingerprintSchema,
    qualityScore: z.number().min(0).max(100),
    tests: z.optional(TestSuiteSummarySchema),
    benchmarks: z.array(BenchmarkResultSchema),
  }),
  decision: z.strictObject({ by: TeamIdSchema, at: IsoDateTimeSchema, comment: z.string() }).optional(),
});

/** A notification's `data` as stored. */
export const NotificationDataSchema = z.record(z.string(), z.unknown());

/** Webhook event kinds as stored. */
export const NotificationKindsSchema = z.array(z.enum(NOTIFICATION_KINDS as [string, ...string[]]));

/** Most characters of a delivery error kept. */
export const MAX_DELIVERY_ERROR = 500;

/** The most notifications one `listNotifications` call returns. */
export const MAX_NOTIFICATION_PAGE = 1000;

/**
 * The fork a newly stored version records, and the notification to the parent's publisher, or
 * `undefined` when the version names no parent.
 */
export function forkOfVersion(
  record: StoredVersion,
): { fork: StoredFork; notification: NotificationInput } | undefined {
  const parent = record.package.listing.forkOf;
  if (!parent) return undefined;
  const fork: StoredFork = {
    id: record.id,
    version: record.version,
    parentId: parent.id,
    parentVersion: parent.version,
    publisher: record.publisher,
    createdAt: record.publishedAt,
  };
  return {
    fork,
    notification: {
      publisher: parent.id.split('/')[0] ?? parent.id,
      kind: 'fork',
      patternId: parent.id,
      actor: record.publisher,
      createdAt: record.publishedAt,
      data: {
        fork: { id: record.id, version: record.version },
        parent: { id: parent.id, version: parent.version },
      },
    },
  };
}

/** Validates a page size of `listNotifications`. */
export function notificationLimit(limit: number | undefined): number {
  const value = limit ?? 100;
  if (!Number.isInteger(value) || value < 1 || value > MAX_NOTIFICATION_PAGE) {
    throw new StoreError('E_INVALID_FILTER', `limit must be an integer from 1 to ${MAX_NOTIFICATION_PAGE}`);
  }
  return value;
}

/** A `notifications` row: `sequence` is a number on SQLite, a string (bigint) on PostgreSQL. */
export interface NotificationRow<Sequence extends number | string = number | string> {
  sequence: Sequence;
  publisher: string;
  kind: string;
  pattern_id: string;
  actor: string;
  created_at: string;
  data: string;
}

/** A notification row (SQLite or PostgreSQL) as {@link StoredNotification}. */
export function notificationFromRow(row: NotificationRow): StoredNotification {
  return {
    sequence: Number(row.sequence),
    publisher: row.publisher,
    kind: row.kind as StoredNotification['kind'],
    patternId: row.pattern_id,
    actor: row.actor,
    createdAt: row.created_at,
    data: decodeJson(NotificationDataSchema, row.data, 'notification data'),
  };
}

/** A delivery row as {@link WebhookDeliveryStatus}. */
export function deliveryStatusFromRow(row: {
  id: number | string;
  notification_sequence: number | string;
  kind: string;
  status: string;
  attempts: number | string;
  next_attempt_at_ms: number | string | null;
  last_error: string | null;
}): WebhookDeliveryStatus {
  return {
    id: Number(row.id),
    notificationSequence: Number(row.notification_sequence),
    kind: row.kind as WebhookDeliveryStatus['kind'],
    status: row.status as WebhookDeliveryStatus['status'],
    attempts: Number(row.attempts),
    nextAttemptAt:
      row.status === 'pending' && row.next_attempt_at_ms !== null
        ? new Date(Number(row.next_attempt_at_ms)).toISOString()
        : null,
    lastError: row.last_error,
  };
}

/** Parses stored JSON with a schema; a mismatch is `E_CORRUPT_RECORD`. */
export function decodeJson<S extends z.core.$ZodType>(schema: S, json: string, what: string): z.output<S> {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new StoreError('E_CORRUPT_RECORD', `stored ${what} is not JSON`);
  }
  const result = z.safeParse(schema, value);
  if (!result.success) throw new StoreError('E_CORRUPT_RECORD', `stored ${what} does not match its schema`);
  return result.data;
}

/** Checks a `YYYY-MM` month bound of a revenue filter. */
export function monthBound(value: string | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(value)) {
    throw new StoreError('E_INVALID_FILTER', `${name} must be a month YYYY-MM`);
  }
  return value;
}

/**
 * Which notifications queued a webhook delivery, and the change each one announces: only a
 * change with `webhook: true` wakes a webhook dispatcher.
 */
export function notificationChanges(): {
  /** Marks a notification as having queued a delivery. */
  queued(stored: StoredNotification): void;
  /** The change announcing a notification (`webhook` given: as the store reported it). */
  changeOf(stored: StoredNotification, webhook?: boolean): StoreChange;
} {
  const queued = new WeakSet<StoredNotification>();
  return {
    queued(stored) {
      queued.add(stored);
    },
    changeOf(stored, webhook = queued.has(stored)) {
      return { kind: 'notification', publisher: stored.publisher, sequence: stored.sequence, webhook };
    },
  };
}

/** The `notifications` columns of a notification, in insert order: publisher, kind, pattern id, actor, created at, data (JSON). */
export function notificationColumns(
  input: NotificationInput,
): [string, string, string, string, string, string] {
  return [
    input.publisher,
    input.kind,
    input.patternId,
    input.actor,
    input.createdAt,
    JSON.stringify(input.data),
  ];
}
