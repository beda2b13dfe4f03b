'use client';
// The alert's last 6 months as recharts charts: limit use, payments vs statement and minimum, months past due.
// Placed inside <ClientIntl namespaces={['alertDetail']}>.
import { useLocale, useTranslations } from 'next-intl';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatMoney, formatMonth, formatPercent } from '@/lib/format';
import type { Locale } from '@/lib/i18n/locales';
import type { StatementPoint } from '@/lib/data/alert-detail';

export function StatementCharts({ months }: { months: StatementPoint[] }) {
  const t = useTranslations('alertDetail');
  const locale = useLocale() as Locale;
  const data = months.map((m) => ({ ...m, label: formatMonth(m.month, locale) }));
  const minimumOnly = months.filter((m) => m.minimumOnly).length;
  return (
    <div
      style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(280px, 1fr))', gap: '1rem' }}
    >
      <figure data-testid="chart-limit-use">
        <figcaption>{t('limitUse')}</figcaption>
        <ResponsiveContainer width="100%" height={200}>
          <LineChart data={data}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="label" />
            <YAxis tickFormatter={(v: number) => formatPercent(v, locale, 0)} />
            <Tooltip formatter={(v) => formatPercent(Number(v), locale, 1)} />
            <Line type="monotone" dataKey="limitUse" name={t('limitUse')} stroke="#b45309" />
          </LineChart>
        </ResponsiveContainer>
      </figure>
      <figure data-testid="chart-payments">
        <figcaption>{t('payments')}</figcaption>
        <ResponsiveContainer width="100%" height={200}>
          <BarChart data={data}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="label" />
            <YAxis tickFormatter={(v: number) => formatMoney(v, locale, 0)} width={90} />
            <Tooltip formatter={(v) => formatMoney(Number(v), locale)} />
            <Legend />
            <Bar dataKey="statementBalance" name={t('statement')} fill="#94a3b8" />
            <Bar dataKey="amountPaid" name={t('paid')} fill="#2563eb" />
            <Bar dataKey="minimumDue" name={t('minimum')} fill="#f59e0b" />
          </BarChart>
        </ResponsiveContainer>
        <p className="muted" data-testid="minimum-only">
          {t('minimumOnly', { count: minimumOnly })}
        </p>
      </figure>
      <figure data-testid="chart-delinquency">
        <figcaption>{t('delinquency')}</figcaption>
        <ResponsiveContainer width="100%" height={200}>
          <BarChart data={data}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="label" />
            <YAxis allowDecimals={false} />
            <Tooltip />
            <Bar dataKey="monthsPastDue" name={t('delinquency')} fill="#dc2626" />
          </BarChart>
        </ResponsiveContainer>
      </figure>
    </div>
  );
}
