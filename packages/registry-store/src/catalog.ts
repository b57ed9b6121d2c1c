import type {
  BenchmarkResult,
  ImprovementProposal,
  RevenueEvent,
  RevenueLine,
  TestSuiteSummary,
} from '@pollinate/core';

/**
 * A fork as the registry indexes it: a pattern whose first stored version names a parent in
 * `listing.forkOf`. Kept by `putVersion` in the transaction that stores that version.
 */
export interface StoredFork {
  /** The fork's pattern id. */
  id: string;
  /** The fork's first stored version. */
  version: string;
  /** The pattern forked. */
  parentId: string;
  /** The parent's version that was forked. */
  parentVersion: string;
  /** The fork's publisher (its scope). */
  publisher: string;
  /** When the fork's first version was stored, ISO 8601. */
  createdAt: string;
}

/** What a notification tells a publisher about. */
export type NotificationKind = 'fork' | 'proposal' | 'proposal-decision' | 'review';

/** The kinds of {@link NotificationKind}, in a fixed order. */
export const NOTIFICATION_KINDS: readonly NotificationKind[] = [
  'fork',
  'proposal',
  'proposal-decision',
  'review',
];

/** A notification to store: who gets it, what happened, who did it. */
export interface NotificationInput {
  /** The publisher told (the feed it goes into). */
  publisher: string;
  kind: NotificationKind;
  /** The pattern it is about (the publisher's pattern, or for a decision the proposal's target). */
  patternId: string;
  /** The publisher whose action caused it. */
  actor: string;
  /** ISO 8601. */
  createdAt: string;
  /** Details by kind (JSON object): fork `{fork, parent}`, proposal `{proposalId, title, fork}`, decision `{proposalId, status, comment}`, review `{reviewId, rating, status}`. */
  data: Record<string, unknown>;
}

/** A stored notification: its input plus a sequence number, increasing within the registry (gaps allowed). */
export interface StoredNotification extends NotificationInput {
  sequence: number;
}

/** The statuses of an improvement proposal (core's `ImprovementProposalSchema`). */
export type ProposalStatus = ImprovementProposal['status'];

/** An improvement proposal as the registry keeps it, with the evidence it carried and the decision on it. */
export interface StoredProposal {
  proposal: ImprovementProposal;
  /** The publisher of the target pattern (who decides). */
  targetPublisher: string;
  /** What the proposal carried, from the fork's package the registry checked. */
  evidence: {
    /** SRI fingerprint of the fork version's package. */
    fingerprint: string;
    /** The quality score the gates gave it, 0–100. */
    qualityScore: number;
    tests?: TestSuiteSummary;
    benchmarks: BenchmarkResult[];
  };
  /** Set when the proposal left `open`. */
  decision?: { by: string; at: string; comment: string };
}

/** A publisher's webhook: where its notifications are POSTed, signed with its secret. */
export interface WebhookSubscription {
  publisher: string;
  /** An absolute http(s) URL. */
  url: string;
  /** The signing secret (Standard Webhooks form `whsec_<base64>`). */
  secret: string;
  /** The kinds delivered. */
  events: NotificationKind[];
  /** ISO 8601. */
  createdAt: string;
}

/** One delivery a dispatcher claimed: what to POST, where, with which secret. */
export interface WebhookDelivery {
  /** Unique per registry. */
  id: number;
  publisher: string;
  url: string;
  secret: string;
  notification: StoredNotification;
  /** Attempts made before this one. */
  attempts: number;
}

/** What happened to a delivery so far. */
export interface WebhookDeliveryStatus {
  id: number;
  notificationSequence: number;
  kind: NotificationKind;
  /** `pending` (will be tried, maybe again), `delivered` (a 2xx answer) or `failed` (gave up). */
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  /** When it is tried next (pending), ISO 8601; `null` otherwise. */
  nextAttemptAt: string | null;
  /** Why the last attempt failed, when it did. */
  lastError: string | null;
}

/** The outcome of one delivery attempt (see {@link CatalogStore.finishWebhookDelivery}). */
export type WebhookAttemptOutcome =
  | { delivered: true }
  | {
      delivered: false;
      /** Why, for the delivery log (at most 500 characters kept). */
      error: string;
      /** When to try again (ms since the epoch), or `null` to give up. */
      nextAttemptAtMs: number | null;
    };

/** Filter of {@link CatalogStore.revenueLines}. */
export interface RevenueFilter {
  /** First month included, `YYYY-MM`. */
  fromMonth?: string;
  /** Last month included, `YYYY-MM`. */
  toMonth?: string;
}

/**
 * The marketplace's catalog state beyond versions and reviews: forks, improvement
 * proposals, per-publisher notifications with their webhook deliveries, and revenue. Part of
 * every {@link RegistryStore}; the conformance suite checks it.
 *
 * Rules: every write is one transaction with the notifications (and webhook deliveries) it
 * causes; revenue lines are kept on write (no read sums events).
 */
export interface CatalogStore {
  /** Direct forks of a pattern, oldest first. */
  listForks(parentId: string): Promise<StoredFork[]>;
  /** The fork record of a pattern (its parent), or `undefined` when it is not a fork. */
  getFork(id: string): Promise<StoredFork | undefined>;
  /**
   * Stores a new proposal (status `open`) and notifies its target's publisher, in one transaction.
   *
   * @returns `'created'`, or `'exists'` when a proposal with that id exists for that target (nothing changes)
   */
  putProposal(stored: StoredProposal, notification: NotificationInput): Promise<'created' | 'exists'>;
  /** One proposal of a target pattern, or `undefined`. */
  getProposal(targetId: string, proposalId: string): Promise<StoredProposal | undefined>;
  /** A target pattern's proposals, oldest first, optionally of one status. */
  listProposals(targetId: string, filter?: { status?: ProposalStatus }): Promise<StoredProposal[]>;
  /**
   * Moves an open proposal to `accepted`, `rejected` or `withdrawn` and notifies, in one
   * transaction (compare-and-set: two concurrent decisions, on any instances, cannot both win).
   *
   * @returns the updated proposal
   * @throws {StoreError} `E_NOT_FOUND` when there is no such proposal; `E_CONFLICT` when it is no longer open
   */
  decideProposal(
    targetId: string,
    proposalId: string,
    decision: { status: Exclude<ProposalStatus, 'open'>; by: string; at: string; comment: string },
    notification: NotificationInput,
  ): Promise<StoredProposal>;
  /** Stores a notification (and its webhook delivery, when the publisher subscribed to its kind). */
  addNotification(notification: NotificationInput): Promise<StoredNotification>;
  /** A publisher's notifications with a sequence greater than `after`, ascending, at most `limit` (1–1000, default 100). */
  listNotifications(
    publisher: string,
    options?: { after?: number; limit?: number },
  ): Promise<StoredNotification[]>;
  /** Sets (replaces) a publisher's webhook. */
  putWebhook(subscription: WebhookSubscription): Promise<void>;
  /** A publisher's webhook, or `undefined`. */
  getWebhook(publisher: string): Promise<WebhookSubscription | undefined>;
  /** Removes a publisher's webhook and its pending deliveries; `false` when there was none. */
  deleteWebhook(publisher: string): Promise<boolean>;
  /**
   * Claims up to `limit` pending deliveries due at `nowMs`, oldest first, and leases them until
   * `nowMs + leaseMs` (another dispatcher, on any instance, skips them until then).
   */
  claimWebhookDeliveries(nowMs: number, leaseMs: number, limit: number): Promise<WebhookDelivery[]>;
  /** Records an attempt's outcome: delivered, retry at a time, or given up. */
  finishWebhookDelivery(id: number, outcome: WebhookAttemptOutcome): Promise<void>;
  /** A publisher's latest deliveries, newest first, at most `limit` (1–1000). */
  listWebhookDeliveries(publisher: string, limit: number): Promise<WebhookDeliveryStatus[]>;
  /**
   * Appends a revenue event and adds it to its pattern's line for its month and currency, in
   * one transaction. The event's pattern publisher is `publisher` (the scope that earns it).
   *
   * @returns `'created'` with the event, or `'exists'` with the event stored under that id
   */
  addRevenueEvent(
    event: RevenueEvent,
    publisher: string,
  ): Promise<{ status: 'created' | 'exists'; event: RevenueEvent }>;
  /** A publisher's revenue lines (kept on write), by month, pattern id, currency. */
  revenueLines(publisher: string, filter?: RevenueFilter): Promise<RevenueLine[]>;
}
