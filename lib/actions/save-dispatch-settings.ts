'use server';
// Saves the outbox dispatch settings ('engagement.dispatch', settings:manage; audited by setSetting): how many
// days after the end of its decision's as-of month an unsent offer expires (lib/engagement/dispatch.ts).
import { z } from 'zod';
import { action } from '@/lib/actions/action';
import { setSetting } from '@/lib/settings/store';
import { engagementDispatch } from '@/lib/settings/engagement';

const input = z.object({
  offerExpiryDays: z.coerce.number().int().min(1).max(365),
});

export const saveDispatchSettings = action(
  'settings:manage',
  input,
  async (v, { actor }) => {
    await setSetting(engagementDispatch, { offerExpiryDays: v.offerExpiryDays }, actor);
    return { message: 'actions.dispatch.saved', params: { days: v.offerExpiryDays } };
  },
  { revalidate: ['/settings'] },
);
