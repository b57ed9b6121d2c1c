import {
  AdoptionEventListSchema,
  AdoptionRecordSchema,
  AdoptionRequestSchema,
  AttestationKeySchema,
  AttestationListSchema,
  AttestationRecordSchema,
  AttestationSubmissionSchema,
  AuditPageSchema,
  ConsentStatusSchema,
  ContributePatternRequestSchema,
  ContributePatternResultSchema,
  ContributeRequestSchema,
  ContributeResultSchema,
  ContributorIdentitySchema,
  ErasureResultSchema,
  HealthSchema,
  MigrationPatternSearchResultSchema,
  ModeratedReviewSchema,
  ModerationQueueSchema,
  ModerationResultSchema,
  ModerationTrailSchema,
  NetworkPatternsSchema,
  PatternDocumentSchema,
  PatternReputationSchema,
  ProblemSchema,
  PublisherReputationSchema,
  PublishResultSchema,
  PurgeReportSchema,
  RectifyRequestSchema,
  RectifyResultSchema,
  RegistryContributorExportSchema,
  RegistryRecommendationsSchema,
  ReviewListSchema,
  ReviewReplySchema,
  ReviewResultSchema,
  ReviewSubmissionSchema,
  SearchPageSchema,
  StatsSchema,
  VersionDocumentSchema,
  VersionListSchema,
} from '@pollinate/client';
import { ModerationDecisionInputSchema, PatternPackageSchema, ReviewReplyInputSchema } from '@pollinate/core';
import { z } from 'zod';
import { CATALOG_OPERATIONS } from './openapi-catalog.js';

/** One parameter of an operation in the OpenAPI document. */
export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  description: string;
  required?: boolean;
  schema?: Record<string, unknown>;
}

/** One operation of the OpenAPI document: method, path, auth, parameters, bodies. */
export interface Operation {
  method: 'get' | 'put' | 'post' | 'patch' | 'delete';
  path: string;
  summary: string;
  auth: boolean;
  parameters?: Parameter[];
  requestBody?: z.core.$ZodType | 'binary';
  responses: Record<string, { description: string; schema?: z.core.$ZodType | 'binary' }>;
}

const scopeName: Parameter[] = [
  { name: 'scope', in: 'path', required: true, description: 'publisher scope, e.g. `acme`' },
  { name: 'name', in: 'path', required: true, description: 'pattern name, e.g. `retry-with-backoff`' },
];
const query = (name: string, description: string): Parameter => ({ name, in: 'query', description });

const OPERATIONS: Operation[] = [
  {
    method: 'put',
    path: '/patterns/{scope}/{name}/{version}',
    summary: 'Publish a version (immutable; quality gates must pass)',
    auth: true,
    parameters: [
      ...scopeName,
      { name: 'version', in: 'path', required: true, description: 'exact semver' },
      query('tag', 'dist-tag to point at the version (default: `latest` when newer, `next` for prereleases)'),
    ],
    requestBody: PatternPackageSchema,
    responses: {
      '201': { description: 'published', schema: PublishResultSchema },
      '409': { description: 'the version exists' },
      '422': { description: 'quality gates failed (`report` in the problem body)' },
    },
  },
  {
    method: 'get',
    path: '/patterns/{scope}/{name}',
    summary: 'A pattern with all versions and dist-tags',
    auth: false,
    parameters: scopeName,
    responses: { '200': { description: 'the pattern', schema: PatternDocumentSchema } },
  },
  {
    method: 'get',
    path: '/patterns/{scope}/{name}/versions',
    summary: "A pattern's versions",
    auth: false,
    parameters: scopeName,
    responses: { '200': { description: 'the versions', schema: VersionListSchema } },
  },
  {
    method: 'get',
    path: '/patterns/{scope}/{name}/{version}',
    summary: 'One version (exact semver or dist-tag) with its package',
    auth: false,
    parameters: [
      ...scopeName,
      { name: 'version', in: 'path', required: true, description: 'semver or dist-tag' },
    ],
    responses: { '200': { description: 'the version', schema: VersionDocumentSchema } },
  },
  {
    method: 'get',
    path: '/patterns/search',
    summary:
      'Catalog full-text search (q= and filters: a page of hits with facets), or — when sourceCloud, targetCloud or resourceTypes is given — the seed’s migration pattern search over the network (patterns ranked by the similarity matcher, with totalMatches and queryTime in ms)',
    auth: false,
    parameters: [
      query('sourceCloud', 'seed pattern search: source cloud (aws, azure, gcp, on-prem)'),
      query('targetCloud', 'seed pattern search: target cloud (aws, azure, gcp)'),
      query('resourceTypes', 'seed pattern search: comma-separated resource types (EC2,RDS)'),
      query('q', 'search text'),
      query('category', 'category slug'),
      query('tags', 'comma-separated tags (all must match)'),
      query('license', 'SPDX license'),
      query('minRating', 'minimum overall rating, 0–5'),
      query('minAdoptions', 'minimum downloads'),
      query('trustedPublishers', 'comma-separated publisher ids'),
      query('pricing', 'comma-separated pricing models'),
      query('tiers', 'comma-separated excellence tiers (gold, silver, bronze)'),
      query('sort', 'relevance (default), rating, adoption or newest'),
      query('limit', 'page size, 1–100 (default 20); for the seed pattern search 1–50 (default 10)'),
      query('cursor', '`nextCursor` of the previous page'),
    ],
    responses: {
      '200': {
        description: 'a catalog page, or the seed pattern search answer',
        schema: z.union([SearchPageSchema, MigrationPatternSearchResultSchema]),
      },
    },
  },
  {
    method: 'get',
    path: '/recommendations',
    summary: 'Recommendations for a team',
    auth: false,
    parameters: [
      query('team', 'team id (required)'),
      query('stack', 'comma-separated `name@version` of the team stack'),
      query('adopted', 'comma-separated pattern ids already adopted'),
      query('limit', 'items per list, 1–50 (default 10)'),
    ],
    responses: { '200': { description: 'four lists', schema: RegistryRecommendationsSchema } },
  },
  {
    method: 'post',
    path: '/patterns/{scope}/{name}/reviews',
    summary: 'Submit a review (screened on arrival)',
    auth: true,
    parameters: [
      ...scopeName,
      {
        name: 'Idempotency-Key',
        in: 'header',
        description:
          'makes retries safe; becomes the review id. 1–200 printable ASCII characters (400 otherwise)',
        schema: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[!-~]([ -~]*[!-~])?$' },
      },
    ],
    requestBody: ReviewSubmissionSchema,
    responses: {
      '201': { description: 'stored (accepted or flagged)', schema: ReviewResultSchema },
      '200': { description: 'a review with that id was already stored', schema: ReviewResultSchema },
    },
  },
  {
    method: 'get',
    path: '/patterns/{scope}/{name}/reviews',
    summary: 'Reviews of a pattern and its rating summary',
    auth: false,
    parameters: [...scopeName, query('include', '`flagged` to include flagged reviews')],
    responses: { '200': { description: 'reviews', schema: ReviewListSchema } },
  },
  {
    method: 'post',
    path: '/patterns/{scope}/{name}/reviews/{id}/reply',
    summary: "The pattern's publisher replies to a review (once)",
    auth: true,
    parameters: [...scopeName, { name: 'id', in: 'path', required: true, description: 'review id' }],
    requestBody: ReviewReplyInputSchema,
    responses: {
      '201': { description: 'stored', schema: ReviewReplySchema },
      '409': { description: 'the review already has a reply (E_REPLY_EXISTS)' },
    },
  },
  {
    method: 'get',
    path: '/attestation-key',
    summary: "The registry's Ed25519 public key that attestation signatures verify against",
    auth: false,
    responses: { '200': { description: 'the key', schema: AttestationKeySchema } },
  },
  {
    method: 'post',
    path: '/patterns/{scope}/{name}/{version}/attestations',
    summary: 'Record an audit of a published version (auditor tokens); the registry signs it',
    auth: true,
    parameters: [
      ...scopeName,
      { name: 'version', in: 'path', required: true, description: 'exact version' },
      {
        name: 'Idempotency-Key',
        in: 'header',
        description: 'makes retries safe; becomes the attestation id',
      },
    ],
    requestBody: AttestationSubmissionSchema,
    responses: {
      '201': { description: 'recorded and signed', schema: AttestationRecordSchema },
      '200': {
        description: 'an attestation with that id was already recorded',
        schema: AttestationRecordSchema,
      },
    },
  },
  {
    method: 'get',
    path: '/patterns/{scope}/{name}/{version}/attestations',
    summary: "A version's signed attestations and the registry's public key",
    auth: false,
    parameters: [...scopeName, { name: 'version', in: 'path', required: true, description: 'exact version' }],
    responses: { '200': { description: 'attestations', schema: AttestationListSchema } },
  },
  {
    method: 'get',
    path: '/moderation/reviews',
    summary: 'Flagged reviews awaiting a decision, oldest first (moderator tokens)',
    auth: true,
    parameters: [
      query('after', 'queue position to start after (`next` of the previous page)'),
      query('limit', '1–1000 (default 100)'),
    ],
    responses: { '200': { description: 'the queue', schema: ModerationQueueSchema } },
  },
  {
    method: 'get',
    path: '/moderation/reviews/{id}',
    summary: 'A review (any status) and its moderation audit trail (moderator tokens)',
    auth: true,
    parameters: [{ name: 'id', in: 'path', required: true, description: 'review id' }],
    responses: { '200': { description: 'the review and its decisions', schema: ModeratedReviewSchema } },
  },
  {
    method: 'post',
    path: '/moderation/reviews/{id}',
    summary: 'Accept (count) or reject (hide) a review, with a reason (moderator tokens)',
    auth: true,
    parameters: [{ name: 'id', in: 'path', required: true, description: 'review id' }],
    requestBody: ModerationDecisionInputSchema,
    responses: { '200': { description: 'the review after the decision', schema: ModerationResultSchema } },
  },
  {
    method: 'get',
    path: '/moderation/decisions',
    summary: 'The moderation audit trail, oldest first (moderator tokens)',
    auth: true,
    parameters: [
      query('after', 'sequence to start after'),
      query('limit', '1–1000 (default 100)'),
      query('patternId', 'only decisions on reviews of this pattern'),
    ],
    responses: { '200': { description: 'the trail', schema: ModerationTrailSchema } },
  },
  {
    method: 'get',
    path: '/patterns/{scope}/{name}/reputation',
    summary: "A pattern's reputation, certification and ratings",
    auth: false,
    parameters: scopeName,
    responses: { '200': { description: 'reputation', schema: PatternReputationSchema } },
  },
  {
    method: 'get',
    path: '/publishers/{publisher}/reputation',
    summary: "A publisher's dashboard",
    auth: false,
    parameters: [{ name: 'publisher', in: 'path', required: true, description: 'team id' }],
    responses: { '200': { description: 'dashboard', schema: PublisherReputationSchema } },
  },
  {
    method: 'post',
    path: '/adoptions',
    summary: "Record an adoption event for the token's team",
    auth: true,
    requestBody: AdoptionRequestSchema,
    responses: { '201': { description: 'recorded', schema: AdoptionRecordSchema } },
  },
  {
    method: 'get',
    path: '/adoptions',
    summary: 'Adoption events in arrival order',
    auth: false,
    parameters: [query('patternId', 'only this pattern'), query('team', 'only this team')],
    responses: { '200': { description: 'events', schema: AdoptionEventListSchema } },
  },
  {
    method: 'get',
    path: '/stats',
    summary: 'Homepage figures',
    auth: false,
    responses: { '200': { description: 'stats', schema: StatsSchema } },
  },
  {
    method: 'post',
    path: '/patterns/contribute',
    summary:
      'Contribute a migration to the pattern network (consent required; re-anonymized; signed with the publisher’s custodial key): `{contribution, consent}` answers ContributeResult, the seed’s flat ContributePatternRequest answers `{patternId, contributed, message, globalContributions}`',
    auth: true,
    requestBody: z.union([ContributeRequestSchema, ContributePatternRequestSchema]),
    responses: {
      '201': {
        description: 'added',
        schema: z.union([ContributeResultSchema, ContributePatternResultSchema]),
      },
      '200': {
        description: 'already known (idempotent per id)',
        schema: z.union([ContributeResultSchema, ContributePatternResultSchema]),
      },
      '409': { description: 'the publisher’s pseudonym was erased' },
      '422': { description: 'consent missing, or identifying text with "anonymize": false' },
      '503': {
        description:
          'another instance purged the network while this write was stored: nothing was kept; send it again (E_NETWORK_RELOADED, `Retry-After`)',
      },
    },
  },
  {
    method: 'post',
    path: '/network/sync',
    summary: 'Exchange one Automerge sync message; per-peer sync state by X-Pollinate-Peer',
    auth: true,
    parameters: [
      { name: 'X-Pollinate-Peer', in: 'header', required: true, description: 'stable peer id' },
      {
        name: 'X-Pollinate-Shard',
        in: 'header',
        required: false,
        description:
          'the shard (0 … shards − 1) the message is for; required when the network has more than one shard (the answer names the count in X-Pollinate-Shards)',
      },
      {
        name: 'X-Pollinate-Wait',
        in: 'header',
        required: false,
        description:
          'milliseconds (0 … 30000) to hold a message that shows the peer is up to date until the shard changes (long poll); use it on the first message of a session',
      },
    ],
    requestBody: 'binary',
    responses: {
      '200': { description: "the registry's reply message", schema: 'binary' },
      '204': { description: 'in sync: nothing to send' },
      '400': {
        description:
          'message refused, nothing applied: malformed, another network or epoch, or a change that is unsigned, forged (E_SYNC, reason forged), deletes or rewrites a record it may not (not-permitted), or writes outside records and tombstones (invalid-change); no or an unknown shard on a sharded network (E_SHARD_REQUIRED)',
      },
      '422': { description: 'a record carries text the anonymizer would redact (E_UNSCRUBBED_RECORD)' },
      '503': {
        description:
          'another instance purged the network while this write was stored: nothing was kept; send it again (E_NETWORK_RELOADED, `Retry-After`)',
      },
    },
  },
  {
    method: 'get',
    path: '/network/patterns',
    summary: "The network's aggregated migration patterns",
    auth: false,
    parameters: [
      query(
        'minContributors',
        "hide patterns with fewer distinct contributors (default and least: the registry's threshold, 3 unless configured)",
      ),
    ],
    responses: { '200': { description: 'patterns', schema: NetworkPatternsSchema } },
  },
  {
    method: 'delete',
    path: '/contributors/{pseudonym}',
    summary: "Erase a contributor's data (by the publisher that contributed it)",
    auth: true,
    parameters: [{ name: 'pseudonym', in: 'path', required: true, description: 'contributor pseudonym' }],
    responses: {
      '200': { description: 'erased', schema: ErasureResultSchema },
      '503': {
        description:
          'another instance purged the network while this write was stored: nothing was kept; send it again (E_NETWORK_RELOADED, `Retry-After`)',
      },
    },
  },
  {
    method: 'get',
    path: '/contributors/{pseudonym}/export',
    summary: "Export a contributor's data (by the publisher that contributed it)",
    auth: true,
    parameters: [{ name: 'pseudonym', in: 'path', required: true, description: 'contributor pseudonym' }],
    responses: {
      '200': {
        description:
          'every surviving contribution, the consent history and the erasure status (GDPR Art. 15, 20)',
        schema: RegistryContributorExportSchema,
      },
    },
  },
  {
    method: 'get',
    path: '/contributors/me',
    summary: 'The pseudonym the token’s publisher contributes under',
    auth: true,
    responses: { '200': { description: 'pseudonym and publisher', schema: ContributorIdentitySchema } },
  },
  {
    method: 'get',
    path: '/contributors/{pseudonym}/consent',
    summary: 'The consent in force for a pseudonym and its history (its owner only)',
    auth: true,
    parameters: [{ name: 'pseudonym', in: 'path', required: true, description: 'contributor pseudonym' }],
    responses: { '200': { description: 'consent status', schema: ConsentStatusSchema } },
  },
  {
    method: 'put',
    path: '/contributors/{pseudonym}/consent',
    summary: 'Opt in to sharing migration records with the pattern network (scope pattern-network)',
    auth: true,
    parameters: [{ name: 'pseudonym', in: 'path', required: true, description: 'contributor pseudonym' }],
    requestBody: z.strictObject({ scope: z.literal('pattern-network').optional() }),
    responses: {
      '200': { description: 'consent status', schema: ConsentStatusSchema },
      '409': { description: 'the pseudonym was erased (E_CONTRIBUTOR_ERASED)' },
    },
  },
  {
    method: 'delete',
    path: '/contributors/{pseudonym}/consent',
    summary:
      'Withdraw consent (objection): further contributions are refused (403 E_CONSENT_WITHDRAWN) and existing ones erased at once',
    auth: true,
    parameters: [{ name: 'pseudonym', in: 'path', required: true, description: 'contributor pseudonym' }],
    responses: {
      '200': { description: 'consent status, contributions erased, purge time', schema: ConsentStatusSchema },
    },
  },
  {
    method: 'put',
    path: '/contributors/{pseudonym}/contributions/{id}',
    summary: 'Rectify one of your contributions (re-anonymized, re-signed; aggregates follow exactly)',
    auth: true,
    parameters: [
      { name: 'pseudonym', in: 'path', required: true, description: 'contributor pseudonym' },
      { name: 'id', in: 'path', required: true, description: 'contribution id' },
    ],
    requestBody: RectifyRequestSchema,
    responses: {
      '200': { description: 'rectified (or already equal)', schema: RectifyResultSchema },
      '404': { description: 'no contribution with this id for the pseudonym' },
      '409': { description: 'the pseudonym was erased' },
      '503': {
        description:
          'another instance purged the network while this write was stored: nothing was kept; send it again (E_NETWORK_RELOADED, `Retry-After`)',
      },
    },
  },
  {
    method: 'get',
    path: '/audit',
    summary:
      'The audit log: consent, contribution, erasure, purge, export and rectification events (operators)',
    auth: true,
    parameters: [
      query('after', 'events after this sequence number (paging)'),
      query('limit', 'events per page, 1–1000 (default 100)'),
      query('type', 'only events of this type'),
      query('pseudonym', 'only events about this pseudonym'),
    ],
    responses: { '200': { description: 'one page, oldest first', schema: AuditPageSchema } },
  },
  {
    method: 'post',
    path: '/purge',
    summary:
      'Purge erased data from the stored bytes now: new network epoch, database files scrubbed (operators)',
    auth: true,
    responses: { '200': { description: 'what the purge did', schema: PurgeReportSchema } },
  },
  ...CATALOG_OPERATIONS,
];

function jsonSchema(schema: z.core.$ZodType, io: 'input' | 'output'): Record<string, unknown> {
  return z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'openapi-3.0' }) as Record<
    string,
    unknown
  >;
}

function content(schema: z.core.$ZodType | 'binary', io: 'input' | 'output', mediaType = 'application/json') {
  return schema === 'binary'
    ? { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } }
    : { [mediaType]: { schema: jsonSchema(schema, io) } };
}

let cached: Record<string, unknown> | undefined;

/**
 * The registry's OpenAPI 3.0 document, generated from the zod schemas of the wire
 * contract (`z.toJSONSchema`, request bodies as input shapes, responses as output shapes).
 * Served at `GET /api/v1/openapi.json`.
 *
 * @returns the OpenAPI document (built once, then reused)
 * @example
 * ```ts
 * const doc = buildOpenApiDocument();
 * console.log(Object.keys(doc.paths as object));
 * ```
 */
export function buildOpenApiDocument(): Record<string, unknown> {
  if (cached) return cached;
  const problem = content(ProblemSchema, 'output', 'application/problem+json');
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of OPERATIONS) {
    const responses: Record<string, unknown> = {};
    for (const [status, response] of Object.entries(operation.responses)) {
      responses[status] = response.schema
        ? { description: response.description, content: content(response.schema, 'output') }
        : { description: response.description, content: problem };
    }
    responses['400'] ??= {
      description:
        operation.requestBody && operation.requestBody !== 'binary'
          ? 'invalid request (issues with paths), a body that is not JSON (`E_BAD_JSON`) or nests deeper than the limit (`E_JSON_TOO_DEEP`, default 400 levels)'
          : 'invalid request (issues with paths)',
      content: problem,
    };
    responses['401'] = {
      description: operation.auth
        ? 'no or unknown bearer token'
        : 'an unknown bearer token (reads need none)',
      content: problem,
    };
    if (operation.auth) responses['403'] = { description: 'the token may not do this', content: problem };
    if (operation.requestBody) {
      responses['413'] = {
        description: 'the body is larger than the body limit (default 8 MiB)',
        content: problem,
      };
    }
    if (operation.requestBody && operation.requestBody !== 'binary') {
      responses['415'] = {
        description:
          'the body is not declared as JSON (`Content-Type: application/json` or `application/*+json`, UTF-8)',
        content: problem,
      };
    }
    responses['429'] = {
      description:
        'rate limited (`Retry-After`, seconds): per token, per client address without a token, or per client address after failed authentications',
      content: problem,
    };
    const pathItem = paths[`/api/v1${operation.path}`] ?? {};
    paths[`/api/v1${operation.path}`] = pathItem;
    pathItem[operation.method] = {
      summary: operation.summary,
      ...(operation.auth ? { security: [{ bearer: [] }] } : {}),
      parameters: (operation.parameters ?? []).map((p) => ({
        name: p.name,
        in: p.in,
        description: p.description,
        required: p.required ?? false,
        schema: p.schema ?? { type: 'string' },
      })),
      ...(operation.requestBody
        ? { requestBody: { required: true, content: content(operation.requestBody, 'input') } }
        : {}),
      responses,
    };
  }
  paths['/healthz'] = {
    get: {
      summary: 'Liveness',
      responses: { '200': { description: 'ok', content: content(HealthSchema, 'output') } },
    },
  };
  cached = {
    openapi: '3.0.3',
    info: {
      title: 'Pollinate registry',
      version: '1.0.0',
      description: 'The reference Pollinate pattern registry. Errors are RFC 9457 problem details.',
    },
    servers: [{ url: '/' }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    paths,
  };
  return cached;
}
