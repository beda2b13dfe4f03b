'use server';
// Saves the savings simulator's rates (setting 'simulator.rates'); the form sends percentages (14.5 = 14.5%),
// stored as fractions. settings:manage; audited by setSetting.
import { z } from 'zod';
import { action } from '@/lib/actions/action';
import { setSetting } from '@/lib/settings/store';
import { simulatorRatesSetting } from '@/lib/settings/simulator';
import { SIMULATOR_LIMITS } from '@/lib/alerts/simulator';

const pct = z.coerce.number().finite().min(0).max(100);
const input = z.object({
  rotativoMonthlyRate: pct,
  cardInstallmentMonthlyRate: pct,
  loanMonthlyRate: pct,
  iofFixedRate: pct,
  iofDailyRate: pct,
  defaultTermMonths: z.coerce.number().int().min(SIMULATOR_LIMITS.minTerm).max(SIMULATOR_LIMITS.maxTerm),
});

export const saveSimulatorSettings = action(
  'settings:manage',
  input,
  async (v, { actor }) => {
    await setSetting(
      simulatorRatesSetting,
      {
        rotativoMonthlyRate: v.rotativoMonthlyRate / 100,
        cardInstallmentMonthlyRate: v.cardInstallmentMonthlyRate / 100,
        loanMonthlyRate: v.loanMonthlyRate / 100,
        iofFixedRate: v.iofFixedRate / 100,
        iofDailyRate: v.iofDailyRate / 100,
        defaultTermMonths: v.defaultTermMonths,
      },
      actor,
    );
    return { message: 'actions.simulator.saved', params: {} };
  },
  { revalidate: ['/settings', '/alerts'] },
);
