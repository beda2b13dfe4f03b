// GET /api/v1/models/{id}/download?kind=source|onnx|lightgbm: the uploaded file as it was, the ONNX served,
// or the LightGBM text (404 when the version has none).
import { apiError, handler } from '@/lib/api/respond';
import { AppError } from '@/lib/errors';
import { localeOfRequest } from '@/lib/i18n/server';
import { translateKey } from '@/lib/i18n/translate';
import { modelArtifact } from '@/lib/models/registry';
import { idInput } from '@/lib/validations/common';
import { downloadQuerySchema } from '@/lib/validations/models';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = handler(
  'models:view',
  async (request, _actor, context: { params: Promise<{ id: string }> }) => {
    const { id } = idInput.parse(await context.params);
    const { kind } = downloadQuerySchema.parse({
      kind: new URL(request.url).searchParams.get('kind') ?? undefined,
    });
    const a = await modelArtifact(id, kind);
    if (!a) {
      if (kind !== 'lightgbm') throw new AppError('model.notFound', { id }, 404);
      return apiError(
        404,
        'NOT_FOUND',
        translateKey(localeOfRequest(request), 'api.models.noLightgbm', { id }),
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
