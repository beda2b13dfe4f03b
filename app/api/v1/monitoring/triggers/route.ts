// GET /api/v1/monitoring/triggers?open=true|false: the trigger definitions and their firings, newest first.
import { handler } from '@/lib/api/respond';
import { getTriggers } from '@/lib/monitoring/read';
import { triggersQuery } from '@/lib/validations/monitoring';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = handler('monitoring:view', async (request) => {
  const q = triggersQuery.parse({ open: new URL(request.url).searchParams.get('open') ?? undefined });
  return Response.json(await getTriggers(q.open === undefined ? {} : { open: q.open === 'true' }));
});
