import {
  AuditEventTypeSchema,
  type AuditPage,
  type ConsentStatus,
  type ContributorIdentity,
  RectifyRequestSchema,
  type RectifyResult,
} from '@pollinate/client';
import { isValidationError } from '@pollinate/core';
import { isContributorErasedError } from '@pollinate/crdt-network';
import { Hono } from 'hono';
import { z } from 'zod';
import {
  parseParams,
  type RegistryEnv,
  type RegistryServices,
  readJsonBody,
  requirePublisher,
} from '../context.js';
import type { NetworkReplica } from '../network.js';
import { NETWORK_CONSENT_SCOPE, type RegistryPrivacy } from '../privacy.js';
import { HttpProblem } from '../problem.js';

const PseudonymSchema = z
  .string()
  .min(8)
  .max(128)
  .regex(/^[A-Za-z0-9_-]+$/, 'must be a pseudonym (base64url or hex)');
const ContributionIdSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9._:-]+$/, 'must be letters, digits, ".", "_", ":" or "-"');
const ConsentBodySchema = z.strictObject({
  /** What the consent covers. @default 'pattern-network' */
  scope: z.literal(NETWORK_CONSENT_SCOPE).default(NETWORK_CONSENT_SCOPE),
});
const AuditQuerySchema = z.strictObject({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  type: z.optional(AuditEventTypeSchema),
  pseudonym: PseudonymSchema.optional(),
});

/** Options of {@link privacyRoutes}. */
export interface PrivacyRouteOptions {
  /** Publishers whose tokens may read the audit log and run a purge. */
  operators: ReadonlySet<string>;
}

/**
 * Routes for the data-subject rights and the operators' privacy operations:
 * `GET /contributors/me`, `GET|PUT|DELETE /contributors/{pseudonym}/consent`,
 * `PUT /contributors/{pseudonym}/contributions/{id}` (rectification), `GET /audit` and
 * `POST /purge` (operators). Every right is written to the audit log.
 *
 * @param services - store and clock
 * @param network - the network replica
 * @param privacy - consent, erasure, purge and audit operations
 * @param options - see {@link PrivacyRouteOptions}
 * @returns a Hono sub-app to mount under `/api/v1`
 */
export function privacyRoutes(
  services: RegistryServices,
  network: () => Promise<NetworkReplica>,
  privacy: RegistryPrivacy,
  options: PrivacyRouteOptions,
): Hono<RegistryEnv> {
  const app = new Hono<RegistryEnv>();
  const { store } = services;

  /** The pseudonym must be the caller's: its custodial one (claimed here) or one it owns. */
  const requireOwn = async (publisher: string, pseudonym: string, replica: NetworkReplica) => {
    if (pseudonym === replica.pseudonymOf(publisher)) {
      if ((await store.claimPseudonym(pseudonym, publisher)) === publisher) return;
    }
    const owner = await store.getPseudonymOwner(pseudonym);
    if (owner === undefined) throw new HttpProblem(404, 'E_NOT_FOUND', 'no contributor with this pseudonym');
    if (owner !== publisher)
      throw new HttpProblem(403, 'E_FORBIDDEN', 'this pseudonym belongs to another publisher');
  };
  const requireOperator = (publisher: string) => {
    if (!options.operators.has(publisher)) {
      throw new HttpProblem(403, 'E_FORBIDDEN', 'only the registry’s operators may do this');
    }
  };
  const status = async (pseudonym: string): Promise<ConsentStatus> => {
    const { granted, history } = await privacy.consentInForce(pseudonym);
    return { pseudonym, scope: NETWORK_CONSENT_SCOPE, granted, history };
  };

  app.get('/contributors/me', async (c) => {
    const publisher = requirePublisher(c);
    const replica = await network();
    const body: ContributorIdentity = { pseudonym: replica.pseudonymOf(publisher), publisher };
    return c.json(body);
  });

  app.get('/contributors/:pseudonym/consent', async (c) => {
    const publisher = requirePublisher(c);
    const pseudonym = parseParams(PseudonymSchema, c.req.param('pseudonym'), 'pseudonym');
    await requireOwn(publisher, pseudonym, await network());
    return c.json(await status(pseudonym));
  });

  app.put('/contributors/:pseudonym/consent', async (c) => {
    const publisher = requirePublisher(c);
    const pseudonym = parseParams(PseudonymSchema, c.req.param('pseudonym'), 'pseudonym');
    const body = await readJsonBody(c, ConsentBodySchema, 'consent');
    const replica = await network();
    await requireOwn(publisher, pseudonym, replica);
    if (replica.exportContributor(pseudonym).erased) {
      throw new HttpProblem(
        409,
        'E_CONTRIBUTOR_ERASED',
        'this pseudonym was erased from the network; it cannot contribute again',
      );
    }
    const current = await privacy.consentInForce(pseudonym, body.scope);
    if (!current.granted) await privacy.recordConsent(pseudonym, publisher, true, body.scope);
    return c.json(await status(pseudonym));
  });

  // Objection / opt-out: no further contributions, and every existing one erased at once.
  app.delete('/contributors/:pseudonym/consent', async (c) => {
    const publisher = requirePublisher(c);
    const pseudonym = parseParams(PseudonymSchema, c.req.param('pseudonym'), 'pseudonym');
    const replica = await network();
    await requireOwn(publisher, pseudonym, replica);
    await privacy.recordConsent(pseudonym, publisher, false);
    const held = replica.exportContributor(pseudonym);
    let erased = 0;
    let purgeAfter: string | undefined;
    if (!held.erased || held.contributions.length > 0) {
      erased = await replica.erase(pseudonym, publisher);
      purgeAfter = await privacy.recordErasure(pseudonym, publisher, erased);
    } else {
      purgeAfter = (await store.getErasure(pseudonym))?.purgeAfter;
    }
    return c.json({ ...(await status(pseudonym)), erased, ...(purgeAfter ? { purgeAfter } : {}) });
  });

  app.put('/contributors/:pseudonym/contributions/:id', async (c) => {
    const publisher = requirePublisher(c);
    const pseudonym = parseParams(PseudonymSchema, c.req.param('pseudonym'), 'pseudonym');
    const id = parseParams(ContributionIdSchema, c.req.param('id'), 'contribution id');
    const { contribution } = await readJsonBody(c, RectifyRequestSchema, 'rectification');
    if (contribution.id !== id || contribution.contributor !== pseudonym) {
      throw new HttpProblem(422, 'E_VALIDATION', 'the corrected record must keep its id and contributor', {
        issues: [
          ...(contribution.id === id ? [] : [{ path: ['contribution', 'id'], message: `must be ${id}` }]),
          ...(contribution.contributor === pseudonym
            ? []
            : [{ path: ['contribution', 'contributor'], message: `must be ${pseudonym}` }]),
        ],
      });
    }
    const replica = await network();
    await requireOwn(publisher, pseudonym, replica);
    if (pseudonym !== replica.pseudonymOf(publisher)) {
      throw new HttpProblem(
        403,
        'E_FORBIDDEN',
        'this registry signs rectifications with the publisher’s custodial key; rectify other pseudonyms on the replica that holds their key',
      );
    }
    let outcome: Awaited<ReturnType<NetworkReplica['rectify']>>;
    try {
      outcome = await replica.rectify(contribution, publisher);
    } catch (error) {
      if (isContributorErasedError(error)) {
        throw new HttpProblem(409, 'E_CONTRIBUTOR_ERASED', 'this pseudonym was erased from the network');
      }
      if (isValidationError(error) && error.issues.some((issue) => issue.path[0] === 'id')) {
        throw new HttpProblem(404, 'E_NOT_FOUND', 'no contribution with this id is held for the pseudonym');
      }
      throw error;
    }
    await privacy.audit({
      type: 'rectification',
      actor: publisher,
      pseudonym,
      details: { changed: outcome.changed, redactions: outcome.redactions },
    });
    const body: RectifyResult = {
      id,
      contributor: pseudonym,
      changed: outcome.changed,
      redactions: outcome.redactions,
    };
    return c.json(body);
  });

  app.get('/audit', async (c) => {
    requireOperator(requirePublisher(c));
    const query = parseParams(AuditQuerySchema, c.req.query(), 'audit query');
    const events = await store.listAudit({
      afterSequence: query.after,
      limit: query.limit,
      ...(query.type ? { type: query.type } : {}),
      ...(query.pseudonym ? { pseudonym: query.pseudonym } : {}),
    });
    c.header('cache-control', 'no-store');
    const body: AuditPage = {
      events,
      nextAfter: events.length === query.limit ? (events.at(-1)?.sequence ?? null) : null,
    };
    return c.json(body);
  });

  app.post('/purge', async (c) => {
    const publisher = requirePublisher(c);
    requireOperator(publisher);
    const report = await privacy.purge({ actor: `operator:${publisher}` });
    return c.json(report);
  });

  return app;
}
