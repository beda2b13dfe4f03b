'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { pool } from '@/lib/db';
import { guard } from '@/lib/actions/auth-guard';
import { audit } from '@/lib/audit';
import { computeFeatureBatch } from '@/lib/features/store';
import type { FormState } from '@/lib/validations/users';

const input = z.object({ asOfMonth: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "Use 'YYYY-MM'") });

/** Recomputes and stores fs-v1 for every client as of a month (idempotent). */
export async function computeFeatures(_prev: FormState, formData: FormData): Promise<FormState> {
  const g = await guard('models:manage');
  if ('denied' in g) return g.denied;
  const parsed = input.safeParse(Object.fromEntries(formData));
  if (!parsed.success)
    return { ok: false, message: 'Invalid month.', fieldErrors: parsed.error.flatten().fieldErrors };
  const r = await computeFeatureBatch(pool(), parsed.data.asOfMonth);
  await audit(g.actor, 'features.compute', parsed.data.asOfMonth, {
    clients: r.clients,
    durationMs: r.durationMs,
  });
  revalidatePath('/features');
  return {
    ok: true,
    message: `${r.clients} clients computed as of ${r.asOfMonth} in ${(r.durationMs / 1000).toFixed(1)} s.`,
  };
}
