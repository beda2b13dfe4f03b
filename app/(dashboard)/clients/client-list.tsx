// The portfolio table with its search form and pagination (server component, streamed by the page).
import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { getClients } from '@/lib/data/clients';
import { formatMoney, formatMonth, formatNumber, formatPercent, formatPhone } from '@/lib/format';
import { EmptyState } from '@/components/ui/empty-state';
import { TableSkeleton } from '@/components/ui/page-skeleton';
import { regionLabel, segmentLabel } from '@/components/clients/labels';

export async function ClientList({ q, segment, page }: { q?: string; segment?: string; page: number }) {
  const [data, t, tPage, tEmpty, locale] = await Promise.all([
    getClients({ q, segment, page }),
    getTranslations('clients'),
    getTranslations('page'),
    getTranslations('empty'),
    getLocale(),
  ]);
  if (data.total === 0 && !q && !segment) {
    return <EmptyState title={tEmpty('title')}>{tPage('clients.empty')}</EmptyState>;
  }
  const href = (n: number) => {
    const p = new URLSearchParams();
    if (q) p.set('q', q);
    if (segment) p.set('segment', segment);
    p.set('page', String(n));
    return `/clients?${p}`;
  };
  // A segment in the filter that no client has any more still shows, so the form reflects the URL.
  const segments = segment && !data.segments.includes(segment) ? [...data.segments, segment] : data.segments;
  return (
    <section className="card">
      <form className="inline-form" method="get" role="search">
        <div className="field">
          <label htmlFor="q">{data.canSeePersonalData ? t('searchWithName') : t('search')}</label>
          <input id="q" name="q" type="search" defaultValue={q ?? ''} placeholder={t('searchPlaceholder')} />
        </div>
        <div className="field">
          <label htmlFor="segment">{t('segment')}</label>
          <select id="segment" name="segment" defaultValue={segment ?? ''}>
            <option value="">{t('allSegments')}</option>
            {segments.map((s) => (
              <option key={s} value={s}>
                {segmentLabel(t, s)}
              </option>
            ))}
          </select>
        </div>
        <button className="btn" type="submit">
          {t('filter')}
        </button>
        <span className="muted push-end" data-testid="clients-total">
          {t('total', { n: data.total })}
        </span>
      </form>
      {!data.canSeePersonalData ? (
        <p className="badge" style={{ marginTop: '0.75rem' }}>
          {t('masked')}
        </p>
      ) : null}
      {data.rows.length === 0 ? (
        <p className="empty">{t('none')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table" style={{ marginTop: '1rem' }} data-testid="clients-table">
            <thead>
              <tr>
                <th scope="col">{t('col.client')}</th>
                <th scope="col">{t('col.name')}</th>
                <th scope="col">{t('col.contact')}</th>
                <th scope="col">{t('col.segment')}</th>
                <th scope="col">{t('col.lastMonth')}</th>
                <th scope="col" className="num">
                  {t('col.limit')}
                </th>
                <th scope="col" className="num">
                  {t('col.utilization')}
                </th>
                <th scope="col" className="num">
                  {t('col.dpd')}
                </th>
              </tr>
            </thead>
            <tbody>
              {data.rows.map((c) => (
                <tr key={c.externalId} data-client={c.externalId}>
                  <td>
                    <Link href={`/clients/${encodeURIComponent(c.externalId)}`}>{c.externalId}</Link>
                  </td>
                  <td data-testid="client-name">{c.name ?? '—'}</td>
                  <td className="small">
                    <span data-testid="client-email">{c.email ?? '—'}</span>
                    <br />
                    <span data-testid="client-phone" className="nowrap">
                      {c.phone ? formatPhone(c.phone) : null}
                    </span>
                  </td>
                  <td data-testid="client-segment">
                    {segmentLabel(t, c.segment)}
                    {' / '}
                    {regionLabel(t, c.region)}
                  </td>
                  <td>{formatMonth(c.lastMonth, locale)}</td>
                  <td className="num">{formatMoney(c.creditLimit, locale)}</td>
                  <td className="num">{formatPercent(c.utilization, locale)}</td>
                  <td className="num">{formatNumber(c.monthsPastDue, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data.pages > 1 ? (
        <nav className="pager" aria-label={t('pagination')}>
          {data.page > 1 ? (
            <Link href={href(data.page - 1)} rel="prev">
              {t('prev')}
            </Link>
          ) : null}
          <span aria-current="page">{t('page', { page: data.page, pages: data.pages })}</span>
          {data.page < data.pages ? (
            <Link href={href(data.page + 1)} rel="next">
              {t('next')}
            </Link>
          ) : null}
        </nav>
      ) : null}
    </section>
  );
}

/** The list's shape while it loads: the search form's row, then the table. */
export function ClientListSkeleton() {
  return <TableSkeleton rows={10} cols={8} />;
}
