// Checks 'alerts:view' and the id above the segment's loading.tsx (a streamed skeleton would already be a 200).
import type { ReactNode } from 'react';
import { notFound } from 'next/navigation';
import { requirePage } from '@/lib/auth/session';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function Layout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ id: string }>;
}) {
  await requirePage('alerts:view');
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  return children;
}
