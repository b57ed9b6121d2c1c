import * as z from 'zod';
import {
  FingerprintSchema,
  IsoDateTimeSchema,
  NameKeySchema,
  PatternIdSchema,
  SemverRangeSchema,
  SemverSchema,
  SlugSchema,
  SpdxExpressionSchema,
  TeamIdSchema,
} from './identifiers.js';

const text = (max: number) => z.string().max(max);
const line = text(500);
const lines = z.array(line).max(200);
const score = z.number().min(0).max(5);
const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** The excellence tiers of the pattern library: gold is proven at scale, bronze is niche or legacy. */
export const ExcellenceTierSchema = z.enum(['gold', 'silver', 'bronze']);
/** A pattern's excellence tier. */
export type ExcellenceTier = z.infer<typeof ExcellenceTierSchema>;

/** How the catalog recommends a pattern today. */
export const PatternStatusSchema = z.enum([
  'recommended',
  'stable',
  'production-ready',
  'use-with-expertise',
  'use-with-caution',
  'emerging',
  'legacy',
  'deprecated',
]);
/** A pattern's status. */
export type PatternStatus = z.infer<typeof PatternStatusSchema>;

/** How current a pattern is in industry practice. */
export const RelevanceSchema = z.enum(['mainstream', 'growing', 'niche', 'declining', 'specialized']);
/** A pattern's current relevance. */
export type Relevance = z.infer<typeof RelevanceSchema>;

/** How hard a pattern is to learn and apply. */
export const DifficultySchema = z.enum(['beginner', 'intermediate', 'advanced', 'expert']);
/** A pattern's difficulty. */
export type Difficulty = z.infer<typeof DifficultySchema>;

/** How one pattern relates to another. `anti-pattern`: the other is what this one replaces or warns against. */
export const RelationshipSchema = z.enum([
  'complements',
  'requires',
  'enhances',
  'alternative',
  'anti-pattern',
]);
/** A relationship type between two patterns. */
export type Relationship = z.infer<typeof RelationshipSchema>;

/** A link from one pattern to another, with why. `pattern` is a pattern id or, for imported libraries, a slug. */
export const RelatedPatternSchema = z.strictObject({
  pattern: z.string().min(1).max(214),
  relationship: RelationshipSchema,
  reason: line.optional(),
});
/** A related-pattern link. */
export type RelatedPattern = z.infer<typeof RelatedPatternSchema>;

/** A real-world use of the pattern. */
export const ModernExampleSchema = z.strictObject({
  company: text(200),
  implementation: text(1000),
  scale: text(500).optional(),
});
/** A modern example. */
export type ModernExample = z.infer<typeof ModernExampleSchema>;

/**
 * How much work something takes (seed 002: implementation complexity, migration paths).
 *
 * @example
 * ```ts
 * EffortSchema.parse('medium'); // 'medium'
 * ```
 */
export const EffortSchema = z.enum(['low', 'medium', 'high']);
/** An effort level. */
export type Effort = z.infer<typeof EffortSchema>;

/**
 * How strongly a factor weighs on a decision (seed 002: decision criteria's complexity factors).
 *
 * @example
 * ```ts
 * ImpactSchema.parse('high'); // 'high'
 * ```
 */
export const ImpactSchema = z.enum(['low', 'medium', 'high']);
/** An impact level. */
export type Impact = z.infer<typeof ImpactSchema>;

/**
 * How urgent an alert is (seed 002: operational considerations' alerting), most urgent first.
 *
 * @example
 * ```ts
 * AlertSeveritySchema.parse('critical'); // 'critical'
 * ```
 */
export const AlertSeveritySchema = z.enum(['critical', 'high', 'medium', 'low', 'info']);
/** An alert severity. */
export type AlertSeverity = z.infer<typeof AlertSeveritySchema>;

/**
 * How often a maintenance task recurs (seed 002: operational considerations' maintenance).
 *
 * @example
 * ```ts
 * MaintenanceFrequencySchema.parse('weekly'); // 'weekly'
 * ```
 */
export const MaintenanceFrequencySchema = z.enum([
  'continuous',
  'hourly',
  'daily',
  'weekly',
  'monthly',
  'quarterly',
  'yearly',
]);
/** A maintenance frequency. */
export type MaintenanceFrequency = z.infer<typeof MaintenanceFrequencySchema>;

/**
 * A link to a page: `path` is a `/`-separated path inside the pattern library (the importer
 * resolves relative links against the page's own path, e.g. `guides/retry-implementation.md`)
 * or an absolute `http(s)` URL; `title` is the link text.
 *
 * @example
 * ```ts
 * const guide: PageLink = { path: 'guides/circuit-breaker-implementation.md', title: 'Implementation guide' };
 * ```
 */
export const PageLinkSchema = z.strictObject({
  path: z.string().min(1).max(2000),
  title: line.optional(),
});
/** A page link. */
export type PageLink = z.infer<typeof PageLinkSchema>;

/**
 * A case study of the pattern in production (seed 002: `case_studies`): a title, and where to
 * read it, who ran it and what came of it.
 *
 * @example
 * ```ts
 * const study: CaseStudy = { title: 'Netflix Hystrix', company: 'Netflix', path: 'case-studies/netflix-hystrix.md' };
 * ```
 */
export const CaseStudySchema = z.strictObject({
  title: line.min(1),
  company: text(200).optional(),
  path: z.string().min(1).max(2000).optional(),
  summary: text(2000).optional(),
});
/** A case study. */
export type CaseStudy = z.infer<typeof CaseStudySchema>;

/**
 * A reference to another pattern (an id or, for imported libraries, a slug), with why.
 *
 * @example
 * ```ts
 * PatternReferenceSchema.parse({ pattern: 'retry-backoff', reason: 'retries first' });
 * ```
 */
export const PatternReferenceSchema = z.strictObject({
  pattern: z.string().min(1).max(214),
  reason: line.optional(),
});
/** A pattern reference. */
export type PatternReference = z.infer<typeof PatternReferenceSchema>;

const references = z.array(PatternReferenceSchema).max(200).default([]);

/**
 * How the pattern combines with others (seed 002: `pattern_combinations`): patterns it
 * complements, requires and enhances, and anti-patterns (patterns not to combine it with),
 * each with a reason.
 *
 * @example
 * ```ts
 * const combinations: PatternCombinations = {
 *   complements: [{ pattern: 'retry-backoff' }], requires: [{ pattern: 'health-check' }], enhances: [],
 *   antiPatterns: [{ pattern: 'distributed-monolith', reason: 'failures still cascade' }],
 * };
 * ```
 */
export const PatternCombinationsSchema = z.strictObject({
  complements: references,
  requires: references,
  enhances: references,
  antiPatterns: references,
});
/** Pattern combinations. */
export type PatternCombinations = z.infer<typeof PatternCombinationsSchema>;

/**
 * A factor that makes a pattern harder to adopt, and how much it weighs.
 *
 * @example
 * ```ts
 * ComplexityFactorSchema.parse({ factor: 'State tuning', impact: 'high' });
 * ```
 */
export const ComplexityFactorSchema = z.strictObject({
  factor: line.min(1),
  impact: ImpactSchema.optional(),
});
/** A complexity factor. */
export type ComplexityFactor = z.infer<typeof ComplexityFactorSchema>;

/**
 * A metric to watch while running the pattern, and the tool that watches it.
 *
 * @example
 * ```ts
 * MonitoringMetricSchema.parse({ metric: 'breaker state changes', tool: 'Prometheus' });
 * ```
 */
export const MonitoringMetricSchema = z.strictObject({ metric: line.min(1), tool: line.optional() });
/** A monitoring metric. */
export type MonitoringMetric = z.infer<typeof MonitoringMetricSchema>;

/**
 * A condition to alert on, and how urgent the alert is.
 *
 * @example
 * ```ts
 * AlertRuleSchema.parse({ condition: 'breaker open for 5 minutes', severity: 'critical' });
 * ```
 */
export const AlertRuleSchema = z.strictObject({
  condition: line.min(1),
  severity: AlertSeveritySchema.optional(),
});
/** An alert rule. */
export type AlertRule = z.infer<typeof AlertRuleSchema>;

/**
 * A recurring maintenance task and how often it recurs.
 *
 * @example
 * ```ts
 * MaintenanceTaskSchema.parse({ task: 'review thresholds', frequency: 'quarterly' });
 * ```
 */
export const MaintenanceTaskSchema = z.strictObject({
  task: line.min(1),
  frequency: MaintenanceFrequencySchema.optional(),
});
/** A maintenance task. */
export type MaintenanceTask = z.infer<typeof MaintenanceTaskSchema>;

/** An item schema that also accepts a plain string, read as `{ [key]: string }` (listings stored before the items were structured). */
function legacyText<T extends z.ZodType>(schema: T, key: string) {
  return z.union([schema, line.min(1).transform((value) => schema.parse({ [key]: value }) as z.output<T>)]);
}

/**
 * The pattern-specific metadata of a listing (seed: the DStudio pattern library's front
 * matter): tier, status, relevance, when to use it and what it costs, plus seed 002's Phase-2
 * sections (implementation guide, case studies, migration paths, pattern combinations,
 * comparison links, decision criteria, implementation complexity, operational considerations)
 * and the bronze-tier fields (modern alternatives, deprecation reason, migration guide).
 *
 * @example
 * ```ts
 * PatternMetadataSchema.parse({ excellenceTier: 'bronze', currentRelevance: 'specialized', modernAlternatives: ['Service mesh'] });
 * ```
 */
export const PatternMetadataSchema = z.strictObject({
  excellenceTier: ExcellenceTierSchema.optional(),
  status: PatternStatusSchema.optional(),
  currentRelevance: RelevanceSchema.optional(),
  /** Year and month the pattern was introduced, `YYYY-MM`. */
  introduced: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a year and month such as 2014-06')
    .optional(),
  difficulty: DifficultySchema.optional(),
  /** One-sentence summary of what the pattern gives you. */
  tagline: line.optional(),
  /** The question the pattern answers. */
  essentialQuestion: text(1000).optional(),
  prerequisites: lines.default([]),
  whenToUse: lines.default([]),
  whenNotToUse: lines.default([]),
  tradeOffs: z
    .strictObject({ pros: lines.default([]), cons: lines.default([]) })
    .default({ pros: [], cons: [] }),
  bestFor: lines.default([]),
  modernExamples: z.array(ModernExampleSchema).max(100).default([]),
  productionChecklist: lines.default([]),
  relatedPatterns: z.array(RelatedPatternSchema).max(200).default([]),
  migrationPaths: z
    .array(
      z.strictObject({
        from: z.string().min(1).max(214).optional(),
        to: z.string().min(1).max(214).optional(),
        /** The guide: prose, or a library path / URL of a guide page. */
        guide: text(5000).optional(),
        effort: EffortSchema.optional(),
      }),
    )
    .max(50)
    .default([]),
  decisionCriteria: z
    .strictObject({
      /** Scale thresholds in the reader's units, e.g. `{ requestsPerSecond: 1000, services: 5 }`. */
      scaleThresholds: z.record(NameKeySchema, z.union([z.number(), line])).default({}),
      complexityFactors: z.array(legacyText(ComplexityFactorSchema, 'factor')).max(200).default([]),
    })
    .optional(),
  implementationComplexity: z
    .strictObject({
      effort: EffortSchema.optional(),
      /** Typical team size, e.g. `'2-3 engineers'`. */
      teamSize: line.optional(),
      /** Typical time to production, e.g. `'2-4 weeks'`. */
      timeline: line.optional(),
      expertise: lines.default([]),
    })
    .optional(),
  operationalConsiderations: z
    .strictObject({
      // A plain string (the shape before seed 002's structure) is read as the metric, condition or task.
      monitoring: z.array(legacyText(MonitoringMetricSchema, 'metric')).max(200).default([]),
      alerting: z.array(legacyText(AlertRuleSchema, 'condition')).max(200).default([]),
      maintenance: z.array(legacyText(MaintenanceTaskSchema, 'task')).max(200).default([]),
    })
    .optional(),
  /** Seed 002: the step-by-step implementation guide page. */
  implementationGuide: PageLinkSchema.optional(),
  /** Seed 002: case studies; absent when there are none (never empty). */
  caseStudies: z.array(CaseStudySchema).min(1).max(100).optional(),
  /** Seed 002: links to pages comparing this pattern with alternatives; absent when none (never empty). */
  comparisonLinks: z.array(PageLinkSchema).min(1).max(100).optional(),
  patternCombinations: PatternCombinationsSchema.optional(),
  /** Bronze patterns: what to use instead today; absent when none (never empty). */
  modernAlternatives: lines.min(1).optional(),
  /** Bronze patterns: why the pattern is no longer recommended. */
  deprecationReason: text(2000).optional(),
  /** Bronze patterns: the guide away from this pattern — a library path or URL of the guide page. */
  migrationGuide: z.string().min(1).max(2000).optional(),
});
/** Pattern metadata. */
export type PatternMetadata = z.infer<typeof PatternMetadataSchema>;

/** Ratings on 0–5 stars, overall and per aspect. */
export const RatingSchema = z.strictObject({
  overall: score,
  stability: score.optional(),
  performance: score.optional(),
  maintainability: score.optional(),
  documentation: score.optional(),
  /** How many reviews the rating summarizes. */
  reviewCount: count.default(0),
});
/** A rating summary. */
export type Rating = z.infer<typeof RatingSchema>;

/** Adoption counters: all-time downloads, currently active installs, distinct organizations. */
export const AdoptionSchema = z.strictObject({
  downloads: count.default(0),
  activeInstalls: count.default(0),
  organizations: count.default(0),
});
/** Adoption counters. */
export type Adoption = z.infer<typeof AdoptionSchema>;

/** An amount of money: `amount` in the currency's major unit (e.g. dollars), ISO 4217 `currency`. */
export const MoneySchema = z.strictObject({
  amount: z.number().min(0).max(1e12),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 currency code such as USD'),
});
/** An amount of money. */
export type Money = z.infer<typeof MoneySchema>;

/**
 * The names of the pricing models: `open-source`, `freemium`, `subscription`, `enterprise`.
 * The one list every package uses (search filters, the registry's query parameters, the
 * client and the CLI); `PricingModelSchema.options` lists them in this order.
 *
 * @example
 * ```ts
 * PricingModelSchema.parse('freemium'); // 'freemium'
 * PricingModelSchema.options; // ['open-source', 'freemium', 'subscription', 'enterprise']
 * ```
 */
export const PricingModelSchema = z.enum(['open-source', 'freemium', 'subscription', 'enterprise']);

/**
 * How a pattern is priced (seed: the marketplace's pricing models), discriminated by
 * `model`: free and open source; freemium (free core, paid extras); subscription (a price
 * per month or year per organization); enterprise (negotiated).
 */
export const PricingSchema = z.discriminatedUnion('model', [
  z.strictObject({ model: z.literal('open-source') }),
  z.strictObject({
    model: z.literal('freemium'),
    /** What the free tier includes. */
    freeFeatures: lines.default([]),
    /** What paying adds. */
    premiumFeatures: lines.default([]),
    premiumPrice: MoneySchema,
    interval: z.enum(['month', 'year']).default('month'),
  }),
  z.strictObject({
    model: z.literal('subscription'),
    price: MoneySchema,
    interval: z.enum(['month', 'year']),
    trialDays: z.number().int().min(0).max(365).default(0),
  }),
  z.strictObject({
    model: z.literal('enterprise'),
    /** Where to ask for a quote: an email address or URL. */
    contact: text(320),
    startingPrice: MoneySchema.optional(),
  }),
]);
/** A pricing model. */
export type Pricing = z.infer<typeof PricingSchema>;
/** The name of a pricing model (see {@link PricingModelSchema}). */
export type PricingModel = z.infer<typeof PricingModelSchema>;
// Every model of the discriminated union is a PricingModelSchema name, and back.
type SameNames<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const pricingModelsAgree: SameNames<Pricing['model'], PricingModel> = true;
void pricingModelsAgree;

/** The support a publisher offers, from community-only to a dedicated enterprise contact. */
export const SupportLevelSchema = z.enum(['community', 'standard', 'premium', 'enterprise']);
/** A support level. */
export type SupportLevel = z.infer<typeof SupportLevelSchema>;

/** What the publisher guarantees. Times in hours and days; `uptimePercent` on 0–100. */
export const GuaranteesSchema = z.strictObject({
  /** Committed availability of any hosted part, percent (0–100). */
  uptimePercent: z.number().min(0).max(100).optional(),
  /** First response to a support request, hours. */
  responseTimeHours: z.number().min(0).max(8760).optional(),
  /** Time to ship a fix for a disclosed vulnerability, days. */
  securityPatchDays: z.number().min(0).max(3650).optional(),
  /** Whether minor and patch versions stay backwards compatible (semver discipline). */
  backwardsCompatible: z.boolean().optional(),
});
/** Guarantees. */
export type Guarantees = z.infer<typeof GuaranteesSchema>;

const rangeMap = z.record(NameKeySchema, SemverRangeSchema);

/**
 * What a pattern works with: languages, frameworks and runtimes mapped to semver ranges,
 * and browsers as a browserslist query list.
 *
 * @example
 * ```ts
 * const matrix = { runtimes: { node: '>=20' }, frameworks: { react: '^18 || ^19' }, browsers: ['defaults'] };
 * ```
 */
export const CompatibilityMatrixSchema = z.strictObject({
  languages: rangeMap.default({}),
  frameworks: rangeMap.default({}),
  runtimes: rangeMap.default({}),
  browsers: z.array(text(200)).max(50).default([]),
});
/** A compatibility matrix. */
export type CompatibilityMatrix = z.infer<typeof CompatibilityMatrixSchema>;

/** The listing a fork was made from: its id and the version forked. */
export const ForkParentSchema = z.strictObject({ id: PatternIdSchema, version: SemverSchema });
/** A fork parent reference. */
export type ForkParent = z.infer<typeof ForkParentSchema>;

/** The team that publishes a listing: its id (the listing's scope) and display name. */
export const PublisherSchema = z.strictObject({ id: TeamIdSchema, name: text(200).min(1) });
/** A publisher. */
export type Publisher = z.infer<typeof PublisherSchema>;

/**
 * A listing: one version of a pattern as the marketplace shows it (seed: the
 * marketplace's PatternListing, with the DStudio pattern metadata). Unknown keys are
 * rejected so a typo cannot silently drop data.
 */
export const ListingSchema = z
  .strictObject({
    id: PatternIdSchema,
    name: text(200).min(1),
    version: SemverSchema,
    publisher: PublisherSchema,
    description: text(10_000).default(''),
    category: SlugSchema,
    tags: z.array(SlugSchema).max(50).default([]),
    license: SpdxExpressionSchema,
    rating: RatingSchema.optional(),
    adoption: AdoptionSchema.default({ downloads: 0, activeInstalls: 0, organizations: 0 }),
    pricing: PricingSchema.default({ model: 'open-source' }),
    support: SupportLevelSchema.default('community'),
    guarantees: GuaranteesSchema.default({}),
    /** Other patterns this one needs: pattern id → semver range. */
    dependencies: z.record(PatternIdSchema, SemverRangeSchema).default({}),
    compatibility: CompatibilityMatrixSchema.default({
      languages: {},
      frameworks: {},
      runtimes: {},
      browsers: [],
    }),
    forkOf: ForkParentSchema.optional(),
    publishedAt: IsoDateTimeSchema,
    fingerprint: FingerprintSchema.optional(),
    metadata: PatternMetadataSchema.default({
      prerequisites: [],
      whenToUse: [],
      whenNotToUse: [],
      tradeOffs: { pros: [], cons: [] },
      bestFor: [],
      modernExamples: [],
      productionChecklist: [],
      relatedPatterns: [],
      migrationPaths: [],
    }),
  })
  .refine((listing) => listing.id.startsWith(`${listing.publisher.id}/`), {
    message: 'the id scope must be the publisher id',
    path: ['id'],
  });
/** A listing (output of {@link ListingSchema}: defaults filled in). */
export type Listing = z.infer<typeof ListingSchema>;
/** What {@link ListingSchema} accepts (defaults optional). */
export type ListingInput = z.input<typeof ListingSchema>;
