// Reading a query's rows through COPY ... TO STDOUT (text format) instead of a SELECT, parsed from the bytes.
// Written by hand because it is measured to need it: for the batch's statement read (63,000 rows of numerics
// per 10,000 clients) a SELECT cost PostgreSQL 21 us and Node 22 us per client (float8 casts, float8 output,
// the driver's per-row objects); COPY of the numerics as stored costs PostgreSQL 12 us, and parsing them to
// numbers from the bytes, with no string per field, most of the rest. COPY takes no bind parameters, so callers
// interpolate only values validated by sqlInt / sqlMonth.
import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';

/** An integer for a COPY query's text; anything else is refused rather than interpolated. */
export function sqlInt(v: number): string {
  if (!Number.isSafeInteger(v)) throw new RangeError(`not an integer: ${v}`);
  return String(v);
}

/** A 'YYYY-MM' literal for a COPY query's text. */
export function sqlMonth(v: string): string {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(v)) throw new RangeError(`not a YYYY-MM month: ${v}`);
  return `'${v}'`;
}

/** A value as a field of COPY FROM's text format: backslash, tab, newline and carriage return escaped. */
export const copyField = (s: string): string => s.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]!);
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

const TAB = 9;
const NL = 10;
const BACKSLASH = 92;
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * A decimal field as a number, exactly as Number() of its text would give (NaN for \N). The fast path is
 * Clinger's: with at most 15 digits the digits form an integer M < 2^53 and 10^k is exact, so M / 10^k is the
 * correctly rounded value of the decimal, the same double a correct parser returns. Anything else (exponents,
 * more digits, other text) goes through Number() of the field's text.
 */
function decimalAt(b: Buffer, s: number, e: number): number {
  if (e - s === 2 && b[s] === BACKSLASH && b[s + 1] === 78) return NaN;
  let i = s;
  const neg = b[i] === 45;
  if (neg) i++;
  let m = 0;
  let digits = 0;
  let scale = -1;
  for (; i < e; i++) {
    const c = b[i]!;
    if (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      digits++;
      if (scale >= 0) scale++;
    } else if (c === 46 && scale < 0) scale = 0;
    else return Number(b.toString('latin1', s, e));
  }
  if (digits === 0 || digits > 15) return Number(b.toString('latin1', s, e));
  const v = scale > 0 ? m / POW10[scale]! : m;
  return neg ? -v : v;
}

const UNESCAPE: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };

function textAt(b: Buffer, s: number, e: number): string | null {
  if (e - s === 2 && b[s] === BACKSLASH && b[s + 1] === 78) return null;
  const raw = b.toString('utf8', s, e);
  return raw.includes('\\') ? raw.replace(/\\(.)/g, (_: string, c: string) => UNESCAPE[c] ?? c) : raw;
}

/**
 * Parses the whole lines of COPY text in b[0, end): per line, `num` gets every column as a number (NaN for \N)
 * and `text` the columns listed in textColumns as strings (null for \N); both arrays are reused between calls.
 * Returns the offset of the first byte after the last whole line (the caller keeps the rest for the next chunk).
 * Text columns are UTF-8 (the connection's client_encoding); a backslash escape never splits a multi-byte
 * character, since every byte of one is >= 0x80.
 */
export function parseCopyText(
  b: Buffer,
  end: number,
  width: number,
  textColumns: readonly number[],
  num: Float64Array,
  text: (string | null)[],
  onRow: () => void,
): number {
  const isText = new Uint8Array(width);
  for (const c of textColumns) isText[c] = 1;
  let line = 0;
  for (;;) {
    const nl = b.indexOf(NL, line);
    if (nl < 0 || nl >= end) return line;
    let s = line;
    for (let col = 0; col < width; col++) {
      let e = s;
      while (e < nl && b[e] !== TAB) e++;
      if (e === nl && col < width - 1) {
        throw new Error(
          `COPY row with ${col + 1} fields, ${width} expected: ${b.toString('latin1', line, nl)}`,
        );
      }
      if (isText[col]) {
        text[col] = textAt(b, s, e);
        num[col] = NaN;
      } else num[col] = decimalAt(b, s, e);
      s = e + 1;
    }
    if (s !== nl + 1)
      throw new Error(`COPY row with more than ${width} fields: ${b.toString('latin1', line, nl)}`);
    onRow();
    line = nl + 1;
  }
}

/**
 * Runs COPY (sql) TO STDOUT on a pool or a client (COPY needs one connection for its whole stream) and calls
 * onRow per line with the parsed columns (see parseCopyText). Returns the number of rows.
 */
export async function copyOutRows(
  q: pg.ClientBase | pg.Pool,
  sql: string,
  width: number,
  textColumns: readonly number[],
  onRow: (num: Float64Array, text: (string | null)[]) => void,
  /**
   * Awaited before the COPY starts (the caller's other queries, whose rows onRow needs). Not after taking a
   * connection: a pool of one would then wait on itself.
   */
  ready?: Promise<unknown>,
): Promise<number> {
  if (ready) await ready;
  const pooled = 'totalCount' in q;
  const client = pooled ? await (q as pg.Pool).connect() : (q as pg.ClientBase);
  const num = new Float64Array(width);
  const text: (string | null)[] = new Array(width).fill(null);
  let rows = 0;
  let failed: unknown = null;
  const row = () => {
    rows++;
    onRow(num, text);
  };
  try {
    let rest: Buffer | null = null;
    const stream = client.query(copyTo(`COPY (${sql}) TO STDOUT`));
    for await (const chunk of stream) {
      // A chunk may end inside a line: its tail goes in front of the next one.
      const b: Buffer = rest ? Buffer.concat([rest, chunk as Buffer]) : (chunk as Buffer);
      const used = parseCopyText(b, b.length, width, textColumns, num, text, row);
      rest = used < b.length ? b.subarray(used) : null;
    }
    if (rest) throw new Error(`COPY output ended inside a line: ${rest.toString('latin1', 0, 200)}`);
    return rows;
  } catch (e) {
    failed = e;
    throw e;
  } finally {
    // A COPY left half read leaves its connection unusable: a pooled one is closed rather than reused.
    if (pooled) (client as pg.PoolClient).release(failed ? (failed as Error) : undefined);
  }
}
