// Turns an upload request into an ingestion: the request body is read chunk by chunk (never buffered whole)
// and counted against INGEST_MAX_BYTES; the report is answered as JSON, or as an NDJSON progress stream, with
// every message (reasons, warnings, outcome) translated in the caller's locale.
import 'server-only';
import { apiError } from '@/lib/api/respond';
import type { Actor } from '@/lib/auth/session';
import { pool } from '@/lib/db';
import { env } from '@/lib/env';
import { rejectionsUrl } from '@/lib/data/ingestion';
import type { Locale } from '@/lib/i18n/locales';
import { localeOfRequest } from '@/lib/i18n/server';
import { translateKey } from '@/lib/i18n/translate';
import { storable, type MessageParams } from '@/lib/ingest/kinds';
import { formatMessage, withReasons } from '@/lib/ingest/messages';
import {
  ingestFile,
  PayloadTooLargeError,
  type IngestionKindName,
  type IngestProgress,
  type IngestReport,
} from '@/lib/ingest/store';
import { log } from '@/lib/log';

/** Rejections listed in a JSON answer; the full list is always in the batch's rejection-report CSV. */
export const MAX_REJECTIONS_IN_RESPONSE = 1_000;
/** Minimum gap between two progress lines of the NDJSON stream. */
const PROGRESS_EVERY_MS = 250;

export type UploadFormat = 'csv' | 'ndjson';

/**
 * Ingestions running at once in this process. Uploads do not wait for each other: an ingestion holds database
 * connections only while a statement runs (lib/ingest/store/budget.ts), so a slow body blocks nobody. This cap
 * only bounds memory (each running ingestion keeps up to a chunk per lane); past it an upload is answered 503
 * with Retry-After at once, never queued behind the others.
 */
export const MAX_CONCURRENT_INGESTIONS = 8;
export const RETRY_AFTER_SECONDS = 10;
let running = 0;

const say = (locale: Locale, code: string, params?: MessageParams) =>
  translateKey(locale, `errors.${code}`, params);

export interface PublicRejection {
  line: number;
  field: string;
  code: string;
  params: MessageParams;
  /** The reason in the caller's locale. */
  reason: string;
}

export interface PublicReport extends Omit<IngestReport, 'rejections' | 'warnings' | 'message'> {
  rejections: PublicRejection[];
  rejectionsTruncated: boolean;
  rejectionsUrl: string;
  warnings: string[];
  message: string;
}

/** The report as the API answers it: codes kept for programs, words added for people. */
export function publicReport(r: IngestReport, locale: Locale): PublicReport {
  return {
    ...r,
    rejections: withReasons(locale, r.rejections.slice(0, MAX_REJECTIONS_IN_RESPONSE)),
    rejectionsTruncated: r.rejections.length > MAX_REJECTIONS_IN_RESPONSE,
    rejectionsUrl: rejectionsUrl(r.batchId),
    warnings: r.warnings.map((w) => formatMessage(locale, w)),
    message: formatMessage(locale, r.message),
  };
}

/** `?format=` wins; else the Content-Type (ndjson / jsonl / json lines) decides; else CSV. */
export function uploadFormat(request: Request, url: URL): UploadFormat | { error: MessageParams } {
  const q = url.searchParams.get('format');
  if (q !== null) {
    const f = q.trim().toLowerCase();
    if (f === 'csv' || f === 'ndjson') return f;
    return { error: { format: `'${storable(q.slice(0, 40))}'` } };
  }
  const ct = (request.headers.get('content-type') ?? '').toLowerCase();
  return /ndjson|jsonl|json-lines|x-json-stream/.test(ct) ? 'ndjson' : 'csv';
}

function fileNameOf(url: URL): string | null {
  const n = url.searchParams.get('fileName')?.trim();
  // Only the last path component, bounded, and storable (a %00 in the query must not fail the batch insert):
  // it is shown in the batch history.
  return n ? storable((n.split(/[\\/]/).pop() ?? n).slice(0, 255)) : null;
}

/** Reads the first non-empty chunk so an empty body is refused before any batch is recorded. */
async function firstChunk(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<Uint8Array | null> {
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return null;
    if (value && value.byteLength > 0) return value;
  }
}

async function* chunks(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  first: Uint8Array,
  state: { bytes: number; tooLarge: boolean },
  maxBytes: number,
): AsyncGenerator<Uint8Array> {
  let done = false;
  try {
    let chunk: Uint8Array | undefined = first;
    while (chunk) {
      state.bytes += chunk.byteLength;
      if (state.bytes > maxBytes) {
        state.tooLarge = true;
        throw new PayloadTooLargeError(maxBytes);
      }
      yield chunk;
      const next = await reader.read();
      done = next.done;
      chunk = next.value;
    }
    done = true;
  } finally {
    // Stop receiving a body we will not read (too large, or the ingestion failed early).
    if (!done) await reader.cancel().catch(() => undefined);
  }
}

/**
 * How a FAILED batch is answered: too large 413, a file problem 422, the database disk full 503, our own failure
 * 500 (logged, no details).
 */
function failureOf(report: IngestReport, tooLarge: boolean) {
  if (tooLarge) return { status: 413, code: 'PAYLOAD_TOO_LARGE' } as const;
  if (report.message[0]?.code === 'ingest.file.unexpected') return { status: 500, code: 'INTERNAL' } as const;
  if (report.message[0]?.code === 'ingest.file.diskFull') {
    return { status: 503, code: 'UNAVAILABLE' } as const;
  }
  return { status: 422, code: 'UNPROCESSABLE' } as const;
}

function failureResponse(report: IngestReport, tooLarge: boolean, locale: Locale): Response {
  const { status, code } = failureOf(report, tooLarge);
  const body = publicReport(report, locale);
  return Response.json({ error: { code, message: body.message }, report: body }, { status });
}

/** POST /api/v1/ingest/[kind] after authorization and kind lookup. */
export async function handleUpload(
  request: Request,
  actor: Actor,
  kind: IngestionKindName,
): Promise<Response> {
  const locale = localeOfRequest(request);
  const url = new URL(request.url);
  const format = uploadFormat(request, url);
  if (typeof format !== 'string') {
    return apiError(400, 'INVALID_INPUT', say(locale, 'ingest.upload.unknownFormat', format.error));
  }
  if (kind === 'uci' && format !== 'csv') {
    return apiError(400, 'INVALID_INPUT', say(locale, 'ingest.upload.uciCsv'));
  }
  const maxBytes = env().INGEST_MAX_BYTES;
  const declared = request.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared) && Number(declared) > maxBytes) {
    return apiError(
      413,
      'PAYLOAD_TOO_LARGE',
      say(locale, 'ingest.upload.declaredTooLarge', { declared: Number(declared), max: maxBytes }),
    );
  }
  if (!request.body) return apiError(400, 'INVALID_INPUT', say(locale, 'ingest.upload.emptyBody'));
  if (running >= MAX_CONCURRENT_INGESTIONS) return busy(locale);
  // Counted from here, before the first await, so simultaneous requests cannot all pass the check.
  running++;
  let released = false;
  let started = false;
  const release = () => {
    if (!released) {
      released = true;
      running--;
    }
  };
  try {
    const reader = request.body.getReader();
    const first = await firstChunk(reader);
    if (!first) return apiError(400, 'INVALID_INPUT', say(locale, 'ingest.upload.emptyBody'));

    const state = { bytes: 0, tooLarge: false };
    const run = (onProgress?: (p: IngestProgress) => void) => {
      started = true;
      return ingestFile(pool(), {
        kind,
        format,
        source: chunks(reader, first, state, maxBytes),
        fileName: fileNameOf(url),
        origin: actor.kind === 'apiKey' ? 'api' : 'upload',
        // An API key is not a user row: its name is kept, the user reference stays empty.
        actor: { id: actor.kind === 'user' ? actor.id : null, name: actor.name },
        maxBytes,
        onProgress,
      }).finally(release);
    };

    const wantsStream = (request.headers.get('accept') ?? '').toLowerCase().includes('application/x-ndjson');
    if (!wantsStream) {
      const report = await run();
      if (report.status === 'FAILED') return failureResponse(report, state.tooLarge, locale);
      return Response.json(publicReport(report, locale));
    }
    return progressStream(run, state, locale);
  } finally {
    if (!started) release();
  }
}

function busy(locale: Locale): Response {
  const res = apiError(
    503,
    'UNAVAILABLE',
    say(locale, 'ingest.upload.busy', { seconds: RETRY_AFTER_SECONDS }),
  );
  res.headers.set('retry-after', String(RETRY_AFTER_SECONDS));
  return res;
}

/**
 * The NDJSON answer: a progress line at most every 250 ms while the file is read and stored, then one report
 * line. The HTTP status is 200 once streaming starts, so a failed batch is told by the report's status and an
 * `error` with the code the JSON answer would have used.
 */
function progressStream(
  run: (onProgress: (p: IngestProgress) => void) => Promise<IngestReport>,
  state: { bytes: number; tooLarge: boolean },
  locale: Locale,
): Response {
  const enc = new TextEncoder();
  let latest: IngestProgress = { bytes: 0, received: 0, stored: 0, rejected: 0 };
  let sent = '';
  let open = true;
  const body = new ReadableStream<Uint8Array>({
    cancel() {
      open = false; // the client went away; the ingestion still finishes and is recorded
    },
    start(controller) {
      const write = (obj: unknown) => {
        if (!open) return;
        try {
          controller.enqueue(enc.encode(`${JSON.stringify(obj)}\n`));
        } catch {
          open = false;
        }
      };
      const tick = () => {
        const p = { ...latest, bytes: Math.max(latest.bytes, state.bytes) };
        const key = `${p.bytes}|${p.received}|${p.stored}|${p.rejected}`;
        if (key === sent) return;
        sent = key;
        write({ type: 'progress', ...p });
      };
      const timer = setInterval(tick, PROGRESS_EVERY_MS);
      run((p) => (latest = p))
        .then((report) => {
          clearInterval(timer);
          tick();
          const pub = publicReport(report, locale);
          const error =
            report.status === 'FAILED'
              ? { ...failureOf(report, state.tooLarge), message: pub.message }
              : undefined;
          write({ type: 'report', report: pub, ...(error ? { error } : {}) });
        })
        .catch((e: unknown) => {
          clearInterval(timer);
          log.error({ err: e }, 'ingestion upload failed');
          write({
            type: 'error',
            error: { code: 'INTERNAL', status: 500, message: translateKey(locale, 'errors.unexpected') },
          });
        })
        .finally(() => {
          if (open) {
            open = false;
            try {
              controller.close();
            } catch {
              // already closed by a cancel
            }
          }
        });
    },
  });
  return new Response(body, {
    status: 200,
    headers: {
      'content-type': 'application/x-ndjson; charset=utf-8',
      // no-transform keeps compression from buffering the progress lines; proxies must not buffer either.
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
    },
  });
}
