'use server';
// Admin: adds a region/segment rule to a portfolio (applied by "apply rules"); audited.
import { action } from '@/lib/actions/action';
import { addPortfolioRule as add } from '@/lib/alerts/portfolios';
import { addPortfolioRuleInput } from '@/lib/validations/alerts';

export const addPortfolioRule = action(
  'portfolios:manage',
  addPortfolioRuleInput,
  async (input, { actor }) => {
    await add(actor, input);
    return { message: 'alerts.actions.ruleAdded' };
  },
  { revalidate: ['/settings/portfolios'] },
);
