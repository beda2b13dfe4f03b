// Monitoramento (data scientists): drift, calibration, estimated vs realized performance and the trigger
// log, polled from /api/v1/monitoring/*, challenger vs champion for the registered CANDIDATE/CHALLENGER
// models; the "Recalcular" button queues an on-demand monitoring run.
import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { requirePage } from '@/lib/auth/session';
import { roleCan } from '@/lib/auth/roles';
import { ClientIntl } from '@/components/i18n/client-intl';
import { getMonitoringFirstPaint, listChallengerOptions } from '@/lib/monitoring/read';
import { MonitoringView } from './monitoring-view';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('page');
  return { title: t('monitoring.title') };
}

export default async function Page() {
  const me = await requirePage('monitoring:view');
  // The first paint carries the figures the widgets then poll for, so the page never opens on skeletons.
  const [t, tm, challengers, initial] = await Promise.all([
    getTranslations('page'),
    getTranslations('monitoringPage'),
    listChallengerOptions(),
    getMonitoringFirstPaint(),
  ]);
  return (
    <>
      <h1>{t('monitoring.title')}</h1>
      <p className="muted">{tm('intro')}</p>
      <ClientIntl namespaces={['monitoringPage', 'executive', 'actions']}>
        <MonitoringView
          canManage={roleCan(me.role, 'monitoring:manage')}
          challengers={challengers}
          initial={initial}
        />
      </ClientIntl>
    </>
  );
}
