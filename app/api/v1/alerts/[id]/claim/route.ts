// POST /api/v1/alerts/{id}/claim: NEW -> CLAIMED for the caller (or the manager an API key acts for). Of any
// number of simultaneous claims exactly one gets 200; the others get 409 naming the holder.
import { handler } from '@/lib/api/respond';
import { claimAlert } from '@/lib/alerts/service';
import { workActorOf } from '@/lib/alerts/actor';
import { getAlert } from '@/lib/data/alerts';
import { idInput } from '@/lib/validations/common';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const POST = handler(
  'alerts:work',
  async (request, actor, context: { params: Promise<{ id: string }> }) => {
    const { id } = idInput.parse(await context.params);
    const who = (await workActorOf(actor, request, { required: true }))!;
    await claimAlert(id, who);
    return Response.json({ alert: await getAlert(id, actor, who) });
  },
  { scope: 'alerts' },
);
