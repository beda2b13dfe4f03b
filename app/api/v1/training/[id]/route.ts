// GET /api/v1/training/:id: status and live progress of one training job (the training panel polls it).
import { apiError, handler } from '@/lib/api/respond';
import { getTrainingJob, trainingJobJson } from '@/lib/jobs/training-jobs';
import { localeOfRequest } from '@/lib/i18n/server';
import { translateKey } from '@/lib/i18n/translate';
import { idInput } from '@/lib/validations/common';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = handler<{ params: Promise<{ id: string }> }>(
  'models:view',
  async (request, _actor, ctx) => {
    // Not a uuid (36 dashes included): 400 naming `id`, never a database error.
    const { id } = idInput.parse(await ctx.params);
    const job = await getTrainingJob(id);
    if (!job) {
      return apiError(
        404,
        'NOT_FOUND',
        translateKey(localeOfRequest(request), 'api.training.notFound', { id }),
      );
    }
    return Response.json(trainingJobJson(job));
  },
);
