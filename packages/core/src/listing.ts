import * as z from 'zod/mini';
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

const text = (max: number) => z.string().check(z.maxLength(max));
const line = text(500);
const score = z.number().check(z.gte(0), z.lte(5));
const count = z.number().check(z.int(), z.gte(0), z.lte(Number.MAX_SAFE_INTEGER));
/** A string of 1–`max` characters. */
const nonEmpty = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));
/** A list of at most `max` items, `[]` when absent. */
const list = <T extends z.core.SomeType>(item: T, max: number) =>
  z._default(z.array(item).check(z.maxLength(max)), []);

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
  pattern: nonEmpty(214),
  relationship: RelationshipSchema,
  reason: z.optional(line),
});
/** A related-pattern link. */
export type RelatedPattern = z.infer<typeof RelatedPatternSchema>;

/** A real-world use of the pattern. */
export const ModernExampleSchema = z.strictObject({
  company: text(200),
  implementation: text(1000),
  scale: z.optional(text(500)),
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
  path: nonEmpty(2000),
  title: z.optional(line),
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
  title: nonEmpty(500),
  company: z.optional(text(200)),
  path: z.optional(nonEmpty(2000)),
  summary: z.optional(text(2000)),
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
  pattern: nonEmpty(214),
  reason: z.optional(line),
});
/** A pattern reference. */
export type PatternReference = z.infer<typeof PatternReferenceSchema>;

const references = list(PatternReferenceSchema, 200);

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
  factor: nonEmpty(500),
  impact: z.optional(ImpactSchema),
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
export const MonitoringMetricSchema = z.strictObject({ metric: nonEmpty(500), tool: z.optional(line) });
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
  condition: nonEmpty(500),
  severity: z.optional(AlertSeveritySchema),
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
  task: nonEmpty(500),
  frequency: z.optional(MaintenanceFrequencySchema),
});
/** A maintenance task. */
export type MaintenanceTask = z.infer<typeof MaintenanceTaskSchema>;

/** An item schema that also accepts a plain string, read as `{ [key]: string }` (listings stored before the items were structured). */
function legacyText<T extends z.ZodMiniType>(schema: T, key: string) {
  return z.union([
    schema,
    z.pipe(
      nonEmpty(500),
      z.transform((value) => schema.parse({ [key]: value }) as z.output<T>),
    ),
  ]);
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
  excellenceTier: z.optional(ExcellenceTierSchema),
  status: z.optional(PatternStatusSchema),
  currentRelevance: z.optional(RelevanceSchema),
  /** Year and month the pattern was introduced, `YYYY-MM`. */
  introduced: z.optional(
    z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a year and month such as 2014-06')),
  ),
  difficulty: z.optional(DifficultySchema),
  /** One-sentence summary of what the pattern gives you. */
  tagline: z.optional(line),
  /** The question the pattern answers. */
  essentialQuestion: z.optional(text(1000)),
  prerequisites: list(line, 200),
  whenToUse: list(line, 200),
  whenNotToUse: list(line, 200),
  tradeOffs: z._default(z.strictObject({ pros: list(line, 200), cons: list(line, 200) }), {
    pros: [],
    cons: [],
  }),
  bestFor: list(line, 200),
  modernExamples: list(ModernExampleSchema, 100),
  productionChecklist: list(line, 200),
  relatedPatterns: list(RelatedPatternSchema, 200),
  migrationPaths: list(
    z.strictObject({
      from: z.optional(nonEmpty(214)),
      to: z.optional(nonEmpty(214)),
      /** The guide: prose, or a library path / URL of a guide page. */
      guide: z.optional(text(5000)),
      effort: z.optional(EffortSchema),
    }),
    50,
  ),
  decisionCriteria: z.optional(
    z.strictObject({
      /** Scale thresholds in the reader's units, e.g. `{ requestsPerSecond: 1000, services: 5 }`. */
      scaleThresholds: z._default(z.record(NameKeySchema, z.union([z.number(), line])), {}),
      complexityFactors: list(legacyText(ComplexityFactorSchema, 'factor'), 200),
    }),
  ),
  implementationComplexity: z.optional(
    z.strictObject({
      effort: z.optional(EffortSchema),
      /** Typical team size, e.g. `'2-3 engineers'`. */
      teamSize: z.optional(line),
      /** Typical time to production, e.g. `'2-4 weeks'`. */
      timeline: z.optional(line),
      expertise: list(line, 200),
    }),
  ),
  operationalConsiderations: z.optional(
    z.strictObject({
      // A plain string (the shape before seed 002's structure) is read as the metric, condition or task.
      monitoring: list(legacyText(MonitoringMetricSchema, 'metric'), 200),
      alerting: list(legacyText(AlertRuleSchema, 'condition'), 200),
      maintenance: list(legacyText(MaintenanceTaskSchema, 'task'), 200),
    }),
  ),
  /** Seed 002: the step-by-step implementation guide page. */
  implementationGuide: z.optional(PageLinkSchema),
  /** Seed 002: case studies; absent when there are none (never empty). */
  caseStudies: z.optional(z.array(CaseStudySchema).check(z.minLength(1), z.maxLength(100))),
  /** Seed 002: links to pages comparing this pattern with alternatives; absent when none (never empty). */
  comparisonLinks: z.optional(z.array(PageLinkSchema).check(z.minLength(1), z.maxLength(100))),
  patternCombinations: z.optional(PatternCombinationsSchema),
  /** Bronze patterns: what to use instead today; absent when none (never empty). */
  modernAlternatives: z.optional(z.array(line).check(z.maxLength(200), z.minLength(1))),
  /** Bronze patterns: why the pattern is no longer recommended. */
  deprecationReason: z.optional(text(2000)),
  /** Bronze patterns: the guide away from this pattern — a library path or URL of the guide page. */
  migrationGuide: z.optional(nonEmpty(2000)),
});
/** Pattern metadata. */
export type PatternMetadata = z.infer<typeof PatternMetadataSchema>;

/** Ratings on 0–5 stars, overall and per aspect. */
export const RatingSchema = z.strictObject({
  overall: score,
  stability: z.optional(score),
  performance: z.optional(score),
  maintainability: z.optional(score),
  documentation: z.optional(score),
  /** How many reviews the rating summarizes. */
  reviewCount: z._default(count, 0),
});
/** A rating summary. */
export type Rating = z.infer<typeof RatingSchema>;

/** Adoption counters: all-time downloads, currently active installs, distinct organizations. */
export const AdoptionSchema = z.strictObject({
  downloads: z._default(count, 0),
  activeInstalls: z._default(count, 0),
  organizations: z._default(count, 0),
});
/** Adoption counters. */
export type Adoption = z.infer<typeof AdoptionSchema>;

/** An amount of money: `amount` in the currency's major unit (e.g. dollars), ISO 4217 `currency`. */
export const MoneySchema = z.strictObject({
  amount: z.number().check(z.gte(0), z.lte(1e12)),
  currency: z.string().check(z.regex(/^[A-Z]{3}$/, 'must be an ISO 4217 currency code such as USD')),
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
    freeFeatures: list(line, 200),
    /** What paying adds. */
    premiumFeatures: list(line, 200),
    premiumPrice: MoneySchema,
    interval: z._default(z.enum(['month', 'year']), 'month'),
  }),
  z.strictObject({
    model: z.literal('subscription'),
    price: MoneySchema,
    interval: z.enum(['month', 'year']),
    trialDays: z._default(z.number().check(z.int(), z.gte(0), z.lte(365)), 0),
  }),
  z.strictObject({
    model: z.literal('enterprise'),
    /** Where to ask for a quote: an email address or URL. */
    contact: text(320),
    startingPrice: z.optional(MoneySchema),
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
  uptimePercent: z.optional(z.number().check(z.gte(0), z.lte(100))),
  /** First response to a support request, hours. */
  responseTimeHours: z.optional(z.number().check(z.gte(0), z.lte(8760))),
  /** Time to ship a fix for a disclosed vulnerability, days. */
  securityPatchDays: z.optional(z.number().check(z.gte(0), z.lte(3650))),
  /** Whether minor and patch versions stay backwards compatible (semver discipline). */
  backwardsCompatible: z.optional(z.boolean()),
});
/** Guarantees. */
export type Guarantees = z.infer<typeof GuaranteesSchema>;

const rangeMap = z._default(z.record(NameKeySchema, SemverRangeSchema), {});

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
  languages: rangeMap,
  frameworks: rangeMap,
  runtimes: rangeMap,
  browsers: list(text(200), 50),
});
/** A compatibility matrix. */
export type CompatibilityMatrix = z.infer<typeof CompatibilityMatrixSchema>;

/** How one pricing tier is sold: free, a recurring subscription, a one-time purchase, or "contact us". */
export const PricingTierModelSchema = z.enum(['free', 'subscription', 'one-time', 'contact']);
/** A pricing tier model. */
export type PricingTierModel = z.infer<typeof PricingTierModelSchema>;

/**
 * One pricing tier of a listing (seed: the detail page's Community (free), Pro ($29/month)
 * and Enterprise (contact us) side by side). A `free` tier has no price and no period; a
 * `subscription` needs a price and a billing `period`; a `one-time` purchase needs a price and
 * no period; a `contact` tier may show a starting price and where to ask. `sla` is what the
 * tier guarantees ({@link GuaranteesSchema}: uptime percent, response hours, …).
 *
 * @example
 * ```ts
 * PricingTierSchema.parse({ name: 'Pro', model: 'subscription', price: { amount: 29, currency: 'USD' }, period: 'month', support: 'standard' });
 * ```
 */
export const PricingTierSchema = z
  .strictObject({
    /** Display name, unique within the listing, e.g. `'Community'`, `'Pro'`, `'Enterprise'`. */
    name: nonEmpty(80),
    model: PricingTierModelSchema,
    /** Price per `period` (subscription), the price (one-time), or the "from" price (contact). */
    price: z.optional(MoneySchema),
    /** Billing period of a subscription. */
    period: z.optional(z.enum(['month', 'year'])),
    /** Support that comes with the tier. @default 'community' */
    support: z._default(SupportLevelSchema, 'community'),
    /** Service-level agreement of the tier. */
    sla: z.optional(GuaranteesSchema),
    /** What the tier includes. */
    features: list(line, 200),
    /** Where to ask for a quote (contact tiers): an email address or URL. */
    contact: z.optional(text(320)),
  })
  .check(
    z.superRefine((tier, context) => {
      const issue = (path: string, message: string) =>
        context.addIssue({ code: 'custom', path: [path], message });
      if (tier.model === 'free' && tier.price !== undefined) issue('price', 'a free tier has no price');
      if ((tier.model === 'subscription' || tier.model === 'one-time') && tier.price === undefined) {
        issue('price', `a ${tier.model} tier needs a price`);
      }
      if (tier.model === 'subscription' && tier.period === undefined) {
        issue('period', 'a subscription tier needs a billing period (month or year)');
      }
      if (tier.model !== 'subscription' && tier.period !== undefined) {
        issue('period', 'only a subscription tier has a billing period');
      }
      if (tier.model !== 'contact' && tier.contact !== undefined)
        issue('contact', 'only a contact tier has a contact');
    }),
  );
/** A pricing tier. */
export type PricingTier = z.infer<typeof PricingTierSchema>;

/** The listing a fork was made from: its id and the version forked. */
export const ForkParentSchema = z.strictObject({ id: PatternIdSchema, version: SemverSchema });
/** A fork parent reference. */
export type ForkParent = z.infer<typeof ForkParentSchema>;

/** The team that publishes a listing: its id (the listing's scope) and display name. */
export const PublisherSchema = z.strictObject({ id: TeamIdSchema, name: nonEmpty(200) });
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
    name: nonEmpty(200),
    version: SemverSchema,
    publisher: PublisherSchema,
    description: z._default(text(10_000), ''),
    category: SlugSchema,
    tags: list(SlugSchema, 50),
    license: SpdxExpressionSchema,
    rating: z.optional(RatingSchema),
    adoption: z._default(AdoptionSchema, { downloads: 0, activeInstalls: 0, organizations: 0 }),
    pricing: z._default(PricingSchema, { model: 'open-source' }),
    /**
     * The tiers offered side by side (seed 002's detail page), names unique; absent when the
     * listing sells one way only (`pricing`).
     */
    tiers: z.optional(
      z.array(PricingTierSchema).check(
        z.minLength(1),
        z.maxLength(20),
        z.refine((tiers) => new Set(tiers.map((tier) => tier.name)).size === tiers.length, {
          message: 'tier names must be unique',
        }),
      ),
    ),
    support: z._default(SupportLevelSchema, 'community'),
    guarantees: z._default(GuaranteesSchema, {}),
    /** Other patterns this one needs: pattern id → semver range. */
    dependencies: z._default(z.record(PatternIdSchema, SemverRangeSchema), {}),
    compatibility: z._default(CompatibilityMatrixSchema, {
      languages: {},
      frameworks: {},
      runtimes: {},
      browsers: [],
    }),
    forkOf: z.optional(ForkParentSchema),
    publishedAt: IsoDateTimeSchema,
    fingerprint: z.optional(FingerprintSchema),
    metadata: z._default(PatternMetadataSchema, {
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
  .check(
    z.refine((listing) => listing.id.startsWith(`${listing.publisher.id}/`), {
      message: 'the id scope must be the publisher id',
      path: ['id'],
    }),
  );
/** A listing (output of {@link ListingSchema}: defaults filled in). */
export type Listing = z.infer<typeof ListingSchema>;
/** What {@link ListingSchema} accepts (defaults optional). */
export type ListingInput = z.input<typeof ListingSchema>;
