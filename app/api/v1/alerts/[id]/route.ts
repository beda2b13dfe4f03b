// GET /api/v1/alerts/{id}: one alert with its client (masked unless the caller holds it), assignee, portfolio,
// SLA state, the steps the caller may take next, and the audit trail.
import { handler } from '@/lib/api/respond';
import { AppError } from '@/lib/errors';
import { getAlert } from '@/lib/data/alerts';
import { workActorOf } from '@/lib/alerts/actor';
import { idInput } from '@/lib/validations/common';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = handler(
  'alerts:view',
  async (request, actor, context: { params: Promise<{ id: string }> }) => {
    const { id } = idInput.parse(await context.params);
    const acting = await workActorOf(actor, request, { required: false });
    const alert = await getAlert(id, actor, acting);
    if (!alert) throw new AppError('alerts.notFound', { id }, 404);
    return Response.json({ alert });
  },
);
