// One scrape of the process's metrics in the Prometheus text format. Concurrent scrapes share one collection
// (the collectors' gauges are process-wide, so two interleaved collections would overwrite each other), and each
// collection reads the database afresh.
import 'server-only';
import { metricsRegistry } from '@/lib/observability/http';
import { beginScrape, registerCollectors } from '@/lib/observability/collectors';

export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

const g = globalThis as unknown as { __proativaScrape?: { inflight: Promise<string> | null } };
const state = (g.__proativaScrape ??= { inflight: null });

/** Every metric of this process, as Prometheus text (exposition format 0.0.4). */
export function renderMetrics(): Promise<string> {
  if (state.inflight) return state.inflight;
  const registry = metricsRegistry();
  registerCollectors(registry);
  beginScrape();
  const p = registry.metrics().finally(() => {
    if (state.inflight === p) state.inflight = null;
  });
  state.inflight = p;
  return p;
}
