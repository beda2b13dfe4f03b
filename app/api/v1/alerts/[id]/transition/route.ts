// POST /api/v1/alerts/{id}/transition { to, note?, nextContactAt?, via? }: one step of the status flow by the
// assignee or an admin. Invalid steps are 409, CONTACTED by phone of a do-not-call client 422.
import { handler, readJson } from '@/lib/api/respond';
import { transitionAlert } from '@/lib/alerts/service';
import { workActorOf } from '@/lib/alerts/actor';
import { getAlert } from '@/lib/data/alerts';
import { idInput } from '@/lib/validations/common';
import { transitionBody } from '@/lib/validations/alerts';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const POST = handler(
  'alerts:work',
  async (request, actor, context: { params: Promise<{ id: string }> }) => {
    const { id } = idInput.parse(await context.params);
    const body = await readJson(request);
    if (!body.ok) return body.response;
    const input = transitionBody.parse(body.value);
    const who = (await workActorOf(actor, request, { required: true }))!;
    await transitionAlert(id, who, input);
    return Response.json({ alert: await getAlert(id, actor, who) });
  },
  { scope: 'alerts' },
);
