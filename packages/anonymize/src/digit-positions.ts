// Decimal digits of a text, for the detectors anchored at numbers.

/**
 * The decimal digits of a text, found through the stretches `scanTokens` (token-scanner.ts) listed as
 * holding one (`digitRanges`): every digit lies in one of them, except those of ISO 8601 dates
 * and date-times (technical facts nothing looks into), so a detector anchored at numbers
 * (house numbers) skips the rest of the text without looking at it. Without ranges, the whole
 * text is one stretch (as the other number detectors take `digitRanges ?? [0, length]`).
 * Positions must be asked for in increasing order.
 */
export class DigitPositions {
  private range = 0;
  private readonly ranges: readonly number[];

  /**
   * @param text - the scanned text
   * @param ranges - `start, end` pairs from `scanTokens` (token-scanner.ts), or undefined for the whole text
   */
  constructor(
    private readonly text: string,
    ranges?: readonly number[],
  ) {
    this.ranges = ranges ?? [0, text.length];
  }

  /** The index of the first decimal digit at or after `from`, or the text's length. */
  next(from: number): number {
    const { text, ranges } = this;
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
