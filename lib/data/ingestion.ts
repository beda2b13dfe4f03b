// Reads of ingestion batches for the Ingestão page and the /api/v1/ingest handlers: recent batches (paginated)
// and the full rejection report of one batch, streamed as CSV page by page so its size never matters.
import 'server-only';
import { pool } from '@/lib/db';
import { authorize } from '@/lib/auth/session';
import type { IngestionKindName } from '@/lib/ingest/store';

export interface TableCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

export interface BatchSummary {
  id: string;
  kind: IngestionKindName;
  source: string;
  format: string;
  fileName: string | null;
  status: 'RUNNING' | 'COMPLETED' | 'FAILED';
  actorName: string;
  startedAt: string;
  finishedAt: string | null;
  bytes: number;
  received: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** Per-table counts (UCI files feed clients, statements and outcomes). */
  tables: Record<string, TableCounts> | null;
  warnings: string[];
  message: string | null;
  rejectionsUrl: string;
}

export interface BatchPage {
  batches: BatchSummary[];
  page: number;
  pageSize: number;
  total: number;
}

export const MAX_PAGE_SIZE = 100;

export function rejectionsUrl(batchId: string): string {
  return `/api/v1/ingest/batches/${batchId}/rejections.csv`;
}

interface BatchRow {
  id: string;
  kind: IngestionKindName;
  source: string;
  format: string;
  fileName: string | null;
  status: BatchSummary['status'];
  actorName: string;
  startedAt: Date;
  finishedAt: Date | null;
  bytes: string;
  received: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  details: { tables?: Record<string, TableCounts>; warnings?: string[] } | null;
  message: string | null;
}

/** Recent batches, newest first. The caller has already authorized (route handlers, getIngestionBatches). */
export async function listBatches(opts: { page?: number; pageSize?: number } = {}): Promise<BatchPage> {
  const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.trunc(opts.pageSize ?? 20)));
  const page = Math.max(1, Math.trunc(opts.page ?? 1));
  const [rows, total] = await Promise.all([
    pool().query<BatchRow>(
      `SELECT id::text, kind, source, format, "fileName", status, "actorName", "startedAt", "finishedAt",
              bytes::text, received, inserted, updated, unchanged, rejected, details, message
         FROM "IngestionBatch" ORDER BY "startedAt" DESC, id DESC LIMIT $1 OFFSET $2`,
      [pageSize, (page - 1) * pageSize],
    ),
    pool().query<{ n: number }>(`SELECT count(*)::int AS n FROM "IngestionBatch"`),
  ]);
  return {
    batches: rows.rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      source: r.source,
      format: r.format,
      fileName: r.fileName,
      status: r.status,
      actorName: r.actorName,
      startedAt: r.startedAt.toISOString(),
      finishedAt: r.finishedAt?.toISOString() ?? null,
      bytes: Number(r.bytes),
      received: r.received,
      inserted: r.inserted,
      updated: r.updated,
      unchanged: r.unchanged,
      rejected: r.rejected,
      tables: r.details?.tables ?? null,
      warnings: r.details?.warnings ?? [],
      message: r.message,
      rejectionsUrl: rejectionsUrl(r.id),
    })),
    page,
    pageSize,
    total: total.rows[0]?.n ?? 0,
  };
}

/** For the Ingestão page: checks the permission, then lists. */
export async function getIngestionBatches(opts: { page?: number; pageSize?: number } = {}) {
  await authorize('ingestion:run');
  return listBatches(opts);
}

/** Batch ids are bigint serials; anything else is simply unknown. */
export function parseBatchId(v: string): string | null {
  return /^[1-9]\d{0,17}$/.test(v) ? v : null;
}

export async function batchExists(id: string): Promise<boolean> {
  const r = await pool().query(`SELECT 1 FROM "IngestionBatch" WHERE id = $1::bigint`, [id]);
  return (r.rowCount ?? 0) > 0;
}

/** One CSV cell per RFC 4180: quoted when it holds a delimiter, a quote or a line break. */
export function csvCell(v: string | number): string {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/**
 * The rejection report of a batch as CSV (line,field,reason), ordered by line. Rows are read in keyset pages
 * of `pageRows`, each pulled only when the consumer is ready for it, so memory stays bounded by one page.
 */
export function rejectionsCsvStream(batchId: string, pageRows = 5_000): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  let last: { line: number; id: string } | null = null;
  let headerSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(enc.encode('line,field,reason\r\n'));
        return;
      }
      const r = await pool().query<{ id: string; line: number; field: string; reason: string }>(
        `SELECT id::text, line, field, reason FROM "IngestionRejection"
          WHERE "batchId" = $1::bigint AND ($2::int IS NULL OR (line, id) > ($2::int, $3::bigint))
          ORDER BY line, id LIMIT $4`,
        [batchId, last?.line ?? null, last?.id ?? null, pageRows],
      );
      if (r.rows.length === 0) {
        controller.close();
        return;
      }
      const tail = r.rows[r.rows.length - 1]!;
      last = { line: tail.line, id: tail.id };
      controller.enqueue(
        enc.encode(r.rows.map((x) => `${x.line},${csvCell(x.field)},${csvCell(x.reason)}\r\n`).join('')),
      );
      if (r.rows.length < pageRows) controller.close();
    },
  });
}
