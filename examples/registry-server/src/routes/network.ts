import {
  ContributeRequestSchema,
  type ContributeResult,
  type ContributorExport,
  type ErasureResult,
} from '@pollinate/client';
import { isSyncError } from '@pollinate/crdt-network';
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
import { HttpProblem } from '../problem.js';

const PseudonymSchema = z
  .string()
  .min(8)
  .max(128)
  .regex(/^[A-Za-z0-9_-]+$/, 'must be a pseudonym (base64url or hex)');
const PeerIdSchema = z.string().regex(/^[A-Za-z0-9._:-]{1,200}$/, 'must be 1–200 of A–Z a–z 0–9 . _ : -');
const MinContributorsSchema = z.coerce.number().int().min(1).max(1_000_000).default(1);

/**
 * Routes for the pattern network: `POST /patterns/contribute`, `POST /network/sync`,
 * `GET /network/patterns`, `DELETE /contributors/{pseudonym}` and
 * `GET /contributors/{pseudonym}/export`.
 *
 * A pseudonym belongs to the publisher that first contributed under it; only that
 * publisher may contribute more under it, erase it or export it.
 *
 * @param services - store, clock
 * @param network - the network replica
 * @returns a Hono sub-app to mount under `/api/v1`
 */
export function networkRoutes(
  services: RegistryServices,
  network: () => Promise<NetworkReplica>,
): Hono<RegistryEnv> {
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

  app.post('/patterns/contribute', async (c) => {
    const publisher = requirePublisher(c);
    const request = await readJsonBody(c, ContributeRequestSchema, 'contribution');
    if (request.consent !== true) {
      throw new HttpProblem(
        422,
        'E_CONSENT_REQUIRED',
        'contributing to the pattern network needs explicit opt-in consent ({ "consent": true })',
        { issues: [{ path: ['consent'], message: 'must be true' }] },
      );
    }
    const pseudonym = request.contribution.contributor;
    const owner = await store.getPseudonymOwner(pseudonym);
    if (owner !== undefined && owner !== publisher) {
      throw new HttpProblem(403, 'E_FORBIDDEN', 'this pseudonym belongs to another publisher');
    }
    const replica = await network();
    let outcome: Awaited<ReturnType<NetworkReplica['contribute']>>;
    try {
      outcome = await replica.contribute(request.contribution, true);
    } catch (error) {
      if (error instanceof Error && (error as { code?: string }).code === 'E_CONTRIBUTOR_ERASED') {
        throw new HttpProblem(409, 'E_CONTRIBUTOR_ERASED', 'this pseudonym was erased from the network');
      }
      throw error;
    }
    await store.claimPseudonym(pseudonym, publisher);
    const body: ContributeResult = {
      id: outcome.stored.id,
      contributor: pseudonym,
      created: outcome.created,
      redactions: outcome.redactions,
    };
    return c.json(body, outcome.created ? 201 : 200);
  });

  app.post('/network/sync', async (c) => {
    const publisher = requirePublisher(c);
    const peer = parseParams(PeerIdSchema, c.req.header('x-pollinate-peer') ?? '', 'X-Pollinate-Peer header');
    const message = new Uint8Array(await c.req.arrayBuffer());
    if (message.byteLength === 0) throw new HttpProblem(400, 'E_VALIDATION', 'the sync message is empty');
    const replica = await network();
    let reply: Uint8Array | null;
    try {
      reply = await replica.sync(`${publisher}:${peer}`, message);
    } catch (error) {
      if (isSyncError(error)) {
        throw new HttpProblem(
          400,
          error.code,
          `the sync message was refused (${error.reason}): ${error.message}`,
        );
      }
      throw error;
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
    const erased = await replica.erase(pseudonym);
    const body: ErasureResult = { pseudonym, erased };
    return c.json(body);
  });

  app.get('/contributors/:pseudonym/export', async (c) => {
    const publisher = requirePublisher(c);
    const pseudonym = parseParams(PseudonymSchema, c.req.param('pseudonym'), 'pseudonym');
    const replica = await network();
    await requireOwner(publisher, pseudonym, replica);
    const exported = replica.exportContributor(pseudonym);
    const body: ContributorExport = {
      pseudonym,
      erased: exported.erased,
      contributions: exported.contributions,
    };
    return c.json(body);
  });

  return app;
}
