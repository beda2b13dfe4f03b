import type { Metadata } from 'next';
import Link from 'next/link';
import { requirePage } from '@/lib/auth/session';
import { getClients } from '@/lib/data/clients';
import { getT } from '@/lib/i18n/server';
import { formatMoney, formatNumber, formatPercent } from '@/lib/format';
import { EmptyState } from '@/components/ui/empty-state';

export const metadata: Metadata = { title: 'Clientes' };

export default async function ClientsPage({
  searchParams,
}: {
  searchParams: Promise<{ q?: string; segment?: string; page?: string }>;
}) {
  await requirePage('clients:view');
  const sp = await searchParams;
  const [{ t, locale }, data] = await Promise.all([
    getT(),
    getClients({ q: sp.q, segment: sp.segment, page: Number(sp.page) || 1 }),
  ]);
  const href = (page: number) => {
    const p = new URLSearchParams();
    if (sp.q) p.set('q', sp.q);
    if (sp.segment) p.set('segment', sp.segment);
    p.set('page', String(page));
    return `/clients?${p}`;
  };
  if (data.total === 0 && !sp.q && !sp.segment) {
    return (
      <>
        <h1>{t('page.clients.title')}</h1>
        <EmptyState title={t('empty.title')}>{t('page.clients.empty')}</EmptyState>
      </>
    );
  }
  return (
    <>
      <h1>{t('page.clients.title')}</h1>
      <section className="card">
        <form className="inline-form" method="get" role="search">
          <div className="field">
            <label htmlFor="q">
              {data.canSeePersonalData ? t('clients.searchWithName') : t('clients.search')}
            </label>
            <input id="q" name="q" defaultValue={sp.q ?? ''} placeholder="SIM-0000001" />
          </div>
          <div className="field">
            <label htmlFor="segment">{t('clients.segment')}</label>
            <select id="segment" name="segment" defaultValue={sp.segment ?? ''}>
              <option value="">{t('clients.allSegments')}</option>
              {data.segments.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </div>
          <button className="btn" type="submit">
            OK
          </button>
          <span style={{ marginLeft: 'auto', color: 'var(--muted)' }} data-testid="clients-total">
            {t('clients.total', { n: formatNumber(data.total, locale) })}
          </span>
        </form>
        {!data.canSeePersonalData ? (
          <p className="badge" style={{ marginTop: '0.75rem' }}>
            {t('clients.masked')}
          </p>
        ) : null}
        {data.rows.length === 0 ? (
          <p className="empty">{t('clients.none')}</p>
        ) : (
          <table className="table" style={{ marginTop: '1rem' }} data-testid="clients-table">
            <thead>
              <tr>
                <th>{t('clients.col.client')}</th>
                <th>{t('clients.col.name')}</th>
                <th>{t('clients.col.contact')}</th>
                <th>{t('clients.col.segment')}</th>
                <th>{t('clients.col.lastMonth')}</th>
                <th>{t('clients.col.limit')}</th>
                <th>{t('clients.col.utilization')}</th>
                <th>{t('clients.col.dpd')}</th>
              </tr>
            </thead>
            <tbody>
              {data.rows.map((c) => (
                <tr key={c.externalId}>
                  <td>
                    <Link href={`/clients/${encodeURIComponent(c.externalId)}`}>{c.externalId}</Link>
                  </td>
                  <td data-testid="client-name">{c.name ?? '—'}</td>
                  <td style={{ fontSize: '0.85rem' }}>
                    {c.email ?? '—'}
                    <br />
                    {c.phone ?? ''}
                  </td>
                  <td>
                    {c.segment} / {c.region}
                  </td>
                  <td>{c.lastMonth ?? '—'}</td>
                  <td>{formatMoney(c.creditLimit, locale)}</td>
                  <td>{formatPercent(c.utilization, locale)}</td>
                  <td>{c.monthsPastDue ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <nav
          className="inline-form"
          style={{ marginTop: '1rem', justifyContent: 'center' }}
          aria-label="Pagination"
        >
          {data.page > 1 ? <Link href={href(data.page - 1)}>{t('clients.prev')}</Link> : null}
          <span>{t('clients.page', { page: data.page, pages: data.pages })}</span>
          {data.page < data.pages ? <Link href={href(data.page + 1)}>{t('clients.next')}</Link> : null}
        </nav>
      </section>
    </>
  );
}
