import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { currentUser } from '@/lib/auth/session';
import { homeFor } from '@/lib/auth/roles';
import { getT } from '@/lib/i18n/server';
import { LoginForm } from './login-form';

export const metadata: Metadata = { title: 'Login' };

export default async function LoginPage() {
  const user = await currentUser().catch(() => null);
  if (user) redirect(homeFor(user.role));
  const { t, locale } = await getT();
  return (
    <main className="login-wrap">
      <div className="card login-card">
        <p style={{ margin: 0, color: 'var(--brand)', fontWeight: 700 }}>{t('app.name')}</p>
        <h1>{t('login.title')}</h1>
        <LoginForm
          locale={locale}
          labels={{
            email: t('login.email'),
            password: t('login.password'),
            submit: t('login.submit'),
            submitting: t('login.submitting'),
            INVALID: t('login.error.INVALID'),
            DISABLED: t('login.error.DISABLED'),
            LOCKED: t('login.error.LOCKED'),
            generic: t('login.error.generic'),
            required: t('login.error.required'),
          }}
        />
      </div>
    </main>
  );
}
