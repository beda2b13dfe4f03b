// The demo's decision history: the default model goes live the month after its validation window, and every
// later month of the book is scored through the same batch code as a production run, so a fresh install
// opens on a ledger with months of decisions, alerts and offers (and monitoring has matured cohorts to judge).
import { z } from 'zod';
import { addMonths, type YearMonth } from '@/lib/domain/raw';

const cardWindows = z.object({
  training: z.object({ validWindow: z.object({ to: z.string().regex(/^\d{4}-\d{2}$/) }) }),
});

export interface BackfillResult {
  runs: number;
  decisions: number;
  months: YearMonth[];
}

/** Scores every month from the champion's go-live to the book's last month, once (skips when runs exist). */
export async function backfillDecisions(log: (s: string) => void = () => undefined): Promise<BackfillResult> {
  const { db, pool } = await import('@/lib/db');
  const { createBatchRun, workRunHere } = await import('@/lib/scoring/batch');
  const { ensureDefaultPolicy } = await import('@/lib/policy/store');
  await ensureDefaultPolicy();
  const none: BackfillResult = { runs: 0, decisions: 0, months: [] };
  if ((await db.scoringRun.count({ where: { kind: 'BATCH' } })) > 0) return none;
  const champion = await db.modelVersion.findFirst({ where: { status: 'CHAMPION' }, select: { card: true } });
  if (!champion) return none;
  const card = cardWindows.safeParse(champion.card);
  const range = await pool().query<{ first: string | null; last: string | null }>(
    `SELECT min("referenceMonth") AS first, max("referenceMonth") AS last FROM "MonthlyStatement"`,
  );
  const { first, last } = range.rows[0]!;
  if (!first || !last) return none;
  // A champion whose card has no validation window (an uploaded model) goes live on the book's last month.
  let month: YearMonth = card.success ? addMonths(card.data.training.validWindow.to, 1) : last;
  if (month < first) month = first;
  const result: BackfillResult = { runs: 0, decisions: 0, months: [] };
  for (; month <= last; month = addMonths(month, 1)) {
    const started = Date.now();
    const run = await createBatchRun({ asOfMonth: month, origin: 'demo' }, null);
    await workRunHere(run.id, { pollMs: 100 });
    const r = await db.scoringRun.findUniqueOrThrow({ where: { id: run.id } });
    if (r.status !== 'SUCCEEDED')
      throw new Error(`demo scoring of ${month} ended ${r.status}: ${r.message ?? ''}`);
    result.runs++;
    result.decisions += r.decisions;
    result.months.push(month);
    log(
      `  ${month}: ${r.decisions} decisions, ${r.alertsOpened} alerts, ${r.offersQueued} offers (${((Date.now() - started) / 1000).toFixed(1)} s)`,
    );
  }
  return result;
}
