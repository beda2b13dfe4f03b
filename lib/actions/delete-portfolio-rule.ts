'use server';
// Admin: removes a portfolio rule; audited.
import { action } from '@/lib/actions/action';
import { deletePortfolioRule as remove } from '@/lib/alerts/portfolios';
import { deletePortfolioRuleInput } from '@/lib/validations/alerts';

export const deletePortfolioRule = action(
  'portfolios:manage',
  deletePortfolioRuleInput,
  async ({ id }, { actor }) => {
    await remove(actor, id);
    return { message: 'alerts.actions.ruleDeleted' };
  },
  { revalidate: ['/settings/portfolios'] },
);
