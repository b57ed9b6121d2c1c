/**
 * `@pollinate/anonymize`: the anonymizer every migration record passes
 * before it enters the pattern network. Usable on its own, in browsers and Node.
 *
 * @packageDocumentation
 */

export {
  type AnonymizedMigration,
  type AnonymizeMigrationOptions,
  anonymizeMigration,
  isResidualIdentifierError,
  type MigrationFindingsReport,
  pseudonymize,
  type RawMigration,
  RawMigrationSchema,
  type RawMigrationStep,
  RawMigrationStepSchema,
  ResidualIdentifierError,
} from './anonymize-migration.js';
export { type AnonymizeTextOptions, type AnonymizeTextResult, anonymizeText } from './anonymize-text.js';
export {
  FINDING_KINDS,
  type Finding,
  type FindingKind,
  type FindingsReport,
  PLACEHOLDERS,
  summarizeFindings,
} from './findings.js';
export { canonicalResourceType, RESOURCE_TYPES } from './resource-types.js';
