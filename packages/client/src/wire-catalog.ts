import {
  BenchmarkResultSchema,
  FingerprintSchema,
  ForkParentSchema,
  ImprovementProposalSchema,
  IsoDateTimeSchema,
  MoneySchema,
  PatternIdSchema,
  ProposedChangeSchema,
  RevenueEventSchema,
  RevenueEventTypeSchema,
  SemverSchema,
  TeamIdSchema,
  TestSuiteSummarySchema,
} from '@pollinate/core';
import * as z from 'zod';
import { RegistryPublishReportSchema } from './wire.js';

/*
 * The registry's HTTP contract for forks, improvement proposals, notifications, webhooks,
 * purchases, revenue and value estimates (issue 21), as zod schemas: the client parses
 * responses with them, the reference server validates requests with them.
 */

/** The name part of a pattern id: lowercase letters, digits, `-`, `.`, `_`, starting with a letter or digit. */
export const PatternNameSchema = TeamIdSchema;

/**
 * `POST /api/v1/patterns/{scope}/{name}/forks` body: fork a pattern into the caller's scope.
 *
 * @example
 * ```ts
 * ForkRequestSchema.parse({ name: 'retry', version: '1.2.0' });
 * ```
 */
export const ForkRequestSchema = z.strictObject({
  /** The fork's name in the caller's scope. @default the parent's name */
  name: z.optional(PatternNameSchema),
  /** The parent version to fork. @default the parent's `latest` */
  version: z.optional(SemverSchema),
  /** A description for the fork. @default the parent's */
  description: z.string().max(10_000).optional(),
});
/** A fork request. */
export type ForkRequest = z.input<typeof ForkRequestSchema>;

/** `POST …/forks` → 201: the fork as published, with its parent. */
export const ForkResultSchema = z.object({
  id: PatternIdSchema,
  version: SemverSchema,
  fingerprint: FingerprintSchema,
  publishedAt: IsoDateTimeSchema,
  forkOf: ForkParentSchema,
  report: RegistryPublishReportSchema,
});
/** A fork result. */
export type ForkResult = z.infer<typeof ForkResultSchema>;

/** A direct fork of a pattern as the registry indexes it. */
export const ForkSummarySchema = z.object({
  id: PatternIdSchema,
  version: SemverSchema,
  parentId: PatternIdSchema,
  parentVersion: SemverSchema,
  publisher: TeamIdSchema,
  createdAt: IsoDateTimeSchema,
});
/** A fork summary. */
export type ForkSummary = z.infer<typeof ForkSummarySchema>;

/** `GET /api/v1/patterns/{scope}/{name}/forks` → the pattern's direct forks, oldest first. */
export const ForkListSchema = z.object({ id: PatternIdSchema, forks: z.array(ForkSummarySchema) });
/** A fork list. */
export type ForkList = z.infer<typeof ForkListSchema>;

/**
 * `GET /api/v1/patterns/{scope}/{name}/lineage` → where the pattern was forked from (nearest
 * first) and every fork of it, directly or not (breadth-first), as core's `lineage` computes it.
 */
export const LineageDocumentSchema = z.object({
  id: PatternIdSchema,
  ancestors: z.array(
    z.object({
      id: PatternIdSchema,
      version: SemverSchema,
      depth: z.number().int().min(1),
      known: z.boolean(),
    }),
  ),
  descendants: z.array(
    z.object({
      id: PatternIdSchema,
      version: SemverSchema,
      depth: z.number().int().min(1),
      parent: PatternIdSchema,
      forkedFromVersion: z.string(),
    }),
  ),
  /** Whether the walk stopped at its size limit (more descendants exist). */
  truncated: z.boolean(),
});
/** A lineage document. */
export type LineageDocument = z.infer<typeof LineageDocumentSchema>;

/**
 * `POST /api/v1/patterns/{scope}/{name}/proposals` body: an improvement proposal from one of
 * the caller's forks, at a published version of the fork (which carries the change, its tests
 * and its benchmark summaries; the registry runs the publish quality gates on it again).
 *
 * @example
 * ```ts
 * ProposalRequestSchema.parse({
 *   fork: { id: 'payments/retry', version: '1.2.1' },
 *   title: 'Jittered backoff',
 *   changes: [{ kind: 'performance', summary: 'Add full jitter to retries' }],
 * });
 * ```
 */
export const ProposalRequestSchema = z.strictObject({
  fork: ForkParentSchema,
  title: z.string().min(1).max(200),
  description: z.string().max(20_000).optional(),
  changes: z.array(ProposedChangeSchema).min(1).max(200),
});
/** A proposal request. */
export type ProposalRequest = z.input<typeof ProposalRequestSchema>;

/** An improvement proposal as the registry keeps it: the proposal, its evidence and the decision. */
export const ProposalDocumentSchema = z.object({
  proposal: ImprovementProposalSchema,
  targetPublisher: TeamIdSchema,
  evidence: z.object({
    fingerprint: FingerprintSchema,
    qualityScore: z.number().min(0).max(100),
    tests: z.optional(TestSuiteSummarySchema),
    benchmarks: z.array(BenchmarkResultSchema),
  }),
  decision: z.object({ by: TeamIdSchema, at: IsoDateTimeSchema, comment: z.string() }).optional(),
});
/** A proposal document. */
export type ProposalDocument = z.infer<typeof ProposalDocumentSchema>;

/** `POST …/proposals` → 201 (or 200 for the same proposal again): the proposal and the gate report. */
export const ProposalResultSchema = ProposalDocumentSchema.extend({ report: RegistryPublishReportSchema });
/** A proposal result. */
export type ProposalResult = z.infer<typeof ProposalResultSchema>;

/** `GET …/proposals` → a pattern's proposals, oldest first. */
export const ProposalListSchema = z.object({
  id: PatternIdSchema,
  proposals: z.array(ProposalDocumentSchema),
});
/** A proposal list. */
export type ProposalList = z.infer<typeof ProposalListSchema>;

/**
 * `PATCH /api/v1/patterns/{scope}/{name}/proposals/{id}` body: the target's publisher accepts
 * or declines (`rejected`); the proposer may withdraw.
 */
export const ProposalDecisionSchema = z.strictObject({
  status: z.enum(['accepted', 'rejected', 'withdrawn']),
  comment: z.string().max(5000).optional(),
});
/** A proposal decision. */
export type ProposalDecision = z.input<typeof ProposalDecisionSchema>;

/** What a notification tells a publisher about. */
export const NotificationKindSchema = z.enum(['fork', 'proposal', 'proposal-decision', 'review']);
/** A notification kind. */
export type NotificationKind = z.infer<typeof NotificationKindSchema>;

/** One entry of a publisher's notification feed. */
export const PublisherNotificationSchema = z.object({
  /** Increasing within the registry; page with `after`. */
  sequence: z.number().int().min(1),
  publisher: TeamIdSchema,
  kind: NotificationKindSchema,
  patternId: PatternIdSchema,
  /** The publisher whose action caused it. */
  actor: z.string(),
  createdAt: IsoDateTimeSchema,
  data: z.record(z.string(), z.unknown()),
});
/** A notification (named apart from the DOM's `Notification`). */
export type PublisherNotification = z.infer<typeof PublisherNotificationSchema>;

/** `GET /api/v1/publishers/{publisher}/notifications?after=&limit=` → one page, oldest first. */
export const NotificationPageSchema = z.object({
  publisher: TeamIdSchema,
  notifications: z.array(PublisherNotificationSchema),
  /** Pass as `after` for the next page; `null` when this page was not full. */
  nextAfter: z.number().int().min(0).nullable(),
});
/** A notification page. */
export type NotificationPage = z.infer<typeof NotificationPageSchema>;

/**
 * `PUT /api/v1/publishers/{publisher}/webhook` body: where to POST notifications. The
 * registry answers the signing secret once.
 */
export const WebhookRequestSchema = z.strictObject({
  url: z
    .string()
    .max(2000)
    .url()
    .refine((url) => /^https?:$/.test(new URL(url).protocol), { message: 'must be an http(s) URL' }),
  /** The kinds delivered. @default every kind */
  events: z.array(NotificationKindSchema).min(1).max(10).optional(),
});
/** A webhook request. */
export type WebhookRequest = z.input<typeof WebhookRequestSchema>;

/** One webhook delivery in the log. */
export const WebhookDeliveryStatusSchema = z.object({
  id: z.number().int(),
  notificationSequence: z.number().int(),
  kind: NotificationKindSchema,
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int().min(0),
  nextAttemptAt: z.nullable(IsoDateTimeSchema),
  lastError: z.string().nullable(),
});
/** A webhook delivery status. */
export type WebhookDeliveryStatus = z.infer<typeof WebhookDeliveryStatusSchema>;

/** `GET`/`PUT …/webhook` → the subscription (`secret` only in the answer to `PUT`) and recent deliveries. */
export const WebhookDocumentSchema = z.object({
  publisher: TeamIdSchema,
  url: z.string(),
  events: z.array(NotificationKindSchema),
  createdAt: IsoDateTimeSchema,
  /** Standard Webhooks signing secret (`whsec_…`); shown once, when the webhook is set. */
  secret: z.string().optional(),
  deliveries: z.array(WebhookDeliveryStatusSchema),
});
/** A webhook document. */
export type WebhookDocument = z.infer<typeof WebhookDocumentSchema>;

/** `DELETE /api/v1/publishers/{publisher}/webhook` → 200: the webhook and its pending deliveries are gone. */
export const WebhookRemovedSchema = z.object({ publisher: TeamIdSchema, removed: z.literal(true) });
/** A webhook removal. */
export type WebhookRemoved = z.infer<typeof WebhookRemovedSchema>;

/**
 * `POST /api/v1/patterns/{scope}/{name}/purchases` body: a purchase or subscription event of
 * one of the pattern's tiers, recorded by the host app that took the payment (no payment
 * processor in the registry). The buyer is the caller's team; a refund is recorded by the
 * pattern's publisher for `team`.
 *
 * @example
 * ```ts
 * PurchaseRequestSchema.parse({ tier: 'Pro', type: 'subscription' });
 * ```
 */
export const PurchaseRequestSchema = z.strictObject({
  /** Unique event id (retries with the same id record nothing new). @default the Idempotency-Key, else a new UUID */
  id: z.string().min(1).max(200).optional(),
  tier: z.string().min(1).max(80),
  type: RevenueEventTypeSchema,
  /** The team refunded (refunds only; other events are the caller's). */
  team: z.optional(TeamIdSchema),
  /** What changed hands, for a negotiated (contact) tier or a partial refund. @default the tier's price */
  amount: z.optional(MoneySchema),
});
/** A purchase request. */
export type PurchaseRequest = z.input<typeof PurchaseRequestSchema>;

/** `POST …/purchases` → 201 (200 for a repeat): the revenue event stored. */
export const PurchaseResultSchema = RevenueEventSchema;

/** `GET /api/v1/publishers/{publisher}/revenue?from=&to=` → monthly revenue per pattern and in total (core's `revenueReport`). */
export const RevenueDocumentSchema = z.object({
  publisher: TeamIdSchema,
  from: z.string().nullable(),
  to: z.string().nullable(),
  months: z.array(
    z.object({
      month: z.string(),
      currency: z.string(),
      total: z.number(),
      patterns: z.array(z.object({ patternId: PatternIdSchema, amount: z.number() })),
    }),
  ),
  patterns: z.array(z.object({ patternId: PatternIdSchema, currency: z.string(), total: z.number() })),
  totals: z.array(z.object({ currency: z.string(), total: z.number() })),
});
/** A revenue document. */
export type RevenueDocument = z.infer<typeof RevenueDocumentSchema>;

const figure = z.coerce.number().finite().min(0);

/**
 * `GET /api/v1/patterns/{scope}/{name}/value?…` query: core's `estimateValue` inputs (all but
 * the price, which the registry takes from the listing) and the tier to price.
 */
export const ValueQuerySchema = z.strictObject({
  hourlyRate: figure,
  hoursSavedPerMonth: figure.optional(),
  bugsAvoidedPerMonth: figure.optional(),
  costPerBug: figure.optional(),
  maintenanceHoursSavedPerMonth: figure.optional(),
  maintenanceHourlyRate: figure.optional(),
  /** Integration cost on top of the tier's one-time price. @default 0 */
  oneTimeCost: figure.optional(),
  /** The tier to price. @default the cheapest priced tier */
  tier: z.string().min(1).max(80).optional(),
});
/** A value query: figures ≥ 0 (rates per hour, counts and hours per month, amounts in the pattern's currency). */
export interface ValueQuery {
  hourlyRate: number;
  hoursSavedPerMonth?: number;
  bugsAvoidedPerMonth?: number;
  costPerBug?: number;
  maintenanceHoursSavedPerMonth?: number;
  maintenanceHourlyRate?: number;
  oneTimeCost?: number;
  tier?: string;
}

const CostSchema = z.object({
  tier: z.string().nullable(),
  monthlyPrice: z.number(),
  oneTimeCost: z.number(),
  currency: z.string().nullable(),
  basis: z.enum(['free', 'list', 'starting-price']),
});

/**
 * `GET …/value` → what the pattern is worth at its price, compared with the other patterns of
 * its category priced in the same currency (core's `estimateValue` with `alternatives`).
 */
export const ValueDocumentSchema = z.object({
  id: PatternIdSchema,
  category: z.string(),
  cost: CostSchema,
  estimate: z.looseObject({
    monthlyValue: z.number(),
    annualValue: z.number(),
    roiMonths: z.number().nullable(),
    roiPercent: z.number().nullable(),
    breakdown: z.looseObject({}),
    comparison: z
      .object({
        alternatives: z.array(
          z.object({
            id: z.string(),
            monthlyPrice: z.number(),
            oneTimeCost: z.number(),
            annualValue: z.number(),
            annualDifference: z.number(),
          }),
        ),
        rank: z.number().int().min(1),
        cheaperAlternatives: z.number().int().min(0),
      })
      .optional(),
  }),
  /** Patterns of the category left out of the comparison, and why (no published price, another currency). */
  skipped: z.array(z.object({ id: PatternIdSchema, reason: z.string() })),
});
/** A value document. */
export type ValueDocument = z.infer<typeof ValueDocumentSchema>;
