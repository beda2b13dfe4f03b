// GET /api/v1/training: the most recent training jobs (without per-iteration history), newest first.
// POST /api/v1/training: starts a training job (JSON body as TrainingJob.params); 202 with the job.
import { apiError, handler, readJson } from '@/lib/api/respond';
import { createTrainingJob, listTrainingJobs, trainingJobJson } from '@/lib/jobs/training-jobs';
import { trainingRequestSchema } from '@/lib/jobs/training-request';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = handler('models:view', async (request) => {
  const limitParam = new URL(request.url).searchParams.get('limit');
  const limit = limitParam && /^\d+$/.test(limitParam) ? Math.min(100, Math.max(1, Number(limitParam))) : 20;
  const jobs = await listTrainingJobs(limit);
  return Response.json({ jobs: jobs.map((j) => trainingJobJson(j, { history: false })) });
});

export const POST = handler('models:manage', async (request, actor) => {
  const body = await readJson(request);
  if (!body.ok) return body.response;
  const parsed = trainingRequestSchema.parse(body.value);
  try {
    const job = await createTrainingJob(parsed, actor);
    return Response.json(trainingJobJson(job), {
      status: 202,
      headers: { location: `/api/v1/training/${job.id}` },
    });
  } catch (e) {
    console.error('[api] training enqueue failed:', e);
    return apiError(500, 'INTERNAL', 'The training job could not be queued. It has been logged.');
  }
});
