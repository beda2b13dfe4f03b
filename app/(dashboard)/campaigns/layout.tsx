// Checks 'campaigns:view' above the segment's loading.tsx boundary, so a refused viewer gets a real 403.
import type { ReactNode } from 'react';
import { requirePage } from '@/lib/auth/session';

export default async function Layout({ children }: { children: ReactNode }) {
  await requirePage('campaigns:view');
  return children;
}
