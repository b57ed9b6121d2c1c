import * as z from 'zod/mini';
import { IsoDateTimeSchema } from './identifiers.js';

/** Where a migration started. */
export const SourceCloudSchema = z.enum(['aws', 'azure', 'gcp', 'on-prem']);
/** A source cloud. */
export type SourceCloud = z.infer<typeof SourceCloudSchema>;

/** Where a migration went. */
export const TargetCloudSchema = z.enum(['aws', 'azure', 'gcp']);
/** A target cloud. */
export type TargetCloud = z.infer<typeof TargetCloudSchema>;

/** The "6 R" migration strategies (AWS / Gartner). */
export const MigrationStrategySchema = z.enum([
  'rehost',
  'replatform',
  'refactor',
  'repurchase',
  'retire',
  'retain',
]);
/** A migration strategy. */
export type MigrationStrategy = z.infer<typeof MigrationStrategySchema>;

/** A resource type such as `EC2`, `RDS`, `S3`, `Blob`: letters, digits, `.`, `_`, `-`, `/`, ` `; 1–64 characters. */
export const ResourceTypeSchema = z
  .string()
  .check(
    z.minLength(1),
    z.maxLength(64),
    z.regex(/^[A-Za-z0-9][A-Za-z0-9._/ -]*$/, 'must be a resource type such as EC2 or Blob'),
  );

/** One step of a migration: what was done, how long it took (seconds), whether it worked, and the (anonymized) error. */
export const MigrationStepSchema = z.strictObject({
  action: z.string().check(z.minLength(1), z.maxLength(200)),
  durationSeconds: z.number().check(z.gte(0), z.lte(1e9)),
  success: z.boolean(),
  error: z.optional(z.string().check(z.maxLength(2000))),
});
/** A migration step. */
export type MigrationStep = z.infer<typeof MigrationStepSchema>;

/**
 * A contribution to the pattern network: one anonymized migration record (seed: the
 * network design's migration record). `contributor` is a keyed pseudonym of the
 * deployment, never a raw id; contributing the same `id` twice changes nothing.
 */
export const ContributionSchema = z.strictObject({
  id: z
    .string()
    .check(
      z.minLength(1),
      z.maxLength(128),
      z.regex(/^[A-Za-z0-9._:-]+$/, 'must be letters, digits, ".", "_", ":" or "-"'),
    ),
  contributor: z
    .string()
    .check(
      z.minLength(8),
      z.maxLength(128),
      z.regex(/^[A-Za-z0-9_-]+$/, 'must be a pseudonym (base64url or hex)'),
    ),
  sourceCloud: SourceCloudSchema,
  targetCloud: TargetCloudSchema,
  strategy: MigrationStrategySchema,
  resourceTypes: z.array(ResourceTypeSchema).check(z.minLength(1), z.maxLength(100)),
  steps: z.array(MigrationStepSchema).check(z.maxLength(500)),
  success: z.boolean(),
  /** Wall-clock duration of the whole migration, hours (≥ 0). */
  durationHours: z.number().check(z.gte(0), z.lte(1e6)),
  /** Cost change after migrating, percent; negative when costs rose (−1000…100). */
  costSavingsPercent: z.number().check(z.gte(-1000), z.lte(100)),
  contributedAt: IsoDateTimeSchema,
});
/** A contribution. */
export type Contribution = z.infer<typeof ContributionSchema>;
