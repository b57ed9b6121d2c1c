import { type RevenueEvent, RevenueEventSchema, revenueMillis, revenueMonth } from '@pollinate/core';
import type pg from 'pg';
import {
  decodeJson,
  deliveryStatusFromRow,
  forkOfVersion,
  MAX_DELIVERY_ERROR,
  monthBound,
  NotificationKindsSchema,
  type NotificationRow,
  notificationChanges,
  notificationColumns,
  notificationFromRow,
  notificationLimit,
  StoredProposalSchema,
} from './catalog-store-shared.js';
import {
  type CatalogStore,
  type NotificationInput,
  type StoreChange,
  type StoredFork,
  type StoredNotification,
  type StoredProposal,
  type StoredVersion,
  StoreError,
  type WebhookSubscription,
} from './store.js';

/** The PostgreSQL store's helpers the catalog half runs on. */
export interface PostgresCatalogContext {
  /** One statement on the pool. */
  query: <R extends pg.QueryResultRow>(text: string, values?: unknown[]) => Promise<R[]>;
  /** One transaction (retried on serialization failures), notifying `change` on commit. */
  transaction: <T>(
    work: (client: pg.PoolClient) => Promise<{ result: T; change?: StoreChange }>,
  ) => Promise<T>;
  /** The `NOTIFY` channel and this store's origin id, for a statement that notifies by itself. */
  channel: string;
  origin: string;
  /** Tells this process's listeners of a committed change (what `transaction` does after a commit). */
  emit: (change: StoreChange) => void;
}

/**
 * The common table expressions that store a notification and queue its webhook delivery
 * (when the publisher subscribed to its kind), for one row of `source`: `note` (its
 * sequence) and `queued` (`webhook`: whether a delivery was queued). Parameters from
 * `$first`: publisher, kind, pattern id, actor, created at, data (JSON text), next attempt
 * (ms).
 */
export function notificationCtes(first: number, source: string): string {
  const $ = (offset: number) => `$${first + offset}`;
  return `note AS (
  INSERT INTO notifications (publisher, kind, pattern_id, actor, created_at, data)
  SELECT ${$(0)}::text, ${$(1)}::text, ${$(2)}::text, ${$(3)}::text, ${$(4)}::text, ${$(5)}::text FROM ${source}
  RETURNING sequence
), delivery AS (
  INSERT INTO webhook_deliveries (publisher, notification_sequence, status, attempts, next_attempt_at_ms)
  SELECT ${$(0)}::text, note.sequence, 'pending', 0, ${$(6)}::bigint FROM note JOIN webhooks w ON w.publisher = ${$(0)}::text
  WHERE w.events::jsonb ? ${$(1)}::text
  RETURNING notification_sequence
), queued AS (SELECT count(*) > 0 AS webhook FROM delivery)`;
}

/** The `pg_notify` call announcing a stored notification (`note`, `queued`) on channel `$channel` from `$origin`. */
export function notificationNotify(publisher: string, channel: string, origin: string): string {
  return `pg_notify(${channel}, json_build_object('origin', ${origin}::text, 'change',
  json_build_object('kind', 'notification', 'publisher', ${publisher}::text, 'sequence', note.sequence,
    'webhook', queued.webhook))::text)`;
}

/**
 * `addNotification` as one statement (its own transaction, one round trip): the
 * notification, its webhook delivery when the publisher subscribed to its kind, and the
 * change notice. `$1` publisher, `$2` kind, `$3` pattern id, `$4` actor, `$5` created at,
 * `$6` data (JSON), `$7` first attempt (epoch ms), `$8` channel, `$9` origin.
 */
const ADD_NOTIFICATION = `WITH ${notificationCtes(1, '(SELECT 1) AS one')}
SELECT note.sequence, queued.webhook, ${notificationNotify('$1', '$8', '$9')}
FROM note, queued`;

/** What the PostgreSQL registry store composes: the catalog methods, and the hook its `putVersion` transaction calls. */
export interface PostgresCatalog extends CatalogStore {
  /** Runs inside `putVersion`'s transaction after a version was inserted: records a first fork and notifies. */
  onVersionStored(client: pg.PoolClient, record: StoredVersion): Promise<void>;
}

/**
 * The {@link CatalogStore} half of the PostgreSQL store (tables from migration
 * `0004_catalog-…`). Webhook claims lease rows with `FOR UPDATE SKIP LOCKED`, so dispatchers
 * on several instances never claim the same delivery.
 *
 * @param context - the store's `query` and `transaction`
 * @returns the catalog methods
 */
export function openPostgresCatalog({
  query,
  transaction,
  channel,
  origin,
  emit,
}: PostgresCatalogContext): PostgresCatalog {
  const notify = async (client: pg.PoolClient, input: NotificationInput): Promise<StoredNotification> => {
    const inserted = await client.query<{ sequence: string }>(
      `INSERT INTO notifications (publisher, kind, pattern_id, actor, created_at, data)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING sequence`,
      notificationColumns(input),
    );
    const sequence = Number(inserted.rows[0]?.sequence);
    const hook = await client.query<{ events: string }>('SELECT events FROM webhooks WHERE publisher = $1', [
      input.publisher,
    ]);
    const events = hook.rows[0]?.events;
    const stored = { ...input, sequence };
    if (
      events !== undefined &&
      decodeJson(NotificationKindsSchema, events, 'webhook events').includes(input.kind)
    ) {
      await client.query(
        `INSERT INTO webhook_deliveries (publisher, notification_sequence, status, attempts, next_attempt_at_ms)
         VALUES ($1, $2, 'pending', 0, $3)`,
        [input.publisher, sequence, Date.parse(input.createdAt)],
      );
      notifications.queued(stored);
    }
    return stored;
  };
  const notifications = notificationChanges();
  const changeOf = notifications.changeOf;
  const proposalOf = (record: string) =>
    decodeJson(StoredProposalSchema, record, 'proposal') as StoredProposal;

  return {
    async onVersionStored(client, record) {
      const found = forkOfVersion(record);
      if (!found) return;
      const { fork } = found;
      const inserted = await client.query(
        `INSERT INTO forks (id, version, parent_id, parent_version, publisher, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
        [fork.id, fork.version, fork.parentId, fork.parentVersion, fork.publisher, fork.createdAt],
      );
      if (inserted.rowCount === 0) return;
      await notify(client, found.notification);
    },
    async listForks(parentId) {
      const rows = await query<ForkRow>('SELECT * FROM forks WHERE parent_id = $1 ORDER BY seq', [parentId]);
      return rows.map(forkFromRow);
    },
    async getFork(id) {
      const rows = await query<ForkRow>('SELECT * FROM forks WHERE id = $1', [id]);
      return rows[0] ? forkFromRow(rows[0]) : undefined;
    },
    putProposal(stored, input) {
      return transaction(async (client) => {
        const inserted = await client.query(
          `INSERT INTO proposals (target_id, id, status, record) VALUES ($1, $2, 'open', $3) ON CONFLICT DO NOTHING`,
          [stored.proposal.parent.id, stored.proposal.id, JSON.stringify(stored)],
        );
        if (inserted.rowCount === 0) return { result: 'exists' as const };
        const notification = await notify(client, input);
        return { result: 'created' as const, change: changeOf(notification) };
      });
    },
    async getProposal(targetId, proposalId) {
      const rows = await query<{ record: string }>(
        'SELECT record FROM proposals WHERE target_id = $1 AND id = $2',
        [targetId, proposalId],
      );
      return rows[0] ? proposalOf(rows[0].record) : undefined;
    },
    async listProposals(targetId, filter = {}) {
      const rows =
        filter.status === undefined
          ? await query<{ record: string }>(
              'SELECT record FROM proposals WHERE target_id = $1 ORDER BY seq',
              [targetId],
            )
          : await query<{ record: string }>(
              'SELECT record FROM proposals WHERE target_id = $1 AND status = $2 ORDER BY seq',
              [targetId, filter.status],
            );
      return rows.map((row) => proposalOf(row.record));
    },
    decideProposal(targetId, proposalId, decision, input) {
      return transaction(async (client) => {
        const found = await client.query<{ record: string; status: string }>(
          'SELECT record, status FROM proposals WHERE target_id = $1 AND id = $2 FOR UPDATE',
          [targetId, proposalId],
        );
        const row = found.rows[0];
        if (!row) throw new StoreError('E_NOT_FOUND', `no proposal ${proposalId} for ${targetId}`);
        if (row.status !== 'open') {
          throw new StoreError('E_CONFLICT', `proposal ${proposalId} is already ${row.status}`);
        }
        const current = proposalOf(row.record);
        const updated: StoredProposal = {
          ...current,
          proposal: { ...current.proposal, status: decision.status },
          decision: { by: decision.by, at: decision.at, comment: decision.comment },
        };
        await client.query('UPDATE proposals SET status = $1, record = $2 WHERE target_id = $3 AND id = $4', [
          decision.status,
          JSON.stringify(updated),
          targetId,
          proposalId,
        ]);
        const notification = await notify(client, input);
        return { result: updated, change: changeOf(notification) };
      });
    },
    async addNotification(input) {
      const [row] = await query<{ sequence: string; webhook: boolean }>(ADD_NOTIFICATION, [
        ...notificationColumns(input),
        Date.parse(input.createdAt),
        channel,
        origin,
      ]);
      if (!row) throw new StoreError('E_NOT_FOUND', 'the notification was not stored');
      const stored: StoredNotification = { ...input, sequence: Number(row.sequence) };
      emit({
        kind: 'notification',
        publisher: stored.publisher,
        sequence: stored.sequence,
        webhook: row.webhook,
      });
      return stored;
    },
    async listNotifications(publisher, options = {}) {
      const rows = await query<NotificationRow<string>>(
        'SELECT * FROM notifications WHERE publisher = $1 AND sequence > $2 ORDER BY sequence LIMIT $3',
        [publisher, options.after ?? 0, notificationLimit(options.limit)],
      );
      return rows.map(notificationFromRow);
    },
    async putWebhook(subscription) {
      await query(
        `INSERT INTO webhooks (publisher, url, secret, events, created_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (publisher) DO UPDATE SET url = excluded.url, secret = excluded.secret,
           events = excluded.events, created_at = excluded.created_at`,
        [
          subscription.publisher,
          subscription.url,
          subscription.secret,
          JSON.stringify(subscription.events),
          subscription.createdAt,
        ],
      );
    },
    async getWebhook(publisher) {
      const rows = await query<{
        publisher: string;
        url: string;
        secret: string;
        events: string;
        created_at: string;
      }>('SELECT * FROM webhooks WHERE publisher = $1', [publisher]);
      const row = rows[0];
      return row
        ? {
            publisher: row.publisher,
            url: row.url,
            secret: row.secret,
            events: decodeJson(
              NotificationKindsSchema,
              row.events,
              'webhook events',
            ) as WebhookSubscription['events'],
            createdAt: row.created_at,
          }
        : undefined;
    },
    deleteWebhook(publisher) {
      return transaction(async (client) => {
        await client.query(`DELETE FROM webhook_deliveries WHERE publisher = $1 AND status = 'pending'`, [
          publisher,
        ]);
        const deleted = await client.query('DELETE FROM webhooks WHERE publisher = $1', [publisher]);
        return { result: (deleted.rowCount ?? 0) > 0 };
      });
    },
    claimWebhookDeliveries(nowMs, leaseMs, limit) {
      return transaction(async (client) => {
        const leased = await client.query<{ id: string }>(
          `WITH due AS (
             SELECT id FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at_ms <= $1
             ORDER BY next_attempt_at_ms, id LIMIT $2 FOR UPDATE SKIP LOCKED
           )
           UPDATE webhook_deliveries d SET next_attempt_at_ms = $3 FROM due WHERE d.id = due.id RETURNING d.id`,
          [nowMs, limit, Math.round(nowMs + leaseMs)],
        );
        if (leased.rows.length === 0) return { result: [] };
        const rows = await client.query<DeliveryRow>(
          `SELECT d.id, d.publisher, d.attempts, w.url, w.secret, n.sequence, n.kind, n.pattern_id, n.actor,
             n.created_at, n.data
           FROM webhook_deliveries d
           JOIN webhooks w ON w.publisher = d.publisher
           JOIN notifications n ON n.sequence = d.notification_sequence
           WHERE d.id = ANY($1::bigint[]) ORDER BY d.id`,
          [leased.rows.map((row) => row.id)],
        );
        return {
          result: rows.rows.map((row) => ({
            id: Number(row.id),
            publisher: row.publisher,
            url: row.url,
            secret: row.secret,
            attempts: Number(row.attempts),
            notification: notificationFromRow(row),
          })),
        };
      });
    },
    async finishWebhookDelivery(id, outcome) {
      if (outcome.delivered) {
        await query(
          `UPDATE webhook_deliveries SET status = 'delivered', attempts = attempts + 1, next_attempt_at_ms = NULL,
             last_error = NULL WHERE id = $1`,
          [id],
        );
      } else if (outcome.nextAttemptAtMs === null) {
        await query(
          `UPDATE webhook_deliveries SET status = 'failed', attempts = attempts + 1, next_attempt_at_ms = NULL,
             last_error = $1 WHERE id = $2`,
          [outcome.error.slice(0, MAX_DELIVERY_ERROR), id],
        );
      } else {
        await query(
          'UPDATE webhook_deliveries SET attempts = attempts + 1, next_attempt_at_ms = $1, last_error = $2 WHERE id = $3',
          [Math.round(outcome.nextAttemptAtMs), outcome.error.slice(0, MAX_DELIVERY_ERROR), id],
        );
      }
    },
    async listWebhookDeliveries(publisher, limit) {
      const rows = await query<Parameters<typeof deliveryStatusFromRow>[0]>(
        `SELECT d.id, d.notification_sequence, n.kind, d.status, d.attempts, d.next_attempt_at_ms, d.last_error
         FROM webhook_deliveries d JOIN notifications n ON n.sequence = d.notification_sequence
         WHERE d.publisher = $1 ORDER BY d.id DESC LIMIT $2`,
        [publisher, Math.max(1, Math.min(1000, Math.floor(limit)))],
      );
      return rows.map(deliveryStatusFromRow);
    },
    addRevenueEvent(event, publisher) {
      return transaction<{ status: 'created' | 'exists'; event: RevenueEvent }>(async (client) => {
        const inserted = await client.query(
          'INSERT INTO revenue_events (id, pattern_id, publisher, event) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
          [event.id, event.patternId, publisher, JSON.stringify(event)],
        );
        if (inserted.rowCount === 0) {
          const row = await client.query<{ event: string }>(
            'SELECT event FROM revenue_events WHERE id = $1',
            [event.id],
          );
          const stored = row.rows[0];
          if (!stored) throw new StoreError('E_CORRUPT_RECORD', `revenue event ${event.id} vanished`);
          return {
            result: {
              status: 'exists' as const,
              event: decodeJson(RevenueEventSchema, stored.event, 'revenue event'),
            },
          };
        }
        await client.query(
          `INSERT INTO revenue_lines AS l (publisher, month, pattern_id, currency, amount_millis, events)
           VALUES ($1, $2, $3, $4, $5, 1)
           ON CONFLICT (publisher, month, pattern_id, currency) DO UPDATE SET
             amount_millis = l.amount_millis + excluded.amount_millis, events = l.events + 1`,
          [publisher, revenueMonth(event.at), event.patternId, event.amount.currency, revenueMillis(event)],
        );
        return { result: { status: 'created' as const, event } };
      });
    },
    async revenueLines(publisher, filter = {}) {
      const from = monthBound(filter.fromMonth, 'fromMonth') ?? '0000-01';
      const to = monthBound(filter.toMonth, 'toMonth') ?? '9999-12';
      const rows = await query<{
        month: string;
        pattern_id: string;
        currency: string;
        amount_millis: string;
        events: number;
      }>(
        `SELECT month, pattern_id, currency, amount_millis, events FROM revenue_lines
         WHERE publisher = $1 AND month >= $2 AND month <= $3
         ORDER BY month COLLATE "C", pattern_id COLLATE "C", currency COLLATE "C"`,
        [publisher, from, to],
      );
      return rows.map((row) => ({
        patternId: row.pattern_id,
        month: row.month,
        currency: row.currency,
        amount: Number(row.amount_millis) / 1000,
        events: Number(row.events),
      }));
    },
  };
}

interface ForkRow {
  id: string;
  version: string;
  parent_id: string;
  parent_version: string;
  publisher: string;
  created_at: string;
}

interface DeliveryRow extends NotificationRow<string> {
  id: string;
  attempts: number;
  url: string;
  secret: string;
}

function forkFromRow(row: ForkRow): StoredFork {
  return {
    id: row.id,
    version: row.version,
    parentId: row.parent_id,
    parentVersion: row.parent_version,
    publisher: row.publisher,
    createdAt: row.created_at,
  };
}
