// Campanhas: the A/B experiments of offer messages with their results (conversion rate with Wilson 95% CI,
// difference vs the first variant with Newcombe 95% CI, uplift vs the holdout on the default rate of matured
// outcomes with Newcombe 95% CI, or why it cannot be computed yet), the create form and start/stop for
// campaigns:manage, and the outbox panel.
import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import { requirePage } from '@/lib/auth/session';
import { roleCan } from '@/lib/auth/roles';
import { formatDateTime, formatMonth, formatNumber, formatPercent, formatPhone } from '@/lib/format';
import type { Locale } from '@/lib/i18n/locales';
import type { Interval } from '@/lib/engagement/stats';
import { ClientIntl } from '@/components/i18n/client-intl';
import { EmptyState } from '@/components/ui/empty-state';
import { getExperiments, getOutbox, type ExperimentView } from './data';
import { CreateExperimentForm, ExperimentToggle } from './campaigns-forms';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('campaigns');
  return { title: t('title') };
}

const STATUSES = [
  'QUEUED',
  'SENT',
  'DELIVERED',
  'READ',
  'FAILED',
  'OPTED_OUT',
  'SKIPPED',
  'EXPIRED',
] as const;
const CHANNELS = ['APP', 'EMAIL', 'SMS', 'WHATSAPP'] as const;
const REASONS = ['no-consent', 'frequency-cap', 'no-address'] as const;

export default async function CampaignsPage() {
  const me = await requirePage('campaigns:view');
  const canManage = roleCan(me.role, 'campaigns:manage');
  const [t, locale, experiments, outbox] = await Promise.all([
    getTranslations('campaigns'),
    getLocale() as Promise<Locale>,
    getExperiments(),
    getOutbox(me.kind === 'user' && roleCan(me.role, 'clients:viewPersonalData')),
  ]);
  const pct = (v: number) => formatPercent(v, locale, 2);
  const interval = (i: Interval | null, points = false) => {
    if (!i) return t('noSends');
    if (points) {
      const pp = (v: number) => formatNumber(v * 100, locale, 2);
      return t('points', {
        value: t('interval', { estimate: pp(i.estimate), low: pp(i.low), high: pp(i.high) }),
      });
    }
    return t('interval', { estimate: pct(i.estimate), low: pct(i.low), high: pct(i.high) });
  };
  const count = (channel: string, status: string) =>
    outbox.counts.find((c) => c.channel === channel && c.status === status)?.n ?? 0;
  const reasonLabel = (r: string | null) =>
    r && (REASONS as readonly string[]).includes(r)
      ? t(`reason.${r as (typeof REASONS)[number]}`)
      : t('reason.other');

  const holdoutLine = (e: ExperimentView) => {
    const h = e.holdout;
    const first = h.months[0];
    const last = h.months[h.months.length - 1];
    if (!first || !last) return t('holdout.noSends');
    const months =
      first === last
        ? formatMonth(first, locale)
        : t('holdout.monthRange', { from: formatMonth(first, locale), to: formatMonth(last, locale) });
    if (h.decisions === 0) return t('holdout.none', { months });
    if (h.matured === 0 || !h.defaultRate) {
      return t('holdout.notMatured', {
        n: formatNumber(h.decisions, locale),
        months,
        window: h.windowMonths ?? 3,
        first: formatMonth(h.firstOutcomeMonth, locale),
      });
    }
    return t('holdout.summary', {
      n: formatNumber(h.decisions, locale),
      months,
      matured: formatNumber(h.matured, locale),
      rate: interval(h.defaultRate),
    });
  };
  const upliftCell = (e: ExperimentView, v: ExperimentView['variants'][number]) => {
    if (v.uplift && v.defaultRate && e.holdout.defaultRate) {
      return (
        <>
          {interval(v.uplift, true)}
          <br />
          <small>
            {t('uplift.rates', {
              variant: pct(v.defaultRate.estimate),
              matured: formatNumber(v.matured, locale),
              holdout: pct(e.holdout.defaultRate.estimate),
            })}
          </small>
        </>
      );
    }
    const reason = v.upliftReason ?? 'noSends';
    return (
      <small>
        {t(`uplift.${reason}`, {
          window: e.holdout.windowMonths ?? 3,
          first: formatMonth(e.holdout.firstOutcomeMonth, locale),
        })}
      </small>
    );
  };

  const experimentCard = (e: ExperimentView) => {
    const control = e.variants[0]?.key ?? '';
    return (
      <section className="card section" key={e.id} data-testid="experiment" data-name={e.name}>
        <div style={{ display: 'flex', gap: '0.75rem', alignItems: 'center', flexWrap: 'wrap' }}>
          <h3 style={{ margin: 0 }}>{e.name}</h3>
          <span
            className={`badge ${e.status === 'RUNNING' ? 'on' : e.status === 'STOPPED' ? 'off' : ''}`}
            data-testid="experiment-status"
            data-status={e.status}
          >
            {t(`status.${e.status}`)}
          </span>
          <span className="badge">
            {t('bandLabel')}: {t(`band.${e.band}`)}
          </span>
          <span className="badge">
            {t('segmentLabel')}: {e.segment ?? t('allSegments')}
          </span>
          <small>
            {e.startedAt ? t('startedAt', { at: formatDateTime(e.startedAt, locale) }) : t('notStarted')}
            {e.stoppedAt ? ` · ${t('stoppedAt', { at: formatDateTime(e.stoppedAt, locale) })}` : null}
          </small>
          {canManage && e.status !== 'STOPPED' ? (
            <ExperimentToggle id={e.id} running={e.status === 'RUNNING'} />
          ) : null}
        </div>
        <div style={{ overflowX: 'auto' }}>
          <table className="table" data-testid="experiment-results">
            <thead>
              <tr>
                <th>{t('col.variant')}</th>
                <th>{t('col.template')}</th>
                <th className="num">{t('col.weight')}</th>
                <th className="num">{t('col.sends')}</th>
                <th className="num">{t('col.deliveries')}</th>
                <th className="num">{t('col.conversions')}</th>
                <th className="num">{t('col.rate')}</th>
                <th className="num">{t('col.difference', { control })}</th>
                <th>{t('col.uplift')}</th>
              </tr>
            </thead>
            <tbody>
              {e.variants.map((v, i) => (
                <tr key={v.key} data-testid="variant-row" data-key={v.key}>
                  <td>
                    <strong>{v.key}</strong>
                  </td>
                  <td style={{ maxWidth: 360 }}>{e.templates[v.key]}</td>
                  <td className="num">{formatNumber(v.weight, locale)}</td>
                  <td className="num" data-testid="variant-sends">
                    {formatNumber(v.sends, locale)}
                  </td>
                  <td className="num">{formatNumber(v.deliveries, locale)}</td>
                  <td className="num">{formatNumber(v.conversions, locale)}</td>
                  <td className="num" data-testid="variant-rate">
                    {interval(v.conversionRate)}
                  </td>
                  <td className="num">{i === 0 ? t('control') : interval(v.differenceVsControl, true)}</td>
                  <td
                    data-testid="variant-uplift"
                    data-state={v.uplift ? 'value' : (v.upliftReason ?? 'noSends')}
                  >
                    {upliftCell(e, v)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p data-testid="experiment-holdout">
          <small>
            {holdoutLine(e)} {t('uplift.hint')}
          </small>
        </p>
      </section>
    );
  };

  return (
    <ClientIntl namespaces={['campaigns', 'forms', 'actions']}>
      <h1>{t('title')}</h1>
      <p>{t('intro')}</p>
      <h2>{t('experiments')}</h2>
      {experiments.length ? experiments.map(experimentCard) : <EmptyState title={t('noExperiments')} />}
      {canManage ? (
        <section className="card section">
          <h2 style={{ marginTop: 0 }}>{t('create.title')}</h2>
          <CreateExperimentForm />
        </section>
      ) : null}

      <section className="card section" data-testid="outbox">
        <h2 style={{ marginTop: 0 }}>{t('outbox.title')}</h2>
        <h3>{t('outbox.byChannel')}</h3>
        <div style={{ overflowX: 'auto' }}>
          <table className="table" data-testid="outbox-counts">
            <thead>
              <tr>
                <th>{t('outbox.channel')}</th>
                {STATUSES.map((s) => (
                  <th key={s} className="num">
                    {t(`offerStatus.${s}`)}
                  </th>
                ))}
                <th className="num">{t('outbox.total')}</th>
              </tr>
            </thead>
            <tbody>
              {CHANNELS.map((c) => (
                <tr key={c} data-channel={c}>
                  <td>{t(`channel.${c}`)}</td>
                  {STATUSES.map((s) => (
                    <td key={s} className="num">
                      {formatNumber(count(c, s), locale)}
                    </td>
                  ))}
                  <td className="num">
                    {formatNumber(
                      STATUSES.reduce((sum, s) => sum + count(c, s), 0),
                      locale,
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <h3>{t('outbox.skipReasons')}</h3>
        {outbox.reasons.length ? (
          <table className="table" data-testid="outbox-reasons">
            <tbody>
              {outbox.reasons.map((r) => (
                <tr key={r.reason ?? 'none'}>
                  <td>{reasonLabel(r.reason)}</td>
                  <td className="num">{formatNumber(r.n, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>{t('outbox.noSkips')}</p>
        )}
        <h3>{t('outbox.recent')}</h3>
        {outbox.recent.length ? (
          <div style={{ overflowX: 'auto' }}>
            <table className="table" data-testid="outbox-recent">
              <thead>
                <tr>
                  <th>{t('outbox.client')}</th>
                  <th>{t('outbox.phone')}</th>
                  <th>{t('outbox.channel')}</th>
                  <th>{t('outbox.status')}</th>
                  <th>{t('outbox.body')}</th>
                  <th>{t('outbox.when')}</th>
                </tr>
              </thead>
              <tbody>
                {outbox.recent.map((o) => (
                  <tr key={o.id}>
                    <td data-testid="outbox-client">{o.name}</td>
                    <td>{o.phone ? formatPhone(o.phone) : null}</td>
                    <td>{t(`channel.${o.channel}`)}</td>
                    <td>
                      {t(`offerStatus.${o.status}`)}
                      {o.status === 'SKIPPED' ? ` · ${reasonLabel(o.reason)}` : null}
                    </td>
                    <td style={{ maxWidth: 360 }}>{o.body}</td>
                    <td>{formatDateTime(o.updatedAt, locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p>{t('outbox.empty')}</p>
        )}
      </section>
    </ClientIntl>
  );
}
