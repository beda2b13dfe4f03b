// Setting 'simulator.rates': the savings simulator's default rates, IOF and term (admin-edited, /settings).
import 'server-only';
import { defineSetting } from '@/lib/settings/store';
import { DEFAULT_SIMULATOR_RATES } from '@/lib/alerts/simulator';
import { simulatorRatesSchema } from '@/lib/alerts/simulator-schema';

export const simulatorRatesSetting = defineSetting({
  key: 'simulator.rates',
  schema: simulatorRatesSchema,
  defaults: DEFAULT_SIMULATOR_RATES,
});
