// What a policy version would change on the last finished batch run, from that run's stored scores (no
// rescoring): clients per band under the run's policy and under the version, the 3x3 transitions between them,
// and the control group's size under the version's holdout share and salt. Aggregated in SQL, one pass over the
// run's decisions with both policies' thresholds in CASE expressions, so it is exact and its memory does not
// grow with the number of decisions.
import 'server-only';
import { pool } from '@/lib/db';
import { log } from '@/lib/log';
import { BANDS, type DecisionPolicy } from './policy';
import type { BandComparison } from './decide';
import { getPolicy } from './store';

export interface ImpactRun {
  id: string;
  asOfMonth: string;
  policyVersion: number;
  modelVersionId: string;
  finishedAt: Date | null;
}

export interface PolicyImpact {
  version: number;
  /** The last finished batch run; null when no batch run has finished yet (nothing to compare with). */
  run: ImpactRun | null;
  comparison: BandComparison | null;
  holdout: {
    /** The run's control group, as decided (its stored holdout flags). */
    current: number;
    /** The control group the version's share and salt would draw from the same clients. */
    proposed: number;
    proposedShare: number;
  } | null;
}

// Both figures are fixed once computed: a finished run gets no more decisions (the ledger is append-only) and a
// version's rules never change (trigger). So they are kept per (run, version) for the process's life.
const CACHE_LIMIT = 200;
const cache = new Map<string, PolicyImpact>();

/** The holdout draw of lib/policy/holdout.ts in SQL (holdout.int.test.ts proves it equal), for key and salt. */
const DRAW_SQL = (key: string, salt: string) =>
  `(('x' || left(encode(sha256(convert_to(${key} || ':' || ${salt}, 'UTF8')), 'hex'), 12))::bit(48)::bigint
     / 2::float8 ^ 48)`;

async function lastFinishedBatch(): Promise<ImpactRun | null> {
  const r = await pool().query<ImpactRun>(
    `SELECT id, "asOfMonth", "policyVersion", "modelVersionId", "finishedAt" FROM "ScoringRun"
      WHERE kind = 'BATCH' AND status = 'SUCCEEDED'
      ORDER BY "finishedAt" DESC NULLS LAST, "createdAt" DESC LIMIT 1`,
  );
  return r.rows[0] ?? null;
}

const zero = () => ({ LOW: 0, MODERATE: 0, CRITICAL: 0 });

/**
 * One pass over the run's decisions: the band of each score under both policies, the stored control group,
 * and the control group the version would draw. With the run's own salt a stored holdout client's draw is below
 * the run's share, which spares hashing most rows: a smaller share only re-draws the stored control group, a
 * larger one only the others; an unchanged share and salt re-draw nothing.
 */
async function aggregate(runId: string, now: DecisionPolicy, next: DecisionPolicy) {
  const share = next.holdoutShare;
  const sameSalt = next.holdoutSalt === now.holdoutSalt;
  const draw = `${DRAW_SQL('c."externalId"', '$6::text')} < $7`;
  let redraw: string;
  let join = false;
  if (share === 0) redraw = 'false';
  else if (sameSalt && share === now.holdoutShare) redraw = 'd.holdout';
  else if (sameSalt && share < now.holdoutShare) {
    // Only the stored control group (a few percent) is re-drawn: a lookup per such row beats joining them all.
    redraw = `d.holdout AND (SELECT ${draw} FROM "Client" c WHERE c.id = d."clientId")`;
  } else {
    join = true;
    redraw = sameSalt ? `d.holdout OR ${draw}` : draw;
  }
  const needsClient = redraw.includes('c."externalId"');
  // A score outside [0, 1] cannot come from the model; such a row (edited by hand) gets band -1 and is left
  // out (and logged), as compareBands refuses it, rather than put in a band. NaN fails "<= 1" in PostgreSQL too.
  const r = await pool().query<{ f: number; t: number; n: string; held: string; drawn: string }>(
    `SELECT CASE WHEN NOT (d."yProba" >= 0 AND d."yProba" <= 1) THEN -1
                 WHEN d."yProba" >= $3 THEN 2 WHEN d."yProba" >= $2 THEN 1 ELSE 0 END AS f,
            CASE WHEN d."yProba" >= $5 THEN 2 WHEN d."yProba" >= $4 THEN 1 ELSE 0 END AS t,
            count(*)::int8 AS n, count(*) FILTER (WHERE d.holdout)::int8 AS held,
            count(*) FILTER (WHERE ${redraw})::int8 AS drawn
       FROM "Decision" d ${join ? 'JOIN "Client" c ON c.id = d."clientId"' : ''}
      WHERE d."runId" = $1
      GROUP BY 1, 2`,
    [
      runId,
      now.thresholds.moderate,
      now.thresholds.critical,
      next.thresholds.moderate,
      next.thresholds.critical,
      ...(needsClient ? [next.holdoutSalt, share] : []),
    ],
  );
  const c: BandComparison = {
    total: 0,
    current: zero(),
    proposed: zero(),
    transitions: { LOW: zero(), MODERATE: zero(), CRITICAL: zero() },
  };
  let held = 0;
  let drawn = 0;
  let skipped = 0;
  for (const row of r.rows) {
    if (row.f < 0) {
      skipped += Number(row.n);
      continue;
    }
    const from = BANDS[row.f]!;
    const to = BANDS[row.t]!;
    const n = Number(row.n);
    c.transitions[from][to] += n;
    c.current[from] += n;
    c.proposed[to] += n;
    c.total += n;
    held += Number(row.held);
    drawn += Number(row.drawn);
  }
  if (skipped > 0) {
    log.warn({ runId, skipped }, 'decisions with a score outside [0, 1] left out of the impact');
  }
  return { comparison: c, held, drawn };
}

/** What the version would change on the last finished batch run (see the module header). */
export async function policyImpact(version: number): Promise<PolicyImpact> {
  const p = pool();
  const next = await getPolicy(version, p);
  const run = await lastFinishedBatch();
  if (!run) return { version, run: null, comparison: null, holdout: null };
  const key = `${run.id}|${version}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const started = performance.now();
  const now = await getPolicy(run.policyVersion, p);
  const { comparison, held, drawn } = await aggregate(run.id, now, next);
  const out: PolicyImpact = {
    version,
    run,
    comparison,
    holdout: { current: held, proposed: drawn, proposedShare: next.holdoutShare },
  };
  log.info(
    { runId: run.id, version, decisions: comparison.total, ms: Math.round(performance.now() - started) },
    'policy impact computed',
  );
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(key, out);
  return out;
}
