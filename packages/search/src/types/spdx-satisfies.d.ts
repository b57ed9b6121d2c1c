declare module 'spdx-satisfies' {
  /**
   * Whether an SPDX expression is satisfied by a list of approved licenses (spdx-satisfies 6:
   * the second argument is an array of simple license ids; throws on an invalid expression).
   */
  export default function satisfies(expression: string, approved: string[]): boolean;
}
