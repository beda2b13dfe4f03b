// 403 when a signed-in role opens another role's page (requirePage calls forbidden()). Rendered without the
// dashboard shell, so it is a standalone branded card like the 404; "back" lands on the role's home.
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { StandalonePage } from '@/components/shell/standalone-page';

export default async function Forbidden() {
  const t = await getTranslations('page');
  return (
    <StandalonePage testId="forbidden" labelledBy="forbidden-title">
      <h1 id="forbidden-title">{t('forbidden.title')}</h1>
      <p className="standalone-body">{t('forbidden.body')}</p>
      <Link href="/" className="btn">
        {t('backHome')}
      </Link>
    </StandalonePage>
  );
}
