// Pure mapping of one row of the UCI "Default of Credit Card Clients" data set onto the raw model: one client,
// six monthly statements (2005-04 .. 2005-09) and one outcome. The mapping and its gaps are in UCI.md.

import type { ClientRecord, OutcomeRecord, StatementRecord, YearMonth } from '@/lib/domain/raw';
import { quoteForMessage } from './csv';
import type { RowError } from './kinds';

export const UCI_COLUMNS = [
  'ID',
  'LIMIT_BAL',
  'SEX',
  'EDUCATION',
  'MARRIAGE',
  'AGE',
  'PAY_0',
  'PAY_2',
  'PAY_3',
  'PAY_4',
  'PAY_5',
  'PAY_6',
  'BILL_AMT1',
  'BILL_AMT2',
  'BILL_AMT3',
  'BILL_AMT4',
  'BILL_AMT5',
  'BILL_AMT6',
  'PAY_AMT1',
  'PAY_AMT2',
  'PAY_AMT3',
  'PAY_AMT4',
  'PAY_AMT5',
  'PAY_AMT6',
  'default.payment.next.month',
] as const;

export type UciColumn = (typeof UCI_COLUMNS)[number];

/**
 * Column suffix per statement month, oldest first: index k-1 of BILL_AMTk/PAY_AMTk is Sep..Apr, and the
 * repayment status of Sep is PAY_0 (there is no PAY_1).
 */
const MONTHS: readonly { month: YearMonth; bill: UciColumn; paid: UciColumn; status: UciColumn }[] = [
  { month: '2005-04', bill: 'BILL_AMT6', paid: 'PAY_AMT6', status: 'PAY_6' },
  { month: '2005-05', bill: 'BILL_AMT5', paid: 'PAY_AMT5', status: 'PAY_5' },
  { month: '2005-06', bill: 'BILL_AMT4', paid: 'PAY_AMT4', status: 'PAY_4' },
  { month: '2005-07', bill: 'BILL_AMT3', paid: 'PAY_AMT3', status: 'PAY_3' },
  { month: '2005-08', bill: 'BILL_AMT2', paid: 'PAY_AMT2', status: 'PAY_2' },
  { month: '2005-09', bill: 'BILL_AMT1', paid: 'PAY_AMT1', status: 'PAY_0' },
];

/** The as-of month of the features and the outcome's referenceMonth: the label is the default in October. */
export const UCI_AS_OF_MONTH: YearMonth = '2005-09';
export const UCI_OBSERVED_AT = '2005-10-31';
export const UCI_REGION = 'TW';

/** LIMIT_BAL (NT dollars) tiers mapped to the product's segment codes. */
export function uciSegment(limitBal: number): string {
  if (limitBal <= 100_000) return 'MASS';
  if (limitBal <= 300_000) return 'AFFLUENT';
  return 'PRIVATE';
}

/** Demographics the raw client model has no field for; kept so analyses can still use them. */
export interface UciDemographics {
  age: number;
  sex: number;
  education: number;
  marriage: number;
}

export interface UciMapped {
  client: ClientRecord;
  statements: StatementRecord[];
  outcomes: OutcomeRecord[];
  demographics: UciDemographics;
}

const INTEGER = /^[+-]?\d+$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Maps one UCI row (cells keyed by header name) to raw records, or lists every problem with its line and field.
 * `line` is the 1-based physical line of the row in the file (header = line 1).
 */
export function mapUciRow(cells: Record<string, string>, line: number): UciMapped | { errors: RowError[] } {
  const errors: RowError[] = [];
  const read = (field: UciColumn, kind: 'integer' | 'number', min: number, max: number): number => {
    const raw = cells[field];
    if (raw === undefined) {
      errors.push({ line, field, code: 'ingest.uci.columnMissing' });
      return NaN;
    }
    const text = raw.trim();
    if (text === '') {
      errors.push({ line, field, code: 'ingest.uci.empty' });
      return NaN;
    }
    if (!(kind === 'integer' ? INTEGER : NUMBER).test(text)) {
      errors.push({
        line,
        field,
        code: kind === 'integer' ? 'ingest.uci.notInteger' : 'ingest.uci.notNumber',
        params: { value: quoteForMessage(text) },
      });
      return NaN;
    }
    const v = Number(text);
    if (v < min || v > max) {
      errors.push({ line, field, code: 'ingest.uci.outOfRange', params: { value: v, min, max } });
      return NaN;
    }
    return v;
  };

  const id = read('ID', 'integer', 1, Number.MAX_SAFE_INTEGER);
  const limit = read('LIMIT_BAL', 'number', 0, 1e12);
  const sex = read('SEX', 'integer', 1, 2);
  const education = read('EDUCATION', 'integer', 0, 6);
  const marriage = read('MARRIAGE', 'integer', 0, 3);
  const age = read('AGE', 'integer', 18, 120);
  const months = MONTHS.map((m) => ({
    month: m.month,
    bill: read(m.bill, 'number', -1e12, 1e12),
    paid: read(m.paid, 'number', 0, 1e12),
    // -2 no consumption, -1 paid in full, 0 revolving: all current; 1..9 months of delay.
    status: read(m.status, 'integer', -2, 9),
  }));
  const label = read('default.payment.next.month', 'integer', 0, 1);
  if (errors.length > 0) return { errors };

  const externalId = `UCI-${id}`;
  const client: ClientRecord = {
    externalId,
    segment: uciSegment(limit),
    region: UCI_REGION,
    birthDate: null,
    // The data set has no account-opening date; the first month of data is the earliest date known.
    relationshipStart: `${MONTHS[0]!.month}-01`,
    consentApp: false,
    consentEmail: false,
    consentSms: false,
    consentWhatsapp: false,
    email: null,
    phone: null,
    name: null,
  };
  const statements: StatementRecord[] = months.map((m) => ({
    clientExternalId: externalId,
    referenceMonth: m.month,
    creditLimit: limit,
    statementBalance: m.bill,
    minimumDue: null,
    amountPaid: m.paid,
    revolvingBalance: null,
    monthsPastDue: m.status > 0 ? m.status : 0,
    purchases: null,
    cashAdvances: null,
  }));
  const outcomes: OutcomeRecord[] = [
    {
      clientExternalId: externalId,
      referenceMonth: UCI_AS_OF_MONTH,
      defaulted: label === 1,
      observedAt: UCI_OBSERVED_AT,
    },
  ];
  return { client, statements, outcomes, demographics: { age, sex, education, marriage } };
}
