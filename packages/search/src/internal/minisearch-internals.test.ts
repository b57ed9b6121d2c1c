import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import {
  BM25_B,
  BM25_D,
  BM25_K,
  FUZZY_WEIGHT,
  MiniSearchInternals,
  PREFIX_WEIGHT,
} from './minisearch-internals.js';

// These tests guard the text scorer's dependency on MiniSearch's private fields. If one
// fails after a MiniSearch upgrade, the scorer can no longer reproduce `MiniSearch#search`:
// keep the `~7.2` pin, or port `minisearch-internals.ts` (and the scorer) to the new
// internals and run `text-scorer.property.test.ts`.

interface Doc {
  id: string;
  name: string;
  description: string;
}

const docs: Doc[] = [
  { id: 'a', name: 'retry with backoff', description: 'retry a flaky call after waiting' },
  { id: 'b', name: 'circuit breaker', description: 'stop calling a failing service' },
  { id: 'c', name: 'bulkhead', description: 'isolate failures; retry elsewhere' },
];

function engine(): MiniSearch<Doc> {
  const index = new MiniSearch<Doc>({ fields: ['name', 'description'] });
  index.addAll(docs);
  return index;
}

describe('MiniSearch internals the text scorer reads (fails loudly on a MiniSearch upgrade)', () => {
  it('the installed MiniSearch is a 7.2 release', () => {
    const entry = createRequire(import.meta.url).resolve('minisearch'); // …/minisearch/dist/cjs/index.cjs
    const manifest = JSON.parse(readFileSync(join(dirname(entry), '..', '..', 'package.json'), 'utf8')) as {
      name: string;
      version: string;
    };
    expect(manifest.name).toBe('minisearch');
    expect(manifest.version).toMatch(/^7\.2\./);
  });

  it('has every private field, of the kind and shape the adapter declares', () => {
    const raw = engine() as unknown as Record<string, unknown>;
    expect(typeof (raw._index as { get?: unknown }).get).toBe('function');
    expect(typeof (raw._index as { has?: unknown }).has).toBe('function');
    expect(typeof (raw._index as { atPrefix?: unknown }).atPrefix).toBe('function');
    expect(typeof (raw._index as { fuzzyGet?: unknown }).fuzzyGet).toBe('function');
    expect(raw._fieldIds).toEqual({ name: 0, description: 1 });
    expect(raw._fieldLength).toBeInstanceOf(Map);
    expect(Array.isArray(raw._avgFieldLength)).toBe(true);
    expect(raw._documentCount).toBe(3);
    expect(raw._idToShortId).toBeInstanceOf(Map);
  });

  it('reads postings, lengths and ids with the contents the scorer assumes', () => {
    const index = engine();
    const internals = new MiniSearchInternals(index as MiniSearch<unknown>);
    const nameField = internals.fieldId('name') as number;
    const descriptionField = internals.fieldId('description') as number;
    expect(internals.fieldId('tags')).toBeUndefined();

    // Postings: term → field id → short id → term frequency.
    const retry = internals.terms.get('retry');
    expect(retry).toBeInstanceOf(Map);
    const shortA = internals.shortId('a') as number;
    const shortC = internals.shortId('c') as number;
    expect(typeof shortA).toBe('number');
    expect(retry?.get(nameField)?.get(shortA)).toBe(1);
    expect(retry?.get(descriptionField)?.get(shortA)).toBe(1);
    expect(retry?.get(descriptionField)?.get(shortC)).toBe(1);
    expect(internals.terms.has('breaker')).toBe(true);
    expect(internals.terms.has('nothing')).toBe(false);
    expect([...internals.terms.atPrefix('re')].map(([term]) => term).sort()).toEqual(['retry']);
    expect(internals.terms.atPrefix('ret').keys().next().value).toBe('retry');
    const fuzzy = internals.terms.fuzzyGet('retri', 1);
    expect(fuzzy.get('retry')?.[1]).toBe(1); // [postings, edit distance]

    // Field lengths by short id and field id; averages by field id.
    expect(internals.fieldLengths(shortA)?.[nameField]).toBe(3);
    expect(internals.fieldLengths(shortA)?.[descriptionField]).toBe(6);
    expect(internals.documentCount).toBe(3);
    expect(internals.averageFieldLength(nameField)).toBeCloseTo((3 + 2 + 1) / 3, 12);

    // Read live: MiniSearch updates the fields in place.
    index.remove(docs[2] as Doc);
    expect(internals.documentCount).toBe(2);
    expect(internals.shortId('c')).toBeUndefined();
    index.add({ id: 'd', name: 'retry budget', description: 'limit retries' });
    expect(internals.documentCount).toBe(3);
    expect(
      internals.terms
        .get('budget')
        ?.get(nameField)
        ?.get(internals.shortId('d') as number),
    ).toBe(1);
  });

  it("MiniSearch's default BM25+ parameters and match weights are the scorer's constants", () => {
    const options = (
      engine() as unknown as {
        _options: {
          searchOptions: { bm25: { k: number; b: number; d: number }; weights: Record<string, number> };
        };
      }
    )._options.searchOptions;
    expect(options.bm25).toEqual({ k: BM25_K, b: BM25_B, d: BM25_D });
    expect(options.weights).toEqual({ prefix: PREFIX_WEIGHT, fuzzy: FUZZY_WEIGHT });
  });

  it('refuses an engine without the internals, naming the MiniSearch range to install', () => {
    for (const field of [
      '_index',
      '_fieldIds',
      '_fieldLength',
      '_avgFieldLength',
      '_documentCount',
      '_idToShortId',
    ]) {
      const index = engine();
      (index as unknown as Record<string, unknown>)[field] = undefined;
      expect(() => new MiniSearchInternals(index as MiniSearch<unknown>), field).toThrow(/minisearch ~7\.2/);
    }
  });
});
