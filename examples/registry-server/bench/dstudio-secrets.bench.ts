/**
 * False positives of the secret scanner on the DStudio pattern library (a public, teaching
 * library: none of its code samples holds a real credential). Each importable pattern's
 * Markdown is scanned as a package README; a pattern is refused when a finding is
 * `high` or `critical`. "Before" counts the generic keyed-value findings the retuned
 * scanner now reports as `low` (`/not-a-literal`), i.e. what the untuned scanner refused.
 *
 * Run: `node --import tsx bench/dstudio-secrets.bench.ts` (skips without the dataset).
 */
import { parsePatternPackage } from '@pollinate/core';
import { importMarkdownLibrary } from '@pollinate/core/import';
import { dstudioAvailable, readMarkdownFiles } from '../../../scripts/datasets.js';
import { samplePackage } from '../src/fixtures.js';
import { createAnonymizerScanner } from '../src/security-scanner.js';

if (!dstudioAvailable()) {
  console.log('DStudio library not found: skipped');
  process.exit(0);
}
const files = readMarkdownFiles();
const result = importMarkdownLibrary(files, { publishedAt: '2026-11-21T00:00:00Z' });
const skipped = new Set(result.skipped.map((entry) => entry.path));
const patterns = files.filter((file) => !skipped.has(file.path));
const scanner = createAnonymizerScanner();
let refusedBefore = 0;
let refusedAfter = 0;
let relaxed = 0;
const start = performance.now();
for (const file of patterns) {
  const pkg = parsePatternPackage(
    samplePackage('dstudio/pattern', '1.0.0', {
      fields: { documentation: { readme: file.text }, files: [], examples: [{ title: 'none', code: '' }] },
    }),
  );
  const findings = scanner.scan(pkg) as readonly { severity: string; rule: string }[];
  const blocking = (finding: { severity: string }) =>
    finding.severity === 'high' || finding.severity === 'critical';
  const retuned = findings.filter((finding) => finding.rule.endsWith('/not-a-literal'));
  relaxed += retuned.length;
  if (findings.some(blocking) || retuned.length > 0) refusedBefore++;
  if (findings.some(blocking)) {
    refusedAfter++;
    console.log(
      'refused:',
      file.path,
      findings.filter(blocking).map((finding) => finding.rule),
    );
  }
}
console.log(
  `| importable patterns | refused before (generic matches block) | refused after | matches judged not a literal | scan time |\n| ---: | ---: | ---: | ---: | ---: |\n| ${patterns.length} | ${refusedBefore} | ${refusedAfter} | ${relaxed} | ${(performance.now() - start).toFixed(0)} ms |`,
);
