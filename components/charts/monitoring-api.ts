// The shapes of the monitoring JSON routes (built by the monitoring backend), every field optional, and the
// react-query fetchers both dashboards poll with.
import { useQuery } from '@tanstack/react-query';
import type { MonitoringFirstPaint } from '@/lib/monitoring/read';
export interface PerfItem {
  periodKind?: string;
  period?: string;
  asOfMonth?: string | null;
  cohort?: string;
  n?: number | null;
  positives?: number | null;
  matured?: boolean | null;
  auc?: number | null;
  aucLow?: number | null;
  aucHigh?: number | null;
  gini?: number | null;
  ks?: number | null;
  recall?: number | null;
  precision?: number | null;
  estAuc?: number | null;
  estRecall?: number | null;
  estPrecision?: number | null;
  details?: {
    calibrationByBand?: { band: string; n?: number; predicted?: number | null; observed?: number | null }[];
    calibrationByDecile?: {
      decile: number;
      n?: number;
      predicted?: number | null;
      observed?: number | null;
    }[];
    calibration?: {
      bands?: { band: string; n?: number; predicted?: number | null; observed?: number | null }[];
      deciles?: { decile: number; n?: number; predicted?: number | null; observed?: number | null }[];
    } | null;
    upliftByBand?: { band: string; diff?: number | null; low?: number | null; high?: number | null }[];
  } | null;
}
export interface ModelRef {
  id?: string;
  name?: string;
  version?: number | string;
  cardAuc?: number | null;
  threshold?: number | null;
}
export interface PerformanceResponse {
  model?: ModelRef | null;
  items?: PerfItem[];
  computedAt?: string | null;
}
export interface DriftItem {
  periodKind?: string;
  period?: string;
  feature?: string;
  n?: number | null;
  psi?: number | null;
  verdict?: 'stable' | 'watch' | 'act' | null;
  referenceMean?: number | null;
  currentMean?: number | null;
  meanShift?: number | null;
  missingShare?: number | null;
  shares?: number[] | null;
  referenceShares?: number[] | null;
  cuts?: number[] | null;
}
export interface DriftResponse {
  model?: ModelRef | null;
  features?: string[];
  items?: DriftItem[];
}
export interface FiringItem {
  id: string | number;
  triggerId?: string;
  name?: string | null;
  action?: string | null;
  metric?: string;
  period?: string;
  subject?: string | null;
  value?: number | null;
  threshold?: number | null;
  firedAt?: string;
  acknowledgedAt?: string | null;
  acknowledgedBy?: string | null;
  ackNote?: string | null;
  retrainingRequestId?: string | null;
  retrainingStatus?: 'OPEN' | 'TRAINING' | 'CHALLENGER_READY' | 'CLOSED' | null;
}
/** A configured trigger (GET /api/v1/monitoring/triggers `triggers`). */
export interface TriggerItem {
  id: string;
  name: string;
  metric: string;
  comparator: string;
  threshold: number;
  periodKind: string;
  cohort: string | null;
  feature: string | null;
  minSample: number;
  cooldownDays: number;
  action: string;
  enabled: boolean;
  /** Matured months a challenger comparison pools; null = 3. */
  windowMonths: number | null;
}
export interface TriggersResponse {
  triggers?: TriggerItem[];
  items?: FiringItem[];
}

export async function getJson<T>(url: string): Promise<T> {
  const r = await fetch(url, { headers: { accept: 'application/json' } });
  if (!r.ok) throw new Error(`HTTP ${r.status}`);
  return (await r.json()) as T;
}

export const POLL_MS = 30_000;

/**
 * The weekly drift, the monthly performance (all clients) and the trigger log, polled by both dashboards under
 * the same query keys (one cache), starting from the figures the server read for the first paint when given.
 */
export function useMonitoringFeeds(initial?: MonitoringFirstPaint) {
  const drift = useQuery({
    queryKey: ['monitoring-drift', 'WEEK'],
    queryFn: () => getJson<DriftResponse>('/api/v1/monitoring/drift?periodKind=WEEK'),
    initialData: initial?.drift,
    refetchInterval: POLL_MS,
  });
  const perf = useQuery({
    queryKey: ['monitoring-performance', 'MONTH', 'all'],
    queryFn: () => getJson<PerformanceResponse>('/api/v1/monitoring/performance?periodKind=MONTH&cohort=all'),
    initialData: initial?.perf,
    refetchInterval: POLL_MS,
  });
  const triggers = useQuery({
    queryKey: ['monitoring-triggers'],
    queryFn: () => getJson<TriggersResponse>('/api/v1/monitoring/triggers'),
    initialData: initial?.triggers,
    refetchInterval: POLL_MS,
  });
  return { drift, perf, triggers };
}

/** The AUC floor the design sets for retraining. */
export const AUC_FLOOR = 0.7;
export const RECALL_FLOOR = 0.8;

/** Month rows (cohort all) sorted by period. */
export function monthRows(p: PerformanceResponse | undefined): PerfItem[] {
  return (p?.items ?? [])
    .filter((i) => (i.periodKind ?? 'MONTH') === 'MONTH' && (i.cohort ?? 'all') === 'all')
    .sort((a, b) => String(a.period).localeCompare(String(b.period)));
}

/** Model health: 'ok', 'watch' (drift watch or a trigger open) or 'alert' (AUC under the floor, drift act). */
export function modelHealth(opts: {
  latestAuc: number | null | undefined;
  worstDrift: 'stable' | 'watch' | 'act' | null;
  triggersOpen: number;
}): 'ok' | 'watch' | 'alert' {
  if ((opts.latestAuc != null && opts.latestAuc < AUC_FLOOR) || opts.worstDrift === 'act') return 'alert';
  if (opts.triggersOpen > 0 || opts.worstDrift === 'watch') return 'watch';
  return 'ok';
}

/** Calibration rows of a month: the stored `calibration.{bands,deciles}`, or the `calibrationBy*` spelling. */
export function calibrationOf(d: PerfItem['details']) {
  return {
    band: d?.calibration?.bands ?? d?.calibrationByBand ?? [],
    decile: d?.calibration?.deciles ?? d?.calibrationByDecile ?? [],
  };
}
