// The signed-in shell: a sidebar that stays in view (brand, the role's navigation, who is signed in, language,
// sign-out) beside the page.
import type { ReactNode } from 'react';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { currentUser } from '@/lib/auth/session';
import { navFor } from '@/lib/auth/roles';
import { SidebarNav } from '@/components/shell/sidebar-nav';
import { SignOutButton } from '@/components/shell/sign-out-button';
import { LocaleSwitch } from '@/components/shell/locale-switch';
import { Providers } from '@/components/shell/providers';
import { BrandMark } from '@/components/shell/brand-mark';

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  if (!user) redirect('/login');
  const t = await getTranslations();
  const items = navFor(user.role).map((n) => ({ href: n.href, label: t(n.key) }));
  return (
    <Providers>
      <a href="#content" className="skip-link">
        {t('shell.skipToContent')}
      </a>
      <div className="shell">
        <aside className="sidebar">
          <Link href="/" className="brand">
            <BrandMark size={28} />
            <span>
              {t('app.name')}
              <small>{t('app.tagline')}</small>
            </span>
          </Link>
          <SidebarNav items={items} />
          <div className="who">
            <p className="who-name">
              {/* User-chosen text: rendered as text by React, never as markup. */}
              <strong data-testid="current-user">{user.name}</strong>
              <span data-testid="current-role">{t(`role.${user.role}`)}</span>
            </p>
            <LocaleSwitch />
            <SignOutButton />
          </div>
        </aside>
        <main className="main" id="content" tabIndex={-1}>
          {children}
        </main>
      </div>
    </Providers>
  );
}
