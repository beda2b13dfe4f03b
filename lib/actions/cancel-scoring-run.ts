'use server';

import { action } from '@/lib/actions/action';
import { cancelRun } from '@/lib/scoring/batch';
import { runIdSchema } from '@/lib/validations/scoring';

/** Cancels a queued or running batch run (scoring:run). */
export const cancelScoringRun = action(
  'scoring:run',
  runIdSchema,
  async (input, { actor }) => {
    await cancelRun(input.id, actor);
    return { message: 'actions.scoring.cancelled' };
  },
  { revalidate: ['/scoring'] },
);
