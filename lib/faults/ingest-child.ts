// The ingestion engine in a child process for the kill test (lib/faults/ingest-kill-fault.int.test.ts): reads a
// CSV of clients from stdin and ingests it into DATABASE_URL in small chunks (FAULT_CHUNK rows), printing the
// report as one JSON line when the file ends. The test SIGKILLs it while stdin is still open.
import pg from 'pg';
import { ingestFile } from '@/lib/ingest/store';

async function main() {
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 4 });
  pool.on('error', () => undefined);
  try {
    const report = await ingestFile(pool, {
      kind: 'clients',
      format: 'csv',
      source: process.stdin,
      fileName: 'killed.csv',
      origin: 'cli',
      actor: { id: null, name: 'fault-test' },
      chunkSize: Number(process.env.FAULT_CHUNK) || 1000,
    });
    process.stdout.write(`${JSON.stringify({ status: report.status, batchId: report.batchId })}\n`);
  } finally {
    await pool.end();
  }
}

void main();
