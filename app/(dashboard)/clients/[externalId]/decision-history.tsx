// The client page's decision history: every decision the ledger holds for the client, newest first, with its
// band, action, channel and the reason codes in business language. Server component, streamed on its own.
import { getLocale, getTranslations } from 'next-intl/server';
import { getClientDecisionHistory } from '@/lib/data/decisions';
import { describeReasons } from '@/lib/decisions/reasons';
import { formatDateTime, formatMonth, formatNumber, formatPercent } from '@/lib/format';
import type { Band } from '@/lib/policy/policy';
import { TableSkeleton } from '@/components/ui/page-skeleton';

const BAND_BADGE: Record<Band, { className: string; style?: React.CSSProperties }> = {
  CRITICAL: { className: 'badge off' },
  MODERATE: { className: 'badge', style: { background: '#fef0c7', color: 'var(--moderate)' } },
  LOW: { className: 'badge on' },
};

export async function DecisionHistory({ externalId }: { externalId: string }) {
  const [r, t, locale] = await Promise.all([
    getClientDecisionHistory(externalId),
    getTranslations('decisions'),
    getLocale(),
  ]);
  if (!r.allowed) return null;
  const decisions = r.history?.decisions ?? [];
  const total = r.history?.total ?? 0;
  return (
    <section className="card section" aria-labelledby="client-decisions-title">
      <h2 className="card-title" id="client-decisions-title">
        {t('history.title')}
      </h2>
      {decisions.length === 0 ? (
        <p className="muted">{t('history.empty')}</p>
      ) : (
        <>
          <div className="table-wrap">
            <table className="table" data-testid="client-decisions">
              <caption className="sr-only">{t('history.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('history.col.decidedAt')}</th>
                  <th scope="col">{t('history.col.asOfMonth')}</th>
                  <th scope="col" className="num">
                    {t('history.col.yProba')}
                  </th>
                  <th scope="col">{t('history.col.band')}</th>
                  <th scope="col">{t('history.col.action')}</th>
                  <th scope="col">{t('history.col.reasons')}</th>
                  <th scope="col">{t('history.col.model')}</th>
                </tr>
              </thead>
              <tbody>
                {decisions.map((d) => {
                  const badge = BAND_BADGE[d.band];
                  const reasons = describeReasons(d.reasonCodes, locale);
                  return (
                    <tr key={d.id} data-decision={d.id}>
                      <td className="nowrap">{formatDateTime(d.decidedAt, locale)}</td>
                      <td>{formatMonth(d.asOfMonth, locale)}</td>
                      <td className="num">{formatPercent(d.yProba, locale, 1)}</td>
                      <td>
                        <span className={badge.className} style={badge.style}>
                          {t(`band.${d.band}`)}
                        </span>
                      </td>
                      <td>
                        {t(`action.${d.action}`)}
                        {d.channel !== 'NONE' && d.channel !== 'PHONE'
                          ? ` · ${t(`channel.${d.channel}`)}`
                          : ''}
                        {d.holdout ? (
                          <>
                            {' '}
                            <span className="badge">{t('history.holdout')}</span>
                          </>
                        ) : null}
                      </td>
                      <td>
                        {reasons.length === 0 ? (
                          <span className="muted">{t('history.noReasons')}</span>
                        ) : (
                          <ul style={{ margin: 0, paddingLeft: '1rem' }} data-testid="decision-reasons">
                            {reasons.map((x) => (
                              <li key={x.feature}>{x.text}</li>
                            ))}
                          </ul>
                        )}
                      </td>
                      <td className="muted">
                        {t(`history.kind.${d.runKind}`)}
                        {' · '}
                        {t('history.modelPolicy', { model: d.modelVersion, policy: d.policyVersion })}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {total > decisions.length ? (
            <p className="muted">
              {t('history.more', {
                shown: formatNumber(decisions.length, locale),
                total: formatNumber(total, locale),
              })}
            </p>
          ) : null}
        </>
      )}
    </section>
  );
}

export function DecisionHistorySkeleton() {
  return <TableSkeleton rows={4} cols={7} className="card section" />;
}
