// Reading the figures the Modelos pages show out of a model card (metrics may be absent on uploaded models).
import type { ModelCard, SplitMetrics } from '@/lib/models/card';

export function atThreshold(m: SplitMetrics | undefined, threshold: number) {
  return m?.atThreshold.find((t) => Math.abs(t.threshold - threshold) < 1e-9);
}

export function windowText(w: { from: string; to: string } | undefined): string {
  return w ? `${w.from} – ${w.to}` : '—';
}

export function cardOf(card: unknown): ModelCard {
  return card as ModelCard;
}
