'use client';
// The monitoring run's status line and the "Recalcular" button (queues an on-demand run).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useLocale, useTranslations } from 'next-intl';
import type { Locale } from '@/lib/i18n/locales';
import { formatDateTime } from '@/lib/format';
import { POLL_MS, getJson } from '@/components/charts/monitoring-api';

interface RunRow {
  id: string;
  status: string;
  createdAt: string;
  finishedAt: string | null;
  message: string | null;
}

export function RunStatus({ canManage }: { canManage: boolean }) {
  const t = useTranslations('monitoringPage');
  const locale = useLocale() as Locale;
  const qc = useQueryClient();
  const runs = useQuery({
    queryKey: ['monitoring-runs'],
    queryFn: () => getJson<{ runs?: RunRow[] }>('/api/v1/monitoring/runs'),
    refetchInterval: (q) =>
      q.state.data?.runs?.some((r) => r.status === 'QUEUED' || r.status === 'RUNNING') ? 3000 : POLL_MS,
  });
  const start = useMutation({
    mutationFn: async () => {
      const r = await fetch('/api/v1/monitoring/runs', { method: 'POST' });
      if (!r.ok) throw new Error(String(r.status));
    },
    onSettled: () => void qc.invalidateQueries({ queryKey: ['monitoring-runs'] }),
  });
  const lastRun = runs.data?.runs?.[0];
  return (
    <section className="card section" data-testid="monitoring-run">
      <div style={{ display: 'flex', gap: '1rem', alignItems: 'center', flexWrap: 'wrap' }}>
        {canManage ? (
          <button
            type="button"
            className="btn primary"
            data-testid="monitoring-recompute"
            disabled={start.isPending || lastRun?.status === 'QUEUED' || lastRun?.status === 'RUNNING'}
            onClick={() => start.mutate()}
          >
            {t('recompute')}
          </button>
        ) : null}
        <span role="status" aria-live="polite" data-testid="monitoring-run-status">
          {start.isError
            ? t('runFailed')
            : lastRun
              ? t('lastRun', {
                  status: t(`status.${lastRun.status as 'QUEUED'}`),
                  at: formatDateTime(lastRun.finishedAt ?? lastRun.createdAt, locale),
                })
              : t('noRun')}
        </span>
      </div>
    </section>
  );
}
