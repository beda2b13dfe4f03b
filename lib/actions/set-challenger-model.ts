'use server';
// Marks a version as challenger (models:manage): shadow-scored next to the champion, never driving decisions.
import { action } from '@/lib/actions/action';
import { setChallenger } from '@/lib/models/registry';
import { modelIdSchema } from '@/lib/validations/models';

export const setChallengerModel = action(
  'models:manage',
  modelIdSchema,
  async ({ id }, { actor }) => {
    const m = await setChallenger(id, actor);
    return { message: 'actions.model.challenger', params: { model: `${m.name} v${m.version}` } };
  },
  { revalidate: [['/models', 'layout']] },
);
