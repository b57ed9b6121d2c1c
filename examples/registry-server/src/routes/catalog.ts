import {
  type ForkList,
  ForkRequestSchema,
  type ForkResult,
  type LineageDocument,
  type NotificationPage,
  ProposalDecisionSchema,
  type ProposalList,
  ProposalRequestSchema,
  type ProposalResult,
  PublishResultSchema,
  PurchaseRequestSchema,
  type RevenueDocument,
  type ValueDocument,
  ValueQuerySchema,
  type WebhookDocument,
  type WebhookRemoved,
  WebhookRequestSchema,
} from '@pollinate/client';
import {
  checkPublishableAsync,
  estimateValue,
  forkListing,
  LineageError,
  type Listing,
  lineage,
  listingCost,
  PollinateError,
  PricingError,
  type PublishPolicy,
  proposeImprovement,
  type RevenueEvent,
  RevenueEventSchema,
  revenueReport,
  TeamIdSchema,
  type ValueAlternative,
} from '@pollinate/core';
import { Hono } from 'hono';
import { z } from 'zod';
import type { Catalog } from '../catalog.js';
import {
  parseParams,
  patternIdFromPath,
  type RegistryEnv,
  type RegistryServices,
  readJsonBody,
  requirePublisher,
} from '../context.js';
import { idempotencyKeyOf } from '../middleware/idempotency-key.js';
import { HttpProblem } from '../problem.js';
import { NOTIFICATION_KINDS, type RegistryStore, type StoredProposal, type StoredVersion } from '../store.js';
import { privateTargetReason } from '../webhook-targets.js';
import { newWebhookSecret } from '../webhooks.js';

/** What the catalog routes need beyond the shared services. */
export interface CatalogRoutesOptions {
  /** The quality gates a publish passes; proposals pass the same. */
  publishPolicy: PublishPolicy;
  /** Calls this registry's own `/api/v1` (a fork is published through the publish route). */
  api: (path: string, init: RequestInit) => Promise<Response>;
  /** Accept `http:` webhook URLs (else `https:` only). */
  allowHttpWebhooks: boolean;
  /** Accept webhook URLs that name loopback or private-network hosts (`WebhookOptions.allowPrivateNetworks`). */
  allowPrivateWebhooks: boolean;
  /** Wakes the webhook dispatcher after a notification was stored. */
  wake: () => void;
}

const MAX_LINEAGE_NODES = 1000;
const MonthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month YYYY-MM');
const NotificationQuerySchema = z.strictObject({
  after: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});
const ProposalStatusQuerySchema = z.enum(['open', 'accepted', 'rejected', 'withdrawn']).optional();

/**
 * Routes for forks, improvement proposals, notifications, webhooks, purchases, revenue and
 * value estimates (issue 21):
 *
 * - `POST /patterns/{scope}/{name}/forks` (fork into the caller's scope, published through the
 *   publish route, lineage in `listing.forkOf`), `GET …/forks`, `GET …/lineage`;
 * - `POST /patterns/{scope}/{name}/proposals` (from a published version of one of the
 *   caller's forks; the same quality gates as a publish), `GET …/proposals`,
 *   `GET`/`PATCH …/proposals/{id}` (the target's publisher accepts or declines, the proposer withdraws);
 * - `GET /publishers/{publisher}/notifications` (forks, proposals, decisions and reviews of the
 *   caller's patterns), `PUT`/`GET`/`DELETE /publishers/{publisher}/webhook`;
 * - `POST /patterns/{scope}/{name}/purchases` (a purchase or subscription event of a tier),
 *   `GET /publishers/{publisher}/revenue`, `GET /patterns/{scope}/{name}/value`.
 *
 * Reviews notify the pattern's publisher too: the review route stores that notification in
 * the review's own transaction (`putReview` with `notification`).
 *
 * @param services - store, clock, ids
 * @param catalog - the latest listings (for value comparisons)
 * @param options - see {@link CatalogRoutesOptions}
 * @returns a Hono sub-app to mount under `/api/v1`, before the pattern routes
 */
export function catalogRoutes(
  services: RegistryServices,
  catalog: Catalog,
  options: CatalogRoutesOptions,
): Hono<RegistryEnv> {
  const app = new Hono<RegistryEnv>();
  const { store } = services;

  // ---- forks ------------------------------------------------------------------------------
  app.post('/patterns/:scope/:name/forks', async (c) => {
    const caller = requirePublisher(c);
    const parentId = patternIdFromPath(c);
    const request = await readJsonBody(c, ForkRequestSchema, 'fork request');
    const parent = await latestVersion(store, parentId, request.version);
    const forkId = `${caller}/${request.name ?? (parentId.split('/')[1] as string)}`;
    if (forkId === parentId) {
      throw new HttpProblem(
        409,
        'E_FORK_SAME_ID',
        `${forkId} is the pattern itself; give the fork another name`,
      );
    }
    if (await store.getPattern(forkId)) {
      throw new HttpProblem(409, 'E_PATTERN_EXISTS', `${forkId} already exists; fork under another name`);
    }
    const listing = forkListing(parent.package.listing, {
      id: forkId,
      publisher: { id: caller, name: caller },
      publishedAt: services.now().toISOString(),
      ...(request.description === undefined ? {} : { description: request.description }),
    });
    // Published through the publish route: the same gates, dependency check and dist-tags.
    const authorization = c.req.header('authorization') ?? '';
    const response = await options.api(`/patterns/${forkId}/${encodeURIComponent(listing.version)}`, {
      method: 'PUT',
      headers: { authorization, 'content-type': 'application/json' },
      body: JSON.stringify({ ...parent.package, listing }),
    });
    if (response.status !== 201) return response;
    const published = PublishResultSchema.parse(await response.json());
    options.wake();
    const body: ForkResult = {
      id: published.id,
      version: published.version,
      fingerprint: published.fingerprint,
      publishedAt: published.publishedAt,
      forkOf: { id: parent.id, version: parent.version },
      report: published.report,
    };
    c.header('location', `/api/v1/patterns/${published.id}`);
    return c.json(body, 201);
  });

  app.get('/patterns/:scope/:name/forks', async (c) => {
    const id = patternIdFromPath(c);
    if (!(await store.getPattern(id))) throw new HttpProblem(404, 'E_NOT_FOUND', `no pattern ${id}`);
    const body: ForkList = { id, forks: await store.listForks(id) };
    return c.json(body);
  });

  app.get('/patterns/:scope/:name/lineage', async (c) => {
    const id = patternIdFromPath(c);
    const root = await store.getPattern(id);
    if (!root) throw new HttpProblem(404, 'E_NOT_FOUND', `no pattern ${id}`);
    const nodes: { id: string; version: string; forkOf?: { id: string; version: string } }[] = [];
    // Up: each pattern's fork record names its parent (cycle-safe, bounded).
    const up = new Set<string>();
    for (let current: string | undefined = id; current && !up.has(current) && up.size < MAX_LINEAGE_NODES; ) {
      up.add(current);
      const pattern = current === id ? root : await store.getPattern(current);
      if (!pattern) break;
      const fork = await store.getFork(current);
      const version = pattern.distTags.latest ?? pattern.versions.at(-1)?.version ?? fork?.version;
      if (!version) break;
      nodes.push({
        id: current,
        version,
        ...(fork ? { forkOf: { id: fork.parentId, version: fork.parentVersion } } : {}),
      });
      current = fork?.parentId;
    }
    // Down: breadth-first over the fork index.
    let truncated = false;
    const seen = new Set<string>([id]);
    let frontier = [id];
    while (frontier.length > 0 && !truncated) {
      const next: string[] = [];
      for (const parentId of frontier) {
        for (const fork of await store.listForks(parentId)) {
          if (seen.has(fork.id)) continue;
          if (seen.size >= MAX_LINEAGE_NODES) {
            truncated = true;
            break;
          }
          seen.add(fork.id);
          nodes.push({
            id: fork.id,
            version: fork.version,
            forkOf: { id: fork.parentId, version: fork.parentVersion },
          });
          next.push(fork.id);
        }
      }
      frontier = next;
    }
    const computed = lineage(nodes, id);
    const body: LineageDocument = {
      id,
      ancestors: computed.ancestors,
      descendants: computed.descendants,
      truncated,
    };
    return c.json(body);
  });

  // ---- proposals ----------------------------------------------------------------------------
  app.post('/patterns/:scope/:name/proposals', async (c) => {
    const caller = requirePublisher(c);
    const targetId = patternIdFromPath(c);
    const request = await readJsonBody(c, ProposalRequestSchema, 'proposal');
    if (request.fork.id.split('/')[0] !== caller) {
      throw new HttpProblem(403, 'E_FORBIDDEN', `propose from a fork in your own scope "${caller}"`);
    }
    const target = await latestVersion(store, targetId);
    const fork = await store.getVersion(request.fork.id, request.fork.version);
    if (!fork)
      throw new HttpProblem(404, 'E_NOT_FOUND', `${request.fork.id} has no version ${request.fork.version}`);
    let built: ReturnType<typeof proposeImprovement>;
    try {
      built = proposeImprovement(fork.package.listing, target.package.listing, {
        title: request.title,
        ...(request.description === undefined ? {} : { description: request.description }),
        changes: request.changes,
      });
    } catch (error) {
      if (error instanceof LineageError) throw new HttpProblem(422, error.code, error.message);
      throw error;
    }
    // The change must pass the gates a publish of the target's next version would.
    const report = await checkPublishableAsync(fork.package, {
      ...options.publishPolicy,
      previousVersion: target.version,
    });
    if (!report.publishable) {
      const failed = report.gates.filter((gate) => !gate.passed && gate.severity === 'error');
      throw new HttpProblem(
        422,
        'E_NOT_PUBLISHABLE',
        `the proposed change fails ${failed.length} quality gate${failed.length === 1 ? '' : 's'}: ${failed.map((g) => g.id).join(', ')}`,
        {
          issues: failed.map((gate) => ({ path: ['fork'], message: `${gate.id}: ${gate.message}` })),
          extensions: { report },
        },
      );
    }
    const now = services.now().toISOString();
    const stored: StoredProposal = {
      proposal: { ...built, createdAt: now },
      targetPublisher: target.publisher,
      evidence: {
        fingerprint: fork.fingerprint,
        qualityScore: report.score,
        ...(fork.package.tests ? { tests: fork.package.tests } : {}),
        benchmarks: fork.package.benchmarks,
      },
    };
    const outcome = await store.putProposal(stored, {
      publisher: target.publisher,
      kind: 'proposal',
      patternId: targetId,
      actor: caller,
      createdAt: now,
      data: { proposalId: built.id, title: built.title, fork: built.fork },
    });
    if (outcome === 'exists') {
      const existing = await store.getProposal(targetId, built.id);
      if (!existing) throw new HttpProblem(500, 'E_INTERNAL', 'the proposal vanished');
      return c.json({ ...existing, report } satisfies ProposalResult, 200);
    }
    options.wake();
    c.header('location', `/api/v1/patterns/${targetId}/proposals/${encodeURIComponent(built.id)}`);
    return c.json({ ...stored, report } satisfies ProposalResult, 201);
  });

  app.get('/patterns/:scope/:name/proposals', async (c) => {
    const id = patternIdFromPath(c);
    const status = parseParams(ProposalStatusQuerySchema, c.req.query('status'), 'status');
    if (!(await store.getPattern(id))) throw new HttpProblem(404, 'E_NOT_FOUND', `no pattern ${id}`);
    const body: ProposalList = {
      id,
      proposals: await store.listProposals(id, status === undefined ? {} : { status }),
    };
    return c.json(body);
  });

  app.get('/patterns/:scope/:name/proposals/:proposal', async (c) => {
    const id = patternIdFromPath(c);
    const proposal = await store.getProposal(id, c.req.param('proposal'));
    if (!proposal)
      throw new HttpProblem(404, 'E_NOT_FOUND', `no proposal ${c.req.param('proposal')} for ${id}`);
    return c.json(proposal);
  });

  app.patch('/patterns/:scope/:name/proposals/:proposal', async (c) => {
    const caller = requirePublisher(c);
    const targetId = patternIdFromPath(c);
    const proposalId = c.req.param('proposal');
    const decision = await readJsonBody(c, ProposalDecisionSchema, 'decision');
    const existing = await store.getProposal(targetId, proposalId);
    if (!existing) throw new HttpProblem(404, 'E_NOT_FOUND', `no proposal ${proposalId} for ${targetId}`);
    const proposer = existing.proposal.proposer.id;
    if (decision.status === 'withdrawn' ? caller !== proposer : caller !== existing.targetPublisher) {
      throw new HttpProblem(
        403,
        'E_FORBIDDEN',
        decision.status === 'withdrawn'
          ? `only the proposer (${proposer}) withdraws a proposal`
          : `only the publisher of ${targetId} (${existing.targetPublisher}) accepts or declines its proposals`,
      );
    }
    const at = services.now().toISOString();
    const recipient = decision.status === 'withdrawn' ? existing.targetPublisher : proposer;
    try {
      const updated = await store.decideProposal(
        targetId,
        proposalId,
        { status: decision.status, by: caller, at, comment: decision.comment ?? '' },
        {
          publisher: recipient,
          kind: 'proposal-decision',
          patternId: targetId,
          actor: caller,
          createdAt: at,
          data: { proposalId, status: decision.status, comment: decision.comment ?? '' },
        },
      );
      options.wake();
      return c.json(updated);
    } catch (error) {
      if (error instanceof PollinateError && error.code === 'E_CONFLICT') {
        throw new HttpProblem(409, 'E_PROPOSAL_DECIDED', error.message);
      }
      throw error;
    }
  });

  // ---- notifications and webhooks ---------------------------------------------------------
  app.get('/publishers/:publisher/notifications', async (c) => {
    const publisher = ownPublisher(c);
    const query = parseParams(NotificationQuerySchema, c.req.query(), 'notification query');
    const limit = query.limit ?? 100;
    const notifications = await store.listNotifications(publisher, {
      ...(query.after === undefined ? {} : { after: query.after }),
      limit,
    });
    const body: NotificationPage = {
      publisher,
      notifications,
      nextAfter: notifications.length === limit ? (notifications.at(-1)?.sequence ?? null) : null,
    };
    c.header('cache-control', 'private, no-store');
    return c.json(body);
  });

  app.put('/publishers/:publisher/webhook', async (c) => {
    const publisher = ownPublisher(c);
    const request = await readJsonBody(c, WebhookRequestSchema, 'webhook');
    const url = new URL(request.url);
    if (!options.allowHttpWebhooks && url.protocol !== 'https:') {
      throw new HttpProblem(400, 'E_VALIDATION', 'this registry delivers webhooks over https only', {
        issues: [{ path: ['url'], message: 'must be an https URL' }],
      });
    }
    const privateTarget = options.allowPrivateWebhooks ? undefined : privateTargetReason(url);
    if (privateTarget !== undefined) {
      throw new HttpProblem(400, 'E_VALIDATION', 'this registry delivers webhooks to public addresses only', {
        issues: [{ path: ['url'], message: privateTarget }],
      });
    }
    const subscription = {
      publisher,
      url: request.url,
      secret: newWebhookSecret(),
      events: request.events ? [...new Set(request.events)] : [...NOTIFICATION_KINDS],
      createdAt: services.now().toISOString(),
    };
    await store.putWebhook(subscription);
    const body: WebhookDocument = { ...subscription, deliveries: [] };
    c.header('cache-control', 'no-store');
    return c.json(body);
  });

  app.get('/publishers/:publisher/webhook', async (c) => {
    const publisher = ownPublisher(c);
    const subscription = await store.getWebhook(publisher);
    if (!subscription) throw new HttpProblem(404, 'E_NOT_FOUND', `${publisher} has no webhook`);
    const { secret: _secret, ...shown } = subscription;
    const body: WebhookDocument = { ...shown, deliveries: await store.listWebhookDeliveries(publisher, 50) };
    c.header('cache-control', 'private, no-store');
    return c.json(body);
  });

  app.delete('/publishers/:publisher/webhook', async (c) => {
    const publisher = ownPublisher(c);
    if (!(await store.deleteWebhook(publisher))) {
      throw new HttpProblem(404, 'E_NOT_FOUND', `${publisher} has no webhook`);
    }
    return c.json({ publisher, removed: true as const } satisfies WebhookRemoved);
  });

  // ---- purchases, revenue, value ----------------------------------------------------------
  app.post('/patterns/:scope/:name/purchases', async (c) => {
    const caller = requirePublisher(c);
    const key = idempotencyKeyOf(c);
    const patternId = patternIdFromPath(c);
    const request = await readJsonBody(c, PurchaseRequestSchema, 'purchase');
    const latest = await latestVersion(store, patternId);
    const listing = latest.package.listing;
    const tier = listing.tiers?.find((candidate) => candidate.name === request.tier);
    if (!tier) {
      throw new HttpProblem(
        422,
        'E_UNKNOWN_TIER',
        `${patternId} offers no tier named ${JSON.stringify(request.tier)}${listing.tiers ? ` (it offers ${listing.tiers.map((t) => JSON.stringify(t.name)).join(', ')})` : ''}`,
        { issues: [{ path: ['tier'], message: 'must name one of the listing’s tiers' }] },
      );
    }
    const allowed: Record<string, readonly RevenueEvent['type'][]> = {
      free: [],
      'one-time': ['purchase', 'refund'],
      subscription: ['subscription', 'renewal', 'cancellation', 'refund'],
      contact: ['purchase', 'subscription', 'renewal', 'cancellation', 'refund'],
    };
    if (!allowed[tier.model]?.includes(request.type)) {
      throw new HttpProblem(
        422,
        'E_TIER_MODEL_MISMATCH',
        tier.model === 'free'
          ? `tier ${tier.name} is free: there is nothing to record`
          : `a ${tier.model} tier records ${allowed[tier.model]?.join(', ')}, not ${request.type}`,
        { issues: [{ path: ['type'], message: `not allowed for a ${tier.model} tier` }] },
      );
    }
    let team = caller;
    if (request.type === 'refund') {
      if (caller !== listing.publisher.id) {
        throw new HttpProblem(
          403,
          'E_FORBIDDEN',
          `only ${listing.publisher.id} records refunds of ${patternId}`,
        );
      }
      if (!request.team) {
        throw new HttpProblem(400, 'E_VALIDATION', 'a refund names the team refunded', {
          issues: [{ path: ['team'], message: 'required for a refund' }],
        });
      }
      team = request.team;
    } else if (request.team !== undefined && request.team !== caller) {
      throw new HttpProblem(403, 'E_FORBIDDEN', `your token records purchases of team "${caller}" only`);
    }
    const listPrice = tier.model === 'contact' ? undefined : tier.price;
    let amount = request.amount ?? listPrice;
    if (request.type === 'cancellation') {
      amount = { amount: 0, currency: tier.price?.currency ?? request.amount?.currency ?? 'USD' };
    } else if (!amount) {
      throw new HttpProblem(400, 'E_VALIDATION', `tier ${tier.name} is negotiated: give the amount paid`, {
        issues: [{ path: ['amount'], message: 'required for a contact tier' }],
      });
    } else if (listPrice) {
      const sameCurrency = amount.currency === listPrice.currency;
      const fits =
        request.type === 'refund'
          ? sameCurrency && amount.amount <= listPrice.amount
          : sameCurrency && amount.amount === listPrice.amount;
      if (!fits) {
        throw new HttpProblem(
          422,
          'E_PRICE_MISMATCH',
          `tier ${tier.name} costs ${listPrice.amount} ${listPrice.currency}${request.type === 'refund' ? ' at most' : ''}`,
          { issues: [{ path: ['amount'], message: 'does not match the tier’s price' }] },
        );
      }
    }
    const event = parseParams(
      RevenueEventSchema,
      {
        id: request.id ?? key ?? services.randomId(),
        patternId,
        tier: tier.name,
        team,
        type: request.type,
        amount,
        at: services.now().toISOString(),
      },
      'purchase',
    );
    const outcome = await store.addRevenueEvent(event, listing.publisher.id);
    if (outcome.status === 'exists') {
      if (outcome.event.patternId === patternId && outcome.event.team === team)
        return c.json(outcome.event, 200);
      throw new HttpProblem(409, 'E_EVENT_EXISTS', `an event with id ${event.id} already exists`);
    }
    return c.json(outcome.event, 201);
  });

  app.get('/publishers/:publisher/revenue', async (c) => {
    const publisher = ownPublisher(c);
    const from = parseParams(z.optional(MonthSchema), c.req.query('from'), 'from');
    const to = parseParams(z.optional(MonthSchema), c.req.query('to'), 'to');
    const lines = await store.revenueLines(publisher, {
      ...(from ? { fromMonth: from } : {}),
      ...(to ? { toMonth: to } : {}),
    });
    const body: RevenueDocument = { publisher, from: from ?? null, to: to ?? null, ...revenueReport(lines) };
    c.header('cache-control', 'private, no-store');
    return c.json(body);
  });

  app.get('/patterns/:scope/:name/value', async (c) => {
    const id = patternIdFromPath(c);
    const query = parseParams(ValueQuerySchema, c.req.query(), 'value query');
    const listing = await catalog.listing(id);
    if (!listing) throw new HttpProblem(404, 'E_NOT_FOUND', `no pattern ${id}`);
    let cost: ReturnType<typeof listingCost>;
    try {
      cost = listingCost(listing, query.tier === undefined ? {} : { tier: query.tier });
    } catch (error) {
      if (error instanceof PricingError) {
        throw new HttpProblem(422, error.code, error.message, {
          issues: [{ path: ['tier'], message: 'must name one of the listing’s tiers' }],
        });
      }
      throw error;
    }
    if (!cost) {
      throw new HttpProblem(422, 'E_NO_PRICE', `${id} has no published price (it is negotiated)`);
    }
    const integration = query.oneTimeCost ?? 0;
    const alternatives: ValueAlternative[] = [];
    const skipped: ValueDocument['skipped'] = [];
    // The catalog's latest listings are in memory; one pass picks the category.
    for (const other of await catalog.listings()) {
      if (other.category !== listing.category || other.id === id) continue;
      const otherCost = cheapest(other);
      if (!otherCost) skipped.push({ id: other.id, reason: 'no published price' });
      else if (
        otherCost.currency !== null &&
        cost.currency !== null &&
        otherCost.currency !== cost.currency
      ) {
        skipped.push({ id: other.id, reason: `priced in ${otherCost.currency}, not ${cost.currency}` });
      } else {
        alternatives.push({
          id: other.id,
          monthlyPrice: otherCost.monthlyPrice,
          oneTimeCost: otherCost.oneTimeCost + integration,
        });
      }
      if (alternatives.length >= 10_000) break;
    }
    const { tier: _tier, ...inputs } = query;
    const estimate = estimateValue(
      { ...inputs, monthlyPrice: cost.monthlyPrice, oneTimeCost: cost.oneTimeCost + integration },
      { alternatives },
    );
    const body: ValueDocument = { id, category: listing.category, cost, estimate: { ...estimate }, skipped };
    return c.json(body);
  });

  return app;
}

/** The listing's cheapest priced way to use it, or `null` (never throws: listings in the catalog are valid). */
function cheapest(listing: Listing): ReturnType<typeof listingCost> {
  try {
    return listingCost(listing);
  } catch {
    return null;
  }
}

/** The publisher in the path, which must be the caller's (401 without a token, 403 for another's). */
function ownPublisher(c: Parameters<typeof requirePublisher>[0]): string {
  const caller = requirePublisher(c);
  const publisher = parseParams(TeamIdSchema, c.req.param('publisher'), 'publisher');
  if (publisher !== caller) {
    throw new HttpProblem(403, 'E_FORBIDDEN', `your token reads and sets ${caller}'s feed and settings only`);
  }
  return publisher;
}

/** The given or `latest` version of a pattern (404 when either is missing). */
async function latestVersion(store: RegistryStore, id: string, version?: string): Promise<StoredVersion> {
  const pattern = await store.getPattern(id);
  if (!pattern) throw new HttpProblem(404, 'E_NOT_FOUND', `no pattern ${id}`);
  const wanted = version ?? pattern.distTags.latest ?? pattern.versions.at(-1)?.version;
  const stored = wanted ? await store.getVersion(id, wanted) : undefined;
  if (!stored) throw new HttpProblem(404, 'E_NOT_FOUND', `${id} has no version ${wanted ?? ''}`.trim());
  return stored;
}
