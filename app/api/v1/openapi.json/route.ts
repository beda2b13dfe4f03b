// GET /api/v1/openapi.json: the OpenAPI 3.1 description of every /api/v1 operation (lib/api/openapi.ts). Public:
// it documents the API and exposes no data. Serialised once per process; shared caches may keep it 5 minutes.
import { openApiDocument } from '@/lib/api/openapi';
import { requestIdFrom } from '@/lib/http/request-id';

export const dynamic = 'force-dynamic';

let body: string | null = null;

export async function GET(request: Request) {
  body ??= JSON.stringify(openApiDocument());
  return new Response(body, {
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'public, max-age=300',
      'x-request-id': requestIdFrom(request.headers),
    },
  });
}
