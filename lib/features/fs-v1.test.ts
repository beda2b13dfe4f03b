import { describe, expect, it } from 'vitest';
import type { BureauRecord, ClientHistory, StatementRecord } from '@/lib/domain/raw';
import { computeFeatures, FEATURE_NAMES, FEATURE_SET_VERSION, featureDefinitions } from './fs-v1';

function st(referenceMonth: string, over: Partial<StatementRecord> = {}): StatementRecord {
  return {
    clientExternalId: 'C1',
    referenceMonth,
    creditLimit: 1000,
    statementBalance: 500,
    minimumDue: 75,
    amountPaid: 500,
    revolvingBalance: 0,
    monthsPastDue: 0,
    purchases: 500,
    cashAdvances: 0,
    ...over,
  };
}

function bu(referenceDate: string, over: Partial<BureauRecord> = {}): BureauRecord {
  return {
    clientExternalId: 'C1',
    referenceDate,
    totalDebt: 3000,
    overdueDebt: 0,
    numInstitutions: 2,
    personalLoanDebt: 1000,
    ...over,
  };
}

function hist(statements: StatementRecord[], bureau: BureauRecord[] = []): ClientHistory {
  return {
    client: { externalId: 'C1', segment: 'MASS', birthDate: null, relationshipStart: '2020-01-01' },
    statements,
    bureau,
  };
}

function byName(v: Float64Array): Record<string, number> {
  return Object.fromEntries(FEATURE_NAMES.map((n, i) => [n, v[i]!]));
}

describe('fs-v1 definitions', () => {
  it('lists exactly the model input features in order, each described in both languages', () => {
    expect(FEATURE_SET_VERSION).toBe('fs-v1');
    expect(FEATURE_NAMES).toEqual([
      'limite_credito',
      'utilizacao_limite_media_3m',
      'utilizacao_limite_max_3m',
      'tendencia_utilizacao_3m',
      'pagamento_fatura_ratio_media_3m',
      'meses_pagamento_minimo_3m',
      'saldo_rotativo_medio_3m',
      'atraso_max_3m',
      'atraso_max_6m',
      'meses_com_atraso_6m',
      'scr_divida_total_sobre_limite',
      'scr_num_instituicoes',
      'scr_atraso',
      'meses_historico',
    ]);
    for (const f of featureDefinitions) {
      expect(f.description['pt-BR'].length).toBeGreaterThan(20);
      expect(f.description.en.length).toBeGreaterThan(20);
    }
  });
});

describe('computeFeatures', () => {
  const full = hist(
    [
      st('2025-01', { monthsPastDue: 2 }), // M-5
      st('2025-02'),
      st('2025-03', { monthsPastDue: 1 }),
      st('2025-04', { statementBalance: 200, amountPaid: 200 }), // util 0.2, ratio 1
      st('2025-05', { statementBalance: 600, minimumDue: 90, amountPaid: 90, revolvingBalance: 510 }), // minimum
      st('2025-06', {
        creditLimit: 2000,
        statementBalance: 1600,
        minimumDue: 240,
        amountPaid: 400,
        revolvingBalance: 1200,
        monthsPastDue: 0,
      }),
    ],
    [
      bu('2025-05-15', { totalDebt: 9999 }),
      bu('2025-06-15', { totalDebt: 5000, overdueDebt: 10, numInstitutions: 4 }),
    ],
  );

  it('computes every feature of a full six-month history as documented', () => {
    const f = byName(computeFeatures(full, '2025-06'));
    expect(f.limite_credito).toBe(2000);
    // utilizations M-2..M: 0.2, 0.6, 0.8
    expect(f.utilizacao_limite_media_3m).toBeCloseTo((0.2 + 0.6 + 0.8) / 3, 12);
    expect(f.utilizacao_limite_max_3m).toBeCloseTo(0.8, 12);
    expect(f.tendencia_utilizacao_3m).toBeCloseTo((0.8 - 0.2) / 2, 12);
    expect(f.pagamento_fatura_ratio_media_3m).toBeCloseTo((1 + 90 / 600 + 400 / 1600) / 3, 12);
    expect(f.meses_pagamento_minimo_3m).toBe(2); // May (90 >= 90) and June (400 >= 240, < 1600)
    expect(f.saldo_rotativo_medio_3m).toBeCloseTo((0 + 510 + 1200) / 3, 9);
    expect(f.atraso_max_3m).toBe(0);
    expect(f.atraso_max_6m).toBe(2);
    expect(f.meses_com_atraso_6m).toBe(2);
    expect(f.scr_divida_total_sobre_limite).toBeCloseTo(5000 / 2000, 12);
    expect(f.scr_num_instituicoes).toBe(4);
    expect(f.scr_atraso).toBe(1);
    expect(f.meses_historico).toBe(6);
  });

  it('gives NaN for every bureau feature when there is no snapshot up to the end of M', () => {
    const f = byName(computeFeatures(hist([st('2025-06')], [bu('2025-07-01')]), '2025-06'));
    expect(f.scr_divida_total_sobre_limite).toBeNaN();
    expect(f.scr_num_instituicoes).toBeNaN();
    expect(f.scr_atraso).toBeNaN();
    expect(f.limite_credito).toBe(1000);
  });

  it('uses a snapshot dated on the last day of M', () => {
    const f = byName(
      computeFeatures(hist([st('2025-06')], [bu('2025-06-30', { overdueDebt: 0 })]), '2025-06'),
    );
    expect(f.scr_atraso).toBe(0);
    expect(f.scr_num_instituicoes).toBe(2);
  });

  it('handles a one-month history: window features from that month, trend NaN', () => {
    const f = byName(computeFeatures(hist([st('2025-06')]), '2025-06'));
    expect(f.meses_historico).toBe(1);
    expect(f.utilizacao_limite_media_3m).toBeCloseTo(0.5, 12);
    expect(f.utilizacao_limite_max_3m).toBeCloseTo(0.5, 12);
    expect(f.tendencia_utilizacao_3m).toBeNaN();
    expect(f.atraso_max_6m).toBe(0);
    expect(f.meses_com_atraso_6m).toBe(0);
  });

  it('gives NaN for window features when no statement falls in the window, but keeps history length', () => {
    const f = byName(computeFeatures(hist([st('2025-01')]), '2025-06'));
    expect(f.limite_credito).toBeNaN();
    expect(f.utilizacao_limite_media_3m).toBeNaN();
    expect(f.pagamento_fatura_ratio_media_3m).toBeNaN();
    expect(f.meses_pagamento_minimo_3m).toBeNaN();
    expect(f.atraso_max_3m).toBeNaN();
    expect(f.atraso_max_6m).toBe(0);
    expect(f.meses_historico).toBe(6);
  });

  it('gives all NaN for a client with no statement up to M', () => {
    const v = computeFeatures(hist([st('2025-07')]), '2025-06');
    for (let i = 0; i < 10; i++) expect(v[i]).toBeNaN();
    expect(byName(v).meses_historico).toBeNaN();
  });

  it('treats a zero limit as no utilization and no bureau ratio, not as zero', () => {
    const f = byName(
      computeFeatures(hist([st('2025-06', { creditLimit: 0 })], [bu('2025-06-15')]), '2025-06'),
    );
    expect(f.limite_credito).toBe(0);
    expect(f.utilizacao_limite_media_3m).toBeNaN();
    expect(f.utilizacao_limite_max_3m).toBeNaN();
    expect(f.scr_divida_total_sobre_limite).toBeNaN();
    expect(f.scr_num_instituicoes).toBe(2);
  });

  it('treats a negative balance (credit) as zero utilization, paid in full, no revolving', () => {
    const f = byName(
      computeFeatures(
        hist([
          st('2025-06', { statementBalance: -120, amountPaid: 0, minimumDue: 0, revolvingBalance: null }),
        ]),
        '2025-06',
      ),
    );
    expect(f.utilizacao_limite_media_3m).toBe(0);
    expect(f.pagamento_fatura_ratio_media_3m).toBe(1);
    expect(f.meses_pagamento_minimo_3m).toBe(0);
    expect(f.saldo_rotativo_medio_3m).toBe(0);
  });

  it('uses the documented proxy when minimum due and revolving balance are unknown', () => {
    const f = byName(
      computeFeatures(
        hist([
          st('2025-04', {
            minimumDue: null,
            revolvingBalance: null,
            statementBalance: 1000,
            amountPaid: 100,
          }),
          st('2025-05', { minimumDue: null, revolvingBalance: null, statementBalance: 1000, amountPaid: 0 }),
          st('2025-06', {
            minimumDue: null,
            revolvingBalance: null,
            statementBalance: 1000,
            amountPaid: 1500,
          }),
        ]),
        '2025-06',
      ),
    );
    expect(f.meses_pagamento_minimo_3m).toBe(1);
    expect(f.saldo_rotativo_medio_3m).toBeCloseTo((900 + 1000 + 0) / 3, 9);
    expect(f.pagamento_fatura_ratio_media_3m).toBeCloseTo((0.1 + 0 + 1) / 3, 12);
  });

  it('is point-in-time: future statements and snapshots with wild values leave the vector bit-identical', () => {
    const before = computeFeatures(full, '2025-06');
    const wild = hist(
      [
        ...full.statements,
        st('2025-07', { creditLimit: 1, statementBalance: 1e9, amountPaid: 0, monthsPastDue: 9 }),
        st('2026-01', { creditLimit: -5, statementBalance: -1e9, monthsPastDue: 99 }),
      ],
      [...full.bureau, bu('2025-07-01', { totalDebt: 1e12, overdueDebt: 1e12, numInstitutions: 99 })],
    );
    const after = computeFeatures(wild, '2025-06');
    expect(Buffer.from(after.buffer).equals(Buffer.from(before.buffer))).toBe(true);
  });

  it('does not depend on the order of input rows', () => {
    const before = computeFeatures(full, '2025-06');
    const shuffled = hist([...full.statements].reverse(), [...full.bureau].reverse());
    const after = computeFeatures(shuffled, '2025-06');
    expect(Buffer.from(after.buffer).equals(Buffer.from(before.buffer))).toBe(true);
  });

  it('gives the same vector for the same history whatever as-of month was computed before', () => {
    const a = computeFeatures(full, '2025-05');
    computeFeatures(full, '2025-06');
    expect(Array.from(computeFeatures(full, '2025-05'))).toEqual(Array.from(a));
    expect(byName(a).meses_historico).toBe(5);
  });

  it('rejects a malformed as-of month', () => {
    expect(() => computeFeatures(full, '2025-6')).toThrow(/YYYY-MM/);
  });
});
