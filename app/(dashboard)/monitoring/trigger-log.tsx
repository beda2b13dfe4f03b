'use client';
// The trigger log: every firing, newest first, with its acknowledgement (a note and the acknowledge action).
import { useActionState } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import type { Locale } from '@/lib/i18n/locales';
import { formatDateTime } from '@/lib/format';
import { acknowledgeFiring } from '@/lib/actions/acknowledge-firing';
import { launchRetraining } from '@/lib/actions/launch-retraining';
import { initialActionState } from '@/lib/actions/action-state';
import { FormStatus } from '@/components/ui/form-status';
import { num3 } from '@/components/charts/format';
import type { FiringItem } from '@/components/charts/monitoring-api';

export function TriggerLog({
  firings,
  loading,
  canManage,
}: {
  firings: FiringItem[];
  loading: boolean;
  canManage: boolean;
}) {
  const t = useTranslations('monitoringPage');
  return (
    <section className="card section" data-testid="trigger-log">
      <h2>{t('triggers.title')}</h2>
      {loading ? (
        <div className="skeleton" aria-hidden="true" style={{ height: 120 }} />
      ) : !firings.length ? (
        <p className="muted" data-testid="trigger-log-empty">
          {t('triggers.empty')}
        </p>
      ) : (
        <div style={{ overflowX: 'auto' }}>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('triggers.firedAt')}</th>
                <th scope="col">{t('triggers.name')}</th>
                <th scope="col">{t('col.period')}</th>
                <th scope="col">{t('triggers.value')}</th>
                <th scope="col">{t('triggers.threshold')}</th>
                <th scope="col">{t('triggers.ack')}</th>
                <th scope="col">{t('triggers.retraining')}</th>
              </tr>
            </thead>
            <tbody>
              {firings.map((f) => (
                <FiringRow key={String(f.id)} f={f} canManage={canManage} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function FiringRow({ f, canManage }: { f: FiringItem; canManage: boolean }) {
  const t = useTranslations('monitoringPage');
  const locale = useLocale() as Locale;
  const [state, act, pending] = useActionState(acknowledgeFiring, initialActionState);
  return (
    <tr data-testid="trigger-row" data-acknowledged={f.acknowledgedAt ? 'true' : 'false'}>
      <td>{formatDateTime(f.firedAt, locale)}</td>
      <td>
        {f.name ?? f.metric}
        {f.subject ? ` · ${f.subject}` : ''}
      </td>
      <td>{f.period}</td>
      <td>{num3(f.value, locale)}</td>
      <td>{num3(f.threshold, locale)}</td>
      <td>
        {f.acknowledgedAt ? (
          <span className="small">
            {t('triggers.acked', {
              by: f.acknowledgedBy ?? '—',
              at: formatDateTime(f.acknowledgedAt, locale),
            })}
            {f.ackNote ? ` · ${f.ackNote}` : ''}
          </span>
        ) : canManage ? (
          <form action={act} style={{ display: 'flex', gap: '0.25rem' }}>
            <input type="hidden" name="id" value={String(f.id)} />
            <input
              name="note"
              aria-label={t('triggers.note')}
              placeholder={t('triggers.note')}
              maxLength={500}
            />
            <button type="submit" className="btn" disabled={pending} data-testid="trigger-ack">
              {t('triggers.acknowledge')}
            </button>
            <FormStatus state={state} pending={pending} />
          </form>
        ) : (
          <span className="badge warn">{t('triggers.open')}</span>
        )}
      </td>
      <td>
        <Retraining f={f} canManage={canManage} />
      </td>
    </tr>
  );
}

/** A firing's retraining request: its status, and for an open one the button that starts the in-app trainer. */
function Retraining({ f, canManage }: { f: FiringItem; canManage: boolean }) {
  const t = useTranslations('monitoringPage');
  const [state, act, pending] = useActionState(launchRetraining, initialActionState);
  if (!f.retrainingRequestId || !f.retrainingStatus) return null;
  if (f.retrainingStatus !== 'OPEN' || !canManage || state.ok) {
    return (
      <span className="small" data-testid="retraining-status">
        {state.ok ? t('triggers.status.TRAINING') : t(`triggers.status.${f.retrainingStatus}`)}
        {state.ok ? <FormStatus state={state} pending={false} /> : null}
      </span>
    );
  }
  return (
    <form action={act}>
      <input type="hidden" name="requestId" value={f.retrainingRequestId} />
      <button type="submit" className="btn" disabled={pending} data-testid="retraining-launch">
        {t('triggers.launch')}
      </button>
      <FormStatus state={state} pending={pending} />
    </form>
  );
}
