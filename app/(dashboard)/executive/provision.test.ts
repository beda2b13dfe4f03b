import { describe, expect, it } from 'vitest';
import { PROVISION_DEFAULTS, provisionAssumptionsSchema, provisionAvoided } from './provision';

describe('provisionAvoided', () => {
  it('multiplies Σ PD x limit by EAD share, LGD and the PD reduction', () => {
    // two accepted: PD 0.6 on R$ 10.000 and PD 0.5 on R$ 4.000 → Σ = 8.000
    const v = provisionAvoided(
      { accepted: 2, pdTimesLimit: 8000 },
      { lgd: 0.5, eadShare: 0.8, pdReduction: 0.25 },
    );
    expect(v).toBeCloseTo(800, 6);
  });
  it('is zero with nothing accepted', () => {
    expect(provisionAvoided({ accepted: 0, pdTimesLimit: 0 }, PROVISION_DEFAULTS)).toBe(0);
  });
  it('refuses an LGD above 100%', () => {
    expect(provisionAssumptionsSchema.safeParse({ lgd: 1.2, eadShare: 0.8, pdReduction: 0.4 }).success).toBe(
      false,
    );
  });
});
