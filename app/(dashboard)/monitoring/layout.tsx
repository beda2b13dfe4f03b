// Checks 'monitoring:view' above the segment's loading.tsx, so a wrong role gets a real 403.
import type { ReactNode } from 'react';
import { requirePage } from '@/lib/auth/session';

export default async function Layout({ children }: { children: ReactNode }) {
  await requirePage('monitoring:view');
  return children;
}
