// Streaming NDJSON (one JSON object per line) parser with the same batch shape and line numbering as the
// CSV parser: bad lines become RowErrors and parsing continues.
import { DEFAULT_BATCH_SIZE, decodeChunks, type ChunkSource } from './csv';
import { ROW_FIELD, storable, type RowError } from './kinds';

export interface NdjsonOptions {
  /** Objects plus row errors per yielded batch. Default 2,000 (see CsvOptions.batchSize). */
  batchSize?: number;
  /** Longest line accepted, in characters; longer lines are rejected and skipped. Default 1 MiB. */
  maxRecordChars?: number;
  encoding?: string;
}

export interface NdjsonBatch {
  rows: Record<string, unknown>[];
  /** lines[i] is the 1-based physical line of rows[i]. */
  lines: number[];
  errors: RowError[];
}

/** The parser's own explanation (position, unexpected token) as a bounded, storable detail. */
function jsonErrorDetail(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return storable(msg.length > 120 ? `${msg.slice(0, 120)}…` : msg);
}

export async function* parseNdjson(
  source: ChunkSource,
  opts: NdjsonOptions = {},
): AsyncGenerator<NdjsonBatch> {
  const batchSize = Math.max(1, opts.batchSize ?? DEFAULT_BATCH_SIZE);
  const maxRecord = Math.max(16, opts.maxRecordChars ?? 1 << 20);
  let rest = '';
  let line = 1;
  let skipping = false;
  let started = false;
  let batch: NdjsonBatch = { rows: [], lines: [], errors: [] };
  let emitted = 0;
  const full = () => batch.rows.length + batch.errors.length >= batchSize;

  const handleLine = (text: string, start: number, end: number): void => {
    if (end > start && text.charCodeAt(end - 1) === 13) end--;
    // Whitespace-only lines are separators, not records.
    let s = start;
    while (s < end && text.charCodeAt(s) <= 32) s++;
    if (s === end) return;
    let value: unknown;
    try {
      value = JSON.parse(text.slice(s, end));
    } catch (err) {
      batch.errors.push({
        line,
        field: ROW_FIELD,
        code: 'ingest.row.invalidJson',
        params: { detail: jsonErrorDetail(err) },
      });
      return;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      const got = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
      batch.errors.push({ line, field: ROW_FIELD, code: 'ingest.row.notObject', params: { got } });
      return;
    }
    batch.rows.push(value as Record<string, unknown>);
    batch.lines.push(line);
  };

  for await (let text of decodeChunks(source, opts.encoding)) {
    if (!started) {
      started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const buf = rest.length > 0 ? rest + text : text;
    let pos = 0;
    if (skipping) {
      const nl = buf.indexOf('\n');
      if (nl === -1) {
        rest = '';
        continue;
      }
      pos = nl + 1;
      line++;
      skipping = false;
    }
    for (let nl = buf.indexOf('\n', pos); nl !== -1; nl = buf.indexOf('\n', pos)) {
      handleLine(buf, pos, nl);
      pos = nl + 1;
      line++;
      if (full()) {
        yield batch;
        emitted++;
        batch = { rows: [], lines: [], errors: [] };
      }
    }
    rest = pos === 0 ? buf : buf.slice(pos);
    if (rest.length > maxRecord) {
      batch.errors.push({
        line,
        field: ROW_FIELD,
        code: 'ingest.row.lineTooLong',
        params: { max: maxRecord },
      });
      rest = '';
      skipping = true;
    }
  }
  if (!skipping && rest.length > 0) handleLine(rest, 0, rest.length);
  if (batch.rows.length > 0 || batch.errors.length > 0 || emitted === 0) yield batch;
}
