// Skeletons of the Pontuação widgets, shaped like them (the start form, the selected run with its progress bar
// and figures), used by loading.tsx and by each widget's Suspense boundary. Each announces "loading" once.
import type { ReactNode } from 'react';
import { useTranslations } from 'next-intl';
import styles from './scoring.module.css';

function Busy({ children, testId }: { children: ReactNode; testId?: string }) {
  const t = useTranslations('common');
  return (
    <section className="card section" aria-busy="true" data-testid={testId}>
      <span className="sr-only" role="status">
        {t('loading')}
      </span>
      <div aria-hidden="true">{children}</div>
    </section>
  );
}

export function StartFormSkeleton() {
  return (
    <Busy testId="start-run-skeleton">
      <div className="skeleton" style={{ height: 22, width: 180, marginBottom: '1rem' }} />
      <div
        className="skeleton"
        style={{ height: 18, width: 420, maxWidth: '100%', marginBottom: '0.75rem' }}
      />
      <div className="inline-form">
        <div className="skeleton" style={{ height: 60, width: 200 }} />
        <div className="skeleton" style={{ height: 38, width: 150 }} />
      </div>
    </Busy>
  );
}

export function RunDetailSkeleton() {
  return (
    <Busy testId="run-detail-skeleton">
      <div className="skeleton" style={{ height: 22, width: 240, marginBottom: '0.75rem' }} />
      <div className="skeleton" style={{ height: 14, width: 360, maxWidth: '100%', marginBottom: '1rem' }} />
      <div className="skeleton" style={{ height: 13, borderRadius: 999, marginBottom: '0.5rem' }} />
      <div className="skeleton" style={{ height: 14, width: 300, marginBottom: '1rem' }} />
      <div className={styles.figures}>
        {Array.from({ length: 5 }, (_, i) => (
          <div key={i} className="skeleton" style={{ height: 58 }} />
        ))}
      </div>
      {Array.from({ length: 4 }, (_, i) => (
        <div key={i} className="skeleton" style={{ height: 26, marginBottom: 8 }} />
      ))}
      <div className="skeleton" style={{ height: 200, marginTop: '1rem' }} />
    </Busy>
  );
}
