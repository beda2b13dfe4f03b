// 404 for any unknown address or missing record: a standalone branded card (the dashboard shell needs a
// signed-in user, and a 404 may be shown to anyone) with a way back.
import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { StandalonePage } from '@/components/shell/standalone-page';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('page');
  return { title: t('notFound.title') };
}

export default async function NotFound() {
  const t = await getTranslations('page');
  return (
    <StandalonePage testId="not-found" labelledBy="not-found-title">
      <h1 id="not-found-title">{t('notFound.title')}</h1>
      <p className="standalone-body">{t('notFound.body')}</p>
      <Link href="/" className="btn">
        {t('backHome')}
      </Link>
    </StandalonePage>
  );
}
