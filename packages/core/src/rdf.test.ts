import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { DataFactory, Parser, Store } from 'n3';
import SHACLValidator from 'rdf-validate-shacl';
import { describe, expect, it } from 'vitest';
import { PollinateError, ValidationError } from './errors.js';
import type { ListingInput } from './listing.js';
import { parseListing } from './parse.js';
import {
  fromTurtle,
  LISTING_SHAPES_TURTLE,
  POLLINATE_NAMESPACE,
  POLLINATE_VOCABULARY_TURTLE,
  TurtleSyntaxError,
  toTurtle,
} from './rdf.js';
import { listingArbitrary, listingsArbitrary } from './testing/arbitraries.js';

const vocabDir = join(import.meta.dirname, '..', 'vocab');

const base: ListingInput = {
  id: 'acme/circuit-breaker',
  name: 'Circuit Breaker',
  version: '2.1.0',
  publisher: { id: 'acme', name: 'Acme Platform' },
  description: 'Stops calling a failing dependency.',
  category: 'resilience',
  tags: ['fault-tolerance', 'resilience'],
  license: 'MIT',
  publishedAt: '2026-11-21T09:30:00Z',
  pricing: { model: 'subscription', price: { amount: 9.99, currency: 'USD' }, interval: 'month' },
  dependencies: { 'acme/retry': '^1.2.0' },
  metadata: { excellenceTier: 'gold', whenToUse: ['remote calls'] },
};

function errorOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

const PREFIXES = `@prefix pollinate: <${POLLINATE_NAMESPACE}>. @prefix schema: <https://schema.org/>.
@prefix spdx: <https://spdx.org/rdf/3.0.1/terms/SimpleLicensing/>. @prefix xsd: <http://www.w3.org/2001/XMLSchema#>.`;

const minimal = (extra = '', name = 'schema:name "Retry";') => `${PREFIXES}
<urn:l> a pollinate:Listing; schema:identifier "acme/retry"; ${name} schema:version "1.0.0";
  schema:publisher [ schema:identifier "acme"; schema:name "Acme" ]; pollinate:category "resilience";
  spdx:licenseExpression "MIT"; schema:datePublished "2026-01-01T00:00:00Z"^^xsd:dateTime ${extra}.`;

describe('toTurtle', () => {
  it('uses schema.org, DOAP and SPDX terms', () => {
    const turtle = toTurtle([base]);
    expect(turtle).toContain('a schema:SoftwareSourceCode, doap:Project, pollinate:Listing');
    expect(turtle).toContain('schema:identifier "acme/circuit-breaker"');
    expect(turtle).toContain('schema:license <http://spdx.org/licenses/MIT>');
    expect(turtle).toContain('spdx:licenseExpression "MIT"');
    expect(turtle).toContain('doap:revision "2.1.0"');
    expect(turtle).toContain('schema:keywords "fault-tolerance", "resilience"');
    expect(turtle).toContain('schema:price 9.99;');
    expect(turtle).toContain('schema:datePublished "2026-11-21T09:30:00Z"^^xsd:dateTime');
    expect(fromTurtle(turtle)).toStrictEqual([parseListing(base)]);
  });

  it('writes an SPDX-list IRI only for a single listed license', () => {
    expect(toTurtle([{ ...base, license: 'MIT OR Apache-2.0' }])).not.toContain('schema:license');
    expect(toTurtle([{ ...base, license: 'LicenseRef-acme' }])).not.toContain('schema:license');
  });

  it('writes an empty catalog for no listings and reads it back', () => {
    expect(fromTurtle(toTurtle([]))).toEqual([]);
  });

  it('gives repeated id@version their own IRIs and keeps order', () => {
    const second = { ...base, name: 'Second copy' };
    const turtle = toTurtle([base, second]);
    expect(turtle).toContain('/acme/circuit-breaker/2.1.0/copy-2>');
    expect(fromTurtle(turtle).map((listing) => listing.name)).toEqual(['Circuit Breaker', 'Second copy']);
  });

  it('rejects an invalid listing with a ValidationError whose path starts with its index', () => {
    const error = errorOf(() => toTurtle([base, { ...base, version: 'one' }]));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]?.path).toEqual([1, 'version']);
  });

  it('refuses a __proto__ key in a listing instead of dropping it', () => {
    const input = JSON.parse(JSON.stringify(base));
    Object.defineProperty(input.dependencies, '__proto__', { value: '^1.0.0', enumerable: true });
    const error = errorOf(() => toTurtle([input]));
    expect((error as ValidationError).issues[0]?.path).toEqual([0, 'dependencies', '__proto__']);
  });

  it('rejects a non-array and a relative base IRI', () => {
    expect(errorOf(() => toTurtle('x' as never))).toBeInstanceOf(ValidationError);
    // biome-ignore lint/suspicious/noSparseArray: a sparse array is the point of this check
    expect((errorOf(() => toTurtle([base, , base] as never)) as ValidationError).issues[0]?.path).toEqual([
      1,
    ]);
    const error = errorOf(() => toTurtle([base], { baseIri: 'patterns/' }));
    expect((error as ValidationError).issues[0]?.path).toEqual(['baseIri']);
  });
});

describe('fromTurtle', () => {
  it('reads hand-written Turtle without a catalog, tags from schema:keywords and the license from an SPDX IRI', () => {
    const turtle = `${PREFIXES}
      <urn:b> a pollinate:Listing; schema:identifier "acme/b"; schema:name "B"; schema:version "1.0.0";
        schema:publisher [ schema:identifier "acme"; schema:name "Acme" ]; pollinate:category "data";
        schema:license <http://spdx.org/licenses/Apache-2.0>; schema:keywords "cache";
        schema:datePublished "2026-01-01T00:00:00Z"^^xsd:dateTime.
      <urn:a> a pollinate:Listing; schema:identifier "acme/a"; schema:name "A"; schema:version "0.1.0";
        schema:publisher [ schema:identifier "acme"; schema:name "Acme" ]; pollinate:category "data";
        spdx:licenseExpression "MIT"; schema:datePublished "2026-01-01T00:00:00Z"^^xsd:dateTime.`;
    const listings = fromTurtle(turtle);
    expect(listings.map((listing) => listing.id)).toEqual(['acme/b', 'acme/a']);
    expect(listings[0]?.license).toBe('Apache-2.0');
    expect(listings[0]?.tags).toEqual(['cache']);
    expect(listings[1]?.adoption).toEqual({ downloads: 0, activeInstalls: 0, organizations: 0 });
  });

  it('throws TurtleSyntaxError with the line for text that is not Turtle', () => {
    const error = errorOf(() => fromTurtle('@prefix x: <urn:x#>.\nx:a x:b "unterminated .'));
    expect(error).toBeInstanceOf(TurtleSyntaxError);
    expect(error).toBeInstanceOf(PollinateError);
    expect((error as TurtleSyntaxError).code).toBe('E_TURTLE_SYNTAX');
    expect((error as TurtleSyntaxError).line).toBe(2);
    expect(errorOf(() => fromTurtle(42 as never))).toBeInstanceOf(ValidationError);
  });

  it('names the missing field of a graph that is not a valid listing', () => {
    const error = errorOf(() => fromTurtle(minimal('', '')));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]?.path).toEqual([0, 'name']);
  });

  it('rejects repeated single-valued properties, IRIs for literals and bad numbers', () => {
    const repeated = errorOf(() => fromTurtle(minimal('', 'schema:name "A", "B";')));
    expect((repeated as ValidationError).message).toMatch(
      /expected one value of <https:\/\/schema.org\/name>, found 2/,
    );
    const iri = errorOf(() => fromTurtle(minimal('', 'schema:name <urn:not-a-literal>;')));
    expect((iri as ValidationError).message).toMatch(/expected a literal/);
    const number = errorOf(() =>
      fromTurtle(minimal('; pollinate:adoption [ pollinate:downloads "many"^^xsd:integer ]')),
    );
    expect((number as ValidationError).issues[0]?.path).toEqual([0, 'adoption', 'downloads']);
  });

  it('rejects malformed and cyclic RDF lists without hanging', () => {
    const cyclic = errorOf(() =>
      fromTurtle(
        minimal(
          '; pollinate:tags _:c. _:c <http://www.w3.org/1999/02/22-rdf-syntax-ns#first> "a"; <http://www.w3.org/1999/02/22-rdf-syntax-ns#rest> _:c',
        ),
      ),
    );
    expect((cyclic as ValidationError).message).toMatch(/cyclic RDF list/);
    const notList = errorOf(() => fromTurtle(minimal('; pollinate:tags "a"')));
    expect((notList as ValidationError).message).toMatch(/must be an RDF list/);
  });

  it('turns a __proto__ map key into a validation error, never a prototype change', () => {
    const turtle = minimal(
      '; pollinate:compatibility [ pollinate:runtimes ([ pollinate:name "__proto__"; pollinate:versionRange "^1" ]) ]',
    );
    const error = errorOf(() => fromTurtle(turtle));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]?.path.slice(0, 3)).toEqual([0, 'compatibility', 'runtimes']);
    expect(({} as Record<string, unknown>)['^1']).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('versionRange');
  });

  it('rejects an unknown pricing model', () => {
    const error = errorOf(() => fromTurtle(minimal('; schema:offers [ pollinate:pricingModel "barter" ]')));
    expect((error as ValidationError).issues[0]?.path).toEqual([0, 'pricing', 'model']);
  });
});

describe('vocabulary and shapes', () => {
  it('ships vocab/*.ttl identical to the exported constants', () => {
    expect(readFileSync(join(vocabDir, 'pollinate.ttl'), 'utf8')).toBe(POLLINATE_VOCABULARY_TURTLE);
    expect(readFileSync(join(vocabDir, 'shapes.ttl'), 'utf8')).toBe(LISTING_SHAPES_TURTLE);
  });

  it('defines every Pollinate term toTurtle uses', () => {
    const vocabulary = new Store(new Parser().parse(POLLINATE_VOCABULARY_TURTLE));
    const defined = new Set(vocabulary.getSubjects(null, null, null).map((term) => term.value));
    const sample = fc.sample(listingArbitrary(), { numRuns: 8, seed: 42 });
    const used = new Set<string>();
    for (const quad of new Parser().parse(toTurtle(sample))) {
      for (const term of [quad.predicate, quad.object]) {
        if (term.termType === 'NamedNode' && term.value.startsWith(POLLINATE_NAMESPACE)) used.add(term.value);
      }
    }
    expect(used.size).toBeGreaterThan(20);
    expect([...used].filter((term) => !defined.has(term))).toEqual([]);
  });

  it('toTurtle output conforms to the SHACL shapes; a broken graph does not', async () => {
    const shapes = new Store(new Parser().parse(LISTING_SHAPES_TURTLE));
    const validator = new SHACLValidator(shapes);
    const samples = fc.sample(listingsArbitrary({ maxListings: 3 }), { numRuns: 8, seed: 3 });
    for (const listings of samples) {
      const report = await validator.validate(new Store(new Parser().parse(toTurtle(listings))));
      expect(
        report.results.map((result) => `${result.path?.value}: ${result.message.map((m) => m.value)}`),
      ).toEqual([]);
      expect(report.conforms).toBe(true);
    }
    const broken = new Store(new Parser().parse(toTurtle([base])));
    const subject = DataFactory.namedNode('https://pollinate.dev/patterns/acme/circuit-breaker/2.1.0');
    broken.addQuad(
      subject,
      DataFactory.namedNode(`${POLLINATE_NAMESPACE}excellenceTier`),
      DataFactory.literal('platinum'),
    );
    broken.removeQuads(
      broken.getQuads(subject, DataFactory.namedNode('https://schema.org/name'), null, null),
    );
    const report = await new SHACLValidator(shapes).validate(broken);
    expect(report.conforms).toBe(false);
    expect(report.results.length).toBeGreaterThanOrEqual(2);
  });
});
