// Regenerates src/rdf-vocabulary.ts from vocab/pollinate.ttl and vocab/shapes.ttl, so the
// library can hand out the vocabulary without reading files. Run after editing either file:
//   node packages/core/scripts/generate-vocabulary.mjs && npx biome format --write packages/core/src/rdf-vocabulary.ts
// A test (src/rdf.test.ts) fails when the generated module and the files differ.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const packageDir = join(import.meta.dirname, '..');
const read = (name) => readFileSync(join(packageDir, 'vocab', name), 'utf8');

const source = `// Generated from vocab/*.ttl (rdf.test.ts checks they match) — do not edit by hand.

/**
 * The Pollinate vocabulary (RDFS/OWL, Turtle): the classes and properties \`toTurtle\` uses
 * where schema.org, DOAP and SPDX have none. The same text ships as
 * \`@pollinate/core/vocab/pollinate.ttl\`.
 *
 * @example
 * \`\`\`ts
 * import { Parser } from 'n3';
 * const terms = new Parser().parse(POLLINATE_VOCABULARY_TURTLE);
 * \`\`\`
 */
export const POLLINATE_VOCABULARY_TURTLE: string = ${JSON.stringify(read('pollinate.ttl'))};

/**
 * SHACL shapes (Turtle) that \`toTurtle\` output conforms to: structure, datatypes,
 * enumerations and ranges of a listing graph. The same text ships as
 * \`@pollinate/core/vocab/shapes.ttl\`; feed it to any SHACL validator.
 *
 * @example
 * \`\`\`ts
 * import { Parser, Store } from 'n3';
 * import SHACLValidator from 'rdf-validate-shacl';
 *
 * const shapes = new Store(new Parser().parse(LISTING_SHAPES_TURTLE));
 * const data = new Store(new Parser().parse(toTurtle(listings)));
 * const report = await new SHACLValidator(shapes).validate(data);
 * report.conforms; // true
 * \`\`\`
 */
export const LISTING_SHAPES_TURTLE: string = ${JSON.stringify(read('shapes.ttl'))};
`;
writeFileSync(join(packageDir, 'src', 'rdf-vocabulary.ts'), source);
console.log('wrote src/rdf-vocabulary.ts');
