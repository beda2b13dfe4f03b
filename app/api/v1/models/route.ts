// GET /api/v1/models: every registered version (no bytes). POST /api/v1/models?fileName=&name=: the raw model
// file (ONNX or LightGBM text) as the body; 201 registered, 400 invalid, 409 duplicate, 413 too large,
// 422 refused (features, parity), each with the reason.
import { apiError, handler } from '@/lib/api/respond';
import { listModels, registerModel } from '@/lib/models/registry';
import { modelJson } from '@/lib/data/models';
import { MODEL_MAX_BYTES, uploadModelQuerySchema } from '@/lib/validations/models';
import { registryErrorResponse } from './registry-error';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = handler('models:view', async () => {
  const models = await listModels();
  return Response.json({ models: models.map(modelJson) });
});

async function readBody(request: Request): Promise<Uint8Array | 'too-large'> {
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > MODEL_MAX_BYTES) {
      await reader.cancel().catch(() => undefined);
      return 'too-large';
    }
    parts.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

export const POST = handler('models:manage', async (request, actor) => {
  const url = new URL(request.url);
  const query = uploadModelQuerySchema.parse(Object.fromEntries(url.searchParams));
  const declared = request.headers.get('content-length');
  if (declared && /^\d+$/.test(declared) && Number(declared) > MODEL_MAX_BYTES) {
    return apiError(413, 'PAYLOAD_TOO_LARGE', `The model file is larger than ${MODEL_MAX_BYTES} bytes.`);
  }
  const bytes = await readBody(request);
  if (bytes === 'too-large') {
    return apiError(413, 'PAYLOAD_TOO_LARGE', `The model file is larger than ${MODEL_MAX_BYTES} bytes.`);
  }
  if (bytes.length === 0)
    return apiError(400, 'INVALID_INPUT', 'The request body is empty: send the model file.');
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
    const r = registryErrorResponse(e);
    if (r) return r;
    throw e;
  }
});
