/** Code-unit order of two strings, the same in every locale (internal). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
