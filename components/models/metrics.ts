// Reading the figures the Modelos pages show out of a model card (metrics may be absent on uploaded models).
import type { SplitMetrics } from '@/lib/models/card';
import { formatMonth } from '@/lib/format';
import type { Locale } from '@/lib/i18n/locales';

export function atThreshold(m: SplitMetrics | undefined, threshold: number) {
  return m?.atThreshold.find((t) => Math.abs(t.threshold - threshold) < 1e-9);
}

/** An as-of window as 'mm/aaaa – mm/aaaa'; a dash when the card has none. */
export function windowText(w: { from: string; to: string } | undefined, locale: Locale): string {
  return w ? `${formatMonth(w.from, locale)} – ${formatMonth(w.to, locale)}` : '—';
}

/** The label key of a stored source format ('onnx' | 'lightgbm-text'); null for a format this UI does not know. */
export function sourceFormatKey(format: string) {
  if (format === 'onnx') return 'sourceFormat.onnx' as const;
  if (format === 'lightgbm-text') return 'sourceFormat.lightgbmText' as const;
  return null;
}
