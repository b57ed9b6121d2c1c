import {
  AdoptionEventSchema,
  AdoptionEventTypeSchema,
  ContributionSchema,
  FingerprintSchema,
  fingerprint,
  IsoDateTimeSchema,
  ListingSchema,
  MigrationStepSchema,
  MigrationStrategySchema,
  PatternIdSchema,
  type PatternPackage,
  PatternPackageSchema,
  PricingModelSchema,
  ResourceTypeSchema,
  ReviewSchema,
  SecurityFindingSchema,
  SemverSchema,
  SourceCloudSchema,
  TargetCloudSchema,
  TeamIdSchema,
} from '@pollinate/core';
import * as z from 'zod/mini';

// Wire types that differ in shape from a library type of the same meaning carry the
// `Registry` prefix; the client README ("Wire types and the libraries' types") maps their
// fields to the library's, in one place.

/*
 * The registry's HTTP contract: every request body and response body of `/api/v1` as a
 * zod schema. The client parses responses with them; the reference server validates
 * requests with them and generates its OpenAPI document from them. Parts computed by
 * other packages (rankings, reputation, stats) are loose objects: their known fields are
 * checked and new fields pass through.
 */

/** One problem with a request field: where (path from the body root) and what is wrong. */
export const ProblemIssueSchema = z.object({
  path: z.array(z.union([z.string(), z.number()])),
  message: z.string(),
});
/** A problem issue. */
export type ProblemIssue = z.infer<typeof ProblemIssueSchema>;

/**
 * An RFC 9457 problem details body (`application/problem+json`), with Pollinate's
 * extension members: `code` (stable, e.g. `E_NOT_FOUND`), `issues` for validation
 * failures and `retryAfterSeconds` for rate limiting.
 *
 * @example
 * ```ts
 * const response = await fetch(`${baseUrl}/api/v1/patterns/acme/circuit-breaker/9.9.9`);
 * const problem = ProblemSchema.parse(await response.json());
 * if (problem.code === 'E_VERSION_EXISTS') console.log(problem.detail);
 * ```
 */
export const ProblemSchema = z.looseObject({
  type: z._default(z.string(), 'about:blank'),
  title: z.string(),
  status: z.number().check(z.int(), z.gte(100), z.lte(599)),
  detail: z.optional(z.string()),
  instance: z.optional(z.string()),
  code: z.optional(z.string()),
  issues: z.optional(z.array(ProblemIssueSchema)),
  retryAfterSeconds: z.optional(z.number().check(z.gte(0))),
});
/** A problem details body. */
export type Problem = z.infer<typeof ProblemSchema>;

/** A version as a pattern's version list shows it. */
export const VersionSummarySchema = z.object({
  version: SemverSchema,
  fingerprint: FingerprintSchema,
  publishedAt: IsoDateTimeSchema,
});
/** A version summary. */
export type VersionSummary = z.infer<typeof VersionSummarySchema>;

/** A dist-tag name such as `latest` or `next`: lowercase letters, digits, `-`, `.`, `_`; not a semver. */
export const DistTagSchema = z
  .string()
  .check(
    z.minLength(1),
    z.maxLength(64),
    z.regex(
      /^[a-z][a-z0-9._-]*$/,
      'a dist-tag is lowercase letters, digits, ".", "_" or "-", starting with a letter',
    ),
  );

/**
 * `GET /api/v1/patterns/{scope}/{name}`: a pattern with all its versions, dist-tags and its latest listing
 * (`latest`), whose `rating` and `adoption` are the registry's current figures for the pattern
 * (accepted reviews, adoption counters), not the values the publisher's package carried.
 *
 * @example
 * ```ts
 * const pattern = PatternDocumentSchema.parse(await (await fetch(`${baseUrl}/api/v1/patterns/acme/circuit-breaker`)).json());
 * console.log(pattern.distTags.latest, pattern.versions.length);
 * ```
 */
export const PatternDocumentSchema = z.object({
  id: PatternIdSchema,
  publisher: TeamIdSchema,
  distTags: z.record(DistTagSchema, SemverSchema),
  versions: z.array(VersionSummarySchema),
  latest: z.optional(ListingSchema),
});
/** A pattern document. */
export type PatternDocument = z.infer<typeof PatternDocumentSchema>;

/** `GET /api/v1/patterns/{scope}/{name}/versions`. */
export const VersionListSchema = z.object({ id: PatternIdSchema, versions: z.array(VersionSummarySchema) });
/** A version list. */
export type VersionList = z.infer<typeof VersionListSchema>;

/** `GET /api/v1/patterns/{scope}/{name}/{version}`: one version with its whole package. */
export const VersionDocumentSchema = z.object({
  id: PatternIdSchema,
  version: SemverSchema,
  fingerprint: FingerprintSchema,
  publishedAt: IsoDateTimeSchema,
  package: PatternPackageSchema,
});
/** A version document. */
export type VersionDocument = z.infer<typeof VersionDocumentSchema>;

/** One quality gate's outcome in a publish report (core's `RegistryGateResult`). */
export const RegistryGateResultSchema = z.object({
  id: z.string(),
  passed: z.boolean(),
  severity: z.enum(['error', 'warning']),
  message: z.string(),
  findings: z.optional(z.array(SecurityFindingSchema)),
});
/** A gate result. */
export type RegistryGateResult = z.infer<typeof RegistryGateResultSchema>;

/** The quality-gate report of a publish (core's `checkPublishable`), as the registry returns it. */
export const RegistryPublishReportSchema = z.object({
  publishable: z.boolean(),
  /** Quality score, 0–100. */
  score: z.number().check(z.gte(0), z.lte(100)),
  gates: z.array(RegistryGateResultSchema),
});
/** A publish report. */
export type RegistryPublishReport = z.infer<typeof RegistryPublishReportSchema>;

/**
 * `PUT /api/v1/patterns/{scope}/{name}/{version}` → 201: what the registry stored.
 *
 * @example
 * ```ts
 * const response = await fetch(`${baseUrl}/api/v1/patterns/acme/retry-with-backoff/1.2.0`, {
 *   method: 'PUT',
 *   headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
 *   body: JSON.stringify(pkg),
 * });
 * const result = PublishResultSchema.parse(await response.json());
 * console.log(result.fingerprint, result.report.score);
 * ```
 */
export const PublishResultSchema = z.object({
  id: PatternIdSchema,
  version: SemverSchema,
  fingerprint: FingerprintSchema,
  publishedAt: IsoDateTimeSchema,
  /** The dist-tag now pointing at this version; absent when none moved (a release older than `latest`). */
  distTag: z.optional(DistTagSchema),
  report: RegistryPublishReportSchema,
});
/** A publish result. */
export type PublishResult = z.infer<typeof PublishResultSchema>;

/**
 * `GET /api/v1/patterns/search` query. Lists (`tags`, `trustedPublishers`, `pricing`,
 * `tiers`) are comma-separated in the URL. `limit` is 1–100 (default 20); `cursor` is the
 * opaque `nextCursor` of the previous page of the same query. `sort` is `relevance`
 * (default), `rating`, `adoption` or `newest`.
 *
 * @example
 * ```ts
 * const query = RegistrySearchQuerySchema.parse({ q: 'retry', tags: ['resilience'], limit: 10 }); // sort 'relevance' filled in
 * ```
 */
export const RegistrySearchQuerySchema = z.strictObject({
  q: z._default(z.string().check(z.maxLength(500)), ''),
  category: z.optional(z.string().check(z.maxLength(64))),
  tags: z.optional(z.array(z.string().check(z.maxLength(64))).check(z.maxLength(20))),
  license: z.optional(z.string().check(z.maxLength(200))),
  minRating: z.optional(z.number().check(z.gte(0), z.lte(5))),
  minAdoptions: z.optional(z.number().check(z.int(), z.gte(0))),
  trustedPublishers: z.optional(z.array(TeamIdSchema).check(z.maxLength(100))),
  pricing: z.optional(z.array(PricingModelSchema).check(z.maxLength(4))),
  tiers: z.optional(z.array(z.enum(['gold', 'silver', 'bronze'])).check(z.maxLength(3))),
  sort: z._default(z.enum(['relevance', 'rating', 'adoption', 'newest']), 'relevance'),
  limit: z._default(z.number().check(z.int(), z.gte(1), z.lte(100)), 20),
  cursor: z.optional(z.string().check(z.maxLength(2000))),
});
/** A search query (what callers pass). */
export type RegistrySearchQuery = z.input<typeof RegistrySearchQuerySchema>;

/** One search hit: the listing and its relevance score (higher is better). */
export const RegistrySearchHitSchema = z.looseObject({
  id: PatternIdSchema,
  score: z.number(),
  listing: ListingSchema,
});
/** A search hit. */
export type RegistrySearchHit = z.infer<typeof RegistrySearchHitSchema>;

/** One facet value and how many matches carry it (disjunctive: counted with every filter but the facet's own). */
export const RegistryFacetCountSchema = z.object({
  value: z.string(),
  count: z.number().check(z.int(), z.gte(0)),
});
/** A facet count. */
export type RegistryFacetCount = z.infer<typeof RegistryFacetCountSchema>;

/**
 * One page of search results, facet counts over every match (`category`, `tags`,
 * `license`, `tier`, `pricing`) and the cursor of the next page (`null` on the last).
 *
 * @example
 * ```ts
 * const page = SearchPageSchema.parse(await (await fetch(`${baseUrl}/api/v1/patterns/search?q=retry`)).json());
 * const categories = page.facets.category?.map((facet) => `${facet.value} (${facet.count})`);
 * ```
 */
export const SearchPageSchema = z.object({
  hits: z.array(RegistrySearchHitSchema),
  total: z.number().check(z.int(), z.gte(0)),
  facets: z.record(z.string(), z.array(RegistryFacetCountSchema)),
  nextCursor: z.nullable(z.string()),
});
/** A search page. */
export type SearchPage = z.infer<typeof SearchPageSchema>;

/**
 * `GET /api/v1/recommendations` query: the team to recommend for, its tech stack as
 * `name@version` pairs (comma-separated in the URL), patterns it already adopted (added
 * to what its install events say) and its current challenges in words (one `challenge`
 * parameter each). `limit` per list, 1–50, default 10.
 */
export const RecommendationQuerySchema = z.strictObject({
  team: TeamIdSchema,
  stack: z.optional(z.array(z.string().check(z.maxLength(300))).check(z.maxLength(100))),
  adopted: z.optional(z.array(PatternIdSchema).check(z.maxLength(1000))),
  challenges: z.optional(z.array(z.string().check(z.minLength(1), z.maxLength(1000))).check(z.maxLength(50))),
  limit: z._default(z.number().check(z.int(), z.gte(1), z.lte(50)), 10),
});
/** A recommendation query. */
export type RecommendationQuery = z.input<typeof RecommendationQuerySchema>;

/** One recommended pattern with why. */
export const RegistryRecommendationSchema = z.looseObject({
  id: PatternIdSchema,
  score: z.number(),
  reasons: z.array(z.string()),
  listing: ListingSchema,
});
/** A recommendation. */
export type RegistryRecommendation = z.infer<typeof RegistryRecommendationSchema>;

/** The four recommendation lists of the search package's `recommend`. */
export const RegistryRecommendationsSchema = z.object({
  team: TeamIdSchema,
  personalized: z.array(RegistryRecommendationSchema),
  peerEndorsed: z.array(RegistryRecommendationSchema),
  problemSolvers: z.array(RegistryRecommendationSchema),
  gapFillers: z.array(RegistryRecommendationSchema),
});
/** RegistryRecommendations. */
export type RegistryRecommendations = z.infer<typeof RegistryRecommendationsSchema>;

/**
 * `POST /api/v1/patterns/{scope}/{name}/reviews` body. The registry fills in the
 * reviewer (the token's publisher), `patternId`, `createdAt` and `verifiedAdoption`.
 * `id` defaults to the `Idempotency-Key` header, else a random UUID.
 *
 * @example
 * ```ts
 * const submission = ReviewSubmissionSchema.parse({ rating: 5, title: 'Solid', wouldRecommend: true });
 * ```
 */
export const ReviewSubmissionSchema = z.strictObject({
  id: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  version: z.optional(SemverSchema),
  rating: z.number().check(z.int(), z.gte(1), z.lte(5)),
  aspects: ReviewSchema.shape.aspects,
  title: z.optional(z.string().check(z.maxLength(200))),
  body: z.optional(z.string().check(z.maxLength(20_000))),
  wouldRecommend: z.optional(z.boolean()),
  pros: ReviewSchema.shape.pros,
  cons: ReviewSchema.shape.cons,
  useCase: ReviewSchema.shape.useCase,
  performanceImpact: ReviewSchema.shape.performanceImpact,
  integrationEffort: ReviewSchema.shape.integrationEffort,
});
/** A review submission. */
export type ReviewSubmission = z.infer<typeof ReviewSubmissionSchema>;

/**
 * Where a review stands: `accepted` (counted), `flagged` (held back by screening, waiting
 * for a moderator) or `rejected` (hidden by a moderator).
 */
export const ReviewStatusSchema = z.enum(['accepted', 'flagged', 'rejected']);

/** A publisher's reply to a review (one per review). */
export const ReviewReplySchema = z.object({
  reviewId: z.string().check(z.minLength(1), z.maxLength(200)),
  patternId: PatternIdSchema,
  publisher: TeamIdSchema,
  body: z.string().check(z.minLength(1), z.maxLength(5000)),
  createdAt: IsoDateTimeSchema,
});
/** A review reply. */
export type ReviewReply = z.infer<typeof ReviewReplySchema>;

/** A review as stored: the review, the screening verdict and its reasons, and the publisher's reply when there is one. */
export const ReviewResultSchema = z.object({
  review: ReviewSchema,
  status: ReviewStatusSchema,
  reasons: z.array(z.string()),
  reply: z.optional(ReviewReplySchema),
});
/** A review result. */
export type ReviewResult = z.infer<typeof ReviewResultSchema>;

/** The rating summary of the reputation package's `aggregateRatings`. */
export const RatingSummarySchema = z.looseObject({
  count: z.number().check(z.int(), z.gte(0)),
  mean: z.optional(z.nullable(z.number())),
  bayesianMean: z.optional(z.nullable(z.number())),
  lowerBound: z.optional(z.nullable(z.number())),
});
/** A rating summary. */
export type RatingSummary = z.infer<typeof RatingSummarySchema>;

/**
 * The structured parts of a pattern's accepted reviews (the reputation package's
 * `aggregateReviewStructure`): top pros and cons, integration effort with its median,
 * performance impact counts.
 */
export const ReviewStructureSummarySchema = z.looseObject({
  reviews: z.number().check(z.int(), z.gte(0)),
  structured: z.number().check(z.int(), z.gte(0)),
  topPros: z.array(z.object({ text: z.string(), count: z.number().check(z.int(), z.gte(1)) })),
  topCons: z.array(z.object({ text: z.string(), count: z.number().check(z.int(), z.gte(1)) })),
  integrationEffort: z.looseObject({
    median: z.nullable(z.enum(['hours', 'days', 'weeks', 'months'])),
    answered: z.number().check(z.int(), z.gte(0)),
    distribution: z.record(z.string(), z.number().check(z.int(), z.gte(0))),
  }),
  performanceImpact: z.record(z.string(), z.number().check(z.int(), z.gte(0))),
  useCases: z.number().check(z.int(), z.gte(0)),
});
/** A review structure summary. */
export type ReviewStructureSummary = z.infer<typeof ReviewStructureSummarySchema>;

/**
 * `GET /api/v1/patterns/{scope}/{name}/reviews`: accepted reviews (flagged ones too with
 * `?include=flagged`), the rating summary and the structured summary of the accepted ones.
 */
export const ReviewListSchema = z.object({
  id: PatternIdSchema,
  reviews: z.array(ReviewResultSchema),
  ratings: RatingSummarySchema,
  structure: z.optional(ReviewStructureSummarySchema),
});
/** A review list. */
export type ReviewList = z.infer<typeof ReviewListSchema>;

/** `GET /api/v1/patterns/{scope}/{name}/reputation`: score (0–100), trust level, badges, certification and ratings. */
export const PatternReputationSchema = z.object({
  id: PatternIdSchema,
  reputation: z.looseObject({
    overall: z.number().check(z.gte(0), z.lte(100)),
    trustLevel: z.string(),
    badges: z.array(z.unknown()),
    /** Given signals that rest on the publisher's word (earning no badge). */
    selfAsserted: z.optional(z.array(z.string())),
    /** Badges whose rule is met only on self-asserted evidence (not awarded). */
    unverifiedBadges: z.optional(z.array(z.string())),
  }),
  certification: z.looseObject({
    level: z.nullable(z.enum(['gold', 'silver', 'bronze'])),
    missing: z.array(z.string()),
    /** Requirements shown only on the publisher's word. */
    selfAsserted: z.optional(z.array(z.string())),
    /** Requirements of the next level that are shown but need the registry or an auditor. */
    needsVerification: z.optional(z.array(z.string())),
    /** Each shown requirement's source: `self`, `registry` or `auditor`. */
    sources: z.optional(z.record(z.string(), z.enum(['self', 'registry', 'auditor']))),
  }),
  ratings: RatingSummarySchema,
  /** The structured parts of the accepted reviews (top pros and cons, median integration effort). */
  reviewStructure: z.optional(ReviewStructureSummarySchema),
  /** How many auditor attestations of the latest version the registry holds (and verified with its key). */
  attestations: z.optional(z.number().check(z.int(), z.gte(0))),
});
/** A pattern reputation. */
export type PatternReputation = z.infer<typeof PatternReputationSchema>;

/** `GET /api/v1/publishers/{id}/reputation`: the reputation package's publisher dashboard. */
export const PublisherReputationSchema = z.object({
  publisher: TeamIdSchema,
  dashboard: z.looseObject({}),
});
/** A publisher reputation. */
export type PublisherReputation = z.infer<typeof PublisherReputationSchema>;

/** `POST /api/v1/adoptions` body; the team is the token's publisher and the time is the registry's clock. */
export const AdoptionRequestSchema = z.strictObject({
  type: AdoptionEventTypeSchema,
  patternId: PatternIdSchema,
  version: z.optional(SemverSchema),
});
/** An adoption request. */
export type AdoptionRequest = z.infer<typeof AdoptionRequestSchema>;

/** `POST /api/v1/adoptions` → 201: the event as recorded. */
export const AdoptionRecordSchema = AdoptionEventSchema;

/** `GET /api/v1/adoptions?patternId=&team=`: adoption events in arrival order. */
export const AdoptionEventListSchema = z.object({ events: z.array(AdoptionEventSchema) });
/** An adoption event list. */
export type AdoptionEventList = z.infer<typeof AdoptionEventListSchema>;

/** One trending pattern: time-decayed adoption score and the events counted. */
export const RegistryTrendingItemSchema = z.looseObject({
  id: PatternIdSchema,
  name: z.string(),
  score: z.number(),
  installs: z.number().check(z.int(), z.gte(0)),
  downloads: z.number().check(z.int(), z.gte(0)),
  uninstalls: z.number().check(z.int(), z.gte(0)),
});
/** A trending item. */
export type RegistryTrendingItem = z.infer<typeof RegistryTrendingItemSchema>;

/** `GET /api/v1/stats`: homepage figures — counts, the search package's marketplace stats and trending patterns. */
export const StatsSchema = z.object({
  patterns: z.number().check(z.int(), z.gte(0)),
  versions: z.number().check(z.int(), z.gte(0)),
  reviews: z.number().check(z.int(), z.gte(0)),
  adoptionEvents: z.number().check(z.int(), z.gte(0)),
  contributions: z.number().check(z.int(), z.gte(0)),
  networkPatterns: z.number().check(z.int(), z.gte(0)),
  marketplace: z.looseObject({
    totalPatterns: z.number().check(z.int(), z.gte(0)),
    totalPublishers: z.number().check(z.int(), z.gte(0)),
    averageRating: z.nullable(z.number()),
  }),
  trending: z.array(RegistryTrendingItemSchema),
});
/** Stats. */
export type Stats = z.infer<typeof StatsSchema>;

/**
 * `POST /api/v1/patterns/contribute` body: one contribution and the contributor's opt-in.
 * The registry anonymizes free text again on arrival and refuses without `consent: true`.
 *
 * @example
 * ```ts
 * const body = ContributeRequestSchema.parse({ contribution, consent: true });
 * ```
 */
export const ContributeRequestSchema = z.strictObject({
  contribution: ContributionSchema,
  consent: z.boolean(),
});
/** A contribute request. */
export type ContributeRequest = z.infer<typeof ContributeRequestSchema>;

/** `POST /api/v1/patterns/contribute` → 201 (new) or 200 (already known): the contribution as stored and how many redactions re-anonymization made. */
export const ContributeResultSchema = z.object({
  id: z.string(),
  contributor: z.string(),
  created: z.boolean(),
  redactions: z.number().check(z.int(), z.gte(0)),
});
/** A contribute result. */
export type ContributeResult = z.infer<typeof ContributeResultSchema>;

/**
 * `DELETE /api/v1/contributors/{pseudonym}`: how many contributions were erased, and when
 * the scheduled purge removes them from the registry's stored bytes at the latest.
 */
export const ErasureResultSchema = z.object({
  pseudonym: z.string(),
  erased: z.number().check(z.int(), z.gte(0)),
  /** Latest time of the purge (ISO 8601); the erasure counts everywhere at once. */
  purgeAfter: z.optional(z.string()),
});
/** An erasure result. */
export type ErasureResult = z.infer<typeof ErasureResultSchema>;

/** `GET /api/v1/contributors/{pseudonym}/export`: every surviving contribution of a pseudonym (GDPR Art. 15/20). */
export const RegistryContributorExportSchema = z.object({
  pseudonym: z.string(),
  /** Whether the pseudonym has been erased (its records no longer count). */
  erased: z.boolean(),
  /** The erasure request, when there is one: when it took effect, when the purge is due, when it ran. */
  erasure: z.optional(
    z.nullable(
      z.object({ requestedAt: z.string(), purgeAfter: z.string(), purgedAt: z.optional(z.string()) }),
    ),
  ),
  /** Every consent decision recorded for the pseudonym, oldest first. */
  consent: z.optional(z.array(z.lazy(() => ConsentRecordSchema))),
  contributions: z.array(ContributionSchema),
});
/** A contributor export. */
export type RegistryContributorExport = z.infer<typeof RegistryContributorExportSchema>;

/** `GET /api/v1/network/patterns`: the network's aggregated migration patterns. */
export const NetworkPatternsSchema = z.object({
  patterns: z.array(
    z.looseObject({
      key: z.string(),
      executions: z.number().check(z.int(), z.gte(0)),
      successes: z.number().check(z.int(), z.gte(0)),
      successRate: z.number().check(z.gte(0), z.lte(1)),
      contributors: z.number().check(z.int(), z.gte(0)),
    }),
  ),
});
/** Network patterns. */
export type NetworkPatterns = z.infer<typeof NetworkPatternsSchema>;

/** `GET /healthz`. */
export const HealthSchema = z.object({ status: z.literal('ok') });

/**
 * The content fingerprint the registry stores for a package: core's `fingerprint`
 * (SHA-256 of the RFC 8785 canonical JSON, SRI form) of the package with
 * `listing.fingerprint` left out, so the digest does not depend on itself.
 *
 * @param pkg - a parsed package (defaults filled in)
 * @returns `sha256-<base64>`
 * @example
 * ```ts
 * const { package: pkg, fingerprint: stored } = await client.getVersion('acme/circuit-breaker', '1.3.0');
 * console.log(fingerprintPackage(pkg) === stored); // true
 * ```
 */
export function fingerprintPackage(pkg: PatternPackage): string {
  const { fingerprint: _omitted, ...listing } = pkg.listing;
  return fingerprint({ ...pkg, listing });
}

/**
 * `POST /api/v1/patterns/contribute` in the seed's flat shape (the network design's
 * `ContributePatternRequest`): one migration as the deployment saw it. The registry
 * anonymizes it (unless `anonymize` is `false`, when text the anonymizer would redact is
 * refused instead), keys its id with the publisher's pseudonym, signs it with the
 * publisher's custodial key and adds it to the network. `successRate` is the share of the
 * migration that succeeded (0–1); the record counts as a success when it is at least 0.5.
 * A step is a step object or just its action (duration 0 s, succeeded).
 */
export const ContributePatternRequestSchema = z.strictObject({
  migrationId: z.string().check(z.minLength(1), z.maxLength(200)),
  sourceCloud: SourceCloudSchema,
  targetCloud: TargetCloudSchema,
  resourceTypes: z.array(ResourceTypeSchema).check(z.minLength(1), z.maxLength(100)),
  strategy: MigrationStrategySchema,
  steps: z
    .array(z.union([MigrationStepSchema, z.string().check(z.minLength(1), z.maxLength(200))]))
    .check(z.maxLength(500)),
  successRate: z.number().check(z.gte(0), z.lte(1)),
  durationHours: z.number().check(z.gte(0), z.lte(1e6)),
  costSavingsPercent: z.number().check(z.gte(-1000), z.lte(100)),
  /** Anonymize the free text before sharing. @default true */
  anonymize: z._default(z.boolean(), true),
  /** Explicit opt-in consent; anything but `true` is refused with 422. */
  consent: z.boolean(),
});
/** A seed-shaped contribute request. */
export type ContributePatternRequest = z.input<typeof ContributePatternRequestSchema>;

/** The seed's answer to a flat contribute request. */
export const ContributePatternResultSchema = z.object({
  /** The pattern the migration counts towards (`source:target:strategy:types`). */
  patternId: z.string(),
  /** `true` when the record was new; `false` when this migration was already contributed. */
  contributed: z.boolean(),
  /** A human-readable summary. */
  message: z.string(),
  /** Contributions the network counts after this one. */
  globalContributions: z.number().check(z.int(), z.gte(0)),
});
/** The seed's contribute answer. */
export type ContributePatternResult = z.infer<typeof ContributePatternResultSchema>;

/** `GET /api/v1/patterns/search?sourceCloud=&targetCloud=&resourceTypes=&limit=`: the seed's pattern search. */
export const MigrationPatternQuerySchema = z.strictObject({
  sourceCloud: SourceCloudSchema,
  targetCloud: TargetCloudSchema,
  /** Comma-separated in the query string. */
  resourceTypes: z.array(ResourceTypeSchema).check(z.minLength(1), z.maxLength(100)),
  /** Most patterns returned, 1–50. @default 10 */
  limit: z._default(z.number().check(z.int(), z.gte(1), z.lte(50)), 10),
});
/** A seed pattern query. */
export type MigrationPatternQuery = z.input<typeof MigrationPatternQuerySchema>;

/** One pattern the seed's search returns. */
export const MigrationPatternMatchSchema = z.object({
  patternId: z.string(),
  /** Resource-type similarity to the query, 0–1 (0.7·cosine + 0.3·exact share). */
  similarity: z.number(),
  /** Share of successful migrations, 0–1. */
  successRate: z.number(),
  /** Mean duration, hours. */
  avgDuration: z.number(),
  /** Mean cost savings, percent. */
  costSavings: z.number(),
  /** Distinct contributing deployments. */
  contributors: z.number().check(z.int()),
  /** Step actions in their usual order. */
  steps: z.array(z.string()),
  /** Advice drawn from the aggregates (steps that often fail, low success, few contributors). */
  recommendations: z.array(z.string()),
});
/** A seed pattern match. */
export type MigrationPatternMatch = z.infer<typeof MigrationPatternMatchSchema>;

/** The seed's search answer. */
export const MigrationPatternSearchResultSchema = z.object({
  patterns: z.array(MigrationPatternMatchSchema),
  /** Patterns that matched before `limit`. */
  totalMatches: z.number().check(z.int(), z.gte(0)),
  /** Time the registry spent answering, milliseconds. */
  queryTime: z.number().check(z.gte(0)),
});
/** The seed's search answer. */
export type MigrationPatternSearchResult = z.infer<typeof MigrationPatternSearchResultSchema>;

/** One consent decision as the registry stores it (opt-in, or withdrawal). */
export const ConsentRecordSchema = z.object({
  pseudonym: z.string(),
  /** The publisher (token owner) that recorded it. */
  publisher: z.string(),
  /** `true`: opt-in; `false`: withdrawal (objection, opt-out). */
  granted: z.boolean(),
  /** What it covers; the registry's network uses `'pattern-network'`. */
  scope: z.string(),
  /** When, ISO 8601. */
  at: z.string(),
});
/** A consent decision. */
export type ConsentRecord = z.infer<typeof ConsentRecordSchema>;
