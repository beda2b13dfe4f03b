// Alert detail for the consultative call: headline (probability, band, exposure, holdout), workflow (claim and
// steps, alerts core's AlertWorkflow), reason codes in plain words, last 6 months charts, the script and the
// savings simulator. Permission and uuid are checked in layout.tsx; unknown alert -> 404.
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { requirePage } from '@/lib/auth/session';
import { getAlert } from '@/lib/data/alerts';
import { getAlertInsights } from '@/lib/data/alert-detail';
import { getSetting } from '@/lib/settings/store';
import { simulatorRatesSetting } from '@/lib/settings/simulator';
import { formatMoney, formatNumber } from '@/lib/format';
import type { Locale } from '@/lib/i18n/locales';
import { ClientIntl } from '@/components/i18n/client-intl';
import { SavingsSimulator } from '@/components/alerts/savings-simulator';
import { StatementCharts } from '@/components/alerts/statement-charts';
import { AlertWorkflow } from './alert-workflow';

export const dynamic = 'force-dynamic';

export default async function AlertDetailPage({ params }: { params: Promise<{ id: string }> }) {
  const me = await requirePage('alerts:view');
  const { id } = await params;
  const locale = (await getLocale()) as Locale;
  const [alert, insights, rates, t] = await Promise.all([
    getAlert(id, me),
    getAlertInsights(id, me, locale),
    getSetting(simulatorRatesSetting),
    getTranslations('alertDetail'),
  ]);
  if (!alert || !insights) notFound();
  const balance = alert.exposure ?? insights.balance ?? 0;
  const bandClass =
    alert.band === 'CRITICAL'
      ? 'badge badge-danger'
      : alert.band === 'MODERATE'
        ? 'badge badge-warning'
        : 'badge';

  return (
    <div>
      <p>
        <Link href="/alerts">{t('backToQueue')}</Link>
      </p>
      <h1 data-testid="alert-headline">
        {t('headline', { proba: formatNumber(alert.yProba, locale, 2) })}{' '}
        <span className={bandClass} data-testid="alert-band">
          {t(`band.${alert.band}`)}
        </span>
      </h1>
      <p data-testid="alert-exposure">{t('exposure', { amount: formatMoney(alert.exposure, locale) })}</p>
      {insights.holdout ? (
        <p className="muted" data-testid="alert-holdout">
          {t('holdout')}
        </p>
      ) : null}

      <ClientIntl namespaces={['alerts', 'alertDetail', 'simulator', 'actions', 'forms']}>
        <section className="card section">
          <AlertWorkflow alert={alert} />
        </section>

        <section className="card section" data-testid="alert-reasons">
          <h2>{t('reasonsTitle')}</h2>
          {insights.reasons.length ? (
            <ul>
              {insights.reasons.map((r) => (
                <li key={r.feature} data-testid="alert-reason">
                  {r.text}
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">{t('noReasons')}</p>
          )}
        </section>

        <section className="card section" data-testid="alert-charts">
          <h2>{t('chartsTitle')}</h2>
          {insights.months.length ? (
            <StatementCharts months={insights.months} />
          ) : (
            <p className="muted">{t('noStatements')}</p>
          )}
        </section>

        <section className="card section" data-testid="alert-script">
          <h2>{t('scriptTitle')}</h2>
          <ol>
            <li>{t('script1')}</li>
            <li>{t('script2')}</li>
            <li>{t('script3')}</li>
            <li>{t('script4')}</li>
          </ol>
          <Link href="/playbook">{t('playbookLink')}</Link>
        </section>

        <SavingsSimulator balance={balance} rates={rates} />
      </ClientIntl>
    </div>
  );
}
