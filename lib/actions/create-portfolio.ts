'use server';
// Admin: creates a portfolio (carteira) with an optional manager; audited.
import { action } from '@/lib/actions/action';
import { createPortfolio as create } from '@/lib/alerts/portfolios';
import { createPortfolioInput } from '@/lib/validations/alerts';

export const createPortfolio = action(
  'portfolios:manage',
  createPortfolioInput,
  async (input, { actor }) => {
    const p = await create(actor, input);
    return { message: 'alerts.actions.portfolioCreated', params: { name: p.name } };
  },
  { revalidate: ['/settings/portfolios'] },
);
