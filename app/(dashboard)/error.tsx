'use client';
// A page of the dashboard failed while rendering: say so in the user's language, keep the shell, offer a
// retry. The digest is the id the server logged the error under, so support can find it.
import Link from 'next/link';
import { useTranslations } from 'next-intl';

export default function DashboardError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  const t = useTranslations('shell.error');
  return (
    <section className="card empty" role="alert">
      <h1>{t('title')}</h1>
      <p>{t('body')}</p>
      {error.digest ? <p className="muted small">{t('reference', { digest: error.digest })}</p> : null}
      <p className="actions-row">
        <button type="button" className="btn" onClick={reset}>
          {t('retry')}
        </button>
        <Link href="/" className="btn secondary">
          {t('home')}
        </Link>
      </p>
    </section>
  );
}
