declare module 'spdx-expression-parse' {
  /** Parsed SPDX license expression tree (see the spdx-expression-parse README). */
  export type SpdxInfo =
    | { license: string; plus?: boolean; exception?: string }
    | { left: SpdxInfo; conjunction: 'and' | 'or'; right: SpdxInfo };
  /** Parses an SPDX 2 license expression; throws on invalid input. */
  export default function parse(source: string): SpdxInfo;
}
