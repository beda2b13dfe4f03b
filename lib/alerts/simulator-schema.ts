// zod schemas for the savings simulator (API query, settings value, admin form). Same limits as invalidField().
import { z } from 'zod';
import { DEFAULT_SIMULATOR_RATES, SIMULATOR_LIMITS } from './simulator';

const rate = z.coerce.number().finite().min(0).max(1);

export const simulatorRatesSchema = z.object({
  rotativoMonthlyRate: rate,
  cardInstallmentMonthlyRate: rate,
  loanMonthlyRate: rate,
  iofFixedRate: rate,
  iofDailyRate: rate,
  defaultTermMonths: z.coerce.number().int().min(SIMULATOR_LIMITS.minTerm).max(SIMULATOR_LIMITS.maxTerm),
});

export const simulateQuerySchema = z.object({
  balance: z.coerce.number().finite().min(0).max(SIMULATOR_LIMITS.maxBalance),
  termMonths: z.coerce.number().int().min(SIMULATOR_LIMITS.minTerm).max(SIMULATOR_LIMITS.maxTerm),
  rotativoMonthlyRate: rate.optional(),
  cardInstallmentMonthlyRate: rate.optional(),
  loanMonthlyRate: rate.optional(),
});

export const simulateResponseSchema = z.object({
  card: z.object({ installment: z.number(), totalPaid: z.number(), totalInterest: z.number() }),
  loan: z.object({
    installment: z.number(),
    totalPaid: z.number(),
    totalInterest: z.number(),
    cetMonthly: z.number(),
    cetAnnual: z.number(),
  }),
  savings: z.number(),
});

export { DEFAULT_SIMULATOR_RATES };
