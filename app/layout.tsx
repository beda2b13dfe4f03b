// The document: language, title template, icons, and the messages every client component of the shell needs
// (pages add their own namespaces with <ClientIntl>).
import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { NextIntlClientProvider } from 'next-intl';
import { getLocale, getMessages, getTranslations } from 'next-intl/server';
import type { Namespace } from '@/lib/i18n/catalog';
import { TIME_ZONE } from '@/lib/i18n/locales';
import './globals.css';

const SHELL_NAMESPACES: Namespace[] = ['app', 'nav', 'shell', 'common'];

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('app');
  return {
    title: { default: t('name'), template: `%s · ${t('name')}` },
    description: t('description'),
    applicationName: t('name'),
    icons: {
      icon: [
        { url: '/favicon.svg', type: 'image/svg+xml' },
        { url: '/favicon.ico', sizes: '32x32' },
      ],
      apple: '/apple-touch-icon.png',
    },
  };
}

export const viewport: Viewport = { themeColor: '#0b6e4f', width: 'device-width', initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const [locale, messages] = await Promise.all([getLocale(), getMessages()]);
  const shared = Object.fromEntries(SHELL_NAMESPACES.map((ns) => [ns, messages[ns]]));
  return (
    <html lang={locale}>
      <body>
        {/* timeZone given explicitly: client formatting must match the server's, or hydration fails. */}
        <NextIntlClientProvider locale={locale} timeZone={TIME_ZONE} messages={shared}>
          {children}
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
