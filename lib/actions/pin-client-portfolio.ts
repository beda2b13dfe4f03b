'use server';
// Admin: pins a client (by external id) to a portfolio or the pool, or returns it to the rules; audited.
import { action } from '@/lib/actions/action';
import { pinClient } from '@/lib/alerts/portfolios';
import { pinClientInput } from '@/lib/validations/alerts';

export const pinClientPortfolio = action(
  'portfolios:manage',
  pinClientInput,
  async (input, { actor }) => {
    const r = await pinClient(actor, input);
    return {
      message: r.pinned ? 'alerts.actions.clientPinned' : 'alerts.actions.clientUnpinned',
      params: { externalId: input.externalId },
    };
  },
  { revalidate: ['/settings/portfolios', '/alerts'] },
);
