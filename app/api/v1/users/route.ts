// User administration over the API (admins): list and create.
import { apiError, handler, readJson } from '@/lib/api/respond';
import { db } from '@/lib/db';
import { audit } from '@/lib/audit';
import { hashPassword } from '@/lib/auth/password';
import { localeOfRequest } from '@/lib/i18n/server';
import { translateKey } from '@/lib/i18n/translate';
import { createUserSchema } from '@/lib/validations/users';

export const dynamic = 'force-dynamic';

// A read: an admin's key with the read scope may list users (creating them stays with people).
export const GET = handler(
  'settings:manage',
  async () => {
    const users = await db.user.findMany({
      orderBy: { email: 'asc' },
      select: { id: true, name: true, email: true, role: true, active: true, lastLoginAt: true },
    });
    return Response.json({ users });
  },
  { scope: 'read' },
);

export const POST = handler('settings:manage', async (req, actor) => {
  const body = await readJson(req);
  if (!body.ok) return body.response;
  const input = createUserSchema.parse(body.value);
  if (await db.user.findUnique({ where: { email: input.email } })) {
    const message = translateKey(localeOfRequest(req), 'api.users.emailTaken', { email: input.email });
    return apiError(409, 'CONFLICT', message, { field: 'email' });
  }
  const user = await db.user.create({
    data: {
      name: input.name,
      email: input.email,
      role: input.role,
      passwordHash: await hashPassword(input.password),
    },
    select: { id: true, name: true, email: true, role: true, active: true },
  });
  await audit(actor, 'user.create', user.id, { email: user.email, role: user.role });
  return Response.json({ user }, { status: 201 });
});
