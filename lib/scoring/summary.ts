// Who a run scores and what it found: the scoring population of a month (accounts current at M, the only
// ones the model's label is defined for; late accounts are with collections), and a finished run's summary
// (clients and share per band, holdout, actions, score histogram, the previous run's figures beside them).
import type pg from 'pg';
import { z } from 'zod';
import { BANDS, type Band } from '@/lib/policy/policy';

/**
 * The same population as a predicate on the monthsPastDue of the client's statement for the month (NaN when it
 * has none), for the batch chunk, which reads that statement anyway.
 */
export const inScoringPopulation = (monthsPastDue: number): boolean => monthsPastDue === 0;

/**
 * SQL selecting the scoring population as `cid`: clients with a statement for the month ($month) that is not
 * past due, optionally within a client-id range. Parameters are placeholders such as '$1'.
 */
export function eligibleClientsSql(month: string, lo?: string, hi?: string): string {
  const range = lo && hi ? ` AND "clientId" >= ${lo}::bigint AND "clientId" <= ${hi}::bigint` : '';
  return `SELECT "clientId" AS cid FROM "MonthlyStatement"
           WHERE "referenceMonth" = ${month} AND "monthsPastDue" = 0${range}`;
}

export const HISTOGRAM_BINS = 20;

const bandCounts = z.object({ LOW: z.number(), MODERATE: z.number(), CRITICAL: z.number() });

export const runSummarySchema = z.object({
  clients: z.number(),
  counts: bandCounts,
  holdoutByBand: bandCounts,
  actions: z.record(z.string(), z.number()),
  channels: z.record(z.string(), z.number()),
  /** Clients per score bin [k/20, (k+1)/20). */
  histogram: z.array(z.number()),
  meanScore: z.number().nullable(),
  previous: z
    .object({
      runId: z.string(),
      asOfMonth: z.string(),
      clients: z.number(),
      counts: bandCounts,
      meanScore: z.number().nullable(),
    })
    .nullable(),
});
export type RunSummary = z.infer<typeof runSummarySchema>;

/** Parses a stored summary; a malformed one (hand-edited, older shape) reads as null, never a crash. */
export function parseRunSummary(v: unknown): RunSummary | null {
  const r = runSummarySchema.safeParse(v);
  return r.success ? r.data : null;
}

const zero = (): Record<Band, number> => ({ LOW: 0, MODERATE: 0, CRITICAL: 0 });

async function figures(p: pg.Pool | pg.ClientBase, runId: string) {
  const [bands, actions, hist] = await Promise.all([
    p.query<{ band: Band; n: number; h: number; mean: number | null }>(
      `SELECT band, count(*)::int AS n, count(*) FILTER (WHERE holdout)::int AS h, avg("yProba") AS mean
         FROM "Decision" WHERE "runId" = $1 GROUP BY band`,
      [runId],
    ),
    p.query<{ action: string; channel: string; n: number }>(
      `SELECT action::text, channel::text, count(*)::int AS n FROM "Decision" WHERE "runId" = $1
        GROUP BY action, channel`,
      [runId],
    ),
    p.query<{ k: number; n: number }>(
      `SELECT least(floor("yProba" * $2)::int, $2 - 1) AS k, count(*)::int AS n
         FROM "Decision" WHERE "runId" = $1 GROUP BY 1`,
      [runId, HISTOGRAM_BINS],
    ),
  ]);
  const counts = zero();
  const holdoutByBand = zero();
  let clients = 0;
  let sum = 0;
  for (const r of bands.rows) {
    counts[r.band] = r.n;
    holdoutByBand[r.band] = r.h;
    clients += r.n;
    sum += (r.mean ?? 0) * r.n;
  }
  const actionCounts: Record<string, number> = {};
  const channels: Record<string, number> = {};
  for (const r of actions.rows) {
    actionCounts[r.action] = (actionCounts[r.action] ?? 0) + r.n;
    channels[r.channel] = (channels[r.channel] ?? 0) + r.n;
  }
  const histogram = new Array<number>(HISTOGRAM_BINS).fill(0);
  for (const r of hist.rows) histogram[Math.max(0, Math.min(HISTOGRAM_BINS - 1, r.k))] = r.n;
  return {
    clients,
    counts,
    holdoutByBand,
    actions: actionCounts,
    channels,
    histogram,
    meanScore: clients ? sum / clients : null,
  };
}

/** The run's summary, with the previous finished batch run (an earlier month, or the same month earlier). */
export async function runSummary(p: pg.Pool, runId: string): Promise<RunSummary> {
  const own = await figures(p, runId);
  const prev = await p.query<{ id: string; asOfMonth: string }>(
    `SELECT o.id, o."asOfMonth" FROM "ScoringRun" o, "ScoringRun" r
      WHERE r.id = $1 AND o.id <> r.id AND o.kind = 'BATCH' AND o.status = 'SUCCEEDED' AND o.decisions > 0
        AND (o."asOfMonth" < r."asOfMonth" OR (o."asOfMonth" = r."asOfMonth" AND o."createdAt" < r."createdAt"))
      ORDER BY o."asOfMonth" DESC, o."createdAt" DESC LIMIT 1`,
    [runId],
  );
  let previous: RunSummary['previous'] = null;
  const pr = prev.rows[0];
  if (pr) {
    const f = await figures(p, pr.id);
    previous = {
      runId: pr.id,
      asOfMonth: pr.asOfMonth,
      clients: f.clients,
      counts: f.counts,
      meanScore: f.meanScore,
    };
  }
  return { ...own, previous };
}

export { BANDS };
