// next-intl's request configuration. There is no locale segment in the URL (one address per page): the locale
// comes from the cookie or Accept-Language (lib/i18n/server.ts).
import { getRequestConfig } from 'next-intl/server';
import { catalog } from '@/lib/i18n/catalog';
import { formats } from '@/lib/i18n/formats';
import { TIME_ZONE } from '@/lib/i18n/locales';
import { requestLocale } from '@/lib/i18n/server';

export default getRequestConfig(async () => {
  const locale = await requestLocale();
  return { locale, messages: catalog[locale], timeZone: TIME_ZONE, formats };
});
