'use server';
// Claims a NEW alert for the signed-in manager (alerts:work); a lost race answers 409 naming the holder.
import { action } from '@/lib/actions/action';
import { claimAlert as claim } from '@/lib/alerts/service';
import { workActorOf } from '@/lib/alerts/actor';
import { claimAlertInput } from '@/lib/validations/alerts';

export const claimAlert = action(
  'alerts:work',
  claimAlertInput,
  async ({ id }, { actor }) => {
    await claim(id, (await workActorOf(actor, null, { required: true }))!);
    return { message: 'alerts.actions.claimed' };
  },
  { revalidate: ['/alerts', ['/alerts/[id]', 'page']] },
);
