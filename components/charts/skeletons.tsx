// Skeletons shaped like the dashboards' widgets: a KPI grid and chart cards.
import { useTranslations } from 'next-intl';

export function DashboardSkeleton({ kpis = 0, charts = 3 }: { kpis?: number; charts?: number }) {
  const t = useTranslations('common');
  return (
    <div aria-busy="true">
      <span className="sr-only" role="status">
        {t('loading')}
      </span>
      <div aria-hidden="true">
        <div className="skeleton" style={{ height: 32, width: 220, marginBottom: '1rem' }} />
        {kpis ? (
          <div
            className="section"
            style={{
              display: 'grid',
              gap: '0.75rem',
              gridTemplateColumns: 'repeat(auto-fill, minmax(180px, 1fr))',
            }}
          >
            {Array.from({ length: kpis }, (_, i) => (
              <div key={i} className="card skeleton" style={{ height: 72 }} />
            ))}
          </div>
        ) : null}
        {Array.from({ length: charts }, (_, i) => (
          <div key={i} className="card section">
            <div className="skeleton" style={{ height: 22, width: 240, marginBottom: '1rem' }} />
            <div className="skeleton" style={{ height: 240 }} />
          </div>
        ))}
      </div>
    </div>
  );
}
