// Credential checks with per-account throttling: after MAX_FAILURES consecutive failures the account is
// locked for a while (doubling each time), whatever the caller's IP, so guessing a password is slow.
import 'server-only';
import { db } from '@/lib/db';
import { burnPasswordCheck, verifyPassword } from '@/lib/auth/password';
import { isRole, type Role } from '@/lib/auth/roles';

import { lockDurationMs } from '@/lib/auth/login-policy';

export { MAX_FAILURES } from '@/lib/auth/login-policy';

export type LoginResult =
  | { ok: true; user: { id: string; email: string; name: string; role: Role; locale: string } }
  | { ok: false; code: 'INVALID' | 'LOCKED' | 'DISABLED'; retryAfterSeconds?: number };

export async function checkCredentials(
  emailRaw: string,
  password: string,
  now = new Date(),
): Promise<LoginResult> {
  const email = emailRaw.trim().toLowerCase();
  const user = await db.user.findUnique({ where: { email } });
  if (!user) {
    await burnPasswordCheck(password);
    return { ok: false, code: 'INVALID' };
  }
  if (user.lockedUntil && user.lockedUntil > now) {
    return { ok: false, code: 'LOCKED', retryAfterSeconds: Math.ceil((+user.lockedUntil - +now) / 1000) };
  }
  const good = await verifyPassword(password, user.passwordHash);
  if (!good) {
    const failures = user.failedLoginCount + 1;
    const lockMs = lockDurationMs(failures);
    await db.user.update({
      where: { id: user.id },
      data: { failedLoginCount: failures, lockedUntil: lockMs > 0 ? new Date(+now + lockMs) : null },
    });
    return lockMs > 0
      ? { ok: false, code: 'LOCKED', retryAfterSeconds: Math.ceil(lockMs / 1000) }
      : { ok: false, code: 'INVALID' };
  }
  if (!user.active) return { ok: false, code: 'DISABLED' };
  if (!isRole(user.role)) return { ok: false, code: 'INVALID' };
  await db.user.update({
    where: { id: user.id },
    data: { failedLoginCount: 0, lockedUntil: null, lastLoginAt: now },
  });
  return {
    ok: true,
    user: { id: user.id, email: user.email, name: user.name, role: user.role, locale: user.locale },
  };
}
