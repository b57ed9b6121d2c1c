// parseJson (a linear nesting scan, then JSON.parse) side by side with the raw library,
// JSON.parse, on valid and on adversarial text; and forbiddenKeyIssues on deep values.
//
// Valid: 5,000 listing-shaped records (about 10× the largest publish body the registry sees
// in its tests), 4–5 MB of JSON. Adversarial: nested brackets of 59 KiB, 2 MB and 8 MiB (the
// registry's body limit); parseJson refuses them at level 401, JSON.parse builds them.

import { parseJson } from '@pollinate/core';
import { forbiddenKeyIssues, jsonDepthExceededAt } from '@pollinate/core/helpers';
import { compare, printMachine, seededRandom } from '../../../scripts/bench-harness.js';

const random = seededRandom(7);
const records = Array.from({ length: 5000 }, (_, index) => ({
  id: `bench/pattern-${index}`,
  name: `Pattern ${index}`,
  version: `1.${index % 10}.0`,
  publisher: { id: 'bench', name: 'Bench team' },
  description: 'A reusable pattern with "quotes", [brackets] and {braces} inside strings. '.repeat(
    1 + Math.floor(random() * 8),
  ),
  tags: ['retry', 'resilience', `tag-${index % 50}`],
  metadata: {
    whenToUse: ['under load', 'across regions'],
    tradeOffs: { pros: ['simple'], cons: ['latency'] },
  },
}));
const valid = JSON.stringify({ listings: records });

printMachine();
console.log(`valid text: ${(valid.length / 1e6).toFixed(1)} MB`);

compare(
  'Parse valid JSON (5,000 listing-shaped records)',
  [
    { name: 'JSON.parse (baseline)', run: () => JSON.parse(valid) },
    { name: 'parseJson, maxDepth 400', run: () => parseJson(valid) },
    { name: 'its nesting scan alone (jsonDepthExceededAt)', run: () => jsonDepthExceededAt(valid, 400) },
  ],
  records.length,
);

for (const bytes of [59 * 1024, 2_000_000, 8 * 1024 * 1024]) {
  const nested = `${'['.repeat(bytes / 2)}${']'.repeat(bytes / 2)}`;
  compare(
    `Nested brackets, ${bytes.toLocaleString('en')} bytes`,
    [
      { name: 'JSON.parse builds it (baseline)', run: () => JSON.parse(nested) },
      {
        name: 'parseJson refuses it (E_JSON_TOO_DEEP)',
        run: () => {
          try {
            return parseJson(nested);
          } catch (error) {
            return error;
          }
        },
      },
    ],
    1,
  );
}

/** `[[[…[leaf]…]]]` without recursion. */
function nestedArrays(depth: number): unknown {
  let value: unknown = 1;
  for (let level = 0; level < depth; level++) value = [value];
  return value;
}
const parsedValid = JSON.parse(valid);
const deep = nestedArrays(1_000_000);
compare(
  'forbiddenKeyIssues (the __proto__ walk every parser runs)',
  [
    { name: 'valid records (quick recursive walk)', run: () => forbiddenKeyIssues(parsedValid) },
    { name: '1,000,000 nested arrays (cycle-safe iterative walk)', run: () => forbiddenKeyIssues(deep) },
  ],
  1,
  5,
  1,
);
