// CSV cells for files people open in a spreadsheet: RFC 4180 quoting, plus formula neutralisation. A cell a
// spreadsheet would run as a formula (starting with = + - @, or a tab or carriage return that hides one) gets
// a leading single quote, so text that came from outside (names, codes, reasons) never executes on the
// analyst's machine (OWASP "CSV injection"). Numbers we write ourselves are not text and pass unchanged.

const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell: neutralised when it could start a formula, quoted when it holds a delimiter, quote or newline. */
export function csvText(v: string | null | undefined): string {
  if (v === null || v === undefined) return '';
  const s = FORMULA_START.test(v) ? `'${v}` : v;
  return /[",\r\n;\t]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** A number we computed (a probability, a count): written as is, so a negative value stays a number. */
export function csvNumber(v: number | null | undefined): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '' : String(v);
}

/** One CSV line (CRLF-terminated, as RFC 4180 and Excel expect) from already-escaped cells. */
export function csvLine(cells: readonly string[]): string {
  return `${cells.join(',')}\r\n`;
}
