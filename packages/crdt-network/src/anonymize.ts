/**
 * `@pollinate/crdt-network/anonymize`: **deprecated** — the anonymizer moved to its own
 * package, `@pollinate/anonymize`, so that scanners and browsers need not load Automerge.
 * This entry point re-exports the names it had for one minor version (0.2) and will be
 * removed after it. Replace `@pollinate/crdt-network/anonymize` with `@pollinate/anonymize`
 * in your imports; nothing else changes (the exports below are the same functions, schemas
 * and classes, so `instanceof` and identity checks keep working).
 *
 * @deprecated Import from `@pollinate/anonymize` instead.
 * @packageDocumentation
 */
import * as anonymize from '@pollinate/anonymize';

/** @deprecated Import `AnonymizeMigrationOptions` from `@pollinate/anonymize`. */
export type AnonymizeMigrationOptions = anonymize.AnonymizeMigrationOptions;
/** @deprecated Import `AnonymizeTextOptions` from `@pollinate/anonymize`. */
export type AnonymizeTextOptions = anonymize.AnonymizeTextOptions;
/** @deprecated Import `AnonymizeTextResult` from `@pollinate/anonymize`. */
export type AnonymizeTextResult = anonymize.AnonymizeTextResult;
/** @deprecated Import `Finding` from `@pollinate/anonymize`. */
export type Finding = anonymize.Finding;
/** @deprecated Import `FindingKind` from `@pollinate/anonymize`. */
export type FindingKind = anonymize.FindingKind;
/** @deprecated Import `RawMigration` from `@pollinate/anonymize`. */
export type RawMigration = anonymize.RawMigration;
/** @deprecated Import `RawMigrationStep` from `@pollinate/anonymize`. */
export type RawMigrationStep = anonymize.RawMigrationStep;

/** @deprecated Import `anonymizeMigration` from `@pollinate/anonymize`. */
export const anonymizeMigration: typeof anonymize.anonymizeMigration = anonymize.anonymizeMigration;
/** @deprecated Import `anonymizeText` from `@pollinate/anonymize`. */
export const anonymizeText: typeof anonymize.anonymizeText = anonymize.anonymizeText;
/** @deprecated Import `pseudonymize` from `@pollinate/anonymize`. */
export const pseudonymize: typeof anonymize.pseudonymize = anonymize.pseudonymize;
/** @deprecated Import `canonicalResourceType` from `@pollinate/anonymize`. */
export const canonicalResourceType: typeof anonymize.canonicalResourceType = anonymize.canonicalResourceType;
/** @deprecated Import `RawMigrationSchema` from `@pollinate/anonymize`. */
export const RawMigrationSchema: typeof anonymize.RawMigrationSchema = anonymize.RawMigrationSchema;
/** @deprecated Import `RawMigrationStepSchema` from `@pollinate/anonymize`. */
export const RawMigrationStepSchema: typeof anonymize.RawMigrationStepSchema =
  anonymize.RawMigrationStepSchema;
/** @deprecated Import `FINDING_KINDS` from `@pollinate/anonymize`. */
export const FINDING_KINDS: typeof anonymize.FINDING_KINDS = anonymize.FINDING_KINDS;
/** @deprecated Import `PLACEHOLDERS` from `@pollinate/anonymize`. */
export const PLACEHOLDERS: typeof anonymize.PLACEHOLDERS = anonymize.PLACEHOLDERS;
/** @deprecated Import `RESOURCE_TYPES` from `@pollinate/anonymize`. */
export const RESOURCE_TYPES: typeof anonymize.RESOURCE_TYPES = anonymize.RESOURCE_TYPES;
/** @deprecated Import `ResidualIdentifierError` from `@pollinate/anonymize`. */
export const ResidualIdentifierError: typeof anonymize.ResidualIdentifierError =
  anonymize.ResidualIdentifierError;
/** @deprecated Import `ResidualIdentifierError` from `@pollinate/anonymize`. */
export type ResidualIdentifierError = anonymize.ResidualIdentifierError;
