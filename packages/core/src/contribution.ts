import * as z from 'zod';
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
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._/ -]*$/, 'must be a resource type such as EC2 or Blob');

/** One step of a migration: what was done, how long it took (seconds), whether it worked, and the (anonymized) error. */
export const MigrationStepSchema = z.strictObject({
  action: z.string().min(1).max(200),
  durationSeconds: z.number().finite().min(0).max(1e9),
  success: z.boolean(),
  error: z.string().max(2000).optional(),
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
    .min(1)
    .max(128)
    .regex(/^[A-Za-z0-9._:-]+$/, 'must be letters, digits, ".", "_", ":" or "-"'),
  contributor: z
    .string()
    .min(8)
    .max(128)
    .regex(/^[A-Za-z0-9_-]+$/, 'must be a pseudonym (base64url or hex)'),
  sourceCloud: SourceCloudSchema,
  targetCloud: TargetCloudSchema,
  strategy: MigrationStrategySchema,
  resourceTypes: z.array(ResourceTypeSchema).min(1).max(100),
  steps: z.array(MigrationStepSchema).max(500),
  success: z.boolean(),
  /** Wall-clock duration of the whole migration, hours (≥ 0). */
  durationHours: z.number().finite().min(0).max(1e6),
  /** Cost change after migrating, percent; negative when costs rose (−1000…100). */
  costSavingsPercent: z.number().finite().min(-1000).max(100),
  contributedAt: IsoDateTimeSchema,
});
/** A contribution. */
export type Contribution = z.infer<typeof ContributionSchema>;
