import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PollinateError } from './errors.js';
import { importPackageManifest } from './import-manifest.js';
import { type ImportResult, importMarkdownLibrary, importMarkdownPattern } from './import-markdown.js';
import { safeParseListing } from './parse.js';

const KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'title',
  'description',
  'type',
  'category',
  'tags',
  'excellence_tier',
  'pattern_status',
  'status',
  'current_relevance',
  'introduced',
  'difficulty',
  'prerequisites',
  'when_to_use',
  'when-not-to-use',
  'trade_offs',
  'best_for',
  'modern_examples',
  'production_checklist',
  'essential_question',
  'tagline',
  'license',
  'last_updated',
];

/** Junk values of every JSON type, with pattern-like strings, huge strings and nesting. */
const junkValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string(),
    fc.string({ unit: 'binary', maxLength: 50 }),
    fc.constantFrom(
      'gold',
      'platinum',
      'gold|silver|bronze',
      'YYYY-MM',
      '2014-06',
      'pattern',
      'guide',
      'x|y',
      '',
    ),
    fc.nat(5000).map((length) => 'x'.repeat(length * 3)),
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(
      fc.constantFrom(...KEYS, 'pros', 'cons', 'company', 'implementation', 'scale'),
      tie('value'),
      {
        maxKeys: 4,
      },
    ),
  ),
})).value;

/** A front-matter object with own `__proto__` keys kept (written with defineProperty). */
const frontMatter = fc
  .array(fc.tuple(fc.constantFrom(...KEYS), junkValue), { maxLength: 12 })
  .map((entries) => {
    const object: Record<string, unknown> = {};
    for (const [key, value] of entries) {
      Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
    }
    return object;
  });

const body = fc.oneof(
  fc.string(),
  fc
    .array(
      fc.constantFrom(
        '# Title',
        '## Essential Question',
        '**Why?**',
        '### ✅ Use When',
        "### ❌ DON'T Use When",
        '| a | b |',
        '|---|---|',
        '| **x** | y |',
        '- item',
        '- [Retry](./retry-backoff.md) - reason',
        '## Related Patterns',
        '### Alternative Patterns',
        '```',
        '[[[[[[[[[[[[',
        '## See Also',
        'prose words here and there',
      ),
      { maxLength: 40 },
    )
    .map((lines) => lines.join('\n')),
);

const path = fc.oneof(
  fc.constantFrom(
    'resilience/x.md',
    'index.md',
    'a/b/c/pattern-gold.md',
    'top.md',
    'scaling/tile.markdown',
    'x.txt',
  ),
  fc.string({ minLength: 1, maxLength: 30 }).map((name) => `resilience/${name}.md`),
  fc.string({ minLength: 1, maxLength: 30 }),
);

// Serialized as YAML flow (JSON is YAML), or raw junk between the fences.
const document = fc.oneof(
  // A declared pattern whose other values are junk.
  fc
    .tuple(frontMatter, body)
    .map(
      ([data, text]) => `---\n${JSON.stringify({ type: 'pattern', title: 'Junk', ...data })}\n---\n${text}`,
    ),
  fc.tuple(frontMatter, body).map(([data, text]) => `---\n${JSON.stringify(data)}\n---\n${text}`),
  fc.tuple(fc.string(), body).map(([yaml, text]) => `---\n${yaml}\n---\n${text}`),
  fc.string({ unit: 'binary' }),
);

function checkResult(result: ImportResult): void {
  expect(Boolean(result.listing) !== Boolean(result.skipped)).toBe(true);
  if (result.listing) expect(safeParseListing(result.listing).success).toBe(true);
  for (const warning of result.warnings) {
    expect(typeof warning.field).toBe('string');
    expect(warning.value.length).toBeLessThanOrEqual(120);
  }
}

describe('importers on junk input', () => {
  it('importMarkdownPattern never throws and never returns an invalid listing', () => {
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    let listings = 0;
    let warnings = 0;
    fc.assert(
      fc.property(document, path, (text, filePath) => {
        const result = importMarkdownPattern(text, { path: filePath });
        checkResult(result);
        if (result.listing) listings += 1;
        warnings += result.warnings.length;
      }),
      { numRuns: 400 },
    );
    // The generator reaches the interesting paths, not only skips.
    expect(listings).toBeGreaterThan(20);
    expect(warnings).toBeGreaterThan(20);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('importMarkdownLibrary keeps ids unique and every listing valid', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(document, path), { maxLength: 8 }), (entries) => {
        const result = importMarkdownLibrary(entries.map(([text, filePath]) => ({ path: filePath, text })));
        const ids = result.listings.map((listing) => listing.id);
        expect(new Set(ids).size).toBe(ids.length);
        for (const listing of result.listings) expect(safeParseListing(listing).success).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('throws nothing but PollinateError for junk arguments', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), (text, options) => {
        for (const run of [
          () => importMarkdownPattern(text as string, options as never),
          () => importMarkdownLibrary(text as never, options as never),
          () => importPackageManifest(text, options as never),
        ]) {
          try {
            run();
          } catch (error) {
            expect(error).toBeInstanceOf(PollinateError);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
