// Streaming one kind of file into its table over parallel lanes. Rows are routed to a lane by client, so every
// natural key always goes through the same lane, whose chunks run one after the other: duplicates across chunks
// are then found by the upsert (the batch id already on the row), and memory stays bounded by lanes x chunk.
import type pg from 'pg';
import {
  NATURAL_KEY,
  naturalKeyOf,
  type IngestKind,
  type IngestMessage,
  type RecordOf,
  type RowError,
} from '@/lib/ingest/kinds';
import type { ChunkSource } from '@/lib/ingest/csv';
import { validateStream } from '@/lib/ingest/validate';
import type { Budget } from './budget';
import { upsertRecords, type Counts } from './sql';

/** Two lanes keep both cores of PostgreSQL busy while this process parses the next rows. */
export const DEFAULT_LANES = 2;

/** FNV-1a of a string, to route all rows of one client to the same lane. */
function laneOf(key: string, lanes: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return (h >>> 0) % lanes;
}

export interface KindSink {
  onBatch(b: { received: number; warnings: IngestMessage[] }): void;
  reject(errors: RowError[]): Promise<void>;
  stored(c: Counts, n: number): void;
}

/**
 * Streams one kind of file into its table. A lane holds no connection between chunks: each chunk's statement
 * takes one from the pool inside the ingestion budget, so an upload whose body is slow to arrive holds nothing.
 */
export async function ingestKind<K extends IngestKind>(
  pool: pg.Pool,
  budget: Budget,
  kind: K,
  source: ChunkSource,
  format: 'csv' | 'ndjson',
  chunkSize: number,
  laneCount: number,
  batchId: string,
  sink: KindSink,
) {
  const keyField = kind === 'clients' ? 'externalId' : 'clientExternalId';
  const lanes = Array.from({ length: laneCount }, () => ({
    records: [] as RecordOf<K>[],
    lines: [] as number[],
    inflight: Promise.resolve() as Promise<void>,
  }));
  const flush = async (lane: (typeof lanes)[number]) => {
    const { records, lines, duplicates } = dedupeChunk(kind, lane.records, lane.lines);
    lane.records = [];
    lane.lines = [];
    await lane.inflight;
    lane.inflight = (async () => {
      const c = await budget.run(() => upsertRecords(pool, kind, records, lines, batchId));
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
  }
}

/** Keeps the first row of each natural key within a chunk; later ones are reported as duplicates. */
function dedupeChunk<K extends IngestKind>(kind: K, records: RecordOf<K>[], lines: number[]) {
  const seen = new Map<string, number>();
  const keep: RecordOf<K>[] = [];
  const keepLines: number[] = [];
  const duplicates: RowError[] = [];
  const field = NATURAL_KEY[kind].join('+');
  const fields = NATURAL_KEY[kind].join(' + ');
  for (let i = 0; i < records.length; i++) {
    const key = naturalKeyOf(kind, records[i]!);
    const first = seen.get(key);
    if (first !== undefined) {
      duplicates.push({
        line: lines[i]!,
        field,
        code: 'ingest.row.duplicateOfLine',
        params: { first, fields },
      });
      continue;
    }
    seen.set(key, lines[i]!);
    keep.push(records[i]!);
    keepLines.push(lines[i]!);
  }
  return { records: keep, lines: keepLines, duplicates };
}
