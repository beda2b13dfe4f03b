import Link from 'next/link';
import { getT } from '@/lib/i18n/server';

export default async function Forbidden() {
  const { t } = await getT();
  return (
    <main className="main">
      <section className="card empty" data-testid="forbidden">
        <h2>{t('page.forbidden.title')}</h2>
        <p>{t('page.forbidden.body')}</p>
        <Link href="/">{t('page.backHome')}</Link>
      </section>
    </main>
  );
}
