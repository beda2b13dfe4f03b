// The set-based upserts of the four kinds, generated from KIND_FIELDS (column lists, parameter types, key and
// erasure rules), and the converter of a chunk of records into the statement's parameters: one PostgreSQL array
// literal per column, the COPY-style text form the unnest() of the statement reads; and running one chunk.
import type pg from 'pg';
import { quoteForMessage } from '@/lib/ingest/csv';
import { log } from '@/lib/log';
import {
  CLIENT_REF,
  KIND_FIELDS,
  KIND_TABLE,
  NATURAL_KEY,
  PG_TYPE,
  type FieldSpec,
  type IngestKind,
  type PgType,
  type RecordOf,
  type RowError,
} from '@/lib/ingest/kinds';

export interface Column {
  name: string;
  type: PgType;
  erasable: boolean;
}

export interface TableSpec {
  table: string;
  /** Natural key columns besides clientId (for child tables) or the key itself (clients). */
  key: Column[];
  values: Column[];
  /** true: rows carry clientExternalId and are joined to Client. */
  child: boolean;
}

const column = (f: FieldSpec): Column => ({ name: f.name, type: PG_TYPE[f.type], erasable: !!f.erasable });

/** A kind's table as the upsert sees it, straight from its field specs. */
export function tableSpec(kind: IngestKind): TableSpec {
  const fields: readonly FieldSpec[] = KIND_FIELDS[kind];
  const keyNames = NATURAL_KEY[kind] as readonly string[];
  const child = keyNames.includes(CLIENT_REF);
  const stored = fields.filter((f) => f.name !== CLIENT_REF);
  return {
    table: KIND_TABLE[kind],
    key: stored.filter((f) => keyNames.includes(f.name)).map(column),
    values: stored.filter((f) => !keyNames.includes(f.name)).map(column),
    child,
  };
}

const q = (name: string) => `"${name}"`;

/**
 * Builds the upsert for a table once; parameters are the lines, (the client ids,) one array per column, and the
 * batch id. A row whose key this same batch already wrote is a duplicate within the file: the first occurrence is
 * kept and later ones are reported, which keeps memory bounded by one chunk instead of an index of every key.
 *
 * Concurrent batches: ON CONFLICT makes two uploads of the same keys safe (one waits for the other's row and
 * then updates it). Rows are written in conflict-key order (text keys in "C" collation: a byte comparison, cheap
 * to sort), so two statements touching the same rows lock them in the same order and cannot deadlock.
 *
 * Erasable fields (LGPD): once Client.erasedAt is set, an upload keeps the stored value of those fields, and the
 * comparison that decides "updated" or "unchanged" uses the value that would be written.
 */
export function upsertSql(spec: TableSpec): string {
  const cols = [...spec.key, ...spec.values];
  const params = [
    '$1::int[]',
    ...(spec.child ? ['$2::text[]'] : []),
    ...cols.map((c, i) => `$${i + (spec.child ? 3 : 2)}::${c.type}[]`),
  ];
  const batchParam = `$${params.length + 1}::bigint`;
  const aliases = ['line', ...(spec.child ? ['ext'] : []), ...cols.map((c) => q(c.name))];
  const target = spec.child ? ['clientId', ...cols.map((c) => c.name)] : cols.map((c) => c.name);
  const conflict = spec.child ? ['clientId', ...spec.key.map((k) => k.name)] : spec.key.map((k) => k.name);
  const order = [
    ...(spec.child ? [q('clientId')] : []),
    ...spec.key.map((k) => (k.type === 'text' ? `${q(k.name)} COLLATE "C"` : q(k.name))),
  ];
  const erasure = spec.table === 'Client' && spec.values.some((c) => c.erasable);
  const incomingOf = (c: Column) =>
    erasure && c.erasable
      ? `CASE WHEN t."erasedAt" IS NULL THEN EXCLUDED.${q(c.name)} ELSE t.${q(c.name)} END`
      : `EXCLUDED.${q(c.name)}`;
  const changed = spec.values.map((c) => `t.${q(c.name)}`).join(', ');
  const incoming = spec.values.map(incomingOf).join(', ');
  const sets = spec.values.map((c) => `${q(c.name)} = ${incomingOf(c)}`);
  const keyMatch = spec.key.map((k) => `p.${q(k.name)} = r.${q(k.name)}`).join(' AND ');
  // Scalar subqueries, not joins: the planner would otherwise hash-join every chunk against the whole Client
  // table (a full scan per chunk, ruinous at a million clients); these are one index probe per row.
  const resolved = spec.child
    ? `SELECT u.*, (SELECT c.id FROM "Client" c WHERE c."externalId" = u.ext) AS "clientId"
         FROM unnest(${params.join(', ')}) AS u(${aliases.join(', ')})`
    : `SELECT u.*, 1 AS "clientId" FROM unnest(${params.join(', ')}) AS u(${aliases.join(', ')})`;
  const src = `SELECT r.*, (SELECT p."batchId" FROM ${q(spec.table)} p
                 WHERE ${spec.child ? 'p."clientId" = r."clientId" AND ' : ''}${keyMatch}) AS prev_batch
                 FROM (${resolved}) r`;
  return `WITH src AS (${src}),
    up AS (
      INSERT INTO ${q(spec.table)} AS t (${[...target, 'batchId', 'updatedAt'].map(q).join(', ')})
      SELECT ${target.map(q).join(', ')}, ${batchParam}, now() FROM src
       WHERE "clientId" IS NOT NULL AND prev_batch IS DISTINCT FROM ${batchParam}
       ORDER BY ${order.join(', ')}
      ON CONFLICT (${conflict.map(q).join(', ')}) DO UPDATE SET ${sets.join(', ')},
        "batchId" = EXCLUDED."batchId", "updatedAt" = now()
      WHERE (${changed}) IS DISTINCT FROM (${incoming})
      RETURNING (xmax = 0) AS inserted
    )
    SELECT (SELECT count(*) FROM src)::int AS total,
           (SELECT count(*) FROM up WHERE inserted)::int AS inserted,
           (SELECT count(*) FROM up WHERE NOT inserted)::int AS updated,
           (SELECT coalesce(array_agg(line ORDER BY line), '{}') FROM src WHERE "clientId" IS NULL) AS unknown_lines,
           (SELECT coalesce(array_agg(${spec.child ? 'ext' : "''::text"} ORDER BY line), '{}') FROM src WHERE "clientId" IS NULL) AS unknown_ids,
           (SELECT coalesce(array_agg(line ORDER BY line), '{}') FROM src
             WHERE "clientId" IS NOT NULL AND prev_batch = ${batchParam}) AS duplicate_lines`;
}

// ---------------------------------------------------------------------------------------------------------
// Parameters: PostgreSQL array literals built directly, because node-postgres' generic array serialisation
// was a measurable share of the CPU an ingestion of millions of rows spends in this process.

/** One element of an array literal. Quoting is skipped for the values that never need it. */
function textElement(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  const s = String(v);
  return s.indexOf('"') === -1 && s.indexOf('\\') === -1 ? `"${s}"` : `"${s.replace(/["\\]/g, '\\$&')}"`;
}
function numberElement(v: unknown): string {
  return v === null || v === undefined ? 'NULL' : String(v);
}
function boolElement(v: unknown): string {
  return v === null || v === undefined ? 'NULL' : v ? 't' : 'f';
}

const ELEMENT: Record<PgType, (v: unknown) => string> = {
  text: textElement,
  date: textElement,
  numeric: numberElement,
  int: numberElement,
  bool: boolElement,
};

/** A PostgreSQL array literal for one column. */
export function arrayLiteral(values: readonly unknown[], type: PgType): string {
  const el = ELEMENT[type];
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) parts[i] = el(values[i]);
  return `{${parts.join(',')}}`;
}

export type ToParams<K extends IngestKind> = (records: readonly RecordOf<K>[]) => string[];

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Generates the converter from a chunk of records to the upsert's column parameters (client ids first for child
 * kinds, then the key and value columns in the statement's order). Generated, like the validators, so the one
 * pass over the chunk reads each field as a plain property (one hidden class, no per-column intermediate array
 * of values, no keyed lookups by field name); only KIND_FIELDS identifiers go into its source.
 */
export function compileToParams<K extends IngestKind>(kind: K): ToParams<K> {
  const spec = tableSpec(kind);
  const cols = [
    ...(spec.child ? [{ name: CLIENT_REF, type: 'text' as PgType }] : []),
    ...spec.key,
    ...spec.values,
  ];
  const body: string[] = ['const n = records.length;'];
  cols.forEach((c, i) => {
    if (!IDENTIFIER.test(c.name)) throw new Error(`field name ${c.name} is not an identifier`);
    body.push(`const p${i} = new Array(n);`);
  });
  body.push('for (let i = 0; i < n; i++) {', '  const r = records[i];');
  cols.forEach((c, i) => body.push(`  p${i}[i] = el${i}(r.${c.name});`));
  body.push('}');
  body.push(`return [${cols.map((_, i) => `'{' + p${i}.join(',') + '}'`).join(', ')}];`);
  const make = new Function(
    ...cols.map((_, i) => `el${i}`),
    `return function toParams(records) {\n${body.join('\n')}\n};`,
  );
  return make(...cols.map((c) => ELEMENT[c.type])) as ToParams<K>;
}

export const UPSERT: { [K in IngestKind]: { sql: string; toParams: ToParams<K> } } = {
  clients: { sql: upsertSql(tableSpec('clients')), toParams: compileToParams('clients') },
  statements: { sql: upsertSql(tableSpec('statements')), toParams: compileToParams('statements') },
  bureau: { sql: upsertSql(tableSpec('bureau')), toParams: compileToParams('bureau') },
  outcomes: { sql: upsertSql(tableSpec('outcomes')), toParams: compileToParams('outcomes') },
};

// ---------------------------------------------------------------------------------------------------------
// Running one chunk

export interface Counts {
  inserted: number;
  updated: number;
  unchanged: number;
}

/** What the upserts need of a connection: a pool (one connection per statement) or a checked-out client. */
export type Queryable = Pick<pg.Pool, 'query'> | pg.ClientBase;

/** Deadlock and serialization failures are transient: the statement is atomic, so running it again is safe. */
const RETRYABLE = new Set(['40P01', '40001']);
const ATTEMPTS = 3;

/** Upserts records of one kind; returns counts and the rows whose client is unknown or repeat this batch. */
export async function upsertRecords<K extends IngestKind>(
  db: Queryable,
  kind: K,
  records: readonly RecordOf<K>[],
  lines: readonly number[],
  batchId: string,
): Promise<Counts & { errors: RowError[] }> {
  if (records.length === 0) return { inserted: 0, updated: 0, unchanged: 0, errors: [] };
  const { sql, toParams } = UPSERT[kind] as { sql: string; toParams: ToParams<K> };
  const params = [arrayLiteral(lines, 'int'), ...toParams(records), batchId];
  let res: pg.QueryResult<UpsertRow> | undefined;
  for (let attempt = 1; !res; attempt++) {
    try {
      res = await db.query<UpsertRow>(sql, params);
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (attempt >= ATTEMPTS || !code || !RETRYABLE.has(code)) throw e;
      log.warn(
        { kind, batchId, attempt, pgCode: code },
        'ingestion chunk hit a transient conflict; retrying',
      );
      await new Promise((r) => setTimeout(r, 20 * attempt + Math.random() * 50));
    }
  }
  const row = res.rows[0]!;
  const errors: RowError[] = row.unknown_lines.map((line, i) => ({
    line,
    field: CLIENT_REF,
    code: 'ingest.row.unknownClient',
    params: { id: quoteForMessage(row.unknown_ids[i] ?? '') },
  }));
  const keyName = NATURAL_KEY[kind].join('+');
  for (const line of row.duplicate_lines) {
    errors.push({ line, field: keyName, code: 'ingest.row.duplicateInFile' });
  }
  const known = row.total - errors.length;
  return {
    inserted: row.inserted,
    updated: row.updated,
    unchanged: known - row.inserted - row.updated,
    errors,
  };
}

interface UpsertRow {
  total: number;
  inserted: number;
  updated: number;
  unknown_lines: number[];
  unknown_ids: string[];
  duplicate_lines: number[];
}
