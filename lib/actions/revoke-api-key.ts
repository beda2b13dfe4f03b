'use server';

import { revalidatePath } from 'next/cache';
import { db } from '@/lib/db';
import { guard } from '@/lib/actions/auth-guard';
import { audit } from '@/lib/audit';
import { revokeApiKeySchema, type FormState } from '@/lib/validations/users';

export async function revokeApiKey(input: { id: string }): Promise<FormState> {
  const g = await guard('settings:manage');
  if ('denied' in g) return g.denied;
  const parsed = revokeApiKeySchema.safeParse(input);
  if (!parsed.success) return { ok: false, message: 'Invalid input.' };
  const key = await db.apiKey.findUnique({ where: { id: parsed.data.id } });
  if (!key) return { ok: false, message: 'API key not found.' };
  if (!key.revokedAt) await db.apiKey.update({ where: { id: key.id }, data: { revokedAt: new Date() } });
  await audit(g.actor, 'apiKey.revoke', key.id, { name: key.name });
  revalidatePath('/settings');
  return { ok: true, message: `API key '${key.name}' revoked.` };
}
