import { createReadStream, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeFeatures, FEATURE_NAMES } from '@/lib/features/fs-v1';
import { parseCsv } from './csv';
import { mapUciRow, UCI_COLUMNS, type UciMapped } from './uci';
import { formatRejection, withReasons } from './messages';
import type { RowError as Rejection } from './kinds';

/** A rejection's reason as an English-speaking user reads it. */
const reasonOf = (e: Rejection) => formatRejection('en', e.code, e.params);

const dataDir = path.resolve(process.cwd(), '../shared/data');
const uciFile = path.join(dataDir, 'uci', 'UCI_Credit_Card.csv');
const exists = existsSync(uciFile);

function row(over: Record<string, string> = {}): Record<string, string> {
  const base: Record<string, string> = {
    ID: '1',
    LIMIT_BAL: '20000',
    SEX: '2',
    EDUCATION: '2',
    MARRIAGE: '1',
    AGE: '24',
    PAY_0: '2',
    PAY_2: '2',
    PAY_3: '-1',
    PAY_4: '-1',
    PAY_5: '-2',
    PAY_6: '-2',
    BILL_AMT1: '3913',
    BILL_AMT2: '3102',
    BILL_AMT3: '689',
    BILL_AMT4: '0',
    BILL_AMT5: '0',
    BILL_AMT6: '0',
    PAY_AMT1: '0',
    PAY_AMT2: '689',
    PAY_AMT3: '0',
    PAY_AMT4: '0',
    PAY_AMT5: '0',
    PAY_AMT6: '0',
    'default.payment.next.month': '1',
  };
  return { ...base, ...over };
}

describe('mapUciRow', () => {
  it('maps the README columns month by month (1 = Sep ... 6 = Apr; PAY_0 is Sep)', () => {
    const m = mapUciRow(row(), 2) as UciMapped;
    expect(m.client).toMatchObject({ externalId: 'UCI-1', segment: 'MASS', region: 'TW', birthDate: null });
    expect(
      m.client.consentApp || m.client.consentEmail || m.client.consentSms || m.client.consentWhatsapp,
    ).toBe(false);
    expect(m.demographics.age).toBe(24);
    expect(m.statements.map((s) => s.referenceMonth)).toEqual([
      '2005-04',
      '2005-05',
      '2005-06',
      '2005-07',
      '2005-08',
      '2005-09',
    ]);
    const sep = m.statements[5]!;
    expect(sep).toMatchObject({
      statementBalance: 3913,
      amountPaid: 0,
      monthsPastDue: 2,
      creditLimit: 20000,
    });
    expect(sep.minimumDue).toBeNull();
    expect(m.statements[4]).toMatchObject({
      referenceMonth: '2005-08',
      statementBalance: 3102,
      amountPaid: 689,
    });
    expect(m.statements[2]!.monthsPastDue).toBe(0); // PAY_4 = -1 (paid in full) is current
    expect(m.outcomes).toEqual([
      { clientExternalId: 'UCI-1', referenceMonth: '2005-09', defaulted: true, observedAt: '2005-10-31' },
    ]);
  });

  it('feeds fs-v1 as of 2005-09 with card features and no bureau features', () => {
    const m = mapUciRow(row(), 2) as UciMapped;
    const v = computeFeatures({ client: m.client, statements: m.statements, bureau: [] }, '2005-09');
    const f = Object.fromEntries(FEATURE_NAMES.map((n, i) => [n, v[i]!]));
    expect(f.atraso_max_3m).toBe(2);
    expect(f.meses_historico).toBe(6);
    expect(f.utilizacao_limite_max_3m).toBeCloseTo(3913 / 20000, 12);
    expect(f.scr_num_instituicoes).toBeNaN();
  });

  it('names the line and field of every bad cell', () => {
    const result = mapUciRow(row({ LIMIT_BAL: 'abc', PAY_3: '12', 'default.payment.next.month': '' }), 17);
    expect('errors' in result).toBe(true);
    const errors = (result as { errors: Rejection[] }).errors;
    expect(withReasons('en', errors)).toMatchObject([
      { line: 17, field: 'LIMIT_BAL', reason: "'abc' is not a number" },
      { line: 17, field: 'PAY_3', reason: '12 is outside -2..9' },
      { line: 17, field: 'default.payment.next.month', reason: 'is empty' },
    ]);
  });

  it('reports a missing column instead of crashing', () => {
    const cells = row();
    delete cells.AGE;
    const result = mapUciRow(cells, 3);
    expect(result).toEqual({ errors: [{ line: 3, field: 'AGE', code: 'ingest.uci.columnMissing' }] });
    expect(reasonOf((result as { errors: Rejection[] }).errors[0]!)).toBe('column is missing');
  });
});

// A clone without /work/shared/data (e.g. a fresh checkout elsewhere) has no copy of the UCI file.
describe.skipIf(!exists)('mapUciRow on the real UCI file', () => {
  it('maps all 30,000 clients, 180,000 statements and 30,000 outcomes with 6,636 defaults', async () => {
    let clients = 0;
    let statements = 0;
    let outcomes = 0;
    let defaults = 0;
    const errors: unknown[] = [];
    const ids = new Set<string>();
    for await (const batch of parseCsv(createReadStream(uciFile))) {
      expect(batch.header).toEqual([...UCI_COLUMNS]);
      errors.push(...batch.errors);
      for (let i = 0; i < batch.rows.length; i++) {
        const cells: Record<string, string> = {};
        batch.header.forEach((h, j) => (cells[h] = batch.rows[i]![j]!));
        const m = mapUciRow(cells, batch.lines[i]!);
        if ('errors' in m) {
          errors.push(...m.errors);
          continue;
        }
        clients++;
        ids.add(m.client.externalId);
        statements += m.statements.length;
        outcomes += m.outcomes.length;
        defaults += m.outcomes.filter((o) => o.defaulted).length;
      }
    }
    expect(errors).toEqual([]);
    expect(clients).toBe(30_000);
    expect(ids.size).toBe(30_000);
    expect(statements).toBe(180_000);
    expect(outcomes).toBe(30_000);
    expect(defaults).toBe(6_636);
  });
});
