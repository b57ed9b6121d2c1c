import { type RevenueEvent, RevenueEventSchema, revenueMillis, revenueMonth } from '@pollinate/core';
import type Database from 'better-sqlite3';
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
  type WebhookDelivery,
} from './store.js';

/** The SQLite tables of forks, proposals, notifications, webhook deliveries and revenue (migration "catalog"). */
export const SQLITE_CATALOG_SQL = `
  CREATE TABLE forks (
    id TEXT PRIMARY KEY,
    version TEXT NOT NULL,
    parent_id TEXT NOT NULL,
    parent_version TEXT NOT NULL,
    publisher TEXT NOT NULL,
    created_at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX forks_by_parent ON forks(parent_id);
  INSERT OR IGNORE INTO forks (id, version, parent_id, parent_version, publisher, created_at)
    SELECT pattern_id, version, json_extract(package, '$.listing.forkOf.id'),
      json_extract(package, '$.listing.forkOf.version'), publisher, published_at
    FROM versions WHERE json_extract(package, '$.listing.forkOf.id') IS NOT NULL
    ORDER BY published_at, pattern_id, version;
  CREATE TABLE proposals (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    target_id TEXT NOT NULL,
    id TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'accepted', 'rejected', 'withdrawn')),
    record TEXT NOT NULL,
    UNIQUE (target_id, id)
  ) STRICT;
  CREATE INDEX proposals_by_status ON proposals(target_id, status, seq);
  CREATE TABLE notifications (
    sequence INTEGER PRIMARY KEY AUTOINCREMENT,
    publisher TEXT NOT NULL,
    kind TEXT NOT NULL,
    pattern_id TEXT NOT NULL,
    actor TEXT NOT NULL,
    created_at TEXT NOT NULL,
    data TEXT NOT NULL
  ) STRICT;
  CREATE INDEX notifications_by_publisher ON notifications(publisher, sequence);
  CREATE TABLE webhooks (
    publisher TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    secret TEXT NOT NULL,
    events TEXT NOT NULL,
    created_at TEXT NOT NULL
  ) STRICT;
  CREATE TABLE webhook_deliveries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    publisher TEXT NOT NULL,
    notification_sequence INTEGER NOT NULL REFERENCES notifications(sequence),
    status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at_ms INTEGER,
    last_error TEXT
  ) STRICT;
  CREATE INDEX webhook_deliveries_due ON webhook_deliveries(next_attempt_at_ms, id) WHERE status = 'pending';
  CREATE INDEX webhook_deliveries_by_publisher ON webhook_deliveries(publisher, id);
  CREATE TABLE revenue_events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    pattern_id TEXT NOT NULL,
    publisher TEXT NOT NULL,
    event TEXT NOT NULL
  ) STRICT;
  CREATE TABLE revenue_lines (
    publisher TEXT NOT NULL,
    month TEXT NOT NULL,
    pattern_id TEXT NOT NULL,
    currency TEXT NOT NULL,
    amount_millis INTEGER NOT NULL,
    events INTEGER NOT NULL,
    PRIMARY KEY (publisher, month, pattern_id, currency)
  ) STRICT, WITHOUT ROWID;
`;

/** What the SQLite registry store composes: the catalog methods, and the hook its `putVersion` transaction calls. */
export interface SqliteCatalog extends CatalogStore {
  /** Runs inside `putVersion`'s transaction after a version was inserted: records a first fork and notifies. */
  onVersionStored(record: StoredVersion): void;
  /** Stores a notification (and its delivery) inside the caller's transaction; announce it after the commit with {@link SqliteCatalog.notificationChange}. */
  storeNotification(input: NotificationInput): StoredNotification;
  /** The change announcing a notification stored by {@link SqliteCatalog.storeNotification}. */
  notificationChange(stored: StoredNotification): StoreChange;
}

/**
 * The {@link CatalogStore} half of the SQLite store, on the store's connection (tables from
 * {@link SQLITE_CATALOG_SQL}).
 *
 * @param db - the store's open database
 * @param emit - tells the store's change-feed listeners about a committed change
 * @param open - throws `E_STORE_CLOSED` once the store is closed
 * @returns the catalog methods
 */
export function openSqliteCatalog(
  db: Database.Database,
  emit: (change: StoreChange) => void,
  open: () => void,
): SqliteCatalog {
  const s = {
    insertFork: db.prepare(
      `INSERT OR IGNORE INTO forks (id, version, parent_id, parent_version, publisher, created_at)
       VALUES (@id, @version, @parentId, @parentVersion, @publisher, @createdAt)`,
    ),
    forksOf: db.prepare<[string], ForkRow>('SELECT * FROM forks WHERE parent_id = ? ORDER BY rowid'),
    fork: db.prepare<[string], ForkRow>('SELECT * FROM forks WHERE id = ?'),
    insertNotification: db.prepare(
      `INSERT INTO notifications (publisher, kind, pattern_id, actor, created_at, data) VALUES (?, ?, ?, ?, ?, ?)`,
    ),
    webhook: db.prepare<
      [string],
      { publisher: string; url: string; secret: string; events: string; created_at: string }
    >('SELECT * FROM webhooks WHERE publisher = ?'),
    insertDelivery: db.prepare(
      `INSERT INTO webhook_deliveries (publisher, notification_sequence, status, attempts, next_attempt_at_ms)
       VALUES (?, ?, 'pending', 0, ?)`,
    ),
    notifications: db.prepare<[string, number, number], NotificationRow<number>>(
      'SELECT * FROM notifications WHERE publisher = ? AND sequence > ? ORDER BY sequence LIMIT ?',
    ),
    insertProposal: db.prepare(
      `INSERT OR IGNORE INTO proposals (target_id, id, status, record) VALUES (?, ?, 'open', ?)`,
    ),
    proposal: db.prepare<[string, string], { record: string; status: string }>(
      'SELECT record, status FROM proposals WHERE target_id = ? AND id = ?',
    ),
    proposals: db.prepare<[string], { record: string }>(
      'SELECT record FROM proposals WHERE target_id = ? ORDER BY seq',
    ),
    proposalsByStatus: db.prepare<[string, string], { record: string }>(
      'SELECT record FROM proposals WHERE target_id = ? AND status = ? ORDER BY seq',
    ),
    decide: db.prepare(
      `UPDATE proposals SET status = ?, record = ? WHERE target_id = ? AND id = ? AND status = 'open'`,
    ),
    putWebhook: db.prepare(
      `INSERT INTO webhooks (publisher, url, secret, events, created_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (publisher) DO UPDATE SET url = excluded.url, secret = excluded.secret,
         events = excluded.events, created_at = excluded.created_at`,
    ),
    deleteWebhook: db.prepare('DELETE FROM webhooks WHERE publisher = ?'),
    deletePending: db.prepare(`DELETE FROM webhook_deliveries WHERE publisher = ? AND status = 'pending'`),
    due: db.prepare<[number, number], DeliveryRow>(
      `SELECT d.id, d.publisher, d.attempts, w.url, w.secret, n.*
       FROM webhook_deliveries d
       JOIN webhooks w ON w.publisher = d.publisher
       JOIN notifications n ON n.sequence = d.notification_sequence
       WHERE d.status = 'pending' AND d.next_attempt_at_ms <= ? ORDER BY d.next_attempt_at_ms, d.id LIMIT ?`,
    ),
    lease: db.prepare('UPDATE webhook_deliveries SET next_attempt_at_ms = ? WHERE id = ?'),
    delivered: db.prepare(
      `UPDATE webhook_deliveries SET status = 'delivered', attempts = attempts + 1, next_attempt_at_ms = NULL,
         last_error = NULL WHERE id = ?`,
    ),
    retry: db.prepare(
      `UPDATE webhook_deliveries SET attempts = attempts + 1, next_attempt_at_ms = ?, last_error = ? WHERE id = ?`,
    ),
    giveUp: db.prepare(
      `UPDATE webhook_deliveries SET status = 'failed', attempts = attempts + 1, next_attempt_at_ms = NULL,
         last_error = ? WHERE id = ?`,
    ),
    deliveries: db.prepare<[string, number], DeliveryStatusRow>(
      `SELECT d.id, d.notification_sequence, n.kind, d.status, d.attempts, d.next_attempt_at_ms, d.last_error
       FROM webhook_deliveries d JOIN notifications n ON n.sequence = d.notification_sequence
       WHERE d.publisher = ? ORDER BY d.id DESC LIMIT ?`,
    ),
    insertRevenue: db.prepare(
      'INSERT OR IGNORE INTO revenue_events (id, pattern_id, publisher, event) VALUES (?, ?, ?, ?)',
    ),
    revenueById: db.prepare<[string], { event: string }>('SELECT event FROM revenue_events WHERE id = ?'),
    bumpLine: db.prepare(
      `INSERT INTO revenue_lines (publisher, month, pattern_id, currency, amount_millis, events)
       VALUES (?, ?, ?, ?, ?, 1)
       ON CONFLICT (publisher, month, pattern_id, currency) DO UPDATE SET
         amount_millis = amount_millis + excluded.amount_millis, events = events + 1`,
    ),
    lines: db.prepare<[string, string, string], LineRow>(
      `SELECT month, pattern_id, currency, amount_millis, events FROM revenue_lines
       WHERE publisher = ? AND month >= ? AND month <= ? ORDER BY month, pattern_id, currency`,
    ),
  };

  /** Inserts a notification and, when the publisher subscribed to its kind, its delivery; inside the caller's transaction. */
  const notify = (input: NotificationInput): StoredNotification => {
    const sequence = Number(s.insertNotification.run(...notificationColumns(input)).lastInsertRowid);
    const hook = s.webhook.get(input.publisher);
    const stored = { ...input, sequence };
    if (hook && decodeJson(NotificationKindsSchema, hook.events, 'webhook events').includes(input.kind)) {
      s.insertDelivery.run(input.publisher, sequence, Date.parse(input.createdAt));
      notifications.queued(stored);
    }
    return stored;
  };
  const notifications = notificationChanges();
  const changeOf = notifications.changeOf;

  const addNotification = db.transaction((input: NotificationInput) => notify(input));
  const putProposal = db.transaction((stored: StoredProposal, input: NotificationInput) => {
    const inserted = s.insertProposal.run(
      stored.proposal.parent.id,
      stored.proposal.id,
      JSON.stringify(stored),
    );
    if (inserted.changes === 0) return undefined;
    return notify(input);
  });
  const decide = db.transaction(
    (
      targetId: string,
      proposalId: string,
      decision: Parameters<CatalogStore['decideProposal']>[2],
      input: NotificationInput,
    ) => {
      const row = s.proposal.get(targetId, proposalId);
      if (!row) throw new StoreError('E_NOT_FOUND', `no proposal ${proposalId} for ${targetId}`);
      if (row.status !== 'open') {
        throw new StoreError('E_CONFLICT', `proposal ${proposalId} is already ${row.status}`);
      }
      const current = decodeJson(StoredProposalSchema, row.record, 'proposal') as StoredProposal;
      const updated: StoredProposal = {
        ...current,
        proposal: { ...current.proposal, status: decision.status },
        decision: { by: decision.by, at: decision.at, comment: decision.comment },
      };
      s.decide.run(decision.status, JSON.stringify(updated), targetId, proposalId);
      return { updated, notification: notify(input) };
    },
  );
  const claim = db.transaction((nowMs: number, leaseMs: number, limit: number) => {
    const rows = s.due.all(nowMs, limit);
    for (const row of rows) s.lease.run(Math.round(nowMs + leaseMs), row.id);
    return rows;
  });
  const removeWebhook = db.transaction((publisher: string) => {
    s.deletePending.run(publisher);
    return s.deleteWebhook.run(publisher).changes > 0;
  });
  const addRevenue = db.transaction((event: RevenueEvent, publisher: string) => {
    const inserted = s.insertRevenue.run(event.id, event.patternId, publisher, JSON.stringify(event));
    if (inserted.changes === 0) {
      const row = s.revenueById.get(event.id);
      if (!row) throw new StoreError('E_CORRUPT_RECORD', `revenue event ${event.id} vanished`);
      return { status: 'exists' as const, event: decodeJson(RevenueEventSchema, row.event, 'revenue event') };
    }
    s.bumpLine.run(
      publisher,
      revenueMonth(event.at),
      event.patternId,
      event.amount.currency,
      revenueMillis(event),
    );
    return { status: 'created' as const, event };
  });

  return {
    storeNotification: notify,
    notificationChange: changeOf,
    onVersionStored(record) {
      const found = forkOfVersion(record);
      if (!found) return;
      if (s.insertFork.run(found.fork).changes === 0) return;
      notify(found.notification);
    },
    async listForks(parentId) {
      open();
      return s.forksOf.all(parentId).map(forkFromRow);
    },
    async getFork(id) {
      open();
      const row = s.fork.get(id);
      return row ? forkFromRow(row) : undefined;
    },
    async putProposal(stored, input) {
      open();
      const notification = putProposal.immediate(stored, input);
      if (!notification) return 'exists';
      emit(changeOf(notification));
      return 'created';
    },
    async getProposal(targetId, proposalId) {
      open();
      const row = s.proposal.get(targetId, proposalId);
      return row ? (decodeJson(StoredProposalSchema, row.record, 'proposal') as StoredProposal) : undefined;
    },
    async listProposals(targetId, filter = {}) {
      open();
      const rows =
        filter.status === undefined
          ? s.proposals.all(targetId)
          : s.proposalsByStatus.all(targetId, filter.status);
      return rows.map((row) => decodeJson(StoredProposalSchema, row.record, 'proposal') as StoredProposal);
    },
    async decideProposal(targetId, proposalId, decision, input) {
      open();
      const { updated, notification } = decide.immediate(targetId, proposalId, decision, input);
      emit(changeOf(notification));
      return updated;
    },
    async addNotification(input) {
      open();
      const stored = addNotification.immediate(input);
      emit(changeOf(stored));
      return stored;
    },
    async listNotifications(publisher, options = {}) {
      open();
      return s.notifications
        .all(publisher, options.after ?? 0, notificationLimit(options.limit))
        .map(notificationFromRow);
    },
    async putWebhook(subscription) {
      open();
      s.putWebhook.run(
        subscription.publisher,
        subscription.url,
        subscription.secret,
        JSON.stringify(subscription.events),
        subscription.createdAt,
      );
    },
    async getWebhook(publisher) {
      open();
      const row = s.webhook.get(publisher);
      return row
        ? {
            publisher: row.publisher,
            url: row.url,
            secret: row.secret,
            events: decodeJson(NotificationKindsSchema, row.events, 'webhook events') as never,
            createdAt: row.created_at,
          }
        : undefined;
    },
    async deleteWebhook(publisher) {
      open();
      return removeWebhook.immediate(publisher);
    },
    async claimWebhookDeliveries(nowMs, leaseMs, limit) {
      open();
      return claim.immediate(nowMs, leaseMs, limit).map(
        (row): WebhookDelivery => ({
          id: row.id,
          publisher: row.publisher,
          url: row.url,
          secret: row.secret,
          attempts: row.attempts,
          notification: notificationFromRow(row),
        }),
      );
    },
    async finishWebhookDelivery(id, outcome) {
      open();
      if (outcome.delivered) s.delivered.run(id);
      else if (outcome.nextAttemptAtMs === null) s.giveUp.run(outcome.error.slice(0, MAX_DELIVERY_ERROR), id);
      else s.retry.run(Math.round(outcome.nextAttemptAtMs), outcome.error.slice(0, MAX_DELIVERY_ERROR), id);
    },
    async listWebhookDeliveries(publisher, limit) {
      open();
      return s.deliveries
        .all(publisher, Math.max(1, Math.min(1000, Math.floor(limit))))
        .map(deliveryStatusFromRow);
    },
    async addRevenueEvent(event, publisher) {
      open();
      return addRevenue.immediate(event, publisher);
    },
    async revenueLines(publisher, filter = {}) {
      open();
      const from = monthBound(filter.fromMonth, 'fromMonth') ?? '0000-01';
      const to = monthBound(filter.toMonth, 'toMonth') ?? '9999-12';
      return s.lines.all(publisher, from, to).map((row) => ({
        patternId: row.pattern_id,
        month: row.month,
        currency: row.currency,
        amount: row.amount_millis / 1000,
        events: row.events,
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

interface DeliveryRow extends NotificationRow<number> {
  id: number;
  attempts: number;
  url: string;
  secret: string;
}

interface DeliveryStatusRow {
  id: number;
  notification_sequence: number;
  kind: string;
  status: string;
  attempts: number;
  next_attempt_at_ms: number | null;
  last_error: string | null;
}

interface LineRow {
  month: string;
  pattern_id: string;
  currency: string;
  amount_millis: number;
  events: number;
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
