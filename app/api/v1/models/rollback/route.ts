// POST /api/v1/models/rollback: re-promotes the most recently retired former champion (audited); 409 if none.
import { handler } from '@/lib/api/respond';
import { rollback } from '@/lib/models/registry';
import { modelJson } from '@/lib/data/models';
import { registryErrorResponse } from '../registry-error';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const POST = handler('models:manage', async (_request, actor) => {
  try {
    const { champion, retired } = await rollback(actor);
    return Response.json({
      champion: modelJson(champion),
      retired: retired ? { id: retired.id, name: retired.name, version: retired.version } : null,
    });
  } catch (e) {
    const r = registryErrorResponse(e);
    if (r) return r;
    throw e;
  }
});
