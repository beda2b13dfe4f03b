// Reads of the decision ledger for pages: a client's decision history for the client's page (decisions:view).
import 'server-only';
import { authorize } from '@/lib/auth/session';
import { roleCan } from '@/lib/auth/roles';
import { clientDecisions, type DecisionPage } from '@/lib/decisions/history';

export const CLIENT_PAGE_DECISIONS = 24;

/**
 * The client's latest decisions, or `{ allowed: false }` for a reader of the client's page whose role does
 * not see decisions (the section is then left out, not a 403 for the whole page).
 */
export async function getClientDecisionHistory(
  externalId: string,
): Promise<{ allowed: false } | { allowed: true; history: DecisionPage | null }> {
  const actor = await authorize('clients:view');
  if (!roleCan(actor.role, 'decisions:view')) return { allowed: false };
  return {
    allowed: true,
    history: await clientDecisions(externalId, { pageSize: CLIENT_PAGE_DECISIONS }),
  };
}
