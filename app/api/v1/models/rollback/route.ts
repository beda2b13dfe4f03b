// POST /api/v1/models/rollback: re-promotes the most recently retired former champion (audited); 409 if none.
import { handler } from '@/lib/api/respond';
import { rollback } from '@/lib/models/registry';
import { championChangeJson, registryErrorResponse } from '../registry-error';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const POST = handler('models:manage', async (request, actor) => {
  try {
    return Response.json(championChangeJson(await rollback(actor)));
  } catch (e) {
    const r = registryErrorResponse(e, request);
    if (r) return r;
    throw e;
  }
});
