// Seeded synthetic card portfolio: per-client latent risk, monthly card statements, SCR bureau snapshots,
// delinquency roll rates and 3-month delinquency-entry labels, streamed one client at a time (see README.md).

import {
  addMonths,
  endOfMonth,
  monthDiff,
  type BureauRecord,
  type ClientRecord,
  type OutcomeRecord,
  type StatementRecord,
  type YearMonth,
} from '@/lib/domain/raw';
import { fakeContact } from './names';
import { Rng } from './prng';

export interface PortfolioParams {
  clients?: number;
  months?: number;
  startMonth?: YearMonth;
  seed?: number;
  /** First month of the macro shift (utilization up, payments down); default startMonth + months - 7. */
  shiftStartMonth?: YearMonth;
  /** Scale of the macro shift; 0 switches it off. */
  shiftStrength?: number;
  /** Overrides of the behaviour model (for calibration experiments). */
  tuning?: Partial<SimTuning>;
}

export interface ResolvedPortfolioParams {
  clients: number;
  months: number;
  startMonth: YearMonth;
  seed: number;
  shiftStartMonth: YearMonth;
  shiftStrength: number;
  tuning: SimTuning;
}

export interface ClientBundle {
  client: ClientRecord;
  statements: StatementRecord[];
  bureau: BureauRecord[];
  outcomes: OutcomeRecord[];
}

/** Months after M in which a missed payment counts for the label of M (M+1 .. M+PERFORMANCE_WINDOW). */
export const PERFORMANCE_WINDOW = 3;
/** Months past due of serious delinquency (90+ dpd); a burn-in account that reaches it restarts current. */
export const DEFAULT_MONTHS_PAST_DUE = 3;
/**
 * Months past due that makes the label positive: delinquency entry (a missed minimum payment), the meaning
 * of "default" in the UCI credit-card data and what a proactive offer has to get ahead of. A charge-off
 * (statements stop) counts too.
 */
export const LABEL_MONTHS_PAST_DUE = 1;
/** Months past due at which the account is charged off and stops producing statements. */
export const CHARGE_OFF_MONTHS_PAST_DUE = 6;

const SEGMENTS = ['MASS', 'AFFLUENT', 'PRIVATE'] as const;
const SEGMENT_WEIGHTS = [0.72, 0.22, 0.06];
const SEGMENT_RISK = [0.25, -0.35, -0.8];
const SEGMENT_LIMIT_MEDIAN = [2_500, 12_000, 45_000];
const SEGMENT_AGE_SHIFT = [0, 5, 10];
const REGIONS = ['SE', 'NE', 'S', 'CO', 'N'] as const;
const REGION_WEIGHTS = [0.42, 0.27, 0.15, 0.08, 0.08];
const REGION_RISK = [0, 0.15, -0.1, 0, 0.2];
const BURN_IN_MONTHS = 6;
/** mpdByMonth marker of a charge-off month (a default whatever the delay). */
const CHARGED_OFF = 99;
/** Monthly interest on the revolving balance (Brazilian rotativo is among the world's most expensive). */
const ROTATIVO_RATE = 0.12;
const LATE_FEE_RATE = 0.02;
/** Months by which layoffs (income losses) lag the start of the downturn. */
const LAYOFF_LAG = 2;

/** Knobs of the behaviour model, tuned so the calibration targets in README.md hold. */
export const DEFAULT_SIM_TUNING = Object.freeze({
  missIntercept: -7.9,
  // Latent risk reaches misses through behaviour (revolving, utilization, shocks, cures), not directly.
  missRisk: 0,
  missStress: 0.35,
  // The downturn raises misses through fewer full payments, shocks and layoffs rather than across the board.
  missMacro: 0,
  missShock: 2.5,
  missHidden: 0.3,
  /**
   * Monthly chance, at the full downturn and per unit of exposure, that a current client loses income and
   * misses the bill outright, whatever their behaviour so far (layoffs reach transactors too).
   */
  macroIncomeLoss: 0.12,
  /** Extra miss log-odds when the client carries rotativo into the month (a revolver, not a transactor). */
  missRevolving: 5.5,
  /** Extra miss log-odds the month after a cure (re-entry), fading over three months. */
  missRecentLate: 1.5,
  /** Log-odds of paying the bill in full for an average client (transactors). */
  fullPayIntercept: -1.8,
  /** Spread of a persistent personal payment habit (transactor vs revolver) on the full-payment log-odds. */
  payHabit: 4,
  /** Monthly chance of a one-off "forgot to pay" miss, which usually cures the next month. */
  technicalMiss: 0.004,
  technicalCure: 0.85,
  cureIntercept: 2.2,
  cureRisk: 0.5,
  cureHidden: 0.4,
  cureMacro: 0.6,
  cureShock: 2.5,
  shockBase: 0.012,
  shockRisk: 0.3,
  shockMacro: 0.01,
  /** How much the downturn's shocks concentrate on the exposed clients: exp(k * exposure). */
  shockMacroExposure: 1.0,
  chargeOffIntercept: -7,
  chargeOffRisk: 0.9,
  chargeOffOtherDelinquent: 1.5,
  chargeOffHidden: 0.3,
});

export type SimTuning = typeof DEFAULT_SIM_TUNING;

export function resolveParams(params: PortfolioParams = {}): ResolvedPortfolioParams {
  const months = params.months ?? 24;
  const startMonth = params.startMonth ?? '2025-01';
  const clients = params.clients ?? 20_000;
  if (!Number.isInteger(clients) || clients < 0) throw new RangeError(`clients must be a whole number >= 0`);
  if (!Number.isInteger(months) || months < 1 || months > 600) throw new RangeError(`months must be 1..600`);
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(startMonth)) throw new RangeError(`startMonth must be 'YYYY-MM'`);
  const shiftStartMonth = params.shiftStartMonth ?? addMonths(startMonth, Math.max(0, months - 7));
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(shiftStartMonth))
    throw new RangeError(`shiftStartMonth must be 'YYYY-MM'`);
  return {
    clients,
    months,
    startMonth,
    seed: (params.seed ?? 42) >>> 0,
    shiftStartMonth,
    shiftStrength: params.shiftStrength ?? 1,
    tuning: { ...DEFAULT_SIM_TUNING, ...params.tuning },
  };
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const cents = (x: number) => Math.round(x * 100) / 100;
const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** Per-month context shared by all clients: month strings and the macro shift level. */
interface Calendar {
  months: YearMonth[];
  bureauDates: string[];
  endDates: string[];
  macro: Float64Array;
  /** The macro level LAYOFF_LAG months earlier: unemployment follows the downturn with a delay. */
  layoffs: Float64Array;
}

const calendarCache = new Map<string, Calendar>();

function calendarFor(p: ResolvedPortfolioParams): Calendar {
  const key = `${p.startMonth}|${p.months}|${p.shiftStartMonth}|${p.shiftStrength}`;
  let cal = calendarCache.get(key);
  if (!cal) {
    const months: YearMonth[] = [];
    for (let t = 0; t < p.months; t++) months.push(addMonths(p.startMonth, t));
    const shiftIdx = monthDiff(p.shiftStartMonth, p.startMonth);
    const macro = new Float64Array(p.months);
    // The shift ramps in over three months, as a real downturn would.
    for (let t = 0; t < p.months; t++)
      macro[t] = t < shiftIdx ? 0 : Math.min(1, (t - shiftIdx + 1) / 3) * p.shiftStrength;
    const layoffs = new Float64Array(p.months);
    for (let t = LAYOFF_LAG; t < p.months; t++) layoffs[t] = macro[t - LAYOFF_LAG]!;
    cal = {
      months,
      bureauDates: months.map((m) => `${m}-15`),
      endDates: months.map(endOfMonth),
      macro,
      layoffs,
    };
    calendarCache.set(key, cal);
  }
  return cal;
}

function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

/** One client's complete synthetic history; depends only on (params, index). */
export function simulateClient(p: ResolvedPortfolioParams, index: number): ClientBundle {
  const T = p.tuning;
  const cal = calendarFor(p);
  const rng = new Rng(p.seed, index);
  const seg = rng.weighted(SEGMENT_WEIGHTS);
  const reg = rng.weighted(REGION_WEIGHTS);
  const segment = SEGMENTS[seg]!;
  const region = REGIONS[reg]!;
  const age = Math.min(85, Math.max(18, Math.round(38 + SEGMENT_AGE_SHIFT[seg]! + 12 * rng.normal())));
  // Latent risk the features can partly see (through behaviour) and a hidden part they cannot.
  const z = rng.normal() + SEGMENT_RISK[seg]! + REGION_RISK[reg]! + (age < 25 ? 0.3 : 0);
  const hidden = rng.normal();
  const habit = T.payHabit * rng.normal();
  // Exposure to the downturn (employer's sector, informal income): no feature sees it and it does nothing
  // before the shift, which is what makes a model trained before the shift decay after it.
  const exposure = Math.max(0, rng.normal());
  const limit = Math.max(
    300,
    Math.round((SEGMENT_LIMIT_MEDIAN[seg]! * Math.exp(0.55 * rng.normal() - 0.25 * z)) / 100) * 100,
  );

  const startY = Number(p.startMonth.slice(0, 4));
  const firstOffset = p.months > 1 && rng.bool(0.15) ? rng.int(1, p.months - 1) : 0;
  let relationshipStart: string;
  if (firstOffset > 0) {
    relationshipStart = `${cal.months[firstOffset - 1]!}-${pad2(rng.int(1, 28))}`;
  } else {
    const opened = addMonths(p.startMonth, -rng.int(2, 120));
    relationshipStart = `${opened}-${pad2(rng.int(1, 28))}`;
  }
  let birthDate = isoDate(startY - age, rng.int(1, 12), rng.int(1, 28));
  // Card holders are adults: a client is at least 18 when the account opens, so an account opened long ago
  // makes the client older rather than opening before their 18th birthday.
  const latestBirth = `${Number(relationshipStart.slice(0, 4)) - 18}${relationshipStart.slice(4)}`;
  if (birthDate > latestBirth) birthDate = latestBirth;
  const externalId = `SIM-${String(index + 1).padStart(7, '0')}`;
  const contact = fakeContact(rng, region, index + 1);
  const consentApp = rng.bool(0.82);
  const client: ClientRecord = {
    externalId,
    segment,
    region,
    birthDate,
    relationshipStart,
    consentApp,
    consentEmail: rng.bool(0.6),
    consentSms: rng.bool(0.5),
    consentWhatsapp: rng.bool(0.55),
    email: rng.bool(0.92) ? contact.email : null,
    phone: rng.bool(0.96) ? contact.phone : null,
    name: contact.name,
  };

  // Bureau side: other debts, institutions, an optional personal loan.
  const inScr = rng.bool(0.95);
  let loanBalance = rng.bool(sigmoid(-1.3 + 0.5 * z)) ? cents(limit * Math.exp(0.6 + 0.5 * rng.normal())) : 0;
  let otherDebt = rng.bool(0.55) ? cents(limit * Math.exp(-0.2 + 0.7 * rng.normal() + 0.2 * z)) : 0;
  let numInstitutions = 1 + rng.poisson(0.7 + 0.35 * Math.max(0, z)) + (loanBalance > 0 ? 1 : 0);
  let otherDelinquent = false;

  const statements: StatementRecord[] = [];
  const bureau: BureauRecord[] = [];
  const mpdByMonth = new Int8Array(p.months).fill(-1);

  let stress = 0.65 * rng.normal();
  let shockLeft = 0;
  let revolving = 0;
  let arrears = 0;
  let mpd = 0;
  let technicalDelinquency = false;
  let prevBalance = 0;
  let prevMpd = 0;
  let prevArrears = 0;
  let monthsSinceLate = 99;

  // Existing accounts run a few unrecorded months first so the portfolio starts in its steady state
  // (some already late), not with everyone current.
  const firstSimulated = firstOffset === 0 ? -BURN_IN_MONTHS : firstOffset;
  for (let t = firstSimulated; t < p.months; t++) {
    const recorded = t >= 0;
    const macro = recorded ? cal.macro[t]! : 0;
    const layoffs = recorded ? cal.layoffs[t]! : 0;
    stress = 0.75 * stress + 0.45 * rng.normal();
    if (shockLeft > 0) shockLeft--;
    // Life events (job loss, illness); a downturn brings more of them, to the exposed clients rather than the
    // risky ones.
    else if (
      rng.bool(
        T.shockBase * Math.exp(T.shockRisk * z) +
          T.shockMacro * macro * Math.exp(T.shockMacroExposure * exposure),
      )
    )
      shockLeft = rng.int(2, 6);
    const shock = shockLeft > 0 ? 1 : 0;

    // Bureau snapshot dated the 15th: SCR reports positions with a lag, so it reflects last month's close.
    if (recorded && inScr && rng.bool(0.98)) {
      if (!otherDelinquent)
        otherDelinquent = rng.bool(
          sigmoid(-5 + 0.8 * z + 0.4 * stress + 0.8 * macro + 2 * shock + 0.4 * hidden),
        );
      else otherDelinquent = !rng.bool(0.3);
      const overdue =
        (prevMpd > 0 ? prevArrears : 0) + (otherDelinquent ? 0.25 * (otherDebt + loanBalance) + 100 : 0);
      const totalDebt = cents(prevBalance + loanBalance + otherDebt);
      bureau.push({
        clientExternalId: externalId,
        referenceDate: cal.bureauDates[t]!,
        totalDebt,
        // Overdue debt is part of the total debt (the registry reports both; overdue can never exceed it).
        overdueDebt: Math.min(cents(overdue), totalDebt),
        numInstitutions,
        personalLoanDebt: cents(loanBalance),
      });
    }
    loanBalance = loanBalance > 0 ? Math.max(0, cents(loanBalance * 0.97 - 20)) : 0;
    otherDebt = cents(otherDebt * (1 + 0.01 * stress + 0.02 * macro + 0.05 * shock));
    if (rng.bool(0.004 + 0.02 * shock + 0.01 * macro + 0.004 * Math.max(0, stress))) {
      numInstitutions++;
      if (loanBalance === 0 && rng.bool(0.5)) loanBalance = cents(limit * rng.uniform(0.5, 2));
    }

    // Card: carried rotativo with interest, fees when late, then this month's spending.
    const carried = revolving * (1 + ROTATIVO_RATE) + (mpd > 0 ? LATE_FEE_RATE * revolving + 15 : 0);
    const utilTarget = sigmoid(
      -0.9 + 0.7 * z + 0.35 * stress + 0.9 * macro + 1.1 * shock + 0.25 * rng.normal(),
    );
    let purchases = 0;
    if (mpd < 2) {
      const room = Math.max(0, limit - carried);
      purchases = Math.min(room, Math.max(0, utilTarget * limit - carried * 0.6) * rng.uniform(0.7, 1.2));
      if (rng.bool(0.04)) purchases = 0; // a quiet month
    }
    const cashAdvances =
      mpd === 0 && rng.bool(0.02 + 0.06 * shock + 0.02 * macro)
        ? Math.min(limit * 0.2, 200 + limit * 0.1)
        : 0;
    purchases = cents(purchases);
    const balance = cents(carried + purchases + cashAdvances);
    const minimumDue = balance <= 0 ? 0 : cents(Math.min(balance, Math.max(50, 0.15 * balance) + arrears));

    let paid = 0;
    if (balance > 0) {
      if (mpd === 0) {
        const pMiss = sigmoid(
          T.missIntercept +
            T.missRisk * z +
            T.missStress * stress +
            T.missMacro * macro +
            T.missShock * shock +
            T.missHidden * hidden +
            (revolving > 0 ? T.missRevolving : 0) +
            (monthsSinceLate <= 3 ? (T.missRecentLate * (4 - monthsSinceLate)) / 3 : 0),
        );
        const technical = rng.bool(T.technicalMiss);
        const incomeLoss = layoffs > 0 && rng.bool(T.macroIncomeLoss * layoffs * exposure);
        if (technical || incomeLoss || rng.bool(pMiss)) {
          paid = rng.bool(0.5) ? 0 : minimumDue * rng.uniform(0, 0.6);
          mpd = 1;
          technicalDelinquency = technical && shock === 0;
        } else if (
          rng.bool(sigmoid(T.fullPayIntercept + habit - 0.9 * z - 0.35 * stress - 1.0 * macro - 1.5 * shock))
        ) {
          paid = balance;
        } else if (rng.bool(sigmoid(-0.4 + 0.6 * z + 0.3 * stress + 0.8 * macro + shock))) {
          paid = minimumDue * rng.uniform(1, 1.05);
        } else {
          paid = minimumDue + (balance - minimumDue) * rng.uniform(0.1, 0.9);
        }
      } else {
        const pCure = technicalDelinquency
          ? T.technicalCure
          : sigmoid(
              T.cureIntercept -
                T.cureRisk * z -
                0.3 * stress -
                T.cureMacro * macro -
                T.cureShock * shock -
                T.cureHidden * hidden -
                0.45 * (mpd - 1),
            );
        const u = rng.next();
        if (u < pCure) {
          paid = minimumDue * rng.uniform(1, 1.3);
          mpd = 0;
        } else if (u < pCure + 0.1) {
          paid = (minimumDue - arrears) * rng.uniform(0.9, 1); // keeps up with the new bill, not the arrears
        } else {
          paid = rng.bool(0.7) ? 0 : (minimumDue - arrears) * rng.uniform(0, 0.5);
          mpd++;
        }
      }
    } else if (mpd > 0) {
      mpd = 0;
    }
    // Charge-off without reaching 90 dpd: insolvency, cross-default acceleration after defaults elsewhere, fraud.
    const chargedOff =
      rng.bool(
        sigmoid(
          T.chargeOffIntercept +
            T.chargeOffRisk * z +
            T.chargeOffOtherDelinquent * (otherDelinquent ? 1 : 0) +
            2 * shock +
            T.chargeOffHidden * hidden +
            0.8 * macro,
        ),
      ) || mpd >= CHARGE_OFF_MONTHS_PAST_DUE;
    paid = cents(Math.min(Math.max(paid, 0), Math.max(balance, 0)));
    monthsSinceLate = mpd > 0 ? 0 : monthsSinceLate + 1;
    arrears = mpd > 0 ? cents(Math.max(0, minimumDue - paid)) : 0;
    revolving = Math.max(0, cents(balance - paid));

    if (!recorded) {
      if (chargedOff || mpd >= DEFAULT_MONTHS_PAST_DUE) {
        // A burn-in default would leave an empty account; start this one over as a similar, current client.
        mpd = 0;
        revolving = 0;
        arrears = 0;
        shockLeft = 0;
        technicalDelinquency = false;
        monthsSinceLate = 99;
      }
      prevBalance = balance;
      prevMpd = mpd;
      prevArrears = arrears;
      continue;
    }
    if (chargedOff) {
      // Written off before the statement closed: no statement from this month on.
      mpdByMonth[t] = CHARGED_OFF;
      break;
    }
    statements.push({
      clientExternalId: externalId,
      referenceMonth: cal.months[t]!,
      creditLimit: limit,
      statementBalance: balance,
      minimumDue,
      amountPaid: paid,
      revolvingBalance: revolving,
      monthsPastDue: mpd,
      purchases,
      cashAdvances: cents(cashAdvances),
    });
    mpdByMonth[t] = mpd;
    prevBalance = balance;
    prevMpd = mpd;
    prevArrears = arrears;
  }

  const outcomes: OutcomeRecord[] = [];
  for (let t = firstOffset; t + PERFORMANCE_WINDOW < p.months; t++) {
    // The proactive model scores accounts that are current at M; late accounts are with collections.
    if (mpdByMonth[t] !== 0) continue;
    let defaulted = false;
    for (let k = 1; k <= PERFORMANCE_WINDOW; k++)
      if (mpdByMonth[t + k]! >= LABEL_MONTHS_PAST_DUE) defaulted = true;
    outcomes.push({
      clientExternalId: externalId,
      referenceMonth: cal.months[t]!,
      defaulted,
      observedAt: cal.endDates[t + PERFORMANCE_WINDOW]!,
    });
  }
  return { client, statements, bureau, outcomes };
}

/** Streams the portfolio one client at a time; memory does not grow with the number of clients. */
export function* generatePortfolio(params: PortfolioParams = {}): Generator<ClientBundle, void, undefined> {
  const p = resolveParams(params);
  for (let i = 0; i < p.clients; i++) yield simulateClient(p, i);
}
