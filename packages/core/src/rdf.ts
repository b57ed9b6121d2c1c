import type { BlankNode, Literal, NamedNode, Quad, Quad_Object, Term } from 'n3';
import { DataFactory, Parser, Writer } from 'n3';
import parseSpdx from 'spdx-expression-parse';
import { isErrorOf, PollinateError, ValidationError, type ValidationIssue } from './errors.js';
import { isSafeKey } from './identifiers.js';
import { type Listing, type ListingInput, ListingSchema } from './listing.js';
import { safeParseWith } from './parse.js';

export { LISTING_SHAPES_TURTLE, POLLINATE_VOCABULARY_TURTLE } from './rdf-vocabulary.js';

const { namedNode, literal } = DataFactory;

/**
 * The namespace of the Pollinate vocabulary (`vocab/pollinate.ttl` in this package).
 *
 * @example
 * ```ts
 * const tier = `${POLLINATE_NAMESPACE}excellenceTier`; // 'https://pollinate.dev/vocab#excellenceTier'
 * ```
 */
export const POLLINATE_NAMESPACE = 'https://pollinate.dev/vocab#';

/**
 * Where listing IRIs live unless {@link TurtleOptions.baseIri} says otherwise: `<base><scope>/<name>/<version>`.
 *
 * @example
 * ```ts
 * // <https://pollinate.dev/patterns/acme/retry/1.0.0> is the IRI of acme/retry 1.0.0
 * toTurtle([listing]).includes(`<${DEFAULT_LISTING_BASE_IRI}${listing.id}/${listing.version}>`); // true
 * ```
 */
export const DEFAULT_LISTING_BASE_IRI = 'https://pollinate.dev/patterns/';

/**
 * The prefixes `toTurtle` declares, by name: schema.org, DOAP, SPDX 3 simple licensing, XML
 * Schema datatypes, RDF and the Pollinate vocabulary.
 *
 * @example
 * ```ts
 * import { Parser, Store } from 'n3';
 *
 * const store = new Store(new Parser().parse(toTurtle(listings)));
 * const tiers = store.getObjects(null, `${TURTLE_PREFIXES.pollinate}excellenceTier`, null);
 * ```
 */
export const TURTLE_PREFIXES: Readonly<Record<string, string>> = Object.freeze({
  pollinate: POLLINATE_NAMESPACE,
  schema: 'https://schema.org/',
  doap: 'http://usefulinc.com/ns/doap#',
  spdx: 'https://spdx.org/rdf/3.0.1/terms/SimpleLicensing/',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
});

/**
 * Options of {@link toTurtle}.
 *
 * @example
 * ```ts
 * toTurtle(listings, { baseIri: 'https://registry.example.org/patterns/' });
 * ```
 */
export interface TurtleOptions {
  /**
   * Absolute IRI under which listing IRIs are minted as `<baseIri><scope>/<name>/<version>`; it is
   * also the IRI of the catalog node that keeps the listings' order.
   * @default {@link DEFAULT_LISTING_BASE_IRI}
   */
  baseIri?: string;
}

/**
 * Thrown by {@link fromTurtle} when the text is not Turtle at all (a syntax error), as opposed
 * to Turtle that does not describe valid listings (a {@link ValidationError}).
 *
 * @example
 * ```ts
 * try {
 *   fromTurtle('<a> <b> "unterminated .');
 * } catch (error) {
 *   if (error instanceof TurtleSyntaxError) console.error(`line ${error.line}: ${error.message}`);
 * }
 * ```
 */
export class TurtleSyntaxError extends PollinateError {
  /** The 1-based line the parser stopped at, when it knows. */
  readonly line: number | undefined;

  /**
   * @param message - what the parser reported
   * @param line - 1-based line number, if known
   * @param options - standard `ErrorOptions` (`cause`: the parser's own error)
   */
  constructor(message: string, line?: number, options?: ErrorOptions) {
    super('E_TURTLE_SYNTAX', `Invalid Turtle: ${message}`, options);
    this.line = line;
  }
}

/**
 * Type guard for {@link TurtleSyntaxError}: checks `name` and `code`, not class identity, so it works
 * across package copies (ESM and CJS builds loaded together).
 *
 * @param error - anything caught
 * @returns `true` when Turtle text could not be read
 * @example
 * ```ts
 * if (isTurtleSyntaxError(error)) console.error(error.message);
 * ```
 */
export function isTurtleSyntaxError(error: unknown): error is TurtleSyntaxError {
  return isErrorOf(error, 'TurtleSyntaxError', 'E_TURTLE_SYNTAX');
}

// ---------------------------------------------------------------------------------------------
// Terms

const RDF = TURTLE_PREFIXES.rdf as string;
const XSD = TURTLE_PREFIXES.xsd as string;
const SCHEMA = TURTLE_PREFIXES.schema as string;
const DOAP = TURTLE_PREFIXES.doap as string;
const SPDX = TURTLE_PREFIXES.spdx as string;
const SPDX_LICENSE_LIST = 'http://spdx.org/licenses/';

const rdf = (local: string) => namedNode(RDF + local);
const xsd = (local: string) => namedNode(XSD + local);
const schema = (local: string) => namedNode(SCHEMA + local);
const doap = (local: string) => namedNode(DOAP + local);
const pollinate = (local: string) => namedNode(POLLINATE_NAMESPACE + local);

const RDF_TYPE = rdf('type');
const RDF_FIRST = rdf('first');
const RDF_REST = rdf('rest');
const RDF_NIL = rdf('nil');
const XSD_INTEGER = xsd('integer');
const XSD_DOUBLE = xsd('double');
const XSD_DECIMAL = xsd('decimal');
const XSD_BOOLEAN = xsd('boolean');
const XSD_DATE_TIME = xsd('dateTime');

const NUMERIC_DATATYPES = new Set(
  [
    'integer',
    'decimal',
    'double',
    'float',
    'int',
    'long',
    'short',
    'byte',
    'nonNegativeInteger',
    'positiveInteger',
    'nonPositiveInteger',
    'negativeInteger',
    'unsignedInt',
    'unsignedLong',
    'unsignedShort',
    'unsignedByte',
  ].map((local) => XSD + local),
);

// ---------------------------------------------------------------------------------------------
// The mapping, declared once and used in both directions so the two cannot drift apart.

type Scalar = 'string' | 'integer' | 'double' | 'decimal' | 'boolean' | 'dateTime' | 'numberOrString';

interface NodeShape {
  /** `rdf:type`s written on the node (the first is required on read only for listings). */
  types: NamedNode[];
  fields: Field[];
  /** Extra triples written for interoperability and ignored on read. */
  constants?: [NamedNode, Literal][];
}

type Field =
  | { key: string; kind: 'scalar'; predicate: NamedNode; scalar: Scalar }
  | { key: string; kind: 'strings'; predicate: NamedNode }
  | { key: string; kind: 'node'; predicate: NamedNode; shape: NodeShape }
  | { key: string; kind: 'nodes'; predicate: NamedNode; shape: NodeShape }
  | {
      key: string;
      kind: 'record';
      predicate: NamedNode;
      entryType: NamedNode;
      keyPredicate: NamedNode;
      valuePredicate: NamedNode;
      value: Scalar;
    }
  | { key: string; kind: 'inline'; shape: NodeShape }
  | { key: string; kind: 'pricing'; predicate: NamedNode };

const scalar = (key: string, predicate: NamedNode, type: Scalar = 'string'): Field => ({
  key,
  kind: 'scalar',
  predicate,
  scalar: type,
});
const strings = (key: string, predicate: NamedNode = pollinate(key)): Field => ({
  key,
  kind: 'strings',
  predicate,
});
const node = (key: string, predicate: NamedNode, shape: NodeShape): Field => ({
  key,
  kind: 'node',
  predicate,
  shape,
});
const nodes = (key: string, predicate: NamedNode, shape: NodeShape): Field => ({
  key,
  kind: 'nodes',
  predicate,
  shape,
});
const versionRecord = (key: string, keyPredicate: NamedNode, entryType: NamedNode): Field => ({
  key,
  kind: 'record',
  predicate: pollinate(key),
  entryType,
  keyPredicate,
  valuePredicate: pollinate('versionRange'),
  value: 'string',
});

const MONEY: NodeShape = {
  types: [schema('PriceSpecification')],
  fields: [scalar('amount', schema('price'), 'decimal'), scalar('currency', schema('priceCurrency'))],
};

const GUARANTEES: NodeShape = {
  types: [pollinate('Guarantees')],
  fields: [
    scalar('uptimePercent', pollinate('uptimePercent'), 'double'),
    scalar('responseTimeHours', pollinate('responseTimeHours'), 'double'),
    scalar('securityPatchDays', pollinate('securityPatchDays'), 'double'),
    scalar('backwardsCompatible', pollinate('backwardsCompatible'), 'boolean'),
  ],
};

const PRICING_MODELS: Readonly<Record<string, NodeShape>> = {
  'open-source': { types: [schema('Offer'), pollinate('OpenSourcePricing')], fields: [] },
  freemium: {
    types: [schema('Offer'), pollinate('FreemiumPricing')],
    fields: [
      strings('freeFeatures'),
      strings('premiumFeatures'),
      node('premiumPrice', pollinate('premiumPrice'), MONEY),
      scalar('interval', pollinate('billingInterval')),
    ],
  },
  subscription: {
    types: [schema('Offer'), pollinate('SubscriptionPricing')],
    fields: [
      node('price', schema('priceSpecification'), MONEY),
      scalar('interval', pollinate('billingInterval')),
      scalar('trialDays', pollinate('trialDays'), 'integer'),
    ],
  },
  enterprise: {
    types: [schema('Offer'), pollinate('EnterprisePricing')],
    fields: [
      scalar('contact', pollinate('contact')),
      node('startingPrice', pollinate('startingPrice'), MONEY),
    ],
  },
};

const PAGE_LINK: NodeShape = {
  types: [pollinate('PageLink')],
  fields: [scalar('path', pollinate('path')), scalar('title', schema('name'))],
};

const PATTERN_REFERENCE: NodeShape = {
  types: [pollinate('PatternReference')],
  fields: [scalar('pattern', pollinate('pattern')), scalar('reason', pollinate('reason'))],
};

const METADATA: NodeShape = {
  types: [],
  fields: [
    scalar('excellenceTier', pollinate('excellenceTier')),
    scalar('status', pollinate('status')),
    scalar('currentRelevance', pollinate('currentRelevance')),
    scalar('introduced', pollinate('introduced')),
    scalar('difficulty', pollinate('difficulty')),
    scalar('tagline', pollinate('tagline')),
    scalar('essentialQuestion', pollinate('essentialQuestion')),
    strings('prerequisites'),
    strings('whenToUse'),
    strings('whenNotToUse'),
    node('tradeOffs', pollinate('tradeOffs'), {
      types: [pollinate('TradeOffs')],
      fields: [strings('pros'), strings('cons')],
    }),
    strings('bestFor'),
    nodes('modernExamples', pollinate('modernExamples'), {
      types: [pollinate('ModernExample')],
      fields: [
        scalar('company', pollinate('company')),
        scalar('implementation', pollinate('implementation')),
        scalar('scale', pollinate('scale')),
      ],
    }),
    strings('productionChecklist'),
    nodes('relatedPatterns', pollinate('relatedPatterns'), {
      types: [pollinate('RelatedPattern')],
      fields: [
        scalar('pattern', pollinate('pattern')),
        scalar('relationship', pollinate('relationship')),
        scalar('reason', pollinate('reason')),
      ],
    }),
    nodes('migrationPaths', pollinate('migrationPaths'), {
      types: [pollinate('MigrationPath')],
      fields: [
        scalar('from', pollinate('from')),
        scalar('to', pollinate('to')),
        scalar('guide', pollinate('guide')),
        scalar('effort', pollinate('effort')),
      ],
    }),
    node('decisionCriteria', pollinate('decisionCriteria'), {
      types: [pollinate('DecisionCriteria')],
      fields: [
        {
          key: 'scaleThresholds',
          kind: 'record',
          predicate: pollinate('scaleThresholds'),
          entryType: pollinate('ScaleThreshold'),
          keyPredicate: pollinate('name'),
          valuePredicate: pollinate('value'),
          value: 'numberOrString',
        },
        nodes('complexityFactors', pollinate('complexityFactors'), {
          types: [pollinate('ComplexityFactor')],
          fields: [scalar('factor', pollinate('factor')), scalar('impact', pollinate('impact'))],
        }),
      ],
    }),
    node('implementationComplexity', pollinate('implementationComplexity'), {
      types: [pollinate('ImplementationComplexity')],
      fields: [
        scalar('effort', pollinate('effort')),
        scalar('teamSize', pollinate('teamSize')),
        scalar('timeline', pollinate('timeline')),
        strings('expertise'),
      ],
    }),
    node('operationalConsiderations', pollinate('operationalConsiderations'), {
      types: [pollinate('OperationalConsiderations')],
      fields: [
        nodes('monitoring', pollinate('monitoring'), {
          types: [pollinate('MonitoringMetric')],
          fields: [scalar('metric', pollinate('metric')), scalar('tool', pollinate('tool'))],
        }),
        nodes('alerting', pollinate('alerting'), {
          types: [pollinate('AlertRule')],
          fields: [scalar('condition', pollinate('condition')), scalar('severity', pollinate('severity'))],
        }),
        nodes('maintenance', pollinate('maintenance'), {
          types: [pollinate('MaintenanceTask')],
          fields: [scalar('task', pollinate('task')), scalar('frequency', pollinate('frequency'))],
        }),
      ],
    }),
    node('implementationGuide', pollinate('implementationGuide'), PAGE_LINK),
    nodes('caseStudies', pollinate('caseStudies'), {
      types: [pollinate('CaseStudy')],
      fields: [
        scalar('title', schema('name')),
        scalar('company', pollinate('company')),
        scalar('path', pollinate('path')),
        scalar('summary', schema('abstract')),
      ],
    }),
    nodes('comparisonLinks', pollinate('comparisonLinks'), PAGE_LINK),
    node('patternCombinations', pollinate('patternCombinations'), {
      types: [pollinate('PatternCombinations')],
      fields: [
        nodes('complements', pollinate('complements'), PATTERN_REFERENCE),
        nodes('requires', pollinate('requires'), PATTERN_REFERENCE),
        nodes('enhances', pollinate('enhances'), PATTERN_REFERENCE),
        nodes('antiPatterns', pollinate('antiPatterns'), PATTERN_REFERENCE),
      ],
    }),
    strings('modernAlternatives'),
    scalar('deprecationReason', pollinate('deprecationReason')),
    scalar('migrationGuide', pollinate('migrationGuide')),
  ],
};

const LISTING_TYPES = [schema('SoftwareSourceCode'), doap('Project'), pollinate('Listing')];
const LISTING_CLASS = pollinate('Listing');
const CATALOG_CLASS = pollinate('Catalog');
const CATALOG_LISTINGS = pollinate('listings');
const LICENSE_EXPRESSION = namedNode(`${SPDX}licenseExpression`);
const KEYWORDS = schema('keywords');
const TAGS = pollinate('tags');

const LISTING: NodeShape = {
  types: LISTING_TYPES,
  fields: [
    scalar('id', schema('identifier')),
    scalar('name', schema('name')),
    scalar('version', schema('version')),
    node('publisher', schema('publisher'), {
      types: [schema('Organization')],
      fields: [scalar('id', schema('identifier')), scalar('name', schema('name'))],
    }),
    scalar('description', schema('description')),
    scalar('category', pollinate('category')),
    strings('tags', TAGS),
    scalar('license', LICENSE_EXPRESSION),
    node('rating', schema('aggregateRating'), {
      types: [schema('AggregateRating')],
      fields: [
        scalar('overall', schema('ratingValue'), 'double'),
        scalar('stability', pollinate('stabilityRating'), 'double'),
        scalar('performance', pollinate('performanceRating'), 'double'),
        scalar('maintainability', pollinate('maintainabilityRating'), 'double'),
        scalar('documentation', pollinate('documentationRating'), 'double'),
        scalar('reviewCount', schema('reviewCount'), 'integer'),
      ],
      constants: [
        [schema('worstRating'), literal('0', XSD_INTEGER)],
        [schema('bestRating'), literal('5', XSD_INTEGER)],
      ],
    }),
    node('adoption', pollinate('adoption'), {
      types: [pollinate('Adoption')],
      fields: [
        scalar('downloads', pollinate('downloads'), 'integer'),
        scalar('activeInstalls', pollinate('activeInstalls'), 'integer'),
        scalar('organizations', pollinate('organizations'), 'integer'),
      ],
    }),
    { key: 'pricing', kind: 'pricing', predicate: schema('offers') },
    nodes('tiers', pollinate('pricingTiers'), {
      types: [pollinate('PricingTier')],
      fields: [
        scalar('name', schema('name')),
        scalar('model', pollinate('tierModel')),
        node('price', schema('priceSpecification'), MONEY),
        scalar('period', pollinate('billingInterval')),
        scalar('support', pollinate('supportLevel')),
        node('sla', pollinate('serviceLevel'), GUARANTEES),
        strings('features'),
        scalar('contact', pollinate('contact')),
      ],
    }),
    scalar('support', pollinate('supportLevel')),
    node('guarantees', pollinate('guarantees'), GUARANTEES),
    versionRecord('dependencies', pollinate('pattern'), pollinate('Dependency')),
    node('compatibility', pollinate('compatibility'), {
      types: [pollinate('CompatibilityMatrix')],
      fields: [
        versionRecord('languages', pollinate('name'), pollinate('VersionRequirement')),
        versionRecord('frameworks', pollinate('name'), pollinate('VersionRequirement')),
        versionRecord('runtimes', pollinate('name'), pollinate('VersionRequirement')),
        strings('browsers'),
      ],
    }),
    node('forkOf', pollinate('forkOf'), {
      types: [pollinate('ForkParent')],
      fields: [scalar('id', schema('identifier')), scalar('version', schema('version'))],
    }),
    scalar('publishedAt', schema('datePublished'), 'dateTime'),
    scalar('fingerprint', pollinate('fingerprint')),
    { key: 'metadata', kind: 'inline', shape: METADATA },
  ],
};

// ---------------------------------------------------------------------------------------------
// Writing

/**
 * Serializes listings as Turtle (RDF 1.1), one resource per listing, readable by any RDF tool
 * and exactly reversible with {@link fromTurtle}.
 *
 * Vocabularies: schema.org (`schema:SoftwareSourceCode`, `identifier`, `name`, `version`,
 * `description`, `publisher`, `keywords`, `license`, `aggregateRating`, `offers`,
 * `datePublished`, `isBasedOn`), DOAP (`doap:Project`, `doap:release` / `doap:revision`),
 * SPDX 3 (`spdx:licenseExpression`, and `schema:license` pointing at the SPDX license list for
 * a single listed license), and the Pollinate vocabulary (`vocab/pollinate.ttl`,
 * {@link POLLINATE_NAMESPACE}) for the rest. Ordered arrays are RDF lists; maps (dependencies,
 * compatibility, scale thresholds) are RDF lists of entries so their key order survives;
 * integers are `xsd:integer`, money `xsd:decimal`, other numbers `xsd:double` in JavaScript's
 * shortest round-trip form (`-0` included). A catalog node (`pollinate:Catalog`, IRI
 * `baseIri`) lists the listings in input order. The output conforms to the SHACL shapes in
 * `vocab/shapes.ttl` ({@link LISTING_SHAPES_TURTLE}).
 *
 * @param listings - the listings to write (validated with {@link ListingSchema}; defaults filled in)
 * @param options - see {@link TurtleOptions}
 * @returns a Turtle document (UTF-16 JavaScript string) with prefixes declared
 * @throws {@link ValidationError} when a listing is invalid or holds a `__proto__` key (issue paths start with its index), or `baseIri` is not an absolute IRI
 * @example
 * ```ts
 * const turtle = toTurtle([listing]);
 * // <https://pollinate.dev/patterns/acme/retry/1.0.0> a schema:SoftwareSourceCode, doap:Project, pollinate:Listing;
 * //     schema:identifier "acme/retry"; schema:name "Retry"; schema:version "1.0.0"; …
 * const again = fromTurtle(turtle); // deep-equals [parseListing(listing)]
 * ```
 */
export function toTurtle(listings: readonly (Listing | ListingInput)[], options: TurtleOptions = {}): string {
  if (!Array.isArray(listings)) {
    throw new ValidationError([{ path: [], message: 'expected an array of listings' }], 'listings');
  }
  const baseIri = checkBaseIri(options.baseIri ?? DEFAULT_LISTING_BASE_IRI);
  // Array.from turns holes of a sparse array into `undefined`, which the schema rejects.
  const parsed: Listing[] = Array.from(listings, (input, index) => {
    // safeParseWith also refuses `__proto__` keys, which zod would drop silently.
    const result = safeParseWith(ListingSchema, input, 'listing');
    if (!result.success) throw indexedError(result.error.issues, index, 'listing');
    return result.data;
  });

  const writer = new Writer({ prefixes: { ...TURTLE_PREFIXES } });
  const catalog = namedNode(baseIri);
  const used = new Set<string>();
  const subjects = parsed.map((listing) => {
    let iri = `${baseIri}${listing.id}/${listing.version}`;
    for (let copy = 2; used.has(iri); copy++) iri = `${baseIri}${listing.id}/${listing.version}/copy-${copy}`;
    used.add(iri);
    return namedNode(iri);
  });
  writer.addQuad(catalog, RDF_TYPE, CATALOG_CLASS);
  writer.addQuad(catalog, CATALOG_LISTINGS, writer.list(subjects));

  parsed.forEach((listing, index) => {
    const subject = subjects[index] as NamedNode;
    const add = (predicate: NamedNode, object: Quad_Object) => writer.addQuad(subject, predicate, object);
    for (const [predicate, object] of encodeNode(
      writer,
      LISTING,
      listing as unknown as Record<string, unknown>,
    ))
      add(predicate, object);
    // Interoperability triples, ignored by fromTurtle.
    for (const tag of new Set(listing.tags)) add(KEYWORDS, literal(tag));
    const single = singleListedLicense(listing.license);
    if (single) add(schema('license'), namedNode(SPDX_LICENSE_LIST + single));
    add(
      doap('release'),
      writer.blank([
        { predicate: RDF_TYPE, object: doap('Version') },
        { predicate: doap('revision'), object: literal(listing.version) },
        { predicate: doap('created'), object: literal(listing.publishedAt, XSD_DATE_TIME) },
      ]),
    );
    if (listing.forkOf)
      add(schema('isBasedOn'), namedNode(`${baseIri}${listing.forkOf.id}/${listing.forkOf.version}`));
  });

  let output = '';
  writer.end((error, result) => {
    if (error) throw error;
    output = result;
  });
  return output;
}

type Pair = [NamedNode, Quad_Object];

function encodeNode(writer: Writer, shape: NodeShape, value: Record<string, unknown>): Pair[] {
  const pairs: Pair[] = shape.types.map((type): Pair => [RDF_TYPE, type]);
  for (const field of shape.fields) {
    const fieldValue = value[field.key];
    if (fieldValue === undefined) continue;
    switch (field.kind) {
      case 'scalar':
        pairs.push([field.predicate, encodeScalar(fieldValue, field.scalar)]);
        break;
      case 'strings': {
        const items = fieldValue as string[];
        if (items.length > 0)
          pairs.push([
            field.predicate,
            list(
              writer,
              items.map((item) => literal(item)),
            ),
          ]);
        break;
      }
      case 'node':
        pairs.push([
          field.predicate,
          blank(writer, encodeNode(writer, field.shape, fieldValue as Record<string, unknown>)),
        ]);
        break;
      case 'nodes': {
        const items = fieldValue as Record<string, unknown>[];
        if (items.length > 0) {
          const objects = items.map((item) => blank(writer, encodeNode(writer, field.shape, item)));
          pairs.push([field.predicate, list(writer, objects)]);
        }
        break;
      }
      case 'record': {
        const entries = Object.entries(fieldValue as Record<string, unknown>);
        if (entries.length > 0) {
          const objects = entries.map(([key, entryValue]) =>
            blank(writer, [
              [RDF_TYPE, field.entryType],
              [field.keyPredicate, literal(key)],
              [field.valuePredicate, encodeScalar(entryValue, field.value)],
            ]),
          );
          pairs.push([field.predicate, list(writer, objects)]);
        }
        break;
      }
      case 'inline':
        pairs.push(...encodeNode(writer, field.shape, fieldValue as Record<string, unknown>));
        break;
      case 'pricing': {
        const pricing = fieldValue as { model: string } & Record<string, unknown>;
        const modelShape = PRICING_MODELS[pricing.model] as NodeShape;
        const inner: Pair[] = [
          [pollinate('pricingModel'), literal(pricing.model)],
          ...encodeNode(writer, modelShape, pricing),
        ];
        pairs.push([field.predicate, blank(writer, inner)]);
        break;
      }
    }
  }
  for (const [predicate, object] of shape.constants ?? []) pairs.push([predicate, object]);
  return pairs;
}

function blank(writer: Writer, pairs: Pair[]): Quad_Object {
  return writer.blank(pairs.map(([predicate, object]) => ({ predicate, object }))) as unknown as Quad_Object;
}

function list(writer: Writer, items: Quad_Object[]): Quad_Object {
  return writer.list(items) as unknown as Quad_Object;
}

function encodeScalar(value: unknown, type: Scalar): Literal {
  switch (type) {
    case 'string':
      return literal(value as string);
    case 'dateTime':
      return literal(value as string, XSD_DATE_TIME);
    case 'integer':
      return literal(formatNumber(value as number), XSD_INTEGER);
    case 'double':
      return literal(formatNumber(value as number), XSD_DOUBLE);
    case 'decimal':
      return literal(formatDecimal(value as number), XSD_DECIMAL);
    case 'boolean':
      return literal(String(value), XSD_BOOLEAN);
    case 'numberOrString':
      return typeof value === 'number' ? literal(formatNumber(value), XSD_DOUBLE) : literal(value as string);
  }
}

/** JavaScript's shortest round-trip form, valid as `xsd:double` / `xsd:integer`; keeps `-0`. */
function formatNumber(value: number): string {
  return Object.is(value, -0) ? '-0' : String(value);
}

/** The shortest round-trip digits written without an exponent, as `xsd:decimal` requires. */
function formatDecimal(value: number): string {
  if (Object.is(value, -0)) return '-0.0';
  const text = String(value);
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!match) return text.includes('.') ? text : `${text}.0`;
  const [, sign, lead, fraction = '', exponentText] = match;
  const digits = `${lead}${fraction}`;
  const exponent = Number(exponentText);
  if (exponent >= 0) {
    const integerDigits = digits.padEnd(exponent + 1, '0');
    return `${sign}${integerDigits.slice(0, exponent + 1)}.${integerDigits.slice(exponent + 1) || '0'}`;
  }
  return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
}

function singleListedLicense(expression: string): string | undefined {
  try {
    const tree = parseSpdx(expression) as { license?: string; plus?: boolean; exception?: string };
    if (tree.license && !tree.plus && !tree.exception && !tree.license.startsWith('LicenseRef-'))
      return tree.license;
  } catch {
    // The listing was validated; an unparsable expression cannot reach here.
  }
  return undefined;
}

function checkBaseIri(baseIri: unknown): string {
  if (typeof baseIri !== 'string' || !/^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`]*$/.test(baseIri)) {
    throw new ValidationError(
      [{ path: ['baseIri'], message: 'must be an absolute IRI such as https://example.org/patterns/' }],
      'Turtle options',
    );
  }
  return baseIri;
}

function indexedError(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
  index: number,
  subject: string,
): ValidationError {
  return new ValidationError(
    issues.map(
      (issue): ValidationIssue => ({
        path: [
          index,
          ...issue.path.map((segment) => (typeof segment === 'number' ? segment : String(segment))),
        ],
        message: issue.message,
      }),
    ),
    subject,
  );
}

// ---------------------------------------------------------------------------------------------
// Reading

/**
 * Reads listings back from Turtle written by {@link toTurtle} — or by anyone using the same
 * vocabulary. Listings come in the order of the `pollinate:Catalog` list(s); without a catalog,
 * every `pollinate:Listing` in the order its `rdf:type` triple appears. Triples this mapping does not use
 * (such as `schema:keywords`, `doap:release`) are ignored. Without `pollinate:tags`, the tags
 * are read from `schema:keywords`; without `spdx:licenseExpression`, the license from a
 * `schema:license` SPDX-list IRI.
 *
 * `fromTurtle(toTurtle(listings))` deep-equals the listings after {@link ListingSchema}
 * parsing: same values, same key order in maps, same array order, `-0` and every float
 * bit-for-bit.
 *
 * @param text - a Turtle document
 * @returns the listings, each parsed with {@link ListingSchema} (defaults filled in)
 * @throws {@link TurtleSyntaxError} (`E_TURTLE_SYNTAX`) when `text` is not Turtle
 * @throws {@link ValidationError} (`E_VALIDATION`) when the graph does not describe valid listings:
 * a missing or repeated property, a malformed RDF list, an IRI where a literal belongs, or a
 * value the schema rejects; issue paths start with the listing's index
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 *
 * const listings = fromTurtle(await readFile('catalog.ttl', 'utf8'));
 * ```
 */
export function fromTurtle(text: string): Listing[] {
  if (typeof text !== 'string') {
    throw new ValidationError([{ path: [], message: 'expected Turtle text (a string)' }], 'Turtle');
  }
  let quads: Quad[];
  try {
    quads = new Parser({ format: 'text/turtle' }).parse(text);
  } catch (error) {
    const context = (error as { context?: { line?: unknown } }).context;
    const line = typeof context?.line === 'number' ? context.line : undefined;
    throw new TurtleSyntaxError(error instanceof Error ? error.message : String(error), line, {
      cause: error,
    });
  }
  const reader = new GraphReader(quads);
  const subjects = reader.listingSubjects(quads);
  return subjects.map((subject, index) => {
    reader.path = [index];
    const raw = reader.readListing(subject);
    const result = ListingSchema.safeParse(raw);
    if (!result.success) throw indexedError(result.error.issues, index, `listing <${subject.value}>`);
    return result.data;
  });
}

const NUMBER_LEXICAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Subject → predicate IRI → distinct objects, in document order: a lighter index than an n3 Store. */
type GraphIndex = Map<string, Map<string, Term[]>>;

/** n3 terms carry a unique `id` (the IRI, `_:label`, or the literal's N-Triples form). */
const termKey = (term: Term): string => (term as unknown as { id: string }).id;

class GraphReader {
  path: (string | number)[] = [];
  private readonly index: GraphIndex = new Map();

  constructor(quads: readonly Quad[]) {
    for (const quad of quads) {
      const subjectKey = termKey(quad.subject);
      let predicates = this.index.get(subjectKey);
      if (!predicates) {
        predicates = new Map();
        this.index.set(subjectKey, predicates);
      }
      const objects = predicates.get(quad.predicate.value);
      if (!objects) predicates.set(quad.predicate.value, [quad.object]);
      // RDF graphs are sets: a repeated triple is the same triple.
      else if (!objects.some((object) => object.equals(quad.object))) objects.push(quad.object);
    }
  }

  private subjectsOfType(type: NamedNode, quads: readonly Quad[]): Term[] {
    const subjects: Term[] = [];
    const seen = new Set<string>();
    for (const quad of quads) {
      if (quad.predicate.equals(RDF_TYPE) && quad.object.equals(type)) {
        const key = termKey(quad.subject);
        if (!seen.has(key)) {
          seen.add(key);
          subjects.push(quad.subject);
        }
      }
    }
    return subjects;
  }

  listingSubjects(quads: readonly Quad[]): Term[] {
    const catalogs = this.subjectsOfType(CATALOG_CLASS, quads);
    if (catalogs.length > 0) {
      return catalogs.flatMap((catalog) => {
        const head = this.objects(catalog, CATALOG_LISTINGS);
        return head.flatMap((item) => this.list(item, `<${catalog.value}> pollinate:listings`));
      });
    }
    return this.subjectsOfType(LISTING_CLASS, quads);
  }

  readListing(subject: Term): Record<string, unknown> {
    if (subject.termType !== 'NamedNode' && subject.termType !== 'BlankNode') {
      this.fail(`a catalog entry must be an IRI or blank node, found ${describe(subject)}`);
    }
    const raw = this.readNode(subject, LISTING);
    if (raw.tags === undefined) {
      const keywords = this.objects(subject, KEYWORDS);
      if (keywords.length > 0) raw.tags = keywords.map((term) => this.literalValue(term, 'tags'));
    }
    if (raw.license === undefined) {
      const licenses = this.objects(subject, schema('license'));
      const listed = licenses.find(
        (term) => term.termType === 'NamedNode' && term.value.startsWith(SPDX_LICENSE_LIST),
      );
      if (listed) raw.license = listed.value.slice(SPDX_LICENSE_LIST.length);
    }
    return raw;
  }

  private readNode(subject: Term, shape: NodeShape): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const field of shape.fields) this.readField(subject, field, out);
    return out;
  }

  private readField(subject: Term, field: Field, out: Record<string, unknown>): void {
    if (field.kind === 'inline') {
      out[field.key] = this.readNode(subject, field.shape);
      return;
    }
    const object = this.single(subject, field.predicate, field.key);
    if (object === undefined) return;
    this.path.push(field.key);
    switch (field.kind) {
      case 'scalar':
        out[field.key] = this.scalar(object, field.scalar);
        break;
      case 'strings':
        out[field.key] = this.list(object, field.key).map((item, index) =>
          this.at(index, () => this.scalar(item, 'string')),
        );
        break;
      case 'node':
        out[field.key] = this.readNode(this.resource(object), field.shape);
        break;
      case 'nodes':
        out[field.key] = this.list(object, field.key).map((item, index) =>
          this.at(index, () => this.readNode(this.resource(item), field.shape)),
        );
        break;
      case 'record': {
        const record: Record<string, unknown> = {};
        const items = this.list(object, field.key);
        for (const [index, item] of items.entries()) {
          this.at(index, () => {
            const entry = this.resource(item);
            const key = this.single(entry, field.keyPredicate, 'key');
            const value = this.single(entry, field.valuePredicate, 'value');
            if (key === undefined || value === undefined) {
              this.fail(`an entry needs <${field.keyPredicate.value}> and <${field.valuePredicate.value}>`);
            }
            const name = this.literalValue(key, 'key');
            // zod drops a "__proto__" key silently; refuse it here so no data vanishes.
            if (!isSafeKey(name)) this.fail(`the map key ${JSON.stringify(name)} is not allowed`);
            Object.defineProperty(record, name, {
              value: this.scalar(value, field.value),
              enumerable: true,
              writable: true,
              configurable: true,
            });
          });
        }
        out[field.key] = record;
        break;
      }
      case 'pricing': {
        const offer = this.resource(object);
        const modelTerm = this.single(offer, pollinate('pricingModel'), 'model');
        if (modelTerm === undefined) this.fail('an offer needs pollinate:pricingModel');
        const model = this.literalValue(modelTerm, 'model');
        const modelShape = Object.hasOwn(PRICING_MODELS, model) ? PRICING_MODELS[model] : undefined;
        out[field.key] = { model, ...(modelShape ? this.readNode(offer, modelShape) : {}) };
        break;
      }
    }
    this.path.pop();
  }

  private at<T>(index: number, read: () => T): T {
    this.path.push(index);
    const value = read();
    this.path.pop();
    return value;
  }

  private objects(subject: Term, predicate: NamedNode): Term[] {
    return this.index.get(termKey(subject))?.get(predicate.value) ?? [];
  }

  private single(subject: Term, predicate: NamedNode, key: string): Term | undefined {
    const objects = this.objects(subject, predicate);
    if (objects.length > 1) {
      this.path.push(key);
      this.fail(`expected one value of <${predicate.value}>, found ${objects.length}`);
    }
    return objects[0];
  }

  private resource(term: Term): BlankNode | NamedNode {
    if (term.termType === 'BlankNode' || term.termType === 'NamedNode') return term as BlankNode | NamedNode;
    this.fail(`expected a node, found ${describe(term)}`);
  }

  private list(head: Term, what: string): Term[] {
    const items: Term[] = [];
    const seen = new Set<string>();
    let current = head;
    while (!current.equals(RDF_NIL)) {
      if (current.termType !== 'BlankNode' && current.termType !== 'NamedNode') {
        this.fail(`${what} must be an RDF list, found ${describe(current)}`);
      }
      const id = termKey(current);
      if (seen.has(id)) this.fail(`${what} is a cyclic RDF list`);
      seen.add(id);
      const first = this.objects(current, RDF_FIRST);
      const rest = this.objects(current, RDF_REST);
      if (first.length !== 1 || rest.length !== 1) {
        this.fail(`${what} must be an RDF list (each cell with one rdf:first and one rdf:rest)`);
      }
      items.push(first[0] as Term);
      current = rest[0] as Term;
    }
    return items;
  }

  literalValue(term: Term, key: string): string {
    if (term.termType !== 'Literal') {
      this.path.push(key);
      this.fail(`expected a literal, found ${describe(term)}`);
    }
    return term.value;
  }

  private scalar(term: Term, type: Scalar): unknown {
    if (term.termType !== 'Literal') this.fail(`expected a literal, found ${describe(term)}`);
    const { value } = term as Literal;
    const datatype = (term as Literal).datatype.value;
    switch (type) {
      case 'string':
      case 'dateTime':
        return value;
      case 'boolean':
        if (value === 'true' || value === '1') return true;
        if (value === 'false' || value === '0') return false;
        return value;
      case 'numberOrString':
        return NUMERIC_DATATYPES.has(datatype) ? parseNumber(value) : value;
      default:
        return parseNumber(value);
    }
  }

  fail(message: string): never {
    throw new ValidationError([{ path: [...this.path], message }], 'Turtle listing');
  }
}

/** A numeric lexical form as a number; anything else stays a string for the schema to reject. */
function parseNumber(lexical: string): number | string {
  return NUMBER_LEXICAL.test(lexical) ? Number(lexical) : lexical;
}

function describe(term: Term): string {
  switch (term.termType) {
    case 'NamedNode':
      return `the IRI <${term.value}>`;
    case 'BlankNode':
      return 'a blank node';
    case 'Literal':
      return `the literal ${JSON.stringify(term.value.slice(0, 80))}`;
    default:
      return `a ${term.termType}`;
  }
}
