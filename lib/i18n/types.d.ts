// Typed messages and locales for next-intl: a key that does not exist fails the typecheck.
import type { Messages } from '@/lib/i18n/catalog';
import type { Locale } from '@/lib/i18n/locales';
import type { formats } from '@/lib/i18n/formats';

declare module 'next-intl' {
  interface AppConfig {
    Locale: Locale;
    Messages: Messages;
    Formats: typeof formats;
  }
}
