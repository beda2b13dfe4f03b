// Turns an upload request into an ingestion: the request body is read chunk by chunk (never buffered whole)
// and counted against INGEST_MAX_BYTES; the report is answered as JSON, or as an NDJSON progress stream.
import 'server-only';
import { apiError } from '@/lib/api/respond';
import type { Actor } from '@/lib/auth/session';
import { pool } from '@/lib/db';
import { env } from '@/lib/env';
import { rejectionsUrl } from '@/lib/data/ingestion';
import {
  ingestFile,
  PayloadTooLargeError,
  type IngestionKindName,
  type IngestProgress,
  type IngestReport,
} from '@/lib/ingest/store';

/** Rejections listed in a JSON answer; the full list is always in the batch's rejection-report CSV. */
export const MAX_REJECTIONS_IN_RESPONSE = 1_000;
/** Minimum gap between two progress lines of the NDJSON stream. */
const PROGRESS_EVERY_MS = 250;

export type UploadFormat = 'csv' | 'ndjson';

/**
 * Ingestions running at once in this process. Each holds three pool connections (the batch plus two write
 * lanes) for as long as its body takes to arrive, out of the web pool's ten: unbounded, a few slow uploads
 * would leave pages and API reads waiting for a connection. Later uploads wait here, their bodies unread.
 */
const MAX_CONCURRENT_INGESTIONS = 2;
let running = 0;
const waiting: (() => void)[] = [];

async function acquireSlot(): Promise<void> {
  if (running < MAX_CONCURRENT_INGESTIONS) {
    running++;
    return;
  }
  await new Promise<void>((resolve) => waiting.push(resolve));
}

function releaseSlot(): void {
  const next = waiting.shift();
  if (next) next();
  else running--;
}

export interface PublicReport extends Omit<IngestReport, 'rejections'> {
  rejections: IngestReport['rejections'];
  rejectionsTruncated: boolean;
  rejectionsUrl: string;
}

export function publicReport(r: IngestReport): PublicReport {
  return {
    ...r,
    rejections: r.rejections.slice(0, MAX_REJECTIONS_IN_RESPONSE),
    rejectionsTruncated: r.rejections.length > MAX_REJECTIONS_IN_RESPONSE,
    rejectionsUrl: rejectionsUrl(r.batchId),
  };
}

/** `?format=` wins; else the Content-Type (ndjson / jsonl / json lines) decides; else CSV. */
export function uploadFormat(request: Request, url: URL): UploadFormat | { error: string } {
  const q = url.searchParams.get('format');
  if (q !== null) {
    const f = q.trim().toLowerCase();
    if (f === 'csv' || f === 'ndjson') return f;
    return { error: `Unknown format '${q}': use csv or ndjson.` };
  }
  const ct = (request.headers.get('content-type') ?? '').toLowerCase();
  return /ndjson|jsonl|json-lines|x-json-stream/.test(ct) ? 'ndjson' : 'csv';
}

function fileNameOf(url: URL): string | null {
  const n = url.searchParams.get('fileName')?.trim();
  // Only the last path component, and a bounded length: it is shown in the batch history.
  return n ? (n.split(/[\\/]/).pop() ?? n).slice(0, 255) : null;
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
        throw new PayloadTooLargeError(
          `The file is larger than the limit of ${maxBytes} bytes (INGEST_MAX_BYTES).`,
        );
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

function failureResponse(report: IngestReport, tooLarge: boolean): Response {
  const status = tooLarge ? 413 : 422;
  const code = tooLarge ? 'PAYLOAD_TOO_LARGE' : 'UNPROCESSABLE';
  return Response.json(
    { error: { code, message: report.message }, report: publicReport(report) },
    { status },
  );
}

/** POST /api/v1/ingest/[kind] after authorization and kind lookup. */
export async function handleUpload(
  request: Request,
  actor: Actor,
  kind: IngestionKindName,
): Promise<Response> {
  const url = new URL(request.url);
  const format = uploadFormat(request, url);
  if (typeof format !== 'string') return apiError(400, 'INVALID_INPUT', format.error);
  if (kind === 'uci' && format !== 'csv') {
    return apiError(400, 'INVALID_INPUT', 'The UCI file is a CSV file: use format=csv.');
  }
  const maxBytes = env().INGEST_MAX_BYTES;
  const declared = request.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared) && Number(declared) > maxBytes) {
    return apiError(
      413,
      'PAYLOAD_TOO_LARGE',
      `The file has ${declared} bytes; the limit is ${maxBytes} bytes (INGEST_MAX_BYTES).`,
    );
  }
  if (!request.body) return apiError(400, 'INVALID_INPUT', 'The request body is empty: send the file.');
  const reader = request.body.getReader();
  const first = await firstChunk(reader);
  if (!first) return apiError(400, 'INVALID_INPUT', 'The request body is empty: send the file.');

  const state = { bytes: 0, tooLarge: false };
  const ingest = (onProgress?: (p: IngestProgress) => void) =>
    ingestFile(pool(), {
      kind,
      format,
      source: chunks(reader, first, state, maxBytes),
      fileName: fileNameOf(url),
      origin: actor.kind === 'apiKey' ? 'api' : 'upload',
      // An API key is not a user row: its name is kept, the user reference stays empty.
      actor: { id: actor.kind === 'user' ? actor.id : null, name: actor.name },
      maxBytes,
      onProgress,
    });
  const run = async (onProgress?: (p: IngestProgress) => void) => {
    await acquireSlot();
    try {
      return await ingest(onProgress);
    } finally {
      releaseSlot();
    }
  };

  const wantsStream = (request.headers.get('accept') ?? '').toLowerCase().includes('application/x-ndjson');
  if (!wantsStream) {
    const report = await run();
    if (report.status === 'FAILED') return failureResponse(report, state.tooLarge);
    return Response.json(publicReport(report));
  }
  return progressStream(run, state);
}

/**
 * The NDJSON answer: a progress line at most every 250 ms while the file is read and stored, then one report
 * line. The HTTP status is 200 once streaming starts, so a failed batch is told by the report's status and an
 * `error` with the code the JSON answer would have used.
 */
function progressStream(
  run: (onProgress: (p: IngestProgress) => void) => Promise<IngestReport>,
  state: { bytes: number; tooLarge: boolean },
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
          const error =
            report.status === 'FAILED'
              ? {
                  code: state.tooLarge ? 'PAYLOAD_TOO_LARGE' : 'UNPROCESSABLE',
                  status: state.tooLarge ? 413 : 422,
                  message: report.message,
                }
              : undefined;
          write({ type: 'report', report: publicReport(report), ...(error ? { error } : {}) });
        })
        .catch((e: unknown) => {
          clearInterval(timer);
          console.error('[ingest] upload failed:', e);
          write({
            type: 'error',
            error: { code: 'INTERNAL', status: 500, message: 'Unexpected server error. It has been logged.' },
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
