// Decimal digits of a text, for the detectors anchored at numbers.

/**
 * The maximal runs of decimal digits of a text that start in the stretches `scanTokens`
 * (token-scanner.ts) listed as holding a digit (`digitRanges`): every digit lies in one of
 * them, except those of ISO 8601 dates and date-times (technical facts nothing looks into).
 * The number detectors (card and account numbers, national identifiers, phone numbers, house
 * numbers) start only where a run starts, so each walks this list instead of the text: the
 * digits are found once for all of them.
 *
 * @param text - the scanned text
 * @param ranges - `start, end` pairs from `scanTokens` (sorted, disjoint), or undefined for the
 *   whole text as one stretch
 * @returns `start, end` pairs (sorted, disjoint) in a typed array: each a run of digits as long
 *   as it goes on in the text (it may end past its stretch)
 */
export function listDigitRuns(text: string, ranges?: readonly number[]): Int32Array {
  const stretches = ranges ?? [0, text.length];
  const length = text.length;
  // A typed array grown by doubling: a run is two numbers, and a text has tens of thousands.
  let runs = new Int32Array(Math.max(16, stretches.length * 2));
  let count = 0;
  let i = 0;
  for (let range = 0; range < stretches.length; range += 2) {
    if (i < stretches[range]!) i = stretches[range]!;
    const end = stretches[range + 1]!;
    while (i < end) {
      const c = text.charCodeAt(i);
      if (c < 0x30 || c > 0x39) {
        i++;
        continue;
      }
      const start = i;
      for (i++; i < length; i++) {
        const d = text.charCodeAt(i);
        if (d < 0x30 || d > 0x39) break;
      }
      if (count + 2 > runs.length) {
        const grown = new Int32Array(runs.length * 2);
        grown.set(runs);
        runs = grown;
      }
      runs[count++] = start;
      runs[count++] = i;
    }
  }
  return runs.subarray(0, count);
}
