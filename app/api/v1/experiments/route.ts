// GET /api/v1/experiments: every experiment with its variants (campaigns:view). POST: a new experiment
// { name, band, segment?, variants: [{ key, template, weight }], start? } (campaigns:manage).
import { handler, readJson } from '@/lib/api/respond';
import { db } from '@/lib/db';
import { createExperiment } from '@/lib/engagement/experiments';
import { createExperimentInput } from '@/lib/validations/engagement';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = handler('campaigns:view', async () =>
  Response.json({
    experiments: await db.experiment.findMany({
      include: { variants: true },
      orderBy: { createdAt: 'desc' },
    }),
  }),
);

export const POST = handler('campaigns:manage', async (request, actor) => {
  const body = await readJson(request);
  if (!body.ok) return body.response;
  const id = await createExperiment(createExperimentInput.parse(body.value), actor);
  return Response.json({ id }, { status: 201 });
});
