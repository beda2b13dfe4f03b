// Checks 'alerts:view' above the segment's loading.tsx boundary: a page that streams its loading skeleton first
// has already sent 200, so forbidden() inside the page could no longer answer 403.
import type { ReactNode } from 'react';
import { requirePage } from '@/lib/auth/session';

export default async function Layout({ children }: { children: ReactNode }) {
  await requirePage('alerts:view');
  return children;
}
