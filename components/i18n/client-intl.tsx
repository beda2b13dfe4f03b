// Passes a client subtree only the message namespaces it needs (plus the shared ones), so a page does not
// ship the whole catalogue to the browser.
import type { ReactNode } from 'react';
import { NextIntlClientProvider } from 'next-intl';
import { getLocale, getMessages } from 'next-intl/server';
import type { Namespace } from '@/lib/i18n/catalog';

const SHARED: Namespace[] = ['common', 'validation', 'errors'];

export async function ClientIntl({ namespaces, children }: { namespaces: Namespace[]; children: ReactNode }) {
  const [messages, locale] = await Promise.all([getMessages(), getLocale()]);
  const picked: Record<string, unknown> = {};
  for (const ns of new Set([...SHARED, ...namespaces])) picked[ns] = messages[ns];
  return (
    <NextIntlClientProvider locale={locale} messages={picked}>
      {children}
    </NextIntlClientProvider>
  );
}
