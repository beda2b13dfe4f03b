'use server';
// Admin: assigns (or reassigns) a NEW or CLAIMED alert to a manager; audited in the alert's trail.
import { action } from '@/lib/actions/action';
import { assignAlert as assign } from '@/lib/alerts/service';
import { workActorOf } from '@/lib/alerts/actor';
import { assignAlertInput } from '@/lib/validations/alerts';

export const assignAlert = action(
  'portfolios:manage',
  assignAlertInput,
  async ({ id, assigneeId, note }, { actor }) => {
    const r = await assign(id, assigneeId, (await workActorOf(actor, null, { required: true }))!, { note });
    return { message: 'alerts.actions.assigned', params: { name: r.assignee } };
  },
  { revalidate: ['/alerts', ['/alerts/[id]', 'page']] },
);
