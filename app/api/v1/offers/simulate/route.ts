// GET /api/v1/offers/simulate?balance=&termMonths=[&rotativoMonthlyRate=&cardInstallmentMonthlyRate=&loanMonthlyRate=]
// Card path (rotativo one month, then parcelamento, 100% cap) vs a personal loan with IOF and CET
// (lib/alerts/simulator.ts). Permission 'alerts:view' (the managers who make the call); API keys need the
// 'read' scope (alerts:view's default scope in lib/auth/scopes.ts): it reads nothing personal and changes nothing.
// Rates not given come from the 'simulator.rates' setting. Invalid query -> 400 naming the field.
import { handler } from '@/lib/api/respond';
import { roundResult, simulate } from '@/lib/alerts/simulator';
import { simulateQuerySchema } from '@/lib/alerts/simulator-schema';
import { getSetting } from '@/lib/settings/store';
import { simulatorRatesSetting } from '@/lib/settings/simulator';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = handler('alerts:view', async (request) => {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const q = simulateQuerySchema.parse(params);
  const rates = await getSetting(simulatorRatesSetting);
  const result = simulate({
    balance: q.balance,
    termMonths: q.termMonths,
    rotativoMonthlyRate: q.rotativoMonthlyRate ?? rates.rotativoMonthlyRate,
    cardInstallmentMonthlyRate: q.cardInstallmentMonthlyRate ?? rates.cardInstallmentMonthlyRate,
    loanMonthlyRate: q.loanMonthlyRate ?? rates.loanMonthlyRate,
    iofFixedRate: rates.iofFixedRate,
    iofDailyRate: rates.iofDailyRate,
  });
  return Response.json(roundResult(result));
});
