import type { Metadata } from 'next';
import Link from 'next/link';
import { requirePage } from '@/lib/auth/session';
import { roleCan } from '@/lib/auth/roles';
import { TrainingPanel } from '@/components/models/training-panel';
import { modelActionLabels } from '@/components/models/action-labels';
import { getTrainingDefaults } from '@/lib/data/training';
import { getModelVersions } from '@/lib/data/models';
import { getT } from '@/lib/i18n/server';
import { formatDateTime, formatNumber, formatPercent } from '@/lib/format';
import { EmptyState } from '@/components/ui/empty-state';
import { StatusBadge } from '@/components/models/status-badge';
import { atThreshold, windowText } from '@/components/models/metrics';
import { ModelActions, RollbackButton } from './model-actions';
import { UploadModelForm } from './upload-form';

export const metadata: Metadata = { title: 'Modelos' };

export default async function ModelsPage() {
  const me = await requirePage('models:view');
  const [{ t, locale }, models] = await Promise.all([getT(), getModelVersions()]);
  const canManage = roleCan(me.role, 'models:manage');
  const champion = models.find((m) => m.status === 'CHAMPION');
  const canRollback = models.some((m) => m.status === 'RETIRED' && m.promotedAt);
  const actionLabels = modelActionLabels(t);
  const num = (v: number | undefined) => formatNumber(v, locale, 4);
  const pct = (v: number | undefined) => formatPercent(v, locale, 1);

  return (
    <>
      <h1>{t('page.models.title')}</h1>
      {!canManage ? (
        <p className="card" style={{ color: 'var(--muted)' }} data-testid="models-read-only">
          {t('models.readOnly')}
        </p>
      ) : null}
      {models.length === 0 ? (
        <EmptyState title={t('empty.title')}>{t('page.models.empty')}</EmptyState>
      ) : (
        <>
          <section className="card" data-testid="champion-summary" style={{ marginBottom: '1rem' }}>
            {champion ? (
              <p style={{ margin: 0 }}>
                {t('models.champion.current')}{' '}
                <Link href={`/models/${champion.id}`}>
                  <strong>
                    {champion.name} v{champion.version}
                  </strong>
                </Link>{' '}
                · {t('models.detail.promoted')} {formatDateTime(champion.promotedAt, locale)}
              </p>
            ) : (
              <p style={{ margin: 0 }}>{t('models.champion.none')}</p>
            )}
            {canManage && canRollback ? (
              <div style={{ marginTop: '0.75rem' }}>
                <RollbackButton
                  labels={{
                    ...actionLabels,
                    rollback: t('models.action.rollback'),
                    confirmRollback: t('models.action.confirmRollback'),
                  }}
                />
              </div>
            ) : null}
          </section>
          <section className="card" style={{ overflowX: 'auto' }}>
            <h2 style={{ marginTop: 0 }}>{t('models.list.title')}</h2>
            <table className="table" data-testid="models-table">
              <thead>
                <tr>
                  <th>{t('models.col.model')}</th>
                  <th>{t('models.col.status')}</th>
                  <th>{t('models.col.auc')}</th>
                  <th>{t('models.col.gini')}</th>
                  <th>{t('models.col.ks')}</th>
                  <th>{t('models.col.at', { t: '0,20' })}</th>
                  <th>{t('models.col.at', { t: '0,50' })}</th>
                  <th>{t('models.col.window')}</th>
                  <th>{t('models.col.created')}</th>
                  {canManage ? <th /> : null}
                </tr>
              </thead>
              <tbody>
                {models.map((m) => {
                  const v = m.card.metrics?.validation;
                  const o = m.card.metrics?.outOfTime;
                  const split = o ?? v;
                  const r20 = atThreshold(split, 0.2);
                  const r50 = atThreshold(split, 0.5);
                  return (
                    <tr
                      key={m.id}
                      data-model={`${m.name} v${m.version}`}
                      style={m.status === 'CHAMPION' ? { background: '#eef8f3' } : undefined}
                    >
                      <td>
                        <Link href={`/models/${m.id}`}>
                          {m.name} v{m.version}
                        </Link>
                        <br />
                        <small style={{ color: 'var(--muted)' }}>{m.sourceFormat}</small>
                      </td>
                      <td>
                        <StatusBadge status={m.status} label={t(`models.status.${m.status}`)} />
                      </td>
                      <td title={t('models.col.validOot')}>
                        {num(v?.auc)} / {num(o?.auc)}
                      </td>
                      <td>
                        {num(v?.gini)} / {num(o?.gini)}
                      </td>
                      <td>
                        {num(v?.ks)} / {num(o?.ks)}
                      </td>
                      <td>
                        {pct(r20?.recall)} / {pct(r20?.precision)}
                      </td>
                      <td>
                        {pct(r50?.recall)} / {pct(r50?.precision)}
                      </td>
                      <td>{windowText(m.card.training?.trainWindow)}</td>
                      <td>
                        {m.createdBy?.name ?? t('models.createdBySystem')}
                        <br />
                        <small>{formatDateTime(m.createdAt, locale)}</small>
                      </td>
                      {canManage ? (
                        <td>
                          <ModelActions
                            id={m.id}
                            status={m.status}
                            labels={{
                              ...actionLabels,
                              confirmPromote: t('models.action.confirmPromote', {
                                model: `${m.name} v${m.version}`,
                                current: champion ? `${champion.name} v${champion.version}` : '—',
                              }),
                            }}
                          />
                        </td>
                      ) : null}
                    </tr>
                  );
                })}
              </tbody>
            </table>
            <p style={{ fontSize: '0.85rem', color: 'var(--muted)' }}>{t('models.list.legend')}</p>
          </section>
          {models.length >= 2 ? (
            <section className="card" style={{ marginTop: '1rem' }}>
              <h2 style={{ marginTop: 0 }}>{t('models.compare.title')}</h2>
              <form action="/models/compare" method="get" className="inline-form">
                <div className="field">
                  <label htmlFor="compare-a">{t('models.compare.a')}</label>
                  <select id="compare-a" name="a" defaultValue={champion?.id ?? models[0]!.id}>
                    {models.map((m) => (
                      <option key={m.id} value={m.id}>
                        {m.name} v{m.version}
                      </option>
                    ))}
                  </select>
                </div>
                <div className="field">
                  <label htmlFor="compare-b">{t('models.compare.b')}</label>
                  <select
                    id="compare-b"
                    name="b"
                    defaultValue={models.find((m) => m.id !== (champion?.id ?? models[0]!.id))?.id}
                  >
                    {models.map((m) => (
                      <option key={m.id} value={m.id}>
                        {m.name} v{m.version}
                      </option>
                    ))}
                  </select>
                </div>
                <button className="btn secondary" type="submit">
                  {t('models.compare.submit')}
                </button>
              </form>
            </section>
          ) : null}
        </>
      )}
      {canManage ? (
        <section className="card" style={{ marginTop: '1rem' }}>
          <h2 style={{ marginTop: 0 }}>{t('models.upload.title')}</h2>
          <UploadModelForm
            labels={{
              title: t('models.upload.title'),
              file: t('models.upload.file'),
              name: t('models.upload.name'),
              nameHint: t('models.upload.nameHint'),
              positional: t('models.upload.positional'),
              submit: t('models.upload.submit'),
              submitting: t('models.upload.submitting'),
              chooseFile: t('models.upload.chooseFile'),
              ok: t('models.upload.ok'),
              failed: t('models.upload.failed'),
            }}
          />
        </section>
      ) : null}
      {canManage ? (
        <div style={{ marginTop: '1rem' }}>
          <TrainingPanel locale={locale} defaults={await getTrainingDefaults()} />
        </div>
      ) : null}
    </>
  );
}
