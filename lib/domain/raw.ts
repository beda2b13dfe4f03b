// Plain shapes of the raw client data, shared by ingestion, the simulator and the feature store.
// Months are ISO 'YYYY-MM' strings (reference month of a statement, as-of month of a feature vector).

export type YearMonth = string; // 'YYYY-MM'

export interface ClientRecord {
  externalId: string;
  segment: string; // e.g. 'MASS', 'AFFLUENT', 'PRIVATE'
  region: string; // Brazilian region/UF, e.g. 'SE', 'SP'
  birthDate: string | null; // 'YYYY-MM-DD'
  relationshipStart: string; // 'YYYY-MM-DD'
  consentApp: boolean;
  consentEmail: boolean;
  consentSms: boolean;
  consentWhatsapp: boolean;
  email: string | null;
  phone: string | null;
  name: string | null;
}

export interface StatementRecord {
  clientExternalId: string;
  referenceMonth: YearMonth;
  creditLimit: number;
  statementBalance: number;
  minimumDue: number | null; // unknown in some sources (e.g. UCI)
  amountPaid: number;
  revolvingBalance: number | null; // rotativo carried to the next statement
  monthsPastDue: number; // 0 = current; 1..n months of delay
  purchases: number | null;
  cashAdvances: number | null;
}

export interface BureauRecord {
  clientExternalId: string;
  referenceDate: string; // 'YYYY-MM-DD'
  totalDebt: number;
  overdueDebt: number;
  numInstitutions: number;
  personalLoanDebt: number;
}

export interface OutcomeRecord {
  clientExternalId: string;
  referenceMonth: YearMonth; // the month the outcome refers to (default observed in this month)
  defaulted: boolean;
  observedAt: string; // 'YYYY-MM-DD'
}

/** Everything the feature store may read about one client (callers filter to what was known at as-of). */
export interface ClientHistory {
  client: Pick<ClientRecord, 'externalId' | 'segment' | 'birthDate' | 'relationshipStart'>;
  statements: StatementRecord[];
  bureau: BureauRecord[];
}

export function addMonths(ym: YearMonth, n: number): YearMonth {
  const [y, m] = ym.split('-').map(Number) as [number, number];
  const idx = y * 12 + (m - 1) + n;
  const yy = Math.floor(idx / 12);
  const mm = (idx % 12) + 1;
  return `${String(yy).padStart(4, '0')}-${String(mm).padStart(2, '0')}`;
}

export function monthDiff(a: YearMonth, b: YearMonth): number {
  const [ya, ma] = a.split('-').map(Number) as [number, number];
  const [yb, mb] = b.split('-').map(Number) as [number, number];
  return ya * 12 + ma - (yb * 12 + mb);
}

/** Last calendar day of a month, as 'YYYY-MM-DD' (bureau snapshots dated <= this are known at the month). */
export function endOfMonth(ym: YearMonth): string {
  const [y, m] = ym.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${ym}-${String(d).padStart(2, '0')}`;
}
