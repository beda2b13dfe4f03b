import { z } from 'zod';
import { checkTemplate } from '@/lib/engagement/templates';
import { text, uuid } from '@/lib/validations/common';

export const variantInput = z.object({
  key: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,20}$/),
  // text(): no NUL or other control characters (PostgreSQL refuses NUL: a 500 before), no lone surrogates.
  template: text(1000).superRefine((t, ctx) => {
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
    name: text(120).trim().min(1),
    band: z.enum(['LOW', 'MODERATE', 'CRITICAL']),
    segment: text(60).trim().nullish(),
    variants: z.array(variantInput).min(2).max(6),
    start: z.boolean().default(false),
  })
  .refine((v) => new Set(v.variants.map((x) => x.key)).size === v.variants.length, {
    path: ['variants'],
    message: 'duplicateKey',
  });
export type CreateExperimentInput = z.input<typeof createExperimentInput>;

export const experimentIdParam = z.object({ id: uuid });
export const offerIdParam = z.object({
  id: z
    .string()
    .regex(/^\d{1,18}$/)
    .transform((s) => BigInt(s)),
});
