// The Pontuação page's arithmetic, pure so it is tested on its own: which run the page shows, a run's progress
// and duration, shares and differences against the previous run, who started a run, the histogram's bins.
// Formatting itself stays in lib/format.ts.
import { formatNumber } from '@/lib/format';
import type { Locale } from '@/lib/i18n/locales';
import { UUID_RE } from '@/lib/validations/common';

export type RunStatus = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

const TERMINAL: ReadonlySet<RunStatus> = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

/** A run that will not change any more: polling stops. */
export function isTerminal(status: RunStatus | undefined): boolean {
  return status !== undefined && TERMINAL.has(status);
}

export type RunNotice = 'runNotFound' | 'runInvalid';

/**
 * Which run the page shows for `?run=`: the one asked for when it exists, else the newest with a notice (a
 * stale bookmark or a hand-typed address must not become a 500). `find` answers whether an id exists.
 */
export async function pickRun(
  asked: string | string[] | undefined,
  newestId: string | null,
  find: (id: string) => Promise<boolean>,
): Promise<{ id: string | null; notice: RunNotice | null }> {
  const raw = Array.isArray(asked) ? asked[0] : asked;
  if (raw === undefined || raw === '') return { id: newestId, notice: null };
  const id = raw.trim();
  if (!UUID_RE.test(id)) return { id: newestId, notice: 'runInvalid' };
  if (await find(id.toLowerCase())) return { id: id.toLowerCase(), notice: null };
  return { id: newestId, notice: 'runNotFound' };
}

/** Clients done out of the total, 0..1; a finished run is complete even when it had nobody left to score. */
export function progressShare(run: { status: RunStatus; clientsDone: number; clientsTotal: number }): number {
  if (run.status === 'SUCCEEDED') return 1;
  if (run.clientsTotal <= 0) return 0;
  return Math.min(1, Math.max(0, run.clientsDone / run.clientsTotal));
}

/** A finished run's wall time in seconds, from its first chunk (or its creation) to its end; null while open. */
export function runSeconds(run: {
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}): number | null {
  if (!run.finishedAt) return null;
  const from = Date.parse(run.startedAt ?? run.createdAt);
  const to = Date.parse(run.finishedAt);
  if (!Number.isFinite(from) || !Number.isFinite(to)) return null;
  return Math.max(0, (to - from) / 1000);
}

export type DurationParts =
  | { unit: 'seconds'; s: number }
  | { unit: 'minutes'; m: number; s: number }
  | { unit: 'hours'; h: number; m: number };

/** Seconds as people say a duration: 42 s, 3 min 05 s, 1 h 12 min (rounded up to the second). */
export function durationParts(seconds: number): DurationParts {
  const total = Math.max(0, Math.ceil(seconds));
  if (total < 60) return { unit: 'seconds', s: total };
  if (total < 3600) return { unit: 'minutes', m: Math.floor(total / 60), s: total % 60 };
  return { unit: 'hours', h: Math.floor(total / 3600), m: Math.floor((total % 3600) / 60) };
}

/** n of total as a share, or null when there is no total to divide by. */
export function shareOf(n: number, total: number): number | null {
  return total > 0 ? n / total : null;
}

/** A change in a count with its sign: +1.234, −56, 0. */
export function signedCount(n: number, locale: Locale): string {
  if (n === 0) return formatNumber(0, locale);
  return `${n > 0 ? '+' : '−'}${formatNumber(Math.abs(n), locale)}`;
}

/** A change in a share, in percentage points with one decimal: +1,2, −0,4, 0,0 (the unit comes from the label). */
export function signedPoints(delta: number, locale: Locale): string {
  const points = Math.round(delta * 1000) / 10;
  if (points === 0) return formatNumber(0, locale, 1);
  return `${points > 0 ? '+' : '−'}${formatNumber(Math.abs(points), locale, 1)}`;
}

/** Where runs come from when no person started them (ScoringRun.origin), as label keys. */
export const SYSTEM_ORIGINS = ['api', 'cli', 'demo', 'schedule'] as const;
export type SystemOrigin = (typeof SYSTEM_ORIGINS)[number] | 'other';

/** Who started a run: the person's name, else the system path it came through. */
export function startedBy(run: {
  createdBy: string | null;
  origin: string;
}): { person: string } | { system: SystemOrigin } {
  if (run.createdBy) return { person: run.createdBy };
  const o = (SYSTEM_ORIGINS as readonly string[]).includes(run.origin)
    ? (run.origin as SystemOrigin)
    : 'other';
  return { system: o };
}

/** The histogram's bins as score ranges: bin k holds scores in [k/n, (k+1)/n). */
export function histogramBins(counts: readonly number[]): { from: number; to: number; count: number }[] {
  const n = counts.length;
  return counts.map((count, k) => ({ from: k / n, to: (k + 1) / n, count }));
}

type BandCounts = { LOW: number; MODERATE: number; CRITICAL: number };
export const BAND_ORDER = ['CRITICAL', 'MODERATE', 'LOW'] as const;

export interface BandRow {
  band: (typeof BAND_ORDER)[number];
  clients: number;
  share: number | null;
  holdout: number;
  previous: { clients: number; share: number | null; deltaClients: number; deltaShare: number | null } | null;
}

/** Clients and share per band, riskiest first, beside the previous run's (whose total may differ). */
export function bandRows(summary: {
  clients: number;
  counts: BandCounts;
  holdoutByBand: BandCounts;
  previous: { clients: number; counts: BandCounts } | null;
}): BandRow[] {
  return BAND_ORDER.map((band) => {
    const clients = summary.counts[band];
    const share = shareOf(clients, summary.clients);
    const p = summary.previous;
    let previous: BandRow['previous'] = null;
    if (p) {
      const prevShare = shareOf(p.counts[band], p.clients);
      previous = {
        clients: p.counts[band],
        share: prevShare,
        deltaClients: clients - p.counts[band],
        deltaShare: share !== null && prevShare !== null ? share - prevShare : null,
      };
    }
    return { band, clients, share, holdout: summary.holdoutByBand[band], previous };
  });
}
