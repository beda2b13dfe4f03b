'use server';
// Acknowledges a trigger firing with an optional note (monitoring:manage); audited.
import { action } from '@/lib/actions/action';
import { acknowledgeFiring as ack } from '@/lib/monitoring/firings';
import { acknowledgeFiringInput } from '@/lib/validations/monitoring';

export const acknowledgeFiring = action(
  'monitoring:manage',
  acknowledgeFiringInput,
  async ({ id, note }, { actor }) => {
    await ack(id, actor, note);
    return { message: 'actions.monitoring.acknowledged' };
  },
  { revalidate: [['/monitoring', 'layout']] },
);
