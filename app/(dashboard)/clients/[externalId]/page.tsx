import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { requirePage } from '@/lib/auth/session';
import { getClientDetail } from '@/lib/data/clients';
import { getT } from '@/lib/i18n/server';
import { formatDate, formatMoney, formatNumber } from '@/lib/format';
import { featureDefinitions } from '@/lib/features/fs-v1';

export const metadata: Metadata = { title: 'Cliente' };

export default async function ClientPage({ params }: { params: Promise<{ externalId: string }> }) {
  await requirePage('clients:view');
  const { externalId } = await params;
  const [{ t, locale }, d] = await Promise.all([getT(), getClientDetail(decodeURIComponent(externalId))]);
  if (!d) notFound();
  const c = d.client;
  const yes = (b: boolean) => (b ? t('common.yes') : t('common.no'));
  return (
    <>
      <p>
        <Link href="/clients">← {t('clients.back')}</Link>
      </p>
      <h1>
        {c.externalId}{' '}
        {c.name ? <span style={{ fontWeight: 400, color: 'var(--muted)' }}>· {c.name}</span> : null}
      </h1>
      <section className="card grid2">
        <div>
          <p>
            <strong>{t('clients.col.segment')}:</strong> {c.segment} / {c.region}
          </p>
          <p>
            <strong>{t('clients.since')}:</strong> {formatDate(c.relationshipStart, locale)}
          </p>
          <p>
            <strong>{t('clients.col.contact')}:</strong> {c.email ?? '—'} · {c.phone ?? '—'}
          </p>
          {!d.canSeePersonalData ? <p className="badge">{t('clients.masked')}</p> : null}
        </div>
        <div>
          <strong>{t('clients.consents')}:</strong>
          <ul>
            <li>App: {yes(c.consentApp)}</li>
            <li>E-mail: {yes(c.consentEmail)}</li>
            <li>SMS: {yes(c.consentSms)}</li>
            <li>WhatsApp: {yes(c.consentWhatsapp)}</li>
          </ul>
        </div>
      </section>
      {d.features && d.featuresAsOf ? (
        <section className="card" style={{ marginTop: '1rem' }}>
          <h2 style={{ marginTop: 0 }}>{t('clients.features', { month: d.featuresAsOf })}</h2>
          <table className="table" data-testid="client-features">
            <tbody>
              {featureDefinitions.map((f, i) => (
                <tr key={f.name} title={f.description[locale]}>
                  <td>
                    <code>{f.name}</code>
                  </td>
                  <td>
                    {Number.isFinite(d.features![i])
                      ? formatNumber(d.features![i], locale, f.unit === 'ratio' ? 3 : 1)
                      : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      <section className="card" style={{ marginTop: '1rem' }}>
        <h2 style={{ marginTop: 0 }}>{t('clients.statements')}</h2>
        <table className="table">
          <thead>
            <tr>
              <th>{t('clients.col.month')}</th>
              <th>{t('clients.col.limit')}</th>
              <th>{t('clients.col.balance')}</th>
              <th>{t('clients.col.minimum')}</th>
              <th>{t('clients.col.paid')}</th>
              <th>{t('clients.col.revolving')}</th>
              <th>{t('clients.col.dpd')}</th>
            </tr>
          </thead>
          <tbody>
            {d.statements.map((s) => (
              <tr key={s.referenceMonth}>
                <td>{s.referenceMonth}</td>
                <td>{formatMoney(s.creditLimit, locale)}</td>
                <td>{formatMoney(s.statementBalance, locale)}</td>
                <td>{formatMoney(s.minimumDue, locale)}</td>
                <td>{formatMoney(s.amountPaid, locale)}</td>
                <td>{formatMoney(s.revolvingBalance, locale)}</td>
                <td>{s.monthsPastDue}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="grid2" style={{ marginTop: '1rem' }}>
        <div className="card">
          <h2 style={{ marginTop: 0 }}>{t('clients.bureau')}</h2>
          <table className="table">
            <thead>
              <tr>
                <th>{t('clients.col.date')}</th>
                <th>{t('clients.col.totalDebt')}</th>
                <th>{t('clients.col.overdue')}</th>
                <th>{t('clients.col.institutions')}</th>
              </tr>
            </thead>
            <tbody>
              {d.bureau.map((b) => (
                <tr key={b.referenceDate}>
                  <td>{formatDate(b.referenceDate, locale)}</td>
                  <td>{formatMoney(b.totalDebt, locale)}</td>
                  <td>{formatMoney(b.overdueDebt, locale)}</td>
                  <td>{b.numInstitutions}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="card">
          <h2 style={{ marginTop: 0 }}>{t('clients.outcomes')}</h2>
          <table className="table">
            <thead>
              <tr>
                <th>{t('clients.col.month')}</th>
                <th>{t('clients.col.defaulted')}</th>
              </tr>
            </thead>
            <tbody>
              {d.outcomes.map((o) => (
                <tr key={o.referenceMonth}>
                  <td>{o.referenceMonth}</td>
                  <td>
                    {o.defaulted ? <span className="badge off">{t('common.yes')}</span> : t('common.no')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
