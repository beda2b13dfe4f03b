'use server';
// Stops a running experiment (campaigns:manage); its offers and results stay.
import { action } from '@/lib/actions/action';
import { stopExperiment as stop } from '@/lib/engagement/experiments';
import { experimentIdParam } from '@/lib/validations/engagement';

export const stopExperiment = action(
  'campaigns:manage',
  experimentIdParam,
  async ({ id }, { actor }) => {
    await stop(id, actor);
    return { message: 'actions.campaigns.stopped' };
  },
  { revalidate: ['/campaigns'] },
);
