// GET /api/v1/metrics: this process's metrics for Prometheus (text format 0.0.4). A signed-in admin, an admin's
// API key with the metrics scope, or the bearer token PROATIVA_METRICS_TOKEN may read it; anyone else gets 401/403.
import { handler } from '@/lib/api/respond';
import { metricsTokenCredential } from '@/lib/observability/metrics-token';
import { METRICS_CONTENT_TYPE, renderMetrics } from '@/lib/observability/scrape';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = handler(
  'settings:manage',
  async () => new Response(await renderMetrics(), { headers: { 'content-type': METRICS_CONTENT_TYPE } }),
  { scope: 'metrics', credential: metricsTokenCredential },
);
