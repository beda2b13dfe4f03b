'use server';
// Admin: renames a portfolio or changes its manager; audited.
import { action } from '@/lib/actions/action';
import { updatePortfolio as update } from '@/lib/alerts/portfolios';
import { updatePortfolioInput } from '@/lib/validations/alerts';

export const updatePortfolio = action(
  'portfolios:manage',
  updatePortfolioInput,
  async (input, { actor }) => {
    const p = await update(actor, input);
    return { message: 'alerts.actions.portfolioUpdated', params: { name: p.name } };
  },
  { revalidate: ['/settings/portfolios', '/alerts'] },
);
