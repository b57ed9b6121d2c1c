/** One column of a text table: its header and how to read the cell from a row. */
export interface Column<Row> {
  header: string;
  value: (row: Row) => string | number | undefined | null;
  /** Right-align (numbers). */
  align?: 'left' | 'right';
  /** Longest cell width in characters before truncating with `…` (or wrapping, with `wrap`). @default 60 */
  maxWidth?: number;
  /** Wrap a longer cell onto more lines (at spaces where it can) instead of truncating it; keeps its line breaks. */
  wrap?: boolean;
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
  // Each cell is one or more lines: truncated to one, or wrapped to several.
  const cells = rows.map((row) =>
    columns.map((column) => {
      const text = String(column.value(row) ?? '');
      const max = column.maxWidth ?? 60;
      return column.wrap ? wrapText(text, max) : [truncate(text, max)];
    }),
  );
  const widths = columns.map((column, index) =>
    Math.max(
      column.header.length,
      ...cells.flatMap((line) => (line[index] ?? []).map((part) => part.length)),
    ),
  );
  const render = (line: string[]) =>
    line
      .map((cell, index) => {
        const width = widths[index] ?? 0;
        return columns[index]?.align === 'right' ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  const renderRow = (row: string[][]) => {
    const height = Math.max(1, ...row.map((cell) => cell.length));
    return Array.from({ length: height }, (_, i) => render(row.map((cell) => cell[i] ?? ''))).join('\n');
  };
  const header = render(columns.map((column) => column.header));
  const rule = widths.map((width) => '─'.repeat(width)).join('  ');
  return `${[header, rule, ...cells.map(renderRow)].join('\n')}\n`;
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

/** Splits text into lines of at most `max` characters, at spaces where possible; keeps line breaks. */
function wrapText(text: string, max: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split(/\r?\n/)) {
    let line = '';
    for (const word of paragraph
      .replace(/[ \t]+/g, ' ')
      .trim()
      .split(' ')) {
      let rest = word;
      while (rest.length > 0) {
        const room = line === '' ? max : max - line.length - 1;
        if (rest.length <= room) {
          line = line === '' ? rest : `${line} ${rest}`;
          rest = '';
        } else if (line !== '') {
          lines.push(line);
          line = '';
        } else {
          lines.push(rest.slice(0, max));
          rest = rest.slice(max);
        }
      }
    }
    lines.push(line);
  }
  return lines;
}
