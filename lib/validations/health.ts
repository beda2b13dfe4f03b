// The answers of GET /api/v1/health (lib/health.ts's Health; lib/api/openapi.ts checks the two are the same),
// for the OpenAPI description.
import { z } from 'zod';

export const healthShortSchema = z.object({
  status: z.enum(['ok', 'down']).describe('ok (200) when the app can serve, down (503) when it cannot.'),
});

export const healthSchema = z
  .object({
    status: z
      .enum(['ok', 'degraded', 'down'])
      .describe('degraded: serving, but the champion model is not loaded (scoring answers 503).'),
    database: z.object({ ok: z.boolean(), message: z.string().optional() }),
    migrations: z.object({
      ok: z.boolean(),
      applied: z.number().int(),
      pending: z.array(z.string()),
      modified: z.array(z.string()),
      failed: z.array(z.string()),
    }),
    model: z.object({
      ok: z.boolean(),
      loaded: z.boolean(),
      version: z.string().nullable(),
      message: z.string().optional(),
    }),
    checkedAt: z.string().datetime(),
  })
  .meta({ id: 'Health' });
