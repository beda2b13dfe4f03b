// The provision (PDD) an accepted consolidation is estimated to avoid: for each accepted offer, the default
// probability it removes (PD x effect) times the loss given default times the exposure at default (a share
// of the credit limit). Pure, so the page shows and tests the same formula.
import { z } from 'zod';

export const provisionAssumptionsSchema = z.object({
  /** Loss given default, 0..1. */
  lgd: z.coerce.number().min(0).max(1),
  /** Exposure at default as a share of the credit limit, 0..2. */
  eadShare: z.coerce.number().min(0).max(2),
  /** Relative drop of the default probability after an accepted consolidation, 0..1. */
  pdReduction: z.coerce.number().min(0).max(1),
});
export type ProvisionAssumptions = z.infer<typeof provisionAssumptionsSchema>;

export const PROVISION_DEFAULTS: ProvisionAssumptions = { lgd: 0.6, eadShare: 0.8, pdReduction: 0.4 };

/** Σ over accepted offers of PD x limit, and the count: what the SQL aggregates. */
export interface AcceptedExposure {
  accepted: number;
  /** Σ yProba x creditLimit over the accepted offers (R$). */
  pdTimesLimit: number;
}

/** PDD avoided = Σ(PD x limit) x EAD share x LGD x PD reduction. */
export function provisionAvoided(e: AcceptedExposure, a: ProvisionAssumptions): number {
  if (e.accepted <= 0) return 0;
  return e.pdTimesLimit * a.eadShare * a.lgd * a.pdReduction;
}
