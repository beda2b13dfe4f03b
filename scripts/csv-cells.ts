// Cell splitting for the model command line's small numeric CSV/TSV files (score and train share it).

/** Cells that mean "missing value". */
export const MISSING_TOKENS = new Set(['', 'nan', 'na', 'null']);

/** Splits one delimited line into trimmed cells; double quotes may wrap a cell ("" inside is a quote). */
export function splitLine(line: string, delimiter: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell.trim() === '') {
      quoted = true;
      cell = '';
    } else if (ch === delimiter) {
      cells.push(cell.trim());
      cell = '';
    } else cell += ch;
  }
  cells.push(cell.trim());
  return cells;
}
