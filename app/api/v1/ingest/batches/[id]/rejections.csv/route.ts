// GET /api/v1/ingest/batches/{id}/rejections.csv: every rejected row of a batch (line, field, code, reason),
// streamed, with the header and reasons in the caller's locale.
import { apiError, handler } from '@/lib/api/respond';
import { batchExists, parseBatchId, rejectionsCsvStream } from '@/lib/data/ingestion';
import { localeOfRequest } from '@/lib/i18n/server';
import { translateKey } from '@/lib/i18n/translate';
import { storable } from '@/lib/ingest/kinds';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = handler(
  'ingestion:run',
  async (request, _actor, context: { params: Promise<{ id: string }> }) => {
    const locale = localeOfRequest(request);
    const { id: raw } = await context.params;
    const id = parseBatchId(raw);
    if (!id || !(await batchExists(id))) {
      const shown = `'${storable(raw.slice(0, 40))}'`;
      return apiError(
        404,
        'NOT_FOUND',
        translateKey(locale, 'errors.ingest.upload.batchNotFound', { id: shown }),
      );
    }
    return new Response(rejectionsCsvStream(id, undefined, locale), {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="rejeicoes-lote-${id}.csv"`,
        'cache-control': 'no-store',
      },
    });
  },
);
