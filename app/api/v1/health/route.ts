// Readiness probe for load balancers: anyone gets up or down (200 `{status:'ok'}` / 503 `{status:'down'}`);
// the details (database, migrations, champion model) are for a signed-in user or an API key only, since
// they tell an outsider which version runs and what is broken.
import { authorize } from '@/lib/auth/session';
import { checkHealth, type Health } from '@/lib/health';
import { log, requestIdFrom } from '@/lib/log';

export const dynamic = 'force-dynamic';

async function mayReadDetails(request: Request): Promise<boolean> {
  try {
    await authorize('profile:view', request);
    return true;
  } catch {
    // Anonymous, or a bad key: a probe never gets a 401, just the short answer.
    return false;
  }
}

export async function GET(request: Request) {
  const headers = { 'cache-control': 'no-store', 'x-request-id': requestIdFrom(request.headers) };
  let h: Health | null = null;
  try {
    h = await checkHealth();
  } catch (err) {
    log.error({ err }, 'health check failed');
  }
  const status = h && h.status !== 'down' ? 'ok' : 'down';
  const code = status === 'ok' ? 200 : 503;
  if (h && (await mayReadDetails(request))) return Response.json(h, { status: code, headers });
  return Response.json({ status }, { status: code, headers });
}
