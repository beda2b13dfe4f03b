// Database benchmarks on a simulated portfolio (default 1,000,000 clients): ingestion throughput and memory
// for each file through the product's ingestion path, each next to its floor measured in the same run: a bare
// server-side COPY of the same rows (exported from the table just filled) into a copy of that table (same
// columns and indexes); then fs-v1 batch features for every client as of the last month, computed and stored
// next to computed only. Ingestion is what it measures, so it ingests into its own throwaway database on the
// harness's cluster (not the cached portfolio).
//   BENCH_CLIENTS=1000000 BENCH_MONTHS=7 npm run bench -- db
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { addMonths } from '@/lib/domain/raw';
import { scratchDatabase } from '@/lib/db/connect';
import { migrate } from '@/lib/db/migrate';
import { writePortfolioCsv } from '@/lib/simulator/csv';
import { ingestFile } from '@/lib/ingest/store';
import type { IngestKind } from '@/lib/ingest/kinds';
import { computeFeatureBatch } from '@/lib/features/store';
import { loadAverage, type Figure, type SectionContext } from './harness';

const TABLE: Record<string, string> = {
  clients: 'Client',
  statements: 'MonthlyStatement',
  bureau: 'BureauSnapshot',
};

/** The floor: a bare COPY into a copy of `table` of the rows the ingestion stored there (rows/s). */
async function bareCopy(pool: pg.Pool, table: string): Promise<{ rows: number; rate: number }> {
  const file = path.join(os.tmpdir(), `proativa-bench-copy-${process.pid}-${table}.csv`);
  // The server reads and writes the file itself (COPY ... TO/FROM a path): no client in the way.
  fs.rmSync(file, { force: true });
  await pool.query(`COPY (SELECT * FROM "${table}") TO '${file}' WITH (FORMAT csv)`);
  await pool.query(`DROP TABLE IF EXISTS bench_copy`);
  await pool.query(`CREATE TABLE bench_copy (LIKE "${table}" INCLUDING ALL)`);
  const t = performance.now();
  const c = await pool.query(`COPY bench_copy FROM '${file}' WITH (FORMAT csv)`);
  const secs = (performance.now() - t) / 1000;
  await pool.query(`DROP TABLE bench_copy`);
  fs.rmSync(file, { force: true });
  return { rows: c.rowCount ?? 0, rate: (c.rowCount ?? 0) / secs };
}

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

export async function benchDb(ctx: SectionContext): Promise<Figure[]> {
  const { clients, months, endMonth, seed } = ctx.params;
  const figures: Figure[] = [];
  const startMonth = addMonths(endMonth, -(months - 1));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'proativa-bench-'));
  const scratch = await scratchDatabase('proativa_bench');
  const url = scratch.url;
  const pool = new pg.Pool({ connectionString: url, max: 6 });
  try {
    await migrate(url);
    ctx.log(
      `\n== Database benchmarks: ${fmt(clients)} clients, ${months} months (${startMonth}..${endMonth}) ==`,
    );
    let t = Date.now();
    const files = await writePortfolioCsv({ clients, months, startMonth, seed }, path.join(work, 'csv'));
    ctx.log(
      `generated CSV in ${((Date.now() - t) / 1000).toFixed(1)} s: ${fmt(files.clients)} clients, ${fmt(files.statements)} statements, ${fmt(files.bureau)} bureau, ${fmt(files.outcomes)} outcomes`,
    );
    for (const kind of ['clients', 'statements', 'bureau'] as IngestKind[]) {
      const file = files.files[kind as keyof typeof files.files];
      const size = fs.statSync(file).size;
      const loadBefore = loadAverage();
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
          onProgress: (p) => ctx.progress(p.bytes, size, `ingesting ${kind} (bytes)`),
        }),
      );
      const secs = (Date.now() - t) / 1000;
      ctx.progress(size, size, `ingesting ${kind} (bytes)`);
      ctx.log(
        `ingest ${kind.padEnd(10)} ${fmt(r.received).padStart(10)} rows (${mb(size)} MB) in ${secs.toFixed(1)} s = ${fmt(r.received / secs)} rows/s; ` +
          `rejected ${r.rejected}; RSS ${mb(start)} -> peak ${mb(peak)} MB`,
      );
      const floorLoad = loadAverage();
      const copy = await bareCopy(pool, TABLE[kind]!);
      ctx.log(`  floor: bare COPY of ${fmt(copy.rows)} ${TABLE[kind]} rows: ${fmt(copy.rate)} rows/s`);
      figures.push(
        ctx.figure(
          `ingest ${kind} (CSV)`,
          r.received / secs,
          'rows/s',
          { name: `bare COPY of the ${TABLE[kind]} rows`, value: copy.rate, unit: 'rows/s' },
          {
            loadBefore,
            details: {
              rows: r.received,
              rejected: r.rejected,
              megabytes: Number(mb(size)),
              peakRssMb: Number(mb(peak)),
              floorRows: copy.rows,
              floorLoadBefore: floorLoad,
            },
          },
        ),
      );
    }
    const featureRates: Record<
      string,
      { rate: number; loadBefore: ReturnType<typeof loadAverage>; peak: number }
    > = {};
    for (const persist of [false, true]) {
      const loadBefore = loadAverage();
      t = Date.now();
      const {
        value: r,
        peak,
        start,
      } = await withPeakRss(() => computeFeatureBatch(pool, endMonth, { persist }));
      const secs = (Date.now() - t) / 1000;
      ctx.log(
        `features fs-v1 as of ${endMonth}${persist ? ' (computed + stored)' : ' (computed only)  '}: ${fmt(r.clients)} clients in ${secs.toFixed(1)} s = ${fmt(r.clients / secs)} clients/s; RSS ${mb(start)} -> peak ${mb(peak)} MB`,
      );
      featureRates[persist ? 'stored' : 'computed'] = { rate: r.clients / secs, loadBefore, peak };
    }
    const stored = featureRates.stored!;
    figures.push(
      ctx.figure(
        'fs-v1 batch features, computed + stored',
        stored.rate,
        'clients/s',
        { name: 'the same batch computed only', value: featureRates.computed!.rate, unit: 'clients/s' },
        { loadBefore: stored.loadBefore, details: { peakRssMb: Number(mb(stored.peak)) } },
      ),
    );
    return figures;
  } finally {
    await pool.end();
    await scratch.drop();
    fs.rmSync(work, { recursive: true, force: true });
  }
}
