// Sign-in: a standalone branded card; a signed-in user goes straight to their role's home.
import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { currentUser } from '@/lib/auth/session';
import { homeFor } from '@/lib/auth/roles';
import { ClientIntl } from '@/components/i18n/client-intl';
import { StandalonePage } from '@/components/shell/standalone-page';
import { LoginForm } from './login-form';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('page');
  return { title: t('login.title') };
}

export default async function LoginPage() {
  const user = await currentUser().catch(() => null);
  if (user) redirect(homeFor(user.role));
  const [t, locale] = await Promise.all([getTranslations('login'), getLocale()]);
  return (
    <StandalonePage labelledBy="login-title">
      <h1 id="login-title">{t('title')}</h1>
      <ClientIntl namespaces={['login']}>
        <LoginForm
          locale={locale}
          labels={{
            email: t('email'),
            password: t('password'),
            submit: t('submit'),
            submitting: t('submitting'),
            INVALID: t('error.INVALID'),
            DISABLED: t('error.DISABLED'),
            generic: t('error.generic'),
            required: t('error.required'),
          }}
        />
      </ClientIntl>
    </StandalonePage>
  );
}
