'use server';
// Changes a user's role and/or active flag (settings:manage); takes effect at the user's next request.
import { db } from '@/lib/db';
import { action, refuse } from '@/lib/actions/action';
import { audit } from '@/lib/audit';
import { updateUserSchema } from '@/lib/validations/users';

export const updateUser = action(
  'settings:manage',
  updateUserSchema,
  async ({ id, role, active }, { actor }) => {
    const target = await db.user.findUnique({ where: { id } });
    if (!target) return refuse('actions.user.notFound', {}, { status: 404 });
    // An admin locking themselves out would leave nobody able to undo it from the interface.
    if (actor.kind === 'user' && id === actor.id && (active === false || (role && role !== 'ADMIN'))) {
      return refuse('actions.user.selfLockout', {}, { status: 409 });
    }
    await db.user.update({
      where: { id },
      data: { ...(role ? { role } : {}), ...(active === undefined ? {} : { active }) },
    });
    await audit(actor, 'user.update', id, { role: role ?? null, active: active ?? null });
    return { message: 'actions.user.updated', params: { email: target.email } };
  },
  { revalidate: ['/settings'] },
);
