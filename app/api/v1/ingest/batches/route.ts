// GET /api/v1/ingest/batches?page=&pageSize=: recent ingestion batches, newest first.
import { handler } from '@/lib/api/respond';
import { listBatches } from '@/lib/data/ingestion';
import { localeOfRequest } from '@/lib/i18n/server';
import { batchListQuery } from '@/lib/validations/ingestion';

export const dynamic = 'force-dynamic';

export const GET = handler('ingestion:run', async (request) => {
  const sp = new URL(request.url).searchParams;
  const q = batchListQuery.parse({
    page: sp.get('page') ?? undefined,
    pageSize: sp.get('pageSize') ?? undefined,
  });
  return Response.json(await listBatches({ ...q, locale: localeOfRequest(request) }));
});
