// POST /api/v1/offers/{id}/accept: the client accepted a digital offer (a conversion), reported by the app or
// the CRM. Uses the permission and key scope the CRM's ingestion key already has ('ingestion:run', scope
// 'ingest'), so no new scope was needed. Idempotent: the first acceptance wins.
import { handler } from '@/lib/api/respond';
import { acceptOffer } from '@/lib/engagement/experiments';
import { offerIdParam } from '@/lib/validations/engagement';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const POST = handler(
  'ingestion:run',
  async (_request, _actor, context: { params: Promise<{ id: string }> }) => {
    const { id } = offerIdParam.parse(await context.params);
    return Response.json({ result: await acceptOffer(id) });
  },
  { scope: 'ingest' },
);
