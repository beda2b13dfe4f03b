// The UCI credit-card file as a stream of chunks: each row becomes one client, six statements and one outcome
// (lib/ingest/uci.ts maps a row); the three tables are written one after the other per chunk, clients first.
import { HeaderError, type RowError } from '@/lib/ingest/kinds';
import { parseCsv, type ChunkSource } from '@/lib/ingest/csv';
import { mapUciRow, UCI_COLUMNS } from '@/lib/ingest/uci';
import type { ClientRecord, OutcomeRecord, StatementRecord } from '@/lib/domain/raw';

export interface Bucket<T> {
  records: T[];
  lines: number[];
}

export interface UciSink {
  onRows(n: number): void;
  reject(errors: RowError[]): Promise<void>;
  flush(c: Bucket<ClientRecord>, s: Bucket<StatementRecord>, o: Bucket<OutcomeRecord>): Promise<void>;
}

export async function ingestUci(source: ChunkSource, chunkSize: number, sink: UciSink) {
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
      if (missing.length) {
        throw new HeaderError('ingest.file.uciMissingColumns', { columns: missing.join(', ') }, missing);
      }
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
  if (!headerChecked) throw new HeaderError('ingest.file.uciEmpty');
  await sink.flush(b.c, b.s, b.o);
}
