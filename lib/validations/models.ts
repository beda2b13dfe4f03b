// Input schemas for the model registry, shared by the Modelos page forms, server actions and /api/v1/models.
import { z } from 'zod';

/** Largest model file accepted (a 1,000-tree LightGBM text model is ~10 MB). */
export const MODEL_MAX_BYTES = 256 * 1024 * 1024;

export const modelNameSchema = z
  .string()
  .trim()
  .min(1, 'Enter a name')
  .max(80, 'At most 80 characters')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'Use letters, digits, dot, dash or underscore');

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

export const modelIdSchema = z.object({ id: z.string().uuid('Unknown model version') });

export const compareQuerySchema = z.object({
  a: z.string().uuid('Choose version A'),
  b: z.string().uuid('Choose version B'),
});

export const downloadKindSchema = z.enum(['source', 'onnx', 'lightgbm'], {
  error: 'kind must be source, onnx or lightgbm',
});

export type ModelActionState = {
  ok: boolean;
  message: string;
  fieldErrors?: Record<string, string[] | undefined>;
};

export const initialModelActionState: ModelActionState = { ok: false, message: '' };
