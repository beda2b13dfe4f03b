import { z } from 'zod';
import { checkTemplate } from '@/lib/engagement/templates';

export const variantInput = z.object({
  key: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,20}$/),
  template: z
    .string()
    .max(1000)
    .superRefine((t, ctx) => {
      for (const p of checkTemplate(t)) {
        ctx.addIssue({
          code: 'custom',
          message: p.kind === 'unknownField' ? `unknownField:${p.field}` : p.kind,
        });
      }
    }),
  weight: z.number().int().min(1).max(100).default(1),
});

export const createExperimentInput = z
  .object({
    name: z.string().trim().min(1).max(120),
    band: z.enum(['LOW', 'MODERATE', 'CRITICAL']),
    segment: z.string().trim().max(60).nullish(),
    variants: z.array(variantInput).min(2).max(6),
    start: z.boolean().default(false),
  })
  .refine((v) => new Set(v.variants.map((x) => x.key)).size === v.variants.length, {
    path: ['variants'],
    message: 'duplicateKey',
  });
export type CreateExperimentInput = z.input<typeof createExperimentInput>;

export const experimentIdParam = z.object({ id: z.uuid() });
export const offerIdParam = z.object({
  id: z
    .string()
    .regex(/^\d{1,18}$/)
    .transform((s) => BigInt(s)),
});
