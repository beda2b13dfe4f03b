'use client';
// The role's navigation, marking the current section (a client component: it reads the pathname).
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useTranslations } from 'next-intl';

export function SidebarNav({ items }: { items: { href: string; label: string }[] }) {
  const path = usePathname();
  const t = useTranslations('nav');
  // The longest matching entry is current (/settings/portfolios, not /settings too).
  const current = items
    .filter((i) => path === i.href || path.startsWith(i.href + '/'))
    .reduce<string | null>((best, i) => (best && best.length >= i.href.length ? best : i.href), null);
  return (
    <nav aria-label={t('main')}>
      <ul>
        {items.map((i) => (
          <li key={i.href}>
            <Link href={i.href} aria-current={i.href === current ? 'page' : undefined}>
              {i.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
