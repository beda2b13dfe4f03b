'use client';
// The role's navigation, marking the current section (a client component: it reads the pathname).
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useTranslations } from 'next-intl';

export function SidebarNav({ items }: { items: { href: string; label: string }[] }) {
  const path = usePathname();
  const t = useTranslations('nav');
  return (
    <nav aria-label={t('main')}>
      <ul>
        {items.map((i) => (
          <li key={i.href}>
            <Link
              href={i.href}
              aria-current={path === i.href || path.startsWith(i.href + '/') ? 'page' : undefined}
            >
              {i.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
