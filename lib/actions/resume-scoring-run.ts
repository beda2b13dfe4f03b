'use server';

import { action } from '@/lib/actions/action';
import { resumeRun } from '@/lib/scoring/resume';
import { runIdSchema } from '@/lib/validations/scoring';

/** Resumes a failed or cancelled batch run: its unfinished chunks are queued again (scoring:run). */
export const resumeScoringRun = action(
  'scoring:run',
  runIdSchema,
  async (input, { actor }) => {
    const r = await resumeRun(input.id, actor);
    return { message: 'actions.scoring.resumed', params: { chunks: r.chunks } };
  },
  { revalidate: ['/scoring'] },
);
