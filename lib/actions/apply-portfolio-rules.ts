'use server';
// Admin: recomputes every unpinned client's portfolio from the rules in one UPDATE; audited.
import { action } from '@/lib/actions/action';
import { applyRules } from '@/lib/alerts/portfolios';
import { applyPortfolioRulesInput } from '@/lib/validations/alerts';

export const applyPortfolioRules = action(
  'portfolios:manage',
  applyPortfolioRulesInput,
  async (_input, { actor }) => {
    const r = await applyRules(actor);
    return { message: 'alerts.actions.rulesApplied', params: { n: r.clients } };
  },
  { revalidate: ['/settings/portfolios', '/alerts'] },
);
