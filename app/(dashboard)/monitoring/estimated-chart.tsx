'use client';
// Realized AUC per as-of month beside its CBPE estimate (dashed), with the 0.70 floor.
import { useLocale, useTranslations } from 'next-intl';
import type { Locale } from '@/lib/i18n/locales';
import { formatMonth, formatPercent } from '@/lib/format';
import { AucMonthChart } from '@/components/charts/auc-month-chart';
import { ChartCard } from '@/components/charts/chart-card';
import { num3 } from '@/components/charts/format';
import { AUC_FLOOR, type PerfItem } from '@/components/charts/monitoring-api';

export function EstimatedChart({ months, loading }: { months: PerfItem[]; loading: boolean }) {
  const t = useTranslations('monitoringPage');
  const locale = useLocale() as Locale;
  const pct = (v: number | null | undefined) => formatPercent(v, locale);
  return (
    <ChartCard
      title={t('estimated.title')}
      testId="chart-estimated"
      loading={loading}
      empty={!months.length}
      emptyText={t('estimated.empty')}
      filename="estimado-vs-realizado"
      table={{
        header: [t('col.month'), t('col.auc'), t('col.estAuc'), t('col.recall'), t('col.estRecall')],
        rows: months.map((m) => [
          formatMonth(m.period, locale),
          num3(m.auc, locale),
          num3(m.estAuc, locale),
          pct(m.recall),
          pct(m.estRecall),
        ]),
        csv: months.map((m) => [m.period, m.auc, m.estAuc, m.recall, m.estRecall]),
        highlight: months.map((m) => m.auc != null && m.auc < AUC_FLOOR),
      }}
    >
      <AucMonthChart
        data={months.map((m) => ({
          m: formatMonth(m.period, locale),
          auc: m.auc ?? null,
          est: m.estAuc ?? null,
        }))}
        series={[
          { key: 'auc', name: t('col.auc'), stroke: 'var(--brand)' },
          { key: 'est', name: t('col.estAuc'), stroke: '#777', strokeDasharray: '5 4' },
        ]}
      />
    </ChartCard>
  );
}
