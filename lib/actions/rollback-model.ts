'use server';
// Re-promotes the most recently retired former champion (models:manage); audited by the registry.
import { z } from 'zod';
import { action } from '@/lib/actions/action';
import { rollback } from '@/lib/models/registry';

export const rollbackModel = action(
  'models:manage',
  z.object({}),
  async (_input, { actor }) => {
    const { champion } = await rollback(actor);
    return {
      message: 'actions.model.rolledBack',
      params: { model: `${champion.name} v${champion.version}` },
    };
  },
  { revalidate: [['/models', 'layout']] },
);
