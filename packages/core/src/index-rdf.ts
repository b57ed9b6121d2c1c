/**
 * `@pollinate/core/rdf` — RDF (Turtle) export and import of a catalog: `toTurtle` and
 * `fromTurtle` (round-trip exact), the Pollinate vocabulary and the SHACL shapes the output
 * conforms to. Its own entry point because it loads an RDF parser (n3) that most users of
 * the data model never need.
 *
 * @packageDocumentation
 */
export {
  DEFAULT_LISTING_BASE_IRI,
  fromTurtle,
  isTurtleSyntaxError,
  LISTING_SHAPES_TURTLE,
  POLLINATE_NAMESPACE,
  POLLINATE_VOCABULARY_TURTLE,
  TURTLE_PREFIXES,
  type TurtleOptions,
  TurtleSyntaxError,
  toTurtle,
} from './rdf.js';
