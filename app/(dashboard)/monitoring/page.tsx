// Placeholder until this section's issue lands: the title and an empty state saying what will appear here.
import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { requirePage } from '@/lib/auth/session';
import { EmptyState } from '@/components/ui/empty-state';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('page');
  return { title: t('monitoring.title') };
}

export default async function Page() {
  await requirePage('monitoring:view');
  const [t, tEmpty] = await Promise.all([getTranslations('page'), getTranslations('empty')]);
  return (
    <>
      <h1>{t('monitoring.title')}</h1>
      <EmptyState title={tEmpty('title')}>{t('monitoring.empty')}</EmptyState>
    </>
  );
}
