// Savings simulator for the consultative call (pure math, no I/O: the widget runs it in the browser).
//
// CARD PATH (Brazilian card rules). The unpaid balance B spends ONE month in the revolving credit (rotativo):
//   B1 = B * (1 + rotativo). It is then moved into the card's installment plan (parcelamento) over `termMonths`
//   fixed Price installments at the plan's monthly rate. Lei 14.690/2023 (and CMN Res. 5.112/2023) caps the
//   interest and charges of revolving + installment card debt at 100% of the original balance, so
//   totalInterest = min(rotativoInterest + planInterest, B), and when the cap binds the installment is
//   (B + cap) / termMonths.
// LOAN PATH. A personal loan of B at `loanMonthlyRate`, `termMonths` fixed Price installments. IOF (Decreto
//   6.306/2007, art. 7): a fixed 0.38% of the principal plus 0.0082% a day applied to EACH amortization over
//   the days from release to its due date (installment k falls due 30*k days after release), with the days
//   capped at 365:  IOF = B*iofFixed + sum_k amort_k * iofDaily * min(30k, 365).
//   The IOF is charged on release (the client receives B - IOF net, or equivalently pays it up front), so
//   totalPaid = n*PMT + IOF and totalInterest = totalPaid - B (interest + IOF).
//   CET: the monthly IRR m of the flows the client actually has, +(B - IOF) at t=0 and -PMT at t=1..n;
//   cetAnnual = (1+m)^12 - 1.
// SAVINGS = card.totalPaid - loan.totalPaid.
//
// Default rates (settings 'simulator.rates', lib/settings/simulator.ts), realistic 2025/2026 figures:
//   rotativo ~ 14.5%/month (BCB "Taxas de juros" series 20.742 / Relatório de Economia Bancária 2024-2025:
//   rotativo regular around 420-450% a year, i.e. ~14-15% a month after Lei 14.690);
//   parcelamento da fatura ~ 8.5%/month (BCB, cartão parcelado ~ 160-190% a year);
//   crédito pessoal não consignado ~ 4.5%/month (BCB series 20.742-era tables, ~ 3-6% a month by bank);
//   IOF: 0.38% fixed + 0.0082%/day (PF) per Decreto 6.306/2007 as amended by Decreto 12.499/2025.

export interface SimulatorRates {
  rotativoMonthlyRate: number;
  cardInstallmentMonthlyRate: number;
  loanMonthlyRate: number;
  iofFixedRate: number;
  iofDailyRate: number;
  defaultTermMonths: number;
}

export const DEFAULT_SIMULATOR_RATES: SimulatorRates = {
  rotativoMonthlyRate: 0.145,
  cardInstallmentMonthlyRate: 0.085,
  loanMonthlyRate: 0.045,
  iofFixedRate: 0.0038,
  iofDailyRate: 0.000082,
  defaultTermMonths: 12,
};

export const SIMULATOR_LIMITS = {
  maxBalance: 10_000_000,
  minTerm: 1,
  maxTerm: 72,
  iofMaxDays: 365,
} as const;

export interface SimulationInput {
  balance: number;
  termMonths: number;
  rotativoMonthlyRate: number;
  cardInstallmentMonthlyRate: number;
  loanMonthlyRate: number;
  iofFixedRate: number;
  iofDailyRate: number;
}

export interface CardPath {
  installment: number;
  totalPaid: number;
  totalInterest: number;
  /** True when Lei 14.690/2023's 100% cap limited the interest. */
  capped: boolean;
}

export interface LoanPath {
  installment: number;
  totalPaid: number;
  totalInterest: number;
  iof: number;
  cetMonthly: number;
  cetAnnual: number;
}

export interface SimulationResult {
  card: CardPath;
  loan: LoanPath;
  savings: number;
}

/** Price (French) installment of `principal` at monthly `rate` over `n` months (rate 0 => principal / n). */
export function priceInstallment(principal: number, rate: number, n: number): number {
  if (n <= 0) throw new RangeError('n must be positive');
  if (rate === 0) return principal / n;
  // principal / a(n, rate), the annuity factor a = (1 - (1+rate)^-n) / rate computed with expm1/log1p: the
  // textbook form loses every digit for tiny rates (1 + 1e-17 === 1 gave 0/0 = NaN and 5,000/0 = Infinity,
  // found by simulator.prop.test.ts with loanMonthlyRate 5e-324, which the API accepts).
  const annuity = -Math.expm1(-n * Math.log1p(rate)) / rate;
  return annuity > 0 && Number.isFinite(annuity) ? principal / annuity : principal / n;
}

export function simulateCard(balance: number, termMonths: number, rotativo: number, plan: number): CardPath {
  const rotativoInterest = balance * rotativo;
  const planPrincipal = balance + rotativoInterest;
  const planInstallment = priceInstallment(planPrincipal, plan, termMonths);
  const uncappedInterest = rotativoInterest + (planInstallment * termMonths - planPrincipal);
  const capped = uncappedInterest > balance;
  const totalInterest = capped ? balance : uncappedInterest;
  const totalPaid = balance + totalInterest;
  return { installment: totalPaid / termMonths, totalPaid, totalInterest, capped };
}

/** IOF on a Price loan: fixed rate on the principal + daily rate on each amortization over min(30k, 365) days. */
export function loanIof(
  principal: number,
  rate: number,
  n: number,
  iofFixed: number,
  iofDaily: number,
): number {
  const pmt = priceInstallment(principal, rate, n);
  let outstanding = principal;
  let daily = 0;
  for (let k = 1; k <= n; k++) {
    const interest = outstanding * rate;
    const amort = k === n ? outstanding : pmt - interest;
    daily += amort * iofDaily * Math.min(30 * k, SIMULATOR_LIMITS.iofMaxDays);
    outstanding -= amort;
  }
  return principal * iofFixed + daily;
}

/** Monthly IRR of +received at t=0 and -installment at t=1..n (bisection; installment*n >= received). */
export function monthlyIrr(received: number, installment: number, n: number): number {
  const npv = (m: number) => {
    let v = received;
    for (let k = 1; k <= n; k++) v -= installment / Math.pow(1 + m, k);
    return v;
  };
  let lo = 0;
  let hi = 1;
  if (npv(lo) >= 0) return 0;
  while (npv(hi) < 0 && hi < 1e6) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-12; i++) {
    const mid = (lo + hi) / 2;
    if (npv(mid) < 0) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

export function simulateLoan(
  balance: number,
  termMonths: number,
  rate: number,
  iofFixed: number,
  iofDaily: number,
): LoanPath {
  const installment = priceInstallment(balance, rate, termMonths);
  const iof = loanIof(balance, rate, termMonths, iofFixed, iofDaily);
  const totalPaid = installment * termMonths + iof;
  const cetMonthly = balance > 0 ? monthlyIrr(balance - iof, installment, termMonths) : rate;
  return {
    installment,
    totalPaid,
    totalInterest: totalPaid - balance,
    iof,
    cetMonthly,
    cetAnnual: Math.pow(1 + cetMonthly, 12) - 1,
  };
}

export type SimulationField = keyof SimulationInput;

/** The first invalid field of an input, or null (same rules as the API's zod schema). */
export function invalidField(input: SimulationInput): SimulationField | null {
  const { balance, termMonths } = input;
  if (!Number.isFinite(balance) || balance < 0 || balance > SIMULATOR_LIMITS.maxBalance) return 'balance';
  if (
    !Number.isInteger(termMonths) ||
    termMonths < SIMULATOR_LIMITS.minTerm ||
    termMonths > SIMULATOR_LIMITS.maxTerm
  )
    return 'termMonths';
  for (const f of [
    'rotativoMonthlyRate',
    'cardInstallmentMonthlyRate',
    'loanMonthlyRate',
    'iofFixedRate',
    'iofDailyRate',
  ] as const) {
    const v = input[f];
    if (!Number.isFinite(v) || v < 0 || v > 1) return f;
  }
  return null;
}

export function simulate(input: SimulationInput): SimulationResult {
  const bad = invalidField(input);
  if (bad) throw new RangeError(`invalid ${bad}`);
  const card = simulateCard(
    input.balance,
    input.termMonths,
    input.rotativoMonthlyRate,
    input.cardInstallmentMonthlyRate,
  );
  const loan = simulateLoan(
    input.balance,
    input.termMonths,
    input.loanMonthlyRate,
    input.iofFixedRate,
    input.iofDailyRate,
  );
  return { card, loan, savings: card.totalPaid - loan.totalPaid };
}

/** Rounds every money figure to cents and rates to 6 decimals (API output). */
export function roundResult(r: SimulationResult) {
  const c = (v: number) => Math.round(v * 100) / 100;
  const p = (v: number) => Math.round(v * 1e6) / 1e6;
  return {
    card: {
      installment: c(r.card.installment),
      totalPaid: c(r.card.totalPaid),
      totalInterest: c(r.card.totalInterest),
    },
    loan: {
      installment: c(r.loan.installment),
      totalPaid: c(r.loan.totalPaid),
      totalInterest: c(r.loan.totalInterest),
      cetMonthly: p(r.loan.cetMonthly),
      cetAnnual: p(r.loan.cetAnnual),
    },
    // The difference of the two rounded totals, in whole centavos, so the answer adds up as shown: rounding the
    // exact savings could differ by R$ 0,01 (found by simulator.prop.test.ts: 2,614,575.01 over 1 month).
    savings: (Math.round(r.card.totalPaid * 100) - Math.round(r.loan.totalPaid * 100)) / 100,
  };
}
