'use server';
// Creates a person's account with an initial password (settings:manage); audited.
import { db } from '@/lib/db';
import { action, refuse } from '@/lib/actions/action';
import { audit } from '@/lib/audit';
import { hashPassword } from '@/lib/auth/password';
import { createUserSchema } from '@/lib/validations/users';

export const createUser = action(
  'settings:manage',
  createUserSchema,
  async ({ name, email, role, password }, { actor }) => {
    if (await db.user.findUnique({ where: { email } })) {
      return refuse('actions.user.emailTaken', {}, { status: 409, field: 'email' });
    }
    const user = await db.user.create({
      data: { name, email, role, passwordHash: await hashPassword(password) },
    });
    await audit(actor, 'user.create', user.id, { email, role });
    return { message: 'actions.user.created', params: { email } };
  },
  { revalidate: ['/settings'] },
);
