'use server';
// Releases a claimed alert back to the queue (CLAIMED -> NEW; assignee or admin), audited with the note.
import { action } from '@/lib/actions/action';
import { transitionAlert } from '@/lib/alerts/service';
import { workActorOf } from '@/lib/alerts/actor';
import { releaseAlertInput } from '@/lib/validations/alerts';

export const releaseAlert = action(
  'alerts:work',
  releaseAlertInput,
  async ({ id, note }, { actor }) => {
    await transitionAlert(id, (await workActorOf(actor, null, { required: true }))!, { to: 'NEW', note });
    return { message: 'alerts.actions.released' };
  },
  { revalidate: ['/alerts', ['/alerts/[id]', 'page']] },
);
