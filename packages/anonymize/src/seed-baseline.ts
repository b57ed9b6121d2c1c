/**
 * The comparison baseline of the evaluation: the seed's anonymizer. Not used by the
 * anonymizer itself, and excluded from the ReDoS check (its email pattern is
 * polynomial, which the check demonstrates).
 */

/**
 * The seed's five regular expressions (the network design's first anonymizer), kept as
 * the baseline to beat: IPv4, email, 12-digit account id, `/`-path and a `\w+\.\w{2,}`
 * domain pattern. Reconstructed from the design notes (they turn `t3.large` and
 * `java.net` into `[DOMAIN]` and `310 MB/s` into a path).
 *
 * @param text - input
 * @returns the text with the seed's replacements
 */
export function seedBaselineRedact(text: string): string {
  return text
    .replace(/\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b/g, '[IP]')
    .replace(/[\w.+-]+@[\w-]+\.[\w.-]+/g, '[EMAIL]')
    .replace(/\b\d{12}\b/g, '[ACCOUNT]')
    .replace(/(?:\/[\w.-]+)+/g, '[PATH]')
    .replace(/\b\w+\.\w{2,}\b/g, '[DOMAIN]');
}
