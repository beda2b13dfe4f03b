'use server';
// Starts a draft experiment (campaigns:manage); refused when another one runs for the same band and segment.
import { action } from '@/lib/actions/action';
import { startExperiment as start } from '@/lib/engagement/experiments';
import { experimentIdParam } from '@/lib/validations/engagement';

export const startExperiment = action(
  'campaigns:manage',
  experimentIdParam,
  async ({ id }, { actor }) => {
    await start(id, actor);
    return { message: 'actions.campaigns.started' };
  },
  { revalidate: ['/campaigns'] },
);
