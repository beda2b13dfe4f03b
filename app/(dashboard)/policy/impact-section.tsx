// What one pending version would change on the last finished batch run: clients per band now and under the
// version (with the difference), the 3x3 transitions between bands, and the control group's size. A server
// component streamed inside its own Suspense boundary, since it aggregates the run's stored decisions.
import { getLocale, getTranslations } from 'next-intl/server';
import { getPolicyImpact } from '@/lib/data/policy';
import { BANDS } from '@/lib/policy/policy';
import type { PolicyImpact } from '@/lib/policy/impact';
import type { Locale } from '@/lib/i18n/locales';
import { formatDateTime, formatMonth, formatNumber, formatPercent } from '@/lib/format';
import { log } from '@/lib/log';
import { exactPercent, signedCount } from './figures';

export async function PolicyImpactSection({
  version,
  statusLabel,
}: {
  version: number;
  statusLabel: string;
}) {
  const [t, locale] = await Promise.all([getTranslations('policy'), getLocale() as Promise<Locale>]);
  let impact: PolicyImpact | null = null;
  try {
    impact = await getPolicyImpact(version);
  } catch (err) {
    log.error({ err, version }, 'policy impact failed');
  }
  const title = t('impact.title', { version, status: statusLabel });
  const shell = (body: React.ReactNode) => (
    <section className="card" style={{ marginBottom: '1rem' }} data-testid={`policy-impact-${version}`}>
      <h2 style={{ marginTop: 0 }}>{title}</h2>
      {body}
    </section>
  );
  if (!impact) return shell(<p role="alert">{t('impact.failed')}</p>);
  const { run, comparison: c, holdout } = impact;
  if (!run || !c || !holdout) return shell(<p className="muted">{t('impact.noRun')}</p>);

  const n = (v: number) => formatNumber(v, locale);
  const withShare = (v: number) =>
    c.total > 0 ? `${n(v)} (${formatPercent(v / c.total, locale, 1)})` : n(v);
  return shell(
    <>
      <p className="muted">
        {t('impact.run', {
          month: formatMonth(run.asOfMonth, locale),
          policy: run.policyVersion,
          n: c.total,
          clients: n(c.total),
          date: formatDateTime(run.finishedAt, locale),
        })}
      </p>
      <div className="grid2">
        <div className="table-wrap">
          <table className="table" data-testid={`impact-bands-${version}`}>
            <thead>
              <tr>
                <th scope="col">{t('impact.col.band')}</th>
                <th scope="col" className="num">
                  {t('impact.col.now', { version: run.policyVersion })}
                </th>
                <th scope="col" className="num">
                  {t('impact.col.proposed', { version })}
                </th>
                <th scope="col" className="num">
                  {t('impact.col.change')}
                </th>
              </tr>
            </thead>
            <tbody>
              {[...BANDS].reverse().map((band) => (
                <tr key={band} data-band={band}>
                  <th scope="row">{t(`band.${band}`)}</th>
                  <td className="num">{withShare(c.current[band])}</td>
                  <td className="num">{withShare(c.proposed[band])}</td>
                  <td className="num">{signedCount(c.proposed[band] - c.current[band], locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="table-wrap">
          <table className="table" data-testid={`impact-matrix-${version}`}>
            <caption style={{ textAlign: 'left' }}>{t('impact.matrix', { version })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('impact.matrixCorner')}</th>
                {BANDS.map((to) => (
                  <th key={to} scope="col" className="num">
                    {t(`band.${to}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {BANDS.map((from) => (
                <tr key={from} data-from={from}>
                  <th scope="row">{t(`band.${from}`)}</th>
                  {BANDS.map((to) => (
                    <td
                      key={to}
                      className="num"
                      data-to={to}
                      style={from === to ? { background: '#f4f6f8' } : undefined}
                    >
                      {n(c.transitions[from][to])}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      <p style={{ marginBottom: 0 }}>
        {t('impact.holdout', {
          current: n(holdout.current),
          proposed: n(holdout.proposed),
          version,
          share: exactPercent(holdout.proposedShare, locale),
        })}
      </p>
    </>,
  );
}
