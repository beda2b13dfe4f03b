// Database benchmarks on a simulated portfolio (default 1,000,000 clients): ingestion throughput and memory
// for each file through the product's ingestion path, then fs-v1 batch features for every client as of the
// last month (computed and stored). Runs on a throwaway embedded PostgreSQL unless DATABASE_URL is set
// (then in a fresh database on that server).
//   BENCH_CLIENTS=1000000 BENCH_MONTHS=7 npx tsx --conditions=react-server scripts/bench/db.ts
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { addMonths } from '@/lib/domain/raw';
import { scratchDatabase } from '@/lib/db/connect';
import { migrate } from '@/lib/db/migrate';
import { writePortfolioCsv } from '@/lib/simulator/csv';
import { ingestFile } from '@/lib/ingest/store';
import type { IngestKind } from '@/lib/ingest/kinds';
import { computeFeatureBatch } from '@/lib/features/store';

const mb = (b: number) => (b / 1024 / 1024).toFixed(0);
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** Samples RSS every 50 ms while fn runs; returns its result with the peak. */
async function withPeakRss<T>(fn: () => Promise<T>): Promise<{ value: T; peak: number; start: number }> {
  const start = process.memoryUsage().rss;
  let peak = start;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  try {
    const value = await fn();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { value, peak, start };
  } finally {
    clearInterval(timer);
  }
}

export async function benchDb(): Promise<void> {
  const clients = Number(process.env.BENCH_CLIENTS ?? 1_000_000);
  const months = Number(process.env.BENCH_MONTHS ?? 7);
  const endMonth = '2026-10';
  const startMonth = addMonths(endMonth, -(months - 1));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'proativa-bench-'));
  const scratch = await scratchDatabase('proativa_bench');
  const url = scratch.url;
  const pool = new pg.Pool({ connectionString: url, max: 6 });
  try {
    await migrate(url);
    console.log(
      `\n== Database benchmarks: ${fmt(clients)} clients, ${months} months (${startMonth}..${endMonth}) ==`,
    );
    let t = Date.now();
    const files = await writePortfolioCsv(
      { clients, months, startMonth, seed: 2026 },
      path.join(work, 'csv'),
    );
    console.log(
      `generated CSV in ${((Date.now() - t) / 1000).toFixed(1)} s: ${fmt(files.clients)} clients, ${fmt(files.statements)} statements, ${fmt(files.bureau)} bureau, ${fmt(files.outcomes)} outcomes`,
    );
    for (const kind of ['clients', 'statements', 'bureau'] as IngestKind[]) {
      const file = files.files[kind as keyof typeof files.files];
      const size = fs.statSync(file).size;
      t = Date.now();
      const {
        value: r,
        peak,
        start,
      } = await withPeakRss(() =>
        ingestFile(pool, {
          kind,
          format: 'csv',
          source: fs.createReadStream(file, { highWaterMark: 1 << 20 }),
          fileName: path.basename(file),
          origin: 'bench',
          actor: { id: null, name: 'bench' },
        }),
      );
      const secs = (Date.now() - t) / 1000;
      console.log(
        `ingest ${kind.padEnd(10)} ${fmt(r.received).padStart(10)} rows (${mb(size)} MB) in ${secs.toFixed(1)} s = ${fmt(r.received / secs)} rows/s; ` +
          `rejected ${r.rejected}; RSS ${mb(start)} -> peak ${mb(peak)} MB`,
      );
    }
    for (const persist of [false, true]) {
      t = Date.now();
      const {
        value: r,
        peak,
        start,
      } = await withPeakRss(() => computeFeatureBatch(pool, endMonth, { persist }));
      const secs = (Date.now() - t) / 1000;
      console.log(
        `features fs-v1 as of ${endMonth}${persist ? ' (computed + stored)' : ' (computed only)  '}: ${fmt(r.clients)} clients in ${secs.toFixed(1)} s = ${fmt(r.clients / secs)} clients/s; RSS ${mb(start)} -> peak ${mb(peak)} MB`,
      );
    }
  } finally {
    await pool.end();
    await scratch.drop();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  benchDb().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
