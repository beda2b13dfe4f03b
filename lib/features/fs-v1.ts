// Feature set fs-v1: the 14 point-in-time card/bureau features the risk model reads, in model input order.
// One definition serves batch, real-time and training; computeFeatures filters the history to what was known at M.

import { addMonths, type ClientHistory, type YearMonth } from '@/lib/domain/raw';
import { WINDOW_MONTHS, type FeatureContext, type FeatureDefinition } from './types';

export const FEATURE_SET_VERSION = 'fs-v1';

const LAST = WINDOW_MONTHS - 1; // slot of the as-of month M
const FIRST_3M = WINDOW_MONTHS - 3; // slot of M-2

/** Month index (year * 12 + month - 1) of a 'YYYY-MM…' string, NaN when it is not one. */
export function monthIndex(ym: string): number {
  if (ym.length < 7 || ym.charCodeAt(4) !== 45) return NaN;
  let y = 0;
  for (let i = 0; i < 4; i++) {
    const c = ym.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return NaN;
    y = y * 10 + c;
  }
  const m1 = ym.charCodeAt(5) - 48;
  const m2 = ym.charCodeAt(6) - 48;
  if (m1 < 0 || m1 > 9 || m2 < 0 || m2 > 9) return NaN;
  const m = m1 * 10 + m2;
  if (m < 1 || m > 12) return NaN;
  return y * 12 + m - 1;
}

export function createFeatureContext(): FeatureContext {
  const arr = () => new Float64Array(WINDOW_MONTHS);
  return {
    asOfIndex: NaN,
    present: new Uint8Array(WINDOW_MONTHS),
    creditLimit: arr(),
    statementBalance: arr(),
    minimumDue: arr(),
    amountPaid: arr(),
    revolvingBalance: arr(),
    monthsPastDue: arr(),
    utilization: arr(),
    firstStatementIndex: NaN,
    hasBureau: false,
    bureauTotalDebt: NaN,
    bureauOverdueDebt: NaN,
    bureauNumInstitutions: NaN,
    bureauPersonalLoanDebt: NaN,
  };
}

// Batch scoring calls computeFeatures for the same M a million times; caching M+1 avoids re-parsing it.
let cachedAsOf = '';
let cachedAsOfIndex = NaN;
let cachedNextMonth = '';

/** -1, 0 or 1; a missing value (null, NaN) ranks below every number. */
function rank(a: number | null, b: number | null): number {
  const x = a === null || a !== a ? -Infinity : a;
  const y = b === null || b !== b ? -Infinity : b;
  return x > y ? 1 : x < y ? -1 : 0;
}

/**
 * Whether statement s wins over the one already in the slot for the same month: larger balance, then payment,
 * then delay, then the other fields a feature reads. A total order over those fields, so which of two
 * duplicates is kept never depends on their order in the input (found by fs-v1.prop.test.ts: two statements
 * of one month differing only in revolvingBalance gave saldo_rotativo_medio_3m by input order).
 */
function statementRanksAbove(
  s: ClientHistory['statements'][number],
  ctx: FeatureContext,
  slot: number,
): boolean {
  const c =
    rank(s.statementBalance, ctx.statementBalance[slot]!) ||
    rank(s.amountPaid, ctx.amountPaid[slot]!) ||
    rank(s.monthsPastDue, ctx.monthsPastDue[slot]!) ||
    rank(s.creditLimit, ctx.creditLimit[slot]!) ||
    rank(s.minimumDue, ctx.minimumDue[slot]!) ||
    rank(s.revolvingBalance, ctx.revolvingBalance[slot]!);
  return c > 0;
}

/** The same for two bureau snapshots of one date: total debt, overdue debt, then the other fields read. */
function bureauRanksAbove(
  b: ClientHistory['bureau'][number],
  best: ClientHistory['bureau'][number],
): boolean {
  const c =
    rank(b.totalDebt, best.totalDebt) ||
    rank(b.overdueDebt, best.overdueDebt) ||
    rank(b.numInstitutions, best.numInstitutions) ||
    rank(b.personalLoanDebt, best.personalLoanDebt);
  return c > 0;
}

/**
 * Fills ctx with the point-in-time window of `history` as of `asOf`: statements with referenceMonth <= asOf
 * and the latest bureau snapshot with referenceDate <= end of asOf. Input order does not matter; duplicate
 * reference months (which the natural key forbids, but a raw history sent to the API may hold) resolve to the
 * larger balance, then payment, then delay, then the other fields read (statementRanksAbove).
 */
export function buildFeatureContext(
  history: ClientHistory,
  asOf: YearMonth,
  ctx: FeatureContext = createFeatureContext(),
): FeatureContext {
  if (asOf !== cachedAsOf) {
    const idx = monthIndex(asOf);
    if (Number.isNaN(idx) || asOf.length !== 7) throw new RangeError(`asOf must be 'YYYY-MM', got '${asOf}'`);
    cachedAsOf = asOf;
    cachedAsOfIndex = idx;
    cachedNextMonth = addMonths(asOf, 1);
  }
  const asOfIndex = cachedAsOfIndex;
  const nextMonth = cachedNextMonth;
  const { present, creditLimit, statementBalance, minimumDue, amountPaid, revolvingBalance, monthsPastDue } =
    ctx;
  present.fill(0);
  creditLimit.fill(NaN);
  statementBalance.fill(NaN);
  minimumDue.fill(NaN);
  amountPaid.fill(NaN);
  revolvingBalance.fill(NaN);
  monthsPastDue.fill(NaN);
  ctx.utilization.fill(NaN);
  ctx.asOfIndex = asOfIndex;

  let first = Infinity;
  const statements = history.statements;
  for (let i = 0; i < statements.length; i++) {
    const s = statements[i]!;
    const idx = monthIndex(s.referenceMonth);
    if (!(idx <= asOfIndex)) continue; // future or malformed month
    if (idx < first) first = idx;
    const slot = idx - asOfIndex + LAST;
    if (slot < 0) continue;
    if (present[slot] === 1 && !statementRanksAbove(s, ctx, slot)) continue;
    present[slot] = 1;
    creditLimit[slot] = s.creditLimit;
    statementBalance[slot] = s.statementBalance;
    minimumDue[slot] = s.minimumDue ?? NaN;
    amountPaid[slot] = s.amountPaid;
    revolvingBalance[slot] = s.revolvingBalance ?? NaN;
    monthsPastDue[slot] = s.monthsPastDue;
  }
  ctx.firstStatementIndex = first === Infinity ? NaN : first;
  for (let slot = 0; slot < WINDOW_MONTHS; slot++) {
    const limit = creditLimit[slot]!;
    if (present[slot] === 1 && limit > 0) {
      const bal = statementBalance[slot]!;
      // A limit so near zero that the ratio overflows (5e-324 passes ingestion's >= 0) counts as no limit.
      const u = (bal > 0 ? bal : 0) / limit;
      ctx.utilization[slot] = u <= Number.MAX_VALUE ? u : NaN;
    }
  }

  let best: ClientHistory['bureau'][number] | undefined;
  const bureau = history.bureau;
  for (let i = 0; i < bureau.length; i++) {
    const b = bureau[i]!;
    const d = b.referenceDate;
    // 'YYYY-MM-DD' < 'YYYY-MM' of M+1 exactly when the date is <= the last day of M.
    if (!(d < nextMonth)) continue;
    if (
      best === undefined ||
      d > best.referenceDate ||
      (d === best.referenceDate && bureauRanksAbove(b, best))
    ) {
      best = b;
    }
  }
  ctx.hasBureau = best !== undefined;
  ctx.bureauTotalDebt = best ? best.totalDebt : NaN;
  ctx.bureauOverdueDebt = best ? best.overdueDebt : NaN;
  ctx.bureauNumInstitutions = best ? best.numInstitutions : NaN;
  ctx.bureauPersonalLoanDebt = best ? best.personalLoanDebt : NaN;
  return ctx;
}

/** Credit limit of the most recent statement in M-2..M; NaN when none or negative. */
function latestLimit(ctx: FeatureContext): number {
  for (let slot = LAST; slot >= FIRST_3M; slot--) {
    if (ctx.present[slot] === 1) {
      const limit = ctx.creditLimit[slot]!;
      return limit >= 0 ? limit : NaN;
    }
  }
  return NaN;
}

function mean3(values: Float64Array): number {
  let sum = 0;
  let n = 0;
  for (let slot = FIRST_3M; slot <= LAST; slot++) {
    const v = values[slot]!;
    if (v === v) {
      sum += v;
      n++;
    }
  }
  return n === 0 ? NaN : sum / n;
}

function maxOver(values: Float64Array, from: number): number {
  let max = -Infinity;
  for (let slot = from; slot <= LAST; slot++) {
    const v = values[slot]!;
    if (v > max) max = v;
  }
  return max === -Infinity ? NaN : max;
}

/** Payment ratio of one month: nothing owed counts as paid in full; overpayment is capped at 1. */
function paymentRatio(ctx: FeatureContext, slot: number): number {
  const bal = ctx.statementBalance[slot]!;
  if (!(bal > 0)) return 1;
  const paid = ctx.amountPaid[slot]!;
  const r = (paid > 0 ? paid : 0) / bal;
  return r > 1 ? 1 : r;
}

function isMinimumPaymentMonth(ctx: FeatureContext, slot: number): boolean {
  const bal = ctx.statementBalance[slot]!;
  const paid = ctx.amountPaid[slot]!;
  if (!(bal > 0) || !(paid < bal)) return false;
  const min = ctx.minimumDue[slot]!;
  if (min === min) return paid >= min * 0.99;
  return paid > 0; // minimum unknown: paid something and revolved the rest
}

export const featureDefinitions: readonly FeatureDefinition[] = [
  {
    name: 'limite_credito',
    unit: 'BRL',
    description: {
      'pt-BR':
        'Limite de crédito do cartão na fatura mais recente entre M-2 e M (R$). Ausente (NaN) sem fatura nesses meses ou com limite negativo; limite zero é 0.',
      en: 'Card credit limit on the most recent statement in M-2..M (BRL). Missing (NaN) when there is no statement in those months or the limit is negative; a zero limit is 0.',
    },
    compute: latestLimit,
  },
  {
    name: 'utilizacao_limite_media_3m',
    unit: 'ratio',
    description: {
      'pt-BR':
        'Média, nos meses M-2..M com fatura e limite > 0, de saldo da fatura / limite do mês (saldo negativo conta como 0; acima de 1 = estouro do limite). Exige ao menos 1 mês; senão NaN.',
      en: 'Mean over the months M-2..M that have a statement and a limit > 0 of statement balance / that month’s limit (a negative balance counts as 0; above 1 = over limit). Needs at least 1 month, else NaN.',
    },
    compute: (ctx) => mean3(ctx.utilization),
  },
  {
    name: 'utilizacao_limite_max_3m',
    unit: 'ratio',
    description: {
      'pt-BR':
        'Máximo da utilização do limite (saldo / limite) nos meses M-2..M; mesma regra de ausência da média.',
      en: 'Maximum limit utilization (balance / limit) over M-2..M; same missing rule as the mean.',
    },
    compute: (ctx) => maxOver(ctx.utilization, FIRST_3M),
  },
  {
    name: 'tendencia_utilizacao_3m',
    unit: 'ratio',
    description: {
      'pt-BR':
        'Inclinação por mês (mínimos quadrados) da utilização em M-2, M-1, M, que para três meses igualmente espaçados é (util(M) - util(M-2)) / 2. Exige as faturas de M e de M-2 com limite > 0; senão NaN.',
      en: 'Least-squares slope per month of utilization over M-2, M-1, M, which for three equally spaced months equals (util(M) - util(M-2)) / 2. Needs the statements of M and M-2 with a limit > 0, else NaN.',
    },
    compute: (ctx) => (ctx.utilization[LAST]! - ctx.utilization[FIRST_3M]!) / 2,
  },
  {
    name: 'pagamento_fatura_ratio_media_3m',
    unit: 'ratio',
    description: {
      'pt-BR':
        'Média, nos meses M-2..M com fatura, de valor pago / saldo da fatura, limitado a [0, 1]; mês com saldo <= 0 (nada a pagar) conta como 1. Exige ao menos 1 mês; senão NaN.',
      en: 'Mean over the months M-2..M with a statement of amount paid / statement balance, clamped to [0, 1]; a month with balance <= 0 (nothing owed) counts as 1. Needs at least 1 month, else NaN.',
    },
    compute: (ctx) => {
      let sum = 0;
      let n = 0;
      for (let slot = FIRST_3M; slot <= LAST; slot++) {
        if (ctx.present[slot] === 1) {
          sum += paymentRatio(ctx, slot);
          n++;
        }
      }
      return n === 0 ? NaN : sum / n;
    },
  },
  {
    name: 'meses_pagamento_minimo_3m',
    unit: 'count',
    description: {
      'pt-BR':
        'Nº de meses em M-2..M em que o cliente pagou ao menos 99% do pagamento mínimo mas menos que o saldo (saldo > 0). Sem pagamento mínimo informado (ex.: UCI): pagou algo (> 0) e menos que o saldo. NaN sem fatura em M-2..M.',
      en: 'Number of months in M-2..M where the client paid at least 99% of the minimum due but less than the balance (balance > 0). When the minimum due is unknown (e.g. UCI): paid something (> 0) and less than the balance. NaN with no statement in M-2..M.',
    },
    compute: (ctx) => {
      let n = 0;
      let count = 0;
      for (let slot = FIRST_3M; slot <= LAST; slot++) {
        if (ctx.present[slot] === 1) {
          n++;
          if (isMinimumPaymentMonth(ctx, slot)) count++;
        }
      }
      return n === 0 ? NaN : count;
    },
  },
  {
    name: 'saldo_rotativo_medio_3m',
    unit: 'BRL',
    description: {
      'pt-BR':
        'Média do saldo rotativo (rotativo levado à próxima fatura) nos meses M-2..M com fatura (R$); sem rotativo informado, usa max(0, saldo - pago). Negativos contam como 0. NaN sem fatura em M-2..M.',
      en: 'Mean revolving balance (rotativo carried to the next statement) over the months M-2..M with a statement (BRL); when not reported, max(0, balance - paid). Negatives count as 0. NaN with no statement in M-2..M.',
    },
    compute: (ctx) => {
      let sum = 0;
      let n = 0;
      for (let slot = FIRST_3M; slot <= LAST; slot++) {
        if (ctx.present[slot] !== 1) continue;
        let r = ctx.revolvingBalance[slot]!;
        if (r !== r) {
          const paid = ctx.amountPaid[slot]!;
          r = ctx.statementBalance[slot]! - (paid > 0 ? paid : 0);
        }
        sum += r > 0 ? r : 0;
        n++;
      }
      return n === 0 ? NaN : sum / n;
    },
  },
  {
    name: 'atraso_max_3m',
    unit: 'months',
    description: {
      'pt-BR':
        'Maior atraso (meses em atraso da fatura) nos meses M-2..M com fatura. NaN sem fatura nesses meses.',
      en: 'Largest delay (months past due) over the months M-2..M with a statement. NaN with no statement in those months.',
    },
    compute: (ctx) => maxOver(ctx.monthsPastDue, FIRST_3M),
  },
  {
    name: 'atraso_max_6m',
    unit: 'months',
    description: {
      'pt-BR': 'Maior atraso (meses em atraso) nos meses M-5..M com fatura. NaN sem fatura nesses meses.',
      en: 'Largest delay (months past due) over the months M-5..M with a statement. NaN with no statement in those months.',
    },
    compute: (ctx) => maxOver(ctx.monthsPastDue, 0),
  },
  {
    name: 'meses_com_atraso_6m',
    unit: 'count',
    description: {
      'pt-BR': 'Nº de meses em M-5..M cuja fatura tem atraso > 0. NaN sem fatura nesses meses.',
      en: 'Number of months in M-5..M whose statement is past due (> 0). NaN with no statement in those months.',
    },
    compute: (ctx) => {
      let n = 0;
      let count = 0;
      for (let slot = 0; slot <= LAST; slot++) {
        if (ctx.present[slot] === 1) {
          n++;
          if (ctx.monthsPastDue[slot]! > 0) count++;
        }
      }
      return n === 0 ? NaN : count;
    },
  },
  {
    name: 'scr_divida_total_sobre_limite',
    unit: 'ratio',
    description: {
      'pt-BR':
        'Dívida total no SCR (último retrato com data <= fim de M) dividida pelo limite_credito. NaN sem retrato do SCR ou com limite ausente ou zero.',
      en: 'Total debt in the SCR bureau (latest snapshot dated <= end of M) divided by limite_credito. NaN with no bureau snapshot or a missing or zero limit.',
    },
    compute: (ctx) => {
      const limit = latestLimit(ctx);
      const r = ctx.hasBureau && limit > 0 ? ctx.bureauTotalDebt / limit : NaN;
      return r <= Number.MAX_VALUE ? r : NaN; // overflow: as for a zero limit (see the utilization)
    },
  },
  {
    name: 'scr_num_instituicoes',
    unit: 'count',
    description: {
      'pt-BR':
        'Nº de instituições com operações do cliente no último retrato do SCR com data <= fim de M. NaN sem retrato.',
      en: 'Number of institutions the client has credit with, from the latest SCR snapshot dated <= end of M. NaN with no snapshot.',
    },
    compute: (ctx) => ctx.bureauNumInstitutions,
  },
  {
    name: 'scr_atraso',
    unit: 'count',
    description: {
      'pt-BR':
        '1 se o último retrato do SCR com data <= fim de M mostra dívida vencida (> 0), senão 0. NaN sem retrato.',
      en: '1 when the latest SCR snapshot dated <= end of M shows overdue debt (> 0), else 0. NaN with no snapshot.',
    },
    compute: (ctx) => (ctx.hasBureau ? (ctx.bureauOverdueDebt > 0 ? 1 : 0) : NaN),
  },
  {
    name: 'meses_historico',
    unit: 'months',
    description: {
      'pt-BR':
        'Meses desde a primeira fatura conhecida até M, inclusive (primeira fatura em M = 1). NaN sem fatura até M.',
      en: 'Months from the first known statement up to M, inclusive (first statement in M = 1). NaN with no statement up to M.',
    },
    compute: (ctx) => ctx.asOfIndex - ctx.firstStatementIndex + 1,
  },
];

export const FEATURE_NAMES: readonly string[] = featureDefinitions.map((f) => f.name);
export const NUM_FEATURES = featureDefinitions.length;

const scratch = createFeatureContext();
const computes = featureDefinitions.map((f) => f.compute);

/** Writes the fs-v1 vector of `history` as of `asOf` into out[offset .. offset + NUM_FEATURES). */
export function computeFeaturesInto(
  history: ClientHistory,
  asOf: YearMonth,
  out: Float64Array,
  offset = 0,
): void {
  const ctx = buildFeatureContext(history, asOf, scratch);
  for (let i = 0; i < computes.length; i++) out[offset + i] = computes[i]!(ctx);
}

/** The fs-v1 vector (FEATURE_NAMES order) of `history` as of `asOf`, from data known at the end of asOf only. */
export function computeFeatures(history: ClientHistory, asOf: YearMonth): Float64Array {
  const out = new Float64Array(NUM_FEATURES);
  computeFeaturesInto(history, asOf, out, 0);
  return out;
}
