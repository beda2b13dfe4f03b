// Reads of ingestion batches for the Ingestão page and the /api/v1/ingest handlers: recent batches (paginated)
// and the full rejection report of one batch, streamed as CSV page by page so its size never matters.
import 'server-only';
import { pool } from '@/lib/db';
import { csvNumber, csvText } from '@/lib/csv/escape';
import { authorize } from '@/lib/auth/session';
import { DEFAULT_LOCALE, type Locale } from '@/lib/i18n/locales';
import { requestLocale } from '@/lib/i18n/server';
import { translateKey } from '@/lib/i18n/translate';
import { readJsonColumn } from '@/lib/json-column';
import { formatMessage, formatRejection } from '@/lib/ingest/messages';
import type { IngestionKindName } from '@/lib/ingest/store';
import {
  BATCHES_MAX_PAGE_SIZE,
  batchDetailsSchema,
  batchMessageSchema,
  messageParamsSchema,
} from '@/lib/validations/ingestion';

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
  /** Warnings and message in the reader's locale (stored as codes, lib/ingest/messages.ts). */
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

export const MAX_PAGE_SIZE = BATCHES_MAX_PAGE_SIZE;

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
  details: unknown;
  message: unknown;
}

/**
 * Recent batches, newest first, their messages in `locale` (default pt-BR). The caller has already authorized
 * (route handlers, getIngestionBatches).
 */
export async function listBatches(
  opts: { page?: number; pageSize?: number; locale?: Locale } = {},
): Promise<BatchPage> {
  const locale = opts.locale ?? DEFAULT_LOCALE;
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
    batches: rows.rows.map((r) => {
      const ref = { column: 'IngestionBatch.details', id: r.id };
      const details =
        r.details === null ? null : readJsonColumn(batchDetailsSchema, r.details, ref, () => null);
      const message =
        r.message === null
          ? null
          : readJsonColumn(
              batchMessageSchema,
              r.message,
              { ...ref, column: 'IngestionBatch.message' },
              () => null,
            );
      return {
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
        tables: details?.tables ?? null,
        warnings: (details?.warnings ?? []).map((w) =>
          typeof w === 'string' ? w : formatMessage(locale, w),
        ),
        message: message ? formatMessage(locale, message) : null,
        rejectionsUrl: rejectionsUrl(r.id),
      };
    }),
    page,
    pageSize,
    total: total.rows[0]?.n ?? 0,
  };
}

/** For the Ingestão page: checks the permission, then lists in the reader's locale. */
export async function getIngestionBatches(opts: { page?: number; pageSize?: number } = {}) {
  await authorize('ingestion:run');
  return listBatches({ ...opts, locale: await requestLocale() });
}

/** Batch ids are bigint serials; anything else is simply unknown. */
export function parseBatchId(v: string): string | null {
  return /^[1-9]\d{0,17}$/.test(v) ? v : null;
}

export async function batchExists(id: string): Promise<boolean> {
  const r = await pool().query(`SELECT 1 FROM "IngestionBatch" WHERE id = $1::bigint`, [id]);
  return (r.rowCount ?? 0) > 0;
}

/**
 * One CSV cell of the rejection report: the shared rule of every export (lib/csv/escape.ts), RFC 4180 quoting
 * plus formula neutralisation, since reasons echo values from the uploaded file.
 */
export function csvCell(v: string | number): string {
  return typeof v === 'number' ? csvNumber(v) : csvText(v);
}

/**
 * The rejection report of a batch as CSV (line, field, code, reason), ordered by line, with the header and each
 * reason in `locale` (the code stays as stored, for programs). Rows are read in keyset pages of `pageRows`, each
 * pulled only when the consumer is ready for it, so memory stays bounded by one page.
 */
export function rejectionsCsvStream(
  batchId: string,
  pageRows = 5_000,
  locale: Locale = DEFAULT_LOCALE,
): ReadableStream<Uint8Array> {
  const t = (k: string) => translateKey(locale, `errors.ingest.report.${k}`);
  const enc = new TextEncoder();
  let last: { line: number; id: string } | null = null;
  let headerSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(enc.encode(`${['line', 'field', 'code', 'reason'].map(t).join(',')}\r\n`));
        return;
      }
      const r = await pool().query<{
        id: string;
        line: number;
        field: string;
        code: string;
        params: unknown;
      }>(
        `SELECT id::text, line, field, code, params FROM "IngestionRejection"
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
      const lines = r.rows.map((x) => {
        const params = readJsonColumn(
          messageParamsSchema,
          x.params,
          { column: 'IngestionRejection.params', id: x.id },
          () => ({}),
        );
        const reason = formatRejection(locale, x.code, params);
        return `${x.line},${csvCell(x.field)},${csvCell(x.code)},${csvCell(reason)}\r\n`;
      });
      controller.enqueue(enc.encode(lines.join('')));
      if (r.rows.length < pageRows) controller.close();
    },
  });
}
