// Variáveis (data scientists): the computed months of fs-v1, each feature's definition and distribution in the
// chosen month, recomputation, and a real-time lookup of one client. The month list renders at once; the
// catalogue's statistics stream in behind a skeleton of the same table.
import type { Metadata } from 'next';
import { Suspense } from 'react';
import { getLocale, getTranslations } from 'next-intl/server';
import { requirePage } from '@/lib/auth/session';
import { roleCan } from '@/lib/auth/roles';
import { getFeatureRun, getFeatureRuns } from '@/lib/data/features';
import { featureDefinitions, FEATURE_SET_VERSION } from '@/lib/features/fs-v1';
import { formatDateTime, formatFeatureValue, formatMonth, formatPercent } from '@/lib/format';
import { ClientIntl } from '@/components/i18n/client-intl';
import { EmptyState } from '@/components/ui/empty-state';
import { TableSkeleton } from '@/components/ui/page-skeleton';
import { MonthPicker, RecomputeForm, RealtimeLookup } from './feature-widgets';
import { Histogram } from './histogram';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('page');
  return { title: t('features.title') };
}

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function FeaturesPage({ searchParams }: { searchParams: Search }) {
  const actor = await requirePage('features:view');
  const [runs, sp, t, tPage, tEmpty, locale] = await Promise.all([
    getFeatureRuns(),
    searchParams,
    getTranslations('features'),
    getTranslations('page'),
    getTranslations('empty'),
    getLocale(),
  ]);
  const asked = Array.isArray(sp.month) ? sp.month[0] : sp.month;
  const run = runs.find((r) => r.asOfMonth === asked) ?? runs[0];
  const canCompute = roleCan(actor.role, 'models:manage');
  return (
    <ClientIntl namespaces={['features']}>
      <h1>{tPage('features.title')}</h1>
      <p className="muted subtitle">{t('subtitle', { version: FEATURE_SET_VERSION })}</p>
      {!run ? (
        <>
          <EmptyState title={tEmpty('title')}>{t('empty')}</EmptyState>
          {canCompute ? (
            <section className="card section">
              <RecomputeForm />
            </section>
          ) : null}
        </>
      ) : (
        <section className="card" aria-labelledby="catalogue-title">
          <h2 className="card-title" id="catalogue-title">
            {t('title')}
          </h2>
          <div className="inline-form" style={{ justifyContent: 'space-between' }}>
            <MonthPicker months={runs.map((r) => r.asOfMonth)} value={run.asOfMonth} />
            <span className="muted" data-testid="run-summary">
              {t('runSummary', { n: run.clients, at: formatDateTime(run.computedAt, locale) })}
            </span>
            {canCompute ? <RecomputeForm month={run.asOfMonth} /> : null}
          </div>
          <Suspense
            key={run.asOfMonth}
            fallback={
              <TableSkeleton rows={featureDefinitions.length} cols={6} heading={false} className="section" />
            }
          >
            <FeatureCatalogue month={run.asOfMonth} />
          </Suspense>
        </section>
      )}
      <section className="card section" aria-labelledby="lookup-title">
        <h2 className="card-title" id="lookup-title">
          {t('lookup.title')}
        </h2>
        <RealtimeLookup
          defaultMonth={run?.asOfMonth ?? ''}
          definitions={featureDefinitions.map((f) => ({
            name: f.name,
            unit: f.unit,
            description: f.description[locale],
          }))}
        />
      </section>
    </ClientIntl>
  );
}

async function FeatureCatalogue({ month }: { month: string }) {
  const [run, t, locale] = await Promise.all([
    getFeatureRun(month),
    getTranslations('features'),
    getLocale(),
  ]);
  const statsByName = new Map(run?.stats.features.map((f) => [f.name, f]) ?? []);
  return (
    <div className="table-wrap">
      <table className="table section" data-testid="feature-table">
        <thead>
          <tr>
            <th scope="col">{t('col.feature')}</th>
            <th scope="col">{t('col.definition')}</th>
            <th scope="col" className="num">
              {t('col.missing')}
            </th>
            <th scope="col" className="num">
              {t('col.mean')}
            </th>
            <th scope="col" className="num">
              {t('col.quantiles')}
            </th>
            <th scope="col">{t('col.distribution')}</th>
          </tr>
        </thead>
        <tbody>
          {featureDefinitions.map((f) => {
            const s = statsByName.get(f.name);
            const q = (p: number) => s?.quantiles.find((x) => Math.abs(x.p - p) < 1e-9)?.value;
            const fmt = (v: number | null | undefined) => formatFeatureValue(v, f.unit, locale, 'summary');
            return (
              <tr key={f.name} data-feature={f.name}>
                <th scope="row" className="plain">
                  <code>{f.name}</code>
                </th>
                <td className="definition-cell">{f.description[locale]}</td>
                <td className="num">{s ? formatPercent(s.missingShare, locale) : '—'}</td>
                <td className="num">{s ? fmt(s.mean) : '—'}</td>
                <td className="num nowrap">{s ? [q(0.05), q(0.5), q(0.95)].map(fmt).join(' · ') : '—'}</td>
                <td>
                  {s ? (
                    <Histogram
                      bins={s.histogram}
                      unit={f.unit}
                      caption={t('histogram.caption', { feature: f.name, month: formatMonth(month, locale) })}
                    />
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
