'use server';
// Moves a claimed alert along the status flow with a note and a next-contact date (alerts:work; assignee or
// admin); invalid steps are a 409, CONTACTED by phone of a do-not-call client a 422.
import { action } from '@/lib/actions/action';
import { transitionAlert as transition } from '@/lib/alerts/service';
import { workActorOf } from '@/lib/alerts/actor';
import { transitionAlertInput } from '@/lib/validations/alerts';

export const transitionAlert = action(
  'alerts:work',
  transitionAlertInput,
  async ({ id, ...input }, { actor }) => {
    await transition(id, (await workActorOf(actor, null, { required: true }))!, input);
    return { message: 'alerts.actions.transitioned', params: { to: input.to } };
  },
  { revalidate: ['/alerts', ['/alerts/[id]', 'page']] },
);
