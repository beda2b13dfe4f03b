// The bookkeeping of one ingestion: its IngestionBatch row (opened RUNNING, closed with counts and message), its
// rejected rows (every one kept, with its code and parameters, in IngestionRejection), the running progress and
// the report the caller answers with.
import type pg from 'pg';
import { storable, type IngestMessage, type MessageParams, type RowError } from '@/lib/ingest/kinds';
import type { Counts } from './sql';

export interface IngestProgress {
  bytes: number;
  received: number;
  stored: number;
  rejected: number;
}

export type BatchStatus = 'COMPLETED' | 'FAILED';

export async function openBatch(
  db: Pick<pg.Pool, 'query'>,
  b: {
    kind: string;
    origin: string;
    format: string;
    fileName: string | null;
    actor: { id: string | null; name: string };
  },
): Promise<string> {
  const r = await db.query<{ id: string }>(
    `INSERT INTO "IngestionBatch" (kind, source, format, "fileName", "actorId", "actorName")
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id::text`,
    [b.kind, b.origin, b.format, b.fileName, b.actor.id, storable(b.actor.name)],
  );
  return r.rows[0]!.id;
}

/** Parameters PostgreSQL's jsonb accepts: it refuses \u0000 and unpaired surrogates, so strings are made storable. */
function cleanParams(params: MessageParams | undefined): MessageParams {
  if (!params) return {};
  let clean: MessageParams | null = null;
  for (const k in params) {
    const v = params[k]!;
    if (typeof v === 'string') {
      const s = storable(v);
      if (s !== v) (clean ??= { ...params })[k] = s;
    }
  }
  return clean ?? params;
}

const cleanMessage = (m: IngestMessage): IngestMessage => ({ code: m.code, params: cleanParams(m.params) });

export async function storeRejections(
  db: Pick<pg.Pool, 'query'>,
  batchId: string,
  errors: readonly RowError[],
): Promise<void> {
  if (errors.length === 0) return;
  await db.query(
    `INSERT INTO "IngestionRejection" ("batchId", line, field, code, params)
     SELECT $1::bigint, * FROM unnest($2::int[], $3::text[], $4::text[], $5::jsonb[])`,
    [
      batchId,
      errors.map((e) => e.line),
      errors.map((e) => storable(e.field)),
      errors.map((e) => e.code),
      errors.map((e) => JSON.stringify(cleanParams(e.params))),
    ],
  );
}

export interface BatchOutcome extends Counts {
  status: BatchStatus;
  bytes: number;
  received: number;
  rejected: number;
  details: Record<string, Counts>;
  warnings: IngestMessage[];
  message: IngestMessage[];
}

export async function closeBatch(db: Pick<pg.Pool, 'query'>, batchId: string, o: BatchOutcome) {
  const warnings = o.warnings.map(cleanMessage);
  const message = o.message.map(cleanMessage);
  await db.query(
    `UPDATE "IngestionBatch" SET status = $2, "finishedAt" = now(), bytes = $3, received = $4, inserted = $5,
       updated = $6, unchanged = $7, rejected = $8, details = $9, message = $10 WHERE id = $1`,
    [
      batchId,
      o.status,
      o.bytes,
      o.received,
      o.inserted,
      o.updated,
      o.unchanged,
      o.rejected,
      JSON.stringify({ tables: Object.keys(o.details).length ? o.details : undefined, warnings }),
      JSON.stringify(message),
    ],
  );
}

/** The outcome of a completed batch in one sentence. */
export function summarize(received: number, c: Counts, rejected: number): IngestMessage[] {
  if (received === 0) return [{ code: 'ingest.batch.noRows' }];
  if (c.inserted === 0 && c.updated === 0 && rejected === 0) {
    return [{ code: 'ingest.batch.nothingChanged', params: { received } }];
  }
  return [{ code: 'ingest.batch.summary', params: { received, ...c, rejected } }];
}

/** A failed batch: why, then what was kept of it. */
export function failed(why: IngestMessage, stored: number): IngestMessage[] {
  return [
    why,
    stored > 0
      ? { code: 'ingest.batch.storedBefore', params: { stored } }
      : { code: 'ingest.batch.nothingStored' },
  ];
}

export const add = (a: Counts, b: Counts) => {
  a.inserted += b.inserted;
  a.updated += b.updated;
  a.unchanged += b.unchanged;
};
export const zero = (): Counts => ({ inserted: 0, updated: 0, unchanged: 0 });
