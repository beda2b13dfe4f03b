// Shapes shared by feature sets: a feature definition and the point-in-time window it reads.
// The window is built once per (client, as-of month) so each feature is a cheap read, never a re-scan.

export type FeatureUnit = 'ratio' | 'BRL' | 'months' | 'count';

/** Number of monthly slots in the window: slot 0 is M-5, slot WINDOW_MONTHS - 1 is the as-of month M. */
export const WINDOW_MONTHS = 6;

/**
 * A point-in-time view of one client's history as of month M. Arrays are indexed by slot (0 = M-5 .. 5 = M);
 * a slot whose statement is absent has present[slot] = 0 and NaN in every numeric array.
 */
export interface FeatureContext {
  /** Month index (year * 12 + month - 1) of the as-of month. */
  asOfIndex: number;
  present: Uint8Array;
  creditLimit: Float64Array;
  statementBalance: Float64Array;
  /** NaN when the source does not know the minimum due. */
  minimumDue: Float64Array;
  amountPaid: Float64Array;
  /** NaN when the source does not report it. */
  revolvingBalance: Float64Array;
  monthsPastDue: Float64Array;
  /** statementBalance / creditLimit, negative balances floored at 0; NaN when absent or limit <= 0. */
  utilization: Float64Array;
  /** Month index of the first statement with referenceMonth <= M; NaN when there is none. */
  firstStatementIndex: number;
  /** Latest bureau snapshot dated <= end of M; hasBureau = false leaves the other fields NaN. */
  hasBureau: boolean;
  bureauTotalDebt: number;
  bureauOverdueDebt: number;
  bureauNumInstitutions: number;
  bureauPersonalLoanDebt: number;
}

export interface FeatureDefinition {
  name: string;
  description: { 'pt-BR': string; en: string };
  unit?: FeatureUnit;
  compute(ctx: FeatureContext): number;
}
