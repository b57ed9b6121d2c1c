/** One column of a text table: its header and how to read the cell from a row. */
export interface Column<Row> {
  header: string;
  value: (row: Row) => string | number | undefined | null;
  /** Right-align (numbers). */
  align?: 'left' | 'right';
  /** Longest cell width in characters before truncating with `…`. */
  maxWidth?: number;
}

/**
 * Renders rows as a plain-text table with a header and a rule, columns padded to fit.
 *
 * @param rows - the rows
 * @param columns - the columns, left to right
 * @returns the table, one line per row, ending in a newline (`(none)` when empty)
 */
export function formatTable<Row>(rows: readonly Row[], columns: readonly Column<Row>[]): string {
  if (rows.length === 0) return '(none)\n';
  const cells = rows.map((row) =>
    columns.map((column) => truncate(String(column.value(row) ?? ''), column.maxWidth ?? 60)),
  );
  const widths = columns.map((column, index) =>
    Math.max(column.header.length, ...cells.map((line) => (line[index] ?? '').length)),
  );
  const render = (line: string[]) =>
    line
      .map((cell, index) => {
        const width = widths[index] ?? 0;
        return columns[index]?.align === 'right' ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  const header = render(columns.map((column) => column.header));
  const rule = widths.map((width) => '─'.repeat(width)).join('  ');
  return `${[header, rule, ...cells.map(render)].join('\n')}\n`;
}

/**
 * Renders key–value pairs as aligned lines (`key  value`).
 *
 * @param pairs - label and value; `undefined` values are skipped
 * @returns the lines, ending in a newline
 */
export function formatPairs(pairs: readonly [string, string | number | undefined | null][]): string {
  const shown = pairs.filter(([, value]) => value !== undefined && value !== null && value !== '');
  const width = Math.max(0, ...shown.map(([key]) => key.length));
  return shown.map(([key, value]) => `${key.padEnd(width)}  ${value}`).join('\n') + '\n';
}

function truncate(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}
