// One place that formats the figures users read: money (R$), percentages, numbers, dates (dd/mm/aaaa), months
// (mm/aaaa), Brazilian phone numbers and feature values by their unit. Intl, pt-BR by default; pure, so server
// and client components format the same value the same way.
import type { FeatureUnit } from '@/lib/features/types';
import { DEFAULT_LOCALE, TIME_ZONE, type Locale } from '@/lib/i18n/locales';

const EMPTY = '—';

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function nf(locale: Locale, key: string, opts: Intl.NumberFormatOptions): Intl.NumberFormat {
  const k = `n|${locale}|${key}`;
  let f = cache.get(k) as Intl.NumberFormat | undefined;
  if (!f) cache.set(k, (f = new Intl.NumberFormat(locale, opts)));
  return f;
}

const usable = (v: number | null | undefined): v is number =>
  v !== null && v !== undefined && Number.isFinite(v);

/** Money in reais: R$ 1.234,50 in pt-BR (cents by default; 0 digits for summaries such as means). */
export function formatMoney(
  v: number | null | undefined,
  locale: Locale = DEFAULT_LOCALE,
  digits = 2,
): string {
  if (!usable(v)) return EMPTY;
  return nf(locale, `brl${digits}`, {
    style: 'currency',
    currency: 'BRL',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(v);
}

export function formatPercent(
  v: number | null | undefined,
  locale: Locale = DEFAULT_LOCALE,
  digits = 1,
): string {
  if (!usable(v)) return EMPTY;
  return nf(locale, `pct${digits}`, {
    style: 'percent',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(v);
}

export function formatNumber(
  v: number | null | undefined,
  locale: Locale = DEFAULT_LOCALE,
  digits = 0,
): string {
  if (!usable(v)) return EMPTY;
  return nf(locale, `num${digits}`, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(
    v,
  );
}

/**
 * A feature value in the unit it is defined in (lib/features/fs-v1.ts): ratios as percentages, money in R$,
 * counts and months as whole numbers. `summary` is for statistics over many clients (means, quantiles), where
 * a count may be fractional and cents are noise.
 */
export function formatFeatureValue(
  v: number | null | undefined,
  unit: FeatureUnit | undefined,
  locale: Locale = DEFAULT_LOCALE,
  mode: 'value' | 'summary' = 'value',
): string {
  if (!usable(v)) return EMPTY;
  switch (unit) {
    case 'ratio':
      return formatPercent(v, locale, 1);
    case 'BRL':
      return formatMoney(v, locale, mode === 'summary' ? 0 : 2);
    case 'count':
    case 'months':
      return formatNumber(v, locale, mode === 'summary' && !Number.isInteger(v) ? 1 : 0);
    default:
      return formatNumber(v, locale, Number.isInteger(v) ? 0 : 3);
  }
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
export function formatDate(d: Date | string | null | undefined, locale: Locale = DEFAULT_LOCALE): string {
  const date = toDate(d);
  if (!date) return EMPTY;
  return dtf(locale, 'date', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' }).format(
    date,
  );
}

/** Date and time in Brasília time, where the business runs. */
export function formatDateTime(d: Date | string | null | undefined, locale: Locale = DEFAULT_LOCALE): string {
  const date = toDate(d);
  if (!date) return EMPTY;
  return dtf(locale, 'datetime', {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: TIME_ZONE,
  }).format(date);
}

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

/**
 * A reference month 'YYYY-MM' as mm/aaaa ('2026-03' -> '03/2026'), the way Brazilian statements print it.
 * Built from the digits rather than Intl so server and browser render the same text (no hydration mismatch);
 * the English interface uses the same numeric form. Anything that is not a month shows as a dash.
 */
export function formatMonth(ym: string | null | undefined, _locale: Locale = DEFAULT_LOCALE): string {
  const m = ym ? MONTH_RE.exec(ym.trim()) : null;
  return m ? `${m[2]}/${m[1]}` : EMPTY;
}

/**
 * A Brazilian phone number as people write it: +55 (11) 91234-5678, (11) 3333-4444 without the country code.
 * Ingestion stores digits only (10 to 13); a value that is not such a number (a masked '•••••5678', a foreign
 * number) is shown as stored rather than guessed at.
 */
export function formatPhone(phone: string | null | undefined): string {
  if (!phone) return EMPTY;
  const raw = phone.trim();
  if (!/^[\d\s+().-]+$/.test(raw)) return raw;
  let digits = raw.replace(/\D/g, '');
  if (raw.startsWith('+') && !digits.startsWith('55')) return raw; // another country's plan
  let country = '';
  if ((digits.length === 12 || digits.length === 13) && digits.startsWith('55')) {
    country = '+55 ';
    digits = digits.slice(2);
  } else if ((digits.length === 11 || digits.length === 12) && digits.startsWith('0')) {
    digits = digits.slice(1); // trunk prefix 0 before the area code
  }
  const ddd = digits.slice(0, 2);
  const local = digits.slice(2);
  // Area codes are 11..99 without a 0; mobiles have nine digits starting with 9, landlines eight.
  const valid =
    /^[1-9]{2}$/.test(ddd) && (local.length === 8 ? /^[2-9]/.test(local) : /^9\d{8}$/.test(local));
  if (!valid) return raw;
  const cut = local.length - 4;
  return `${country}(${ddd}) ${local.slice(0, cut)}-${local.slice(cut)}`;
}

const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

/**
 * A file size with one decimal at most ("2,7 MB" in pt-BR). Binary multiples (1 KB = 1024 B), the way
 * INGEST_MAX_BYTES and operating systems' file dialogs count.
 */
export function formatBytes(v: number | null | undefined, locale: Locale = DEFAULT_LOCALE): string {
  if (!usable(v) || v < 0) return EMPTY;
  let unit = 0;
  let x = v;
  while (x >= 1024 && unit < BYTE_UNITS.length - 1) {
    x /= 1024;
    unit++;
  }
  // 1023.96 KB would round to "1.024 KB": show it as the next unit instead.
  if (unit < BYTE_UNITS.length - 1 && Math.round(x * 10) / 10 >= 1024) {
    x /= 1024;
    unit++;
  }
  const digits = unit === 0 ? 0 : 1;
  return `${nf(locale, `bytes${digits}`, { maximumFractionDigits: digits }).format(x)}\u00a0${BYTE_UNITS[unit]}`;
}

/** Tiny magnitudes such as a parity difference: 1,23E-7 in pt-BR, 1.23E-7 in English. */
export function formatScientific(
  v: number | null | undefined,
  locale: Locale = DEFAULT_LOCALE,
  digits = 2,
): string {
  if (!usable(v)) return EMPTY;
  return nf(locale, `sci${digits}`, {
    notation: 'scientific',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(v);
}
