// Answers 404 for an unknown or malformed version id above [id]/loading.tsx: once the skeleton streams, the
// response has already been sent as 200, so notFound() inside the page could no longer set the status.
import type { ReactNode } from 'react';
import { notFound } from 'next/navigation';
import { modelVersionExists } from '@/lib/data/models';

export default async function ModelVersionLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ id: string }>;
}) {
  const { id } = await params;
  if (!(await modelVersionExists(id))) notFound();
  return children;
}
