// Champion vs challenger on the same matured cohorts: the challenger scores the features stored on the
// champion's decisions (no recomputation, so both see exactly the same rows); per month and pooled over the
// chosen months, each AUC with its DeLong interval and the paired DeLong test of the difference. The
// CHALLENGER_READY trigger (a MonitoringTrigger row) fires when a challenger beats the champion significantly
// over the trigger's window of matured months. Informs a person's promotion decision; nothing here promotes.
import 'server-only';
import { pool } from '@/lib/db';
import { FEATURE_NAMES } from '@/lib/features/fs-v1';
import { log } from '@/lib/log';
import { AppError } from '@/lib/errors';
import { delongPaired } from '@/lib/metrics/delong';
import { getActivePolicy } from '@/lib/policy/store';
import { scoringModel, toModelInput } from '@/lib/scoring/models';
import { MATURED_SHARE } from '@/lib/monitoring/compute';

/** Matured months a challenger trigger pools when its windowMonths is null. */
export const DEFAULT_WINDOW_MONTHS = 3;
/** At most this many months per comparison (each month is one scoring pass of the challenger). */
export const MAX_COMPARE_MONTHS = 24;

export interface AucCi {
  auc: number;
  low: number;
  high: number;
}

export interface CompareFigures {
  n: number;
  positives: number;
  champion: AucCi | null;
  challenger: AucCi | null;
  /** challenger AUC - champion AUC. */
  diff: number | null;
  /** Two-sided p-value of the paired DeLong test. */
  pValue: number | null;
}

export interface CompareMonth extends CompareFigures {
  month: string;
}

export interface Comparison {
  championId: string;
  challengerId: string;
  /** The champion's matured months (the ones a comparison may use). */
  maturedMonths: string[];
  months: CompareMonth[];
  /** The chosen months' rows together. */
  pooled: CompareFigures & { months: string[] };
}

interface Scored {
  champion: number[];
  challenger: number[];
  y: number[];
}

function figures(s: Scored): CompareFigures {
  const positives = s.y.reduce((a, b) => a + b, 0);
  const r = s.y.length ? delongPaired(s.champion, s.challenger, s.y) : null;
  const ci = (d: { auc: number; low: number; high: number }) => ({ auc: d.auc, low: d.low, high: d.high });
  return {
    n: s.y.length,
    positives,
    champion: r && ci(r.a),
    challenger: r && ci(r.b),
    diff: r?.diff ?? null,
    pValue: r?.pValue ?? null,
  };
}

/** The champion's matured months, oldest first. */
export async function maturedMonthsOf(championId: string): Promise<string[]> {
  const r = await pool().query<{ month: string }>(
    `SELECT d."asOfMonth" AS month FROM "Decision" d
       LEFT JOIN "Outcome" o ON o."clientId" = d."clientId" AND o."referenceMonth" = d."asOfMonth"
      WHERE d."modelVersionId" = $1 GROUP BY 1 HAVING count(o."clientId")::float8 / count(*) >= $2 ORDER BY 1`,
    [championId, MATURED_SHARE],
  );
  return r.rows.map((x) => x.month);
}

async function championIdNow(): Promise<string | null> {
  const r = await pool().query<{ id: string }>(
    `SELECT id FROM "ModelVersion" WHERE status = 'CHAMPION' ORDER BY "promotedAt" DESC NULLS LAST LIMIT 1`,
  );
  return r.rows[0]?.id ?? null;
}

/**
 * Compares a challenger with the champion (default: the current one) on the champion's labelled batch
 * decisions of the given matured months (default: every matured month, the latest MAX_COMPARE_MONTHS).
 */
export async function compareModels(
  challengerId: string,
  opts: { championId?: string; months?: string[] } = {},
): Promise<Comparison> {
  const p = pool();
  const championId = opts.championId ?? (await championIdNow());
  if (!championId) throw new AppError('monitoring.noChampion', {}, 422);
  if (championId === challengerId)
    throw new AppError('monitoring.challengerIsChampion', {}, 422, 'challenger');
  const challenger = await scoringModel(challengerId);
  const maturedMonths = await maturedMonthsOf(championId);
  const months = (opts.months ? maturedMonths.filter((m) => opts.months!.includes(m)) : maturedMonths).slice(
    -MAX_COMPARE_MONTHS,
  );
  const out: CompareMonth[] = [];
  const all: Scored = { champion: [], challenger: [], y: [] };
  const F = FEATURE_NAMES.length;
  for (const month of months) {
    const r = await p.query<{ p: number; y: number; features: (number | null)[] }>(
      `SELECT DISTINCT ON (d."clientId") d."yProba" AS p, o.defaulted::int AS y, d.features
         FROM "Decision" d JOIN "ScoringRun" r ON r.id = d."runId"
         JOIN "Outcome" o ON o."clientId" = d."clientId" AND o."referenceMonth" = d."asOfMonth"
        WHERE d."modelVersionId" = $1 AND d."asOfMonth" = $2 AND r.kind = 'BATCH'
        ORDER BY d."clientId", d."decidedAt" DESC`,
      [championId, month],
    );
    const n = r.rows.length;
    const X = new Float64Array(n * F);
    r.rows.forEach((row, i) => {
      for (let j = 0; j < F; j++) {
        const v = row.features[j];
        X[i * F + j] = v === null || v === undefined ? NaN : Number(v);
      }
    });
    const s: Scored = {
      champion: r.rows.map((row) => Number(row.p)),
      challenger: n
        ? Array.from(await challenger.scorer.scoreBatch(Float32Array.from(toModelInput(challenger, X, n)), n))
        : [],
      y: r.rows.map((row) => Number(row.y)),
    };
    out.push({ month, ...figures(s) });
    all.champion.push(...s.champion);
    all.challenger.push(...s.challenger);
    all.y.push(...s.y);
  }
  return { championId, challengerId, maturedMonths, months: out, pooled: { months, ...figures(all) } };
}

/** Models a challenger trigger judges: CHALLENGERs, and CANDIDATEs a retraining request's training produced. */
async function challengersToJudge(championId: string): Promise<string[]> {
  const r = await pool().query<{ id: string }>(
    `SELECT mv.id FROM "ModelVersion" mv
      WHERE mv.id <> $1 AND (mv.status = 'CHALLENGER' OR (mv.status = 'CANDIDATE' AND EXISTS (
              SELECT 1 FROM "RetrainingRequest" rr LEFT JOIN "TrainingJob" tj ON tj.id = rr."trainingJobId"
               WHERE rr.status = 'TRAINING'
                 AND (tj."modelVersionId" = mv.id OR mv."trainingJobId" = rr."trainingJobId"))))
      ORDER BY mv."createdAt"`,
    [championId],
  );
  return r.rows.map((x) => x.id);
}

export interface ChallengerEvaluation {
  judged: number;
  fired: number;
  requestsReady: number;
}

/**
 * Evaluates every enabled CHALLENGER_READY trigger (metric 'challengerP'): for each challenger, the paired
 * DeLong p-value over the latest windowMonths matured months pooled; fires when the challenger's AUC is higher,
 * the pooled labelled rows reach minSample and p compares to the threshold. A firing is stored once per
 * (trigger, last month of the window, challenger), honouring the cooldown, and moves the retraining request
 * whose training produced the challenger to CHALLENGER_READY.
 */
export async function evaluateChallengers(championId: string): Promise<ChallengerEvaluation> {
  const out: ChallengerEvaluation = { judged: 0, fired: 0, requestsReady: 0 };
  const p = pool();
  const triggers = await p.query<{
    id: string;
    name: string;
    comparator: string;
    threshold: number;
    minSample: number;
    cooldownDays: number;
    windowMonths: number | null;
  }>(
    `SELECT id, name, comparator, threshold, "minSample", "cooldownDays", "windowMonths" FROM "MonitoringTrigger"
      WHERE enabled AND action = 'CHALLENGER_READY' AND metric = 'challengerP' ORDER BY name`,
  );
  if (!triggers.rowCount) return out;
  const challengers = await challengersToJudge(championId);
  if (!challengers.length) return out;
  const matured = await maturedMonthsOf(championId);
  if (!matured.length) return out;
  const cmp: Record<string, (a: number, b: number) => boolean> = {
    '<': (a, b) => a < b,
    '<=': (a, b) => a <= b,
    '>': (a, b) => a > b,
    '>=': (a, b) => a >= b,
  };
  for (const challengerId of challengers) {
    const cache = new Map<number, Comparison>();
    for (const t of triggers.rows) {
      const k = Math.max(1, t.windowMonths ?? DEFAULT_WINDOW_MONTHS);
      let c = cache.get(k);
      if (!c) {
        c = await compareModels(challengerId, { championId, months: matured.slice(-k) });
        cache.set(k, c);
      }
      out.judged++;
      const { pValue, diff, n } = c.pooled;
      const test = cmp[t.comparator];
      if (pValue === null || diff === null || !test || diff <= 0 || n < t.minSample) continue;
      if (!test(pValue, t.threshold)) continue;
      const period = c.pooled.months.at(-1)!;
      const fired = await recordFiring(t, challengerId, period, pValue);
      if (!fired) continue;
      out.fired++;
      out.requestsReady += fired.requestsReady;
      log.warn(
        { trigger: t.name, challengerId, period, pValue, diff, months: c.pooled.months },
        'challenger beats the champion',
      );
    }
  }
  return out;
}

async function recordFiring(
  t: { id: string; threshold: number; cooldownDays: number },
  challengerId: string,
  period: string,
  pValue: number,
): Promise<{ requestsReady: number } | null> {
  const c = await pool().connect();
  try {
    await c.query('BEGIN');
    const recent = await c.query(
      `SELECT 1 FROM "TriggerFiring" WHERE "triggerId" = $1 AND subject = $2
         AND (period = $3 OR "firedAt" > now() - make_interval(days => $4::int)) LIMIT 1`,
      [t.id, challengerId, period, t.cooldownDays],
    );
    if (recent.rowCount) {
      await c.query('ROLLBACK');
      return null;
    }
    const ins = await c.query(
      `INSERT INTO "TriggerFiring" ("triggerId", metric, period, subject, value, threshold, "modelVersionId")
       VALUES ($1, 'challengerP', $2, $3::text, $4, $5, $3::uuid) ON CONFLICT ("triggerId", period, subject) DO NOTHING
       RETURNING id`,
      [t.id, period, challengerId, pValue, t.threshold],
    );
    if (!ins.rowCount) {
      await c.query('ROLLBACK');
      return null;
    }
    const upd = await c.query(
      `UPDATE "RetrainingRequest" rr SET status = 'CHALLENGER_READY', "challengerId" = $1::uuid
        WHERE rr.status = 'TRAINING' AND rr."trainingJobId" IN (
              SELECT id FROM "TrainingJob" WHERE "modelVersionId" = $1::uuid
              UNION ALL SELECT "trainingJobId" FROM "ModelVersion" WHERE id = $1::uuid)`,
      [challengerId],
    );
    await c.query('COMMIT');
    return { requestsReady: upd.rowCount ?? 0 };
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    c.release();
  }
}

const ISO = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

interface Head {
  id: string;
  name: string;
  version: number;
  status: string;
  cardAuc: number | null;
  threshold: number;
}

async function headOf(id: string, threshold: number): Promise<Head | null> {
  const r = await pool().query<{ id: string; name: string; version: number; status: string; auc: unknown }>(
    `SELECT id, name, version, status::text AS status, card->'metrics'->'outOfTime'->'auc' AS auc
       FROM "ModelVersion" WHERE id = $1`,
    [id],
  );
  const m = r.rows[0];
  if (!m) return null;
  return {
    id: m.id,
    name: m.name,
    version: m.version,
    status: m.status,
    cardAuc: typeof m.auc === 'number' ? m.auc : null,
    threshold,
  };
}

/**
 * GET /api/v1/monitoring/compare: the comparison on the asked months, and the CHALLENGER_READY trigger's
 * verdict on its own window (the latest windowMonths matured months), with the firings it stored.
 */
export async function getComparison(challengerId: string, months?: string[]) {
  const p = pool();
  const threshold = (await getActivePolicy(p))?.thresholds.moderate ?? 0.2;
  const challenger = await headOf(challengerId, threshold);
  if (!challenger) throw new AppError('model.notFound', { id: challengerId }, 404);
  if (challenger.status !== 'CANDIDATE' && challenger.status !== 'CHALLENGER') {
    throw new AppError('monitoring.notAChallenger', {}, 422, 'challenger');
  }
  const c = await compareModels(challengerId, months ? { months } : {});
  const champion = await headOf(c.championId, threshold);
  const t = await p.query<{
    id: string;
    name: string;
    threshold: number;
    windowMonths: number | null;
    minSample: number;
  }>(
    `SELECT id, name, threshold, "windowMonths", "minSample" FROM "MonitoringTrigger"
      WHERE enabled AND action = 'CHALLENGER_READY' AND metric = 'challengerP' ORDER BY name LIMIT 1`,
  );
  let trigger = null;
  const tr = t.rows[0];
  if (tr) {
    const k = Math.max(1, tr.windowMonths ?? DEFAULT_WINDOW_MONTHS);
    const wanted = c.maturedMonths.slice(-k);
    const same = wanted.length === c.pooled.months.length && wanted.every((m, i) => c.pooled.months[i] === m);
    const w = same
      ? c.pooled
      : (await compareModels(challengerId, { championId: c.championId, months: wanted })).pooled;
    trigger = {
      name: tr.name,
      threshold: tr.threshold,
      windowMonths: k,
      minSample: tr.minSample,
      beats:
        w.pValue !== null && w.diff !== null && w.diff > 0 && w.n >= tr.minSample && w.pValue < tr.threshold,
      window: w,
    };
  }
  const f = await p.query<{ id: string; period: string; value: number; firedAt: string }>(
    `SELECT f.id::text AS id, f.period, f.value, ${ISO('f."firedAt"')} AS "firedAt"
       FROM "TriggerFiring" f JOIN "MonitoringTrigger" t ON t.id = f."triggerId"
      WHERE t.action = 'CHALLENGER_READY' AND f.subject = $1 ORDER BY f."firedAt" DESC LIMIT 20`,
    [challengerId],
  );
  return {
    champion: champion && {
      id: champion.id,
      name: champion.name,
      version: champion.version,
      cardAuc: champion.cardAuc,
      threshold: champion.threshold,
    },
    challenger,
    maturedMonths: c.maturedMonths,
    months: c.months,
    pooled: c.pooled,
    trigger,
    firings: f.rows,
  };
}
