/**
 * An aligned plain-text table, columns separated by two spaces, the last one unpadded. Cells are
 * made single-line; an empty cell shows `-`.
 */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const clean = rows.map((row) => headers.map((_, i) => (row[i] ?? '').replace(/\s+/g, ' ').trim() || '-'));
  const widths = headers.map((h, i) => Math.max(h.length, ...clean.map((row) => (row[i] as string).length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] as number)))
      .join('  ')
      .trimEnd();
  return [line(headers), ...clean.map(line)].join('\n');
}
