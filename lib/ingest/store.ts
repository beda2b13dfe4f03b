// Stores validated records idempotently by natural key (set-based upserts that only touch rows whose values
// changed), records each batch with its counts and every rejected row, and streams files of any size with
// memory bounded by one chunk. Used by the upload page, the API, the command line and the demo seed.
import type pg from 'pg';
import {
  HeaderError,
  NATURAL_KEY,
  naturalKeyOf,
  type IngestKind,
  type RecordOf,
  type RowError,
} from '@/lib/ingest/kinds';
import { validateStream } from '@/lib/ingest/validate';
import { parseCsv, type ChunkSource } from '@/lib/ingest/csv';
import { mapUciRow, UCI_COLUMNS } from '@/lib/ingest/uci';
import type { ClientRecord, OutcomeRecord, StatementRecord } from '@/lib/domain/raw';

export type IngestionKindName = IngestKind | 'uci';
export const INGESTION_KINDS: readonly IngestionKindName[] = [
  'clients',
  'statements',
  'bureau',
  'outcomes',
  'uci',
];

export function isIngestionKind(v: unknown): v is IngestionKindName {
  return typeof v === 'string' && (INGESTION_KINDS as readonly string[]).includes(v);
}

export interface Counts {
  inserted: number;
  updated: number;
  unchanged: number;
}

export interface IngestReport extends Counts {
  batchId: string;
  kind: IngestionKindName;
  status: 'COMPLETED' | 'FAILED';
  fileName: string | null;
  format: 'csv' | 'ndjson';
  bytes: number;
  /** Data rows read from the file. */
  received: number;
  /** Rows rejected (each may have several errors in `rejections`). */
  rejected: number;
  rejections: RowError[];
  warnings: string[];
  /** Per-table counts when one file feeds several tables (UCI). */
  details?: Record<string, Counts>;
  durationMs: number;
  message: string;
}

export interface IngestProgress {
  bytes: number;
  received: number;
  stored: number;
  rejected: number;
}

export interface IngestOptions {
  kind: IngestionKindName;
  format: 'csv' | 'ndjson';
  source: AsyncIterable<Uint8Array | string>;
  fileName?: string | null;
  /** Where it came from: 'upload' | 'api' | 'cli' | 'demo'. */
  origin: string;
  actor: { id: string | null; name: string };
  /** Stop reading past this many bytes (the batch then FAILS, keeping what was stored). */
  maxBytes?: number;
  onProgress?: (p: IngestProgress) => void;
  /** Records per database round trip. */
  chunkSize?: number;
  /** Parallel database connections writing disjoint sets of clients. */
  lanes?: number;
}

export class PayloadTooLargeError extends Error {
  override name = 'PayloadTooLargeError';
}

// ---------------------------------------------------------------------------------------------------------
// Set-based upserts

type PgType = 'text' | 'numeric' | 'int' | 'bool' | 'date';
interface Column {
  name: string;
  type: PgType;
}

interface TableSpec {
  table: string;
  /** Natural key columns besides clientId (for child tables) or the key itself (clients). */
  key: Column[];
  values: Column[];
  /** true: rows carry clientExternalId and are joined to Client. */
  child: boolean;
}

const money = (name: string): Column => ({ name, type: 'numeric' });

const TABLES: Record<IngestKind, TableSpec> = {
  clients: {
    table: 'Client',
    key: [{ name: 'externalId', type: 'text' }],
    values: [
      { name: 'segment', type: 'text' },
      { name: 'region', type: 'text' },
      { name: 'birthDate', type: 'date' },
      { name: 'relationshipStart', type: 'date' },
      { name: 'consentApp', type: 'bool' },
      { name: 'consentEmail', type: 'bool' },
      { name: 'consentSms', type: 'bool' },
      { name: 'consentWhatsapp', type: 'bool' },
      { name: 'name', type: 'text' },
      { name: 'email', type: 'text' },
      { name: 'phone', type: 'text' },
    ],
    child: false,
  },
  statements: {
    table: 'MonthlyStatement',
    key: [{ name: 'referenceMonth', type: 'text' }],
    values: [
      money('creditLimit'),
      money('statementBalance'),
      money('minimumDue'),
      money('amountPaid'),
      money('revolvingBalance'),
      { name: 'monthsPastDue', type: 'int' },
      money('purchases'),
      money('cashAdvances'),
    ],
    child: true,
  },
  bureau: {
    table: 'BureauSnapshot',
    key: [{ name: 'referenceDate', type: 'date' }],
    values: [
      money('totalDebt'),
      money('overdueDebt'),
      { name: 'numInstitutions', type: 'int' },
      money('personalLoanDebt'),
    ],
    child: true,
  },
  outcomes: {
    table: 'Outcome',
    key: [{ name: 'referenceMonth', type: 'text' }],
    values: [
      { name: 'defaulted', type: 'bool' },
      { name: 'observedAt', type: 'date' },
    ],
    child: true,
  },
};

const q = (name: string) => `"${name}"`;

/**
 * Builds the upsert for a table once; parameters are one array per column plus the batch id. A row whose key
 * this same batch already wrote is a duplicate within the file: the first occurrence is kept and later ones are
 * reported, which keeps memory bounded by one chunk instead of an index of every key in the file.
 */
function upsertSql(spec: TableSpec): string {
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
  const changed = spec.values.map((c) => `t.${q(c.name)}`).join(', ');
  const incoming = spec.values.map((c) => `EXCLUDED.${q(c.name)}`).join(', ');
  const sets = spec.values.map((c) => `${q(c.name)} = EXCLUDED.${q(c.name)}`);
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

const SQL = Object.fromEntries(
  (Object.keys(TABLES) as IngestKind[]).map((k) => [k, upsertSql(TABLES[k])]),
) as Record<IngestKind, string>;

/**
 * A PostgreSQL array literal for one column, built directly: node-postgres' generic array serialisation was a
 * measurable share of the CPU an ingestion of millions of rows spends in this process.
 */
export function arrayLiteral(values: readonly unknown[], type: PgType): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) parts[i] = 'NULL';
    else if (type === 'bool') parts[i] = v ? 't' : 'f';
    else if (type === 'numeric' || type === 'int') parts[i] = String(v);
    else parts[i] = `"${String(v).replace(/["\\]/g, '\\$&')}"`;
  }
  return `{${parts.join(',')}}`;
}

/** Upserts records of one kind; returns counts and the rows whose client is unknown. */
export async function upsertRecords<K extends IngestKind>(
  client: pg.ClientBase,
  kind: K,
  records: readonly RecordOf<K>[],
  lines: readonly number[],
  batchId: string,
): Promise<Counts & { errors: RowError[] }> {
  if (records.length === 0) return { inserted: 0, updated: 0, unchanged: 0, errors: [] };
  const spec = TABLES[kind];
  const cols = [...spec.key, ...spec.values];
  const rows = records as unknown as Record<string, unknown>[];
  const arrays: string[] = [arrayLiteral(lines, 'int')];
  if (spec.child)
    arrays.push(
      arrayLiteral(
        rows.map((r) => r.clientExternalId),
        'text',
      ),
    );
  for (const c of cols)
    arrays.push(
      arrayLiteral(
        rows.map((r) => r[c.name]),
        c.type,
      ),
    );
  const res = await client.query<{
    total: number;
    inserted: number;
    updated: number;
    unknown_lines: number[];
    unknown_ids: string[];
    duplicate_lines: number[];
  }>(SQL[kind], [...arrays, batchId]);
  const row = res.rows[0]!;
  const errors: RowError[] = row.unknown_lines.map((line, i) => ({
    line,
    field: 'clientExternalId',
    reason: `unknown client '${row.unknown_ids[i]}' (ingest the client first)`,
  }));
  const keyName = NATURAL_KEY[kind].join('+');
  for (const line of row.duplicate_lines) {
    errors.push({
      line,
      field: keyName,
      reason: 'duplicate of an earlier row of this file (same key; the first occurrence is kept)',
    });
  }
  const known = row.total - errors.length;
  return {
    inserted: row.inserted,
    updated: row.updated,
    unchanged: known - row.inserted - row.updated,
    errors,
  };
}

async function storeRejections(client: pg.ClientBase, batchId: string, errors: readonly RowError[]) {
  if (errors.length === 0) return;
  await client.query(
    `INSERT INTO "IngestionRejection" ("batchId", line, field, reason)
     SELECT $1::bigint, * FROM unnest($2::int[], $3::text[], $4::text[])`,
    [
      batchId,
      errors.map((e) => e.line),
      errors.map((e) => e.field),
      errors.map((e) => e.reason.slice(0, 1000)),
    ],
  );
}

// ---------------------------------------------------------------------------------------------------------
// Streaming

async function* countBytes(
  source: AsyncIterable<Uint8Array | string>,
  state: { bytes: number },
  maxBytes: number,
): AsyncGenerator<Uint8Array | string> {
  for await (const chunk of source) {
    state.bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
    if (state.bytes > maxBytes) {
      throw new PayloadTooLargeError(
        `The file is larger than the limit of ${maxBytes} bytes (INGEST_MAX_BYTES).`,
      );
    }
    yield chunk;
  }
}

const add = (a: Counts, b: Counts) => {
  a.inserted += b.inserted;
  a.updated += b.updated;
  a.unchanged += b.unchanged;
};
const zero = (): Counts => ({ inserted: 0, updated: 0, unchanged: 0 });

/**
 * Ingests one file. Never throws for bad rows: they are reported with line, field and reason, and every valid
 * row is stored. A file-level problem (missing column, over the size limit) fails the batch with a message,
 * keeping whatever was stored before it.
 */
export async function ingestFile(pool: pg.Pool, opts: IngestOptions): Promise<IngestReport> {
  const started = Date.now();
  const client = await pool.connect();
  const batch = await client.query<{ id: string }>(
    `INSERT INTO "IngestionBatch" (kind, source, format, "fileName", "actorId", "actorName")
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id::text`,
    [opts.kind, opts.origin, opts.format, opts.fileName ?? null, opts.actor.id, opts.actor.name],
  );
  const batchId = batch.rows[0]!.id;
  const state = { bytes: 0 };
  const source = countBytes(opts.source, state, opts.maxBytes ?? Number.POSITIVE_INFINITY);
  const totals = zero();
  const details: Record<string, Counts> = {};
  const rejections: RowError[] = [];
  const rejectedLines = new Set<number>();
  const warnings: string[] = [];
  let received = 0;
  let stored = 0;
  let failure: string | null = null;
  const chunkSize = opts.chunkSize ?? 20_000;

  const reject = async (errors: RowError[]) => {
    if (errors.length === 0) return;
    for (const e of errors) {
      rejections.push(e);
      rejectedLines.add(e.line);
    }
    await storeRejections(client, batchId, errors);
  };
  const progress = () =>
    opts.onProgress?.({ bytes: state.bytes, received, stored, rejected: rejectedLines.size });

  // Keep at most one database round trip in flight while the next chunk is parsed.
  let inflight: Promise<void> = Promise.resolve();
  const enqueue = async (work: () => Promise<void>) => {
    await inflight;
    inflight = work();
    inflight.catch(() => undefined);
  };

  try {
    if (opts.kind === 'uci') {
      await ingestUci(source, chunkSize, {
        onRows: (n) => (received += n),
        reject: (errors) => enqueue(() => reject(errors)),
        flush: (clients, statements, outcomes) =>
          enqueue(async () => {
            const parts: [string, Counts & { errors: RowError[] }][] = [];
            parts.push([
              'clients',
              await upsertRecords(client, 'clients', clients.records, clients.lines, batchId),
            ]);
            parts.push([
              'statements',
              await upsertRecords(client, 'statements', statements.records, statements.lines, batchId),
            ]);
            parts.push([
              'outcomes',
              await upsertRecords(client, 'outcomes', outcomes.records, outcomes.lines, batchId),
            ]);
            for (const [name, c] of parts) {
              details[name] ??= zero();
              add(details[name], c);
              add(totals, c);
              await reject(c.errors);
            }
            stored += clients.records.length;
            progress();
          }),
      });
    } else {
      await ingestKind(
        pool,
        opts.kind,
        source,
        opts.format,
        chunkSize,
        opts.lanes ?? DEFAULT_LANES,
        batchId,
        {
          onBatch: (b) => {
            received += b.received;
            for (const w of b.warnings) warnings.push(w);
          },
          reject: (errors) => enqueue(() => reject(errors)),
          stored: (c, n) => {
            add(totals, c);
            stored += n;
            progress();
          },
        },
      );
    }
    await inflight;
  } catch (e) {
    await inflight.catch(() => undefined);
    if (e instanceof HeaderError || e instanceof PayloadTooLargeError) failure = e.message;
    else {
      failure = `Ingestion stopped: ${e instanceof Error ? e.message : String(e)}`;
      console.error('[ingest] unexpected error', e);
    }
  }

  const status = failure ? 'FAILED' : 'COMPLETED';
  const message = failure
    ? `${failure}${stored > 0 ? ` ${stored} valid rows read before the failure were stored.` : ' Nothing was stored.'}`
    : summarize(received, totals, rejectedLines.size);
  await client.query(
    `UPDATE "IngestionBatch" SET status = $2, "finishedAt" = now(), bytes = $3, received = $4, inserted = $5,
       updated = $6, unchanged = $7, rejected = $8, details = $9, message = $10 WHERE id = $1`,
    [
      batchId,
      status,
      state.bytes,
      received,
      totals.inserted,
      totals.updated,
      totals.unchanged,
      rejectedLines.size,
      JSON.stringify({ tables: Object.keys(details).length ? details : undefined, warnings }),
      message,
    ],
  );
  client.release();
  progress();
  return {
    batchId,
    kind: opts.kind,
    status,
    fileName: opts.fileName ?? null,
    format: opts.format,
    bytes: state.bytes,
    received,
    ...totals,
    rejected: rejectedLines.size,
    rejections: rejections.sort((a, b) => a.line - b.line),
    warnings,
    ...(Object.keys(details).length ? { details } : {}),
    durationMs: Date.now() - started,
    message,
  };
}

/** Two connections keep both cores of PostgreSQL busy while this process parses the next rows. */
const DEFAULT_LANES = 2;

/** FNV-1a of a string, to route all rows of one client to the same lane. */
function laneOf(key: string, lanes: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return (h >>> 0) % lanes;
}

/**
 * Streams one kind of file into its table over `lanes` connections. Rows are routed by client, so every key
 * always goes through the same lane, whose chunks run one after the other: duplicates across chunks are then
 * found by the upsert (the batch id already on the row), and memory stays bounded by lanes x chunk.
 */
async function ingestKind<K extends IngestKind>(
  pool: pg.Pool,
  kind: K,
  source: ChunkSource,
  format: 'csv' | 'ndjson',
  chunkSize: number,
  laneCount: number,
  batchId: string,
  sink: {
    onBatch(b: { received: number; warnings: string[] }): void;
    reject(errors: RowError[]): Promise<void>;
    stored(c: Counts, n: number): void;
  },
) {
  const keyField = (kind === 'clients' ? 'externalId' : 'clientExternalId') as string;
  const lanes = await Promise.all(
    Array.from({ length: laneCount }, async () => ({
      conn: await pool.connect(),
      records: [] as RecordOf<K>[],
      lines: [] as number[],
      inflight: Promise.resolve() as Promise<void>,
    })),
  );
  const flush = async (lane: (typeof lanes)[number]) => {
    const { records, lines, duplicates } = dedupeChunk(kind, lane.records, lane.lines);
    lane.records = [];
    lane.lines = [];
    await lane.inflight;
    lane.inflight = (async () => {
      const c = await upsertRecords(lane.conn, kind, records, lines, batchId);
      sink.stored(c, records.length - c.errors.length);
      await sink.reject([...duplicates, ...c.errors]);
    })();
    lane.inflight.catch(() => undefined);
  };
  const perLane = Math.max(1, Math.ceil(chunkSize / laneCount));
  try {
    for await (const b of validateStream(kind, source, format, { batchSize: 5_000, dedupe: false })) {
      sink.onBatch(b);
      if (b.errors.length) await sink.reject(b.errors);
      for (let i = 0; i < b.records.length; i++) {
        const rec = b.records[i]!;
        const lane = lanes[laneOf((rec as unknown as Record<string, string>)[keyField]!, laneCount)]!;
        lane.records.push(rec);
        lane.lines.push(b.lines[i]!);
        if (lane.records.length >= perLane) await flush(lane);
      }
    }
    for (const lane of lanes) await flush(lane);
    for (const lane of lanes) await lane.inflight;
  } finally {
    await Promise.all(lanes.map((l) => l.inflight.catch(() => undefined)));
    for (const lane of lanes) lane.conn.release();
  }
}

/** Keeps the first row of each natural key within a chunk; later ones are reported as duplicates. */
function dedupeChunk<K extends IngestKind>(kind: K, records: RecordOf<K>[], lines: number[]) {
  const seen = new Map<string, number>();
  const keep: RecordOf<K>[] = [];
  const keepLines: number[] = [];
  const duplicates: RowError[] = [];
  const field = NATURAL_KEY[kind].join('+');
  for (let i = 0; i < records.length; i++) {
    const key = naturalKeyOf(kind, records[i]!);
    const first = seen.get(key);
    if (first !== undefined) {
      duplicates.push({
        line: lines[i]!,
        field,
        reason: `duplicate of line ${first} (same key; the first occurrence is kept)`,
      });
      continue;
    }
    seen.set(key, lines[i]!);
    keep.push(records[i]!);
    keepLines.push(lines[i]!);
  }
  return { records: keep, lines: keepLines, duplicates };
}

function summarize(received: number, c: Counts, rejected: number): string {
  if (received === 0) return 'The file has no data rows.';
  if (c.inserted === 0 && c.updated === 0 && rejected === 0) {
    return `Nothing changed: all ${received} rows were already stored with the same values.`;
  }
  return `${received} rows read: ${c.inserted} inserted, ${c.updated} updated, ${c.unchanged} unchanged, ${rejected} rejected.`;
}

// ---------------------------------------------------------------------------------------------------------
// UCI credit-card file: each row becomes one client, six statements and one outcome.

interface Bucket<T> {
  records: T[];
  lines: number[];
}

async function ingestUci(
  source: ChunkSource,
  chunkSize: number,
  sink: {
    onRows(n: number): void;
    reject(errors: RowError[]): Promise<void>;
    flush(c: Bucket<ClientRecord>, s: Bucket<StatementRecord>, o: Bucket<OutcomeRecord>): Promise<void>;
  },
) {
  const fresh = () => ({
    c: { records: [], lines: [] } as Bucket<ClientRecord>,
    s: { records: [], lines: [] } as Bucket<StatementRecord>,
    o: { records: [], lines: [] } as Bucket<OutcomeRecord>,
  });
  let b = fresh();
  let headerChecked = false;
  const rowsPerChunk = Math.max(1, Math.floor(chunkSize / 8));
  for await (const batch of parseCsv(source)) {
    if (!headerChecked) {
      const missing = UCI_COLUMNS.filter((c) => !batch.header.includes(c));
      if (missing.length)
        throw new HeaderError(`The UCI file lacks column(s): ${missing.join(', ')}.`, missing);
      headerChecked = true;
    }
    sink.onRows(batch.rows.length + batch.errors.length);
    const errors: RowError[] = [...batch.errors];
    for (let r = 0; r < batch.rows.length; r++) {
      const cells: Record<string, string> = {};
      const row = batch.rows[r]!;
      for (let i = 0; i < batch.header.length; i++) cells[batch.header[i]!] = row[i] ?? '';
      const line = batch.lines[r]!;
      const m = mapUciRow(cells, line);
      if ('errors' in m) {
        errors.push(...m.errors);
        continue;
      }
      b.c.records.push(m.client);
      b.c.lines.push(line);
      for (const s of m.statements) {
        b.s.records.push(s);
        b.s.lines.push(line);
      }
      for (const o of m.outcomes) {
        b.o.records.push(o);
        b.o.lines.push(line);
      }
    }
    if (errors.length) await sink.reject(errors);
    if (b.c.records.length >= rowsPerChunk) {
      await sink.flush(b.c, b.s, b.o);
      b = fresh();
    }
  }
  if (!headerChecked) throw new HeaderError('The file is empty: expected the UCI header line.');
  await sink.flush(b.c, b.s, b.o);
}
