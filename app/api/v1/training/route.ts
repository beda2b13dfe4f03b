// GET /api/v1/training?limit=1..100: the most recent training jobs (without per-iteration history), newest
// first. POST /api/v1/training: starts a training job (JSON body as TrainingJob.params); 202 with the job.
import { apiError, handler, readJson } from '@/lib/api/respond';
import { createTrainingJob, listTrainingJobs, trainingJobJson } from '@/lib/jobs/training-jobs';
import { trainingRequestSchema } from '@/lib/jobs/training-request';
import { localeOfRequest } from '@/lib/i18n/server';
import { translateKey } from '@/lib/i18n/translate';
import { log } from '@/lib/log';
import { trainingListQuery } from '@/lib/validations/training';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = handler('models:view', async (request) => {
  const sp = new URL(request.url).searchParams;
  const { limit = 20 } = trainingListQuery.parse({ limit: sp.get('limit') ?? undefined });
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
  } catch (err) {
    log.error({ err }, 'training job could not be queued');
    return apiError(500, 'INTERNAL', translateKey(localeOfRequest(request), 'api.training.enqueueFailed'));
  }
});
