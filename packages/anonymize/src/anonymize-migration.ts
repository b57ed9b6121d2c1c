/**
 * `anonymizeMigration`: turns a raw migration record, as a deployment holds it, into a
 * network `Contribution` (`@pollinate/core`) that keeps only technical facts.
 */

import { hmac } from '@noble/hashes/hmac';
import { sha256 } from '@noble/hashes/sha2';
import { utf8ToBytes } from '@noble/hashes/utils';
import { isErrorOf, parseWith, toBase64 } from '@pollinate/core/helpers';
import {
  type Contribution,
  ContributionSchema,
  MigrationStrategySchema,
  PollinateError,
  SourceCloudSchema,
  TargetCloudSchema,
} from '@pollinate/core/model';
import * as z from 'zod';
import { anonymizeText } from './anonymize-text.js';
import { type Finding, type FindingsReport, findPlaceholders, summarizeFindings } from './findings.js';
import { foldCase } from './identifier-detectors.js';
import { canonicalResourceType } from './resource-types.js';

const IsoDateTime = z.iso.datetime({ offset: true });
const FreeText = z.string().max(200_000);
const LooseEnum = <T extends z.core.$ZodType>(schema: T) =>
  z.preprocess((value) => (typeof value === 'string' ? value.trim().toLowerCase() : value), schema);

/** One step of a raw migration record: its name, the command run, timings, outcome and raw error text. */
export const RawMigrationStepSchema = z.object({
  /** The step's name or action (`snapshot-copy`, `cutover`); anonymized before it leaves. */
  action: z.string().min(1).max(10_000),
  /** The command line that ran; never leaves the deployment. */
  command: FreeText.optional(),
  /** Raw output; never leaves the deployment. */
  output: FreeText.optional(),
  startedAt: IsoDateTime.optional(),
  finishedAt: IsoDateTime.optional(),
  /** Duration in seconds (≥ 0); when absent, taken from `finishedAt − startedAt`, else 0. */
  durationSeconds: z.number().finite().min(0).max(1e9).optional(),
  success: z.boolean(),
  /** The raw error message; anonymized before it leaves. */
  error: FreeText.optional(),
});
/** A raw migration step. */
export type RawMigrationStep = z.infer<typeof RawMigrationStepSchema>;

/**
 * A raw migration record as a deployment holds it, identifiers and all: who the
 * customer is, contact emails, account ids, addresses, domains, connection strings,
 * API keys, per-step commands, output and errors, timestamps and costs. Unknown keys
 * are accepted and dropped. Clouds and strategy are matched case-insensitively.
 */
export const RawMigrationSchema = z.object({
  /** The deployment's own id (becomes a keyed pseudonym). */
  deploymentId: z.string().min(1).max(1000),
  /** The deployment's id of this migration (feeds the keyed contribution id). */
  migrationId: z.string().min(1).max(1000),
  customer: z
    .object({
      name: z.string().max(1000).optional(),
      contactEmails: z.array(z.string().max(1000)).max(1000).optional(),
      accountIds: z.array(z.string().max(1000)).max(1000).optional(),
    })
    .optional(),
  /** Identifiers of the environment; used only to check they never leave. */
  environment: z
    .object({
      ips: z.array(z.string().max(1000)).max(10_000).optional(),
      domains: z.array(z.string().max(1000)).max(10_000).optional(),
      hostnames: z.array(z.string().max(1000)).max(10_000).optional(),
      connectionStrings: z.array(z.string().max(10_000)).max(1000).optional(),
      apiKeys: z.array(z.string().max(10_000)).max(1000).optional(),
      accountIds: z.array(z.string().max(1000)).max(1000).optional(),
    })
    .optional(),
  sourceCloud: LooseEnum(SourceCloudSchema),
  targetCloud: LooseEnum(TargetCloudSchema),
  strategy: LooseEnum(MigrationStrategySchema),
  /** Resource types as the deployment names them (`Amazon RDS`, `ec2`, `Azure Blob Storage`). */
  resourceTypes: z.array(z.string().min(1).max(200)).min(1).max(100),
  steps: z.array(RawMigrationStepSchema).max(500),
  success: z.boolean(),
  startedAt: IsoDateTime,
  finishedAt: IsoDateTime,
  /** Monthly cost before and after, any currency (≥ 0); used when `costSavingsPercent` is absent. */
  monthlyCostBefore: z.number().finite().min(0).optional(),
  monthlyCostAfter: z.number().finite().min(0).optional(),
  costSavingsPercent: z.number().finite().optional(),
  notes: FreeText.optional(),
});
/** A raw migration record. */
export type RawMigration = z.infer<typeof RawMigrationSchema>;

/** Options of {@link anonymizeMigration}. */
export interface AnonymizeMigrationOptions {
  /**
   * The network's secret salt: the HMAC key of pseudonyms and ids. At least 16 bytes
   * (UTF-8 for a string). Keep it secret: with it, deployment ids can be enumerated.
   */
  salt: string | Uint8Array;
  /** More names to redact from step names and errors (the record's own identifiers are always added). @default [] */
  knownIdentifiers?: readonly string[];
  /**
   * When the contribution is made (ISO 8601).
   * @default the UTC day of `finishedAt` at midnight (a day, so the exact time does not fingerprint the record)
   */
  contributedAt?: string;
  /**
   * When `true`, return `{ contribution, findings }`: the contribution and a report of
   * what was redacted and dropped (kinds and counts, never the values).
   * @default false
   */
  report?: boolean;
}

/** What {@link anonymizeMigration} removed from one record: kinds and counts, never the values. */
export interface MigrationFindingsReport extends FindingsReport {
  /** The free-text fields that had findings, with their own counts (`path` as in `issues[].path`: `['steps', 0, 'error']`). */
  fields: Array<{ path: Array<string | number>; total: number; byKind: FindingsReport['byKind'] }>;
  /** Fields of the raw record that never leave the deployment and were present (`customer`, `notes`, `steps[].command`, …). */
  dropped: string[];
}

/** The result of {@link anonymizeMigration} with `report: true`. */
export interface AnonymizedMigration {
  /** The contribution, as {@link anonymizeMigration} returns it without `report`. */
  contribution: Contribution;
  /** What was redacted from its free-text fields and which raw fields were dropped. */
  findings: MigrationFindingsReport;
}

const OptionsSchema = z.object({
  report: z.boolean().optional(),
  salt: z
    .union([z.string(), z.instanceof(Uint8Array)])
    .refine(
      (salt) => (typeof salt === 'string' ? utf8ToBytes(salt) : salt).length >= 16,
      'salt must be at least 16 bytes',
    ),
  knownIdentifiers: z.array(z.string().max(1000)).max(10_000).optional(),
  contributedAt: IsoDateTime.optional(),
});

/**
 * Thrown by {@link anonymizeMigration} when, after anonymization, one of the record's own
 * identifiers is still present in the contribution (a defence-in-depth check that
 * should never fire). Nothing is returned. Code `E_RESIDUAL_IDENTIFIER`.
 *
 * @example
 * ```ts
 * try { anonymizeMigration(raw, { salt }); } catch (error) { if (error instanceof ResidualIdentifierError) console.error(error.path); }
 * ```
 */
export class ResidualIdentifierError extends PollinateError {
  /** Where in the contribution the identifier was found, e.g. `['steps', 2, 'error']`. */
  readonly path: (string | number)[];

  /** @param path - where the identifier was found */
  constructor(path: (string | number)[]) {
    super(
      'E_RESIDUAL_IDENTIFIER',
      `an identifier of the raw record survived anonymization at ${path.join('.')}`,
    );
    this.path = path;
  }
}

/**
 * Type guard for {@link ResidualIdentifierError}: checks `name` and `code`, not class identity, so it works
 * across package copies (ESM and CJS builds loaded together).
 *
 * @param error - anything caught
 * @returns `true` when an identifier of the raw record survived anonymization
 * @example
 * ```ts
 * if (isResidualIdentifierError(error)) console.error(error.path);
 * ```
 */
export function isResidualIdentifierError(error: unknown): error is ResidualIdentifierError {
  return isErrorOf(error, 'ResidualIdentifierError', 'E_RESIDUAL_IDENTIFIER');
}

function base64url(bytes: Uint8Array): string {
  let text = toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_');
  while (text.endsWith('=')) text = text.slice(0, -1);
  return text;
}

/**
 * Keyed pseudonym of a deployment id: HMAC-SHA-256 (RFC 2104, FIPS 180-4) keyed with the
 * network's salt, in base64url without padding (43 characters). Unlike a plain or
 * truncated hash, it cannot be reversed by enumerating candidate ids without the salt.
 *
 * @param salt - the network's secret salt (≥ 16 bytes)
 * @param deploymentId - the raw deployment id
 * @returns a 43-character base64url pseudonym
 * @throws `ValidationError` (`@pollinate/core`) when the salt is shorter than 16 bytes
 * @example
 * ```ts
 * pseudonymize('network-salt-0123456789', 'deployment-42'); // stable 43-character string
 * ```
 */
export function pseudonymize(salt: string | Uint8Array, deploymentId: string): string {
  const { salt: key } = parseWith(OptionsSchema, { salt }, 'pseudonym options');
  return base64url(hmac(sha256, typeof key === 'string' ? utf8ToBytes(key) : key, utf8ToBytes(deploymentId)));
}

function cutAt(text: string, limit: number): string {
  if (text.length <= limit) return text;
  let end = limit;
  for (const [start, stop] of findPlaceholders(text)) {
    if (start < end && stop > end) end = start;
  }
  return text.slice(0, end);
}

function round(value: number, step: number): number {
  return Math.round(value / step) * step;
}

function secondsBetween(start: string | undefined, end: string | undefined): number | undefined {
  if (!start || !end) return undefined;
  const seconds = (Date.parse(end) - Date.parse(start)) / 1000;
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}

function identifyingValues(raw: RawMigration): string[] {
  const values = [
    raw.deploymentId,
    raw.migrationId,
    raw.customer?.name,
    ...(raw.customer?.contactEmails ?? []),
    ...(raw.customer?.accountIds ?? []),
    ...Object.values(raw.environment ?? {}).flat(),
  ];
  return values.filter((value): value is string => typeof value === 'string' && value.trim().length >= 3);
}

/**
 * Turns a raw migration record into a network `Contribution` (`@pollinate/core`) that keeps only
 * technical facts: clouds, strategy, resource types (mapped onto a fixed vocabulary,
 * unknown ones become `Other`), step actions and errors (through {@link anonymizeText},
 * with the record's own identifiers added to `knownIdentifiers`), step durations, outcome,
 * total duration and cost savings. Commands, output, notes, customer and environment
 * data are dropped. Numbers are coarsened so rare exact values do not fingerprint a
 * customer: durations to whole minutes, cost savings to one decimal (clamped to
 * −1000…100 %).
 *
 * - `contributor` = {@link pseudonymize}(salt, deploymentId): HMAC-SHA-256, base64url.
 * - `id` = `m-` + base64url(HMAC-SHA-256(salt, `contribution` ␀ deploymentId ␀ migrationId)),
 *   so anonymizing the same record twice gives the same id (and the network dedupes it).
 *
 * Deterministic: the same record, salt and options give the same contribution.
 *
 * @param raw - the raw record (see {@link RawMigrationSchema}); untrusted
 * @param options - `salt` (required), `knownIdentifiers`, `contributedAt`
 * @returns a contribution valid under core's `ContributionSchema`; with `report: true`,
 *   `{ contribution, findings }` (see {@link MigrationFindingsReport})
 * @throws `ValidationError` (`@pollinate/core`) when `raw` or the options are malformed (every bad field named)
 * @throws {@link ResidualIdentifierError} if an identifier of the record survived (should never happen)
 * @example
 * ```ts
 * const contribution = anonymizeMigration(
 *   {
 *     deploymentId: 'acme-prod-eu', migrationId: 'MIG-0042', customer: { name: 'Acme Corp' },
 *     sourceCloud: 'on-prem', targetCloud: 'aws', strategy: 'replatform', resourceTypes: ['Oracle Database', 'Amazon RDS'],
 *     steps: [{ action: 'schema-conversion', durationSeconds: 3725, success: false,
 *               error: 'ORA-00942: table ACME.ORDERS does not exist on 10.1.2.3' }],
 *     success: false, startedAt: '2026-11-02T08:00:00Z', finishedAt: '2026-11-02T10:31:10Z', costSavingsPercent: 23.456,
 *   },
 *   { salt: 'the-network-salt-0123456789' },
 * );
 * contribution.steps[0]; // { action: 'schema-conversion', durationSeconds: 3720, success: false, error: 'ORA-00942: table [NAME].ORDERS does not exist on [IP]' }
 * contribution.costSavingsPercent; // 23.5
 *
 * // With a report of what was removed (kinds and counts, never the values):
 * const { findings } = anonymizeMigration(raw, { salt: 'the-network-salt-0123456789', report: true });
 * // findings → { total: 2, byKind: { 'known-identifier': 1, ip: 1 },
 * //              fields: [{ path: ['steps', 0, 'error'], total: 2, byKind: { … } }], dropped: ['customer'] }
 * ```
 */
export function anonymizeMigration(
  raw: unknown,
  options: AnonymizeMigrationOptions & { report: true },
): AnonymizedMigration;
export function anonymizeMigration(raw: unknown, options: AnonymizeMigrationOptions): Contribution;
export function anonymizeMigration(
  raw: unknown,
  options: AnonymizeMigrationOptions,
): Contribution | AnonymizedMigration {
  const record = parseWith(RawMigrationSchema, raw, 'raw migration');
  const parsed = parseWith(OptionsSchema, options, 'anonymizeMigration options');
  const key = typeof parsed.salt === 'string' ? utf8ToBytes(parsed.salt) : parsed.salt;
  const ownIdentifiers = identifyingValues(record);
  const knownIdentifiers = [...(parsed.knownIdentifiers ?? []), ...ownIdentifiers];
  const allFindings: Finding[] = [];
  const fields: MigrationFindingsReport['fields'] = [];
  const scrub = (text: string, limit: number, path: Array<string | number>) => {
    const result = anonymizeText(text, { knownIdentifiers });
    if (result.findings.length > 0) {
      allFindings.push(...result.findings);
      fields.push({ path, ...summarizeFindings(result.findings) });
    }
    return cutAt(result.text, limit);
  };

  const steps = record.steps.map((step, index) => {
    const seconds = step.durationSeconds ?? secondsBetween(step.startedAt, step.finishedAt) ?? 0;
    const action = scrub(step.action, 200, ['steps', index, 'action']).trim();
    const error = step.error === undefined ? undefined : scrub(step.error, 2000, ['steps', index, 'error']);
    return {
      action: action.length > 0 ? action : 'step',
      durationSeconds: round(seconds, 60),
      success: step.success,
      ...(error === undefined ? {} : { error }),
    };
  });

  const totalSeconds = secondsBetween(record.startedAt, record.finishedAt) ?? 0;
  let savings = record.costSavingsPercent;
  if (
    savings === undefined &&
    record.monthlyCostBefore !== undefined &&
    record.monthlyCostAfter !== undefined
  ) {
    savings =
      record.monthlyCostBefore > 0
        ? ((record.monthlyCostBefore - record.monthlyCostAfter) / record.monthlyCostBefore) * 100
        : 0;
  }
  const costSavingsPercent = round(Math.min(100, Math.max(-1000, savings ?? 0)), 0.1);

  const resourceTypes = [...new Set(record.resourceTypes.map(canonicalResourceType))].sort();
  const day = new Date(Date.parse(record.finishedAt)).toISOString().slice(0, 10);
  const idInput = `contribution\u0000${record.deploymentId}\u0000${record.migrationId}`;

  const contribution = parseWith(
    ContributionSchema,
    {
      id: `m-${base64url(hmac(sha256, key, utf8ToBytes(idInput)))}`,
      contributor: base64url(hmac(sha256, key, utf8ToBytes(record.deploymentId))),
      sourceCloud: record.sourceCloud,
      targetCloud: record.targetCloud,
      strategy: record.strategy,
      resourceTypes,
      steps,
      success: record.success,
      durationHours: round(totalSeconds / 60, 1) / 60,
      costSavingsPercent: Number(costSavingsPercent.toFixed(1)),
      contributedAt: parsed.contributedAt ?? `${day}T00:00:00Z`,
    },
    'contribution',
  );
  assertNoResidualIdentifiers(contribution, ownIdentifiers);
  if (parsed.report !== true) return contribution;
  const dropped: string[] = (['customer', 'environment', 'notes'] as const).filter(
    (field) => record[field] !== undefined,
  );
  for (const field of ['command', 'output'] as const)
    if (record.steps.some((step) => step[field] !== undefined)) dropped.push(`steps[].${field}`);
  return { contribution, findings: { ...summarizeFindings(allFindings), fields, dropped } };
}

function assertNoResidualIdentifiers(contribution: Contribution, identifiers: readonly string[]): void {
  const folded = identifiers.map((identifier) => foldCase(identifier.trim()));
  contribution.steps.forEach((step, index) => {
    for (const field of ['action', 'error'] as const) {
      const value = step[field];
      if (value === undefined) continue;
      // Placeholders are ours: a customer called "Name" must not match `[NAME]`.
      let text = '';
      let cursor = 0;
      for (const [start, end] of findPlaceholders(value)) {
        text += `${foldCase(value.slice(cursor, start))}\u0000`;
        cursor = end;
      }
      text += foldCase(value.slice(cursor));
      if (folded.some((identifier) => text.includes(identifier))) {
        throw new ResidualIdentifierError(['steps', index, field]);
      }
    }
  });
}
