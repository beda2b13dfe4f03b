'use server';

import { revalidatePath } from 'next/cache';
import { guard } from '@/lib/actions/auth-guard';
import { createTrainingJob } from '@/lib/jobs/training-jobs';
import { formFieldOf, requestFromForm, trainingRequestSchema } from '@/lib/jobs/training-request';

export interface StartTrainingState {
  ok: boolean;
  message: string;
  fieldErrors?: Record<string, string[] | undefined>;
  jobId?: string;
  status?: 401 | 403;
}

/**
 * Starts a background training run (models:manage): validates the windows and hyper-parameters, stores a
 * QUEUED TrainingJob and queues it. Accepts the training panel's form or the same fields as an object.
 */
export async function startTraining(
  _prev: StartTrainingState | null,
  input: FormData | Record<string, unknown>,
): Promise<StartTrainingState> {
  const g = await guard('models:manage');
  if ('denied' in g) return g.denied;
  const fields = input instanceof FormData ? Object.fromEntries(input) : input;
  const parsed = trainingRequestSchema.safeParse(requestFromForm(fields));
  if (!parsed.success) {
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues)
      (fieldErrors[formFieldOf(issue.path)] ??= []).push(issue.message);
    return { ok: false, message: 'Check the highlighted fields.', fieldErrors };
  }
  let jobId: string;
  try {
    jobId = (await createTrainingJob(parsed.data, g.actor)).id;
  } catch (e) {
    return { ok: false, message: `The training could not be queued: ${(e as Error).message}` };
  }
  revalidatePath('/models', 'layout');
  return { ok: true, message: 'Training queued.', jobId };
}
