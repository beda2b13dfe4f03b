// The monitoring computation: for one model version (the champion by default) it streams the ledger month by
// month with set-based SQL (only yProba, holdout, band, the label and the top-5 features), computes
// performance (realized once labels mature, CBPE estimates always), calibration, uplift and drift, upserts the
// stored results (a recompute replaces them) and evaluates the triggers. Pages read the stored rows only.
//
// Definitions (documented for the pages):
// - Label: the decision at as-of month M of client c is judged by Outcome(c, M).defaulted.
// - Matured: a month (or day) is matured when >= MATURED_SHARE (95%) of its decisions have an outcome; only
//   then are auc/recall/precision stored (on the labelled rows). est* (CBPE) are stored for every period.
// - Batch decisions: one per client and month (the latest batch decision of the model for that month).
//   Real-time decisions form DAY periods (decidedAt's day in Brasília time) for recall/precision, and every
//   batch run its RUN period (period = the run's id, all of its decisions), so a policy review sees each run.
// - Weekly drift: a batch run decides the whole as-of month at once (and the demo backfill writes every month
//   at seed time), so decidedAt's week says when the job ran, not which population it describes. A batch
//   decision therefore counts in the ISO week of its as-of month's last day (the data it was computed from);
//   a real-time decision in the ISO week of its decidedAt. Batch-only books get one weekly point per month.
// - Reference mean of a feature: the card's `mean` when it has one, else the mean over this model's decisions
//   in the card's out-of-time window months (the period the card's OOT figures describe), else null.
import 'server-only';
import { pool } from '@/lib/db';
import { FEATURE_NAMES } from '@/lib/features/fs-v1';
import { TIME_ZONE } from '@/lib/i18n/locales';
import { log } from '@/lib/log';
import { auc as aucOf, binOf, gini as giniOf, ks as ksOf } from '@/lib/metrics/classification';
import { delong } from '@/lib/metrics/delong';
import {
  applyIsotonic,
  chooseCalibration,
  expectedAuc,
  expectedConfusion,
  type CalibrationChoice,
} from '@/lib/metrics/cbpe';
import {
  binCounts,
  DEFAULT_MIN_SAMPLE,
  finiteOrNull,
  psiFromCounts,
  rateDifference,
  recallPrecision,
  wilson,
} from '@/lib/metrics/monitoring';
import type { ModelCard, ReferenceDistribution } from '@/lib/models/card';
import { getActivePolicy } from '@/lib/policy/store';
import { evaluateTriggers, ensureDefaultTriggers, type TriggerEvaluation } from '@/lib/monitoring/triggers';

export const MATURED_SHARE = 0.95;
export const COHORTS = ['all', 'treated', 'holdout'] as const;
export type Cohort = (typeof COHORTS)[number];
/** Matured months the calibration check (and isotonic fit) uses: the latest ones. */
export const CALIBRATION_MONTHS = 3;

export interface ComputeOptions {
  modelVersionId?: string;
  minSample?: number;
  /** Skip trigger evaluation (tests of the figures alone). */
  triggers?: boolean;
  onProgress?: (p: { month: string; done: number; total: number }) => void | Promise<void>;
}

export interface ComputeSummary {
  modelVersionId: string | null;
  months: string[];
  maturedMonths: string[];
  performanceRows: number;
  driftRows: number;
  calibration: 'none' | 'isotonic';
  firings: TriggerEvaluation;
  millis: number;
}

interface ModelInfo {
  id: string;
  name: string;
  version: number;
  featureNames: string[];
  card: ModelCard;
}

/** The top-5 features of a card by gain, that the model scores with. */
export function topFeatures(card: ModelCard, featureNames: string[], k = 5): string[] {
  return [...(card.importanceGain ?? [])]
    .sort((a, b) => b.gain - a.gain)
    .map((g) => g.feature)
    .filter((f) => featureNames.includes(f) && (FEATURE_NAMES as readonly string[]).includes(f))
    .slice(0, k);
}

async function loadModel(id?: string): Promise<ModelInfo | null> {
  const r = await pool().query<{
    id: string;
    name: string;
    version: number;
    featureNames: string[];
    card: ModelCard;
  }>(
    `SELECT id, name, version, "featureNames", card FROM "ModelVersion"
      WHERE ${id ? 'id = $1' : `status = 'CHAMPION'`} ORDER BY "promotedAt" DESC NULLS LAST LIMIT 1`,
    id ? [id] : [],
  );
  return r.rows[0] ?? null;
}

interface Row {
  p: number;
  y: number | null;
  holdout: boolean;
  /** The decision's offer was sent, or its alert had a first contact (a call). */
  contacted: boolean;
  /** The client accepted the offer (the offer's acceptedAt, or the alert closed as OFFER_ACCEPTED). */
  accepted: boolean;
  band: string;
  realtime: boolean;
  /** The decision's scoring run, client and time (the month keeps each client's latest batch decision). */
  runId: string;
  clientId: string;
  decidedAt: number;
  day: string;
  week: string;
  f: number[];
}

interface PerfRow {
  periodKind: 'MONTH' | 'DAY' | 'RUN';
  period: string;
  cohort: Cohort;
  asOfMonth: string;
  n: number;
  positives: number | null;
  matured: boolean;
  threshold: number;
  auc: number | null;
  aucLow: number | null;
  aucHigh: number | null;
  gini: number | null;
  ks: number | null;
  recall: number | null;
  precision: number | null;
  estAuc: number | null;
  estRecall: number | null;
  estPrecision: number | null;
  details: Record<string, unknown>;
}

interface DriftAcc {
  counts: number[];
  sum: number;
  nonMissing: number;
}

const BANDS = ['LOW', 'MODERATE', 'CRITICAL'] as const;

function calibrationTable(rows: Row[]) {
  const labelled = rows.filter((r) => r.y !== null);
  const byBand = BANDS.map((band) => {
    const g = labelled.filter((r) => r.band === band);
    const k = g.reduce((s, r) => s + (r.y as number), 0);
    const ci = wilson(k, g.length);
    return {
      band,
      n: g.length,
      predicted: g.length ? g.reduce((s, r) => s + r.p, 0) / g.length : null,
      observed: g.length ? k / g.length : null,
      low: ci?.low ?? null,
      high: ci?.high ?? null,
    };
  });
  const sorted = [...labelled].sort((a, b) => a.p - b.p);
  const deciles = [];
  for (let d = 0; d < 10 && sorted.length; d++) {
    const g = sorted.slice(Math.floor((d * sorted.length) / 10), Math.floor(((d + 1) * sorted.length) / 10));
    if (!g.length) continue;
    const k = g.reduce((s, r) => s + (r.y as number), 0);
    deciles.push({
      decile: d + 1,
      n: g.length,
      predicted: g.reduce((s, r) => s + r.p, 0) / g.length,
      observed: k / g.length,
      maxScore: g[g.length - 1]!.p,
    });
  }
  return { bands: byBand, deciles };
}

function upliftTable(rows: Row[]) {
  const labelled = rows.filter((r) => r.y !== null);
  const defaults = (g: Row[]) => g.reduce((s, r) => s + (r.y as number), 0);
  return BANDS.map((band) => {
    const t = labelled.filter((r) => r.band === band && !r.holdout);
    const h = labelled.filter((r) => r.band === band && r.holdout);
    const c = t.filter((r) => r.contacted);
    const kt = defaults(t);
    const kh = defaults(h);
    const kc = defaults(c);
    // diff = treated - holdout default rate: negative means the action lowered defaults.
    const d = rateDifference(kt, t.length, kh, h.length);
    // Counts (not only rates) so the executive summary can pool matured months exactly.
    return {
      band,
      treated: { n: t.length, defaults: kt, defaultRate: t.length ? kt / t.length : null },
      holdout: { n: h.length, defaults: kh, defaultRate: h.length ? kh / h.length : null },
      contacted: { n: c.length, defaults: kc, accepted: c.filter((r) => r.accepted).length },
      diff: d?.diff ?? null,
      low: d?.low ?? null,
      high: d?.high ?? null,
    };
  });
}

function performance(
  rows: Row[],
  meta: {
    periodKind: 'MONTH' | 'DAY' | 'RUN';
    period: string;
    asOfMonth: string;
    cohort: Cohort;
    threshold: number;
  },
  calib: CalibrationChoice,
): PerfRow {
  const labelled = rows.filter((r) => r.y !== null);
  const matured = rows.length > 0 && labelled.length / rows.length >= MATURED_SHARE;
  const probs = rows.map((r) => (calib.model ? applyIsotonic(calib.model, r.p) : r.p));
  const est = expectedConfusion(probs, meta.threshold);
  const out: PerfRow = {
    ...meta,
    n: rows.length,
    positives: null,
    matured,
    auc: null,
    aucLow: null,
    aucHigh: null,
    gini: null,
    ks: null,
    recall: null,
    precision: null,
    estAuc: finiteOrNull(expectedAuc(probs)),
    estRecall: est.recall,
    estPrecision: est.precision,
    details: {
      labelled: labelled.length,
      calibrationMethod: calib.method,
      estimated: { tp: est.tp, fp: est.fp, fn: est.fn, tn: est.tn },
    },
  };
  if (!matured) return out;
  const s = labelled.map((r) => r.p);
  const y = labelled.map((r) => r.y as number);
  out.positives = y.reduce((a, b) => a + b, 0);
  const dl = delong(s, y);
  if (dl) {
    out.auc = dl.auc;
    out.aucLow = dl.low;
    out.aucHigh = dl.high;
    out.gini = finiteOrNull(giniOf(s, y));
    out.ks = finiteOrNull(ksOf(s, y));
  } else {
    out.auc = finiteOrNull(aucOf(s, y));
  }
  const rp = recallPrecision(s, y, meta.threshold);
  out.recall = rp.recall;
  out.precision = rp.precision;
  out.details.confusion = { tp: rp.tp, fp: rp.fp, fn: rp.fn, tn: rp.tn };
  out.details.calibration = calibrationTable(labelled);
  if (meta.cohort === 'all') out.details.uplift = upliftTable(labelled);
  return out;
}

function cohortRows(rows: Row[], cohort: Cohort): Row[] {
  return cohort === 'all' ? rows : rows.filter((r) => r.holdout === (cohort === 'holdout'));
}

/** Pulls one month's decisions of the model (batch: latest per client; real-time: every one) with labels. */
async function monthRows(modelId: string, month: string, featureIdx: number[]): Promise<Row[]> {
  const cols = featureIdx.map((i, k) => `d.features[${i + 1}] AS f${k}`).join(', ');
  const sql = `
    WITH b AS (
      SELECT d.id, d."clientId", d."runId", d."yProba", d.holdout, d.band::text AS band,
             false AS realtime, d."decidedAt"${cols ? ', ' + cols : ''}
        FROM "Decision" d JOIN "ScoringRun" r ON r.id = d."runId"
       WHERE d."modelVersionId" = $1 AND d."asOfMonth" = $2 AND r.kind = 'BATCH'
    ), rt AS (
      SELECT d.id, d."clientId", d."runId", d."yProba", d.holdout, d.band::text AS band, true AS realtime,
             d."decidedAt"${cols ? ', ' + cols : ''}
        FROM "Decision" d JOIN "ScoringRun" r ON r.id = d."runId"
       WHERE d."modelVersionId" = $1 AND d."asOfMonth" = $2 AND r.kind <> 'BATCH'
    )
    SELECT x.*, (extract(epoch FROM x."decidedAt") * 1000)::float8 AS "decidedMs", CASE WHEN o."clientId" IS NULL THEN NULL WHEN o.defaulted THEN 1 ELSE 0 END AS y,
           to_char(x."decidedAt" AT TIME ZONE $3, 'YYYY-MM-DD') AS day,
           CASE WHEN x.realtime THEN to_char(x."decidedAt" AT TIME ZONE $3, 'IYYY-"W"IW')
                ELSE to_char((to_date($2 || '-01', 'YYYY-MM-DD') + interval '1 month - 1 day'), 'IYYY-"W"IW')
           END AS week,
           -- An alert follows its client's latest decision (a refresh re-points it), so an older decision's
           -- call is counted on the decision the alert points at.
           (f."sentAt" IS NOT NULL OR a."firstContactAt" IS NOT NULL) AS contacted,
           (f."acceptedAt" IS NOT NULL OR a.status = 'OFFER_ACCEPTED') AS accepted
      FROM (SELECT * FROM b UNION ALL SELECT * FROM rt) x
      LEFT JOIN "Outcome" o ON o."clientId" = x."clientId" AND o."referenceMonth" = $2
      LEFT JOIN "Offer" f ON f."decisionId" = x.id
      LEFT JOIN LATERAL (SELECT al."firstContactAt", al.status FROM "Alert" al
                          WHERE al."clientId" = x."clientId" AND al."decisionId" = x.id LIMIT 1) a ON true`;
  const r = await pool().query(sql, [modelId, month, TIME_ZONE]);
  return r.rows.map((row: Record<string, unknown>) => ({
    p: Number(row.yProba),
    y: row.y === null ? null : Number(row.y),
    holdout: row.holdout as boolean,
    contacted: row.contacted === true,
    accepted: row.accepted === true,
    band: row.band as string,
    realtime: row.realtime as boolean,
    runId: row.runId as string,
    clientId: row.clientId as string,
    decidedAt: Number(row.decidedMs),
    day: row.day as string,
    week: row.week as string,
    f: featureIdx.map((_, k) => (row[`f${k}`] === null ? NaN : Number(row[`f${k}`]))),
  }));
}

/** Each client's latest decision (by decidedAt, then id order of arrival) among `rows`. */
function latestPerClient(rows: Row[]): Row[] {
  const best = new Map<string, Row>();
  for (const r of rows) {
    const b = best.get(r.clientId);
    if (!b || r.decidedAt > b.decidedAt) best.set(r.clientId, r);
  }
  return [...best.values()];
}

function inWindow(month: string, w?: { from: string; to: string }): boolean {
  return !!w && month >= w.from && month <= w.to;
}

/**
 * Computes and stores every monitoring figure of a model version (default: the champion) and evaluates the
 * triggers. Idempotent: a recompute replaces the stored rows; a firing is stored once per trigger, period and
 * subject.
 */
export async function computeMonitoring(opts: ComputeOptions = {}): Promise<ComputeSummary> {
  const started = Date.now();
  const minSample = opts.minSample ?? DEFAULT_MIN_SAMPLE;
  const empty: ComputeSummary = {
    modelVersionId: null,
    months: [],
    maturedMonths: [],
    performanceRows: 0,
    driftRows: 0,
    calibration: 'none',
    firings: { fired: 0, retrainingRequests: 0 },
    millis: 0,
  };
  const model = await loadModel(opts.modelVersionId);
  if (!model) return { ...empty, millis: Date.now() - started };
  const p = pool();
  const policy = await getActivePolicy(p);
  const threshold = policy?.thresholds.moderate ?? 0.2;
  const card = model.card;
  const top = topFeatures(card, model.featureNames);
  // Decision.features is in the feature store's order (what decideChunk stores), not the model's input order.
  const featureIdx = top.map((f) => FEATURE_NAMES.indexOf(f));
  const subjects = [...top, 'score'];
  const refs = new Map<string, ReferenceDistribution>();
  for (const f of top) {
    const r = card.reference?.features[f];
    if (r) refs.set(f, r);
  }
  if (card.reference?.score) refs.set('score', card.reference.score);

  // Maturity per month (one cheap aggregate), then the calibration set from the latest matured months.
  const maturity = await p.query<{ month: string; n: number; labelled: number }>(
    `SELECT d."asOfMonth" AS month, count(*)::int AS n, count(o."clientId")::int AS labelled
       FROM "Decision" d LEFT JOIN "Outcome" o ON o."clientId" = d."clientId" AND o."referenceMonth" = d."asOfMonth"
      WHERE d."modelVersionId" = $1 GROUP BY 1 ORDER BY 1`,
    [model.id],
  );
  const months = maturity.rows.map((r) => r.month);
  const maturedMonths = maturity.rows
    .filter((r) => r.n > 0 && r.labelled / r.n >= MATURED_SHARE)
    .map((r) => r.month);
  const calMonths = maturedMonths.slice(-CALIBRATION_MONTHS);
  let calib: CalibrationChoice = { method: 'none', rawEce: null, isotonicEce: null, model: null };
  if (calMonths.length) {
    const c = await p.query<{ p: number; y: number }>(
      `SELECT d."yProba" AS p, o.defaulted::int AS y
         FROM "Decision" d JOIN "Outcome" o ON o."clientId" = d."clientId" AND o."referenceMonth" = d."asOfMonth"
        WHERE d."modelVersionId" = $1 AND d."asOfMonth" = ANY($2::text[])`,
      [model.id, calMonths],
    );
    calib = chooseCalibration(
      c.rows.map((r) => Number(r.p)),
      c.rows.map((r) => Number(r.y)),
    );
  }
  const noCalib: CalibrationChoice = { ...calib, method: 'none', model: null };

  const perf: PerfRow[] = [];
  const monthDrift = new Map<string, Map<string, DriftAcc>>();
  const weekDrift = new Map<string, Map<string, DriftAcc>>();
  const refMean = new Map<string, { sum: number; n: number }>();
  const acc = (m: Map<string, Map<string, DriftAcc>>, period: string, subject: string) => {
    let bySubject = m.get(period);
    if (!bySubject) m.set(period, (bySubject = new Map()));
    let a = bySubject.get(subject);
    if (!a) {
      const ref = refs.get(subject)!;
      bySubject.set(
        subject,
        (a = { counts: new Array<number>(ref.cuts.length + 2).fill(0), sum: 0, nonMissing: 0 }),
      );
    }
    return a;
  };

  let done = 0;
  for (const month of months) {
    const all = await monthRows(model.id, month, featureIdx);
    const batchAll = all.filter((r) => !r.realtime);
    // The month judges each client once, on its latest batch decision; a run is judged on all of its own.
    const batch = latestPerClient(batchAll);
    const rows = [...batch, ...all.filter((r) => r.realtime)];
    const isMatured = maturedMonths.includes(month);
    // Calibrated CBPE only where labels are missing; matured months show both raw CBPE and realized figures.
    for (const cohort of COHORTS) {
      if (batch.length) {
        perf.push(
          performance(
            cohortRows(batch, cohort),
            { periodKind: 'MONTH', period: month, asOfMonth: month, cohort, threshold },
            isMatured ? noCalib : calib,
          ),
        );
      }
    }
    const runs = [...new Set(batchAll.map((r) => r.runId))].sort();
    for (const runId of runs) {
      const runRows = batchAll.filter((r) => r.runId === runId);
      for (const cohort of COHORTS) {
        perf.push(
          performance(
            cohortRows(runRows, cohort),
            { periodKind: 'RUN', period: runId, asOfMonth: month, cohort, threshold },
            isMatured ? noCalib : calib,
          ),
        );
      }
    }
    const rt = rows.filter((r) => r.realtime);
    const days = [...new Set(rt.map((r) => r.day))].sort();
    for (const day of days) {
      const dayRows = rt.filter((r) => r.day === day);
      for (const cohort of COHORTS) {
        perf.push(
          performance(
            cohortRows(dayRows, cohort),
            { periodKind: 'DAY', period: day, asOfMonth: month, cohort, threshold },
            calib,
          ),
        );
      }
    }
    // Drift: counts per reference bin are additive, so weeks spanning months accumulate.
    const ootMonth = inWindow(month, card.training?.ootWindow);
    subjects.forEach((subject, k) => {
      const ref = refs.get(subject);
      if (!ref) return;
      const values = rows.map((r) => (subject === 'score' ? r.p : (r.f[k] as number)));
      const counts = binCounts(values, ref.cuts);
      let sum = 0;
      let nonMissing = 0;
      for (const v of values) {
        if (Number.isNaN(v)) continue;
        sum += v;
        nonMissing++;
      }
      const m = acc(monthDrift, month, subject);
      counts.forEach((c, b) => (m.counts[b]! += c));
      m.sum += sum;
      m.nonMissing += nonMissing;
      const weeks = new Map<string, number[]>();
      rows.forEach((r, i) => {
        let w = weeks.get(r.week);
        if (!w) weeks.set(r.week, (w = []));
        w.push(i);
      });
      for (const [week, idx] of weeks) {
        const a = acc(weekDrift, week, subject);
        for (const i of idx) {
          const v = values[i] as number;
          const b = Number.isNaN(v) ? ref.cuts.length + 1 : binOf(v, ref.cuts);
          a.counts[b]! += 1;
          if (!Number.isNaN(v)) {
            a.sum += v;
            a.nonMissing++;
          }
        }
      }
      if (ootMonth) {
        const rm = refMean.get(subject) ?? { sum: 0, n: 0 };
        rm.sum += sum;
        rm.n += nonMissing;
        refMean.set(subject, rm);
      }
    });
    done++;
    await opts.onProgress?.({ month, done, total: months.length });
  }

  const referenceMean = (subject: string): number | null => {
    const fromCard = (refs.get(subject) as (ReferenceDistribution & { mean?: number }) | undefined)?.mean;
    if (typeof fromCard === 'number') return fromCard;
    const rm = refMean.get(subject);
    return rm && rm.n ? rm.sum / rm.n : null;
  };
  const driftRows: {
    periodKind: 'MONTH' | 'WEEK';
    period: string;
    feature: string;
    n: number;
    psi: number | null;
    verdict: string | null;
    referenceMean: number | null;
    currentMean: number | null;
    meanShift: number | null;
    missingShare: number | null;
    shares: number[];
  }[] = [];
  for (const [kind, m] of [
    ['MONTH', monthDrift],
    ['WEEK', weekDrift],
  ] as const) {
    for (const [period, bySubject] of m) {
      for (const [feature, a] of bySubject) {
        const r = psiFromCounts(refs.get(feature)!, a.counts, minSample);
        const currentMean = a.nonMissing ? a.sum / a.nonMissing : null;
        const rmean = referenceMean(feature);
        driftRows.push({
          periodKind: kind,
          period,
          feature,
          n: r.n,
          psi: finiteOrNull(r.psi),
          verdict: r.verdict,
          referenceMean: rmean,
          currentMean,
          meanShift: currentMean !== null && rmean !== null ? currentMean - rmean : null,
          missingShare: r.missingShare,
          shares: r.shares,
        });
      }
    }
  }

  await store(model.id, perf, driftRows);
  let firings: TriggerEvaluation = { fired: 0, retrainingRequests: 0 };
  if (opts.triggers !== false) {
    await ensureDefaultTriggers(model.id);
    firings = await evaluateTriggers(model.id);
    if (!opts.modelVersionId || (await isChampion(model.id))) {
      // import here: compare.ts reads MATURED_SHARE from this module
      const { evaluateChallengers } = await import('@/lib/monitoring/compare');
      const c = await evaluateChallengers(model.id);
      firings = { ...firings, fired: firings.fired + c.fired, challengersReady: c.requestsReady };
    }
  }
  const summary: ComputeSummary = {
    modelVersionId: model.id,
    months,
    maturedMonths,
    performanceRows: perf.length,
    driftRows: driftRows.length,
    calibration: calib.method,
    firings,
    millis: Date.now() - started,
  };
  log.info({ ...summary, months: months.length, maturedMonths: maturedMonths.length }, 'monitoring computed');
  return summary;
}

async function isChampion(id: string): Promise<boolean> {
  const r = await pool().query(`SELECT 1 FROM "ModelVersion" WHERE id = $1 AND status = 'CHAMPION'`, [id]);
  return !!r.rowCount;
}

/** Upserts every row in one transaction, so a reader never sees half a recompute. */
async function store(
  modelId: string,
  perf: PerfRow[],
  drift: {
    periodKind: string;
    period: string;
    feature: string;
    n: number;
    psi: number | null;
    verdict: string | null;
    referenceMean: number | null;
    currentMean: number | null;
    meanShift: number | null;
    missingShare: number | null;
    shares: number[];
  }[],
): Promise<void> {
  const c = await pool().connect();
  try {
    await c.query('BEGIN');
    if (perf.length) {
      await c.query(
        `INSERT INTO "PerformanceMetric" ("modelVersionId", "periodKind", period, cohort, "asOfMonth", n, positives,
           matured, threshold, auc, "aucLow", "aucHigh", gini, ks, recall, "precision", "estAuc", "estRecall",
           "estPrecision", details, "computedAt")
         SELECT $1, x."periodKind"::"MetricPeriodKind", x.period, x.cohort, x."asOfMonth", x.n, x.positives, x.matured,
                x.threshold, x.auc, x."aucLow", x."aucHigh", x.gini, x.ks, x.recall, x."precision", x."estAuc",
                x."estRecall", x."estPrecision", x.details, now()
           FROM jsonb_to_recordset($2::jsonb) AS x("periodKind" text, period text, cohort text, "asOfMonth" text,
                n int, positives int, matured boolean, threshold float8, auc float8, "aucLow" float8,
                "aucHigh" float8, gini float8, ks float8, recall float8, "precision" float8, "estAuc" float8,
                "estRecall" float8, "estPrecision" float8, details jsonb)
         ON CONFLICT ("modelVersionId", "periodKind", period, cohort) DO UPDATE SET
           "asOfMonth" = EXCLUDED."asOfMonth", n = EXCLUDED.n, positives = EXCLUDED.positives,
           matured = EXCLUDED.matured, threshold = EXCLUDED.threshold, auc = EXCLUDED.auc,
           "aucLow" = EXCLUDED."aucLow", "aucHigh" = EXCLUDED."aucHigh", gini = EXCLUDED.gini, ks = EXCLUDED.ks,
           recall = EXCLUDED.recall, "precision" = EXCLUDED."precision", "estAuc" = EXCLUDED."estAuc",
           "estRecall" = EXCLUDED."estRecall", "estPrecision" = EXCLUDED."estPrecision",
           details = EXCLUDED.details, "computedAt" = now()`,
        [modelId, JSON.stringify(perf)],
      );
    }
    if (drift.length) {
      await c.query(
        `INSERT INTO "DriftMetric" ("modelVersionId", "periodKind", period, feature, n, psi, verdict,
           "referenceMean", "currentMean", "meanShift", "missingShare", shares, "computedAt")
         SELECT $1, x."periodKind"::"MetricPeriodKind", x.period, x.feature, x.n, x.psi, x.verdict, x."referenceMean",
                x."currentMean", x."meanShift", x."missingShare",
                ARRAY(SELECT jsonb_array_elements_text(x.shares)::float8), now()
           FROM jsonb_to_recordset($2::jsonb) AS x("periodKind" text, period text, feature text, n int, psi float8,
                verdict text, "referenceMean" float8, "currentMean" float8, "meanShift" float8,
                "missingShare" float8, shares jsonb)
         ON CONFLICT ("modelVersionId", "periodKind", period, feature) DO UPDATE SET
           n = EXCLUDED.n, psi = EXCLUDED.psi, verdict = EXCLUDED.verdict, "referenceMean" = EXCLUDED."referenceMean",
           "currentMean" = EXCLUDED."currentMean", "meanShift" = EXCLUDED."meanShift",
           "missingShare" = EXCLUDED."missingShare", shares = EXCLUDED.shares, "computedAt" = now()`,
        [modelId, JSON.stringify(drift)],
      );
    }
    await c.query('COMMIT');
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    c.release();
  }
}
