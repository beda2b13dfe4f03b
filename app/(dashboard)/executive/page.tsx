// Visão executiva: KPIs from the stored run summaries and indexed counts (lib/data/executive.ts), model health,
// the performance charts (polled from the monitoring routes) and the provision (PDD) estimate.
import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { requirePage } from '@/lib/auth/session';
import { getExecutiveSummary } from '@/lib/data/executive';
import { getMonitoringFirstPaint } from '@/lib/monitoring/read';
import { ClientIntl } from '@/components/i18n/client-intl';
import { ExecutiveDashboard } from './dashboard';
import { ProvisionCard } from './provision-form';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('page');
  return { title: t('executive.title') };
}

export default async function Page() {
  const me = await requirePage('executive:view');
  // The charts' figures come with the first paint too; the dashboard polls from there.
  const [t, summary, monitoring] = await Promise.all([
    getTranslations('page'),
    getExecutiveSummary(me),
    getMonitoringFirstPaint(),
  ]);
  return (
    <>
      <h1>{t('executive.title')}</h1>
      <ClientIntl namespaces={['executive', 'forms', 'actions']}>
        <ExecutiveDashboard initial={summary} monitoring={monitoring} />
        <ProvisionCard provision={summary.provision} />
      </ClientIntl>
    </>
  );
}
