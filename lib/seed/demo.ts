// The demo portfolio a fresh install starts with: a simulated book of clients (lib/simulator) written as CSV
// files and loaded through the same ingestion code as any upload, then features computed for every month.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { addMonths, type YearMonth } from '@/lib/domain/raw';
import { writePortfolioCsv } from '@/lib/simulator/csv';
import { ingestFile } from '@/lib/ingest/store';
import { formatMessage } from '@/lib/ingest/messages';
import type { IngestKind } from '@/lib/ingest/kinds';
import { computeFeatureBatch } from '@/lib/features/store';

export const DEMO_SEED = 2026;
/** IngestionBatch.source of the demo seed's loads: how lib/models/default-model.ts recognises a pure demo book. */
export const DEMO_SOURCE = 'demo';

/** The demo book ends at the last complete month before `today`, so nothing in it lies in the future. */
export function demoWindow(
  months: number,
  today = new Date(),
): { startMonth: YearMonth; endMonth: YearMonth } {
  const current = `${today.getUTCFullYear()}-${String(today.getUTCMonth() + 1).padStart(2, '0')}`;
  const endMonth = addMonths(current, -1);
  return { startMonth: addMonths(endMonth, -(months - 1)), endMonth };
}

export interface DemoSeedResult {
  seeded: boolean;
  clients: number;
  months: number;
  durationMs: number;
}

/** Loads the demo portfolio into an empty database (does nothing when clients already exist). */
export async function seedDemoPortfolio(
  pool: pg.Pool,
  opts: {
    clients: number;
    months: number;
    log?: (s: string) => void;
    today?: Date;
    /** false: load the data only, leaving features to the caller (computeFeatureBatch per month). Default true. */
    computeFeatures?: boolean;
  },
): Promise<DemoSeedResult> {
  const log = opts.log ?? (() => undefined);
  const started = Date.now();
  const existing = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM "Client"');
  if (existing.rows[0]!.n > 0 || opts.clients === 0) {
    return { seeded: false, clients: existing.rows[0]!.n, months: 0, durationMs: 0 };
  }
  const { startMonth, endMonth } = demoWindow(opts.months, opts.today);
  log(`Generating the demo portfolio: ${opts.clients} clients, ${startMonth}..${endMonth}…`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proativa-demo-'));
  try {
    const summary = await writePortfolioCsv(
      { clients: opts.clients, months: opts.months, startMonth, seed: DEMO_SEED },
      dir,
    );
    for (const kind of ['clients', 'statements', 'bureau', 'outcomes'] as IngestKind[]) {
      const file = summary.files[kind as keyof typeof summary.files];
      const r = await ingestFile(pool, {
        kind,
        format: 'csv',
        source: fs.createReadStream(file, { highWaterMark: 1 << 20 }),
        fileName: `demo-${kind}.csv`,
        origin: DEMO_SOURCE,
        actor: { id: null, name: 'demo seed' },
      });
      const message = formatMessage('en', r.message);
      log(`  ${kind}: ${message} (${(r.durationMs / 1000).toFixed(1)} s)`);
      if (r.status !== 'COMPLETED') throw new Error(`Demo ${kind} failed to load: ${message}`);
    }
    if (opts.computeFeatures !== false) {
      log('Computing features (fs-v1) for every month…');
      for (let m = startMonth; m <= endMonth; m = addMonths(m, 1)) {
        await computeFeatureBatch(pool, m);
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const durationMs = Date.now() - started;
  log(`Demo portfolio ready in ${(durationMs / 1000).toFixed(1)} s.`);
  return { seeded: true, clients: opts.clients, months: opts.months, durationMs };
}
