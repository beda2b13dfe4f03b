// One place that formats money, percentages, numbers and dates for the UI (Intl, pt-BR by default).
import type { Locale } from '@/lib/i18n/messages';

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function nf(locale: Locale, key: string, opts: Intl.NumberFormatOptions): Intl.NumberFormat {
  const k = `n|${locale}|${key}`;
  let f = cache.get(k) as Intl.NumberFormat | undefined;
  if (!f) cache.set(k, (f = new Intl.NumberFormat(locale, opts)));
  return f;
}

export function formatMoney(v: number | null | undefined, locale: Locale = 'pt-BR'): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return nf(locale, 'brl', { style: 'currency', currency: 'BRL' }).format(v);
}

export function formatPercent(v: number | null | undefined, locale: Locale = 'pt-BR', digits = 1): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return nf(locale, `pct${digits}`, {
    style: 'percent',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(v);
}

export function formatNumber(v: number | null | undefined, locale: Locale = 'pt-BR', digits = 0): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return nf(locale, `num${digits}`, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(
    v,
  );
}

function dtf(locale: Locale, key: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const k = `d|${locale}|${key}`;
  let f = cache.get(k) as Intl.DateTimeFormat | undefined;
  if (!f) cache.set(k, (f = new Intl.DateTimeFormat(locale, opts)));
  return f;
}

function toDate(d: Date | string | null | undefined): Date | null {
  if (!d) return null;
  const date = typeof d === 'string' ? new Date(d) : d;
  return Number.isNaN(+date) ? null : date;
}

/** Dates as dd/mm/aaaa in pt-BR (UTC, so a date does not shift with the server's time zone). */
export function formatDate(d: Date | string | null | undefined, locale: Locale = 'pt-BR'): string {
  const date = toDate(d);
  if (!date) return '—';
  return dtf(locale, 'date', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' }).format(
    date,
  );
}

/** Date and time in Brasília time, where the business runs. */
export function formatDateTime(d: Date | string | null | undefined, locale: Locale = 'pt-BR'): string {
  const date = toDate(d);
  if (!date) return '—';
  return dtf(locale, 'datetime', {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'America/Sao_Paulo',
  }).format(date);
}
