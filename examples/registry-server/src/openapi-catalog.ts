import {
  ForkListSchema,
  ForkRequestSchema,
  ForkResultSchema,
  LineageDocumentSchema,
  NotificationPageSchema,
  ProposalDecisionSchema,
  ProposalDocumentSchema,
  ProposalListSchema,
  ProposalRequestSchema,
  ProposalResultSchema,
  PurchaseRequestSchema,
  PurchaseResultSchema,
  RevenueDocumentSchema,
  ValueDocumentSchema,
  WebhookDocumentSchema,
  WebhookRemovedSchema,
  WebhookRequestSchema,
} from '@pollinate/client';
import type { Operation, Parameter } from './openapi.js';

const scopeName: Parameter[] = [
  { name: 'scope', in: 'path', required: true, description: 'publisher scope, e.g. `acme`' },
  { name: 'name', in: 'path', required: true, description: 'pattern name, e.g. `retry-with-backoff`' },
];
const publisher: Parameter = {
  name: 'publisher',
  in: 'path',
  required: true,
  description: 'team id (the token’s own)',
};
const proposal: Parameter = {
  name: 'proposal',
  in: 'path',
  required: true,
  description: 'proposal id (`sha256-…`, percent-encoded)',
};
const query = (name: string, description: string): Parameter => ({ name, in: 'query', description });
const idempotencyKey: Parameter = {
  name: 'Idempotency-Key',
  in: 'header',
  description:
    'makes retries safe; becomes the event id unless the body has one. 1–200 printable ASCII characters',
  schema: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[!-~]([ -~]*[!-~])?$' },
};

/** The OpenAPI operations of forks, proposals, notifications, webhooks, purchases, revenue and value (routes/catalog.ts). */
export const CATALOG_OPERATIONS: Operation[] = [
  {
    method: 'post',
    path: '/patterns/{scope}/{name}/forks',
    summary:
      "Fork a pattern into the token's scope (published through the publish route; lineage in `listing.forkOf`)",
    auth: true,
    parameters: scopeName,
    requestBody: ForkRequestSchema,
    responses: {
      '201': { description: 'the fork, published', schema: ForkResultSchema },
      '404': { description: 'no such pattern or version' },
      '409': { description: '`E_PATTERN_EXISTS` or `E_FORK_SAME_ID`' },
      '422': { description: 'the fork fails the publish gates or its dependencies' },
    },
  },
  {
    method: 'get',
    path: '/patterns/{scope}/{name}/forks',
    summary: 'Direct forks of a pattern, oldest first',
    auth: false,
    parameters: scopeName,
    responses: { '200': { description: 'forks', schema: ForkListSchema } },
  },
  {
    method: 'get',
    path: '/patterns/{scope}/{name}/lineage',
    summary: 'Ancestors (nearest first) and every fork below, breadth-first (at most 1,000 patterns)',
    auth: false,
    parameters: scopeName,
    responses: { '200': { description: 'lineage', schema: LineageDocumentSchema } },
  },
  {
    method: 'post',
    path: '/patterns/{scope}/{name}/proposals',
    summary:
      "Propose a published version of the caller's fork back to the pattern (the publish quality gates run again; the publisher is notified)",
    auth: true,
    parameters: scopeName,
    requestBody: ProposalRequestSchema,
    responses: {
      '201': { description: 'stored, status open', schema: ProposalResultSchema },
      '200': { description: 'the same proposal was already stored', schema: ProposalResultSchema },
      '422': { description: '`E_NOT_A_FORK`, or `E_NOT_PUBLISHABLE` with the gate report' },
    },
  },
  {
    method: 'get',
    path: '/patterns/{scope}/{name}/proposals',
    summary: "A pattern's improvement proposals, oldest first",
    auth: false,
    parameters: [...scopeName, query('status', '`open`, `accepted`, `rejected` or `withdrawn`')],
    responses: { '200': { description: 'proposals', schema: ProposalListSchema } },
  },
  {
    method: 'get',
    path: '/patterns/{scope}/{name}/proposals/{proposal}',
    summary: 'One proposal with its evidence and decision',
    auth: false,
    parameters: [...scopeName, proposal],
    responses: { '200': { description: 'the proposal', schema: ProposalDocumentSchema } },
  },
  {
    method: 'patch',
    path: '/patterns/{scope}/{name}/proposals/{proposal}',
    summary: "Accept or decline (the pattern's publisher) or withdraw (the proposer), once",
    auth: true,
    parameters: [...scopeName, proposal],
    requestBody: ProposalDecisionSchema,
    responses: {
      '200': { description: 'decided', schema: ProposalDocumentSchema },
      '409': { description: '`E_PROPOSAL_DECIDED`: no longer open' },
    },
  },
  {
    method: 'get',
    path: '/publishers/{publisher}/notifications',
    summary: "The publisher's feed: forks, proposals, decisions and reviews, by sequence",
    auth: true,
    parameters: [
      publisher,
      query('after', 'only entries with a greater sequence (the previous page’s `nextAfter`)'),
      query('limit', 'entries, 1–1000 (default 100)'),
    ],
    responses: { '200': { description: 'one page', schema: NotificationPageSchema } },
  },
  {
    method: 'put',
    path: '/publishers/{publisher}/webhook',
    summary: 'Set the webhook; the answer carries the Standard Webhooks signing secret, once',
    auth: true,
    parameters: [publisher],
    requestBody: WebhookRequestSchema,
    responses: { '200': { description: 'set', schema: WebhookDocumentSchema } },
  },
  {
    method: 'get',
    path: '/publishers/{publisher}/webhook',
    summary: 'The webhook (without its secret) and its latest deliveries',
    auth: true,
    parameters: [publisher],
    responses: { '200': { description: 'the webhook', schema: WebhookDocumentSchema } },
  },
  {
    method: 'delete',
    path: '/publishers/{publisher}/webhook',
    summary: 'Remove the webhook and its pending deliveries',
    auth: true,
    parameters: [publisher],
    responses: {
      '200': { description: 'removed', schema: WebhookRemovedSchema },
      '404': { description: 'no webhook' },
    },
  },
  {
    method: 'post',
    path: '/patterns/{scope}/{name}/purchases',
    summary:
      "Record a purchase or subscription event of a tier for the token's team (refunds: the publisher); the amount is the tier's price",
    auth: true,
    parameters: [...scopeName, idempotencyKey],
    requestBody: PurchaseRequestSchema,
    responses: {
      '201': { description: 'recorded', schema: PurchaseResultSchema },
      '200': { description: 'an event with that id was already recorded', schema: PurchaseResultSchema },
      '422': { description: '`E_UNKNOWN_TIER`, `E_TIER_MODEL_MISMATCH` or `E_PRICE_MISMATCH`' },
    },
  },
  {
    method: 'get',
    path: '/publishers/{publisher}/revenue',
    summary: 'Monthly revenue per pattern and in total, per currency',
    auth: true,
    parameters: [publisher, query('from', 'first month, YYYY-MM'), query('to', 'last month, YYYY-MM')],
    responses: { '200': { description: 'revenue', schema: RevenueDocumentSchema } },
  },
  {
    method: 'get',
    path: '/patterns/{scope}/{name}/value',
    summary: "What the pattern is worth at a tier's price, compared with its category (core's estimateValue)",
    auth: false,
    parameters: [
      ...scopeName,
      query('hourlyRate', 'loaded cost of an engineering hour (required)'),
      query('hoursSavedPerMonth', 'engineering hours saved per month'),
      query('bugsAvoidedPerMonth', 'production bugs avoided per month'),
      query('costPerBug', 'cost of one such bug'),
      query('maintenanceHoursSavedPerMonth', 'maintenance hours saved per month'),
      query('maintenanceHourlyRate', 'rate of maintenance hours (default hourlyRate)'),
      query('oneTimeCost', 'integration cost, once'),
      query('tier', 'the tier to price (default: the cheapest priced tier)'),
    ],
    responses: {
      '200': { description: 'the estimate and comparison', schema: ValueDocumentSchema },
      '422': { description: '`E_UNKNOWN_TIER` or `E_NO_PRICE`' },
    },
  },
];
