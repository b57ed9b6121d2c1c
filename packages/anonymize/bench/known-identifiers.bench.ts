/**
 * Known identifiers at scale (issue 14): the per-name `indexOf` scans (what every call
 * used before, and still the path for up to `SCAN_GROUP_LIMIT` names) against the
 * Aho–Corasick automaton, on the same text in the same process; then whole
 * `anonymizeText` calls with 5,000 names. Run: `npm run bench -w packages/anonymize`.
 */
import { anonymizeText } from '@pollinate/anonymize';
import { compare, printMachine } from '../../../scripts/bench-harness.js';
import {
  automatonLeftmostLongest,
  compileKnownIdentifiers,
  foldCase,
  scanLeftmostLongest,
} from '../src/identifier-detectors.js';

const noBudget = () => {};

/** Host names of one company and its logs, where the company's prefix is everywhere (the shape). */
function companyLog(names: number, size: number): { text: string; identifiers: string[] } {
  const identifiers = Array.from(
    { length: names },
    (_, index) => `Acme ${(index * 7919).toString(36)} ${index}`,
  );
  let text = '';
  for (let line = 0; text.length < size; line++) {
    const name = identifiers[(line * 50) % names]!;
    text += `step ${line}: acme-shared copy for ${name.toUpperCase().replaceAll(' ', '-')} failed after 45m (t3.large, us-east-1)\n`;
  }
  return { text: text.slice(0, size), identifiers };
}

for (const [names, size] of [
  [10, 1_000_000],
  [16, 1_000_000],
  [500, 100_000],
  [5000, 100_000],
] as const) {
  const { text, identifiers } = companyLog(names, size);
  const folded = foldCase(text);
  const groups = compileKnownIdentifiers(identifiers);
  const scanned = scanLeftmostLongest(folded, groups, noBudget);
  const automaton = automatonLeftmostLongest(folded, groups, noBudget);
  // One automaton (under 50,000 characters of spellings) gives exactly the scans' matches;
  // several batches each choose leftmost-longest among their own spellings.
  const spellingCharacters = groups.reduce((sum, group) => sum + group.variants.join('').length, 0);
  if (spellingCharacters < 50_000 && JSON.stringify(scanned) !== JSON.stringify(automaton))
    throw new Error('the two matchers disagree');
  compare(
    `${names} names (${spellingCharacters.toLocaleString('en')} characters of spellings) over ${size / 1000} KB, ${scanned.length} matches`,
    [
      {
        name: 'indexOf per name (before; the path up to 16 names)',
        run: () => scanLeftmostLongest(folded, groups, noBudget),
      },
      {
        name: 'Aho–Corasick, build + scan (the path above 16 names)',
        run: () => automatonLeftmostLongest(folded, groups, noBudget),
      },
    ],
    names,
    names >= 5000 ? 3 : 7,
    1,
  );
}

const { text, identifiers } = companyLog(5000, 100_000);
compare(
  'anonymizeText, 100 KB with 5,000 known identifiers (before: 8-14 s, past its 1.1 s budget)',
  [{ name: 'anonymizeText', run: () => anonymizeText(text, { knownIdentifiers: identifiers }) }],
  1,
  5,
  1,
);
printMachine();
