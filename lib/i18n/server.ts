// The request's locale for server code (pages, actions, handlers): the `locale` cookie (set by the language
// switch), else the browser's Accept-Language, else pt-BR.
import 'server-only';
import { cookies, headers } from 'next/headers';
import { translator, type Translate } from '@/lib/i18n/messages';
import { LOCALE_COOKIE, isLocale, localeFromAcceptLanguage, type Locale } from '@/lib/i18n/locales';

export { LOCALE_COOKIE } from '@/lib/i18n/locales';

export async function requestLocale(): Promise<Locale> {
  const fromCookie = (await cookies()).get(LOCALE_COOKIE)?.value;
  if (isLocale(fromCookie)) return fromCookie;
  return localeFromAcceptLanguage((await headers()).get('accept-language'));
}

/** For route handlers, which have the Request: cookie, else Accept-Language, else pt-BR. */
export function localeOfRequest(request: Request): Locale {
  const cookie = request.headers.get('cookie') ?? '';
  const m = new RegExp(`(?:^|;\\s*)${LOCALE_COOKIE}=([^;]+)`).exec(cookie);
  const fromCookie = m?.[1] ? decodeURIComponentSafe(m[1]) : undefined;
  if (isLocale(fromCookie)) return fromCookie;
  return localeFromAcceptLanguage(request.headers.get('accept-language'));
}

function decodeURIComponentSafe(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

export const getLocale = requestLocale;

/** DEPRECATED: use next-intl's getTranslations in pages. */
export async function getT(): Promise<{ t: Translate; locale: Locale }> {
  const locale = await getLocale();
  return { t: translator(locale), locale };
}
