// Modelos: the registry's versions with their validation and out-of-time figures, the champion, comparison,
// upload and (for data scientists) training. The versions table renders first; the training form, whose
// suggested windows need a scan of the outcomes, streams in behind its own skeleton.
import type { Metadata } from 'next';
import Link from 'next/link';
import { Suspense } from 'react';
import { getLocale, getTranslations } from 'next-intl/server';
import { requirePage } from '@/lib/auth/session';
import { roleCan } from '@/lib/auth/roles';
import { TrainingPanel, type TrainingDefaults } from '@/components/models/training-panel';
import { ClientIntl } from '@/components/i18n/client-intl';
import { getTrainingDefaults } from '@/lib/data/training';
import { getModelVersions, type ModelView } from '@/lib/data/models';
import { formatDateTime, formatNumber, formatPercent } from '@/lib/format';
import { EmptyState } from '@/components/ui/empty-state';
import { StatusBadge } from '@/components/models/status-badge';
import { atThreshold, sourceFormatKey, windowText } from '@/components/models/metrics';
import { POLICY_THRESHOLDS } from '@/lib/models/card';
import { ModelActions, RollbackButton } from '../model-actions';
import { UploadModelForm } from '../upload-form';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('models');
  return { title: t('title') };
}

export default async function ModelsPage() {
  const me = await requirePage('models:view');
  const canManage = roleCan(me.role, 'models:manage');
  // Started now, awaited inside its Suspense boundary: both reads run at once, the table does not wait for it.
  const trainingDefaults = canManage ? getTrainingDefaults() : null;
  trainingDefaults?.catch(() => undefined);
  const [t, tEmpty, locale, models] = await Promise.all([
    getTranslations('models'),
    getTranslations('empty'),
    getLocale(),
    getModelVersions(),
  ]);
  const champion = models.find((m) => m.status === 'CHAMPION');
  const canRollback = models.some((m) => m.status === 'RETIRED' && m.promotedAt);
  const label = (m: Pick<ModelView, 'name' | 'version'>) =>
    t('versionName', { name: m.name, version: String(m.version) });
  const num = (v: number | undefined) => formatNumber(v, locale, 4);
  const pct = (v: number | undefined) => formatPercent(v, locale, 1);
  const pair = (a: string, b: string) => t('pair', { a, b });
  const formatLabel = (f: string) => {
    const key = sourceFormatKey(f);
    return key ? t(key) : f;
  };
  const [low, high] = POLICY_THRESHOLDS;
  const defaultA = champion?.id ?? models[0]?.id;
  const defaultB = models.find((m) => m.id !== defaultA)?.id;

  return (
    <ClientIntl namespaces={['models', 'forms', 'actions']}>
      <h1>{t('title')}</h1>
      {!canManage ? (
        <p className="card" style={{ color: 'var(--muted)' }} data-testid="models-read-only">
          {t('readOnly')}
        </p>
      ) : null}
      {models.length === 0 ? (
        <EmptyState title={tEmpty('title')}>{t('empty')}</EmptyState>
      ) : (
        <>
          <section className="card" data-testid="champion-summary" style={{ marginBottom: '1rem' }}>
            {champion ? (
              <p style={{ margin: 0 }}>
                {t('champion.current')}{' '}
                <Link href={`/models/${champion.id}`}>
                  <strong>{label(champion)}</strong>
                </Link>{' '}
                {t('champion.promotedOn', { date: formatDateTime(champion.promotedAt, locale) })}
              </p>
            ) : (
              <p style={{ margin: 0 }}>{t('champion.none')}</p>
            )}
            {canManage && canRollback ? (
              <div style={{ marginTop: '0.75rem' }}>
                <RollbackButton />
              </div>
            ) : null}
          </section>
          <section className="card" style={{ overflowX: 'auto' }}>
            <h2 style={{ marginTop: 0 }}>{t('list.title')}</h2>
            <table className="table" data-testid="models-table">
              <thead>
                <tr>
                  <th>{t('col.model')}</th>
                  <th>{t('col.status')}</th>
                  <th>{t('col.auc')}</th>
                  <th>{t('col.gini')}</th>
                  <th>{t('col.ks')}</th>
                  <th>{t('col.at', { t: formatNumber(low, locale, 2) })}</th>
                  <th>{t('col.at', { t: formatNumber(high, locale, 2) })}</th>
                  <th>{t('col.window')}</th>
                  <th>{t('col.created')}</th>
                  {canManage ? <th /> : null}
                </tr>
              </thead>
              <tbody>
                {models.map((m) => {
                  const v = m.card.metrics?.validation;
                  const o = m.card.metrics?.outOfTime;
                  const split = o ?? v;
                  const rLow = atThreshold(split, low);
                  const rHigh = atThreshold(split, high);
                  return (
                    <tr
                      key={m.id}
                      data-model={label(m)}
                      style={m.status === 'CHAMPION' ? { background: '#eef8f3' } : undefined}
                    >
                      <td>
                        <Link href={`/models/${m.id}`}>{label(m)}</Link>
                        <br />
                        <small style={{ color: 'var(--muted)' }}>{formatLabel(m.sourceFormat)}</small>
                      </td>
                      <td>
                        <StatusBadge status={m.status} />
                      </td>
                      <td title={t('col.validOot')}>{pair(num(v?.auc), num(o?.auc))}</td>
                      <td>{pair(num(v?.gini), num(o?.gini))}</td>
                      <td>{pair(num(v?.ks), num(o?.ks))}</td>
                      <td>{pair(pct(rLow?.recall), pct(rLow?.precision))}</td>
                      <td>{pair(pct(rHigh?.recall), pct(rHigh?.precision))}</td>
                      <td>{windowText(m.card.training?.trainWindow, locale)}</td>
                      <td>
                        {m.createdBy?.name ?? t('createdBySystem')}
                        <br />
                        <small>{formatDateTime(m.createdAt, locale)}</small>
                      </td>
                      {canManage ? (
                        <td>
                          <ModelActions
                            id={m.id}
                            status={m.status}
                            model={label(m)}
                            champion={champion ? label(champion) : null}
                          />
                        </td>
                      ) : null}
                    </tr>
                  );
                })}
              </tbody>
            </table>
            <p style={{ fontSize: '0.85rem', color: 'var(--muted)' }}>{t('list.legend')}</p>
          </section>
          {models.length >= 2 ? (
            <section className="card" style={{ marginTop: '1rem' }}>
              <h2 style={{ marginTop: 0 }}>{t('compare.title')}</h2>
              <form action="/models/compare" method="get" className="inline-form">
                <div className="field">
                  <label htmlFor="compare-a">{t('compare.a')}</label>
                  <select id="compare-a" name="a" defaultValue={defaultA}>
                    {models.map((m) => (
                      <option key={m.id} value={m.id}>
                        {label(m)}
                      </option>
                    ))}
                  </select>
                </div>
                <div className="field">
                  <label htmlFor="compare-b">{t('compare.b')}</label>
                  <select id="compare-b" name="b" defaultValue={defaultB}>
                    {models.map((m) => (
                      <option key={m.id} value={m.id}>
                        {label(m)}
                      </option>
                    ))}
                  </select>
                </div>
                <button className="btn secondary" type="submit">
                  {t('compare.submit')}
                </button>
              </form>
            </section>
          ) : null}
        </>
      )}
      {canManage ? (
        <section className="card" style={{ marginTop: '1rem' }}>
          <h2 style={{ marginTop: 0 }}>{t('upload.title')}</h2>
          <UploadModelForm />
        </section>
      ) : null}
      {trainingDefaults ? (
        <div style={{ marginTop: '1rem' }}>
          <Suspense fallback={<TrainingSkeleton label={t('list.loadingTraining')} />}>
            <Training defaults={trainingDefaults} />
          </Suspense>
        </div>
      ) : null}
    </ClientIntl>
  );
}

async function Training({ defaults }: { defaults: Promise<TrainingDefaults> }) {
  return <TrainingPanel defaults={await defaults} />;
}

/** The training panel's shape: title, three month windows, the parameter grid and the button. */
function TrainingSkeleton({ label }: { label: string }) {
  return (
    <section className="card" aria-busy="true" aria-label={label}>
      <div className="skeleton" style={{ height: 26, width: 240, marginBottom: '1rem' }} />
      {Array.from({ length: 4 }, (_, i) => (
        <div key={i} className="skeleton" style={{ height: 44, maxWidth: 520, marginBottom: 12 }} />
      ))}
      <div className="grid">
        {Array.from({ length: 7 }, (_, i) => (
          <div key={i} className="skeleton" style={{ height: 56 }} />
        ))}
      </div>
      <div className="skeleton" style={{ height: 38, width: 140, marginTop: '1rem' }} />
    </section>
  );
}
