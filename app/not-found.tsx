import Link from 'next/link';
import { getT } from '@/lib/i18n/server';

export default async function NotFound() {
  const { t } = await getT();
  return (
    <main className="main">
      <section className="card empty">
        <h2>{t('page.notFound.title')}</h2>
        <Link href="/">{t('page.backHome')}</Link>
      </section>
    </main>
  );
}
