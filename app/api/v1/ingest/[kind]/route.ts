// POST /api/v1/ingest/{clients|statements|bureau|outcomes|uci}: the raw file as the body (CSV by default,
// NDJSON by Content-Type or ?format=), answered with the ingestion report or, for Accept: application/x-ndjson,
// a live progress stream ending with the report.
import { apiError, handler } from '@/lib/api/respond';
import { localeOfRequest } from '@/lib/i18n/server';
import { translateKey } from '@/lib/i18n/translate';
import { storable } from '@/lib/ingest/kinds';
import { INGESTION_KINDS, isIngestionKind } from '@/lib/ingest/store';
import { handleUpload } from '../upload';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const POST = handler(
  'ingestion:run',
  async (request, actor, context: { params: Promise<{ kind: string }> }) => {
    const { kind } = await context.params;
    if (!isIngestionKind(kind)) {
      return apiError(
        404,
        'NOT_FOUND',
        translateKey(localeOfRequest(request), 'errors.ingest.upload.unknownKind', {
          kind: `'${storable(kind.slice(0, 40))}'`,
          kinds: INGESTION_KINDS.join(', '),
        }),
      );
    }
    return handleUpload(request, actor, kind);
  },
);
