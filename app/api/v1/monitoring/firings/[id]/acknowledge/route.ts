// POST /api/v1/monitoring/firings/:id/acknowledge { note? }: a data scientist acknowledges a trigger firing
// (404 unknown, 409 already acknowledged).
import { handler, readJson } from '@/lib/api/respond';
import { acknowledgeFiring } from '@/lib/monitoring/firings';
import { getTriggers } from '@/lib/monitoring/read';
import { acknowledgeFiringInput, firingIdSchema } from '@/lib/validations/monitoring';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const POST = handler<{ params: Promise<{ id: string }> }>(
  'monitoring:manage',
  async (request, actor, ctx) => {
    const { id } = firingIdSchema.parse(await ctx.params);
    // No body at all is fine (every field is optional); a body must be JSON.
    const body = request.body ? await readJson(request) : ({ ok: true, value: {} } as const);
    if (!body.ok) return body.response;
    const input = acknowledgeFiringInput.parse({ ...(body.value as object), id });
    await acknowledgeFiring(input.id, actor, input.note);
    const firing = (await getTriggers()).items.find((f) => f.id === id);
    return Response.json(firing ?? null);
  },
);
