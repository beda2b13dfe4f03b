// The request's locale: the `locale` cookie (set by the language switch), else pt-BR.
import 'server-only';
import { cookies } from 'next/headers';
import { DEFAULT_LOCALE, isLocale, translator, type Locale, type Translate } from '@/lib/i18n/messages';

export const LOCALE_COOKIE = 'locale';

export async function getLocale(): Promise<Locale> {
  const c = (await cookies()).get(LOCALE_COOKIE)?.value;
  return isLocale(c) ? c : DEFAULT_LOCALE;
}

export async function getT(): Promise<{ t: Translate; locale: Locale }> {
  const locale = await getLocale();
  return { t: translator(locale), locale };
}
