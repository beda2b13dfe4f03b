// The vocabulary of ingestion: the four record kinds, their field specs (types, nullability, ranges, and the
// table each kind is stored in), natural keys, and the error shapes shared by the parsers and the validators.
// KIND_FIELDS is the one table that drives validation order, the SQL column lists and the row converters:
// adding a field is one edit here (plus its database column).
import type { BureauRecord, ClientRecord, OutcomeRecord, StatementRecord } from '@/lib/domain/raw';
import { AppError } from '@/lib/errors';

export type IngestKind = 'clients' | 'statements' | 'bureau' | 'outcomes';
export const INGEST_KINDS: readonly IngestKind[] = ['clients', 'statements', 'bureau', 'outcomes'];

export interface RecordByKind {
  clients: ClientRecord;
  statements: StatementRecord;
  bureau: BureauRecord;
  outcomes: OutcomeRecord;
}
export type RecordOf<K extends IngestKind> = RecordByKind[K];

/** Parameters of a message: pre-quoted values ('abc'), field names, numbers. */
export type MessageParams = Record<string, string | number>;

/** A message key under the `errors` namespace ('ingest.row.required' is errors.ingest.row.required). */
export type IngestCode = `ingest.${string}`;

/** One sentence a user is told, as a code with parameters: translated where it is shown, never before. */
export interface IngestMessage {
  code: IngestCode;
  params?: MessageParams;
}

/**
 * One rejected row (or one rejected field of a row). `field` is '(row)' for structural problems. The reason is
 * a code with parameters (stored as such in IngestionRejection), rendered by formatRejection at the edge.
 */
export interface RowError extends IngestMessage {
  line: number;
  field: string;
}

/** The field name used in RowError for problems that concern the whole row (bad JSON, cell count...). */
export const ROW_FIELD = '(row)';

/** The whole batch is unusable (no header, missing or duplicated columns): nothing in it is ingested. */
export class HeaderError extends AppError {
  override name = 'HeaderError';
  constructor(
    code: IngestCode,
    params: MessageParams = {},
    readonly missing: readonly string[] = [],
  ) {
    super(code, params, 422);
  }
}

/**
 * Text that PostgreSQL can store and a report can show: NUL and the other C0 controls (except tab and line
 * breaks) become their visible Control Pictures (U+2400 + code), unpaired surrogates become U+FFFD. Only
 * applied to message parameters (values echoed in a reason), never to data, which is rejected instead.
 */
export function storable(s: string): string {
  if (!/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF]/.test(s)) return s;
  return s
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, (c) =>
      String.fromCharCode(0x2400 + c.charCodeAt(0)),
    )
    .toWellFormed();
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
  /**
   * Personal data or a consent that ingestion never overwrites once the client's personal data was erased
   * (LGPD, Client.erasedAt): a later upload of an old export must not bring it back.
   */
  erasable?: boolean;
}

/** The PostgreSQL type each field type is stored as (the array parameter type of the upserts). */
export type PgType = 'text' | 'numeric' | 'int' | 'bool' | 'date';
export const PG_TYPE: Record<FieldType, PgType> = {
  id: 'text',
  text: 'text',
  email: 'text',
  phone: 'text',
  month: 'text',
  number: 'numeric',
  integer: 'int',
  boolean: 'bool',
  date: 'date',
};

/** The table of each kind. Child kinds name their client by CLIENT_REF, stored as the Client's id. */
export const KIND_TABLE = {
  clients: 'Client',
  statements: 'MonthlyStatement',
  bureau: 'BureauSnapshot',
  outcomes: 'Outcome',
} as const satisfies { [K in IngestKind]: string };
export const CLIENT_REF = 'clientExternalId';

/** Amounts beyond this magnitude are data errors (unit mix-ups, overflowed exports), not real balances. */
export const MAX_AMOUNT = 1e12;
/** Slack for comparisons between amounts that were rounded independently (one centavo). */
export const AMOUNT_TOLERANCE = 0.01;

const amount = (name: string, nullable: boolean, signed = false): FieldSpec =>
  signed ? { name, type: 'number', nullable } : { name, type: 'number', nullable, min: 0 };

// The order of each list is the order fields are validated and reported in. The validators (validate.ts) and
// the upserts with their parameter arrays (store/sql.ts) are generated from these lists: nothing reads a field
// by position elsewhere.
const consent = (name: string): FieldSpec => ({
  name,
  type: 'boolean',
  nullable: false,
  emptyMeans: false,
  erasable: true,
});

export const KIND_FIELDS = {
  clients: [
    { name: 'externalId', type: 'id', nullable: false, maxLength: 64 },
    { name: 'segment', type: 'text', nullable: false, maxLength: 32 },
    { name: 'region', type: 'text', nullable: false, maxLength: 32 },
    { name: 'birthDate', type: 'date', nullable: true, erasable: true },
    { name: 'relationshipStart', type: 'date', nullable: false },
    consent('consentApp'),
    consent('consentEmail'),
    consent('consentSms'),
    consent('consentWhatsapp'),
    { name: 'email', type: 'email', nullable: true, maxLength: 254, erasable: true },
    { name: 'phone', type: 'phone', nullable: true, erasable: true },
    { name: 'name', type: 'text', nullable: true, maxLength: 200, erasable: true },
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
