// GET /api/v1/alerts: one page of the alert queue under the same filters as the page (status as a comma list,
// scope all|mine|pool, assignee me|none|<user id>, segment, region, sla, q, page, pageSize), with the open
// counts per status. An API key may add X-Proativa-Acting-User (scope 'alerts') to read as that manager.
import { handler } from '@/lib/api/respond';
import { getAlertQueue } from '@/lib/data/alerts';
import { workActorOf } from '@/lib/alerts/actor';
import { alertQueueQuery } from '@/lib/validations/alerts';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = handler('alerts:view', async (request, actor) => {
  const url = new URL(request.url);
  const query = alertQueueQuery.parse(Object.fromEntries(url.searchParams));
  const acting = await workActorOf(actor, request, { required: false });
  const page = await getAlertQueue(query, actor, acting);
  return Response.json(page);
});
