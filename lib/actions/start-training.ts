'use server';
// Starts a background training run (models:manage): validates the windows and hyper-parameters, stores a
// QUEUED TrainingJob and queues it. Takes the training panel's flat form or the same fields as an object.
import { z } from 'zod';
import { action, refuse } from '@/lib/actions/action';
import { createTrainingJob } from '@/lib/jobs/training-jobs';
import { formFieldOf, requestFromForm, trainingRequestSchema } from '@/lib/jobs/training-request';
import { log } from '@/lib/log';

export const startTraining = action(
  'models:manage',
  z.preprocess(requestFromForm, trainingRequestSchema),
  async (request, { actor }) => {
    let jobId: string;
    try {
      jobId = (await createTrainingJob(request, actor)).id;
    } catch (e) {
      // The queue (pg-boss) being down is an operational failure, not the user's: say so, keep the details.
      log.error({ err: e }, 'training job could not be queued');
      return refuse('actions.training.queueFailed', {}, { status: 503 });
    }
    return { message: 'actions.training.queued', data: { jobId } };
  },
  { revalidate: [['/models', 'layout']], fieldOf: formFieldOf },
);
