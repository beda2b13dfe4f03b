// GET /api/v1/ingest/batches/{id}/rejections.csv: every rejected row of a batch (line, field, reason), streamed.
import { apiError, handler } from '@/lib/api/respond';
import { batchExists, parseBatchId, rejectionsCsvStream } from '@/lib/data/ingestion';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = handler(
  'ingestion:run',
  async (_request, _actor, context: { params: Promise<{ id: string }> }) => {
    const { id: raw } = await context.params;
    const id = parseBatchId(raw);
    if (!id || !(await batchExists(id))) {
      return apiError(404, 'NOT_FOUND', `No ingestion batch '${raw}'.`);
    }
    return new Response(rejectionsCsvStream(id), {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="rejeicoes-lote-${id}.csv"`,
        'cache-control': 'no-store',
      },
    });
  },
);
