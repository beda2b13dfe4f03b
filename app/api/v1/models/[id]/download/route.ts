// GET /api/v1/models/{id}/download?kind=source|onnx|lightgbm: the uploaded file as it was, the ONNX served,
// or the LightGBM text (404 when the version has none).
import { apiError, handler } from '@/lib/api/respond';
import { modelArtifact } from '@/lib/models/registry';
import { downloadKindSchema } from '@/lib/validations/models';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = handler(
  'models:view',
  async (request, _actor, context: { params: Promise<{ id: string }> }) => {
    const { id } = await context.params;
    const kind = downloadKindSchema.safeParse(new URL(request.url).searchParams.get('kind') ?? 'source');
    if (!kind.success) return apiError(400, 'INVALID_INPUT', 'kind must be source, onnx or lightgbm.');
    const a = await modelArtifact(id, kind.data);
    if (!a) {
      return apiError(
        404,
        'NOT_FOUND',
        kind.data === 'lightgbm'
          ? `Model version ${id} does not exist or has no LightGBM text.`
          : `No model version with id ${id}.`,
      );
    }
    const safeName = a.fileName.replace(/[^A-Za-z0-9._-]/g, '_');
    return new Response(a.body as Uint8Array<ArrayBuffer>, {
      headers: {
        'content-type': a.contentType,
        'content-length': String(a.body.byteLength),
        'content-disposition': `attachment; filename="${safeName}"`,
        'cache-control': 'private, no-store',
      },
    });
  },
);
