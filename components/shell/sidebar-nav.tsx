'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

export function SidebarNav({ items }: { items: { href: string; label: string }[] }) {
  const path = usePathname();
  return (
    <nav aria-label="Main">
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
