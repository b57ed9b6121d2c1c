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
import * as z from 'zod';

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
  type: z.string().default('about:blank'),
  title: z.string(),
  status: z.number().int().min(100).max(599),
  detail: z.string().optional(),
  instance: z.string().optional(),
  code: z.string().optional(),
  issues: z.array(ProblemIssueSchema).optional(),
  retryAfterSeconds: z.number().min(0).optional(),
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
  .min(1)
  .max(64)
  .regex(
    /^[a-z][a-z0-9._-]*$/,
    'a dist-tag is lowercase letters, digits, ".", "_" or "-", starting with a letter',
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
  latest: ListingSchema.optional(),
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

/** One quality gate's outcome in a publish report (core's `GateResult`). */
export const RegistryGateResultSchema = z.object({
  id: z.string(),
  passed: z.boolean(),
  severity: z.enum(['error', 'warning']),
  message: z.string(),
  findings: z.array(SecurityFindingSchema).optional(),
});
/** A gate result. */
export type RegistryGateResult = z.infer<typeof RegistryGateResultSchema>;

/** The quality-gate report of a publish (core's `checkPublishable`), as the registry returns it. */
export const RegistryPublishReportSchema = z.object({
  publishable: z.boolean(),
  /** Quality score, 0–100. */
  score: z.number().min(0).max(100),
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
  distTag: DistTagSchema.optional(),
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
  q: z.string().max(500).default(''),
  category: z.string().max(64).optional(),
  tags: z.array(z.string().max(64)).max(20).optional(),
  license: z.string().max(200).optional(),
  minRating: z.number().min(0).max(5).optional(),
  minAdoptions: z.number().int().min(0).optional(),
  trustedPublishers: z.array(TeamIdSchema).max(100).optional(),
  pricing: z.array(PricingModelSchema).max(4).optional(),
  tiers: z
    .array(z.enum(['gold', 'silver', 'bronze']))
    .max(3)
    .optional(),
  sort: z.enum(['relevance', 'rating', 'adoption', 'newest']).default('relevance'),
  limit: z.number().int().min(1).max(100).default(20),
  cursor: z.string().max(2000).optional(),
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
export const RegistryFacetCountSchema = z.object({ value: z.string(), count: z.number().int().min(0) });
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
  total: z.number().int().min(0),
  facets: z.record(z.string(), z.array(RegistryFacetCountSchema)),
  nextCursor: z.string().nullable(),
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
  stack: z.array(z.string().max(300)).max(100).optional(),
  adopted: z.array(PatternIdSchema).max(1000).optional(),
  challenges: z.array(z.string().min(1).max(1000)).max(50).optional(),
  limit: z.number().int().min(1).max(50).default(10),
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
/** Recommendations. */
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
  id: z.string().min(1).max(200).optional(),
  version: SemverSchema.optional(),
  rating: z.number().int().min(1).max(5),
  aspects: ReviewSchema.shape.aspects,
  title: z.string().max(200).optional(),
  body: z.string().max(20_000).optional(),
  wouldRecommend: z.boolean().optional(),
});
/** A review submission. */
export type ReviewSubmission = z.infer<typeof ReviewSubmissionSchema>;

/** Whether screening accepted a review. */
export const ReviewStatusSchema = z.enum(['accepted', 'flagged']);

/** A review as stored: the review, the screening verdict and its reasons. */
export const ReviewResultSchema = z.object({
  review: ReviewSchema,
  status: ReviewStatusSchema,
  reasons: z.array(z.string()),
});
/** A review result. */
export type ReviewResult = z.infer<typeof ReviewResultSchema>;

/** The rating summary of the reputation package's `aggregateRatings`. */
export const RatingSummarySchema = z.looseObject({
  count: z.number().int().min(0),
  mean: z.number().nullable().optional(),
  bayesianMean: z.number().nullable().optional(),
  lowerBound: z.number().nullable().optional(),
});
/** A rating summary. */
export type RatingSummary = z.infer<typeof RatingSummarySchema>;

/** `GET /api/v1/patterns/{scope}/{name}/reviews`: accepted reviews (flagged ones too with `?include=flagged`) and the rating summary of the accepted ones. */
export const ReviewListSchema = z.object({
  id: PatternIdSchema,
  reviews: z.array(ReviewResultSchema),
  ratings: RatingSummarySchema,
});
/** A review list. */
export type ReviewList = z.infer<typeof ReviewListSchema>;

/** `GET /api/v1/patterns/{scope}/{name}/reputation`: score (0–100), trust level, badges, certification and ratings. */
export const PatternReputationSchema = z.object({
  id: PatternIdSchema,
  reputation: z.looseObject({
    overall: z.number().min(0).max(100),
    trustLevel: z.string(),
    badges: z.array(z.unknown()),
    /** Given signals that rest on the publisher's word (earning no badge). */
    selfAsserted: z.array(z.string()).optional(),
    /** Badges whose rule is met only on self-asserted evidence (not awarded). */
    unverifiedBadges: z.array(z.string()).optional(),
  }),
  certification: z.looseObject({
    level: z.enum(['gold', 'silver', 'bronze']).nullable(),
    missing: z.array(z.string()),
    /** Requirements shown only on the publisher's word. */
    selfAsserted: z.array(z.string()).optional(),
    /** Requirements of the next level that are shown but need the registry or an auditor. */
    needsVerification: z.array(z.string()).optional(),
    /** Each shown requirement's source: `self`, `registry` or `auditor`. */
    sources: z.record(z.string(), z.enum(['self', 'registry', 'auditor'])).optional(),
  }),
  ratings: RatingSummarySchema,
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
  version: SemverSchema.optional(),
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
  installs: z.number().int().min(0),
  downloads: z.number().int().min(0),
  uninstalls: z.number().int().min(0),
});
/** A trending item. */
export type RegistryTrendingItem = z.infer<typeof RegistryTrendingItemSchema>;

/** `GET /api/v1/stats`: homepage figures — counts, the search package's marketplace stats and trending patterns. */
export const StatsSchema = z.object({
  patterns: z.number().int().min(0),
  versions: z.number().int().min(0),
  reviews: z.number().int().min(0),
  adoptionEvents: z.number().int().min(0),
  contributions: z.number().int().min(0),
  networkPatterns: z.number().int().min(0),
  marketplace: z.looseObject({
    totalPatterns: z.number().int().min(0),
    totalPublishers: z.number().int().min(0),
    averageRating: z.number().nullable(),
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
  redactions: z.number().int().min(0),
});
/** A contribute result. */
export type ContributeResult = z.infer<typeof ContributeResultSchema>;

/** `DELETE /api/v1/contributors/{pseudonym}`: how many contributions were erased. */
export const ErasureResultSchema = z.object({
  pseudonym: z.string(),
  erased: z.number().int().min(0),
});
/** An erasure result. */
export type ErasureResult = z.infer<typeof ErasureResultSchema>;

/** `GET /api/v1/contributors/{pseudonym}/export`: every surviving contribution of a pseudonym (GDPR Art. 15/20). */
export const RegistryContributorExportSchema = z.object({
  pseudonym: z.string(),
  /** Whether the pseudonym has been erased (its records no longer count). */
  erased: z.boolean(),
  contributions: z.array(ContributionSchema),
});
/** A contributor export. */
export type RegistryContributorExport = z.infer<typeof RegistryContributorExportSchema>;

/** `GET /api/v1/network/patterns`: the network's aggregated migration patterns. */
export const NetworkPatternsSchema = z.object({
  patterns: z.array(
    z.looseObject({
      key: z.string(),
      executions: z.number().int().min(0),
      successes: z.number().int().min(0),
      successRate: z.number().min(0).max(1),
      contributors: z.number().int().min(0),
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
  migrationId: z.string().min(1).max(200),
  sourceCloud: SourceCloudSchema,
  targetCloud: TargetCloudSchema,
  resourceTypes: z.array(ResourceTypeSchema).min(1).max(100),
  strategy: MigrationStrategySchema,
  steps: z.array(z.union([MigrationStepSchema, z.string().min(1).max(200)])).max(500),
  successRate: z.number().min(0).max(1),
  durationHours: z.number().finite().min(0).max(1e6),
  costSavingsPercent: z.number().finite().min(-1000).max(100),
  /** Anonymize the free text before sharing. @default true */
  anonymize: z.boolean().default(true),
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
  globalContributions: z.number().int().min(0),
});
/** The seed's contribute answer. */
export type ContributePatternResult = z.infer<typeof ContributePatternResultSchema>;

/** `GET /api/v1/patterns/search?sourceCloud=&targetCloud=&resourceTypes=&limit=`: the seed's pattern search. */
export const MigrationPatternQuerySchema = z.strictObject({
  sourceCloud: SourceCloudSchema,
  targetCloud: TargetCloudSchema,
  /** Comma-separated in the query string. */
  resourceTypes: z.array(ResourceTypeSchema).min(1).max(100),
  /** Most patterns returned, 1–50. @default 10 */
  limit: z.number().int().min(1).max(50).default(10),
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
  contributors: z.number().int(),
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
  totalMatches: z.number().int().min(0),
  /** Time the registry spent answering, milliseconds. */
  queryTime: z.number().min(0),
});
/** The seed's search answer. */
export type MigrationPatternSearchResult = z.infer<typeof MigrationPatternSearchResultSchema>;
