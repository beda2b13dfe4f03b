// DEPRECATED (use lib/actions/action.ts). Shared first step of every server action: authorize, and turn a refusal into the action's state object.
import 'server-only';
import { AuthError, authorize, type Actor } from '@/lib/auth/session';
import type { Permission } from '@/lib/auth/roles';
import type { FormState } from '@/lib/validations/users';
import { translateKey } from '@/lib/i18n/translate';
import { requestLocale } from '@/lib/i18n/server';

export async function guard(
  permission: Permission,
): Promise<{ actor: Actor } | { denied: FormState & { status: 401 | 403 } }> {
  try {
    return { actor: await authorize(permission) };
  } catch (e) {
    if (e instanceof AuthError) {
      const message = translateKey(await requestLocale(), e.key, e.params);
      return { denied: { ok: false, message, status: e.status } };
    }
    throw e;
  }
}
