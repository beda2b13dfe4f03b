// Status and SLA badges of an alert, shared by the queue and the detail page (works in server and client trees).
import { useTranslations } from 'next-intl';
import type { AlertStatus } from '@/lib/alerts/status-flow';
import type { SlaState } from '@/lib/alerts/sla';

const SLA_CLASS: Record<SlaState, string> = { ok: 'on', met: 'on', dueSoon: 'warn', breached: 'off' };

export function StatusBadge({ status }: { status: AlertStatus }) {
  const t = useTranslations('alerts');
  return (
    <span className="badge" data-testid="alert-status" data-status={status}>
      {t(`status.${status}`)}
    </span>
  );
}

export function SlaBadge({ state }: { state: SlaState }) {
  const t = useTranslations('alerts');
  return (
    <span className={`badge ${SLA_CLASS[state]}`} data-testid="alert-sla" data-sla={state}>
      {t(`sla.${state}`)}
    </span>
  );
}
