// The client page's streamed sections: features computed now, and the raw history (statements, bureau,
// outcomes). Server components; each reads on its own so neither waits for the other.
import { getLocale, getTranslations } from 'next-intl/server';
import { getClientFeatures, getClientHistory } from '@/lib/data/clients';
import { featureDefinitions } from '@/lib/features/fs-v1';
import { formatDate, formatFeatureValue, formatMoney, formatMonth, formatNumber } from '@/lib/format';
import { TableSkeleton } from '@/components/ui/page-skeleton';

export async function ClientFeatures({ externalId }: { externalId: string }) {
  const [f, t, locale] = await Promise.all([
    getClientFeatures(externalId),
    getTranslations('clients'),
    getLocale(),
  ]);
  return (
    <section className="card section" aria-labelledby="client-features-title">
      <h2 className="card-title" id="client-features-title">
        {f ? t('features', { month: formatMonth(f.asOfMonth, locale) }) : t('featuresTitle')}
      </h2>
      {f ? (
        <div className="table-wrap">
          <table className="table" data-testid="client-features">
            <thead>
              <tr>
                <th scope="col">{t('col.feature')}</th>
                <th scope="col" className="num">
                  {t('col.value')}
                </th>
              </tr>
            </thead>
            <tbody>
              {featureDefinitions.map((def, i) => {
                const v = f.values[i];
                return (
                  <tr key={def.name} data-feature={def.name}>
                    <th scope="row" className="plain">
                      <code>{def.name}</code>
                      <span className="definition">{def.description[locale]}</span>
                    </th>
                    <td className="num">
                      {v !== undefined && Number.isFinite(v) ? (
                        formatFeatureValue(v, def.unit, locale)
                      ) : (
                        <span className="muted">{t('missing')}</span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">{t('noFeatures')}</p>
      )}
    </section>
  );
}

export async function ClientHistory({ externalId }: { externalId: string }) {
  const [h, t, tCommon, locale] = await Promise.all([
    getClientHistory(externalId),
    getTranslations('clients'),
    getTranslations('common'),
    getLocale(),
  ]);
  return (
    <>
      <section className="card section" aria-labelledby="client-statements-title">
        <h2 className="card-title" id="client-statements-title">
          {t('statements')}
        </h2>
        {h.statements.length === 0 ? (
          <p className="muted">{t('noStatements')}</p>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="client-statements">
              <thead>
                <tr>
                  <th scope="col">{t('col.month')}</th>
                  <th scope="col" className="num">
                    {t('col.limit')}
                  </th>
                  <th scope="col" className="num">
                    {t('col.balance')}
                  </th>
                  <th scope="col" className="num">
                    {t('col.minimum')}
                  </th>
                  <th scope="col" className="num">
                    {t('col.paid')}
                  </th>
                  <th scope="col" className="num">
                    {t('col.revolving')}
                  </th>
                  <th scope="col" className="num">
                    {t('col.dpd')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {h.statements.map((s) => (
                  <tr key={s.referenceMonth}>
                    <td>{formatMonth(s.referenceMonth, locale)}</td>
                    <td className="num">{formatMoney(s.creditLimit, locale)}</td>
                    <td className="num">{formatMoney(s.statementBalance, locale)}</td>
                    <td className="num">{formatMoney(s.minimumDue, locale)}</td>
                    <td className="num">{formatMoney(s.amountPaid, locale)}</td>
                    <td className="num">{formatMoney(s.revolvingBalance, locale)}</td>
                    <td className="num">{formatNumber(s.monthsPastDue, locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <div className="grid2 section">
        <section className="card" aria-labelledby="client-bureau-title">
          <h2 className="card-title" id="client-bureau-title">
            {t('bureau')}
          </h2>
          {h.bureau.length === 0 ? (
            <p className="muted">{t('noBureau')}</p>
          ) : (
            <div className="table-wrap">
              <table className="table" data-testid="client-bureau">
                <thead>
                  <tr>
                    <th scope="col">{t('col.date')}</th>
                    <th scope="col" className="num">
                      {t('col.totalDebt')}
                    </th>
                    <th scope="col" className="num">
                      {t('col.overdue')}
                    </th>
                    <th scope="col" className="num">
                      {t('col.loan')}
                    </th>
                    <th scope="col" className="num">
                      {t('col.institutions')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {h.bureau.map((b) => (
                    <tr key={b.referenceDate}>
                      <td>{formatDate(b.referenceDate, locale)}</td>
                      <td className="num">{formatMoney(b.totalDebt, locale)}</td>
                      <td className="num">{formatMoney(b.overdueDebt, locale)}</td>
                      <td className="num">{formatMoney(b.personalLoanDebt, locale)}</td>
                      <td className="num">{formatNumber(b.numInstitutions, locale)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
        <section className="card" aria-labelledby="client-outcomes-title">
          <h2 className="card-title" id="client-outcomes-title">
            {t('outcomes')}
          </h2>
          {h.outcomes.length === 0 ? (
            <p className="muted">{t('noOutcomes')}</p>
          ) : (
            <table className="table" data-testid="client-outcomes">
              <thead>
                <tr>
                  <th scope="col">{t('col.month')}</th>
                  <th scope="col">{t('col.defaulted')}</th>
                </tr>
              </thead>
              <tbody>
                {h.outcomes.map((o) => (
                  <tr key={o.referenceMonth}>
                    <td>{formatMonth(o.referenceMonth, locale)}</td>
                    <td>
                      {o.defaulted ? <span className="badge off">{tCommon('yes')}</span> : tCommon('no')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>
    </>
  );
}

/** The history's shape while it loads: the statements card, then bureau and outcomes side by side. */
export function ClientHistorySkeleton() {
  return (
    <>
      <TableSkeleton rows={6} cols={7} className="card section" />
      <div className="grid2 section">
        <TableSkeleton rows={4} cols={5} />
        <TableSkeleton rows={4} cols={2} />
      </div>
    </>
  );
}
