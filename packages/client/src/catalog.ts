import type { RevenueEvent } from '@pollinate/core';
import type { CallOptions, IdempotentCallOptions, RegistryClient } from './client.js';
import { transportOf } from './transport.js';
import {
  ForkListSchema,
  type ForkRequest,
  type ForkResult,
  ForkResultSchema,
  type ForkSummary,
  type LineageDocument,
  LineageDocumentSchema,
  type NotificationPage,
  NotificationPageSchema,
  type ProposalDecision,
  type ProposalDocument,
  ProposalDocumentSchema,
  ProposalListSchema,
  type ProposalRequest,
  type ProposalResult,
  ProposalResultSchema,
  type PurchaseRequest,
  PurchaseResultSchema,
  type RevenueDocument,
  RevenueDocumentSchema,
  type ValueDocument,
  ValueDocumentSchema,
  type ValueQuery,
  type WebhookDocument,
  WebhookDocumentSchema,
  WebhookRemovedSchema,
  type WebhookRequest,
} from './wire-catalog.js';

/**
 * The marketplace's catalog calls of a registry (issue 21): forks and lineage, improvement
 * proposals, the notification feed and webhook, purchases, revenue and value estimates. Made
 * from a {@link RegistryClient} by {@link createCatalogClient}, sharing its transport (base
 * URL, token, retries, ETags, typed errors); kept apart so that code that only searches (a
 * browser bundle) does not carry it.
 */
export interface CatalogClient {
  /**
   * `POST /patterns/{scope}/{name}/forks`: forks a pattern into the token's scope (published like
   * any version; `listing.forkOf` keeps the lineage; the parent's publisher is notified).
   * Not retried (a repeat answers 409 `E_PATTERN_EXISTS`).
   */
  forkPattern(id: string, request?: ForkRequest, options?: CallOptions): Promise<ForkResult>;
  /** `GET /patterns/{scope}/{name}/forks`: the pattern's direct forks, oldest first. */
  listForks(id: string, options?: CallOptions): Promise<ForkSummary[]>;
  /** `GET /patterns/{scope}/{name}/lineage`: ancestors (nearest first) and every fork below. */
  getLineage(id: string, options?: CallOptions): Promise<LineageDocument>;
  /**
   * `POST /patterns/{scope}/{name}/proposals`: proposes a published version of one of your
   * forks back to the pattern (quality gates run again; the target's publisher is notified).
   * Safe to retry: the same proposal has the same id and answers 200.
   */
  submitProposal(targetId: string, request: ProposalRequest, options?: CallOptions): Promise<ProposalResult>;
  /** `GET /patterns/{scope}/{name}/proposals`: the pattern's proposals, oldest first. */
  listProposals(
    targetId: string,
    options?: CallOptions & { status?: ProposalDocument['proposal']['status'] },
  ): Promise<ProposalDocument[]>;
  /** `GET /patterns/{scope}/{name}/proposals/{id}`. */
  getProposal(targetId: string, proposalId: string, options?: CallOptions): Promise<ProposalDocument>;
  /**
   * `PATCH /patterns/{scope}/{name}/proposals/{id}`: accept or decline (`rejected`) as the
   * target's publisher, or withdraw as the proposer. Not retried.
   */
  decideProposal(
    targetId: string,
    proposalId: string,
    decision: ProposalDecision,
    options?: CallOptions,
  ): Promise<ProposalDocument>;
  /** `GET /publishers/{publisher}/notifications`: one page of your feed (`after`: the last sequence seen). */
  listNotifications(
    publisher: string,
    options?: CallOptions & { after?: number; limit?: number },
  ): Promise<NotificationPage>;
  /** `PUT /publishers/{publisher}/webhook`: sets your webhook; the answer carries the signing secret, once. */
  setWebhook(publisher: string, request: WebhookRequest, options?: CallOptions): Promise<WebhookDocument>;
  /** `GET /publishers/{publisher}/webhook`: your webhook (no secret) and its latest deliveries. */
  getWebhook(publisher: string, options?: CallOptions): Promise<WebhookDocument>;
  /** `DELETE /publishers/{publisher}/webhook`. */
  deleteWebhook(publisher: string, options?: CallOptions): Promise<void>;
  /**
   * `POST /patterns/{scope}/{name}/purchases`: records a purchase or subscription event of a
   * tier (the host app took the payment). Retried only with an idempotency key (`request.id` is used as one).
   */
  recordPurchase(
    id: string,
    request: PurchaseRequest,
    options?: IdempotentCallOptions,
  ): Promise<RevenueEvent>;
  /** `GET /publishers/{publisher}/revenue`: your monthly revenue per pattern and in total. */
  getRevenue(
    publisher: string,
    options?: CallOptions & { from?: string; to?: string },
  ): Promise<RevenueDocument>;
  /** `GET /patterns/{scope}/{name}/value`: core's `estimateValue` at the pattern's price, compared with its category. */
  estimateValue(id: string, query: ValueQuery, options?: CallOptions): Promise<ValueDocument>;
}

/**
 * The catalog calls on a registry client: every call goes through the client's transport
 * (base URL, token, timeout, retries with backoff on idempotent calls only, ETag cache, typed
 * errors) and its answer is parsed with the wire contract's schema.
 *
 * @param client - a client made by `createRegistryClient`
 * @returns a {@link CatalogClient}
 * @throws {ValidationError} (core's) when `client` was not made by `createRegistryClient`
 * @example
 * ```ts
 * const catalog = createCatalogClient(client);
 * const fork = await catalog.forkPattern('acme/circuit-breaker', { name: 'breaker-fork' });
 * fork.forkOf; // { id: 'acme/circuit-breaker', version: '1.3.0' }
 * ```
 */
export function createCatalogClient(client: RegistryClient): CatalogClient {
  const { request, patternPath } = transportOf(client);
  return {
    forkPattern: (id, forkRequest = {}, call = {}) =>
      request({
        method: 'post',
        path: `${patternPath(id)}/forks`,
        schema: ForkResultSchema,
        json: forkRequest,
        signal: call.signal,
      }),
    async listForks(id, call = {}) {
      const list = await request({
        method: 'get',
        path: `${patternPath(id)}/forks`,
        schema: ForkListSchema,
        signal: call.signal,
      });
      return list.forks;
    },
    getLineage: (id, call = {}) =>
      request({
        method: 'get',
        path: `${patternPath(id)}/lineage`,
        schema: LineageDocumentSchema,
        signal: call.signal,
      }),
    submitProposal: (targetId, proposal, call = {}) =>
      request({
        method: 'post',
        path: `${patternPath(targetId)}/proposals`,
        schema: ProposalResultSchema,
        json: proposal,
        // The registry derives the proposal's id from its content: a repeat answers 200.
        idempotencyKey: `proposal:${proposal.fork.id}@${proposal.fork.version}:${proposal.title}`.slice(
          0,
          200,
        ),
        signal: call.signal,
      }),
    async listProposals(targetId, call = {}) {
      const list = await request({
        method: 'get',
        path: `${patternPath(targetId)}/proposals`,
        schema: ProposalListSchema,
        searchParams: { status: call.status },
        signal: call.signal,
      });
      return list.proposals;
    },
    getProposal: (targetId, proposalId, call = {}) =>
      request({
        method: 'get',
        path: `${patternPath(targetId)}/proposals/${encodeURIComponent(proposalId)}`,
        schema: ProposalDocumentSchema,
        signal: call.signal,
      }),
    decideProposal: (targetId, proposalId, decision, call = {}) =>
      request({
        method: 'patch',
        path: `${patternPath(targetId)}/proposals/${encodeURIComponent(proposalId)}`,
        schema: ProposalDocumentSchema,
        json: decision,
        signal: call.signal,
      }),
    listNotifications: (publisher, call = {}) =>
      request({
        method: 'get',
        path: `publishers/${encodeURIComponent(publisher)}/notifications`,
        schema: NotificationPageSchema,
        searchParams: { after: call.after, limit: call.limit },
        signal: call.signal,
      }),
    setWebhook: (publisher, webhook, call = {}) =>
      request({
        method: 'put',
        path: `publishers/${encodeURIComponent(publisher)}/webhook`,
        schema: WebhookDocumentSchema,
        json: webhook,
        signal: call.signal,
      }),
    getWebhook: (publisher, call = {}) =>
      request({
        method: 'get',
        path: `publishers/${encodeURIComponent(publisher)}/webhook`,
        schema: WebhookDocumentSchema,
        signal: call.signal,
      }),
    async deleteWebhook(publisher, call = {}) {
      await request({
        method: 'delete',
        path: `publishers/${encodeURIComponent(publisher)}/webhook`,
        schema: WebhookRemovedSchema,
        signal: call.signal,
      });
    },
    recordPurchase: (id, purchase, call = {}) =>
      request({
        method: 'post',
        path: `${patternPath(id)}/purchases`,
        schema: PurchaseResultSchema,
        json: purchase,
        idempotencyKey: call.idempotencyKey ?? purchase.id,
        signal: call.signal,
      }),
    getRevenue: (publisher, call = {}) =>
      request({
        method: 'get',
        path: `publishers/${encodeURIComponent(publisher)}/revenue`,
        schema: RevenueDocumentSchema,
        searchParams: { from: call.from, to: call.to },
        signal: call.signal,
      }),
    estimateValue: (id, query, call = {}) =>
      request({
        method: 'get',
        path: `${patternPath(id)}/value`,
        schema: ValueDocumentSchema,
        searchParams: { ...query },
        signal: call.signal,
      }),
  };
}
