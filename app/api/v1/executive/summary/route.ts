// GET /api/v1/executive/summary: the Visão executiva KPIs (clients scored, band mix, alerts, offers,
// conversion, estimated provision avoided), for the page's polling and machine clients.
import { handler } from '@/lib/api/respond';
import { getExecutiveSummary } from '@/lib/data/executive';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = handler('executive:view', async (_request, actor) =>
  Response.json(await getExecutiveSummary(actor)),
);
