import type { ReactNode } from 'react';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { currentUser } from '@/lib/auth/session';
import { navFor } from '@/lib/auth/roles';
import { getT } from '@/lib/i18n/server';
import { SidebarNav } from '@/components/shell/sidebar-nav';
import { SignOutButton } from '@/components/shell/sign-out-button';
import { LocaleSwitch } from '@/components/shell/locale-switch';
import { Providers } from '@/components/shell/providers';

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  if (!user) redirect('/login');
  const { t, locale } = await getT();
  const items = navFor(user.role).map((n) => ({ href: n.href, label: t(n.key) }));
  return (
    <Providers>
      <div className="shell">
        <aside className="sidebar">
          <Link href="/" className="brand">
            {t('app.name')}
            <small>{t('app.tagline')}</small>
          </Link>
          <SidebarNav items={items} />
          <div className="who">
            <span>
              <strong>{user.name}</strong>
              <br />
              <span data-testid="current-role">{t(`role.${user.role}`)}</span>
            </span>
            <LocaleSwitch locale={locale} label={t('nav.language')} />
            <SignOutButton label={t('nav.signOut')} />
          </div>
        </aside>
        <main className="main">{children}</main>
      </div>
    </Providers>
  );
}
