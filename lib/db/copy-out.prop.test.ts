import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseCopyText, sqlInt, sqlMonth } from './copy-out';

/** Parses a whole COPY text, returning every row's numbers and texts. */
function parse(text: string, width: number, textColumns: number[]) {
  const b = Buffer.from(text, 'latin1');
  const num = new Float64Array(width);
  const t: (string | null)[] = new Array(width).fill(null);
  const rows: { num: number[]; text: (string | null)[] }[] = [];
  const used = parseCopyText(b, b.length, width, textColumns, num, t, () =>
    rows.push({ num: [...num], text: [...t] }),
  );
  return { rows, used };
}

// What PostgreSQL writes for numeric(14,2), integers and bigints, and what else a number column may hold.
const numericText = fc.oneof(
  fc.bigInt({ min: -(10n ** 14n) + 1n, max: 10n ** 14n - 1n }).map((c) => {
    const neg = c < 0n;
    const a = (neg ? -c : c).toString().padStart(3, '0');
    return `${neg ? '-' : ''}${a.slice(0, -2)}.${a.slice(-2)}`;
  }),
  fc.integer().map(String),
  fc.bigInt({ min: 0n, max: 2n ** 62n }).map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
  fc.constantFrom('0', '-0', '0.000', '1e+20', '12345678901234567.5', '.5'),
);

describe('COPY text parsing', () => {
  it('gives every number field exactly the double Number() gives for its text', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(numericText, { minLength: 3, maxLength: 3 }), { maxLength: 20 }),
        (rows) => {
          const text = rows.map((r) => `${r.join('\t')}\n`).join('');
          const { rows: got, used } = parse(text, 3, []);
          expect(used).toBe(text.length);
          expect(got.map((r) => r.num)).toEqual(rows.map((r) => r.map((x) => Number(x))));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads \\N as NaN (numbers) or null (texts), text columns as strings with escapes undone', () => {
    const { rows } = parse('1\t2026-05\t\\N\n2\t\\N\t3.50\n3\ta\\tb\\\\c\t-1\n', 3, [1]);
    expect(rows.map((r) => r.text[1])).toEqual(['2026-05', null, 'a\tb\\c']);
    expect(rows.map((r) => [r.num[0], r.num[2]])).toEqual([
      [1, NaN],
      [2, 3.5],
      [3, -1],
    ]);
  });

  it('leaves a partial last line for the next chunk, whatever byte the chunk ends on', () => {
    const text = '10\t2026-01\t1.25\n11\t2026-02\t\\N\n12\t2026-03\t99.99\n';
    for (let cut = 0; cut <= text.length; cut++) {
      const first = Buffer.from(text.slice(0, cut), 'latin1');
      const num = new Float64Array(3);
      const t: (string | null)[] = [null, null, null];
      const ids: number[] = [];
      const used = parseCopyText(first, first.length, 3, [1], num, t, () => ids.push(num[0]!));
      const rest = Buffer.concat([first.subarray(used), Buffer.from(text.slice(cut), 'latin1')]);
      parseCopyText(rest, rest.length, 3, [1], num, t, () => ids.push(num[0]!));
      expect(ids).toEqual([10, 11, 12]);
    }
  });

  it('refuses a row with too few or too many fields, naming it', () => {
    expect(() => parse('1\t2\n', 3, [])).toThrow(/2 fields, 3 expected: 1\t2/);
    expect(() => parse('1\t2\t3\t4\n', 3, [])).toThrow(/more than 3 fields/);
  });

  it('reads text columns as UTF-8, escapes included, whatever the characters', () => {
    const copyEscape = (x: string) =>
      x.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!);
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme' }), { minLength: 1, maxLength: 10 }), (texts) => {
        const text = texts.map((x, i) => `${i}\t${copyEscape(x)}\n`).join('');
        const b = Buffer.from(text, 'utf8');
        const num = new Float64Array(2);
        const t: (string | null)[] = [null, null];
        const got: string[] = [];
        parseCopyText(b, b.length, 2, [1], num, t, () => got.push(t[1]!));
        expect(got).toEqual(texts);
      }),
      { numRuns: 200 },
    );
  });

  it('interpolates only integers and YYYY-MM months', () => {
    expect(sqlInt(42)).toBe('42');
    expect(() => sqlInt(1.5)).toThrow();
    expect(() => sqlInt(Number.NaN)).toThrow();
    expect(sqlMonth('2026-05')).toBe("'2026-05'");
    expect(() => sqlMonth("2026-05'; DROP TABLE x; --")).toThrow();
    expect(() => sqlMonth('2026-13')).toThrow();
  });
});
