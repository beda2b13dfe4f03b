// Whether an ingestion batch still has a live process behind it. The process that opens a batch holds a
// session-level PostgreSQL advisory lock on it, on a connection of its own, until it closes the batch; a process
// killed mid-file (SIGKILL, crash, machine lost) drops its connection and so the lock. A RUNNING batch whose lock
// nobody holds is therefore interrupted, whatever its age, and is marked FAILED (`ingest.batch.interrupted`) the
// next time any process starts an ingestion, instead of staying RUNNING until the 7-hour sweep of
// lib/jobs/recover.ts.
import pg from 'pg';
import type { IngestMessage } from '@/lib/ingest/kinds';
import { storable } from '@/lib/ingest/kinds';
import { log } from '@/lib/log';

/** First key of the advisory lock (two-int form); the second is the batch id modulo 2^31. */
export const INGEST_LOCK_NAMESPACE = 0x1a6e57;

const INTERRUPTED: IngestMessage[] = [{ code: 'ingest.batch.interrupted', params: {} }];

export interface HeldBatch {
  batchId: string;
  release(): Promise<void>;
}

/** Opens the batch row and takes its lock in the same transaction, so no one sees it RUNNING and unlocked. */
export async function openHeldBatch(
  pool: pg.Pool,
  b: {
    kind: string;
    origin: string;
    format: string;
    fileName: string | null;
    actor: { id: string | null; name: string };
  },
): Promise<HeldBatch> {
  const client = new pg.Client({ ...pool.options });
  client.on('error', (err) => log.warn({ err }, 'ingestion batch lock connection lost'));
  await client.connect();
  try {
    await client.query('BEGIN');
    const r = await client.query<{ id: string }>(
      `INSERT INTO "IngestionBatch" (kind, source, format, "fileName", "actorId", "actorName")
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id::text`,
      [b.kind, b.origin, b.format, b.fileName, b.actor.id, storable(b.actor.name)],
    );
    const batchId = r.rows[0]!.id;
    await client.query(`SELECT pg_advisory_lock($1::int, ($2::bigint % 2147483648)::int)`, [
      INGEST_LOCK_NAMESPACE,
      batchId,
    ]);
    await client.query('COMMIT');
    return {
      batchId,
      // Ending the session releases the lock.
      release: () => client.end().catch(() => undefined),
    };
  } catch (e) {
    await client.end().catch(() => undefined);
    throw e;
  }
}

/** Marks FAILED every RUNNING batch no live session holds the lock of; returns how many. */
export async function failInterruptedBatches(db: Pick<pg.Pool, 'query'>): Promise<number> {
  const r = await db.query(
    `UPDATE "IngestionBatch" b SET status = 'FAILED', "finishedAt" = now(), message = $2::jsonb
      WHERE b.status = 'RUNNING'
        AND NOT EXISTS (
          SELECT 1 FROM pg_locks l
           WHERE l.locktype = 'advisory' AND l.granted
             AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
             AND l.classid::bigint = $1 AND l.objsubid = 2 AND l.objid::bigint = b.id % 2147483648)`,
    [INGEST_LOCK_NAMESPACE, JSON.stringify(INTERRUPTED)],
  );
  const n = r.rowCount ?? 0;
  if (n > 0) log.warn({ batches: n }, 'marked interrupted ingestion batches FAILED');
  return n;
}
