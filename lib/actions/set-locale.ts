'use server';
// Any signed-in user may pick the interface language: kept in a cookie (read by every request) and on the user
// (so the choice follows them to another browser at sign-in).
import { cookies } from 'next/headers';
import { db } from '@/lib/db';
import { action } from '@/lib/actions/action';
import { LOCALE_COOKIE } from '@/lib/i18n/locales';
import { setLocaleSchema } from '@/lib/validations/users';

export const setLocale = action(
  // Every role holds profile:view, so this is "any signed-in user" through the same permission check.
  'profile:view',
  setLocaleSchema,
  async ({ locale }, { actor }) => {
    (await cookies()).set(LOCALE_COOKIE, locale, { path: '/', sameSite: 'lax', maxAge: 365 * 24 * 3600 });
    if (actor.kind === 'user') await db.user.update({ where: { id: actor.id }, data: { locale } });
    return { message: 'actions.locale.changed' };
  },
);
