'use server';

import { revalidatePath } from 'next/cache';
import { db } from '@/lib/db';
import { guard } from '@/lib/actions/auth-guard';
import { audit } from '@/lib/audit';
import { updateUserSchema, type FormState } from '@/lib/validations/users';

/** Changes a user's role and/or active flag; takes effect at the user's next request. */
export async function updateUser(input: { id: string; role?: string; active?: boolean }): Promise<FormState> {
  const g = await guard('settings:manage');
  if ('denied' in g) return g.denied;
  const parsed = updateUserSchema.safeParse(input);
  if (!parsed.success)
    return { ok: false, message: 'Invalid input.', fieldErrors: parsed.error.flatten().fieldErrors };
  const { id, role, active } = parsed.data;
  const target = await db.user.findUnique({ where: { id } });
  if (!target) return { ok: false, message: 'User not found.' };
  if (g.actor.kind === 'user' && id === g.actor.id && (active === false || (role && role !== 'ADMIN'))) {
    return { ok: false, message: 'You cannot disable yourself or remove your own admin role.' };
  }
  await db.user.update({
    where: { id },
    data: { ...(role ? { role } : {}), ...(active === undefined ? {} : { active }) },
  });
  await audit(g.actor, 'user.update', id, { role: role ?? null, active: active ?? null });
  revalidatePath('/settings');
  return { ok: true, message: `User ${target.email} updated.` };
}
