// GET /api/v1/ingest/batches?page=&pageSize=: recent ingestion batches, newest first.
import { z } from 'zod';
import { handler } from '@/lib/api/respond';
import { listBatches, MAX_PAGE_SIZE } from '@/lib/data/ingestion';

export const dynamic = 'force-dynamic';

const query = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(20),
});

export const GET = handler('ingestion:run', async (request) => {
  const sp = new URL(request.url).searchParams;
  const q = query.parse({
    page: sp.get('page') ?? undefined,
    pageSize: sp.get('pageSize') ?? undefined,
  });
  return Response.json(await listBatches(q));
});
