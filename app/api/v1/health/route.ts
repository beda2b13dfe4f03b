// Public readiness probe for load balancers and operators (no secrets in the answer).
import { checkHealth } from '@/lib/health';

export const dynamic = 'force-dynamic';

export async function GET() {
  try {
    const h = await checkHealth();
    return Response.json(h, {
      status: h.status === 'down' ? 503 : 200,
      headers: { 'cache-control': 'no-store' },
    });
  } catch (e) {
    const message = e instanceof Error ? e.message : 'unknown error';
    return Response.json({ status: 'down', error: { code: 'INTERNAL', message } }, { status: 503 });
  }
}
