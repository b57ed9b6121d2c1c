import { performance } from 'node:perf_hooks';
import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';
import {
  ContributePatternRequestSchema,
  type ContributePatternResult,
  ContributeRequestSchema,
  type ContributeResult,
  type ErasureResult,
  type MigrationPatternMatch,
  MigrationPatternQuerySchema,
  type MigrationPatternSearchResult,
  type RegistryContributorExport,
} from '@pollinate/client';
import type { Contribution } from '@pollinate/core';
import { parseWith } from '@pollinate/core/helpers';
import {
  contributionsInSyncMessage,
  isSyncError,
  type PatternSummary,
  patternKey,
} from '@pollinate/crdt-network';
import { anonymizeText } from '@pollinate/crdt-network/anonymize';
import { matchPatterns } from '@pollinate/search';
import { Hono } from 'hono';
import { z } from 'zod';
import {
  parseParams,
  type RegistryEnv,
  type RegistryServices,
  readJsonBody,
  requirePublisher,
  splitList,
} from '../context.js';
import {
  MAX_SYNC_WAIT_MS,
  type NetworkReplica,
  ShardRequiredError,
  UnscrubbedRecordError,
} from '../network.js';
import { DEFAULT_MIN_CONTRIBUTORS, type RegistryPrivacy } from '../privacy.js';
import { HttpProblem } from '../problem.js';

/**
 * The seed's advice for a pattern, from its aggregates: steps that fail often, a low
 * success rate, few contributors.
 */
function recommendationsFor(pattern: PatternSummary): string[] {
  const advice: string[] = [];
  for (const step of pattern.steps) {
    if (step.count >= 2 && step.successRate < 0.8) {
      advice.push(
        `"${step.action}" failed in ${Math.round((1 - step.successRate) * 100)}% of runs; plan a fallback`,
      );
    }
  }
  if (pattern.successRate < 0.7) {
    advice.push(
      `only ${Math.round(pattern.successRate * 100)}% of these migrations succeeded; run a pilot first`,
    );
  }
  if (pattern.contributors < 3)
    advice.push('fewer than 3 deployments reported this pattern; treat figures as early');
  return advice;
}

/** The seed's flat request as a contribution (before anonymization and signing). */
function contributionOfSeedRequest(
  request: z.infer<typeof ContributePatternRequestSchema>,
  pseudonym: string,
  now: Date,
): Contribution {
  return {
    // Keyed by the publisher's pseudonym: the raw migration id never enters the network.
    id: `m-${bytesToHex(sha256(utf8ToBytes(`${pseudonym}\u0000${request.migrationId}`))).slice(0, 32)}`,
    contributor: pseudonym,
    sourceCloud: request.sourceCloud,
    targetCloud: request.targetCloud,
    strategy: request.strategy,
    resourceTypes: request.resourceTypes,
    steps: request.steps.map((step) =>
      typeof step === 'string' ? { action: step, durationSeconds: 0, success: true } : step,
    ),
    success: request.successRate >= 0.5,
    durationHours: request.durationHours,
    costSavingsPercent: request.costSavingsPercent,
    contributedAt: now.toISOString(),
  };
}

/** Refuses text the anonymizer would redact (the seed's `anonymize: false`). */
function refuseUnscrubbed(contribution: Contribution, knownIdentifiers: readonly string[]): void {
  const issues: { path: (string | number)[]; message: string }[] = [];
  contribution.steps.forEach((step, index) => {
    for (const [field, text] of [
      ['action', step.action],
      ['error', step.error],
    ] as const) {
      if (text === undefined) continue;
      const kinds = anonymizeText(text, { knownIdentifiers }).findings.map((finding) => finding.kind);
      if (kinds.length > 0) {
        issues.push({
          path: ['steps', index, field],
          message: `holds identifying text (${[...new Set(kinds)].join(', ')})`,
        });
      }
    }
  });
  if (issues.length > 0) {
    throw new HttpProblem(
      422,
      'E_UNSCRUBBED_RECORD',
      'with "anonymize": false the contribution must hold no identifying text',
      { issues },
    );
  }
}

const PseudonymSchema = z
  .string()
  .min(8)
  .max(128)
  .regex(/^[A-Za-z0-9_-]+$/, 'must be a pseudonym (base64url or hex)');
const PeerIdSchema = z.string().regex(/^[A-Za-z0-9._:-]{1,200}$/, 'must be 1–200 of A–Z a–z 0–9 . _ : -');
/** `minContributors` of a request: at least the registry's own threshold. */
const minContributorsSchema = (floor: number) =>
  z.coerce
    .number()
    .int()
    .min(floor, `must be at least ${floor}: this registry never shows figures of fewer distinct contributors`)
    .max(1_000_000)
    .default(floor);
const ShardSchema = z.coerce.number().int().min(0).max(65_535);
const WaitSchema = z.coerce.number().int().min(0).max(MAX_SYNC_WAIT_MS);

/**
 * Routes for the pattern network: `POST /patterns/contribute`, `POST /network/sync`,
 * `GET /network/patterns`, `DELETE /contributors/{pseudonym}` and
 * `GET /contributors/{pseudonym}/export`.
 *
 * A pseudonym belongs to the publisher that first contributed under it; only that
 * publisher may contribute more under it, erase it or export it.
 *
 * `POST /network/sync` takes `X-Pollinate-Shard` (the shard, for a sharded network) and
 * `X-Pollinate-Wait` (milliseconds, 0 … 30,000: hold a message that shows the peer is up to
 * date until the shard changes — a long poll) and answers `X-Pollinate-Shards`.
 *
 * @param services - store, clock
 * @param network - the network replica
 * @param options - `knownIdentifiers` for the anonymizer; `draining` ends long polls when the server shuts down
 * @returns a Hono sub-app to mount under `/api/v1`
 */
export function networkRoutes(
  services: RegistryServices,
  network: () => Promise<NetworkReplica>,
  privacy: RegistryPrivacy,
  options: { knownIdentifiers?: readonly string[]; minContributors?: number; draining?: () => boolean } = {},
): Hono<RegistryEnv> {
  const knownIdentifiers = options.knownIdentifiers ?? [];
  const MinContributorsSchema = minContributorsSchema(options.minContributors ?? DEFAULT_MIN_CONTRIBUTORS);
  const app = new Hono<RegistryEnv>();
  const { store } = services;

  const requireOwner = async (publisher: string, pseudonym: string, replica: NetworkReplica) => {
    const owner = await store.getPseudonymOwner(pseudonym);
    if (owner === undefined) {
      const exported = replica.exportContributor(pseudonym);
      if (exported.contributions.length === 0 && !exported.erased) {
        throw new HttpProblem(404, 'E_NOT_FOUND', 'no contributions under this pseudonym');
      }
      throw new HttpProblem(
        403,
        'E_FORBIDDEN',
        'this pseudonym was contributed through another replica; erase or export it there',
      );
    }
    if (owner !== publisher)
      throw new HttpProblem(403, 'E_FORBIDDEN', 'this pseudonym belongs to another publisher');
  };

  const consentRequired = () =>
    new HttpProblem(
      422,
      'E_CONSENT_REQUIRED',
      'contributing to the pattern network needs explicit opt-in consent ({ "consent": true })',
      { issues: [{ path: ['consent'], message: 'must be true' }] },
    );

  /**
   * A withdrawn consent (objection) refuses further contributions; a first contribution with
   * `consent: true` records the opt-in (with its time and scope) before anything is stored.
   */
  const checkConsent = async (pseudonym: string, publisher: string) => {
    const { granted, history } = await privacy.consentInForce(pseudonym);
    if (granted) return;
    if (history.length > 0) {
      throw new HttpProblem(
        403,
        'E_CONSENT_WITHDRAWN',
        'this contributor withdrew its consent (objection); the network takes no further contributions from it',
      );
    }
    await store.claimPseudonym(pseudonym, publisher);
    await privacy.recordConsent(pseudonym, publisher, true);
  };
  const auditContribution = (publisher: string, pseudonym: string, created: boolean, redactions: number) =>
    privacy.audit({ type: 'contribution', actor: publisher, pseudonym, details: { created, redactions } });

  app.post('/patterns/contribute', async (c) => {
    const publisher = requirePublisher(c);
    const body = await readJsonBody(c, z.looseObject({}), 'contribution');
    if (!('contribution' in body)) {
      // The seed's flat ContributePatternRequest.
      const seed = parseWith(ContributePatternRequestSchema, body, 'contribution');
      if (seed.consent !== true) throw consentRequired();
      const replica = await network();
      const pseudonym = replica.pseudonymOf(publisher);
      const contribution = contributionOfSeedRequest(seed, pseudonym, services.now());
      if (!seed.anonymize) refuseUnscrubbed(contribution, knownIdentifiers);
      await checkConsent(pseudonym, publisher);
      let outcome: Awaited<ReturnType<NetworkReplica['contribute']>>;
      try {
        outcome = await replica.contribute(contribution, true, publisher);
      } catch (error) {
        if (error instanceof Error && (error as { code?: string }).code === 'E_CONTRIBUTOR_ERASED') {
          throw new HttpProblem(
            409,
            'E_CONTRIBUTOR_ERASED',
            'this publisher’s pseudonym was erased from the network',
          );
        }
        throw error;
      }
      await store.claimPseudonym(pseudonym, publisher);
      await auditContribution(publisher, pseudonym, outcome.created, outcome.redactions);
      const result: ContributePatternResult = {
        patternId: patternKey(outcome.stored).key,
        contributed: outcome.created,
        message: outcome.created
          ? `migration contributed to the pattern network${outcome.redactions > 0 ? ` (${outcome.redactions} redactions)` : ''}`
          : 'this migration was already contributed; nothing changed',
        globalContributions: replica.contributionCount(),
      };
      return c.json(result, outcome.created ? 201 : 200);
    }
    const request = parseWith(ContributeRequestSchema, body, 'contribution');
    if (request.consent !== true) {
      throw new HttpProblem(
        422,
        'E_CONSENT_REQUIRED',
        'contributing to the pattern network needs explicit opt-in consent ({ "consent": true })',
        { issues: [{ path: ['consent'], message: 'must be true' }] },
      );
    }
    const replica = await network();
    // Signed with the publisher's custodial key: the stored contributor is the publisher's
    // custodial pseudonym, whatever the request named (answered in `contributor`).
    const pseudonym = replica.pseudonymOf(publisher);
    await checkConsent(pseudonym, publisher);
    let outcome: Awaited<ReturnType<NetworkReplica['contribute']>>;
    try {
      outcome = await replica.contribute(request.contribution, true, publisher);
    } catch (error) {
      if (error instanceof Error && (error as { code?: string }).code === 'E_CONTRIBUTOR_ERASED') {
        throw new HttpProblem(409, 'E_CONTRIBUTOR_ERASED', 'this pseudonym was erased from the network');
      }
      throw error;
    }
    await store.claimPseudonym(pseudonym, publisher);
    await auditContribution(publisher, pseudonym, outcome.created, outcome.redactions);
    const answer: ContributeResult = {
      id: outcome.stored.id,
      contributor: pseudonym,
      created: outcome.created,
      redactions: outcome.redactions,
    };
    return c.json(answer, outcome.created ? 201 : 200);
  });

  app.post('/network/sync', async (c) => {
    const publisher = requirePublisher(c);
    const peer = parseParams(PeerIdSchema, c.req.header('x-pollinate-peer') ?? '', 'X-Pollinate-Peer header');
    const shardHeader = c.req.header('x-pollinate-shard');
    const shard =
      shardHeader === undefined
        ? undefined
        : parseParams(ShardSchema, shardHeader, 'X-Pollinate-Shard header');
    const message = new Uint8Array(await c.req.arrayBuffer());
    if (message.byteLength === 0) throw new HttpProblem(400, 'E_VALIDATION', 'the sync message is empty');
    const replica = await network();
    // Every answer names the shard count, so a peer learns it from its first exchange.
    c.header('x-pollinate-shards', String(replica.shards));
    let reply: Uint8Array | null;
    let carried: string[] = [];
    try {
      const waitHeader = c.req.header('x-pollinate-wait');
      const waitMs =
        waitHeader === undefined ? 0 : parseParams(WaitSchema, waitHeader, 'X-Pollinate-Wait header');
      reply = await replica.sync(`${publisher}:${peer}`, message, shard, {
        waitMs,
        stopWaiting: () => options.draining?.() === true,
      });
      // Accepted: the message is a well-formed sync message.
      carried = contributionsInSyncMessage(message).map((contribution) => contribution.contributor);
    } catch (error) {
      if (error instanceof ShardRequiredError) {
        throw new HttpProblem(400, error.code, error.message, {
          issues: [{ path: ['X-Pollinate-Shard'], message: `must be 0 … ${error.shards - 1}` }],
        });
      }
      if (error instanceof UnscrubbedRecordError) {
        throw new HttpProblem(422, error.code, error.message, {
          issues: error.findings.map((finding) => ({
            path: ['records', finding.id],
            message: `holds identifying text (${finding.kinds.join(', ')})`,
          })),
        });
      }
      if (isSyncError(error)) {
        throw new HttpProblem(
          400,
          error.code,
          `the sync message was refused (${error.reason}): ${error.message}`,
        );
      }
      throw error;
    }
    // Records that arrived by sync, per contributor (counts only; who sent them is the actor).
    const perContributor = new Map<string, number>();
    for (const contributor of carried)
      perContributor.set(contributor, (perContributor.get(contributor) ?? 0) + 1);
    for (const [pseudonym, records] of perContributor) {
      await privacy.audit({
        type: 'contribution',
        actor: publisher,
        pseudonym,
        details: { via: 'sync', peer, records },
      });
    }
    if (reply === null) return c.body(null, 204);
    return c.body(new Uint8Array(reply), 200, { 'content-type': 'application/octet-stream' });
  });

  app.get('/network/patterns', async (c) => {
    const minContributors = parseParams(
      MinContributorsSchema,
      c.req.query('minContributors'),
      'minContributors',
    );
    const replica = await network();
    return c.json({ patterns: replica.patterns(minContributors) });
  });

  app.delete('/contributors/:pseudonym', async (c) => {
    const publisher = requirePublisher(c);
    const pseudonym = parseParams(PseudonymSchema, c.req.param('pseudonym'), 'pseudonym');
    const replica = await network();
    await requireOwner(publisher, pseudonym, replica);
    const erased = await replica.erase(pseudonym, publisher);
    const purgeAfter = await privacy.recordErasure(pseudonym, publisher, erased);
    const body: ErasureResult = { pseudonym, erased, purgeAfter };
    return c.json(body);
  });

  app.get('/contributors/:pseudonym/export', async (c) => {
    const publisher = requirePublisher(c);
    const pseudonym = parseParams(PseudonymSchema, c.req.param('pseudonym'), 'pseudonym');
    const replica = await network();
    await requireOwner(publisher, pseudonym, replica);
    const exported = replica.exportContributor(pseudonym);
    const erasure = await store.getErasure(pseudonym);
    const { history } = await privacy.consentInForce(pseudonym);
    const body: RegistryContributorExport = {
      pseudonym,
      erased: exported.erased,
      erasure: erasure
        ? {
            requestedAt: erasure.requestedAt,
            purgeAfter: erasure.purgeAfter,
            ...(erasure.purgedAt ? { purgedAt: erasure.purgedAt } : {}),
          }
        : null,
      consent: history,
      contributions: exported.contributions,
    };
    await privacy.audit({
      type: 'export',
      actor: publisher,
      pseudonym,
      details: { contributions: exported.contributions.length },
    });
    c.header('cache-control', 'no-store');
    return c.json(body);
  });

  return app;
}

/**
 * The seed's pattern search, `GET /patterns/search?sourceCloud=&targetCloud=&resourceTypes=&limit=`:
 * the network's patterns ranked by `matchPatterns` (search). Mounted before the catalog
 * search on the same path; a request without `sourceCloud`, `targetCloud` or
 * `resourceTypes` goes on to the catalog search (`q=`).
 *
 * @param network - the network replica
 * @param options - `minContributors`: patterns seen from fewer deployments are not shown (default 3)
 * @returns a Hono sub-app to mount under `/api/v1` before the discovery routes
 */
export function seedSearchRoutes(
  network: () => Promise<NetworkReplica>,
  options: { minContributors?: number } = {},
): Hono<RegistryEnv> {
  const app = new Hono<RegistryEnv>();
  app.get('/patterns/search', async (c, next) => {
    const query = c.req.query();
    if (!('sourceCloud' in query) && !('targetCloud' in query) && !('resourceTypes' in query)) {
      await next();
      return;
    }
    const started = performance.now();
    const parsed = parseParams(
      MigrationPatternQuerySchema,
      {
        ...query,
        resourceTypes: splitList(query.resourceTypes) ?? [],
        ...(query.limit === undefined ? {} : { limit: Number(query.limit) }),
      },
      'pattern search query',
    );
    const replica = await network();
    const ranked = matchPatterns(
      {
        sourceCloud: parsed.sourceCloud,
        targetCloud: parsed.targetCloud,
        resourceTypes: parsed.resourceTypes,
      },
      replica.patterns(options.minContributors ?? DEFAULT_MIN_CONTRIBUTORS),
    );
    const patterns: MigrationPatternMatch[] = ranked
      .slice(0, parsed.limit)
      .map(({ pattern, similarity }) => ({
        patternId: pattern.key,
        similarity,
        successRate: pattern.successRate,
        avgDuration: pattern.meanDurationHours,
        costSavings: pattern.meanCostSavingsPercent,
        contributors: pattern.contributors,
        steps: pattern.steps.map((step) => step.action),
        recommendations: recommendationsFor(pattern),
      }));
    const body: MigrationPatternSearchResult = {
      patterns,
      totalMatches: ranked.length,
      queryTime: performance.now() - started,
    };
    return c.json(body);
  });
  return app;
}
