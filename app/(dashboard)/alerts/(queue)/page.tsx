// Fila de alertas: open CRITICAL alerts for the managers, most likely and most exposed first, with filters in
// the URL (?scope=mine&status=NEW&sla=dueSoon...), counts per status and server-side pages. Admins see every
// portfolio and the assignment; a manager's default view is "minha carteira" (their portfolio and the pool is
// one click away). Reads through lib/data/alerts.ts; claiming is the row's button (claim-button.tsx).
import type { Metadata } from 'next';
import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { requirePage } from '@/lib/auth/session';
import { roleCan } from '@/lib/auth/roles';
import { getAlertQueue, getQueueFacets } from '@/lib/data/alerts';
import { alertQueueQuery, type AlertQueueQuery } from '@/lib/validations/alerts';
import { ALERT_STATUSES, OPEN_STATUSES } from '@/lib/alerts/status-flow';
import { SLA_STATES } from '@/lib/alerts/sla';
import { formatMoney, formatMonth, formatPercent } from '@/lib/format';
import type { Locale } from '@/lib/i18n/locales';
import { ClientIntl } from '@/components/i18n/client-intl';
import { EmptyState } from '@/components/ui/empty-state';
import { regionLabel, segmentLabel } from '@/components/clients/labels';
import { SlaBadge, StatusBadge } from '../alert-badges';
import { ClaimButton } from '../claim-button';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('alerts');
  return { title: t('queue.title') };
}

type Search = Promise<Record<string, string | string[] | undefined>>;

function queryOf(sp: Record<string, string | string[] | undefined>): AlertQueueQuery {
  const flat: Record<string, string> = {};
  for (const [k, v] of Object.entries(sp)) {
    const s = Array.isArray(v) ? v[0] : v;
    if (s !== undefined) flat[k] = s;
  }
  // Anything unusable in the URL falls back to the default view, never an error page.
  const r = alertQueueQuery.safeParse(flat);
  return r.success ? r.data : {};
}

export default async function AlertsPage({ searchParams }: { searchParams: Search }) {
  const me = await requirePage('alerts:view');
  const [sp, t, tc, locale] = await Promise.all([
    searchParams,
    getTranslations('alerts'),
    getTranslations('clients'),
    getLocale(),
  ]);
  const q = queryOf(sp);
  const scope = q.scope ?? (me.role === 'MANAGER' ? 'mine' : 'all');
  const filter = { ...q, scope };
  const [page, facets] = await Promise.all([getAlertQueue(filter, me), getQueueFacets(me)]);
  const canWork = roleCan(me.role, 'alerts:work');
  const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
  const href = (over: Record<string, string | undefined>) => {
    const p = new URLSearchParams();
    const merged: Record<string, string | undefined> = {
      scope,
      status: q.status?.join(','),
      assignee: q.assignee,
      segment: q.segment,
      region: q.region,
      sla: q.sla,
      q: q.q,
      ...over,
    };
    for (const [k, v] of Object.entries(merged)) if (v) p.set(k, v);
    return `/alerts?${p}`;
  };
  const L = locale as Locale;

  return (
    <ClientIntl namespaces={['alerts']}>
      <h1>{t('queue.title')}</h1>
      <p className="muted subtitle">{t('queue.lede')}</p>

      <nav aria-label={t('queue.counts')} className="actions-row" data-testid="queue-counts">
        {OPEN_STATUSES.map((s) => (
          <Link
            key={s}
            href={href({ status: s, page: undefined })}
            className="badge"
            data-testid={`queue-count-${s}`}
            aria-current={q.status?.length === 1 && q.status[0] === s ? 'page' : undefined}
          >
            {t(`status.${s}`)}: {page.counts[s]}
          </Link>
        ))}
      </nav>

      <form className="inline-form card section" method="get" role="search" data-testid="queue-filters">
        <div className="field">
          <label htmlFor="f-scope">{t('filters.scope')}</label>
          <select id="f-scope" name="scope" defaultValue={scope}>
            <option value="mine">{t('filters.scopeMine')}</option>
            <option value="all">{t('filters.scopeAll')}</option>
            <option value="pool">{t('filters.scopePool')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-status">{t('filters.status')}</label>
          <select id="f-status" name="status" defaultValue={q.status?.length === 1 ? q.status[0] : ''}>
            <option value="">{t('filters.statusOpen')}</option>
            {ALERT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-assignee">{t('filters.assignee')}</label>
          <select id="f-assignee" name="assignee" defaultValue={q.assignee ?? ''}>
            <option value="">{t('filters.assigneeAny')}</option>
            <option value="me">{t('filters.assigneeMe')}</option>
            <option value="none">{t('filters.assigneeNone')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-segment">{t('filters.segment')}</label>
          <select id="f-segment" name="segment" defaultValue={q.segment ?? ''}>
            <option value="">{t('filters.any')}</option>
            {facets.segments.map((s) => (
              <option key={s} value={s}>
                {segmentLabel(tc, s)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-region">{t('filters.region')}</label>
          <select id="f-region" name="region" defaultValue={q.region ?? ''}>
            <option value="">{t('filters.any')}</option>
            {facets.regions.map((s) => (
              <option key={s} value={s}>
                {regionLabel(tc, s)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-sla">{t('filters.sla')}</label>
          <select id="f-sla" name="sla" defaultValue={q.sla ?? ''}>
            <option value="">{t('filters.any')}</option>
            {SLA_STATES.map((s) => (
              <option key={s} value={s}>
                {t(`sla.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-q">{t('filters.q')}</label>
          <input id="f-q" name="q" type="search" defaultValue={q.q ?? ''} title={t('filters.qHint')} />
        </div>
        <button className="btn" type="submit" data-testid="queue-filter-apply">
          {t('filters.apply')}
        </button>
        <Link className="btn secondary" href="/alerts">
          {t('filters.clear')}
        </Link>
      </form>

      <p className="muted" data-testid="queue-total">
        {t('queue.total', { n: page.total })}
      </p>
      {page.rows.length === 0 ? (
        <EmptyState title={t('queue.empty')}>{t('queue.lede')}</EmptyState>
      ) : (
        <div className="table-wrap card">
          <table className="table" data-testid="queue-table">
            <thead>
              <tr>
                <th scope="col">{t('queue.client')}</th>
                <th scope="col">{t('queue.band')}</th>
                <th scope="col">{t('queue.yProba')}</th>
                <th scope="col">{t('queue.exposure')}</th>
                <th scope="col">{t('queue.creditLimit')}</th>
                <th scope="col">{t('queue.status')}</th>
                <th scope="col">{t('sla.label')}</th>
                <th scope="col">{t('queue.assignee')}</th>
                <th scope="col">{t('queue.portfolio')}</th>
                <th scope="col">
                  <span className="sr-only">{t('queue.open')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {page.rows.map((r) => (
                <tr key={r.id} data-testid="queue-row" data-alert-id={r.id} data-status={r.status}>
                  <td>
                    <Link href={`/alerts/${r.id}`} data-testid="queue-open">
                      {r.client.name ?? r.client.externalId}
                    </Link>
                    <div className="muted small">
                      {r.client.externalId} · {segmentLabel(tc, r.client.segment)} ·{' '}
                      {regionLabel(tc, r.client.region)} · {formatMonth(r.asOfMonth, L)}
                    </div>
                    {r.client.masked ? <span className="sr-only">{t('queue.masked')}</span> : null}
                    {r.client.doNotCall ? <span className="badge off">{t('queue.doNotCall')}</span> : null}
                  </td>
                  <td>
                    <span className={`badge ${r.band === 'CRITICAL' ? 'off' : ''}`}>
                      {t(`band.${r.band}`)}
                    </span>
                  </td>
                  <td className="nowrap">{formatPercent(r.yProba, L)}</td>
                  <td className="nowrap">{formatMoney(r.exposure, L)}</td>
                  <td className="nowrap">{formatMoney(r.creditLimit, L)}</td>
                  <td>
                    <StatusBadge status={r.status} />
                  </td>
                  <td>
                    <SlaBadge state={r.slaState} />
                  </td>
                  <td data-testid="queue-assignee">{r.assignee?.name ?? t('queue.unassigned')}</td>
                  <td>{r.portfolio?.name ?? t('queue.pool')}</td>
                  <td>{canWork && r.status === 'NEW' ? <ClaimButton id={r.id} /> : null}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pages > 1 ? (
        <nav className="pager" aria-label={t('queue.pagination')}>
          {page.page > 1 ? (
            <Link href={href({ page: String(page.page - 1) })}>{t('queue.previous')}</Link>
          ) : null}
          <span>{t('queue.page', { page: page.page, pages })}</span>
          {page.page < pages ? (
            <Link href={href({ page: String(page.page + 1) })} data-testid="queue-next">
              {t('queue.next')}
            </Link>
          ) : null}
        </nav>
      ) : null}
    </ClientIntl>
  );
}
