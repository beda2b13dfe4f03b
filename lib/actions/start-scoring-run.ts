'use server';

import { action } from '@/lib/actions/action';
import { formatMonth } from '@/lib/format';
import { createBatchRun } from '@/lib/scoring/batch';
import { startRunSchema } from '@/lib/validations/scoring';

/** Starts a batch scoring run for an as-of month (scoring:run); its chunks go to the workers. */
export const startScoringRun = action(
  'scoring:run',
  startRunSchema,
  async (input, { actor, locale }) => {
    const run = await createBatchRun(
      {
        asOfMonth: input.asOfMonth,
        origin: 'app',
        ...(input.chunkClients ? { chunkClients: input.chunkClients } : {}),
      },
      actor,
    );
    return {
      message: 'actions.scoring.started',
      params: { month: formatMonth(input.asOfMonth, locale), clients: run.clientsTotal },
      data: { runId: run.id },
    };
  },
  { revalidate: ['/scoring'] },
);
