// Decimal digits of a text, for the detectors anchored at numbers.

/**
 * The decimal digits of a text, found through the stretches `scanTokens` (token-scanner.ts) listed as
 * holding one (`digitRanges`): every digit lies in one of them, except those of ISO 8601 dates
 * and date-times (technical facts nothing looks into), so a detector anchored at numbers
 * (house numbers) skips the rest of the text without looking at it. Without ranges,
 * the whole text is searched. Positions must be asked for in increasing order.
 */
export class DigitPositions {
  private range = 0;

  /**
   * @param text - the scanned text
   * @param ranges - `start, end` pairs from `scanTokens` (token-scanner.ts), or undefined to search everything
   */
  constructor(
    private readonly text: string,
    private readonly ranges?: readonly number[],
  ) {}

  /** The index of the first decimal digit at or after `from`, or the text's length. */
  next(from: number): number {
    const { text, ranges } = this;
    if (ranges === undefined) {
      // `test`, not `exec`: no match array to allocate for each of tens of thousands of numbers.
      ANY_DIGIT.lastIndex = from;
      return ANY_DIGIT.test(text) ? ANY_DIGIT.lastIndex - 1 : text.length;
    }
    while (this.range < ranges.length) {
      const end = ranges[this.range + 1]!;
      if (end > from) {
        for (let i = Math.max(ranges[this.range]!, from); i < end; i++) {
          const c = text.charCodeAt(i);
          if (c >= 0x30 && c <= 0x39) return i;
        }
      }
      this.range += 2;
    }
    return text.length;
  }
}

const ANY_DIGIT = /[0-9]/g;
