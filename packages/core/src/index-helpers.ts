/**
 * `@pollinate/core/helpers` — small helpers the Pollinate packages share, each defined once
 * here: validating with a zod schema into a `ValidationError`, formatting issue paths,
 * base64, code-unit string order, plain-object and safe-key tests, and the scans every
 * parser runs on outside data. Public and documented, but kept out of the package root so
 * that the root lists the data model only.
 *
 * @packageDocumentation
 */
export { formatPath, isErrorOf } from './errors.js';
export { toBase64 } from './fingerprint.js';
export { compareStrings, isRecord, seededRandom } from './helpers.js';
export { isSafeKey } from './identifiers.js';
export { jsonDepthExceededAt } from './json.js';
export { forbiddenKeyIssues, parseWith, type SafeParseResult, safeParseWith } from './parse.js';
