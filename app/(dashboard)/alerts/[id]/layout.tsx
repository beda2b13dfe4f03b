// Checks 'alerts:view' and the id above the segment's loading.tsx (a streamed skeleton would already be a 200).
import type { ReactNode } from 'react';
import { notFound } from 'next/navigation';
import { requirePage } from '@/lib/auth/session';
import { isUuid } from '@/lib/validations/common';

export default async function Layout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ id: string }>;
}) {
  await requirePage('alerts:view');
  const { id } = await params;
  if (!isUuid(id)) notFound();
  return children;
}
