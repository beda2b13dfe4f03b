// Clientes: the portfolio, searchable by external id (and by name for roles that see personal data). The title
// renders at once; the list streams in behind a skeleton of the same shape.
import type { Metadata } from 'next';
import { Suspense } from 'react';
import { getTranslations } from 'next-intl/server';
import { requirePage } from '@/lib/auth/session';
import { pageParam } from '@/lib/validations/common';
import { ClientList, ClientListSkeleton } from './client-list';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('page');
  return { title: t('clients.title') };
}

type Search = Promise<Record<string, string | string[] | undefined>>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

export default async function ClientsPage({ searchParams }: { searchParams: Search }) {
  await requirePage('clients:view');
  const [sp, t] = await Promise.all([searchParams, getTranslations('page')]);
  const query = { q: first(sp.q), segment: first(sp.segment), page: pageParam(sp.page) };
  return (
    <>
      <h1>{t('clients.title')}</h1>
      <Suspense key={JSON.stringify(query)} fallback={<ClientListSkeleton />}>
        <ClientList {...query} />
      </Suspense>
    </>
  );
}
