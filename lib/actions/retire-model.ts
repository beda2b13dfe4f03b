'use server';
// Retires a candidate or challenger (models:manage; never the champion: the registry refuses); audited.
import { action } from '@/lib/actions/action';
import { retire } from '@/lib/models/registry';
import { modelIdSchema } from '@/lib/validations/models';

export const retireModel = action(
  'models:manage',
  modelIdSchema,
  async ({ id }, { actor }) => {
    const m = await retire(id, actor);
    return { message: 'actions.model.retired', params: { model: `${m.name} v${m.version}` } };
  },
  { revalidate: [['/models', 'layout']] },
);
