import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { requirePage } from '@/lib/auth/session';
import { roleCan } from '@/lib/auth/roles';
import { getModelVersion } from '@/lib/data/models';
import { getT } from '@/lib/i18n/server';
import { formatDateTime, formatNumber, formatPercent } from '@/lib/format';
import { StatusBadge } from '@/components/models/status-badge';
import { ImportanceChart } from '@/components/models/importance-chart';
import { windowText } from '@/components/models/metrics';
import type { SplitMetrics } from '@/lib/models/card';
import { ModelActions } from '../model-actions';
import { modelActionLabels } from '@/components/models/action-labels';

export const metadata: Metadata = { title: 'Modelo' };

export default async function ModelPage({ params }: { params: Promise<{ id: string }> }) {
  const me = await requirePage('models:view');
  const { id } = await params;
  const [{ t, locale }, m] = await Promise.all([getT(), getModelVersion(id)]);
  if (!m) notFound();
  const canManage = roleCan(me.role, 'models:manage');
  const card = m.card;
  const num = (v: number | undefined, d = 4) => formatNumber(v, locale, d);
  const pct = (v: number | undefined) => formatPercent(v, locale, 1);
  const splits = (['validation', 'outOfTime'] as const).filter((s) => card.metrics?.[s]) as (
    'validation' | 'outOfTime'
  )[];
  const thresholds = [
    ...new Set(splits.flatMap((s) => card.metrics![s]!.atThreshold.map((x) => x.threshold))),
  ].sort((a, b) => a - b);
  const params_ = Object.entries(card.training?.params ?? {});
  const reference = card.reference ? Object.entries(card.reference.features) : [];
  const top5 = new Set((card.importanceGain ?? []).slice(0, 5).map((g) => g.feature));
  const maxDiff = m.parity.maxAbsDiff;

  return (
    <>
      <p style={{ margin: '0 0 0.5rem' }}>
        <Link href="/models">← {t('models.detail.back')}</Link>
      </p>
      <h1>
        {m.name} v{m.version} <StatusBadge status={m.status} label={t(`models.status.${m.status}`)} />
      </h1>
      {canManage ? (
        <section className="card" style={{ marginBottom: '1rem' }}>
          <ModelActions
            id={m.id}
            status={m.status}
            labels={{
              ...modelActionLabels(t),
              confirmPromote: t('models.action.confirmPromote', {
                model: `${m.name} v${m.version}`,
                current: '—',
              }),
            }}
          />
          {m.status === 'CHAMPION' ? <p style={{ margin: 0 }}>{t('models.detail.isChampion')}</p> : null}
        </section>
      ) : null}

      <div className="grid2">
        <section className="card" data-testid="model-card">
          <h2 style={{ marginTop: 0 }}>{t('models.detail.card')}</h2>
          <table className="table">
            <tbody>
              <tr>
                <th>{t('models.detail.format')}</th>
                <td>
                  {m.sourceFormat} {m.sourceFileName ? <code>({m.sourceFileName})</code> : null}
                </td>
              </tr>
              <tr>
                <th>{t('models.detail.trees')}</th>
                <td data-testid="num-trees">{card.numTrees ?? '—'}</td>
              </tr>
              <tr>
                <th>{t('models.detail.featureSet')}</th>
                <td>
                  {m.featureSetVersion} · {m.featureNames.length}
                </td>
              </tr>
              <tr>
                <th>SHA-256</th>
                <td>
                  <code style={{ wordBreak: 'break-all', fontSize: '0.8rem' }}>{m.sha256}</code>
                </td>
              </tr>
              <tr>
                <th>{t('models.col.created')}</th>
                <td>
                  {m.createdBy?.name ?? t('models.createdBySystem')} · {formatDateTime(m.createdAt, locale)}
                </td>
              </tr>
              <tr>
                <th>{t('models.detail.promoted')}</th>
                <td>{formatDateTime(m.promotedAt, locale)}</td>
              </tr>
              <tr>
                <th>{t('models.detail.retired')}</th>
                <td>{formatDateTime(m.retiredAt, locale)}</td>
              </tr>
            </tbody>
          </table>
          {card.description ? <p>{card.description}</p> : null}
        </section>
        <section className="card">
          <h2 style={{ marginTop: 0 }}>{t('models.detail.parity')}</h2>
          <p data-testid="parity">
            {t('models.detail.parityLine', {
              diff: Number.isFinite(maxDiff) ? maxDiff.toExponential(2) : String(maxDiff),
              rows: m.parity.rows,
              tol: m.parity.tolerance.toExponential(0),
            })}{' '}
            <span className={`badge ${m.parity.ok ? '' : 'off'}`}>
              {m.parity.ok ? t('models.detail.parityOk') : t('models.detail.parityFailed')}
            </span>
          </p>
          <h2>{t('models.detail.downloads')}</h2>
          <ul>
            <li>
              <a href={`/api/v1/models/${m.id}/download?kind=source`} download>
                {t('models.detail.dlSource')}
              </a>
            </li>
            <li>
              <a href={`/api/v1/models/${m.id}/download?kind=onnx`} download>
                {t('models.detail.dlOnnx')}
              </a>
            </li>
            {m.sourceFormat === 'lightgbm-text' || card.training?.algorithm ? (
              <li>
                <a href={`/api/v1/models/${m.id}/download?kind=lightgbm`} download>
                  {t('models.detail.dlLightgbm')}
                </a>
              </li>
            ) : null}
          </ul>
          {card.notes?.length ? (
            <>
              <h2>{t('models.detail.notes')}</h2>
              <ul>
                {card.notes.map((n) => (
                  <li key={n}>{n}</li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      </div>

      <section className="card" style={{ marginTop: '1rem' }}>
        <h2 style={{ marginTop: 0 }}>{t('models.detail.importance')}</h2>
        {card.importanceGain?.length ? (
          <ImportanceChart
            data={card.importanceGain}
            locale={locale}
            labels={{ share: t('models.detail.share'), top5: t('models.detail.top5') }}
          />
        ) : (
          <p style={{ color: 'var(--muted)' }}>{t('models.detail.noImportance')}</p>
        )}
      </section>

      <section className="card" style={{ marginTop: '1rem' }}>
        <h2 style={{ marginTop: 0 }}>{t('models.detail.features', { n: m.featureNames.length })}</h2>
        <ol style={{ columns: 2, margin: 0 }} data-testid="feature-list">
          {m.featureNames.map((f) => (
            <li key={f}>
              <code>{f}</code>
              {top5.has(f) ? (
                <span className="badge" style={{ marginLeft: 6 }} title={t('models.detail.top5')}>
                  ★ {t('models.detail.drift')}
                </span>
              ) : null}
            </li>
          ))}
        </ol>
      </section>

      <section className="card" style={{ marginTop: '1rem' }}>
        <h2 style={{ marginTop: 0 }}>{t('models.detail.metrics')}</h2>
        {splits.length ? (
          <table className="table" data-testid="metrics-table">
            <thead>
              <tr>
                <th />
                {splits.map((s) => (
                  <th key={s}>{t(`models.split.${s}`)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {(['rows', 'positives', 'auc', 'gini', 'ks'] as const).map((k) => (
                <tr key={k}>
                  <th>{t(`models.metric.${k}`)}</th>
                  {splits.map((s) => {
                    const v = (card.metrics![s] as SplitMetrics)[k];
                    return <td key={s}>{k === 'rows' || k === 'positives' ? num(v, 0) : num(v)}</td>;
                  })}
                </tr>
              ))}
              {thresholds.map((th) => (
                <tr key={th}>
                  <th>{t('models.metric.at', { t: formatNumber(th, locale, 2) })}</th>
                  {splits.map((s) => {
                    const x = card.metrics![s]!.atThreshold.find((a) => a.threshold === th);
                    return (
                      <td key={s}>
                        {x ? `${pct(x.recall)} / ${pct(x.precision)} · ${pct(x.flaggedShare)}` : '—'}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p style={{ color: 'var(--muted)' }}>{t('models.detail.noMetrics')}</p>
        )}
      </section>

      <section className="card" style={{ marginTop: '1rem' }}>
        <h2 style={{ marginTop: 0 }}>{t('models.detail.training')}</h2>
        {card.training ? (
          <>
            <p>
              {card.training.algorithm} · {t('models.detail.trainWindow')}:{' '}
              {windowText(card.training.trainWindow)} · {t('models.detail.validWindow')}:{' '}
              {windowText(card.training.validWindow)} · OOT: {windowText(card.training.ootWindow)}
              {card.training.rows ? ` · ${t('models.metric.rows')}: ${num(card.training.rows, 0)}` : ''}
              {card.training.bestIteration ? ` · best iteration ${card.training.bestIteration}` : ''}
            </p>
            {card.training.reproduce ? (
              <p>
                <code>{card.training.reproduce}</code>
              </p>
            ) : null}
            {params_.length ? (
              <details>
                <summary>
                  {t('models.detail.params')} ({params_.length})
                </summary>
                <table className="table">
                  <tbody>
                    {params_.map(([k, v]) => (
                      <tr key={k}>
                        <th style={{ textTransform: 'none' }}>{k}</th>
                        <td>
                          <code>{typeof v === 'string' ? v : JSON.stringify(v)}</code>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </details>
            ) : null}
          </>
        ) : (
          <p style={{ color: 'var(--muted)' }}>{t('models.detail.noTraining')}</p>
        )}
      </section>

      <section className="card" style={{ marginTop: '1rem' }}>
        <h2 style={{ marginTop: 0 }}>{t('models.detail.reference')}</h2>
        {reference.length ? (
          <table className="table">
            <thead>
              <tr>
                <th>{t('models.detail.feature')}</th>
                <th>{t('models.metric.rows')}</th>
                <th>{t('models.detail.missing')}</th>
                <th>{t('models.detail.range')}</th>
              </tr>
            </thead>
            <tbody>
              {reference.map(([f, d]) => (
                <tr key={f}>
                  <td>
                    <code>{f}</code>
                    {top5.has(f) ? ' ★' : ''}
                  </td>
                  <td>{num(d.count, 0)}</td>
                  <td>{pct(d.missingShare)}</td>
                  <td>
                    {d.cuts.length ? `${num(d.cuts[0], 2)} … ${num(d.cuts[d.cuts.length - 1], 2)}` : '—'} (
                    {d.proportions.length} bins)
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p style={{ color: 'var(--muted)' }}>{t('models.detail.noReference')}</p>
        )}
      </section>
    </>
  );
}
