// The alert SLA calendar (pure, no I/O): Brazilian bank business days and the first-contact deadline.
//
// Business days are Monday to Friday minus the national bank holidays (the FEBRABAN calendar's national part):
// the fixed civil holidays, Nov 20 (Consciência Negra, national since 2024, Lei 14.759/2023), and the
// Easter-based days banks close on: Carnival Monday and Tuesday, Good Friday and Corpus Christi. Carnival and
// Corpus Christi are "pontos facultativos" in civil law but bank holidays in practice, and a card issuer's
// managers work bank hours, so they count. Regional holidays are not modelled.
//
// All dates are in America/Sao_Paulo, which has kept UTC-03:00 all year since 2019 (no DST), so a fixed offset
// is exact for every date this product handles.

export const SAO_PAULO_OFFSET_MS = -3 * 3600_000;
/** Default: first contact within 2 business days of the alert opening. */
export const DEFAULT_SLA_BUSINESS_DAYS = 2;
/** An alert is "due soon" in the last 24 hours before its deadline (the last business day, in practice). */
export const DUE_SOON_MS = 24 * 3600_000;

export type SlaState = 'ok' | 'dueSoon' | 'breached' | 'met';
export const SLA_STATES = ['ok', 'dueSoon', 'breached', 'met'] as const satisfies readonly SlaState[];

/** Easter Sunday of a Gregorian year (Meeus/Jones/Butcher), as [month 1-12, day]. */
export function easter(year: number): [number, number] {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return [month, day];
}

const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
const DAY = 86_400_000;

const cache = new Map<number, Map<string, string>>();

/** The national bank holidays of a year: ISO date (yyyy-mm-dd) -> name key. */
export function holidays(year: number): Map<string, string> {
  const hit = cache.get(year);
  if (hit) return hit;
  const out = new Map<string, string>();
  const fixed = (m: number, d: number, name: string) => out.set(iso(Date.UTC(year, m - 1, d)), name);
  fixed(1, 1, 'newYear');
  fixed(4, 21, 'tiradentes');
  fixed(5, 1, 'labour');
  fixed(9, 7, 'independence');
  fixed(10, 12, 'aparecida');
  fixed(11, 2, 'allSouls');
  fixed(11, 15, 'republic');
  if (year >= 2024) fixed(11, 20, 'blackConsciousness');
  fixed(12, 25, 'christmas');
  const [em, ed] = easter(year);
  const e = Date.UTC(year, em - 1, ed);
  out.set(iso(e - 48 * DAY), 'carnivalMonday');
  out.set(iso(e - 47 * DAY), 'carnivalTuesday');
  out.set(iso(e - 2 * DAY), 'goodFriday');
  out.set(iso(e + 60 * DAY), 'corpusChristi');
  cache.set(year, out);
  return out;
}

/** Midnight UTC of the São Paulo calendar day of an instant (a date-only value). */
export function localDay(at: Date): number {
  const shifted = at.getTime() + SAO_PAULO_OFFSET_MS;
  return shifted - (((shifted % DAY) + DAY) % DAY);
}

/** Is this São Paulo calendar day (midnight UTC of it, from localDay) a bank business day? */
export function isBusinessDayLocal(day: number): boolean {
  const d = new Date(day);
  const wd = d.getUTCDay();
  if (wd === 0 || wd === 6) return false;
  return !holidays(d.getUTCFullYear()).has(iso(day));
}

export function isBusinessDay(at: Date): boolean {
  return isBusinessDayLocal(localDay(at));
}

/**
 * The deadline `days` business days after an instant: the end (23:59:59.999 São Paulo) of the `days`-th
 * business day after the instant's own day. An alert opened on a Friday afternoon with 2 days is due at the
 * end of Tuesday; one opened on a Saturday, too.
 */
export function addBusinessDays(from: Date, days: number): Date {
  let day = localDay(from);
  let left = days;
  while (left > 0) {
    day += DAY;
    if (isBusinessDayLocal(day)) left--;
  }
  return new Date(day + DAY - SAO_PAULO_OFFSET_MS - 1);
}

export function slaDueAt(openedAt: Date, days = DEFAULT_SLA_BUSINESS_DAYS): Date {
  return addBusinessDays(openedAt, days);
}

/** The SLA state of an alert at `now`: met once first contacted, else by the time left to its deadline. */
export function slaState(
  a: { slaDueAt: Date | string | null; firstContactAt: Date | string | null },
  now: Date = new Date(),
): SlaState {
  if (a.firstContactAt) return 'met';
  if (!a.slaDueAt) return 'ok';
  const due = new Date(a.slaDueAt).getTime();
  const t = now.getTime();
  if (t > due) return 'breached';
  if (due - t <= DUE_SOON_MS) return 'dueSoon';
  return 'ok';
}
