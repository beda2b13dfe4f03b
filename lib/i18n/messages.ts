// DEPRECATED compatibility layer while pages move to next-intl (getTranslations / useTranslations).
// Delete once nothing imports it.
import { translateKey } from '@/lib/i18n/translate';
import type { Locale } from '@/lib/i18n/locales';

export { LOCALES, DEFAULT_LOCALE, isLocale, type Locale } from '@/lib/i18n/locales';

export type MessageKey = string;
export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export function translator(locale: Locale): Translate {
  return (key, vars) => translateKey(locale, key, vars);
}
