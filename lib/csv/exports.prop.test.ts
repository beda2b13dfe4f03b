// Every CSV export path writes its text cells with one rule (lib/csv/escape.ts): the server's decision export
// and rejection report, and the chart tables the browser exports. Property-based: any text survives the round
// trip through an RFC 4180 reader (quotes, commas, semicolons, line breaks), and no cell a spreadsheet reads
// starts with = + - @, a tab or a carriage return (OWASP CSV injection).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tableToCsv } from '@/components/charts/csv';
import { csvCell as rejectionCell } from '@/lib/data/ingestion';
import { parseCsv } from '@/lib/ingest/csv';
import { csvLine, csvNumber, csvText } from './escape';

const FORMULA_START = /^[=+\-@\t\r]/;

/** Text with the characters that matter here over-represented. */
const hostileText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc
    .array(
      fc.constantFrom(
        '=',
        '+',
        '-',
        '@',
        '\t',
        '\r',
        '\n',
        '\r\n',
        '"',
        ',',
        ';',
        "'",
        ' ',
        'a',
        '1',
        'é',
        '😀',
      ),
      { maxLength: 20 },
    )
    .map((a) => a.join('')),
  fc.constantFrom(
    '=HYPERLINK("http://evil.example","clique")',
    "=cmd|' /C calc'!A0",
    '+55 11 91234-5678',
    '-2+3',
    '@SUM(A1:A2)',
    '\t=1+1',
    '\r=1+1',
    'Silva, Ana "Nana"\r\nlinha 2',
  ),
);

/** What a spreadsheet shows for a text cell we wrote: the text, after a ' when it would start a formula. */
const shown = (s: string) => (FORMULA_START.test(s) ? `'${s}` : s);

/** Reads a CSV text back with the ingestion parser (RFC 4180), as rows of cells. */
async function read(csv: string): Promise<string[][]> {
  const rows: string[][] = [];
  let header: string[] = [];
  for await (const b of parseCsv([csv], { delimiter: ',' })) {
    expect(b.errors).toEqual([]);
    header = b.header;
    rows.push(...b.rows);
  }
  return [header, ...rows];
}

describe('CSV export cells, property-based', () => {
  it('csvText: any text round-trips, neutralised when it could start a formula', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(hostileText, { minLength: 1, maxLength: 6 }), async (cells) => {
        const csv = csvLine(['k', ...cells.map((_, i) => `c${i}`)]) + csvLine(['1', ...cells.map(csvText)]);
        const [, row] = await read(csv);
        expect(row).toEqual(['1', ...cells.map((s) => shown(s).toWellFormed())]);
        for (const cell of row!) expect(cell).not.toMatch(FORMULA_START);
      }),
      { numRuns: 400 },
    );
  });

  it('the browser (chart tables) writes exactly the cells the server writes', async () => {
    const value = fc.oneof(hostileText, fc.double(), fc.constant(null));
    await fc.assert(
      fc.asyncProperty(
        fc
          .integer({ min: 1, max: 5 })
          .chain((w) =>
            fc.tuple(
              fc.array(hostileText, { minLength: w, maxLength: w }),
              fc.array(fc.array(value, { minLength: w, maxLength: w }), { maxLength: 8 }),
            ),
          ),
        async ([header, rows]) => {
          const csv = tableToCsv(header, rows);
          const server =
            csvLine(header.map(csvText)) +
            rows
              .map((r) => csvLine(r.map((v) => (typeof v === 'number' ? csvNumber(v) : csvText(v)))))
              .join('');
          expect(csv).toBe(server);
          // And what a spreadsheet reads back: text as typed (after a ' when it would start a formula),
          // numbers as numbers (-0.5 stays -0.5), missing values empty. The '#' column keeps no row blank.
          const parsed = await read(
            tableToCsv(
              ['#', ...header],
              rows.map((r, i) => [i, ...r]),
            ),
          );
          expect(parsed[0]).toEqual(['#', ...header.map((h) => shown(h).toWellFormed())]);
          expect(parsed.slice(1)).toEqual(
            rows.map((r, i) => [
              String(i),
              ...r.map((v) =>
                typeof v === 'string' ? shown(v).toWellFormed() : typeof v === 'number' ? csvNumber(v) : '',
              ),
            ]),
          );
          const texts = [['#', ...header], ...rows.map((r) => [null, ...r])];
          parsed.forEach((row, i) =>
            row.forEach((cell, j) => {
              if (typeof texts[i]![j] === 'string') expect(cell).not.toMatch(FORMULA_START);
            }),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('the rejection report (rejections.csv) uses the same rule (it did not neutralise formulas before)', () => {
    fc.assert(
      fc.property(hostileText, fc.integer(), (s, n) => {
        expect(rejectionCell(s)).toBe(csvText(s));
        expect(rejectionCell(n)).toBe(String(n));
      }),
      { numRuns: 400 },
    );
    expect(rejectionCell('=1+2 is not a number')).toBe("'=1+2 is not a number");
    expect(rejectionCell('-5')).toBe("'-5");
  });
});
