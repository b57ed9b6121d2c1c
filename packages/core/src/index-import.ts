/**
 * `@pollinate/core/import` — importers from real formats: Markdown pattern pages with YAML
 * front matter (one page, or a whole library) and package manifests. Its own entry point
 * because it loads a YAML parser and the front-matter and section readers that only
 * importing needs.
 *
 * @packageDocumentation
 */
export { importPackageManifest, type ManifestImportOptions } from './import-manifest.js';
export {
  DEFAULT_IMPORT_LICENSE,
  DEFAULT_IMPORT_PUBLISHED_AT,
  DEFAULT_IMPORT_PUBLISHER,
  DEFAULT_IMPORT_VERSION,
  type ImportResult,
  type ImportWarning,
  importMarkdownLibrary,
  importMarkdownPattern,
  type LibraryFile,
  type LibraryImportResult,
  type MarkdownImportOptions,
  type MarkdownLibraryOptions,
  type SkipKind,
  type SkipReason,
} from './import-markdown.js';
export { markdownHeadings } from './markdown.js';
