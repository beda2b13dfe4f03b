// The CSV a chart's table view exports (client side): one header row and one line per table row, text cells
// neutralised against spreadsheet formulas (lib/csv/escape.ts), numbers written as computed.
import { csvLine, csvNumber, csvText } from '@/lib/csv/escape';

export type CsvCell = string | number | null | undefined;

export function tableToCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const cell = (v: CsvCell) => (typeof v === 'number' ? csvNumber(v) : csvText(v));
  return csvLine(header.map((h) => csvText(h))) + rows.map((r) => csvLine(r.map(cell))).join('');
}
