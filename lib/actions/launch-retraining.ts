'use server';
// Launches the in-app trainer from a retraining request on the latest matured months (monitoring:manage);
// the challenger is compared with the champion and never promoted automatically.
import { action } from '@/lib/actions/action';
import { launchRetraining as launch } from '@/lib/monitoring/retraining';
import { launchRetrainingInput } from '@/lib/validations/monitoring';

export const launchRetraining = action(
  'monitoring:manage',
  launchRetrainingInput,
  async (input, { actor }) => {
    const r = await launch(input, actor);
    return {
      message: 'actions.monitoring.retrainingLaunched',
      params: { from: r.from, to: r.to },
      data: { trainingJobId: r.trainingJobId },
    };
  },
  {
    revalidate: [
      ['/monitoring', 'layout'],
      ['/models', 'layout'],
    ],
  },
);
