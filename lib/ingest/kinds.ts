// The vocabulary of ingestion: the four record kinds, their field specs (types, nullability, ranges),
// natural keys, and the error shapes shared by the CSV/NDJSON parsers and the validators.
import type { BureauRecord, ClientRecord, OutcomeRecord, StatementRecord } from '@/lib/domain/raw';

export type IngestKind = 'clients' | 'statements' | 'bureau' | 'outcomes';
export const INGEST_KINDS: readonly IngestKind[] = ['clients', 'statements', 'bureau', 'outcomes'];

export interface RecordByKind {
  clients: ClientRecord;
  statements: StatementRecord;
  bureau: BureauRecord;
  outcomes: OutcomeRecord;
}
export type RecordOf<K extends IngestKind> = RecordByKind[K];

/** One rejected row (or one rejected field of a row). `field` is '(row)' for structural problems. */
export interface RowError {
  line: number;
  field: string;
  reason: string;
}

/** The field name used in RowError for problems that concern the whole row (bad JSON, cell count...). */
export const ROW_FIELD = '(row)';

/** The whole batch is unusable (no header, missing or duplicated columns): nothing in it is ingested. */
export class HeaderError extends Error {
  readonly missing: readonly string[];
  constructor(message: string, missing: readonly string[] = []) {
    super(message);
    this.name = 'HeaderError';
    this.missing = missing;
  }
}

export type FieldType =
  'id' | 'text' | 'number' | 'integer' | 'boolean' | 'date' | 'month' | 'email' | 'phone';

export interface FieldSpec {
  name: string;
  type: FieldType;
  /**
   * false: an empty value is an error (unless emptyMeans is set) and the CSV column must be present.
   * true: an empty value becomes null and the CSV column may be absent.
   */
  nullable: boolean;
  /**
   * Value of an empty boolean cell. Consents use false (no recorded consent is no consent); their columns
   * stay required so a file that forgot one cannot silently revoke every client's consent.
   */
  emptyMeans?: boolean;
  min?: number;
  max?: number;
  maxLength?: number;
}

/** Amounts beyond this magnitude are data errors (unit mix-ups, overflowed exports), not real balances. */
export const MAX_AMOUNT = 1e12;
/** Slack for comparisons between amounts that were rounded independently (one centavo). */
export const AMOUNT_TOLERANCE = 0.01;

const amount = (name: string, nullable: boolean, signed = false): FieldSpec =>
  signed ? { name, type: 'number', nullable } : { name, type: 'number', nullable, min: 0 };

// Field order here is the order in which per-kind converters read their value arrays: keep them in sync.
export const KIND_FIELDS = {
  clients: [
    { name: 'externalId', type: 'id', nullable: false, maxLength: 64 },
    { name: 'segment', type: 'text', nullable: false, maxLength: 32 },
    { name: 'region', type: 'text', nullable: false, maxLength: 32 },
    { name: 'birthDate', type: 'date', nullable: true },
    { name: 'relationshipStart', type: 'date', nullable: false },
    { name: 'consentApp', type: 'boolean', nullable: false, emptyMeans: false },
    { name: 'consentEmail', type: 'boolean', nullable: false, emptyMeans: false },
    { name: 'consentSms', type: 'boolean', nullable: false, emptyMeans: false },
    { name: 'consentWhatsapp', type: 'boolean', nullable: false, emptyMeans: false },
    { name: 'email', type: 'email', nullable: true, maxLength: 254 },
    { name: 'phone', type: 'phone', nullable: true },
    { name: 'name', type: 'text', nullable: true, maxLength: 200 },
  ],
  statements: [
    { name: 'clientExternalId', type: 'id', nullable: false, maxLength: 64 },
    { name: 'referenceMonth', type: 'month', nullable: false },
    amount('creditLimit', false),
    // Negative: a credit balance in the client's favour.
    amount('statementBalance', false, true),
    amount('minimumDue', true),
    amount('amountPaid', false),
    amount('revolvingBalance', true),
    { name: 'monthsPastDue', type: 'integer', nullable: false, min: 0, max: 36 },
    amount('purchases', true),
    amount('cashAdvances', true),
  ],
  bureau: [
    { name: 'clientExternalId', type: 'id', nullable: false, maxLength: 64 },
    { name: 'referenceDate', type: 'date', nullable: false },
    amount('totalDebt', false),
    amount('overdueDebt', false),
    { name: 'numInstitutions', type: 'integer', nullable: false, min: 0, max: 10_000 },
    amount('personalLoanDebt', false),
  ],
  outcomes: [
    { name: 'clientExternalId', type: 'id', nullable: false, maxLength: 64 },
    { name: 'referenceMonth', type: 'month', nullable: false },
    { name: 'defaulted', type: 'boolean', nullable: false },
    { name: 'observedAt', type: 'date', nullable: false },
  ],
} as const satisfies { [K in IngestKind]: readonly FieldSpec[] };

/** Fields that identify a record: a second row with the same values is a duplicate within a file. */
export const NATURAL_KEY = {
  clients: ['externalId'],
  statements: ['clientExternalId', 'referenceMonth'],
  bureau: ['clientExternalId', 'referenceDate'],
  outcomes: ['clientExternalId', 'referenceMonth'],
} as const satisfies { [K in IngestKind]: readonly (keyof RecordOf<K> & string)[] };

/** The natural key of a record as one string (parts joined by '|', which ids cannot contain). */
export function naturalKeyOf<K extends IngestKind>(kind: K, record: RecordOf<K>): string {
  const fields = NATURAL_KEY[kind] as readonly string[];
  const rec = record as unknown as Record<string, unknown>;
  return fields.length === 1 ? String(rec[fields[0]!]) : fields.map((f) => String(rec[f])).join('|');
}

/** Header normalisation: case-insensitive, and snake_case / kebab-case / spaced names map to camelCase. */
export function normalizeColumnName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[_\-\s]/g, '');
}
