'use server';

import { revalidatePath } from 'next/cache';
import { db } from '@/lib/db';
import { guard } from '@/lib/actions/auth-guard';
import { audit } from '@/lib/audit';
import { hashPassword } from '@/lib/auth/password';
import { createUserSchema, type FormState } from '@/lib/validations/users';

export async function createUser(_prev: FormState, formData: FormData): Promise<FormState> {
  const g = await guard('settings:manage');
  if ('denied' in g) return g.denied;
  const parsed = createUserSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) {
    return {
      ok: false,
      message: 'Check the highlighted fields.',
      fieldErrors: parsed.error.flatten().fieldErrors,
    };
  }
  const { name, email, role, password } = parsed.data;
  if (await db.user.findUnique({ where: { email } })) {
    return {
      ok: false,
      message: 'A user with this e-mail already exists.',
      fieldErrors: { email: ['Already in use'] },
    };
  }
  const user = await db.user.create({
    data: { name, email, role, passwordHash: await hashPassword(password) },
  });
  await audit(g.actor, 'user.create', user.id, { email, role });
  revalidatePath('/settings');
  return { ok: true, message: `User ${email} created.` };
}
