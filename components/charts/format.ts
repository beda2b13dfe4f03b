// The charts' three-decimal number (AUC, PSI, p-values, means): one helper for both dashboards, on lib/format.
import type { Locale } from '@/lib/i18n/locales';
import { formatNumber } from '@/lib/format';

export const num3 = (v: number | null | undefined, l: Locale) => formatNumber(v, l, 3);
