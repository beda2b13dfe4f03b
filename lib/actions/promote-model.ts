'use server';
// Makes a version the champion (models:manage); the previous champion is retired; audited by the registry.
import { action, type ActionResult } from '@/lib/actions/action';
import { promoteToChampion } from '@/lib/models/registry';
import { modelIdSchema } from '@/lib/validations/models';

export const promoteModel = action(
  'models:manage',
  modelIdSchema,
  async ({ id }, { actor }): Promise<ActionResult<undefined>> => {
    const { champion, retired } = await promoteToChampion(id, actor);
    const model = `${champion.name} v${champion.version}`;
    if (!retired) return { message: 'actions.model.promoted', params: { model } };
    return {
      message: 'actions.model.promotedReplacing',
      params: { model, retired: `${retired.name} v${retired.version}` },
    };
  },
  { revalidate: [['/models', 'layout']] },
);
