// KPIs of the Visão executiva page and GET /api/v1/executive/summary. Cheap at any book size: clients and
// band mix come from the finished batch runs' stored summaries (one row per run), alerts and offers from
// counts filtered on their own columns, the provision estimate from the (few) accepted offers only, which
// carry their decision's score and credit limit (no join with the ledger).
import 'server-only';
import { authorize, type Actor } from '@/lib/auth/session';
import { db } from '@/lib/db';
import { newcombeDifference, wilson, type Interval } from '@/lib/engagement/stats';
import { parseRunSummary } from '@/lib/scoring/summary';
import { getSetting } from '@/lib/settings/store';
import { executiveProvision } from '@/lib/settings/executive';
import { provisionAvoided, type ProvisionAssumptions } from '@/app/(dashboard)/executive/provision';

export interface BandMixPoint {
  asOfMonth: string;
  clients: number;
  LOW: number;
  MODERATE: number;
  CRITICAL: number;
}

export interface ExecutiveSummary {
  asOfMonth: string | null;
  clientsScored: number;
  bands: { LOW: number; MODERATE: number; CRITICAL: number };
  alertsOpen: number;
  alertsBreachingSla: number;
  offersSent: number;
  offersAccepted: number;
  alertsOfferAccepted: number;
  /** (offers accepted + alerts with the offer accepted) / (offers sent + alerts opened); null when none. */
  conversion: number | null;
  alertsTotal: number;
  triggersOpen: number;
  provision: {
    assumptions: ProvisionAssumptions;
    accepted: number;
    pdTimesLimit: number;
    avoided: number;
  };
  bandMix: BandMixPoint[];
  uplift: ExecutiveUplift;
  computedAt: string;
}

export interface UpliftBand {
  band: 'CRITICAL' | 'MODERATE';
  /** Treated (not holdout) decisions of the matured months with a label. */
  treated: { n: number; defaults: number; rate: Interval | null };
  /** Of the treated: the offer was sent (MODERATE) or the alert had a first call (CRITICAL). */
  contacted: { n: number; defaults: number; rate: Interval | null };
  holdout: { n: number; defaults: number; rate: Interval | null };
  /** Accepted offers / contacted (sent offers or calls), Wilson 95%. */
  acceptance: Interval | null;
  accepted: number;
  /** Default rate contacted - holdout (Newcombe 95%): negative means fewer defaults after contact. */
  contactedVsHoldout: Interval | null;
  /** Default rate treated - holdout (intention to treat, Newcombe 95%): free of who answered the call. */
  treatedVsHoldout: Interval | null;
}

export interface ExecutiveUplift {
  /** The champion's matured as-of months the figures pool. */
  months: string[];
  bands: UpliftBand[];
}

interface StoredUplift {
  band: string;
  treated?: { n?: number; defaults?: number };
  holdout?: { n?: number; defaults?: number };
  contacted?: { n?: number; defaults?: number; accepted?: number };
}

/** Pools the monitoring job's per-month uplift counts (PerformanceMetric details) over the matured months. */
export function poolUplift(rows: { period: string; uplift: unknown }[]): ExecutiveUplift {
  const bands = (['CRITICAL', 'MODERATE'] as const).map((band) => {
    const acc = { t: 0, kt: 0, h: 0, kh: 0, c: 0, kc: 0, a: 0 };
    for (const r of rows) {
      const u = (Array.isArray(r.uplift) ? (r.uplift as StoredUplift[]) : []).find((x) => x.band === band);
      if (!u) continue;
      acc.t += u.treated?.n ?? 0;
      acc.kt += u.treated?.defaults ?? 0;
      acc.h += u.holdout?.n ?? 0;
      acc.kh += u.holdout?.defaults ?? 0;
      acc.c += u.contacted?.n ?? 0;
      acc.kc += u.contacted?.defaults ?? 0;
      acc.a += u.contacted?.accepted ?? 0;
    }
    return {
      band,
      treated: { n: acc.t, defaults: acc.kt, rate: wilson(acc.kt, acc.t) },
      contacted: { n: acc.c, defaults: acc.kc, rate: wilson(acc.kc, acc.c) },
      holdout: { n: acc.h, defaults: acc.kh, rate: wilson(acc.kh, acc.h) },
      acceptance: wilson(acc.a, acc.c),
      accepted: acc.a,
      contactedVsHoldout: newcombeDifference(acc.kc, acc.c, acc.kh, acc.h),
      treatedVsHoldout: newcombeDifference(acc.kt, acc.t, acc.kh, acc.h),
    };
  });
  return { months: rows.map((r) => r.period), bands };
}

export async function getExecutiveSummary(actor?: Actor): Promise<ExecutiveSummary> {
  if (!actor) await authorize('executive:view');
  const now = new Date();
  const [runs, alerts, offers, exposure, triggers, assumptions, uplift] = await Promise.all([
    // an alert is open until CLOSED (the schema keeps openClientId set exactly then)
    // the newest finished batch run per as-of month (index ScoringRun(asOfMonth, createdAt))
    db.$queryRaw<{ asOfMonth: string; summary: unknown }[]>`
      SELECT DISTINCT ON ("asOfMonth") "asOfMonth", summary FROM "ScoringRun"
       WHERE kind = 'BATCH' AND status = 'SUCCEEDED' AND summary IS NOT NULL
       ORDER BY "asOfMonth" DESC, "createdAt" DESC LIMIT 36`,
    db.$queryRaw<{ open: number; breaching: number; accepted: number; total: number }[]>`
      SELECT count(*) FILTER (WHERE "openClientId" IS NOT NULL)::int AS open,
             count(*) FILTER (WHERE "openClientId" IS NOT NULL AND "slaDueAt" < ${now}
                                AND "firstContactAt" IS NULL)::int AS breaching,
             count(*) FILTER (WHERE status = 'OFFER_ACCEPTED')::int AS accepted,
             count(*)::int AS total
        FROM "Alert"`,
    db.$queryRaw<{ sent: number; accepted: number }[]>`
      SELECT count(*) FILTER (WHERE "sentAt" IS NOT NULL)::int AS sent,
             count(*) FILTER (WHERE "acceptedAt" IS NOT NULL)::int AS accepted
        FROM "Offer"`,
    // PD x limit of every accepted offer (decision's score, the limit on its as-of statement: both carried on
    // the offer, migration 20261202220000_executive_rollup, read from its partial index of accepted offers)
    // and of every CRITICAL alert whose offer the client accepted (the alert carries both)
    db.$queryRaw<{ n: number; s: number | null }[]>`
      SELECT count(*)::int AS n, sum(x)::float8 AS s FROM (
        SELECT o."yProba" * coalesce(o."creditLimit", 0)::float8 AS x
          FROM "Offer" o
         WHERE o."acceptedAt" IS NOT NULL
        UNION ALL
        SELECT a."yProba" * coalesce(a."creditLimit", 0)::float8 FROM "Alert" a WHERE a.status = 'OFFER_ACCEPTED'
      ) t`,
    db.$queryRaw<
      { n: number }[]
    >`SELECT count(*)::int AS n FROM "TriggerFiring" WHERE "acknowledgedAt" IS NULL`,
    getSetting(executiveProvision),
    // the monitoring job's per-month uplift counts of the champion's matured months: O(months) rows
    db.$queryRaw<{ period: string; uplift: unknown }[]>`
      SELECT pm.period, pm.details->'uplift' AS uplift FROM "PerformanceMetric" pm
        JOIN "ModelVersion" mv ON mv.id = pm."modelVersionId" AND mv.status = 'CHAMPION'
       WHERE pm."periodKind" = 'MONTH' AND pm.cohort = 'all' AND pm.matured
       ORDER BY pm.period`,
  ]);

  const bandMix: BandMixPoint[] = [];
  for (const r of runs) {
    const s = parseRunSummary(r.summary);
    if (!s) continue;
    bandMix.push({ asOfMonth: r.asOfMonth, clients: s.clients, ...s.counts });
  }
  bandMix.reverse();
  const latest = bandMix.at(-1);
  const a = alerts[0] ?? { open: 0, breaching: 0, accepted: 0, total: 0 };
  const o = offers[0] ?? { sent: 0, accepted: 0 };
  const e = { accepted: exposure[0]?.n ?? 0, pdTimesLimit: exposure[0]?.s ?? 0 };
  const reached = o.sent + a.total;
  return {
    asOfMonth: latest?.asOfMonth ?? null,
    clientsScored: latest?.clients ?? 0,
    bands: latest
      ? { LOW: latest.LOW, MODERATE: latest.MODERATE, CRITICAL: latest.CRITICAL }
      : { LOW: 0, MODERATE: 0, CRITICAL: 0 },
    alertsOpen: a.open,
    alertsBreachingSla: a.breaching,
    offersSent: o.sent,
    offersAccepted: o.accepted,
    alertsOfferAccepted: a.accepted,
    alertsTotal: a.total,
    conversion: reached ? (o.accepted + a.accepted) / reached : null,
    triggersOpen: triggers[0]?.n ?? 0,
    provision: { assumptions, ...e, avoided: provisionAvoided(e, assumptions) },
    bandMix,
    uplift: poolUplift(uplift),
    computedAt: now.toISOString(),
  };
}
