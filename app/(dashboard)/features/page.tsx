import type { Metadata } from 'next';
import { requirePage } from '@/lib/auth/session';
import { roleCan } from '@/lib/auth/roles';
import { getFeatureRun, getFeatureRuns } from '@/lib/data/features';
import { getT } from '@/lib/i18n/server';
import { formatDateTime, formatNumber, formatPercent } from '@/lib/format';
import { featureDefinitions, FEATURE_SET_VERSION } from '@/lib/features/fs-v1';
import { EmptyState } from '@/components/ui/empty-state';
import { Histogram, MonthPicker, RecomputeForm, RealtimeLookup } from './feature-widgets';

export const metadata: Metadata = { title: 'Variáveis' };

export default async function FeaturesPage({ searchParams }: { searchParams: Promise<{ month?: string }> }) {
  const actor = await requirePage('features:view');
  const [{ t, locale }, runs, sp] = await Promise.all([getT(), getFeatureRuns(), searchParams]);
  const month = runs.find((r) => r.asOfMonth === sp.month)?.asOfMonth ?? runs[0]?.asOfMonth;
  const run = month ? await getFeatureRun(month) : null;
  const statsByName = new Map(run?.stats.features.map((f) => [f.name, f]) ?? []);
  const digits = (unit?: string) => (unit === 'ratio' ? 3 : unit === 'BRL' ? 0 : 1);
  return (
    <>
      <h1>{t('nav.features')}</h1>
      <p style={{ color: 'var(--muted)', marginTop: -8 }}>
        {t('features.subtitle', { version: FEATURE_SET_VERSION })}
      </p>
      {runs.length === 0 ? (
        <>
          <EmptyState title={t('empty.title')}>{t('features.empty')}</EmptyState>
          {roleCan(actor.role, 'models:manage') ? (
            <section className="card" style={{ marginTop: '1rem' }}>
              <RecomputeForm
                label={t('features.compute')}
                saving={t('common.saving')}
                monthLabel={t('features.month')}
              />
            </section>
          ) : null}
        </>
      ) : (
        <section className="card">
          <div className="inline-form" style={{ justifyContent: 'space-between' }}>
            <MonthPicker months={runs.map((r) => r.asOfMonth)} value={month!} label={t('features.month')} />
            <span style={{ color: 'var(--muted)' }} data-testid="run-summary">
              {formatNumber(run?.clients, locale)} {t('features.clients')} · {t('features.computedAt')}{' '}
              {formatDateTime(run?.computedAt, locale)}
            </span>
            {roleCan(actor.role, 'models:manage') ? (
              <RecomputeForm month={month!} label={t('features.recompute')} saving={t('common.saving')} />
            ) : null}
          </div>
          <table className="table" style={{ marginTop: '1rem' }} data-testid="feature-table">
            <thead>
              <tr>
                <th>{t('features.col.feature')}</th>
                <th>{t('features.col.definition')}</th>
                <th>{t('features.col.missing')}</th>
                <th>{t('features.col.mean')}</th>
                <th>{t('features.col.quantiles')}</th>
                <th>{t('features.col.distribution')}</th>
              </tr>
            </thead>
            <tbody>
              {featureDefinitions.map((f) => {
                const s = statsByName.get(f.name);
                const q = (p: number) => s?.quantiles.find((x) => Math.abs(x.p - p) < 1e-9)?.value;
                const d = digits(f.unit);
                return (
                  <tr key={f.name} data-feature={f.name}>
                    <td>
                      <code>{f.name}</code>
                    </td>
                    <td style={{ maxWidth: 420, fontSize: '0.85rem' }}>{f.description[locale]}</td>
                    <td>{s ? formatPercent(s.missingShare, locale) : '—'}</td>
                    <td>{s ? formatNumber(s.mean, locale, d) : '—'}</td>
                    <td style={{ whiteSpace: 'nowrap' }}>
                      {[q(0.05), q(0.5), q(0.95)].map((v) => formatNumber(v, locale, d)).join(' · ')}
                    </td>
                    <td>{s ? <Histogram bins={s.histogram} /> : null}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
      )}
      <section className="card" style={{ marginTop: '1rem' }}>
        <h2 style={{ marginTop: 0 }}>{t('features.lookup.title')}</h2>
        <RealtimeLookup
          defaultMonth={month ?? ''}
          labels={{
            client: t('features.lookup.client'),
            month: t('features.month'),
            submit: t('features.lookup.submit'),
            notFound: t('features.lookup.notFound'),
          }}
          descriptions={Object.fromEntries(featureDefinitions.map((f) => [f.name, f.description[locale]]))}
        />
      </section>
    </>
  );
}
