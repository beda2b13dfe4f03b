// GET /api/v1/models: every registered version (no bytes). POST /api/v1/models?fileName=&name=: the raw model
// file (ONNX or LightGBM text) as the body; 201 registered, 400 invalid, 409 duplicate, 413 too large,
// 422 refused (features, parity), each with the reason.
import { apiError, handler, readBodyCapped } from '@/lib/api/respond';
import { listModels, registerModel } from '@/lib/models/registry';
import { modelJson } from '@/lib/data/models';
import { localeOfRequest } from '@/lib/i18n/server';
import { translateKey } from '@/lib/i18n/translate';
import { MODEL_MAX_BYTES, uploadModelQuerySchema } from '@/lib/validations/models';
import { registryErrorResponse } from './registry-error';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = handler('models:view', async () => {
  const models = await listModels();
  return Response.json({ models: models.map(modelJson) });
});

export const POST = handler('models:manage', async (request, actor) => {
  const locale = localeOfRequest(request);
  const url = new URL(request.url);
  const query = uploadModelQuerySchema.parse(Object.fromEntries(url.searchParams));
  // The file is the body, whatever its Content-Type; it is read up to the cap and no further.
  const bytes = await readBodyCapped(request, MODEL_MAX_BYTES);
  if (bytes === 'too-large') {
    return apiError(
      413,
      'PAYLOAD_TOO_LARGE',
      translateKey(locale, 'api.models.fileTooLarge', { limit: MODEL_MAX_BYTES }),
    );
  }
  if (bytes.length === 0) return apiError(400, 'INVALID_INPUT', translateKey(locale, 'api.models.emptyBody'));
  try {
    const m = await registerModel({
      bytes,
      fileName: query.fileName,
      name: query.name,
      positionalFeatures: query.positionalFeatures,
      actor,
    });
    return Response.json(modelJson(m), { status: 201, headers: { location: `/api/v1/models/${m.id}` } });
  } catch (e) {
    const r = registryErrorResponse(e, request);
    if (r) return r;
    throw e;
  }
});
