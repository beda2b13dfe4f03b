// GET /api/v1/decisions/export?asOfMonth=YYYY-MM: the month's decisions as CSV (permission decisions:export,
// API-key scope read), streamed with flat memory: the latest decision per client for that as-of month
// (lib/decisions/export.ts says why), reason codes in the request's locale, every text cell neutralised
// against spreadsheet formulas.
import { handler } from '@/lib/api/respond';
import { decisionsCsvStream } from '@/lib/decisions/export';
import { localeOfRequest } from '@/lib/i18n/server';
import { decisionExportQuerySchema } from '@/lib/validations/decisions';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = handler('decisions:export', async (request) => {
  const { asOfMonth } = decisionExportQuerySchema.parse(
    Object.fromEntries(new URL(request.url).searchParams),
  );
  return new Response(decisionsCsvStream(asOfMonth, { locale: localeOfRequest(request) }), {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="decisoes-${asOfMonth}.csv"`,
      'cache-control': 'no-store',
    },
  });
});
