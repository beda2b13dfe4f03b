import type { Metadata } from 'next';
import { requirePage } from '@/lib/auth/session';
import { getT } from '@/lib/i18n/server';
import { EmptyState } from '@/components/ui/empty-state';

export const metadata: Metadata = { title: 'Clientes' };

export default async function Page() {
  await requirePage('clients:view');
  const { t } = await getT();
  return (
    <>
      <h1>{t('page.clients.title')}</h1>
      <EmptyState title={t('empty.title')}>{t('page.clients.empty')}</EmptyState>
    </>
  );
}
