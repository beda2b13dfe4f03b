// GET /api/v1/training/:id: status and live progress of one training job (the training panel polls it).
import { apiError, handler } from '@/lib/api/respond';
import { getTrainingJob, trainingJobJson } from '@/lib/jobs/training-jobs';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = handler<{ params: Promise<{ id: string }> }>(
  'models:view',
  async (_request, _actor, ctx) => {
    const { id } = await ctx.params;
    const job = await getTrainingJob(id);
    if (!job) return apiError(404, 'NOT_FOUND', `No training job with id ${id}.`);
    return Response.json(trainingJobJson(job), { headers: { 'cache-control': 'no-store' } });
  },
);
