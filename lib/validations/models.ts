// Input schemas for the model registry, shared by the Modelos page forms, server actions and /api/v1/models.
// Messages are keys of the `validation` namespace, translated where the error is answered.
import { z } from 'zod';
import { idInput, text } from '@/lib/validations/common';
import { modelCardSchema, storedParitySchema } from '@/lib/validations/model-card';

/** Largest model file accepted (a 1,000-tree LightGBM text model is ~10 MB). */
export const MODEL_MAX_BYTES = 256 * 1024 * 1024;

export const MODEL_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
/** The name a trained model gets when none is given (and the example the forms show). */
export const DEFAULT_MODEL_NAME = 'proativa-lgbm';

/** A model's name: versions are numbered per name, and it appears in file names, so a narrow alphabet. */
export const modelNameSchema = text(80).trim().min(1).regex(MODEL_NAME_RE, { error: 'modelName' });

const truthy = z
  .union([z.boolean(), z.string()])
  .optional()
  .transform((v) => v === true || v === 'true' || v === '1' || v === 'on');

/** Query of POST /api/v1/models (the body is the raw file). */
export const uploadModelQuerySchema = z.object({
  fileName: z
    .string()
    .trim()
    .min(1, 'fileName is required (e.g. ?fileName=model.onnx)')
    .max(255)
    .transform((n) => n.split(/[\\/]/).pop() ?? n),
  name: modelNameSchema.optional(),
  positionalFeatures: truthy,
});

/** The version a lifecycle action (promote, challenger, retire) applies to. */
export const modelIdSchema = idInput;

export const compareQuerySchema = z.object({
  a: z.string().uuid('Choose version A'),
  b: z.string().uuid('Choose version B'),
});

export const downloadKindSchema = z.enum(['source', 'onnx', 'lightgbm'], {
  error: 'kind must be source, onnx or lightgbm',
});

/** Query of GET /api/v1/models/{id}/download. */
export const downloadQuerySchema = z.object({
  kind: downloadKindSchema
    .default('source')
    .describe(
      'source: the file as uploaded; onnx: the ONNX served; lightgbm: the LightGBM text (404 if none).',
    ),
});

// --- Answers of /api/v1/models, for the OpenAPI description (lib/api/openapi.ts checks them against
// lib/data/models.ts's modelJson).

const isoDate = z.string().datetime();

export const modelResponseSchema = z
  .object({
    id: z.string().uuid(),
    name: z.string(),
    version: z.number().int().describe('Numbered per name, from 1.'),
    status: z.enum(['CANDIDATE', 'CHALLENGER', 'CHAMPION', 'RETIRED']),
    sourceFormat: z.string().describe('onnx or lightgbm.'),
    sourceFileName: z.string().nullable(),
    sha256: z.string(),
    featureSetVersion: z.string().nullable(),
    featureNames: z.array(z.string()).describe('Model input order.'),
    card: modelCardSchema.meta({
      id: 'ModelCard',
      description: 'The model card: training windows and parameters, metrics, reference distributions.',
    }),
    parity: storedParitySchema.describe('ONNX vs LightGBM parity check made at registration.'),
    trainingJobId: z.string().uuid().nullable(),
    createdAt: isoDate,
    createdBy: z.object({ id: z.string().uuid(), name: z.string() }).nullable(),
    promotedAt: isoDate.nullable(),
    retiredAt: isoDate.nullable(),
    links: z.object({ self: z.string(), source: z.string(), onnx: z.string(), lightgbm: z.string() }),
  })
  .meta({ id: 'ModelVersion', description: 'A registered model version (never its bytes).' });

export const modelListResponseSchema = z.object({ models: z.array(modelResponseSchema) });

export const championChangeResponseSchema = z.object({
  champion: modelResponseSchema,
  retired: z
    .object({ id: z.string().uuid(), name: z.string(), version: z.number().int() })
    .nullable()
    .describe('The version that stopped being champion, if there was one.'),
});
