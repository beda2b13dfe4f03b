// Carteiras (admins): the managers' portfolios with their rules, client and open-alert counts, the shared
// pool, and the forms to create/edit portfolios, add or remove rules, apply them, and pin a client.
import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { requirePage } from '@/lib/auth/session';
import { listPortfolios } from '@/lib/alerts/portfolios';
import { ClientIntl } from '@/components/i18n/client-intl';
import { EmptyState } from '@/components/ui/empty-state';
import {
  AddRuleForm,
  ApplyRulesForm,
  CreatePortfolioForm,
  DeleteRuleButton,
  EditPortfolioForm,
  PinClientForm,
} from './portfolio-forms';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('alerts');
  return { title: t('portfolios.title') };
}

export default async function PortfoliosPage() {
  await requirePage('portfolios:manage');
  const [data, t] = await Promise.all([listPortfolios(), getTranslations('alerts')]);
  const choices = data.portfolios.map((p) => ({ id: p.id, name: p.name }));
  return (
    <ClientIntl namespaces={['alerts']}>
      <h1>{t('portfolios.title')}</h1>
      <p className="muted subtitle">{t('portfolios.lede')}</p>
      {data.portfolios.length === 0 ? (
        <EmptyState title={t('portfolios.empty')}>{t('portfolios.lede')}</EmptyState>
      ) : (
        <div className="table-wrap card section">
          <table className="table" data-testid="portfolios-table">
            <thead>
              <tr>
                <th scope="col">{t('portfolios.name')}</th>
                <th scope="col">{t('portfolios.manager')}</th>
                <th scope="col">{t('portfolios.clients')}</th>
                <th scope="col">{t('portfolios.openAlerts')}</th>
                <th scope="col">{t('portfolios.rules')}</th>
              </tr>
            </thead>
            <tbody>
              {data.portfolios.map((p) => (
                <tr key={p.id} data-testid="portfolio-row">
                  <td>
                    <EditPortfolioForm portfolio={p} managers={data.managers} />
                  </td>
                  <td>{p.managerName ?? t('portfolios.noManager')}</td>
                  <td>{p.clients}</td>
                  <td>{p.openAlerts}</td>
                  <td>
                    {p.rules.length === 0 ? (
                      <span className="muted">{t('portfolios.noRules')}</span>
                    ) : (
                      <ul>
                        {p.rules.map((r) => (
                          <li key={r.id}>
                            {t('portfolios.region')}: {r.region ?? t('portfolios.anyValue')} ·{' '}
                            {t('portfolios.segment')}: {r.segment ?? t('portfolios.anyValue')} ·{' '}
                            {t('portfolios.priority')}: {r.priority} <DeleteRuleButton id={r.id} />
                          </li>
                        ))}
                      </ul>
                    )}
                    <AddRuleForm portfolioId={p.id} />
                  </td>
                </tr>
              ))}
              <tr>
                <td>{t('portfolios.pool')}</td>
                <td>—</td>
                <td>{data.pool.clients}</td>
                <td>{data.pool.openAlerts}</td>
                <td />
              </tr>
            </tbody>
          </table>
        </div>
      )}
      <section className="card section">
        <h2 className="card-title">{t('portfolios.create')}</h2>
        <CreatePortfolioForm managers={data.managers} />
      </section>
      <section className="card section">
        <h2 className="card-title">{t('portfolios.apply')}</h2>
        <ApplyRulesForm />
      </section>
      <section className="card section">
        <h2 className="card-title">{t('portfolios.pin')}</h2>
        <PinClientForm portfolios={choices} />
      </section>
    </ClientIntl>
  );
}
