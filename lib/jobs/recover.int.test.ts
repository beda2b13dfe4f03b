import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@/lib/test/db';
import { pool } from '@/lib/db';
import { failAbandonedWork } from '@/lib/jobs/recover';
import { formatMessage } from '@/lib/ingest/messages';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

describe('abandoned work', () => {
  it('marks old RUNNING batches and training jobs FAILED with a message, and leaves recent ones alone', async () => {
    const now = new Date('2026-11-27T12:00:00Z');
    await pool().query(
      `INSERT INTO "IngestionBatch" (kind, source, format, "actorName", "startedAt") VALUES
         ('statements', 'api', 'csv', 'old', $1), ('statements', 'api', 'csv', 'recent', $2)`,
      [new Date(+now - 10 * 3600_000), new Date(+now - 600_000)],
    );
    await pool().query(
      `INSERT INTO "TrainingJob" (id, status, params, "startedAt") VALUES
         (gen_random_uuid(), 'RUNNING', '{}', $1), (gen_random_uuid(), 'RUNNING', '{}', $2)`,
      [new Date(+now - 10 * 3600_000), new Date(+now - 600_000)],
    );
    expect(await failAbandonedWork(pool(), now)).toEqual({ batches: 1, trainingJobs: 1 });
    const b = await pool().query(
      `SELECT "actorName", status, message FROM "IngestionBatch" ORDER BY "actorName"`,
    );
    expect(b.rows).toEqual([
      { actorName: 'old', status: 'FAILED', message: [{ code: 'ingest.batch.interrupted', params: {} }] },
      { actorName: 'recent', status: 'RUNNING', message: null },
    ]);
    // Told in the reader's language, like every batch message.
    expect(formatMessage('pt-BR', b.rows[0].message)).toMatch(
      /^Interrompido: o processo que ingeria este arquivo/,
    );
    const j = await pool().query(`SELECT status FROM "TrainingJob" ORDER BY "startedAt"`);
    expect(j.rows.map((r) => r.status)).toEqual(['FAILED', 'RUNNING']);
    expect(await failAbandonedWork(pool(), now)).toEqual({ batches: 0, trainingJobs: 0 });
  });
});
