import { describe, expect, it } from 'vitest';
import type { ChunkSource } from './csv';
import {
  HeaderError,
  KIND_FIELDS,
  naturalKeyOf,
  type IngestKind,
  type RecordOf,
  type RowError,
} from './kinds';
import { parseDecimal, validateObject, validateStream, type ValidateStreamOptions } from './validate';
import { formatMessage, formatRejection, withReasons } from './messages';
import type { RowError as Rejection } from './kinds';

/** A rejection's reason as an English-speaking user reads it. */
const reasonOf = (e: Rejection) => formatRejection('en', e.code, e.params);

const NOW = new Date('2026-01-15T12:00:00Z');

async function run<K extends IngestKind>(
  kind: K,
  source: ChunkSource | string,
  format: 'csv' | 'ndjson' = 'csv',
  opts: ValidateStreamOptions<K> = {},
) {
  const out = {
    records: [] as RecordOf<K>[],
    lines: [] as number[],
    errors: [] as RowError[],
    received: 0,
    warnings: [] as string[],
    batches: 0,
  };
  const chunks = typeof source === 'string' ? [source] : source;
  for await (const b of validateStream(kind, chunks, format, { now: NOW, ...opts })) {
    out.records.push(...b.records);
    out.lines.push(...b.lines);
    out.errors.push(...b.errors);
    out.received += b.received;
    out.warnings.push(...b.warnings.map((w) => formatMessage('en', w)));
    out.batches++;
  }
  return out;
}

const STATEMENT_FIELDS = KIND_FIELDS.statements.map((f) => f.name);
const GOOD_STATEMENT: Record<string, string> = {
  clientExternalId: 'C1',
  referenceMonth: '2025-06',
  creditLimit: '5000',
  statementBalance: '1200.50',
  minimumDue: '180.08',
  amountPaid: '300',
  revolvingBalance: '900.50',
  monthsPastDue: '0',
  purchases: '450.10',
  cashAdvances: '',
};

const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** A statements CSV whose data rows are the good row with the given overrides. */
function statementsCsv(...rows: Record<string, string>[]): string {
  const body = rows
    .map((o) => STATEMENT_FIELDS.map((f) => csvCell(o[f] ?? GOOD_STATEMENT[f]!)).join(','))
    .join('\n');
  return `${STATEMENT_FIELDS.join(',')}\n${body}\n`;
}

/** Validates statement rows (line 2 onwards, one client each) and returns errors as [line, field, reason]. */
async function statementErrors(...rows: Record<string, string>[]) {
  const r = await run(
    'statements',
    statementsCsv(...rows.map((o, i) => ({ clientExternalId: `C${i + 1}`, ...o }))),
  );
  return r.errors.map((e) => [e.line, e.field, reasonOf(e)]);
}

describe('validateStream: statements', () => {
  it('turns a good row into a typed record, with absent optional values as null', async () => {
    const r = await run('statements', statementsCsv({}));
    expect(r.errors).toEqual([]);
    expect(r.records).toEqual([
      {
        clientExternalId: 'C1',
        referenceMonth: '2025-06',
        creditLimit: 5000,
        statementBalance: 1200.5,
        minimumDue: 180.08,
        amountPaid: 300,
        revolvingBalance: 900.5,
        monthsPastDue: 0,
        purchases: 450.1,
        cashAdvances: null,
      },
    ]);
    expect(r.lines).toEqual([2]);
    expect(r.received).toBe(1);
  });

  it('accepts snake_case and differently-cased headers, and optional columns may be absent', async () => {
    const csv =
      'CLIENT_EXTERNAL_ID,reference_month,creditlimit,Statement_Balance,amount_paid,months_past_due\n' +
      'C9,2025-01,1000,-50.25,0,0\n';
    const r = await run('statements', csv);
    expect(r.errors).toEqual([]);
    expect(r.records[0]).toMatchObject({
      clientExternalId: 'C9',
      statementBalance: -50.25,
      minimumDue: null,
      revolvingBalance: null,
      purchases: null,
    });
  });

  it('rejects a header missing required columns, naming them', async () => {
    const csv = 'clientExternalId,referenceMonth,statementBalance\nC1,2025-01,10\n';
    const err = await run('statements', csv).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HeaderError);
    expect((err as HeaderError).missing).toEqual(['creditLimit', 'amountPaid', 'monthsPastDue']);
    expect((err as HeaderError).status).toBe(422);
    expect(reasonOf(err as HeaderError & Rejection)).toContain(
      'Required columns missing for statements: creditLimit, amountPaid, monthsPastDue.',
    );
    expect(formatRejection('pt-BR', (err as HeaderError).code, (err as HeaderError).params)).toContain(
      'Colunas obrigatórias ausentes para statements: creditLimit, amountPaid, monthsPastDue.',
    );
  });

  it('rejects a header with the same column twice', async () => {
    const csv = `${STATEMENT_FIELDS.join(',')},credit_limit\n`;
    const err = (await run('statements', csv).catch((e: unknown) => e)) as HeaderError & Rejection;
    expect(reasonOf(err)).toBe('Column creditLimit appears twice in the header (columns 3 and 11).');
  });

  it('warns once about unknown columns and ignores them', async () => {
    const csv = `${STATEMENT_FIELDS.join(',')},branch,Segment\n${STATEMENT_FIELDS.map((f) => GOOD_STATEMENT[f]).join(',')},SP01,MASS\n`;
    const r = await run('statements', `${csv}C2,2025-06,1,0,,0,,0,,,X,Y\n`, 'csv', { batchSize: 1 });
    expect(r.warnings).toEqual(["Unknown columns ignored: 'branch', 'Segment'."]);
    expect(r.records).toHaveLength(2);
    expect(r.batches).toBe(2);
  });

  it('explains bad numbers, including thousands separators', async () => {
    expect(
      await statementErrors({ creditLimit: 'abc' }, { amountPaid: '1.234,56' }, { amountPaid: '1,5' }),
    ).toEqual([
      [2, 'creditLimit', "expected a number, got 'abc'"],
      [
        3,
        'amountPaid',
        "expected a number, got '1.234,56' (use '.' as the decimal separator and no thousands separators)",
      ],
      [
        4,
        'amountPaid',
        "expected a number, got '1,5' (use '.' as the decimal separator and no thousands separators)",
      ],
    ]);
    expect(await statementErrors({ purchases: '1e5' }, { purchases: '0x10' }, { purchases: '12.' })).toEqual([
      [2, 'purchases', "expected a number, got '1e5'"],
      [3, 'purchases', "expected a number, got '0x10'"],
      [4, 'purchases', "expected a number, got '12.'"],
    ]);
  });

  it('reads decimal commas from a semicolon file when decimalSeparator is ","', async () => {
    const csv =
      'clientExternalId;referenceMonth;creditLimit;statementBalance;amountPaid;monthsPastDue\n' +
      'C1;2025-03;1500,75;-10,5;0;1\n' +
      'C2;2025-03;1.500,75;0;0;0\n';
    const r = await run('statements', csv, 'csv', { decimalSeparator: ',' });
    expect(r.records[0]).toMatchObject({ creditLimit: 1500.75, statementBalance: -10.5, monthsPastDue: 1 });
    expect(withReasons('en', r.errors)).toMatchObject([
      {
        line: 3,
        field: 'creditLimit',
        reason:
          "expected a number, got '1.500,75' (use ',' as the decimal separator and no thousands separators)",
      },
    ]);
  });

  it('enforces ranges on limits, balances, amounts and monthsPastDue', async () => {
    expect(
      await statementErrors(
        { creditLimit: '-1' },
        { revolvingBalance: '-0.5' },
        { amountPaid: '2000000000000' },
        { monthsPastDue: '37' },
        { monthsPastDue: '2.5' },
        { monthsPastDue: '-1' },
        { statementBalance: '-1500000000000' },
      ),
    ).toEqual([
      [2, 'creditLimit', "creditLimit must be >= 0, got '-1'"],
      [3, 'revolvingBalance', "revolvingBalance must be >= 0, got '-0.5'"],
      [4, 'amountPaid', "amountPaid must be between -1e12 and 1e12, got '2000000000000'"],
      [5, 'monthsPastDue', "monthsPastDue must be a whole number between 0 and 36, got '37'"],
      [6, 'monthsPastDue', "monthsPastDue must be a whole number between 0 and 36, got '2.5'"],
      [7, 'monthsPastDue', "monthsPastDue must be a whole number between 0 and 36, got '-1'"],
      [8, 'statementBalance', "statementBalance must be between -1e12 and 1e12, got '-1500000000000'"],
    ]);
  });

  it('checks minimumDue against the positive part of the statement balance', async () => {
    expect(
      await statementErrors(
        { statementBalance: '100', minimumDue: '150' },
        { statementBalance: '-20', minimumDue: '5' },
        { statementBalance: '-20', minimumDue: '0' },
        { statementBalance: '100', minimumDue: '100.005' },
      ),
    ).toEqual([
      [2, 'minimumDue', 'minimumDue (150) must be <= the positive statementBalance (100)'],
      [3, 'minimumDue', 'minimumDue (5) must be <= the positive statementBalance (0)'],
    ]);
  });

  it('checks months: format, real month, not in the future', async () => {
    expect(
      await statementErrors(
        { referenceMonth: '2025-13' },
        { referenceMonth: '06/2025' },
        { referenceMonth: '2026-02' },
        { referenceMonth: '2026-01' },
        { referenceMonth: '' },
      ),
    ).toEqual([
      [2, 'referenceMonth', "referenceMonth must be YYYY-MM, got '2025-13'"],
      [3, 'referenceMonth', "referenceMonth must be YYYY-MM, got '06/2025'"],
      [4, 'referenceMonth', "referenceMonth is in the future: '2026-02' is after 2026-01"],
      [6, 'referenceMonth', 'referenceMonth is required'],
    ]);
  });

  it('reports every bad field of a row and counts received rows, with parse errors in line order', async () => {
    const csv =
      statementsCsv({ clientExternalId: ' ', creditLimit: 'x', monthsPastDue: '' }) +
      'C3,2025-01\nC4,2025-01,1,1,,1,,0,,\n';
    const r = await run('statements', csv);
    expect(withReasons('en', r.errors)).toMatchObject([
      { line: 2, field: 'clientExternalId', reason: 'clientExternalId is required' },
      { line: 2, field: 'creditLimit', reason: "expected a number, got 'x'" },
      { line: 2, field: 'monthsPastDue', reason: 'monthsPastDue is required' },
      { line: 3, field: '(row)', reason: 'expected 10 cells as in the header, got 2' },
    ]);
    expect(r.lines).toEqual([4]);
    expect(r.received).toBe(3);
  });

  it('keeps the first of duplicate natural keys and rejects later ones, across batches', async () => {
    const r = await run(
      'statements',
      statementsCsv(
        { clientExternalId: 'C1', creditLimit: '100' },
        { clientExternalId: 'C2' },
        { clientExternalId: 'C1', creditLimit: '999' },
        { clientExternalId: 'C1', referenceMonth: '2025-07' },
        { clientExternalId: 'C2' },
      ),
      'csv',
      { batchSize: 2 },
    );
    expect(r.records.map((x) => [x.clientExternalId, x.referenceMonth, x.creditLimit])).toEqual([
      ['C1', '2025-06', 100],
      ['C2', '2025-06', 5000],
      ['C1', '2025-07', 5000],
    ]);
    expect(withReasons('en', r.errors)).toMatchObject([
      {
        line: 4,
        field: 'clientExternalId+referenceMonth',
        reason: 'duplicate of line 2 (same clientExternalId + referenceMonth; the first occurrence is kept)',
      },
      {
        line: 6,
        field: 'clientExternalId+referenceMonth',
        reason: 'duplicate of line 3 (same clientExternalId + referenceMonth; the first occurrence is kept)',
      },
    ]);
    const noDedupe = await run('statements', statementsCsv({}, {}), 'csv', { dedupe: false });
    expect(noDedupe.records).toHaveLength(2);
  });

  it('keeps the index exact for many distinct keys', async () => {
    const rows = Array.from({ length: 30_000 }, (_, i) => ({ clientExternalId: `C${i}` }));
    const r = await run('statements', statementsCsv(...rows, { clientExternalId: 'C17' }));
    expect(r.records).toHaveLength(30_000);
    expect(r.errors.map((e) => reasonOf(e))).toEqual([
      'duplicate of line 19 (same clientExternalId + referenceMonth; the first occurrence is kept)',
    ]);
  });

  it('rejects ids with spaces or the key separator', async () => {
    expect(await statementErrors({ clientExternalId: 'C 1' }, { clientExternalId: 'C|1' })).toEqual([
      [
        2,
        'clientExternalId',
        "clientExternalId may not contain spaces, control characters or '|', got 'C 1'",
      ],
      [
        3,
        'clientExternalId',
        "clientExternalId may not contain spaces, control characters or '|', got 'C|1'",
      ],
    ]);
  });

  it('lets the caller reject rows that need the database through the verify hook', async () => {
    const known = new Set(['C1']);
    const r = await run(
      'statements',
      statementsCsv({ clientExternalId: 'C1' }, { clientExternalId: 'C123' }),
      'csv',
      {
        verify: ({ records, lines }) =>
          records.flatMap((rec, i) =>
            known.has(rec.clientExternalId)
              ? []
              : [
                  {
                    line: lines[i]!,
                    field: 'clientExternalId',
                    code: 'ingest.row.unknownClient' as const,
                    params: { id: `'${rec.clientExternalId}'` },
                  },
                ],
          ),
      },
    );
    expect(r.records.map((x) => x.clientExternalId)).toEqual(['C1']);
    expect(withReasons('en', r.errors)).toMatchObject([
      { line: 3, field: 'clientExternalId', reason: "unknown client 'C123' (ingest the client first)" },
    ]);
  });
});

describe('validateStream: bureau', () => {
  const header = 'clientExternalId,referenceDate,totalDebt,overdueDebt,numInstitutions,personalLoanDebt\n';

  it('validates dates, debts and institution counts', async () => {
    const csv =
      header +
      'C1,2025-12-31,1000,200,3,500\n' +
      'C2,2025-02-30,1000,0,1,0\n' +
      'C3,2025-06-01,100,150,1,0\n' +
      'C4,2025-06-01,100,0,-1,0\n' +
      'C5,2025-06-01,100,0,1.5,0\n' +
      'C6,2026-01-17,100,0,1,0\n' +
      'C7,2026-01-16,100,0,1,0\n' +
      'C8,15/06/2025,100,0,1,0\n' +
      'C9,2024-02-29,100,0,0,0\n' +
      'C10,1899-12-31,100,0,0,0\n';
    const r = await run('bureau', csv);
    expect(r.records.map((x) => x.clientExternalId)).toEqual(['C1', 'C7', 'C9']);
    expect(r.records[0]).toEqual({
      clientExternalId: 'C1',
      referenceDate: '2025-12-31',
      totalDebt: 1000,
      overdueDebt: 200,
      numInstitutions: 3,
      personalLoanDebt: 500,
    });
    expect(r.errors.map((e) => [e.line, e.field, reasonOf(e)])).toEqual([
      [3, 'referenceDate', "referenceDate must be a real date YYYY-MM-DD, got '2025-02-30'"],
      [4, 'overdueDebt', 'overdueDebt (150) must be <= totalDebt (100)'],
      [5, 'numInstitutions', "numInstitutions must be a whole number between 0 and 10000, got '-1'"],
      [6, 'numInstitutions', "numInstitutions must be a whole number between 0 and 10000, got '1.5'"],
      [7, 'referenceDate', "referenceDate is in the future: '2026-01-17' is after 2026-01-16"],
      [9, 'referenceDate', "referenceDate must be a real date YYYY-MM-DD, got '15/06/2025'"],
      [11, 'referenceDate', "referenceDate must be on or after 1900-01-01, got '1899-12-31'"],
    ]);
  });

  it('keeps one snapshot per client and date', async () => {
    const r = await run(
      'bureau',
      `${header}C1,2025-06-01,1,0,1,0\nC1,2025-06-02,1,0,1,0\nC1,2025-06-01,2,0,1,0\n`,
    );
    expect(r.records).toHaveLength(2);
    expect(r.errors[0]).toMatchObject({ line: 4, field: 'clientExternalId+referenceDate' });
    expect(reasonOf(r.errors[0]!)).toMatch(/^duplicate of line 2 /);
  });
});

describe('validateStream: clients', () => {
  const header =
    'externalId,segment,region,birthDate,relationshipStart,consentApp,consentEmail,consentSms,consentWhatsapp,email,phone,name\n';

  it('reads booleans in Portuguese and English, normalises phones, and keeps empty optionals as null', async () => {
    const csv =
      header +
      'C1,MASS,SP,1980-05-10,2020-01-15,SIM,Não,yes,0,ana@exemplo.com.br,+55 (11) 98765-4321,Ana Souza\n' +
      'C2,AFFLUENT,RJ,,2021-03-01,true,FALSE,nao,,,,\n';
    const r = await run('clients', csv);
    expect(r.errors).toEqual([]);
    expect(r.records).toEqual([
      {
        externalId: 'C1',
        segment: 'MASS',
        region: 'SP',
        birthDate: '1980-05-10',
        relationshipStart: '2020-01-15',
        consentApp: true,
        consentEmail: false,
        consentSms: true,
        consentWhatsapp: false,
        email: 'ana@exemplo.com.br',
        phone: '5511987654321',
        name: 'Ana Souza',
      },
      {
        externalId: 'C2',
        segment: 'AFFLUENT',
        region: 'RJ',
        birthDate: null,
        relationshipStart: '2021-03-01',
        consentApp: true,
        consentEmail: false,
        consentSms: false,
        consentWhatsapp: false,
        email: null,
        phone: null,
        name: null,
      },
    ]);
  });

  it('requires the consent columns even though empty consent means false', async () => {
    const csv = 'externalId,segment,region,relationshipStart,consentApp,consentEmail,consentSms\n';
    const err = (await run('clients', csv).catch((e: unknown) => e)) as HeaderError & Rejection;
    expect(err).toMatchObject({ code: 'ingest.file.missingColumns', missing: ['consentWhatsapp'] });
    expect(reasonOf(err)).toMatch(/^Required columns missing for clients: consentWhatsapp\./);
  });

  it('rejects bad booleans, e-mails, phones and ages outside 18..120', async () => {
    const csv =
      header +
      'C1,MASS,SP,1980-05-10,2020-01-15,talvez,0,0,0,,,\n' +
      'C2,MASS,SP,1980-05-10,2020-01-15,0,0,0,0,ana@,,\n' +
      'C3,MASS,SP,1980-05-10,2020-01-15,0,0,0,0,,1234-5678,\n' +
      'C4,MASS,SP,1980-05-10,2020-01-15,0,0,0,0,,11 9876-ABCD,\n' +
      'C5,MASS,SP,2002-01-16,2020-01-15,0,0,0,0,,,\n' +
      'C6,MASS,SP,2002-01-15,2020-01-15,0,0,0,0,,,\n' +
      'C7,MASS,SP,1899-12-31,2020-01-15,0,0,0,0,,,\n' +
      'C8,MASS,SP,1901-01-01,2022-01-01,0,0,0,0,,,\n' +
      'C9,,SP,,2020-01-15,0,0,0,0,,,\n';
    const r = await run('clients', csv);
    expect(r.records.map((x) => x.externalId)).toEqual(['C6']);
    expect(r.errors.map((e) => [e.line, e.field, reasonOf(e)])).toEqual([
      [2, 'consentApp', "expected true/false, 1/0, sim/não or yes/no, got 'talvez'"],
      [3, 'email', "email is not a valid e-mail address, got 'ana@'"],
      [4, 'phone', "phone must have 10 to 13 digits (DDD + number), got '1234-5678'"],
      [5, 'phone', "phone may contain only digits, spaces and + ( ) - ., got '11 9876-ABCD'"],
      [
        6,
        'birthDate',
        'birthDate 2002-01-16 gives age 17 at relationshipStart 2020-01-15; it must be between 18 and 120',
      ],
      [8, 'birthDate', "birthDate must be on or after 1900-01-01, got '1899-12-31'"],
      [
        9,
        'birthDate',
        'birthDate 1901-01-01 gives age 121 at relationshipStart 2022-01-01; it must be between 18 and 120',
      ],
      [10, 'segment', 'segment is required'],
    ]);
  });

  it('flags text that was not UTF-8 and reads it with the right encoding', async () => {
    const enc = new TextEncoder();
    const bytes = new Uint8Array([
      ...enc.encode(`${header}C1,MASS,SP,,2020-01-15,0,0,0,0,,,Jo`),
      0xe3,
      ...enc.encode('o\n'),
    ]);
    const asUtf8 = await run('clients', [bytes]);
    expect(asUtf8.errors[0]).toMatchObject({ line: 2, field: 'name' });
    expect(reasonOf(asUtf8.errors[0]!)).toContain('not valid UTF-8');
    const asLatin = await run('clients', [bytes], 'csv', { encoding: 'windows-1252' });
    expect(asLatin.records[0]!.name).toBe('João');
  });

  it('rejects a NUL byte in any text field, naming the line and field, and keeps the other rows', async () => {
    const csv =
      header +
      'C1,MASS,SP,,2020-01-15,0,0,0,0,,,Ana\n' +
      'C2,MA\u0000SS,SP,,2020-01-15,0,0,0,0,,,Bia\n' +
      'C\u00003,MASS,SP,,2020-01-15,0,0,0,0,,,Caio\n' +
      'C4,MASS,SP,,2020-01-15,0,0,0,0,,,Di\u0000\n' +
      'C5,MASS,SP,,2020-01-15,0,0,0,0,,,Eva\n';
    const r = await run('clients', [new TextEncoder().encode(csv)]);
    expect(r.records.map((x) => x.externalId)).toEqual(['C1', 'C5']);
    expect(withReasons('en', r.errors)).toMatchObject([
      { line: 3, field: 'segment', code: 'ingest.row.nulCharacter' },
      { line: 4, field: 'externalId', code: 'ingest.row.nulCharacter' },
      { line: 5, field: 'name', reason: expect.stringMatching(/^name contains a NUL character/) },
    ]);
    expect(withReasons('pt-BR', r.errors)[0]!.reason).toMatch(/^segment contém um caractere NUL/);
  });

  it('rejects ids with bytes that are not UTF-8, and unpaired surrogates from NDJSON or text input', async () => {
    const enc = new TextEncoder();
    const bytes = new Uint8Array([
      ...enc.encode(`${header}C`),
      0xff,
      ...enc.encode('1,MASS,SP,,2020-01-15,0,0,0,0,,,Ana\n'),
    ]);
    const fromBytes = await run('clients', [bytes]);
    expect(fromBytes.records).toEqual([]);
    expect(fromBytes.errors).toMatchObject([
      { line: 2, field: 'externalId', code: 'ingest.row.invalidUtf8' },
    ]);
    // Text chunks are not decoded bytes: a lone surrogate there is as invalid as a bad byte.
    const fromText = await run('clients', [`${header}C1,MASS,SP,,2020-01-15,0,0,0,0,,,Jo\ud800\n`]);
    expect(fromText.errors).toMatchObject([{ line: 2, field: 'name', code: 'ingest.row.invalidUtf8' }]);
    const nd = [
      '{"externalId":"C1","segment":"MASS","region":"SP","relationshipStart":"2020-01-15","consentApp":0,"consentEmail":0,"consentSms":0,"consentWhatsapp":0,"name":"Jo\\ud800"}',
      '{"externalId":"C2","segment":"MASS","region":"SP","relationshipStart":"2020-01-15","consentApp":0,"consentEmail":0,"consentSms":0,"consentWhatsapp":0,"name":"Jo \\ud83d\\ude00"}',
    ].join('\n');
    const fromJson = await run('clients', nd, 'ndjson');
    expect(fromJson.records.map((x) => x.name)).toEqual(['Jo 😀']);
    expect(fromJson.errors).toMatchObject([{ line: 1, field: 'name', code: 'ingest.row.invalidUnicode' }]);
  });

  it('echoes values in reasons in a form the rejection table can store', async () => {
    const r = await run('statements', statementsCsv({ creditLimit: '5\u00000' }));
    expect(r.errors).toMatchObject([{ field: 'creditLimit', code: 'ingest.row.numberExpected' }]);
    expect(r.errors[0]!.params).toEqual({ got: "'5\u24000'" });
    expect(reasonOf(r.errors[0]!)).toBe("expected a number, got '5\u24000'");
  });
});

describe('validateStream: outcomes', () => {
  it('requires a defaulted value and observedAt within or after the reference month', async () => {
    const csv =
      'clientExternalId,referenceMonth,defaulted,observedAt\n' +
      'C1,2025-06,1,2025-06-30\n' +
      'C2,2025-06,0,2025-05-31\n' +
      'C3,2025-06,no,2025-09-01\n' +
      'C4,2025-06,,2025-09-01\n';
    const r = await run('outcomes', csv);
    expect(r.records).toEqual([
      { clientExternalId: 'C1', referenceMonth: '2025-06', defaulted: true, observedAt: '2025-06-30' },
      { clientExternalId: 'C3', referenceMonth: '2025-06', defaulted: false, observedAt: '2025-09-01' },
    ]);
    expect(withReasons('en', r.errors)).toMatchObject([
      {
        line: 3,
        field: 'observedAt',
        reason: 'observedAt 2025-05-31 is before the start of referenceMonth 2025-06',
      },
      { line: 5, field: 'defaulted', reason: 'defaulted is required' },
    ]);
  });
});

describe('validateStream: NDJSON', () => {
  it('accepts JSON numbers, booleans and numeric strings, and warns once about unknown fields', async () => {
    const nd =
      '{"clientExternalId":"C1","referenceMonth":"2025-06","creditLimit":5000,"statementBalance":"-12.5","amountPaid":0,"monthsPastDue":0,"source":"x"}\n' +
      '{"clientExternalId":42,"referenceMonth":"2025-06","creditLimit":1,"statementBalance":0,"amountPaid":0,"monthsPastDue":1,"minimumDue":null,"source":"y"}\n';
    const r = await run('statements', nd, 'ndjson');
    expect(r.errors).toEqual([]);
    expect(r.records[0]).toMatchObject({
      clientExternalId: 'C1',
      creditLimit: 5000,
      statementBalance: -12.5,
    });
    expect(r.records[1]).toMatchObject({ clientExternalId: '42', monthsPastDue: 1, minimumDue: null });
    expect(r.warnings).toEqual(["Ignored unknown field 'source' (first seen on line 1)."]);
  });

  it('reports bad JSON lines, wrong JSON types and missing fields by line', async () => {
    const nd =
      '{"clientExternalId":"C1","referenceMonth":"2025-06","creditLimit":{"v":1},"statementBalance":0,"amountPaid":0,"monthsPastDue":0}\n' +
      '{"clientExternalId":"C2",\n' +
      '{"clientExternalId":"C3","referenceMonth":"2025-06","statementBalance":0,"amountPaid":0,"monthsPastDue":true}\n' +
      '{"externalId":"C4","segment":"MASS"}\n';
    const r = await run('statements', nd, 'ndjson');
    expect(r.records).toEqual([]);
    expect(r.received).toBe(4);
    expect(r.errors.map((e) => [e.line, e.field, reasonOf(e).replace(/^(invalid JSON).*/, '$1')])).toEqual([
      [1, 'creditLimit', 'expected a number, got an object'],
      [2, '(row)', 'invalid JSON'],
      [3, 'creditLimit', 'creditLimit is required'],
      [3, 'monthsPastDue', "expected a number, got 'true'"],
      [4, 'clientExternalId', 'clientExternalId is required'],
      [4, 'referenceMonth', 'referenceMonth is required'],
      [4, 'creditLimit', 'creditLimit is required'],
      [4, 'statementBalance', 'statementBalance is required'],
      [4, 'amountPaid', 'amountPaid is required'],
      [4, 'monthsPastDue', 'monthsPastDue is required'],
    ]);
  });

  it('rejects non-finite JSON-like values given as text', async () => {
    const nd =
      '{"clientExternalId":"C1","referenceMonth":"2025-06","creditLimit":"Infinity","statementBalance":0,"amountPaid":0,"monthsPastDue":0}\n';
    const r = await run('statements', nd, 'ndjson');
    expect(withReasons('en', r.errors)).toMatchObject([
      { line: 1, field: 'creditLimit', reason: "expected a number, got 'Infinity'" },
    ]);
  });
});

describe('single records and keys', () => {
  it('validateObject checks one submission with the same rules', () => {
    const ok = validateObject('outcomes', {
      clientExternalId: 'C1',
      referenceMonth: '2025-01',
      defaulted: false,
      observedAt: '2025-04-30',
    });
    expect(ok).toEqual({
      record: {
        clientExternalId: 'C1',
        referenceMonth: '2025-01',
        defaulted: false,
        observedAt: '2025-04-30',
      },
      errors: [],
    });
    const bad = validateObject('outcomes', { clientExternalId: 'C1', referenceMonth: '2025-01' }, 7, {
      now: NOW,
    });
    expect(bad.record).toBeNull();
    expect(withReasons('en', bad.errors)).toEqual([
      {
        line: 7,
        field: 'defaulted',
        code: 'ingest.row.required',
        params: { field: 'defaulted' },
        reason: 'defaulted is required',
      },
      {
        line: 7,
        field: 'observedAt',
        code: 'ingest.row.required',
        params: { field: 'observedAt' },
        reason: 'observedAt is required',
      },
    ]);
    expect(withReasons('pt-BR', bad.errors).map((e) => e.reason)).toEqual([
      'defaulted é obrigatório',
      'observedAt é obrigatório',
    ]);
  });

  it('naturalKeyOf joins the key fields of each kind', () => {
    expect(
      naturalKeyOf('statements', {
        clientExternalId: 'C1',
        referenceMonth: '2025-01',
        creditLimit: 1,
        statementBalance: 0,
        minimumDue: null,
        amountPaid: 0,
        revolvingBalance: null,
        monthsPastDue: 0,
        purchases: null,
        cashAdvances: null,
      }),
    ).toBe('C1|2025-01');
    expect(
      naturalKeyOf('outcomes', {
        clientExternalId: 'C1',
        referenceMonth: '2025-02',
        defaulted: true,
        observedAt: '2025-03-01',
      }),
    ).toBe('C1|2025-02');
  });

  it('parseDecimal accepts only plain decimals', () => {
    expect(parseDecimal('1234.56')).toBe(1234.56);
    expect(parseDecimal('-0.5')).toBe(-0.5);
    expect(parseDecimal('+7')).toBe(7);
    expect(parseDecimal('1234,56', true)).toBe(1234.56);
    for (const bad of ['', '-', '.5', '1.', '1,234.5', '1 000', '1e3', 'NaN', '1234,56']) {
      expect(parseDecimal(bad), bad).toBeNaN();
    }
  });
});
