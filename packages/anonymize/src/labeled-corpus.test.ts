import { anonymizeText } from '@pollinate/anonymize';
import { describe, expect, it } from 'vitest';
import { evaluateRedaction, generateLabeledCorpus } from './labeled-corpus.js';
import { seedBaselineRedact } from './seed-baseline.js';

const corpus = generateLabeledCorpus({ size: 600, seed: 42 });
const ours = evaluateRedaction(corpus, (text, knownIdentifiers) => anonymizeText(text, { knownIdentifiers }));
const seed = evaluateRedaction(corpus, (text, knownIdentifiers) => {
  let out = seedBaselineRedact(text);
  for (const name of knownIdentifiers) out = out.split(name).join('[NAME]');
  return { text: out };
});

describe('labeled corpus evaluation', () => {
  it('generates at least 500 snippets covering every detector kind, with clean ones', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(500);
    const kinds = new Set(corpus.flatMap((snippet) => snippet.planted.map((value) => value.kind)));
    expect([...kinds].sort()).toEqual(
      [
        'account',
        'credit-card',
        'domain',
        'email',
        'ip',
        'known-identifier',
        'mac',
        'path',
        'resource-id',
        'secret',
        'stack-frame',
        'url',
        'uuid',
      ].sort(),
    );
    expect(corpus.filter((snippet) => snippet.clean).length).toBeGreaterThan(100);
    // Offsets label the right text.
    for (const snippet of corpus) {
      for (const value of snippet.planted)
        expect(snippet.text.slice(value.start, value.end)).toBe(value.value);
    }
  });

  it('is deterministic for a seed', () => {
    expect(generateLabeledCorpus({ size: 50, seed: 7 })).toEqual(
      generateLabeledCorpus({ size: 50, seed: 7 }),
    );
    expect(generateLabeledCorpus({ size: 50, seed: 7 })).not.toEqual(
      generateLabeledCorpus({ size: 50, seed: 8 }),
    );
  });

  it('meets the goals: recall ≥ 0.99 per kind, precision ≥ 0.95, technical kept ≥ 0.97, clean unchanged ≥ 0.99', () => {
    for (const [kind, score] of Object.entries(ours.perKind)) {
      if (score.planted > 0) expect(score.recall, `${kind} recall`).toBeGreaterThanOrEqual(0.99);
      expect(score.precision ?? 0, `${kind} precision`).toBeGreaterThanOrEqual(0.95);
    }
    expect(ours.recall).toBeGreaterThanOrEqual(0.99);
    expect(ours.spanRecall).toBeGreaterThanOrEqual(0.99);
    expect(ours.technicalKept).toBeGreaterThanOrEqual(0.97);
    expect(ours.cleanUnchanged).toBeGreaterThanOrEqual(0.99);
  });

  it("beats the seed's five regexes on recall and on keeping technical text", () => {
    expect(seed.recall).toBeLessThan(0.8);
    expect(seed.technicalKept).toBeLessThan(0.9);
    expect(ours.recall).toBeGreaterThan(seed.recall + 0.2);
    expect(ours.technicalKept).toBeGreaterThan(seed.technicalKept);
    expect(ours.cleanUnchanged).toBeGreaterThan(seed.cleanUnchanged);
  });

  it('is idempotent on every snippet and never falls back to full redaction', () => {
    for (const snippet of corpus) {
      const once = anonymizeText(snippet.text, { knownIdentifiers: snippet.knownIdentifiers });
      expect(once.findings.some((finding) => finding.kind === 'redacted')).toBe(false);
      const twice = anonymizeText(once.text, { knownIdentifiers: snippet.knownIdentifiers });
      expect(twice).toEqual({ text: once.text, findings: [] });
    }
  });

  it('scores a redactor that does nothing at zero recall, and one that deletes everything at zero technical kept', () => {
    const nothing = evaluateRedaction(corpus.slice(0, 100), (text) => ({ text }));
    expect(nothing.recall).toBe(0);
    expect(nothing.technicalKept).toBe(1);
    const everything = evaluateRedaction(corpus.slice(0, 100), () => ({ text: '' }));
    expect(everything.recall).toBe(1);
    expect(everything.technicalKept).toBe(0);
  });
});
