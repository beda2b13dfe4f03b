// How the Política page writes a policy's figures: thresholds and shares with just the decimals they need
// (0.2 is 20%, 0.125 is 12,5%), so a rule reads exactly as it is stored and never rounded into another value,
// and signed differences. Formatting itself stays in lib/format.ts.
import { formatNumber, formatPercent } from '@/lib/format';
import type { Locale } from '@/lib/i18n/locales';

/** The fewest decimals, from min to max, that write v exactly (max when none does). */
export function exactDigits(v: number, min: number, max: number): number {
  for (let d = min; d < max; d++) {
    const scaled = v * 10 ** d;
    if (Math.abs(scaled - Math.round(scaled)) < 1e-9 * Math.max(1, Math.abs(scaled))) return d;
  }
  return max;
}

/** A threshold or share as a percentage with the decimals it needs: 20%, 12,5%, 0,25%. */
export function exactPercent(v: number, locale: Locale): string {
  return formatPercent(v, locale, exactDigits(v * 100, 0, 4));
}

/** A threshold or share as the decimal the form takes (0,20 in pt-BR, 0.20 in English). */
export function formDecimal(v: number, locale: Locale): string {
  return formatNumber(v, locale, exactDigits(v, 2, 6));
}

/** A change in a count with its sign: +1.234, −56, 0. */
export function signedCount(n: number, locale: Locale): string {
  if (n === 0) return formatNumber(0, locale);
  return `${n > 0 ? '+' : '−'}${formatNumber(Math.abs(n), locale)}`;
}
