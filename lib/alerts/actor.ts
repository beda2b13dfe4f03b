// Who is working an alert for a request: the signed-in person, or the manager an API key acts for.
//
// An integration (call center, CRM) sends `X-Proativa-Acting-User: <email>` with an API key holding the
// 'alerts' scope; the named user must be an active MANAGER or ADMIN, and acts with no more rights than the key's
// own role. Events then record both the person (actorId) and the key (apiKeyId), so the audit trail says who did
// it and through which integration.
import 'server-only';
import { pool } from '@/lib/db';
import { AuthError, type Actor } from '@/lib/auth/session';
import { isRole } from '@/lib/auth/roles';
import type { WorkActor } from '@/lib/alerts/service';

export const ACTING_USER_HEADER = 'x-proativa-acting-user';

/**
 * The acting person, or null (an API key naming nobody: reads only, masked). `required` refuses that case
 * (every write needs a person to answer for it).
 */
export async function workActorOf(
  actor: Actor,
  request: Request | null,
  opts: { required: boolean },
): Promise<WorkActor | null> {
  if (actor.kind === 'user') {
    return { userId: actor.id, name: actor.name, role: actor.role, apiKeyId: null };
  }
  const email = request?.headers.get(ACTING_USER_HEADER)?.trim().toLowerCase();
  if (!email) {
    if (opts.required) throw new AuthError(403, 'errors.alerts.actingUserRequired');
    return null;
  }
  if (!actor.scopes?.includes('alerts')) {
    throw new AuthError(403, 'errors.auth.scopeMissing', { scope: 'alerts' });
  }
  const r = await pool().query<{ id: string; name: string; role: string }>(
    `SELECT id, name, role FROM "User" WHERE lower(email) = $1 AND active AND role IN ('MANAGER', 'ADMIN')`,
    [email],
  );
  const u = r.rows[0];
  if (!u || !isRole(u.role)) throw new AuthError(403, 'errors.alerts.actingUserInvalid', { email });
  // The key's own role caps what the person may do through it: a MANAGER-role key naming an ADMIN acts with
  // a manager's rights (it cannot reassign or move alerts someone else has claimed).
  const role = u.role === 'ADMIN' && actor.role !== 'ADMIN' ? 'MANAGER' : u.role;
  return { userId: u.id, name: u.name, role, apiKeyId: actor.id };
}
