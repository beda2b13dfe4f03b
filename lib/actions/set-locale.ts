'use server';

import { cookies } from 'next/headers';
import { db } from '@/lib/db';
import { currentUser } from '@/lib/auth/session';
import { isLocale } from '@/lib/i18n/messages';
import { LOCALE_COOKIE } from '@/lib/i18n/server';

/** Any signed-in user may pick the interface language; it is kept in a cookie and on the user. */
export async function setLocale(locale: string): Promise<{ ok: boolean; message?: string }> {
  const user = await currentUser();
  if (!user) return { ok: false, message: 'Sign in required.' };
  if (!isLocale(locale)) return { ok: false, message: `Unknown language '${locale}'.` };
  (await cookies()).set(LOCALE_COOKIE, locale, { path: '/', sameSite: 'lax', maxAge: 365 * 24 * 3600 });
  await db.user.update({ where: { id: user.id }, data: { locale } });
  return { ok: true };
}
