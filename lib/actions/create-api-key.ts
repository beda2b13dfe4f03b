'use server';

import crypto from 'node:crypto';
import { revalidatePath } from 'next/cache';
import { db } from '@/lib/db';
import { guard } from '@/lib/actions/auth-guard';
import { audit } from '@/lib/audit';
import { hashApiSecret } from '@/lib/auth/session';
import { createApiKeySchema, type FormState } from '@/lib/validations/users';

/** Creates a machine credential; the full key is returned once and only its hash is stored. */
export async function createApiKey(_prev: FormState, formData: FormData): Promise<FormState> {
  const g = await guard('settings:manage');
  if ('denied' in g) return g.denied;
  const parsed = createApiKeySchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) {
    return {
      ok: false,
      message: 'Check the highlighted fields.',
      fieldErrors: parsed.error.flatten().fieldErrors,
    };
  }
  const prefix = crypto.randomBytes(6).toString('hex');
  const secret = crypto.randomBytes(24).toString('base64url');
  const key = await db.apiKey.create({
    data: {
      name: parsed.data.name,
      role: parsed.data.role,
      prefix,
      secretHash: hashApiSecret(secret),
      createdById: g.actor.kind === 'user' ? g.actor.id : null,
    },
  });
  await audit(g.actor, 'apiKey.create', key.id, { name: key.name, role: key.role });
  revalidatePath('/settings');
  return { ok: true, message: `API key '${key.name}' created.`, secret: `pk_${prefix}_${secret}` };
}
