// Property tests of the CSV and NDJSON ingestion paths (parse -> validate): arbitrary and hostile input never
// throws anything but a HeaderError, every bad row becomes a rejection naming its line and field, and every good
// row comes out exactly, wherever the chunk boundaries fall.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StatementRecord } from '@/lib/domain/raw';
import { parseCsv } from './csv';
import { HeaderError, KIND_FIELDS, ROW_FIELD, type RowError } from './kinds';
import { parseNdjson } from './ndjson';
import { validateStream } from './validate';

const NOW = new Date('2026-12-01T12:00:00Z');
const FIELDS = KIND_FIELDS.statements.map((f) => f.name) as (keyof StatementRecord)[];
/** Stands for the byte 0xFF (never valid UTF-8) in a generated file: replaced after encoding. */
const BAD_BYTE = '\uE000';

// ---------------------------------------------------------------------------------------------------------
// Generators

/** Ids with the characters that trouble CSV and spreadsheets (quotes, delimiters, formula starts, non-ASCII). */
const idChar = fc.constantFrom(
  ...'ABCXYZabcxyz0189_-.=+@"\',;:#%&*()[]{}<>/\\?!~^`$éÇ中'.split(''),
  '😀',
  'e\u0301',
);
const ids = (n: number) =>
  fc.uniqueArray(
    fc.array(idChar, { minLength: 1, maxLength: 12 }).map((a) => a.join('')),
    { minLength: n, maxLength: n, selector: (s) => s },
  );

const cents = (min: number, max: number) => fc.integer({ min, max }).map((c) => c / 100);
const month = fc
  .tuple(fc.integer({ min: 2000, max: 2026 }), fc.integer({ min: 1, max: 11 }))
  .map(([y, m]) => `${y}-${String(m).padStart(2, '0')}`);

/** A statement ingestion accepts, without its id. */
const goodStatement = fc
  .record({
    referenceMonth: month,
    creditLimit: cents(0, 100_000_000),
    statementBalance: cents(-10_000_000, 100_000_000),
    minShare: fc.option(fc.integer({ min: 0, max: 100 })),
    amountPaid: cents(0, 100_000_000),
    revolvingBalance: fc.option(cents(0, 100_000_000)),
    monthsPastDue: fc.integer({ min: 0, max: 36 }),
    purchases: fc.option(cents(0, 100_000_000)),
    cashAdvances: fc.option(cents(0, 100_000_000)),
  })
  .map(({ minShare, ...r }) => ({
    ...r,
    // At most the (non-negative part of the) balance, in whole centavos.
    minimumDue:
      minShare === null ? null : Math.floor((Math.max(r.statementBalance, 0) * minShare) / 100) / 100,
  }));

type Corruption = {
  field: string;
  apply: (cells: Record<string, string>) => void;
  shape?: 'extra' | 'short';
};

/** One defect per bad row, and the field its rejection must name. */
const CORRUPTIONS: Corruption[] = [
  { field: 'monthsPastDue', apply: (c) => (c.monthsPastDue = '37') },
  { field: 'monthsPastDue', apply: (c) => (c.monthsPastDue = '1.5') },
  { field: 'monthsPastDue', apply: (c) => (c.monthsPastDue = '') },
  { field: 'creditLimit', apply: (c) => (c.creditLimit = '-1.00') },
  { field: 'creditLimit', apply: (c) => (c.creditLimit = '1e5') },
  { field: 'creditLimit', apply: (c) => (c.creditLimit = '99999999999999') },
  { field: 'amountPaid', apply: (c) => (c.amountPaid = '1,234.50') },
  { field: 'amountPaid', apply: (c) => (c.amountPaid = 'NaN') },
  { field: 'statementBalance', apply: (c) => (c.statementBalance = '=1+2') },
  { field: 'statementBalance', apply: (c) => (c.statementBalance = 'Infinity') },
  { field: 'referenceMonth', apply: (c) => (c.referenceMonth = '2024-13') },
  { field: 'referenceMonth', apply: (c) => (c.referenceMonth = '2099-01') },
  { field: 'referenceMonth', apply: (c) => (c.referenceMonth = '01/2024') },
  { field: 'clientExternalId', apply: (c) => (c.clientExternalId = `${c.clientExternalId} x`) },
  { field: 'clientExternalId', apply: (c) => (c.clientExternalId = `${c.clientExternalId}|x`) },
  { field: 'clientExternalId', apply: (c) => (c.clientExternalId += 'x'.repeat(3000)) },
  { field: 'clientExternalId', apply: (c) => (c.clientExternalId += '\u0000') },
  { field: 'clientExternalId', apply: (c) => (c.clientExternalId += BAD_BYTE) },
  { field: 'purchases', apply: (c) => (c.purchases = `1${BAD_BYTE}`) },
  {
    field: 'minimumDue',
    apply: (c) => {
      c.statementBalance = '100.00';
      c.minimumDue = '500.00';
    },
  },
  { field: ROW_FIELD, apply: () => undefined, shape: 'extra' },
  { field: ROW_FIELD, apply: () => undefined, shape: 'short' },
];

const cellText = (v: string | number | null) => (v === null ? '' : typeof v === 'number' ? v.toFixed(2) : v);

function cellsOf(id: string, s: Omit<StatementRecord, 'clientExternalId'>): Record<string, string> {
  const out: Record<string, string> = { clientExternalId: id };
  for (const f of FIELDS) {
    if (f === 'clientExternalId') continue;
    const v = s[f];
    out[f] = f === 'monthsPastDue' ? String(v) : cellText(v as string | number | null);
  }
  return out;
}

function quote(v: string, force: boolean): string {
  return force || /[",\r\n]/.test(v) || v !== v.trim() ? `"${v.replaceAll('"', '""')}"` : v;
}

/** Encodes text as UTF-8, turning each BAD_BYTE into 0xFF, then cuts the bytes at the given fractions. */
function toChunks(text: string, cuts: number[]): Uint8Array[] {
  const parts = text.split(BAD_BYTE).map((p) => Buffer.from(p, 'utf8'));
  const bytes = Buffer.concat(parts.flatMap((p, i) => (i === 0 ? [p] : [Buffer.from([0xff]), p])));
  const points = [...new Set(cuts.map((c) => Math.floor(c * bytes.length)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const p of points) {
    if (p > from) chunks.push(bytes.subarray(from, p));
    from = Math.max(from, p);
  }
  chunks.push(bytes.subarray(from));
  return chunks;
}

async function collect(source: Iterable<Uint8Array | string>, format: 'csv' | 'ndjson', batchSize: number) {
  const records: StatementRecord[] = [];
  const lines: number[] = [];
  const errors: RowError[] = [];
  let received = 0;
  for await (const b of validateStream('statements', source, format, { now: NOW, batchSize })) {
    records.push(...b.records);
    lines.push(...b.lines);
    errors.push(...b.errors);
    received += b.received;
  }
  return { records, lines, errors, received };
}

/** The rejection contract: a line, a field, a code under errors.ingest.row with storable parameters. */
function expectWellFormedRejection(e: RowError) {
  expect(Number.isInteger(e.line) && e.line >= 1).toBe(true);
  expect(typeof e.field).toBe('string');
  expect(e.field.length).toBeGreaterThan(0);
  expect(e.code).toMatch(/^ingest\.row\.[A-Za-z0-9]+$/);
  for (const v of Object.values(e.params ?? {})) {
    if (typeof v === 'string') {
      expect(v.includes('\u0000')).toBe(false);
      expect(v.isWellFormed()).toBe(true);
      expect(v.length).toBeLessThan(200);
    }
  }
}

/** Two good rows for one bad one: null, or the index of the bad row's defect. */
const badOrGood = (n: number) =>
  fc.oneof(
    { weight: 2, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: n - 1 }) },
  );

const fileCase = fc.integer({ min: 0, max: 40 }).chain((n) =>
  fc.record({
    ids: ids(n),
    rows: fc.array(goodStatement, { minLength: n, maxLength: n }),
    // For each row: null = good, else the index of its corruption.
    bad: fc.array(badOrGood(CORRUPTIONS.length), {
      minLength: n,
      maxLength: n,
    }),
    blankAfter: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
    forceQuote: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
    order: fc.shuffledSubarray(FIELDS, { minLength: FIELDS.length }),
    crlf: fc.boolean(),
    bom: fc.boolean(),
    cuts: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 6 }),
    batchSize: fc.integer({ min: 1, max: 50 }),
  }),
);

// ---------------------------------------------------------------------------------------------------------

describe('CSV ingestion, property-based', () => {
  it('keeps every good row exactly and rejects every bad row once, naming its line and field', async () => {
    await fc.assert(
      fc.asyncProperty(fileCase, async (c) => {
        const eol = c.crlf ? '\r\n' : '\n';
        const expected: StatementRecord[] = [];
        const expectedLines: number[] = [];
        const badLines = new Map<number, string>();
        let text = (c.bom ? '\uFEFF' : '') + c.order.join(',') + eol;
        let line = 2;
        c.rows.forEach((row, i) => {
          const id = c.ids[i]!;
          const cells = cellsOf(id, row);
          const corruption = c.bad[i] == null ? null : CORRUPTIONS[c.bad[i]!]!;
          corruption?.apply(cells);
          let values = c.order.map((f) => quote(cells[f]!, c.forceQuote[i]!));
          if (corruption?.shape === 'extra') values = [...values, 'extra'];
          if (corruption?.shape === 'short') values = values.slice(0, -1);
          text += values.join(',') + eol;
          if (corruption) badLines.set(line, corruption.field);
          else {
            expected.push({ clientExternalId: id, ...row });
            expectedLines.push(line);
          }
          line++;
          if (c.blankAfter[i]) {
            text += eol;
            line++;
          }
        });

        const out = await collect(toChunks(text, c.cuts), 'csv', c.batchSize);
        expect(out.records).toEqual(expected);
        expect(out.lines).toEqual(expectedLines);
        for (const e of out.errors) expectWellFormedRejection(e);
        const rejected = new Map<number, string[]>();
        for (const e of out.errors) rejected.set(e.line, [...(rejected.get(e.line) ?? []), e.field]);
        expect([...rejected.keys()].sort((a, b) => a - b)).toEqual([...badLines.keys()]);
        for (const [l, field] of badLines) expect(rejected.get(l), `line ${l}`).toContain(field);
        // Nothing partial: each row read is a whole record or a rejection.
        expect(out.received).toBe(expected.length + badLines.size);
      }),
      { numRuns: 150 },
    );
  });

  it('answers arbitrary bytes and text with rows and rejections, or a HeaderError, never another throw', async () => {
    const header = FIELDS.join(',');
    const junk = fc.oneof(
      fc.uint8Array({ maxLength: 400 }).map((b) => [b] as (Uint8Array | string)[]),
      fc.string({ unit: 'binary', maxLength: 300 }).map((s) => [s]),
      fc
        .array(
          fc.constantFrom('"', ',', '\n', '\r', '\r\n', '\u0000', '\uFEFF', '\uD800', 'a', '1', ';', '\t'),
          {
            maxLength: 200,
          },
        )
        .map((a) => [a.join('')]),
      fc
        .tuple(fc.string({ unit: 'binary', maxLength: 200 }), fc.uint8Array({ maxLength: 100 }))
        .map(([s, b]) => [`${header}\n${s}`, b]),
      fc
        .array(fc.string({ unit: 'grapheme', maxLength: 30 }), { maxLength: 30 })
        .map((cells) => [`${header}\r\n${cells.join(',')}\r\n"unterminated,${cells.join('\n')}`]),
    );
    await fc.assert(
      fc.asyncProperty(junk, fc.integer({ min: 1, max: 20 }), async (chunks, batchSize) => {
        try {
          const out = await collect(chunks, 'csv', batchSize);
          for (const e of out.errors) expectWellFormedRejection(e);
          for (const r of out.records) {
            for (const f of FIELDS) {
              const v = r[f];
              if (typeof v === 'string') expect(/[\u0000\uFFFD]/.test(v) || !v.isWellFormed()).toBe(false);
              if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true);
            }
          }
          expect(new Set(out.lines).size).toBe(out.lines.length);
        } catch (err) {
          expect(err).toBeInstanceOf(HeaderError);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('parses any grid of cells written by RFC 4180 quoting back to the same cells, in any chunking', async () => {
    const cell = fc.string({ unit: 'grapheme', maxLength: 20 });
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 6 }).chain((w) =>
          fc.tuple(
            fc.array(
              cell.filter((s) => s.length > 0),
              { minLength: w, maxLength: w },
            ),
            fc.array(fc.array(cell, { minLength: w, maxLength: w }), { maxLength: 20 }),
          ),
        ),
        fc.array(fc.integer({ min: 0, max: 2000 }), { maxLength: 5 }),
        async ([header, rows], cuts) => {
          const q = (s: string) => `"${s.replaceAll('"', '""')}"`;
          const text = [header, ...rows].map((r) => r.map(q).join(',')).join('\r\n');
          const points = [...new Set(cuts.map((x) => x % (text.length + 1)))].sort((a, b) => a - b);
          const chunks: string[] = [];
          let from = 0;
          for (const p of points) {
            chunks.push(text.slice(from, p));
            from = p;
          }
          chunks.push(text.slice(from));
          const got: string[][] = [];
          let gotHeader: string[] = [];
          for await (const b of parseCsv(chunks, { delimiter: ',' })) {
            expect(b.errors).toEqual([]);
            gotHeader = b.header;
            got.push(...b.rows);
          }
          // Strings are made well-formed by the decoder: a lone surrogate is U+FFFD on both sides.
          expect(gotHeader).toEqual(header.map((s) => s.toWellFormed()));
          expect(got).toEqual(rows.map((r) => r.map((s) => s.toWellFormed())));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('NDJSON ingestion, property-based', () => {
  const BAD_LINES: { field: string; line: (good: Record<string, unknown>) => string }[] = [
    { field: ROW_FIELD, line: (g) => JSON.stringify(g).slice(0, -1) },
    { field: ROW_FIELD, line: () => '[1,2,3]' },
    { field: ROW_FIELD, line: () => 'null' },
    { field: ROW_FIELD, line: () => '"text"' },
    { field: ROW_FIELD, line: () => "{'single': 'quotes'}" },
    { field: 'clientExternalId', line: (g) => JSON.stringify({ ...g, clientExternalId: 'a\u0000b' }) },
    {
      field: 'clientExternalId',
      line: (g) => JSON.stringify({ ...g, clientExternalId: 'LONE' }).replace('"LONE"', '"x\\ud800"'),
    },
    { field: 'clientExternalId', line: (g) => JSON.stringify({ ...g, clientExternalId: `x${BAD_BYTE}` }) },
    { field: 'clientExternalId', line: (g) => JSON.stringify({ ...g, clientExternalId: { $ne: 1 } }) },
    { field: 'creditLimit', line: (g) => JSON.stringify({ ...g, creditLimit: -5 }) },
    { field: 'creditLimit', line: (g) => JSON.stringify({ ...g, creditLimit: [1] }) },
    {
      field: 'creditLimit',
      line: (g) => JSON.stringify(g).replace(/"creditLimit":[^,]+/, '"creditLimit":1e400'),
    },
    { field: 'monthsPastDue', line: (g) => JSON.stringify({ ...g, monthsPastDue: 2.5 }) },
    {
      field: 'referenceMonth',
      line: (g) => JSON.stringify({ ...g, referenceMonth: "2024-01'; DROP TABLE x;--" }),
    },
    { field: 'amountPaid', line: (g) => JSON.stringify({ ...g, amountPaid: null }) },
  ];

  it('keeps every good object exactly and rejects every bad line once, naming its line and field', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 40 }).chain((n) =>
          fc.record({
            ids: ids(n),
            rows: fc.array(goodStatement, { minLength: n, maxLength: n }),
            bad: fc.array(badOrGood(BAD_LINES.length), {
              minLength: n,
              maxLength: n,
            }),
            asText: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
            blankAfter: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
            crlf: fc.boolean(),
            bom: fc.boolean(),
            cuts: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 6 }),
            batchSize: fc.integer({ min: 1, max: 50 }),
          }),
        ),
        async (c) => {
          const eol = c.crlf ? '\r\n' : '\n';
          const expected: StatementRecord[] = [];
          const badLines = new Map<number, string>();
          let text = c.bom ? '\uFEFF' : '';
          let line = 1;
          c.rows.forEach((row, i) => {
            const rec: StatementRecord = { clientExternalId: c.ids[i]!, ...row };
            // Numbers as JSON numbers, or as the text a CSV-minded exporter writes.
            const obj = c.asText[i] ? cellsOf(rec.clientExternalId, row) : { ...rec };
            const bad = c.bad[i] == null ? null : BAD_LINES[c.bad[i]!]!;
            text += (bad ? bad.line(obj) : JSON.stringify(obj)) + eol;
            if (bad) badLines.set(line, bad.field);
            else expected.push(rec);
            line++;
            if (c.blankAfter[i]) {
              text += `  ${eol}`;
              line++;
            }
          });
          const out = await collect(toChunks(text, c.cuts), 'ndjson', c.batchSize);
          expect(out.records).toEqual(expected);
          for (const e of out.errors) expectWellFormedRejection(e);
          const rejected = new Map<number, string[]>();
          for (const e of out.errors) rejected.set(e.line, [...(rejected.get(e.line) ?? []), e.field]);
          expect([...rejected.keys()].sort((a, b) => a - b)).toEqual([...badLines.keys()]);
          for (const [l, field] of badLines) expect(rejected.get(l), `line ${l}`).toContain(field);
          expect(out.received).toBe(expected.length + badLines.size);
        },
      ),
      { numRuns: 250 },
    );
  });

  it('never throws on arbitrary bytes or text; every line is a record or a rejection', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 400 }).map((b) => [b] as (Uint8Array | string)[]),
          fc.string({ unit: 'binary', maxLength: 300 }).map((s) => [s]),
          fc
            .array(fc.jsonValue(), { maxLength: 20 })
            .map((vs) => [vs.map((v) => JSON.stringify(v)).join('\n')]),
          fc
            .array(fc.constantFrom('{', '}', '"', ':', ',', '\n', '\\u0000', '\\ud800', '\u0000', 'a', '1'), {
              maxLength: 200,
            })
            .map((a) => [a.join('')]),
        ),
        fc.integer({ min: 16, max: 200 }),
        async (chunks, maxRecordChars) => {
          let n = 0;
          for await (const b of parseNdjson(chunks, { maxRecordChars, batchSize: 7 })) {
            for (const e of b.errors) expectWellFormedRejection(e);
            for (const r of b.rows)
              expect(typeof r === 'object' && r !== null && !Array.isArray(r)).toBe(true);
            n += b.rows.length + b.errors.length;
          }
          const out = await collect(chunks, 'ndjson', 5);
          expect(out.received).toBe(n);
          for (const e of out.errors) expectWellFormedRejection(e);
        },
      ),
      { numRuns: 400 },
    );
  });
});
