// One model version: its card (format, trees, features, provenance), parity check, downloads, importance,
// metrics per split, training settings and reference distributions. Everything comes from one row, so the
// page renders in one pass behind loading.tsx.
import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { requirePage } from '@/lib/auth/session';
import { roleCan } from '@/lib/auth/roles';
import { getChampionName, getModelVersion } from '@/lib/data/models';
import { formatDateTime, formatMonth, formatNumber, formatPercent, formatScientific } from '@/lib/format';
import { StatusBadge } from '@/components/models/status-badge';
import { ImportanceChart } from '@/components/models/importance-chart';
import { sourceFormatKey, windowText } from '@/components/models/metrics';
import { ClientIntl } from '@/components/i18n/client-intl';
import { cardTexts, type CardText } from '@/lib/models/card-text';
import type { SplitMetrics } from '@/lib/models/card';
import { ModelActions } from '../model-actions';

type Params = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const [{ id }, t] = await Promise.all([params, getTranslations('models')]);
  await requirePage('models:view');
  const m = await getModelVersion(id);
  return { title: m ? t('versionName', { name: m.name, version: String(m.version) }) : t('title') };
}

const STAR = '★';
const COUNTS = new Set(['rows', 'positives']);

export default async function ModelPage({ params }: Params) {
  const [me, { id }, t, locale] = await Promise.all([
    requirePage('models:view'),
    params,
    getTranslations('models'),
    getLocale(),
  ]);
  // Unknown and malformed ids alike (getModel answers null for anything that is not a uuid): HTTP 404.
  const [m, champion] = await Promise.all([getModelVersion(id), getChampionName()]);
  if (!m) notFound();
  const canManage = roleCan(me.role, 'models:manage');
  const card = m.card;
  const num = (v: number | undefined, d = 4) => formatNumber(v, locale, d);
  const pct = (v: number | undefined) => formatPercent(v, locale, 1);
  const name = t('versionName', { name: m.name, version: String(m.version) });
  const splits = (['validation', 'outOfTime'] as const).filter((s) => card.metrics?.[s]);
  const thresholds = [
    ...new Set(splits.flatMap((s) => card.metrics![s]!.atThreshold.map((x) => x.threshold))),
  ].sort((a, b) => a - b);
  const trainingParams = Object.entries(card.training?.params ?? {});
  const reference = card.reference ? Object.entries(card.reference.features) : [];
  const top5 = new Set((card.importanceGain ?? []).slice(0, 5).map((g) => g.feature));
  const texts = cardTexts(card, {
    count: (n) => formatNumber(n, locale),
    month: (ym) => formatMonth(ym, locale),
  });
  // Generated sentences are translated; a data scientist's own text is shown as written.
  const show = (x: CardText): ReactNode =>
    'key' in x ? (
      <>
        {t(`card.${x.key}`, x.params)}
        {x.code ? ' ' : null}
        {x.code ? <code>{x.code}</code> : null}
      </>
    ) : (
      x.text
    );
  const formatKey = sourceFormatKey(m.sourceFormat);
  const training = card.training;

  return (
    <ClientIntl namespaces={['models', 'forms', 'actions']}>
      <p style={{ margin: '0 0 0.5rem' }}>
        <Link href="/models">{t('detail.backLink')}</Link>
      </p>
      <h1 style={{ display: 'flex', gap: '0.5rem', alignItems: 'center', flexWrap: 'wrap' }}>
        <span>{name}</span>
        <StatusBadge status={m.status} />
      </h1>
      {canManage ? (
        <section className="card" style={{ marginBottom: '1rem' }}>
          <ModelActions
            id={m.id}
            status={m.status}
            model={name}
            champion={
              champion ? t('versionName', { name: champion.name, version: String(champion.version) }) : null
            }
          />
          {m.status === 'CHAMPION' ? <p style={{ margin: 0 }}>{t('detail.isChampion')}</p> : null}
        </section>
      ) : null}

      <div className="grid2">
        <section className="card" data-testid="model-card">
          <h2 style={{ marginTop: 0 }}>{t('detail.card')}</h2>
          <table className="table">
            <tbody>
              <tr>
                <th>{t('detail.format')}</th>
                <td>
                  {formatKey ? t(formatKey) : m.sourceFormat}
                  {m.sourceFileName ? ' ' : null}
                  {m.sourceFileName ? <code>{m.sourceFileName}</code> : null}
                </td>
              </tr>
              <tr>
                <th>{t('detail.trees')}</th>
                <td data-testid="num-trees">{formatNumber(card.numTrees, locale)}</td>
              </tr>
              <tr>
                <th>{t('detail.featureSet')}</th>
                <td>
                  {t('detail.featureSetLine', { set: m.featureSetVersion ?? '—', n: m.featureNames.length })}
                </td>
              </tr>
              <tr>
                <th>{t('detail.sha256')}</th>
                <td>
                  <code style={{ wordBreak: 'break-all', fontSize: '0.8rem' }}>{m.sha256}</code>
                </td>
              </tr>
              <tr>
                <th>{t('col.created')}</th>
                <td>
                  {t('detail.createdLine', {
                    who: m.createdBy?.name ?? t('createdBySystem'),
                    when: formatDateTime(m.createdAt, locale),
                  })}
                </td>
              </tr>
              <tr>
                <th>{t('detail.promoted')}</th>
                <td>{formatDateTime(m.promotedAt, locale)}</td>
              </tr>
              <tr>
                <th>{t('detail.retired')}</th>
                <td>{formatDateTime(m.retiredAt, locale)}</td>
              </tr>
            </tbody>
          </table>
          {texts.description ? <p data-testid="model-description">{show(texts.description)}</p> : null}
        </section>
        <section className="card">
          <h2 style={{ marginTop: 0 }}>{t('detail.parity')}</h2>
          <p data-testid="parity">
            {t('detail.parityLine', {
              diff: formatScientific(m.parity.maxAbsDiff, locale, 2),
              rows: formatNumber(m.parity.rows, locale),
              tol: formatScientific(m.parity.tolerance, locale, 0),
            })}{' '}
            <span className={`badge ${m.parity.ok ? '' : 'off'}`}>
              {m.parity.ok ? t('detail.parityOk') : t('detail.parityFailed')}
            </span>
          </p>
          <h2>{t('detail.downloads')}</h2>
          <ul>
            <li>
              <a href={`/api/v1/models/${m.id}/download?kind=source`} download>
                {t('detail.dlSource')}
              </a>
            </li>
            <li>
              <a href={`/api/v1/models/${m.id}/download?kind=onnx`} download>
                {t('detail.dlOnnx')}
              </a>
            </li>
            {m.sourceFormat === 'lightgbm-text' || training?.algorithm ? (
              <li>
                <a href={`/api/v1/models/${m.id}/download?kind=lightgbm`} download>
                  {t('detail.dlLightgbm')}
                </a>
              </li>
            ) : null}
          </ul>
          {texts.notes.length ? (
            <>
              <h2>{t('detail.notes')}</h2>
              <ul data-testid="model-notes">
                {texts.notes.map((n, i) => (
                  <li key={i}>{show(n)}</li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      </div>

      <section className="card" style={{ marginTop: '1rem' }}>
        <h2 style={{ marginTop: 0 }}>{t('detail.importance')}</h2>
        {card.importanceGain?.length ? (
          <ImportanceChart data={card.importanceGain} />
        ) : (
          <p style={{ color: 'var(--muted)' }}>{t('detail.noImportance')}</p>
        )}
      </section>

      <section className="card" style={{ marginTop: '1rem' }}>
        <h2 style={{ marginTop: 0 }}>{t('detail.features', { n: m.featureNames.length })}</h2>
        <ol style={{ columns: 2, margin: 0 }} data-testid="feature-list">
          {m.featureNames.map((f) => (
            <li key={f}>
              <code>{f}</code>
              {top5.has(f) ? (
                <span className="badge" style={{ marginLeft: 6 }} title={t('detail.top5')}>
                  {t('detail.driftBadge')}
                </span>
              ) : null}
            </li>
          ))}
        </ol>
      </section>

      <section className="card" style={{ marginTop: '1rem' }}>
        <h2 style={{ marginTop: 0 }}>{t('detail.metrics')}</h2>
        {splits.length ? (
          <table className="table" data-testid="metrics-table">
            <thead>
              <tr>
                <th />
                {splits.map((s) => (
                  <th key={s}>{t(`split.${s}`)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {(['rows', 'positives', 'auc', 'gini', 'ks'] as const).map((k) => (
                <tr key={k}>
                  <th>{t(`metric.${k}`)}</th>
                  {splits.map((s) => {
                    const v = (card.metrics![s] as SplitMetrics)[k];
                    return <td key={s}>{COUNTS.has(k) ? num(v, 0) : num(v)}</td>;
                  })}
                </tr>
              ))}
              {thresholds.map((th) => (
                <tr key={th}>
                  <th>{t('metric.at', { t: formatNumber(th, locale, 2) })}</th>
                  {splits.map((s) => {
                    const x = card.metrics![s]!.atThreshold.find((a) => a.threshold === th);
                    return (
                      <td key={s}>
                        {x
                          ? t('metric.atValue', {
                              recall: pct(x.recall),
                              precision: pct(x.precision),
                              flagged: pct(x.flaggedShare),
                            })
                          : '—'}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p style={{ color: 'var(--muted)' }}>{t('detail.noMetrics')}</p>
        )}
      </section>

      <section className="card" style={{ marginTop: '1rem' }}>
        <h2 style={{ marginTop: 0 }}>{t('detail.training')}</h2>
        {training ? (
          <>
            <table className="table" data-testid="training-table">
              <tbody>
                <tr>
                  <th>{t('detail.algorithm')}</th>
                  <td>{texts.algorithm ? show(texts.algorithm) : '—'}</td>
                </tr>
                <tr>
                  <th>{t('detail.trainWindowLabel')}</th>
                  <td>{windowText(training.trainWindow, locale)}</td>
                </tr>
                <tr>
                  <th>{t('detail.validWindowLabel')}</th>
                  <td>{windowText(training.validWindow, locale)}</td>
                </tr>
                <tr>
                  <th>{t('detail.ootWindowLabel')}</th>
                  <td>{windowText(training.ootWindow, locale)}</td>
                </tr>
                <tr>
                  <th>{t('detail.trainRows')}</th>
                  <td>{formatNumber(training.rows, locale)}</td>
                </tr>
                <tr>
                  <th>{t('detail.bestIteration')}</th>
                  <td>{formatNumber(training.bestIteration, locale)}</td>
                </tr>
                {training.seed !== undefined ? (
                  <tr>
                    <th>{t('detail.seed')}</th>
                    {/* A seed is an identifier, not a quantity: no thousands separator. */}
                    <td>{String(training.seed)}</td>
                  </tr>
                ) : null}
                {texts.reproduce ? (
                  <tr>
                    <th>{t('detail.reproduce')}</th>
                    <td>
                      {'key' in texts.reproduce ? show(texts.reproduce) : <code>{texts.reproduce.text}</code>}
                    </td>
                  </tr>
                ) : null}
              </tbody>
            </table>
            {trainingParams.length ? (
              <details>
                <summary>{t('detail.paramsCount', { n: trainingParams.length })}</summary>
                <table className="table">
                  <tbody>
                    {trainingParams.map(([k, v]) => (
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
          <p style={{ color: 'var(--muted)' }}>{t('detail.noTraining')}</p>
        )}
      </section>

      <section className="card" style={{ marginTop: '1rem' }}>
        <h2 style={{ marginTop: 0 }}>{t('detail.reference')}</h2>
        {reference.length ? (
          <table className="table" data-testid="reference-table">
            <thead>
              <tr>
                <th>{t('detail.feature')}</th>
                <th>{t('metric.rows')}</th>
                <th>{t('detail.missing')}</th>
                <th>{t('detail.range')}</th>
              </tr>
            </thead>
            <tbody>
              {reference.map(([f, d]) => (
                <tr key={f}>
                  <td>
                    <code>{f}</code>
                    {top5.has(f) ? (
                      <span aria-label={t('detail.top5')} style={{ marginLeft: 4 }}>
                        {STAR}
                      </span>
                    ) : null}
                  </td>
                  <td>{num(d.count, 0)}</td>
                  <td>{pct(d.missingShare)}</td>
                  <td>
                    {d.cuts.length
                      ? t('detail.rangeLine', {
                          min: num(d.cuts[0], 2),
                          max: num(d.cuts[d.cuts.length - 1], 2),
                          bins: d.proportions.length,
                        })
                      : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p style={{ color: 'var(--muted)' }}>{t('detail.noReference')}</p>
        )}
      </section>
    </ClientIntl>
  );
}
